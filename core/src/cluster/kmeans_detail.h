#pragma once
// Internals shared by the k-means files (seeding, Lloyd, Elkan, driver). Not a public header.

#include "microseg/kmeans.h"
#include "parallel_for.h"

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

namespace microseg::core::detail {

using Index = Eigen::Index;
using ConstRowRef = Eigen::Ref<const RowMatrix>;

/// Rows split into blocks that depend only on (n, k, d), never on the thread count: every
/// reduction is summed per block and the blocks are combined in order, so results are bitwise
/// identical whatever the number of threads.
struct BlockPlan {
    Index rows = 0;
    Index blockSize = 1;
    int blocks = 1;
    [[nodiscard]] Index begin(int b) const { return static_cast<Index>(b) * blockSize; }
    [[nodiscard]] Index end(int b) const { return std::min(rows, begin(b) + blockSize); }
};

/// Up to 64 blocks of at least 512 rows, fewer when k x d per-block partial sums would exceed
/// about 32 MB in all.
BlockPlan makeBlockPlan(Index rows, Index k, Index d);

inline double squaredDistance(const double* a, const double* b, Index d) {
    using Vec = Eigen::Map<const Eigen::VectorXd>;
    return (Vec(a, d) - Vec(b, d)).squaredNorm();
}

/// Portable random mappings: the std distributions are implementation-defined, these are not.
inline double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}
inline Index uniformIndex(std::mt19937_64& rng, Index n) {
    // Lemire's multiply-shift; the bias (n / 2^64) is far below anything observable.
    const unsigned __int128 product =
        static_cast<unsigned __int128>(rng()) * static_cast<std::uint64_t>(n);
    return static_cast<Index>(product >> 64);
}

/// One k-means run from given centres.
struct RunResult {
    std::vector<std::int32_t> labels;
    RowMatrix centres;
    double inertia = 0.0;
    int iterations = 0;
    bool converged = false;
    bool cancelled = false;
};

struct RunSettings {
    int maxIterations = 300;
    double absoluteTolerance = 0.0; ///< already scaled by the mean variance
    int threads = 1;
    const CancelToken* cancel = nullptr;
    std::function<void(double)> onIteration; ///< fraction of maxIterations done
};

RunResult runLloyd(const ConstRowRef& data, RowMatrix centres, const RunSettings& settings);
RunResult runElkan(const ConstRowRef& data, RowMatrix centres, const RunSettings& settings);

/// Greedy k-means++ drawing from `rng` (shared across restarts). Empty matrix when cancelled.
RowMatrix seedPlusPlus(const ConstRowRef& data, int k, std::mt19937_64& rng, int threads,
                       const CancelToken& cancel);

/// Per-cluster sums and counts reduced over blocks in order.
struct ClusterSums {
    RowMatrix sums;         ///< k x d
    Eigen::VectorXd counts; ///< k
};

/// scikit-learn's `_relocate_empty_clusters_dense`: each empty cluster takes one of the points
/// farthest from their (old) centre, removed from its own cluster's sum; labels are unchanged.
void relocateEmptyClusters(const ConstRowRef& data, const RowMatrix& oldCentres,
                           const std::vector<std::int32_t>& labels, ClusterSums& sums);

/// Turns sums into means (times 1/count, as scikit-learn does); empty clusters keep their sum.
void averageCentres(ClusterSums& sums);

/// Euclidean shift of each centre.
Eigen::VectorXd centreShift(const RowMatrix& oldCentres, const RowMatrix& newCentres);

/// Sum of squared distances of each row to its labelled centre, reduced in block order.
double inertia(const ConstRowRef& data, const RowMatrix& centres,
               const std::vector<std::int32_t>& labels, const BlockPlan& plan, int threads);

/// Combines per-block partial sums in block order.
void reduceBlocks(const std::vector<ClusterSums>& partial, ClusterSums& total);

} // namespace microseg::core::detail
