#pragma once
/// @file hdbscan.h
/// HDBSCAN: hierarchical density-based clustering with noise. Eigen, std and Boost.Graph's
/// disjoint sets; neighbour queries go through microseg::core::KdTree (no n x n matrix).
///
/// References:
/// - R. J. G. B. Campello, D. Moulavi and J. Sander, "Density-Based Clustering Based on
///   Hierarchical Density Estimates", PAKDD 2013 (mutual reachability, condensed tree,
///   excess-of-mass cluster selection);
/// - R. J. G. B. Campello, D. Moulavi, A. Zimek and J. Sander, "Hierarchical Density Estimates
///   for Data Clustering, Visualization, and Outlier Detection", ACM TKDD 10(1), 2015 (GLOSH
///   outlier scores);
/// - L. McInnes and J. Healy, "Accelerated Hierarchical Density Based Clustering", ICDMW 2017
///   (Boruvka minimum spanning tree over a space tree, as the `hdbscan` Python library does).
///
/// Semantics follow scikit-learn 1.3 `HDBSCAN(min_cluster_size, min_samples,
/// cluster_selection_method, allow_single_cluster)` with the Euclidean metric and
/// cluster_selection_epsilon = 0, alpha = 1:
/// - the core distance of a point is the distance to its minSamples-th nearest neighbour,
///   the point itself counting as the first (scikit-learn 1.3; the `hdbscan` library does not
///   count the point itself, so its min_samples = m equals minSamples = m + 1 here);
/// - mutual reachability d_mr(a, b) = max(core(a), core(b), |a - b|);
/// - the single-linkage hierarchy of the minimum spanning tree of d_mr is condensed top-down
///   with minClusterSize (lambda = 1 / distance, infinite for distance 0), cluster stabilities
///   are sum (lambda_p - lambda_birth) over the points and child clusters leaving a cluster;
///   clusters are selected by excess of mass (the root only with allowSingleCluster) or as the
///   leaves of the condensed tree; points under no selected cluster are noise (label -1);
/// - labels are numbered in the order of the condensed-tree ids of the selected clusters
///   (breadth-first from the root), probabilities are min(lambda_p, lambda_max(C)) /
///   lambda_max(C) for the point's cluster C, 0 for noise (scikit-learn's probabilities_);
/// - GLOSH outlier scores (Campello et al. 2015, as the `hdbscan` library's outlier_scores_):
///   1 - lambda_p / lambda_max, lambda_max being the largest lambda at which any point of the
///   cluster the point leaves (or of its descendants) is still in it; 0 when lambda_p is
///   infinite, 1 when lambda_max is infinite and lambda_p is not.
///
/// Determinism: there is no randomness, so there is no seed. Ties in d_mr (common: many edges
/// weigh a core distance) are broken by the edge key (weight, lower row, higher row), a strict
/// total order, so the minimum spanning tree is unique and the hierarchy, labels and
/// stabilities do not depend on the thread count or the order of the work.
///
/// Cost: core distances are k-nearest-neighbour queries on a k-d tree. The exact minimum
/// spanning tree is built by Boruvka rounds: each point asks the k-d tree for its cheapest
/// edge to another component (a node is skipped when all its points are in the query's
/// component, or when max(core(query), node's least core distance, box distance) exceeds the
/// best edge already found for the component); each component keeps its cheapest edge and the
/// components are merged in Boost's disjoint sets. At most log2(n) rounds; memory O(n d).
///
/// Progress/cancel contract: the cancel token is polled before every block of a few hundred
/// queries and between stages; a cancelled call returns cancelledError() and no partial result.

#include "microseg/error.h"
#include "microseg/kmeans.h" // RowMatrix
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace microseg::core {

enum class HdbscanSelection {
    ExcessOfMass, ///< "eom": the most stable set of non-overlapping clusters
    Leaf,         ///< "leaf": the leaves of the condensed tree (many small, homogeneous clusters)
};

struct HdbscanOptions {
    int minClusterSize = 5; ///< smallest group that counts as a cluster, >= 2
    int minSamples = 0;     ///< neighbours (self included) of a core point; 0 = minClusterSize
    HdbscanSelection selection = HdbscanSelection::ExcessOfMass;
    bool allowSingleCluster = false; ///< let the root (all points) be the one cluster
    int threads = 0;                 ///< 0 = all available cores
};

/// An edge of the minimum spanning tree of mutual reachability: a < b are rows.
struct HdbscanEdge {
    std::int32_t a = 0;
    std::int32_t b = 0;
    double distance = 0.0;
};

/// One row of the condensed tree, as scikit-learn's / hdbscan's condensed_tree_: `child` below
/// n is a point leaving `parent` at `lambda`; otherwise a cluster born there with `size` points.
/// Cluster ids start at n (the root) and grow breadth-first.
struct HdbscanCondensedRow {
    std::int64_t parent = 0;
    std::int64_t child = 0;
    double lambda = 0.0;
    std::int64_t size = 1;
};

struct HdbscanResult {
    std::vector<std::int32_t> labels;      ///< one per row: 0..clusters-1, or -1 for noise
    std::vector<double> probabilities;     ///< membership strength in [0, 1], 0 for noise
    std::vector<double> outlierScores;     ///< GLOSH, in [0, 1]
    std::vector<double> coreDistances;     ///< one per row
    std::vector<HdbscanEdge> spanningTree; ///< n - 1 edges sorted by (distance, a, b)
    double spanningTreeWeight = 0.0;       ///< sum of the edge distances
    std::vector<HdbscanCondensedRow> condensedTree;
    /// Stability of every condensed cluster, index = cluster id - n (before selection).
    std::vector<double> stabilities;
    std::vector<std::int64_t> selectedClusters; ///< condensed ids of labels 0, 1, ...
    int clusters = 0;
    Eigen::Index noise = 0; ///< rows labelled -1
};

/// Clusters the rows of `data`. Errors (InvalidArgument, naming the parameter and its value):
/// empty data, non-finite values, minClusterSize < 2, minSamples < 0 or (after defaulting)
/// greater than the number of rows, threads < 0.
Result<HdbscanResult> hdbscan(const Eigen::Ref<const RowMatrix>& data,
                              const HdbscanOptions& options, Progress& progress,
                              const CancelToken& cancel);

} // namespace microseg::core
