// Redraw cost of the scatter view at 200,000 points (issue 6: "a redraw under 100 ms"), with
// Google Benchmark: the point raster alone, one QPainter ellipse per point for comparison, a
// whole frame as a person sees it (grid, raster, axes, 10-cluster legend), a pan step, the
// spatial index build, a hover lookup and a lasso.
// Runs offscreen:  build/ui/scatter_redraw_bench [--benchmark_repetitions=5]

#include "cluster_palette.h"
#include "scatter_renderer.h"
#include "scatter_spatial_index.h"
#include "scatter_view.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <benchmark/benchmark.h>
#include <cmath>
#include <random>

using namespace microseg::ui;

namespace {

constexpr std::size_t kPoints = 200'000;
constexpr int kClusters = 10;
const QSize kViewSize(1200, 800);

/// A t-SNE-like picture: kClusters Gaussian blobs of different spreads.
struct Cloud {
    std::vector<double> x, y;
    std::vector<std::int32_t> labels;
};

const Cloud& cloud() {
    static const Cloud c = [] {
        Cloud out;
        std::mt19937_64 rng(42);
        std::normal_distribution<double> normal(0.0, 1.0);
        for (std::size_t i = 0; i < kPoints; ++i) {
            const int k = static_cast<int>(i % kClusters);
            const double cx = 30.0 * std::cos(k * 0.63), cy = 30.0 * std::sin(k * 0.63);
            out.x.push_back(cx + normal(rng) * (2.0 + k));
            out.y.push_back(cy + normal(rng) * (2.0 + k));
            out.labels.push_back(k);
        }
        return out;
    }();
    return c;
}

ScatterView& view() {
    static ScatterView* v = [] {
        auto* created = new ScatterView;
        created->resize(kViewSize);
        created->setPoints(cloud().x, cloud().y);
        created->setCategories(cloud().labels, {}, QStringLiteral("Cluster"));
        created->setTitles(QStringLiteral("t-SNE"), QStringLiteral("t-SNE 1"),
                           QStringLiteral("t-SNE 2"));
        return created;
    }();
    return *v;
}

void BM_PointRaster(benchmark::State& state) {
    const Cloud& c = cloud();
    std::vector<QRgb> colours(kPoints);
    for (std::size_t i = 0; i < kPoints; ++i)
        colours[i] = (clusterColor(c.labels[i]).rgb() & 0x00ffffffu) | 0xaa000000u;
    ScatterSpatialIndex index;
    index.build(c.x, c.y);
    ScatterTransform transform;
    transform.setPlotRect(QRectF(80, 40, 1000, 700));
    transform.fit(index.bounds());
    QImage image(kViewSize, QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        image.fill(Qt::transparent);
        paintPointRaster(image, image.rect(), transform, {&c.x, &c.y, &colours, nullptr},
                         defaultPointRadius(kPoints));
        benchmark::DoNotOptimize(image.constBits());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kPoints));
}
BENCHMARK(BM_PointRaster)->Unit(benchmark::kMillisecond);

/// For comparison: the same points as one anti-aliased QPainter ellipse each, the cost a chart
/// item per point starts from.
void BM_QPainterEllipses(benchmark::State& state) {
    const Cloud& c = cloud();
    ScatterSpatialIndex index;
    index.build(c.x, c.y);
    ScatterTransform transform;
    transform.setPlotRect(QRectF(80, 40, 1000, 700));
    transform.fit(index.bounds());
    QImage image(kViewSize, QImage::Format_ARGB32_Premultiplied);
    const double radius = defaultPointRadius(kPoints);
    for (auto _ : state) {
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        for (std::size_t i = 0; i < kPoints; ++i) {
            painter.setBrush(
                QColor::fromRgba((clusterColor(c.labels[i]).rgb() & 0x00ffffffu) | 0xaa000000u));
            painter.drawEllipse(transform.toPixel(c.x[i], c.y[i]), radius, radius);
        }
        painter.end();
        benchmark::DoNotOptimize(image.constBits());
    }
}
BENCHMARK(BM_QPainterEllipses)->Unit(benchmark::kMillisecond);

void BM_WholeFrame(benchmark::State& state) {
    ScatterView& v = view();
    for (auto _ : state) {
        QImage frame = v.renderImage(kViewSize);
        benchmark::DoNotOptimize(frame.constBits());
    }
}
BENCHMARK(BM_WholeFrame)->Unit(benchmark::kMillisecond);

void BM_PanStep(benchmark::State& state) {
    ScatterView& v = view();
    int step = 0;
    for (auto _ : state) {
        v.panBy(QPointF((step++ % 2) ? 7.0 : -7.0, 3.0));
        QImage frame = v.renderImage(kViewSize);
        benchmark::DoNotOptimize(frame.constBits());
    }
    v.resetView();
}
BENCHMARK(BM_PanStep)->Unit(benchmark::kMillisecond);

void BM_SpatialIndexBuild(benchmark::State& state) {
    for (auto _ : state) {
        ScatterSpatialIndex index;
        index.build(cloud().x, cloud().y);
        benchmark::DoNotOptimize(index.columns());
    }
}
BENCHMARK(BM_SpatialIndexBuild)->Unit(benchmark::kMillisecond);

void BM_HoverLookup(benchmark::State& state) {
    ScatterView& v = view();
    std::mt19937_64 rng(1);
    const QRectF plot = v.transform().plotRect();
    std::uniform_real_distribution<double> px(plot.left(), plot.right()),
        py(plot.top(), plot.bottom());
    for (auto _ : state)
        benchmark::DoNotOptimize(v.pointAt(QPointF(px(rng), py(rng))));
}
BENCHMARK(BM_HoverLookup)->Unit(benchmark::kMicrosecond);

void BM_LassoSelection(benchmark::State& state) {
    ScatterView& v = view();
    const QRectF plot = v.transform().plotRect();
    // A 64-vertex ellipse over the middle of the plot.
    QPolygonF lasso;
    for (int i = 0; i < 64; ++i) {
        const double a = i * 2.0 * M_PI / 64;
        lasso << plot.center() +
                     QPointF(std::cos(a) * plot.width() * 0.3, std::sin(a) * plot.height() * 0.3);
    }
    std::size_t selected = 0;
    for (auto _ : state) {
        const auto members = v.pointsInLasso(lasso);
        selected = members.size();
        benchmark::DoNotOptimize(members.data());
    }
    state.counters["selected"] = static_cast<double>(selected);
}
BENCHMARK(BM_LassoSelection)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
