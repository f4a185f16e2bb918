// Box plots of the cluster profile: Tukey's boxes as numpy.percentile (linear) with 1.5 IQR
// whiskers and outlier counts; 50 clusters stay readable and hit-testable; the page computes the
// boxes of a run from the data it clustered, in the data's own units; super-segments group
// clusters by Ward on their means and colour them by group.

#include "chart_export.h"
#include "cluster_box_plots.h"
#include "cluster_page.h"
#include "cluster_palette.h"
#include "cluster_sizes_view.h"
#include "cluster_views.h"
#include "job.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"
#include "profile_heatmap.h"
#include "super_segments.h"
#include "ui_test_util.h"

#include <QSpinBox>
#include <QTest>
#include <gtest/gtest.h>
#include <cmath>
#include <set>
#include <sstream>

namespace microseg::ui {
namespace {

TEST(TukeyBox, QuartilesWhiskersAndOutliersAsNumpy) {
    // numpy.percentile([1..9, 100], [25, 50, 75]) = 3.25, 5.5, 7.75; fences -3.5 and 14.5.
    std::vector<double> values = {100, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    const BoxStats box = tukeyBox(values);
    EXPECT_EQ(box.count, 10);
    EXPECT_DOUBLE_EQ(box.q1, 3.25);
    EXPECT_DOUBLE_EQ(box.median, 5.5);
    EXPECT_DOUBLE_EQ(box.q3, 7.75);
    EXPECT_DOUBLE_EQ(box.lowWhisker, 1.0);
    EXPECT_DOUBLE_EQ(box.highWhisker, 9.0);
    EXPECT_EQ(box.outliersBelow, 0);
    EXPECT_EQ(box.outliersAbove, 1);
    EXPECT_DOUBLE_EQ(box.max, 100.0);
    std::vector<double> one = {4.0};
    const BoxStats single = tukeyBox(one);
    EXPECT_DOUBLE_EQ(single.q1, 4.0);
    EXPECT_DOUBLE_EQ(single.highWhisker, 4.0);
    std::vector<double> none;
    EXPECT_EQ(tukeyBox(none).count, 0);
}

TEST(ClusterBoxPlots, GroupsByClusterLeavingNoiseOut) {
    core::RowMatrix data(6, 2);
    data << 1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60;
    const std::vector<std::int32_t> labels = {0, 0, 1, 1, -1, 1};
    core::Progress progress;
    auto boxes = clusterBoxPlots(data, {"a", "b"}, labels, progress, {});
    ASSERT_TRUE(boxes.ok());
    ASSERT_EQ(boxes.value().boxes.size(), 2u);
    EXPECT_EQ(boxes.value().sizes, (std::vector<std::int64_t>{2, 3}));
    // boxes[column][cluster]
    EXPECT_DOUBLE_EQ(boxes.value().boxes[0][1].median, 4.0); // {3, 4, 6}
    EXPECT_DOUBLE_EQ(boxes.value().boxes[1][1].q1, 35.0);    // {30, 40, 60}
    EXPECT_DOUBLE_EQ(boxes.value().boxes[1][0].median, 15.0);
    core::CancelToken cancelled;
    cancelled.cancel();
    EXPECT_TRUE(clusterBoxPlots(data, {"a", "b"}, labels, progress, cancelled).isCancelled());
}

ClusterBoxPlots fiftyClusters() {
    ClusterBoxPlots plots;
    plots.columns = {"recency", "frequency", "monetary"};
    for (int c = 0; c < 50; ++c)
        plots.sizes.push_back(100 + c);
    for (std::size_t f = 0; f < plots.columns.size(); ++f) {
        std::vector<BoxStats> boxes;
        for (int c = 0; c < 50; ++c) {
            std::vector<double> values;
            for (int i = 0; i < 40; ++i)
                values.push_back(c * (f + 1.0) + std::sin(i * 1.3) * 3 + (i == 0 ? 500 : 0));
            boxes.push_back(tukeyBox(values));
        }
        plots.boxes.push_back(std::move(boxes));
    }
    return plots;
}

TEST(ClusterBoxPlotsView, FiftyClustersGetASlotEachAndTooltips) {
    ClusterBoxPlotsView view;
    view.resize(1000, 600);
    view.setData(fiftyClusters());
    view.resize(1000, view.minimumSizeHint().height());
    EXPECT_EQ(view.panelColumns(), 2);
    // Three panels in two columns: two rows of readable height.
    EXPECT_GE(view.minimumSizeHint().height(), 2 * ClusterBoxPlotsView::kPanelHeight);
    const QRectF plot = view.plotRect(2);
    const double slot = plot.width() / 50;
    EXPECT_GE(slot, 8.0);
    const auto hit = view.boxAt(QPointF(plot.left() + slot * 37.5, plot.center().y()));
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(*hit, std::make_pair(2, 37));
    const QString tip = view.boxToolTip(2, 37);
    EXPECT_TRUE(tip.contains(QStringLiteral("Cluster 37"))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(QStringLiteral("1 above"))) << tip.toStdString(); // the +500 value
    // Reordered (super-segments): slot 0 shows cluster 49.
    std::vector<int> order(50);
    for (int i = 0; i < 50; ++i)
        order[static_cast<std::size_t>(i)] = 49 - i;
    view.setClusterOrder(order, {});
    EXPECT_EQ(view.boxAt(QPointF(plot.left() + slot * 0.5, plot.center().y()))->second, 49);
    QTemporaryDir dir;
    EXPECT_TRUE(exportWidgetPng(&view, dir.filePath(QStringLiteral("b.png"))));
    EXPECT_TRUE(exportWidgetSvg(&view, dir.filePath(QStringLiteral("b.svg")), QStringLiteral("b")));
}

TEST(SuperSegments, WardOnMeansGroupsNearClustersAndShadesOneHuePerGroup) {
    // Six clusters whose means form two far-apart families of three.
    core::RowMatrix means(6, 2);
    means << 0, 0, 0.1, 0, 0, 0.2, 10, 10, 10.2, 10, 10, 10.1;
    core::Progress progress;
    auto tree = core::agglomerative(means, {}, progress, {});
    ASSERT_TRUE(tree.ok());
    const std::vector<std::int64_t> sizes = {5, 50, 7, 100, 60, 80};
    const SuperSegments segments = superSegments(tree.value(), sizes, 2);
    ASSERT_EQ(segments.count, 2);
    // The family of 10s (240 members) is the larger: S0, its clusters first, largest first.
    EXPECT_EQ(segments.order, (std::vector<int>{3, 5, 4, 1, 2, 0}));
    EXPECT_EQ(segments.segmentOf, (std::vector<int>{1, 1, 1, 0, 0, 0}));
    const std::set<QRgb> distinctColors = [&] {
        std::set<QRgb> out;
        for (const QColor& c : segments.colors)
            out.insert(c.rgb());
        return out;
    }();
    EXPECT_EQ(distinctColors.size(), 6u);
    // Same hue within a group, different hues across groups.
    EXPECT_EQ(segments.colors[3].hslHue(), segments.colors[5].hslHue());
    EXPECT_NE(segments.colors[3].hslHue(), segments.colors[0].hslHue());
    // Fewer than two groups, or as many as clusters: the plain order and palette.
    const SuperSegments none = superSegments(tree.value(), sizes, 0);
    EXPECT_EQ(none.count, 0);
    EXPECT_EQ(none.order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(none.colors[4], clusterColor(4));
}

std::string groupsCsv() {
    std::ostringstream out;
    out << "name,spend,visits\n";
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < 30; ++i)
            out << "c" << g << "_" << i << "," << 100 * g + std::sin(i * 1.7) * 5 << ","
                << 10 - 3 * g + std::cos(i * 2.3) << "\n";
    return out.str();
}

TEST(ClusterBoxPlotsPage, RunBoxesAreInTheDataUnitsAndFollowSuperSegments) {
    QTemporaryDir dir;
    const QString path = test::createWorkspace(dir, QStringLiteral("g"),
                                               {{QStringLiteral("g.csv"), groupsCsv()}});
    ASSERT_FALSE(path.isEmpty());
    auto opened = core::Workspace::open(path.toStdString());
    ASSERT_TRUE(opened.ok());
    std::shared_ptr<core::Workspace> workspace(std::move(opened.value()));
    ClusterPage page;
    page.resize(1100, 760);
    page.setWorkspace(workspace);
    page.show();
    page.kSpin()->setValue(3);
    Job* job = page.startRun();
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(test::waitFor([&] { return !page.isBusy(); }, 15'000));
    ClusterBoxPlotsView* view = page.structurePanel()->boxPlots();
    ASSERT_TRUE(view->hasData());
    const auto runs = core::clusteringRuns(*workspace);
    ASSERT_EQ(runs.size(), 1u);
    auto labels = core::clusteringRunLabels(*workspace, runs[0].id);
    core::Progress progress;
    auto table = core::readWorkspaceMatrix(*workspace, page.currentTable().toStdString(),
                                           {"spend", "visits"}, progress, {});
    ASSERT_TRUE(table.ok());
    auto expected = clusterBoxPlots(table.value().values, table.value().columns, labels.value(),
                                    progress, {});
    ASSERT_TRUE(expected.ok());
    ASSERT_EQ(view->data().boxes.size(), 2u);
    for (std::size_t f = 0; f < 2; ++f)
        for (std::size_t c = 0; c < 3; ++c) {
            EXPECT_DOUBLE_EQ(view->data().boxes[f][c].median, expected.value().boxes[f][c].median);
            EXPECT_DOUBLE_EQ(view->data().boxes[f][c].q3, expected.value().boxes[f][c].q3);
        }
    // Unscaled: the spend medians are near 0, 100 and 200 in some order.
    std::set<long> medians;
    for (std::size_t c = 0; c < 3; ++c)
        medians.insert(std::lround(view->data().boxes[0][c].median / 100.0));
    EXPECT_EQ(medians, (std::set<long>{0, 1, 2}));
    // Two super-segments reorder both the box plots and the heatmap.
    page.structurePanel()->superSegmentSpin()->setValue(2);
    EXPECT_EQ(page.structurePanel()->superSegments().count, 2);
    EXPECT_EQ(view->clusterOrder(), page.structurePanel()->superSegments().order);
    EXPECT_EQ(page.structurePanel()->heatmap()->clusterAtRow(0),
              page.structurePanel()->superSegments().order[0]);
    EXPECT_EQ(page.sizesView()->clusterInSlot(0), page.structurePanel()->superSegments().order[0]);
}

} // namespace
} // namespace microseg::ui
