// The scatter view: zoom keeps the point under the cursor, panning moves by pixels, the spatial
// grid's hover, rectangle and polygon queries equal a brute-force scan, masked categories are
// neither drawn nor selected, and PNG and SVG exports have the asked size and form.

#include "cluster_palette.h"
#include "colour_scale.h"
#include "scatter_overlay.h"
#include "scatter_renderer.h"
#include "scatter_spatial_index.h"
#include "scatter_transform.h"
#include "scatter_view.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>
#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <set>

namespace microseg::ui {
namespace {

struct Cloud {
    std::vector<double> x, y;
};

Cloud randomCloud(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    Cloud cloud;
    for (std::size_t i = 0; i < n; ++i) {
        cloud.x.push_back(normal(rng) * 3.0 + 10.0);
        cloud.y.push_back(normal(rng) * 0.5 - 2.0);
    }
    return cloud;
}

ScatterTransform unitTransform() {
    ScatterTransform t;
    t.setPlotRect(QRectF(100, 50, 400, 200));
    t.setWindow(QRectF(0, 0, 10, 5));
    return t;
}

TEST(ScatterTransform, MapsBothWaysWithYUp) {
    const ScatterTransform t = unitTransform();
    EXPECT_EQ(t.toPixel(0, 0), QPointF(100, 250));
    EXPECT_EQ(t.toPixel(10, 5), QPointF(500, 50));
    const QPointF back = t.toData(QPointF(300, 150));
    EXPECT_DOUBLE_EQ(back.x(), 5.0);
    EXPECT_DOUBLE_EQ(back.y(), 2.5);
}

TEST(ScatterTransform, ZoomKeepsTheAnchorFixed) {
    ScatterTransform t = unitTransform();
    const QPointF cursor(180, 90);
    const QPointF before = t.toData(cursor);
    t.zoomAt(cursor, 2.5);
    const QPointF after = t.toData(cursor);
    EXPECT_NEAR(after.x(), before.x(), 1e-12);
    EXPECT_NEAR(after.y(), before.y(), 1e-12);
    EXPECT_NEAR(t.window().width(), 4.0, 1e-12);
    EXPECT_NEAR(t.window().height(), 2.0, 1e-12);
    t.zoomAt(cursor, 1.0 / 2.5);
    EXPECT_NEAR(t.window().left(), 0.0, 1e-12);
    EXPECT_NEAR(t.window().width(), 10.0, 1e-12);
}

TEST(ScatterTransform, PanMovesContentWithTheMouse) {
    ScatterTransform t = unitTransform();
    const QPointF dataUnderStart = t.toData(QPointF(200, 100));
    t.pan(QPointF(40, -20));
    // The same data point now sits 40 px right and 20 px up.
    const QPointF moved = t.toPixel(dataUnderStart);
    EXPECT_NEAR(moved.x(), 240.0, 1e-9);
    EXPECT_NEAR(moved.y(), 80.0, 1e-9);
}

TEST(ScatterTransform, FitAddsMarginsAndWidensDegenerateExtents) {
    ScatterTransform t;
    t.fit(QRectF(0, 0, 10, 20), 0.1);
    EXPECT_DOUBLE_EQ(t.window().left(), -1.0);
    EXPECT_DOUBLE_EQ(t.window().width(), 12.0);
    EXPECT_DOUBLE_EQ(t.window().top(), -2.0);
    t.fit(QRectF(3, 4, 0, 0), 0.0);
    EXPECT_DOUBLE_EQ(t.window().left(), 2.5);
    EXPECT_DOUBLE_EQ(t.window().width(), 1.0);
}

TEST(ScatterSpatialIndex, QueriesEqualBruteForce) {
    const Cloud cloud = randomCloud(20'000, 3);
    ScatterSpatialIndex index;
    index.build(cloud.x, cloud.y);
    ScatterTransform t;
    t.setPlotRect(QRectF(0, 0, 800, 600));
    t.fit(index.bounds());
    EXPECT_GT(index.columns() * index.rows(), 1000);

    std::mt19937_64 rng(9);
    std::uniform_real_distribution<double> px(0, 800), py(0, 600);
    for (int probe = 0; probe < 200; ++probe) {
        const QPointF pixel(px(rng), py(rng));
        std::optional<std::size_t> expected;
        double best = 6.0 * 6.0;
        for (std::size_t i = 0; i < cloud.x.size(); ++i) {
            const QPointF p = t.toPixel(cloud.x[i], cloud.y[i]);
            const double d = (p.x() - pixel.x()) * (p.x() - pixel.x()) +
                             (p.y() - pixel.y()) * (p.y() - pixel.y());
            if (d < best || (d == best && expected)) {
                best = d;
                expected = i;
            }
        }
        EXPECT_EQ(index.nearest(t, pixel, 6.0), expected) << "probe " << probe;
    }

    const QRectF box(8.0, -2.5, 3.0, 0.8);
    std::vector<std::size_t> inBox;
    for (std::size_t i = 0; i < cloud.x.size(); ++i)
        if (box.left() <= cloud.x[i] && cloud.x[i] <= box.right() && box.top() <= cloud.y[i] &&
            cloud.y[i] <= box.bottom())
            inBox.push_back(i);
    EXPECT_FALSE(inBox.empty());
    EXPECT_EQ(index.inRect(box), inBox);

    const QPolygonF triangle({QPointF(5, -3), QPointF(15, -3), QPointF(10, 0)});
    std::vector<std::size_t> inTriangle;
    for (std::size_t i = 0; i < cloud.x.size(); ++i)
        if (triangle.containsPoint(QPointF(cloud.x[i], cloud.y[i]), Qt::OddEvenFill))
            inTriangle.push_back(i);
    EXPECT_GT(inTriangle.size(), 1000u);
    EXPECT_EQ(index.inPolygon(triangle), inTriangle);
    // A filter drops points from every query.
    const auto even = [](std::size_t i) { return i % 2 == 0; };
    for (std::size_t i : index.inPolygon(triangle, even))
        EXPECT_EQ(i % 2, 0u);
}

TEST(ScatterSpatialIndex, SkipsNonFinitePoints) {
    ScatterSpatialIndex index;
    index.build({0.0, std::nan(""), 1.0, 2.0}, {0.0, 1.0, INFINITY, 2.0});
    EXPECT_EQ(index.bounds(), QRectF(0, 0, 2, 2));
    EXPECT_EQ(index.inRect(QRectF(-10, -10, 20, 20)), (std::vector<std::size_t>{0, 3}));
}

/// A view of a 3 x 3 lattice (x, y in 0..2), laid out at a fixed size.
class LatticeView : public ::testing::Test {
  protected:
    void SetUp() override {
        view.resize(600, 400);
        std::vector<double> x, y;
        for (int i = 0; i < 9; ++i) {
            x.push_back(i % 3);
            y.push_back(i / 3);
        }
        view.setPoints(x, y);
    }
    QPointF pixelOf(std::size_t i) const {
        return view.transform().toPixel(view.xs()[i], view.ys()[i]);
    }
    ScatterView view;
};

TEST_F(LatticeView, RectangleAndLassoSelectInWidgetPixels) {
    // A rectangle around the bottom-left 2 x 2 block: points 0, 1, 3, 4.
    EXPECT_EQ(view.pointsInRect(QRectF(pixelOf(0) - QPointF(5, -5), pixelOf(4) + QPointF(5, -5))),
              (std::vector<std::size_t>{0, 1, 3, 4}));
    // A rectangle drawn the other way round selects the same.
    EXPECT_EQ(view.pointsInRect(QRectF(pixelOf(4) + QPointF(5, -5), pixelOf(0) - QPointF(5, -5))),
              (std::vector<std::size_t>{0, 1, 3, 4}));
    // A lasso triangle around the diagonal-free corner 0, 1, 3.
    const QPolygonF lasso(
        {pixelOf(0) + QPointF(-8, 8), pixelOf(2) + QPointF(-20, 8), pixelOf(6) + QPointF(-8, 20)});
    EXPECT_EQ(view.pointsInLasso(lasso), (std::vector<std::size_t>{0, 1, 3}));
}

TEST_F(LatticeView, DragInRectangleModeSelectsAndSignals) {
    view.setSelectionMode(ScatterView::SelectionMode::Rectangle);
    QSignalSpy changed(&view, &ScatterView::selectionChanged);
    // From just below-left of (0, 1) to just above-right of (2, 2): the top two rows.
    const QPoint from = (pixelOf(3) + QPointF(-6, 6)).toPoint();
    const QPoint to = (pixelOf(8) + QPointF(6, -6)).toPoint();
    QTest::mousePress(&view, Qt::LeftButton, {}, from);
    QTest::mouseMove(&view, to);
    QTest::mouseRelease(&view, Qt::LeftButton, {}, to);
    EXPECT_EQ(view.selection(), (std::vector<std::size_t>{3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(changed.count(), 1);
    // Selected points keep their colour, the others fade.
    EXPECT_LT(qAlpha(view.pointColour(0)), qAlpha(view.pointColour(3)));
}

TEST_F(LatticeView, HoverFindsTheNearestVisiblePoint) {
    EXPECT_EQ(view.pointAt(pixelOf(4) + QPointF(3, -2)), 4);
    EXPECT_EQ(view.pointAt(pixelOf(4) + QPointF(30, 30)), -1);
    view.setCategories({0, 0, 0, 0, 1, 0, 0, 0, 0}, {QStringLiteral("A"), QStringLiteral("B")},
                       QStringLiteral("Group"));
    view.setHiddenCategories({1});
    EXPECT_EQ(view.pointAt(pixelOf(4)), -1);
    EXPECT_EQ(qAlpha(view.pointColour(4)), 0);
    EXPECT_TRUE(view.legend().entries[1].hidden);
    // Masked points are never selected.
    const auto all = view.pointsInRect(QRectF(QPointF(0, 0), QSizeF(view.size())));
    EXPECT_EQ(all.size(), 8u);
    EXPECT_EQ(std::count(all.begin(), all.end(), 4u), 0);
}

TEST_F(LatticeView, ZoomAndResetThroughTheWidget) {
    const QRectF fitted = view.transform().window();
    view.zoomAt(pixelOf(4), 4.0);
    EXPECT_NEAR(view.transform().window().width(), fitted.width() / 4.0, 1e-9);
    EXPECT_NEAR(view.transform().toPixel(1.0, 1.0).x(), pixelOf(4).x(), 1e-9);
    view.resetView();
    EXPECT_EQ(view.transform().window(), fitted);
}

TEST_F(LatticeView, WheelZoomsAroundTheCursorAndKeysResetAndClear) {
    const QRectF fitted = view.transform().window();
    const QPointF cursor = pixelOf(4) + QPointF(10, -6);
    const QPointF under = view.transform().toData(cursor);
    QWheelEvent wheel(cursor, view.mapToGlobal(cursor.toPoint()), QPoint(), QPoint(0, 240),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&view, &wheel);
    EXPECT_NEAR(view.transform().window().width(), fitted.width() / 1.5625, 1e-9); // 1.25^2
    EXPECT_NEAR(view.transform().toData(cursor).x(), under.x(), 1e-9);
    EXPECT_NEAR(view.transform().toData(cursor).y(), under.y(), 1e-9);
    QTest::keyClick(&view, Qt::Key_Home);
    EXPECT_EQ(view.transform().window(), fitted);
    view.setSelection({1, 2});
    QTest::keyClick(&view, Qt::Key_Escape);
    EXPECT_TRUE(view.selection().empty());
}

TEST_F(LatticeView, ClickingALegendEntryMasksItsCategory) {
    view.setCategories({0, 0, 0, 1, 1, 1, 2, 2, -1}, {}, QStringLiteral("Cluster"));
    QSignalSpy masked(&view, &ScatterView::hiddenCategoriesChanged);
    const ScatterLayout layout = layoutScatter(QRectF(QPointF(0, 0), QSizeF(view.size())),
                                               QFontMetricsF(view.font()), view.legend(), false);
    ASSERT_EQ(layout.legendColumns, 1);
    auto entryCentre = [&](int entry) {
        return QPointF(layout.legend.left() + 4,
                       layout.legendRowsTop + layout.legendRowHeight * (entry + 0.5));
    };
    ASSERT_EQ(legendEntryAt(layout, view.legend(), entryCentre(1)), 1);
    QTest::mouseClick(&view, Qt::LeftButton, {}, entryCentre(1).toPoint());
    EXPECT_EQ(view.hiddenCategories(), QSet<int>({1}));
    EXPECT_EQ(masked.count(), 1);
    EXPECT_EQ(qAlpha(view.pointColour(4)), 0);
    // The noise entry is the last one and masks label -1; a second click unmasks.
    QTest::mouseClick(&view, Qt::LeftButton, {}, entryCentre(3).toPoint());
    EXPECT_EQ(view.hiddenCategories(), QSet<int>({1, -1}));
    QTest::mouseClick(&view, Qt::LeftButton, {}, entryCentre(1).toPoint());
    EXPECT_EQ(view.hiddenCategories(), QSet<int>({-1}));
}

TEST_F(LatticeView, CategoryAndContinuousColours) {
    std::vector<std::int32_t> labels = {0, 1, 2, 3, 4, 5, 6, 7, -1};
    view.setCategories(labels, {}, QStringLiteral("Cluster"));
    EXPECT_EQ(view.legend().kind, ScatterLegend::Kind::Categories);
    ASSERT_EQ(view.legend().entries.size(), 9u);
    EXPECT_EQ(view.legend().entries.back().name, QStringLiteral("Noise"));
    EXPECT_EQ(
        qRgb(qRed(view.pointColour(2)), qGreen(view.pointColour(2)), qBlue(view.pointColour(2))),
        clusterColor(2).rgb());
    view.setContinuous({0, 1, 2, 3, 4, 5, 6, 7, std::nan("")}, QStringLiteral("Spend"));
    EXPECT_EQ(view.legend().kind, ScatterLegend::Kind::Continuous);
    EXPECT_DOUBLE_EQ(view.legend().scale.maximum(), 7.0);
    const QRgb low = view.pointColour(0), high = view.pointColour(7), missing = view.pointColour(8);
    EXPECT_EQ(qRgb(qRed(low), qGreen(low), qBlue(low)), viridis(0.0));
    EXPECT_EQ(qRgb(qRed(high), qGreen(high), qBlue(high)), viridis(1.0));
    EXPECT_EQ(qRgb(qRed(missing), qGreen(missing), qBlue(missing)),
              (ColourScale::kMissing & 0xffffffu) | 0xff000000u);
}

TEST(ClusterPalette, FiftyClustersStayDistinguishable) {
    std::set<QRgb> colours;
    for (int k = 0; k < 50; ++k) {
        const QColor c = clusterColor(k);
        for (int j = 0; j < k; ++j) {
            const QColor o = clusterColor(j);
            const double d =
                std::hypot(c.red() - o.red(), c.green() - o.green(), c.blue() - o.blue());
            EXPECT_GT(d, 30.0) << k << " vs " << j;
        }
        colours.insert(c.rgb());
    }
    EXPECT_EQ(colours.size(), 50u);
}

TEST(ScatterOverlay, NiceTicksAreRoundAndInside) {
    EXPECT_EQ(niceTicks(0.0, 10.0, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
    const auto ticks = niceTicks(-0.33, 0.71, 4);
    ASSERT_FALSE(ticks.empty());
    for (double t : ticks) {
        EXPECT_GE(t, -0.33);
        EXPECT_LE(t, 0.71);
    }
    EXPECT_TRUE(niceTicks(1.0, 1.0, 5).empty());
}

TEST(ScatterRenderer, DrawsDiscsOnlyInsideTheClip) {
    QImage image(50, 50, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    ScatterTransform t;
    t.setPlotRect(QRectF(0, 0, 50, 50));
    t.setWindow(QRectF(0, 0, 50, 50));
    const std::vector<double> x = {10, 45}, y = {40, 5};
    const std::vector<QRgb> colours = {0xffff0000, 0xff0000ff};
    paintPointRaster(image, QRect(0, 0, 30, 50), t, {&x, &y, &colours, nullptr}, 3.0);
    EXPECT_EQ(image.pixel(10, 10), 0xffff0000u); // (10, 40) in data is row 10 on screen
    EXPECT_EQ(qAlpha(image.pixel(45, 45)), 0);   // outside the clip
    EXPECT_EQ(qAlpha(image.pixel(20, 10)), 0);   // outside the disc
}

TEST(ScatterView, ExportsPngAtTheAskedSizeAndSvg) {
    QTemporaryDir dir;
    ScatterView view;
    view.resize(500, 350);
    const Cloud cloud = randomCloud(ScatterView::kSvgVectorLimit + 10, 5);
    view.setPoints(cloud.x, cloud.y);
    view.setTitles(QStringLiteral("Cloud"), QStringLiteral("x"), QStringLiteral("y"));
    const QString png = dir.filePath(QStringLiteral("cloud.png"));
    ASSERT_TRUE(view.exportPng(png, QSize(1500, 1200)));
    const QImage image(png);
    EXPECT_EQ(image.size(), QSize(1500, 1200));
    // Points were drawn: the plot holds the cloud's blue.
    int blue = 0;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            blue += qBlue(image.pixel(x, y)) > qRed(image.pixel(x, y)) + 40;
    EXPECT_GT(blue, 100);

    const QString big = dir.filePath(QStringLiteral("big.svg"));
    ASSERT_TRUE(view.exportSvg(big));
    QFile bigFile(big);
    ASSERT_TRUE(bigFile.open(QIODevice::ReadOnly));
    const QByteArray bigSvg = bigFile.readAll();
    EXPECT_TRUE(bigSvg.contains("<image")); // a raster above kSvgVectorLimit points
    EXPECT_TRUE(bigSvg.contains("Cloud"));  // titles stay text

    view.setPoints({0, 1, 2}, {0, 1, 0});
    const QString small = dir.filePath(QStringLiteral("small.svg"));
    ASSERT_TRUE(view.exportSvg(small));
    QFile smallFile(small);
    ASSERT_TRUE(smallFile.open(QIODevice::ReadOnly));
    const QByteArray smallSvg = smallFile.readAll();
    EXPECT_FALSE(smallSvg.contains("<image"));
    EXPECT_GE(smallSvg.count("<circle") + smallSvg.count("<ellipse") + smallSvg.count("<path"), 3);
}

TEST(ScatterView, UpdatePointsKeepsColoursAndRefitsUntilMoved) {
    ScatterView view;
    view.resize(400, 300);
    view.setPoints({0, 1}, {0, 1});
    view.setCategories({0, 1}, {}, QStringLiteral("c"));
    view.updatePoints({0, 10}, {0, 10});
    EXPECT_GT(view.transform().window().width(), 10.0);
    EXPECT_EQ(view.legend().entries.size(), 2u);
    view.panBy(QPointF(10, 0));
    const QRectF moved = view.transform().window();
    view.updatePoints({0, 100}, {0, 100});
    EXPECT_EQ(view.transform().window(), moved);
}

} // namespace
} // namespace microseg::ui
