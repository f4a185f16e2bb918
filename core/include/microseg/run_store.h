#pragma once
/// @file run_store.h
/// Clustering runs kept in the workspace (schema 2): algorithm, parameters, seed, what was
/// clustered, labels (one int32 per input row, -1 = noise), metrics and the seconds taken, so
/// runs can be listed, reopened and compared side by side. Saving is one transaction with an
/// audit entry; labels are stored as a little-endian int32 BLOB (4 bytes a row).

#include <cstdint>
#include <string>
#include <vector>

#include "microseg/error.h"
#include "microseg/workspace.h"

namespace microseg::core {

struct ClusteringRun {
    std::int64_t id = 0;          ///< set by saveClusteringRun
    std::string name;             ///< shown to people, e.g. "k-means k=8 (seed 0)"
    std::string algorithm;        ///< "kmeans", "minibatch", "dbscan", "agglomerative", "gmm", ...
    std::string parametersJson;   ///< the algorithm's options, e.g. {"k":8,"variant":"lloyd"}
    std::int64_t seed = 0;
    /// What was clustered: {"table":"raw_x","columns":["a","b"],"scale":"zscore"} or
    /// {"feature_set":"name"}.
    std::string sourceJson;
    std::int64_t rows = 0;
    std::int64_t clusters = 0;    ///< distinct labels other than -1
    std::string metricsJson;      ///< e.g. {"inertia":..,"silhouette":..,"davies_bouldin":..}
    double seconds = 0.0;         ///< the algorithm alone
    std::string createdAt;        ///< ISO 8601 UTC, set by saveClusteringRun
    std::vector<std::int32_t> labels;  ///< filled by saveClusteringRun's caller / clusteringRunLabels
};

/// Stores `run` (labels included) in one transaction with an audit entry; returns its id.
Result<std::int64_t> saveClusteringRun(Workspace& workspace, const ClusteringRun& run);
/// Every stored run, newest first, without labels (they can be large).
std::vector<ClusteringRun> clusteringRuns(const Workspace& workspace);
/// The labels of run `id`, in input-row order.
Result<std::vector<std::int32_t>> clusteringRunLabels(const Workspace& workspace, std::int64_t id);
/// Removes run `id` (one transaction, audited).
Status deleteClusteringRun(Workspace& workspace, std::int64_t id);
/// Removes every run of `ids` in one transaction with one audit entry; NotFound (and nothing
/// removed) when one of them does not exist.
Status deleteClusteringRuns(Workspace& workspace, const std::vector<std::int64_t>& ids);
/// Replaces run `id`'s metrics JSON (e.g. with metrics computed later for a run saved without
/// them), one transaction, audited.
Status updateClusteringRunMetrics(Workspace& workspace, std::int64_t id,
                                  const std::string& metricsJson);

} // namespace microseg::core
