// Greedy k-means++ seeding (Arthur and Vassilvitskii 2007), as scikit-learn's `_kmeans_plusplus`:
// each new centre is the best of 2 + floor(ln k) candidates drawn with probability proportional
// to the squared distance to the nearest chosen centre, "best" meaning the lowest potential
// (sum of those squared distances) once the candidate is added.
#include "kmeans_detail.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace microseg::core::detail {

RowMatrix seedPlusPlus(const ConstRowRef& data, int k, std::mt19937_64& rng, int threads,
                       const CancelToken& cancel) {
    const Index n = data.rows();
    const Index d = data.cols();
    const BlockPlan plan = makeBlockPlan(n, 1, d);
    const int trials = 2 + static_cast<int>(std::log(static_cast<double>(k)));
    RowMatrix centres(k, d);

    // closest[i]: squared distance of row i to its nearest chosen centre.
    std::vector<double> closest(static_cast<std::size_t>(n));
    std::vector<double> cumulative(static_cast<std::size_t>(n));
    std::vector<double> blockPotential(static_cast<std::size_t>(plan.blocks) * trials);

    Index chosen = uniformIndex(rng, n);
    centres.row(0) = data.row(chosen);
    // Sets `closest` to min(closest, distance to row `c`) (or to the distance when `first`).
    auto absorb = [&](Index c, bool first) {
        const double* centre = data.row(c).data();
        parallelFor(plan.blocks, threads, [&](int b, int) {
            for (Index i = plan.begin(b); i < plan.end(b); ++i) {
                const double distance = squaredDistance(data.row(i).data(), centre, d);
                closest[i] = first ? distance : std::min(closest[i], distance);
            }
        });
    };
    absorb(chosen, true);
    double potential = 0.0;
    for (double v : closest)
        potential += v;

    std::vector<Index> candidates(static_cast<std::size_t>(trials));
    for (int c = 1; c < k; ++c) {
        if (cancel.isCancelled())
            return {};
        std::partial_sum(closest.begin(), closest.end(), cumulative.begin());
        for (int t = 0; t < trials; ++t) {
            const double target = uniform01(rng) * potential;
            const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
            // Rounding can put the target past the last partial sum: clip like scikit-learn.
            candidates[t] = std::min<Index>(it - cumulative.begin(), n - 1);
        }
        parallelFor(plan.blocks, threads, [&](int b, int) {
            for (int t = 0; t < trials; ++t) {
                const double* candidate = data.row(candidates[t]).data();
                double sum = 0.0;
                for (Index i = plan.begin(b); i < plan.end(b); ++i)
                    sum += std::min(closest[i], squaredDistance(data.row(i).data(), candidate, d));
                blockPotential[static_cast<std::size_t>(b) * trials + t] = sum;
            }
        });
        int best = 0;
        double bestPotential = std::numeric_limits<double>::infinity();
        for (int t = 0; t < trials; ++t) {
            double sum = 0.0;
            for (int b = 0; b < plan.blocks; ++b)
                sum += blockPotential[static_cast<std::size_t>(b) * trials + t];
            if (sum < bestPotential) { // first minimum, like np.argmin
                bestPotential = sum;
                best = t;
            }
        }
        chosen = candidates[best];
        potential = bestPotential;
        centres.row(c) = data.row(chosen);
        absorb(chosen, false);
    }
    return centres;
}

} // namespace microseg::core::detail

namespace microseg::core {

Result<RowMatrix> kmeansPlusPlus(const Eigen::Ref<const RowMatrix>& data, int k, std::uint64_t seed,
                                 int threads, const CancelToken& cancel) {
    if (k < 1 || k > data.rows())
        return Error{ErrorCode::InvalidArgument,
                     "The number of clusters k must be between 1 and the number of rows (" +
                         std::to_string(data.rows()) + ").",
                     {},
                     0,
                     0,
                     std::to_string(k)};
    if (cancel.isCancelled())
        return cancelledError();
    std::mt19937_64 rng(seed);
    RowMatrix centres =
        detail::seedPlusPlus(data, k, rng, detail::resolveThreadCount(threads), cancel);
    if (centres.rows() == 0)
        return cancelledError();
    return centres;
}

} // namespace microseg::core
