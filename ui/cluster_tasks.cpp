#include "cluster_tasks.h"

#include "cluster_view_tasks.h"

#include "microseg/cluster_metrics.h"
#include "microseg/dbscan.h"
#include "microseg/feature_set.h"
#include "microseg/hdbscan.h"
#include "microseg/kmeans.h"
#include "microseg/minibatch_kmeans.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

namespace microseg::ui {
namespace {

constexpr std::int64_t kMetricSilhouetteSample = 20'000;

/// Reports a sub-task's progress into [from, to] of the whole.
core::Progress subProgress(core::Progress& whole, double from, double to) {
    return core::Progress([&whole, from, to](double fraction, const std::string& text) {
        whole.report(from + (to - from) * fraction, text);
    });
}

std::string toJson(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

core::Result<core::NumericTable> loadOn(const core::Workspace& workspace,
                                        const ClusterSource& source, core::Progress& progress,
                                        const core::CancelToken& cancel) {
    if (!source.featureSet.empty()) {
        auto info = core::featureSet(workspace, source.featureSet);
        if (!info.ok())
            return info.error();
        auto matrix = core::buildFeatureMatrix(workspace, info.value().spec, progress, cancel);
        if (!matrix.ok())
            return matrix.error();
        core::NumericTable table;
        table.columns = std::move(matrix.value().columnNames);
        table.values = std::move(matrix.value().values);
        return table;
    }
    auto table =
        core::readWorkspaceMatrix(workspace, source.table, source.columns, progress, cancel);
    if (!table.ok())
        return table.error();
    if (source.standardise) {
        core::Status scaled = core::standardiseColumns(table.value().values, table.value().columns);
        if (!scaled.ok())
            return scaled.error();
    }
    return table;
}

const char* covarianceName(core::CovarianceType type) {
    switch (type) {
    case core::CovarianceType::Full: return "full";
    case core::CovarianceType::Tied: return "tied";
    case core::CovarianceType::Diag: return "diag";
    case core::CovarianceType::Spherical: return "spherical";
    }
    return "full";
}

struct Labelled {
    std::vector<std::int32_t> labels;
    QJsonObject parameters;
    QJsonObject metrics;
};

core::Result<Labelled> cluster(const core::RowMatrix& data, const ClusterRunRequest& request,
                               core::Progress& progress, const core::CancelToken& cancel) {
    Labelled out;
    out.parameters.insert(QStringLiteral("k"), request.k);
    switch (request.algorithm) {
    case ClusterAlgorithm::KMeans: {
        core::KMeansOptions options;
        options.k = request.k;
        options.seed = request.seed;
        auto result = core::kmeans(data, options, progress, cancel);
        if (!result.ok())
            return result.error();
        out.labels = std::move(result.value().labels);
        out.parameters.insert(QStringLiteral("variant"), QStringLiteral("lloyd"));
        out.metrics.insert(QStringLiteral("inertia"), result.value().inertia);
        break;
    }
    case ClusterAlgorithm::MiniBatch: {
        core::MiniBatchKMeansOptions options;
        options.k = request.k;
        options.seed = request.seed;
        auto result = core::miniBatchKMeans(data, options, progress, cancel);
        if (!result.ok())
            return result.error();
        out.labels = std::move(result.value().labels);
        out.parameters.insert(QStringLiteral("batch_size"), options.batchSize);
        out.metrics.insert(QStringLiteral("inertia"), result.value().inertia);
        break;
    }
    case ClusterAlgorithm::GaussianMixture: {
        core::GaussianMixtureOptions options;
        options.k = request.k;
        options.seed = request.seed;
        options.covarianceType = request.covariance;
        options.storeProbabilities = false;
        auto result = core::gaussianMixture(data, options, progress, cancel);
        if (!result.ok())
            return result.error();
        out.labels = std::move(result.value().labels);
        out.parameters.insert(QStringLiteral("covariance"),
                              QString::fromLatin1(covarianceName(request.covariance)));
        out.metrics.insert(QStringLiteral("log_likelihood"), result.value().logLikelihood);
        out.metrics.insert(QStringLiteral("bic"), result.value().bic);
        out.metrics.insert(QStringLiteral("aic"), result.value().aic);
        break;
    }
    case ClusterAlgorithm::Agglomerative: {
        core::HierarchicalOptions options;
        options.linkage = request.linkage;
        auto tree = core::agglomerative(data, options, progress, cancel);
        if (!tree.ok())
            return tree.error();
        auto labels = core::cutAtClusterCount(tree.value(), request.k);
        if (!labels.ok())
            return labels.error();
        out.labels = std::move(labels.value());
        out.parameters.insert(QStringLiteral("linkage"),
                              QString::fromLatin1(core::linkageName(request.linkage)));
        break;
    }
    case ClusterAlgorithm::Dbscan: {
        core::DbscanOptions options;
        options.eps = request.eps;
        options.minSamples = request.minSamples;
        auto result = core::dbscan(data, options, progress, cancel);
        if (!result.ok())
            return result.error();
        out.labels = std::move(result.value().labels);
        out.parameters.remove(QStringLiteral("k"));
        out.parameters.insert(QStringLiteral("eps"), request.eps);
        out.parameters.insert(QStringLiteral("min_samples"), request.minSamples);
        out.metrics.insert(QStringLiteral("noise"), static_cast<qint64>(result.value().noise));
        break;
    }
    case ClusterAlgorithm::Hdbscan: {
        core::HdbscanOptions options;
        options.minClusterSize = request.minClusterSize;
        options.minSamples = request.minSamples;
        auto result = core::hdbscan(data, options, progress, cancel);
        if (!result.ok())
            return result.error();
        out.labels = std::move(result.value().labels);
        out.parameters.remove(QStringLiteral("k"));
        out.parameters.insert(QStringLiteral("min_cluster_size"), request.minClusterSize);
        out.parameters.insert(QStringLiteral("min_samples"), request.minSamples);
        out.metrics.insert(QStringLiteral("noise"), static_cast<qint64>(result.value().noise));
        break;
    }
    }
    return out;
}

const char* algorithmKey(ClusterAlgorithm algorithm) {
    switch (algorithm) {
    case ClusterAlgorithm::KMeans: return "kmeans";
    case ClusterAlgorithm::MiniBatch: return "minibatch";
    case ClusterAlgorithm::GaussianMixture: return "gmm";
    case ClusterAlgorithm::Agglomerative: return "agglomerative";
    case ClusterAlgorithm::Dbscan: return "dbscan";
    case ClusterAlgorithm::Hdbscan: return "hdbscan";
    }
    return "kmeans";
}

} // namespace

QString algorithmLabel(const std::string& algorithm) {
    if (algorithm == "kmeans")
        return QObject::tr("k-means");
    if (algorithm == "minibatch")
        return QObject::tr("mini-batch k-means");
    if (algorithm == "gmm")
        return QObject::tr("Gaussian mixture");
    if (algorithm == "agglomerative")
        return QObject::tr("agglomerative");
    if (algorithm == "dbscan")
        return QObject::tr("DBSCAN");
    if (algorithm == "hdbscan")
        return QObject::tr("HDBSCAN");
    return QString::fromStdString(algorithm);
}

core::Result<core::NumericTable> loadClusterSource(const ClusterSource& source,
                                                   core::Progress& progress,
                                                   const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(source.workspacePath);
    if (!workspace.ok())
        return workspace.error();
    return loadOn(*workspace.value(), source, progress, cancel);
}

core::Result<core::KScanResult> runKScan(const ClusterSource& source,
                                         const core::KScanOptions& options,
                                         const core::KScanCallback& onPoint,
                                         core::Progress& progress,
                                         const core::CancelToken& cancel) {
    core::Progress loading = subProgress(progress, 0.0, 0.1);
    auto table = loadClusterSource(source, loading, cancel);
    if (!table.ok())
        return table.error();
    core::Progress scanning = subProgress(progress, 0.1, 1.0);
    return core::kScan(table.value().values, options, onPoint, scanning, cancel);
}

core::Result<core::ClusteringRun> runClustering(const ClusterRunRequest& request,
                                                core::Progress& progress,
                                                const core::CancelToken& cancel) {
    if (cancel.isCancelled())
        return core::cancelledError();
    auto workspace = core::Workspace::open(request.source.workspacePath);
    if (!workspace.ok())
        return workspace.error();
    core::Progress loading = subProgress(progress, 0.0, 0.15);
    auto table = loadOn(*workspace.value(), request.source, loading, cancel);
    if (!table.ok())
        return table.error();
    const core::RowMatrix& data = table.value().values;

    core::Progress clustering = subProgress(progress, 0.15, 0.8);
    const auto start = std::chrono::steady_clock::now();
    auto labelled = cluster(data, request, clustering, cancel);
    if (!labelled.ok())
        return labelled.error();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    Labelled& result = labelled.value();
    std::int32_t maxLabel = -1;
    for (std::int32_t label : result.labels)
        maxLabel = std::max(maxLabel, label);
    // Metrics need 2..n-1 clusters; with fewer they are left out rather than failing the run.
    core::ClusterMetricOptions metricOptions;
    metricOptions.sampleSize = kMetricSilhouetteSample;
    metricOptions.seed = request.seed;
    if (maxLabel >= 1 && maxLabel + 1 < data.rows()) {
        core::Progress metrics = subProgress(progress, 0.8, 0.97);
        auto silhouette =
            core::silhouetteSampled(data, result.labels, metricOptions, metrics, cancel);
        if (silhouette.isCancelled())
            return core::cancelledError();
        if (silhouette.ok())
            result.metrics.insert(QStringLiteral("silhouette"), silhouette.value());
        if (data.rows() > kMetricSilhouetteSample)
            result.metrics.insert(QStringLiteral("silhouette_sample"),
                                  static_cast<qint64>(kMetricSilhouetteSample));
        core::Progress quiet;
        if (auto db = core::daviesBouldin(data, result.labels, metricOptions, quiet, cancel);
            db.ok())
            result.metrics.insert(QStringLiteral("davies_bouldin"), db.value());
        if (auto ch = core::calinskiHarabasz(data, result.labels, metricOptions, quiet, cancel);
            ch.ok())
            result.metrics.insert(QStringLiteral("calinski_harabasz"), ch.value());
    }
    // The last chance to stop: after this the workspace changes.
    if (cancel.isCancelled())
        return core::cancelledError();

    core::ClusteringRun run;
    run.algorithm = algorithmKey(request.algorithm);
    run.name = request.algorithm == ClusterAlgorithm::Dbscan
                   ? QStringLiteral("DBSCAN eps=%1 min_samples=%2 (%3 clusters)")
                         .arg(request.eps, 0, 'g', 4)
                         .arg(request.minSamples)
                         .arg(maxLabel + 1)
                         .toStdString()
               : request.algorithm == ClusterAlgorithm::Hdbscan
                   ? QStringLiteral("HDBSCAN min_cluster_size=%1 min_samples=%2 (%3 clusters)")
                         .arg(request.minClusterSize)
                         .arg(request.minSamples)
                         .arg(maxLabel + 1)
                         .toStdString()
                   : QStringLiteral("%1 k=%2 (seed %3)")
                         .arg(algorithmLabel(run.algorithm))
                         .arg(request.k)
                         .arg(request.seed)
                         .toStdString();
    run.parametersJson = toJson(result.parameters);
    run.seed = static_cast<std::int64_t>(request.seed);
    if (!request.source.featureSet.empty()) {
        // As `microseg-cli cluster --features NAME` records it: the views rebuild the set.
        run.sourceJson = toJson(QJsonObject{
            {QStringLiteral("feature_set"), QString::fromStdString(request.source.featureSet)}});
    } else {
        QJsonArray columns;
        for (const std::string& column : request.source.columns)
            columns.append(QString::fromStdString(column));
        run.sourceJson = toJson(QJsonObject{
            {QStringLiteral("table"), QString::fromStdString(request.source.table)},
            {QStringLiteral("columns"), columns},
            {QStringLiteral("scale"),
             request.source.standardise ? QStringLiteral("zscore") : QStringLiteral("none")}});
    }
    run.rows = data.rows();
    run.clusters = maxLabel + 1;
    run.metricsJson = toJson(result.metrics);
    run.seconds = seconds;
    run.labels = std::move(result.labels);
    progress.report(0.98, "Saving the run");
    auto id = core::saveClusteringRun(*workspace.value(), run);
    if (!id.ok())
        return id.error();
    run.id = id.value();
    run.labels.clear();
    progress.report(1.0);
    return run;
}

core::Result<RunViewData> computeRunViews(const std::string& workspacePath,
                                          const core::ClusteringRun& run, std::int64_t sampleLimit,
                                          core::Progress& progress,
                                          const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    auto labels = core::clusteringRunLabels(*workspace.value(), run.id);
    if (!labels.ok())
        return labels.error();
    RunViewData view;
    view.runId = run.id;
    view.rows = static_cast<std::int64_t>(labels.value().size());
    for (std::int32_t label : labels.value()) {
        if (label < 0) {
            ++view.noise;
            continue;
        }
        if (static_cast<std::size_t>(label) >= view.sizes.size())
            view.sizes.resize(static_cast<std::size_t>(label) + 1, 0);
        ++view.sizes[static_cast<std::size_t>(label)];
    }

    // The data the run clustered: a table's columns (z-scored if the run did) or a feature set.
    core::Progress loading = subProgress(progress, 0.0, 0.3);
    auto table = loadRunMatrix(*workspace.value(), run, loading, cancel);
    if (table.isCancelled())
        return core::cancelledError();
    if (!table.ok()) {
        view.silhouetteError = QString::fromStdString(table.error().message);
        return view;
    }
    if (table.value().zscore)
        if (core::Status scaled =
                core::standardiseColumns(table.value().table.values, table.value().table.columns);
            !scaled)
            return scaled.error();
    core::RowMatrix data = std::move(table.value().table.values);
    std::vector<std::int32_t> subsetLabels = std::move(labels.value());
    if (data.rows() != static_cast<Eigen::Index>(subsetLabels.size())) {
        view.silhouetteError = QObject::tr("The table no longer has the run's rows.");
        return view;
    }
    if (data.rows() > sampleLimit) {
        // A seeded sample, kept in row order, so the plot is reproducible.
        std::vector<Eigen::Index> order(static_cast<std::size_t>(data.rows()));
        std::iota(order.begin(), order.end(), Eigen::Index{0});
        std::mt19937_64 rng(static_cast<std::uint64_t>(run.seed));
        for (std::int64_t i = 0; i < sampleLimit; ++i) {
            std::uniform_int_distribution<std::size_t> pick(static_cast<std::size_t>(i),
                                                            order.size() - 1);
            std::swap(order[static_cast<std::size_t>(i)], order[pick(rng)]);
        }
        order.resize(static_cast<std::size_t>(sampleLimit));
        std::sort(order.begin(), order.end());
        core::RowMatrix sample(sampleLimit, data.cols());
        std::vector<std::int32_t> sampleLabels(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            sample.row(static_cast<Eigen::Index>(i)) = data.row(order[i]);
            sampleLabels[i] = subsetLabels[static_cast<std::size_t>(order[i])];
        }
        data = std::move(sample);
        subsetLabels = std::move(sampleLabels);
        view.sampled = true;
    }
    core::Progress computing = subProgress(progress, 0.3, 1.0);
    auto silhouette = core::silhouette(data, subsetLabels, {}, computing, cancel);
    if (silhouette.isCancelled())
        return core::cancelledError();
    if (!silhouette.ok()) {
        view.silhouetteError = QString::fromStdString(silhouette.error().message);
        return view;
    }
    view.silhouette = std::move(silhouette.value().values);
    view.silhouetteMean = silhouette.value().mean;
    view.labels = std::move(subsetLabels);
    return view;
}

} // namespace microseg::ui
