#pragma once
// Background tasks of the run comparison, each (request, Progress&, CancelToken) -> Result and
// run in Jobs on their own Workspace connection: the agreement of two stored runs (adjusted Rand
// index, contingency table of their labels), validation metrics computed later for a run stored
// without them (e.g. by the CLI), and deleting runs.

#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/run_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace microseg::ui {

/// How two runs over the same rows agree.
struct RunComparison {
    std::int64_t runA = 0;
    std::int64_t runB = 0;
    double adjustedRand = 0.0;             ///< core::adjustedRandIndex, noise (-1) as a label
    std::vector<std::int32_t> rowLabels;    ///< run A's labels in increasing order (-1 first)
    std::vector<std::int32_t> columnLabels; ///< run B's
    std::vector<std::vector<std::int64_t>> counts; ///< [row][column]: rows in both
    std::vector<std::int64_t> sizesA;       ///< per cluster 0..k-1 (noise left out)
    std::vector<std::int64_t> sizesB;
};

/// Contingency table and ARI of two labellings of the same rows.
core::Result<RunComparison> compareLabels(const std::vector<std::int32_t>& a,
                                          const std::vector<std::int32_t>& b);

/// Loads both runs' labels and compares them; InvalidArgument when they cover different rows.
core::Result<RunComparison> compareRuns(const std::string& workspacePath,
                                        const core::ClusteringRun& a, const core::ClusteringRun& b,
                                        core::Progress& progress, const core::CancelToken& cancel);

/// The validation metrics the Runs table shows.
inline constexpr const char* kRunMetricKeys[] = {"silhouette", "davies_bouldin",
                                                 "calinski_harabasz"};
/// True when `run` has no value for one of kRunMetricKeys.
bool lacksMetrics(const core::ClusteringRun& run);

/// Computes the missing metrics of `run` on the data it clustered (silhouette on a seeded sample
/// of `sampleSize` rows when larger, as runs made in the app) and stores them with the existing
/// ones in one transaction; returns the run with its new metrics JSON.
core::Result<core::ClusteringRun> computeMissingMetrics(const std::string& workspacePath,
                                                        const core::ClusteringRun& run,
                                                        std::int64_t sampleSize,
                                                        core::Progress& progress,
                                                        const core::CancelToken& cancel);

/// Deletes the runs `ids` in one transaction (core::deleteClusteringRuns).
core::Result<int> deleteRuns(const std::string& workspacePath, const std::vector<std::int64_t>& ids,
                             core::Progress& progress, const core::CancelToken& cancel);

} // namespace microseg::ui
