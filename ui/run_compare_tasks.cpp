#include "run_compare_tasks.h"

#include "cluster_view_tasks.h"
#include "microseg/cluster_metrics.h"
#include "microseg/numeric_csv.h"
#include "microseg/stability.h"
#include "microseg/workspace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <map>

namespace microseg::ui {
namespace {

QJsonObject parseObject(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

std::vector<std::int64_t> clusterSizes(const std::vector<std::int32_t>& labels) {
    std::int32_t maxLabel = -1;
    for (std::int32_t label : labels)
        maxLabel = std::max(maxLabel, label);
    std::vector<std::int64_t> sizes(static_cast<std::size_t>(maxLabel + 1), 0);
    for (std::int32_t label : labels)
        if (label >= 0)
            ++sizes[static_cast<std::size_t>(label)];
    return sizes;
}

/// label -> index in increasing label order.
std::map<std::int32_t, std::size_t> indexLabels(const std::vector<std::int32_t>& labels,
                                                std::vector<std::int32_t>& distinct) {
    std::map<std::int32_t, std::size_t> index;
    for (std::int32_t label : labels)
        index.emplace(label, 0);
    distinct.clear();
    for (auto& [label, position] : index) {
        position = distinct.size();
        distinct.push_back(label);
    }
    return index;
}

} // namespace

core::Result<RunComparison> compareLabels(const std::vector<std::int32_t>& a,
                                          const std::vector<std::int32_t>& b) {
    auto ari = core::adjustedRandIndex(a, b);
    if (!ari.ok())
        return ari.error();
    RunComparison out;
    out.adjustedRand = ari.value();
    const auto rows = indexLabels(a, out.rowLabels);
    const auto columns = indexLabels(b, out.columnLabels);
    out.counts.assign(out.rowLabels.size(), std::vector<std::int64_t>(out.columnLabels.size(), 0));
    for (std::size_t i = 0; i < a.size(); ++i)
        ++out.counts[rows.at(a[i])][columns.at(b[i])];
    out.sizesA = clusterSizes(a);
    out.sizesB = clusterSizes(b);
    return out;
}

core::Result<RunComparison> compareRuns(const std::string& workspacePath,
                                        const core::ClusteringRun& a, const core::ClusteringRun& b,
                                        core::Progress& progress, const core::CancelToken& cancel) {
    if (cancel.isCancelled())
        return core::cancelledError();
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    auto labelsA = core::clusteringRunLabels(*workspace.value(), a.id);
    if (!labelsA.ok())
        return labelsA.error();
    auto labelsB = core::clusteringRunLabels(*workspace.value(), b.id);
    if (!labelsB.ok())
        return labelsB.error();
    progress.report(0.5, "Comparing labels");
    // Same rows (the same table or feature set source) is what matters: the columns may differ.
    if (labelsA.value().size() != labelsB.value().size())
        return core::Error{core::ErrorCode::InvalidArgument,
                           "Runs \"" + a.name + "\" (" + std::to_string(labelsA.value().size()) +
                               " rows) and \"" + b.name + "\" (" +
                               std::to_string(labelsB.value().size()) +
                               " rows) clustered different data, so their clusters cannot be "
                               "matched row by row.",
                           {}, 0, 0, {}};
    auto comparison = compareLabels(labelsA.value(), labelsB.value());
    if (!comparison.ok())
        return comparison.error();
    comparison.value().runA = a.id;
    comparison.value().runB = b.id;
    progress.report(1.0);
    return comparison;
}

bool lacksMetrics(const core::ClusteringRun& run) {
    const QJsonObject metrics = parseObject(run.metricsJson);
    for (const char* key : kRunMetricKeys)
        if (!metrics.value(QLatin1String(key)).isDouble())
            return true;
    return false;
}

core::Result<core::ClusteringRun> computeMissingMetrics(const std::string& workspacePath,
                                                        const core::ClusteringRun& run,
                                                        std::int64_t sampleSize,
                                                        core::Progress& progress,
                                                        const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    core::Progress loading([&progress](double f, const std::string& text) {
        progress.report(0.3 * f, text);
    });
    auto loaded = loadLabelledRunMatrix(*workspace.value(), run, loading, cancel);
    if (!loaded.ok())
        return loaded.error();
    core::NumericTable& table = loaded.value().matrix.table;
    const std::vector<std::int32_t>& labels = loaded.value().labels;
    if (loaded.value().matrix.zscore)
        if (core::Status scaled = core::standardiseColumns(table.values, table.columns); !scaled)
            return scaled.error();
    QJsonObject metrics = parseObject(run.metricsJson);
    core::ClusterMetricOptions options;
    options.sampleSize = sampleSize;
    options.seed = static_cast<std::uint64_t>(run.seed);
    core::Progress scoring([&progress](double f, const std::string& text) {
        progress.report(0.3 + 0.65 * f, text);
    });
    core::Progress quiet;
    if (!metrics.value(QStringLiteral("silhouette")).isDouble()) {
        auto value = core::silhouetteSampled(table.values, labels, options, scoring, cancel);
        if (value.isCancelled())
            return core::cancelledError();
        if (!value.ok())
            return value.error();
        metrics.insert(QStringLiteral("silhouette"), value.value());
        if (table.values.rows() > sampleSize)
            metrics.insert(QStringLiteral("silhouette_sample"), static_cast<qint64>(sampleSize));
    }
    if (!metrics.value(QStringLiteral("davies_bouldin")).isDouble()) {
        auto value = core::daviesBouldin(table.values, labels, options, quiet, cancel);
        if (!value.ok())
            return value.error();
        metrics.insert(QStringLiteral("davies_bouldin"), value.value());
    }
    if (!metrics.value(QStringLiteral("calinski_harabasz")).isDouble()) {
        auto value = core::calinskiHarabasz(table.values, labels, options, quiet, cancel);
        if (!value.ok())
            return value.error();
        metrics.insert(QStringLiteral("calinski_harabasz"), value.value());
    }
    if (cancel.isCancelled())
        return core::cancelledError();
    core::ClusteringRun updated = run;
    updated.metricsJson = QJsonDocument(metrics).toJson(QJsonDocument::Compact).toStdString();
    if (core::Status stored =
            core::updateClusteringRunMetrics(*workspace.value(), run.id, updated.metricsJson);
        !stored)
        return stored.error();
    progress.report(1.0);
    return updated;
}

core::Result<int> deleteRuns(const std::string& workspacePath, const std::vector<std::int64_t>& ids,
                             core::Progress& progress, const core::CancelToken& cancel) {
    if (cancel.isCancelled())
        return core::cancelledError();
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    if (core::Status status = core::deleteClusteringRuns(*workspace.value(), ids); !status)
        return status.error();
    progress.report(1.0);
    return static_cast<int>(ids.size());
}

} // namespace microseg::ui
