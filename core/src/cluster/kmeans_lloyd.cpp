// Lloyd iterations with scikit-learn 1.2.1's control flow (`_kmeans_single_lloyd`): assign and
// accumulate in one pass per block, relocate empty clusters, average, test strict then tolerance
// convergence, and re-assign once more unless the labels were strictly stable.
#include "kmeans_detail.h"

#include <limits>

namespace microseg::core::detail {
namespace {

/// Nearest centre of one row; the first index wins ties, as in scikit-learn.
inline std::int32_t nearest(const double* x, const RowMatrix& centres, Index d) {
    std::int32_t best = 0;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (Index j = 0; j < centres.rows(); ++j) {
        const double distance = squaredDistance(x, centres.row(j).data(), d);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = static_cast<std::int32_t>(j);
        }
    }
    return best;
}

/// One E step (and M-step sums when `partial` is given). Returns whether any label changed.
bool assign(const ConstRowRef& data, const RowMatrix& centres, std::vector<std::int32_t>& labels,
            std::vector<ClusterSums>* partial, const BlockPlan& plan, int threads) {
    const Index d = data.cols();
    std::vector<char> changed(static_cast<std::size_t>(plan.blocks), 0);
    parallelFor(plan.blocks, threads, [&](int b, int) {
        ClusterSums* sums = partial ? &(*partial)[b] : nullptr;
        if (sums) {
            sums->sums.setZero();
            sums->counts.setZero();
        }
        bool blockChanged = false;
        for (Index i = plan.begin(b); i < plan.end(b); ++i) {
            const double* x = data.row(i).data();
            const std::int32_t label = nearest(x, centres, d);
            blockChanged = blockChanged || label != labels[i];
            labels[i] = label;
            if (sums) {
                sums->sums.row(label) += data.row(i);
                sums->counts[label] += 1.0;
            }
        }
        changed[b] = blockChanged ? 1 : 0;
    });
    for (char c : changed)
        if (c)
            return true;
    return false;
}

} // namespace

RunResult runLloyd(const ConstRowRef& data, RowMatrix centres, const RunSettings& settings) {
    const Index n = data.rows();
    const Index d = data.cols();
    const Index k = centres.rows();
    const BlockPlan plan = makeBlockPlan(n, k, d);
    std::vector<ClusterSums> partial(static_cast<std::size_t>(plan.blocks),
                                     ClusterSums{RowMatrix(k, d), Eigen::VectorXd(k)});
    ClusterSums total{RowMatrix(k, d), Eigen::VectorXd(k)};

    RunResult result;
    result.labels.assign(static_cast<std::size_t>(n), -1);
    bool strict = false;
    int iteration = 0;
    for (; iteration < settings.maxIterations; ++iteration) {
        if (settings.cancel && settings.cancel->isCancelled()) {
            result.cancelled = true;
            return result;
        }
        // The labels start at -1, so the first pass always counts as a change (as in sklearn).
        const bool changed = assign(data, centres, result.labels, &partial, plan, settings.threads);
        reduceBlocks(partial, total);
        relocateEmptyClusters(data, centres, result.labels, total);
        averageCentres(total);
        const Eigen::VectorXd shift = centreShift(centres, total.sums);
        centres = total.sums;
        if (settings.onIteration)
            settings.onIteration(static_cast<double>(iteration + 1) / settings.maxIterations);
        if (!changed) {
            strict = true;
            break;
        }
        if (shift.squaredNorm() <= settings.absoluteTolerance)
            break;
    }
    result.converged = iteration < settings.maxIterations;
    result.iterations = result.converged ? iteration + 1 : settings.maxIterations;
    if (!strict)
        assign(data, centres, result.labels, nullptr, plan, settings.threads);
    result.inertia = inertia(data, centres, result.labels, plan, settings.threads);
    result.centres = std::move(centres);
    return result;
}

} // namespace microseg::core::detail
