#include "saved_view_factory.h"

#include "cluster_sizes_view.h"
#include "dendrogram_view.h"
#include "kdistance_view.h"
#include "metric_chart_view.h"
#include "presentable_view.h"
#include "profile_heatmap.h"
#include "scatter_view.h"
#include "silhouette_plot.h"

#include <functional>
#include <map>

namespace microseg::ui {
namespace {

using Maker = std::function<QWidget*(QWidget*)>;

const std::map<QString, Maker>& makers() {
    static const std::map<QString, Maker> kMakers = {
        {QStringLiteral("metric"),
         [](QWidget* parent) { return new MetricChartView(QString(), QString(), parent); }},
        {QStringLiteral("sizes"), [](QWidget* parent) { return new ClusterSizesView(parent); }},
        {QStringLiteral("dendrogram"), [](QWidget* parent) { return new DendrogramView(parent); }},
        {QStringLiteral("k-distance"), [](QWidget* parent) { return new KDistanceView(parent); }},
        {QStringLiteral("silhouette"), [](QWidget* parent) { return new SilhouettePlot(parent); }},
        {QStringLiteral("profile"), [](QWidget* parent) { return new ProfileHeatmap(parent); }},
        {QStringLiteral("scatter"), [](QWidget* parent) { return new ScatterView(parent); }},
    };
    return kMakers;
}

} // namespace

SavedViewRequests& SavedViewRequests::instance() {
    static SavedViewRequests requests;
    return requests;
}

QStringList savedViewKinds() {
    QStringList kinds;
    for (const auto& [kind, maker] : makers())
        kinds << kind;
    return kinds;
}

QWidget* createSavedView(const QString& kind, const QJsonObject& settings, QWidget* parent) {
    const auto found = makers().find(kind);
    if (found == makers().end())
        return nullptr;
    QWidget* widget = found->second(parent);
    auto* view = dynamic_cast<PresentableView*>(widget);
    if (!view || !view->applyViewSettings(settings)) {
        delete widget;
        return nullptr;
    }
    return widget;
}

} // namespace microseg::ui
