#pragma once
// Background tasks of the Cluster page's structure views, each (request, Progress&, CancelToken)
// -> Result and run in Jobs: the k-distance graph that helps choose DBSCAN's eps, a stored run's
// cluster profile (standardised feature means per cluster, per-feature box plots, Ward on the
// cluster means for super-segments) and, for agglomerative runs, its merge
// tree (the dendrogram), and storing a cut of that tree as a new run. Each task opens its own
// Workspace connection by path (SQLite connections are per thread).

#include "cluster_box_stats.h"
#include "cluster_tasks.h"
#include "microseg/dbscan.h"
#include "microseg/hierarchical.h"
#include "microseg/run_store.h"

#include <QString>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace microseg::ui {

/// Standardised feature means per cluster: every column z-scored over all rows (population
/// standard deviation, as core::standardiseColumns; a constant column is 0), then averaged over
/// each cluster's members. Noise (-1) is left out.
struct ClusterProfile {
    std::vector<std::string> columns;
    std::vector<std::int64_t> sizes;        ///< per cluster 0..k-1
    std::vector<std::vector<double>> means; ///< [cluster][column]
};

/// What the structure views of one stored run show.
struct RunStructure {
    std::int64_t runId = 0;
    ClusterProfile profile;
    ClusterBoxPlots boxes;                                 ///< in the features' own units
    std::shared_ptr<const core::LinkageTree> centroidTree; ///< Ward on the profile's means
    std::shared_ptr<const core::LinkageTree> tree; ///< agglomerative runs only
    QString noTree;                                ///< why there is no tree, for people
};

/// The matrix a run clustered, unscaled (`zscore` tells whether the run z-scored it).
struct RunMatrix {
    core::NumericTable table;
    bool zscore = false;
};

/// Reads the table columns or rebuilds the feature set recorded in `run`'s source, on
/// `workspace` (this thread's connection).
core::Result<RunMatrix> loadRunMatrix(const core::Workspace& workspace,
                                      const core::ClusteringRun& run, core::Progress& progress,
                                      const core::CancelToken& cancel);

/// A run's labels with the (unscaled) matrix they label.
struct LabelledRunMatrix {
    std::vector<std::int32_t> labels;
    RunMatrix matrix;
};

/// The labels and loadRunMatrix of `run`; fails when the data no longer has the run's rows.
core::Result<LabelledRunMatrix> loadLabelledRunMatrix(const core::Workspace& workspace,
                                                      const core::ClusteringRun& run,
                                                      core::Progress& progress,
                                                      const core::CancelToken& cancel);

ClusterProfile clusterProfile(const core::RowMatrix& data, const std::vector<std::string>& columns,
                              const std::vector<std::int32_t>& labels);

/// core::kDistanceGraph of the source's matrix (scaled as the source says).
core::Result<core::KDistanceResult> computeKDistance(const ClusterSource& source, int k,
                                                     core::Progress& progress,
                                                     const core::CancelToken& cancel);

/// The profile of run `run` and, when it is agglomerative, its merge tree rebuilt from the data
/// it clustered (deterministic) with its linkage.
core::Result<RunStructure> computeRunStructure(const std::string& workspacePath,
                                               const core::ClusteringRun& run,
                                               core::Progress& progress,
                                               const core::CancelToken& cancel);

/// Cuts `tree` at `height` (core::cutAtHeight) and stores the labels as a new run made from the
/// same source as `parent`; the returned run carries its id (labels dropped).
core::Result<core::ClusteringRun> saveDendrogramCut(const std::string& workspacePath,
                                                    const core::ClusteringRun& parent,
                                                    const core::LinkageTree& tree, double height,
                                                    core::Progress& progress,
                                                    const core::CancelToken& cancel);

} // namespace microseg::ui
