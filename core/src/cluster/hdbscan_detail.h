#pragma once
// HDBSCAN's stages (see microseg/hdbscan.h). Not a public header.

#include "microseg/hdbscan.h"
#include "microseg/kd_tree.h"
#include "parallel_for.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

namespace microseg::core::detail {

constexpr Eigen::Index kHdbscanQueryBlock = 256; // queries between two cancel polls

/// Runs body(begin, end) over blocks of [0, count), polling `cancel` before each block and
/// reporting progress in [from, to] from the calling thread. False when cancelled.
template <typename Body>
bool forQueryBlocks(Eigen::Index count, int threads, Progress& progress, double from, double to,
                    const CancelToken& cancel, Body&& body) {
    const auto blocks = static_cast<int>((count + kHdbscanQueryBlock - 1) / kHdbscanQueryBlock);
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    parallelFor(blocks, threads, [&](int b, int worker) {
        if (stop.load(std::memory_order_relaxed))
            return;
        if (cancel.isCancelled()) {
            stop = true;
            return;
        }
        const Eigen::Index begin = static_cast<Eigen::Index>(b) * kHdbscanQueryBlock;
        body(begin, std::min(count, begin + kHdbscanQueryBlock));
        const int finished = ++done;
        if (worker == 0) // Progress is not thread-safe: only the calling thread reports
            progress.report(from + (to - from) * finished / std::max(1, blocks));
    });
    return !stop && !cancel.isCancelled();
}

/// sum_j (a_j - b_j)^2 in column order, given up (returning a partial sum > bound) as soon as
/// the partial sum exceeds `bound`. A complete sum has the same bits as the plain loop, and a
/// partial sum never exceeds the complete one, so "result > bound" is exact.
inline double boundedSquaredDistance(const double* a, const double* b, Eigen::Index d,
                                     double bound) {
    double sum = 0.0;
    Eigen::Index j = 0;
    for (; j + 4 <= d; j += 4) {
        const double t0 = a[j] - b[j];
        const double t1 = a[j + 1] - b[j + 1];
        const double t2 = a[j + 2] - b[j + 2];
        const double t3 = a[j + 3] - b[j + 3];
        sum += t0 * t0;
        sum += t1 * t1;
        sum += t2 * t2;
        sum += t3 * t3;
        if (sum > bound)
            return sum;
    }
    for (; j < d; ++j) {
        const double t = a[j] - b[j];
        sum += t * t;
    }
    return sum;
}

/// Strict total order on edges: (distance, a, b), with a < b. Makes the MST unique.
inline bool edgeLess(const HdbscanEdge& x, const HdbscanEdge& y) {
    if (x.distance != y.distance)
        return x.distance < y.distance;
    if (x.a != y.a)
        return x.a < y.a;
    return x.b < y.b;
}

/// Neighbour lists are kept for minSamples up to this (memory n x minSamples integers).
constexpr std::size_t kMaxKeptNeighbours = 64;

struct CoreDistances {
    std::vector<double> distances; ///< by row: distance to the minSamples-th nearest (self first)
    /// By row, minSamples tree positions each: the nearest points (empty above
    /// kMaxKeptNeighbours).
    std::vector<std::int32_t> neighbours;
    /// By row: the list holds every point within the core distance (no tie at the boundary).
    std::vector<char> complete;
};

/// Core distances of every row, in parallel blocks. Progress in [from, to]. False when
/// cancelled.
bool hdbscanCoreDistances(const KdTree& tree, int minSamples, int threads, Progress& progress,
                          double from, double to, const CancelToken& cancel, CoreDistances& out);

/// The exact minimum spanning tree of mutual reachability (Boruvka over `tree`), sorted by
/// edgeLess. False when cancelled. Fewer than n - 1 edges would be an internal error.
bool hdbscanSpanningTree(const KdTree& tree, const CoreDistances& core, int threads,
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
