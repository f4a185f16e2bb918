#include "cluster_view_tasks.h"

#include "microseg/feature_set.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <optional>

namespace microseg::ui {
namespace {

core::Progress subProgress(core::Progress& whole, double from, double to) {
    return core::Progress([&whole, from, to](double fraction, const std::string& text) {
        whole.report(from + (to - from) * fraction, text);
    });
}

QJsonObject parseObject(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

/// z-scores every column in place with core::standardiseColumns' arithmetic; constant -> 0.
void zScore(core::RowMatrix& values) {
    const auto n = static_cast<double>(values.rows());
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
        const double mean = values.col(c).sum() / n;
        const double variance = (values.col(c).array() - mean).square().sum() / n;
        if (variance > 0.0)
            values.col(c) = (values.col(c).array() - mean) / std::sqrt(variance);
        else
            values.col(c).setZero();
    }
}

std::optional<core::Linkage> linkageOf(const core::ClusteringRun& run) {
    const QString name = parseObject(run.parametersJson).value(QStringLiteral("linkage")).toString();
    for (core::Linkage linkage : {core::Linkage::Ward, core::Linkage::Average,
                                  core::Linkage::Complete, core::Linkage::Single})
        if (name.compare(QLatin1String(core::linkageName(linkage)), Qt::CaseInsensitive) == 0)
            return linkage;
    if (name.isEmpty())
        return core::Linkage::Ward;
    return std::nullopt;
}

} // namespace

core::Result<RunMatrix> loadRunMatrix(const core::Workspace& workspace,
                                      const core::ClusteringRun& run, core::Progress& progress,
                                      const core::CancelToken& cancel) {
    const QJsonObject source = parseObject(run.sourceJson);
    RunMatrix out;
    if (source.contains(QStringLiteral("feature_set"))) {
        const std::string name = source.value(QStringLiteral("feature_set")).toString().toStdString();
        auto info = core::featureSet(workspace, name);
        if (!info.ok())
            return info.error();
        auto matrix = core::buildFeatureMatrix(workspace, info.value().spec, progress, cancel);
        if (!matrix.ok())
            return matrix.error();
        out.table.columns = std::move(matrix.value().columnNames);
        out.table.values = std::move(matrix.value().values);
        return out;
    }
    const std::string table = source.value(QStringLiteral("table")).toString().toStdString();
    if (table.empty())
        return core::Error{core::ErrorCode::InvalidArgument,
                           "Run \"" + run.name + "\" records neither a table nor a feature set.",
                           {}, 0, 0, {}};
    std::vector<std::string> columns;
    for (const QJsonValue& column : source.value(QStringLiteral("columns")).toArray())
        columns.push_back(column.toString().toStdString());
    auto values = core::readWorkspaceMatrix(workspace, table, columns, progress, cancel);
    if (!values.ok())
        return values.error();
    out.table = std::move(values.value());
    out.zscore = source.value(QStringLiteral("scale")).toString() == QStringLiteral("zscore");
    return out;
}

core::Result<LabelledRunMatrix> loadLabelledRunMatrix(const core::Workspace& workspace,
                                                      const core::ClusteringRun& run,
                                                      core::Progress& progress,
                                                      const core::CancelToken& cancel) {
    auto labels = core::clusteringRunLabels(workspace, run.id);
    if (!labels.ok())
        return labels.error();
    auto matrix = loadRunMatrix(workspace, run, progress, cancel);
    if (!matrix.ok())
        return matrix.error();
    if (matrix.value().table.values.rows() != static_cast<Eigen::Index>(labels.value().size()))
        return core::Error{core::ErrorCode::InvalidArgument,
                           "The data of run \"" + run.name + "\" no longer has its " +
                               std::to_string(labels.value().size()) + " rows.",
                           {}, 0, 0, {}};
    return LabelledRunMatrix{std::move(labels.value()), std::move(matrix.value())};
}

ClusterProfile clusterProfile(const core::RowMatrix& data, const std::vector<std::string>& columns,
                              const std::vector<std::int32_t>& labels) {
    ClusterProfile profile;
    profile.columns = columns;
    core::RowMatrix scaled = data;
    zScore(scaled);
    std::int32_t maxLabel = -1;
    for (std::int32_t label : labels)
        maxLabel = std::max(maxLabel, label);
    const auto k = static_cast<std::size_t>(maxLabel + 1);
    const auto d = static_cast<std::size_t>(scaled.cols());
    profile.sizes.assign(k, 0);
    profile.means.assign(k, std::vector<double>(d, 0.0));
    for (Eigen::Index i = 0; i < scaled.rows() && static_cast<std::size_t>(i) < labels.size(); ++i) {
        const std::int32_t label = labels[static_cast<std::size_t>(i)];
        if (label < 0)
            continue;
        auto& sums = profile.means[static_cast<std::size_t>(label)];
        for (std::size_t c = 0; c < d; ++c)
            sums[c] += scaled(i, static_cast<Eigen::Index>(c));
        ++profile.sizes[static_cast<std::size_t>(label)];
    }
    for (std::size_t cluster = 0; cluster < k; ++cluster)
        if (profile.sizes[cluster] > 0)
            for (double& value : profile.means[cluster])
                value /= static_cast<double>(profile.sizes[cluster]);
    return profile;
}

core::Result<core::KDistanceResult> computeKDistance(const ClusterSource& source, int k,
                                                     core::Progress& progress,
                                                     const core::CancelToken& cancel) {
    core::Progress loading = subProgress(progress, 0.0, 0.2);
    auto table = loadClusterSource(source, loading, cancel);
    if (!table.ok())
        return table.error();
    core::Progress computing = subProgress(progress, 0.2, 1.0);
    return core::kDistanceGraph(table.value().values, k, 0, computing, cancel);
}

core::Result<RunStructure> computeRunStructure(const std::string& workspacePath,
                                               const core::ClusteringRun& run,
                                               core::Progress& progress,
                                               const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    core::Progress loading = subProgress(progress, 0.0, 0.2);
    auto loaded = loadLabelledRunMatrix(*workspace.value(), run, loading, cancel);
    if (!loaded.ok())
        return loaded.error();
    core::NumericTable& table = loaded.value().matrix.table;
    const std::vector<std::int32_t>& labels = loaded.value().labels;
    RunStructure out;
    out.runId = run.id;
    out.profile = clusterProfile(table.values, table.columns, labels);
    core::Progress boxing = subProgress(progress, 0.2, 0.3);
    auto boxes = clusterBoxPlots(table.values, table.columns, labels, boxing, cancel);
    if (!boxes.ok())
        return boxes.error();
    out.boxes = std::move(boxes.value());
    if (out.profile.means.size() >= 2) {
        // Super-segments group the clusters by Ward on their standardised means (k rows: quick).
        const auto k = static_cast<Eigen::Index>(out.profile.means.size());
        core::RowMatrix centroids(k, static_cast<Eigen::Index>(table.columns.size()));
        for (Eigen::Index c = 0; c < k; ++c)
            for (Eigen::Index f = 0; f < centroids.cols(); ++f)
                centroids(c, f) = out.profile.means[static_cast<std::size_t>(c)][static_cast<std::size_t>(f)];
        core::Progress quiet;
        auto tree = core::agglomerative(centroids, {}, quiet, cancel);
        if (!tree.ok())
            return tree.error();
        out.centroidTree = std::make_shared<const core::LinkageTree>(std::move(tree.value()));
    }
    if (cancel.isCancelled())
        return core::cancelledError();
    if (run.algorithm != "agglomerative") {
        out.noTree = QObject::tr("A dendrogram needs an agglomerative run; this one is %1.")
                         .arg(algorithmLabel(run.algorithm));
        progress.report(1.0);
        return out;
    }
    const std::optional<core::Linkage> linkage = linkageOf(run);
    if (!linkage) {
        out.noTree = QObject::tr("Unknown linkage in the run's parameters.");
        return out;
    }
    if (loaded.value().matrix.zscore)
        zScore(table.values);
    core::HierarchicalOptions options;
    options.linkage = *linkage;
    core::Progress building = subProgress(progress, 0.3, 1.0);
    auto tree = core::agglomerative(table.values, options, building, cancel);
    if (!tree.ok())
        return tree.error();
    out.tree = std::make_shared<const core::LinkageTree>(std::move(tree.value()));
    return out;
}

core::Result<core::ClusteringRun> saveDendrogramCut(const std::string& workspacePath,
                                                    const core::ClusteringRun& parent,
                                                    const core::LinkageTree& tree, double height,
                                                    core::Progress& progress,
                                                    const core::CancelToken& cancel) {
    if (cancel.isCancelled())
        return core::cancelledError();
    auto labels = core::cutAtHeight(tree, height);
    if (!labels.ok())
        return labels.error();
    std::int32_t maxLabel = -1;
    for (std::int32_t label : labels.value())
        maxLabel = std::max(maxLabel, label);
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    QJsonObject parameters = parseObject(parent.parametersJson);
    parameters.insert(QStringLiteral("k"), maxLabel + 1);
    parameters.insert(QStringLiteral("cut_height"), height);
    parameters.insert(QStringLiteral("cut_of_run"), static_cast<qint64>(parent.id));
    core::ClusteringRun run;
    run.algorithm = "agglomerative";
    run.name = QObject::tr("agglomerative k=%1 (cut at %2 of run %3)")
                   .arg(maxLabel + 1)
                   .arg(height, 0, 'g', 4)
                   .arg(parent.id)
                   .toStdString();
    run.parametersJson =
        QJsonDocument(parameters).toJson(QJsonDocument::Compact).toStdString();
    run.seed = parent.seed;
    run.sourceJson = parent.sourceJson;
    run.rows = static_cast<std::int64_t>(labels.value().size());
    run.clusters = maxLabel + 1;
    run.metricsJson = "{}";
    run.labels = std::move(labels.value());
    progress.report(0.5, "Saving the run");
    auto id = core::saveClusteringRun(*workspace.value(), run);
    if (!id.ok())
        return id.error();
    run.id = id.value();
    run.labels.clear();
    progress.report(1.0);
    return run;
}

} // namespace microseg::ui
