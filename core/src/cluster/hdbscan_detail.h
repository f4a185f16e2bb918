#pragma once
// HDBSCAN's stages (see microseg/hdbscan.h). Not a public header.

#include "microseg/hdbscan.h"
#include "microseg/kd_tree.h"

#include <cstdint>
#include <vector>

namespace microseg::core::detail {

/// Strict total order on edges: (distance, a, b), with a < b. Makes the MST unique.
inline bool edgeLess(const HdbscanEdge& x, const HdbscanEdge& y) {
    if (x.distance != y.distance)
        return x.distance < y.distance;
    if (x.a != y.a)
        return x.a < y.a;
    return x.b < y.b;
}

/// Distance to the minSamples-th nearest neighbour (self included) of every row, in parallel
/// blocks. Progress in [from, to]. False when cancelled.
bool hdbscanCoreDistances(const KdTree& tree, int minSamples, int threads, Progress& progress,
                          double from, double to, const CancelToken& cancel,
                          std::vector<double>& core);

/// The exact minimum spanning tree of mutual reachability (Boruvka over `tree`), sorted by
/// edgeLess. False when cancelled. Fewer than n - 1 edges would be an internal error.
bool hdbscanSpanningTree(const KdTree& tree, const std::vector<double>& core, int threads,
                         Progress& progress, double from, double to, const CancelToken& cancel,
                         std::vector<HdbscanEdge>& edges);

/// One merge of the single-linkage hierarchy, SciPy layout: node n + i is merge i.
struct LinkageMerge {
    std::int64_t left = 0;
    std::int64_t right = 0;
    double distance = 0.0;
    std::int64_t size = 0;
};

/// Single linkage from the sorted MST: merge i joins the components of edge i (left = the
/// component of a, right = that of b).
std::vector<LinkageMerge> singleLinkage(const std::vector<HdbscanEdge>& sortedEdges,
                                        std::int64_t n);

/// Top-down condensing with minClusterSize (scikit-learn's _condense_tree, breadth-first).
std::vector<HdbscanCondensedRow> condenseTree(const std::vector<LinkageMerge>& merges,
                                              std::int64_t n, std::int64_t minClusterSize);

/// Stability of every condensed cluster (index = id - n).
std::vector<double> clusterStabilities(const std::vector<HdbscanCondensedRow>& tree,
                                       std::int64_t n);

/// Selected cluster ids, increasing.
std::vector<std::int64_t> selectClusters(const std::vector<HdbscanCondensedRow>& tree,
                                         std::vector<double> stabilities, std::int64_t n,
                                         HdbscanSelection method, bool allowSingleCluster);

} // namespace microseg::core::detail
