// Elkan's exact accelerated k-means (Elkan 2003) with scikit-learn 1.2.1's control flow
// (`_kmeans_single_elkan`, `elkan_iter_chunked_dense`). Each point keeps an upper bound on the
// distance to its centre and a lower bound per centre; the triangle inequality against the
// half distances between centres skips most distance computations once clusters settle.
#include "kmeans_detail.h"

#include <cmath>
#include <limits>

namespace microseg::core::detail {
namespace {

struct Bounds {
    Eigen::VectorXd upper; ///< n: >= distance to the assigned centre
    RowMatrix lower;       ///< n x k: <= distance to each centre
};

/// Half the distances between centres, and for each centre half the distance to its nearest
/// other centre (s(c) in the paper).
struct CentreGeometry {
    RowMatrix half;
    Eigen::VectorXd nextHalf;
};

CentreGeometry centreGeometry(const RowMatrix& centres) {
    const Index k = centres.rows();
    CentreGeometry g{RowMatrix::Zero(k, k),
                     Eigen::VectorXd::Constant(k, std::numeric_limits<double>::infinity())};
    for (Index a = 0; a < k; ++a)
        for (Index b = a + 1; b < k; ++b) {
            const double h =
                0.5 * std::sqrt(squaredDistance(centres.row(a).data(), centres.row(b).data(),
                                                centres.cols()));
            g.half(a, b) = h;
            g.half(b, a) = h;
            g.nextHalf[a] = std::min(g.nextHalf[a], h);
            g.nextHalf[b] = std::min(g.nextHalf[b], h);
        }
    return g;
}

/// `init_bounds_dense`: first assignment, computing a distance only when the triangle
/// inequality cannot rule the centre out.
void initBounds(const ConstRowRef& data, const RowMatrix& centres, const CentreGeometry& g,
                std::vector<std::int32_t>& labels, Bounds& bounds, const BlockPlan& plan,
                int threads) {
    const Index k = centres.rows();
    const Index d = data.cols();
    parallelFor(plan.blocks, threads, [&](int b, int) {
        for (Index i = plan.begin(b); i < plan.end(b); ++i) {
            const double* x = data.row(i).data();
            Index best = 0;
            double minDistance = std::sqrt(squaredDistance(x, centres.row(0).data(), d));
            bounds.lower(i, 0) = minDistance;
            for (Index j = 1; j < k; ++j) {
                if (minDistance > g.half(best, j)) {
                    const double distance = std::sqrt(squaredDistance(x, centres.row(j).data(), d));
                    bounds.lower(i, j) = distance;
                    if (distance < minDistance) {
                        minDistance = distance;
                        best = j;
                    }
                }
            }
            labels[i] = static_cast<std::int32_t>(best);
            bounds.upper[i] = minDistance;
        }
    });
}

/// One bounded assignment pass (and M-step sums when `partial` is given).
void assign(const ConstRowRef& data, const RowMatrix& centres, const CentreGeometry& g,
            std::vector<std::int32_t>& labels, Bounds& bounds, std::vector<ClusterSums>* partial,
            const BlockPlan& plan, int threads) {
    const Index k = centres.rows();
    const Index d = data.cols();
    parallelFor(plan.blocks, threads, [&](int b, int) {
        ClusterSums* sums = partial ? &(*partial)[b] : nullptr;
        if (sums) {
            sums->sums.setZero();
            sums->counts.setZero();
        }
        for (Index i = plan.begin(b); i < plan.end(b); ++i) {
            const double* x = data.row(i).data();
            Index label = labels[i];
            double upper = bounds.upper[i];
            // Skip the point entirely when its centre is closer than half the way to any other.
            if (!(g.nextHalf[label] >= upper)) {
                bool tight = false;
                for (Index j = 0; j < k; ++j) {
                    if (j == label || !(upper > bounds.lower(i, j)) || !(upper > g.half(label, j)))
                        continue;
                    if (!tight) {
                        upper = std::sqrt(squaredDistance(x, centres.row(label).data(), d));
                        bounds.lower(i, label) = upper;
                        tight = true;
                    }
                    if (upper > bounds.lower(i, j) || upper > g.half(label, j)) {
                        const double distance =
                            std::sqrt(squaredDistance(x, centres.row(j).data(), d));
                        bounds.lower(i, j) = distance;
                        if (distance < upper) {
                            label = j;
                            upper = distance;
                        }
                    }
                }
                labels[i] = static_cast<std::int32_t>(label);
                bounds.upper[i] = upper;
            }
            if (sums) {
                sums->sums.row(label) += data.row(i);
                sums->counts[label] += 1.0;
            }
        }
    });
}

/// Moves the bounds by the centre shifts so they stay valid for the new centres.
void shiftBounds(const std::vector<std::int32_t>& labels, const Eigen::VectorXd& shift,
                 Bounds& bounds, const BlockPlan& plan, int threads) {
    const Index k = shift.size();
    parallelFor(plan.blocks, threads, [&](int b, int) {
        for (Index i = plan.begin(b); i < plan.end(b); ++i) {
            bounds.upper[i] += shift[labels[i]];
            for (Index j = 0; j < k; ++j)
                bounds.lower(i, j) = std::max(0.0, bounds.lower(i, j) - shift[j]);
        }
    });
}

} // namespace

RunResult runElkan(const ConstRowRef& data, RowMatrix centres, const RunSettings& settings) {
    const Index n = data.rows();
    const Index d = data.cols();
    const Index k = centres.rows();
    const BlockPlan plan = makeBlockPlan(n, k, d);
    std::vector<ClusterSums> partial(static_cast<std::size_t>(plan.blocks),
                                     ClusterSums{RowMatrix(k, d), Eigen::VectorXd(k)});
    ClusterSums total{RowMatrix(k, d), Eigen::VectorXd(k)};

    RunResult result;
    result.labels.assign(static_cast<std::size_t>(n), -1);
    Bounds bounds{Eigen::VectorXd::Zero(n), RowMatrix::Zero(n, k)};
    CentreGeometry geometry = centreGeometry(centres);
    initBounds(data, centres, geometry, result.labels, bounds, plan, settings.threads);
    // As in scikit-learn, the "previous" labels of the first iteration are all -1, so the
    // first iteration can never count as strictly converged.
    std::vector<std::int32_t> previous(static_cast<std::size_t>(n), -1);

    bool strict = false;
    int iteration = 0;
    for (; iteration < settings.maxIterations; ++iteration) {
        if (settings.cancel && settings.cancel->isCancelled()) {
            result.cancelled = true;
            return result;
        }
        assign(data, centres, geometry, result.labels, bounds, &partial, plan, settings.threads);
        reduceBlocks(partial, total);
        relocateEmptyClusters(data, centres, result.labels, total);
        averageCentres(total);
        const Eigen::VectorXd shift = centreShift(centres, total.sums);
        shiftBounds(result.labels, shift, bounds, plan, settings.threads);
        centres = total.sums;
        geometry = centreGeometry(centres);
        if (settings.onIteration)
            settings.onIteration(static_cast<double>(iteration + 1) / settings.maxIterations);
        if (result.labels == previous) {
            strict = true;
            break;
        }
        if (shift.squaredNorm() <= settings.absoluteTolerance)
            break;
        previous = result.labels;
    }
    result.converged = iteration < settings.maxIterations;
    result.iterations = result.converged ? iteration + 1 : settings.maxIterations;
    if (!strict)
        assign(data, centres, geometry, result.labels, bounds, nullptr, plan, settings.threads);
    result.inertia = inertia(data, centres, result.labels, plan, settings.threads);
    result.centres = std::move(centres);
    return result;
}

} // namespace microseg::core::detail
