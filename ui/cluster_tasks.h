#pragma once
// The Cluster page's background tasks, each (request, Progress&, CancelToken) -> Result, run in
// Jobs. Each opens its own Workspace connection by path (SQLite connections are per thread).

#include "microseg/error.h"
#include "microseg/gaussian_mixture.h"
#include "microseg/hierarchical.h"
#include "microseg/k_scan.h"
#include "microseg/numeric_csv.h"
#include "microseg/progress.h"
#include "microseg/run_store.h"

#include <QString>
#include <cstdint>
#include <string>
#include <vector>

namespace microseg::ui {

/// What is clustered: numeric columns of a workspace table, optionally z-scored, or (when
/// `featureSet` is set; table, columns and standardise are then ignored) the matrix a saved
/// feature set rebuilds, already encoded and scaled by its recipe.
struct ClusterSource {
    std::string workspacePath;
    std::string table;
    std::vector<std::string> columns;
    bool standardise = true;
    std::string featureSet = {};
};

enum class ClusterAlgorithm { KMeans, MiniBatch, GaussianMixture, Agglomerative, Dbscan, Hdbscan };

struct ClusterRunRequest {
    ClusterSource source;
    ClusterAlgorithm algorithm = ClusterAlgorithm::KMeans;
    int k = 8;
    std::uint64_t seed = 0;
    core::CovarianceType covariance = core::CovarianceType::Full;
    core::Linkage linkage = core::Linkage::Ward;
    double eps = 0.5;   ///< DBSCAN
    int minSamples = 5; ///< DBSCAN, HDBSCAN
    int minClusterSize = 5; ///< HDBSCAN
};

/// A run's views: sizes of every cluster and the per-point silhouette of all points or of a
/// seeded sample of them.
struct RunViewData {
    std::int64_t runId = 0;
    std::vector<std::int64_t> sizes;
    std::int64_t noise = 0;              ///< rows labelled -1 (DBSCAN, HDBSCAN)
    std::int64_t rows = 0;
    std::vector<double> silhouette;      ///< per point of the (sampled) subset
    std::vector<std::int32_t> labels;    ///< of the same subset
    double silhouetteMean = 0.0;
    bool sampled = false;
    QString silhouetteError;             ///< why there is no silhouette (one cluster, ...)
};

/// The source's matrix, read on `workspace` (this thread's connection) and scaled if asked.
core::Result<core::NumericTable> loadClusterSource(const ClusterSource& source,
                                                   core::Progress& progress,
                                                   const core::CancelToken& cancel);

core::Result<core::KScanResult> runKScan(const ClusterSource& source,
                                         const core::KScanOptions& options,
                                         const core::KScanCallback& onPoint,
                                         core::Progress& progress, const core::CancelToken& cancel);

/// Runs the algorithm, computes silhouette (sampled above 20,000 rows), Davies-Bouldin and
/// Calinski-Harabasz, and stores the run in one transaction; the returned run has its id.
core::Result<core::ClusteringRun> runClustering(const ClusterRunRequest& request,
                                                core::Progress& progress,
                                                const core::CancelToken& cancel);

core::Result<RunViewData> computeRunViews(const std::string& workspacePath,
                                          const core::ClusteringRun& run, std::int64_t sampleLimit,
                                          core::Progress& progress,
                                          const core::CancelToken& cancel);

/// "k-means", "mini-batch k-means", ... for a stored algorithm name.
QString algorithmLabel(const std::string& algorithm);

} // namespace microseg::ui
