// The mini-batch step (Sculley 2010) with scikit-learn 1.2.1's arithmetic: `_mini_batch_step`,
// `_minibatch_update_dense` and `_random_reassign`, plus the shared argument checks.
#include "minibatch_kmeans_detail.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace microseg::core::detail {
namespace {

constexpr Index kChunk = 256; // rows per block, as sklearn's CHUNK_SIZE

inline std::int32_t nearestCentre(const double* x, const RowMatrix& centres, Index d,
                                  double& distance) {
    std::int32_t best = 0;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (Index j = 0; j < centres.rows(); ++j) {
        const double dj = squaredDistance(x, centres.row(j).data(), d);
        if (dj < bestDistance) {
            bestDistance = dj;
            best = static_cast<std::int32_t>(j);
        }
    }
    distance = bestDistance;
    return best;
}

} // namespace

std::vector<std::int32_t> nearestLabels(const ConstRowRef& rows, const RowMatrix& centres,
                                        int threads, double* inertia) {
    const Index n = rows.rows();
    const Index d = rows.cols();
    const auto blocks = static_cast<int>((n + kChunk - 1) / kChunk);
    std::vector<std::int32_t> labels(static_cast<std::size_t>(n));
    std::vector<double> partial(static_cast<std::size_t>(blocks), 0.0);
    // Threads only pay when the block work outweighs ~50 us of thread start-up.
    const double work = static_cast<double>(n) * static_cast<double>(centres.rows()) * d;
    const int useThreads = work > 4.0e5 ? threads : 1;
    parallelFor(blocks, useThreads, [&](int b, int) {
        double sum = 0.0;
        const Index end = std::min(n, (b + 1) * kChunk);
        for (Index i = b * kChunk; i < end; ++i) {
            double distance = 0.0;
            labels[static_cast<std::size_t>(i)] =
                nearestCentre(rows.row(i).data(), centres, d, distance);
            sum += distance;
        }
        partial[static_cast<std::size_t>(b)] = sum;
    });
    if (inertia)
        *inertia = std::accumulate(partial.begin(), partial.end(), 0.0);
    return labels;
}

double miniBatchStep(const ConstRowRef& batch, RowMatrix& centres, Eigen::VectorXd& counts,
                     std::mt19937_64& rng, bool randomReassign, double reassignmentRatio,
                     int threads) {
    const Index k = centres.rows();
    const Index m = batch.rows();
    double batchInertia = 0.0;
    const std::vector<std::int32_t> labels = nearestLabels(batch, centres, threads, &batchInertia);

    // _minibatch_update_dense: centre * count, plus the members in row order, times 1 / count.
    std::vector<Index> members(static_cast<std::size_t>(k), 0);
    for (std::int32_t label : labels)
        ++members[static_cast<std::size_t>(label)];
    for (Index c = 0; c < k; ++c)
        if (members[static_cast<std::size_t>(c)] > 0)
            centres.row(c) *= counts[c];
    for (Index i = 0; i < m; ++i)
        centres.row(labels[static_cast<std::size_t>(i)]) += batch.row(i);
    for (Index c = 0; c < k; ++c) {
        const Index added = members[static_cast<std::size_t>(c)];
        if (added == 0)
            continue;
        counts[c] += static_cast<double>(added);
        const double alpha = 1.0 / counts[c];
        centres.row(c) *= alpha;
    }

    if (randomReassign && reassignmentRatio > 0.0) {
        const double limit = reassignmentRatio * counts.maxCoeff();
        std::vector<char> reassign(static_cast<std::size_t>(k), 0);
        Index total = 0;
        for (Index c = 0; c < k; ++c)
            if (counts[c] < limit) {
                reassign[static_cast<std::size_t>(c)] = 1;
                ++total;
            }
        const auto half = static_cast<Index>(0.5 * static_cast<double>(m));
        if (static_cast<double>(total) > 0.5 * static_cast<double>(m)) {
            // Keep only the `half` lowest counts (stable order on ties).
            std::vector<Index> order(static_cast<std::size_t>(k));
            std::iota(order.begin(), order.end(), Index{0});
            std::stable_sort(order.begin(), order.end(),
                             [&](Index a, Index b) { return counts[a] < counts[b]; });
            for (Index r = half; r < k; ++r)
                reassign[static_cast<std::size_t>(order[static_cast<std::size_t>(r)])] = 0;
            total = std::min(total, half);
        }
        if (total > 0) {
            // Distinct batch rows, uniformly (partial Fisher-Yates with portable draws).
            std::vector<Index> pool(static_cast<std::size_t>(m));
            std::iota(pool.begin(), pool.end(), Index{0});
            for (Index r = 0; r < total; ++r)
                std::swap(pool[static_cast<std::size_t>(r)],
                          pool[static_cast<std::size_t>(r + uniformIndex(rng, m - r))]);
            double keptMin = std::numeric_limits<double>::infinity();
            for (Index c = 0; c < k; ++c)
                if (!reassign[static_cast<std::size_t>(c)])
                    keptMin = std::min(keptMin, counts[c]);
            Index next = 0;
            for (Index c = 0; c < k; ++c)
                if (reassign[static_cast<std::size_t>(c)]) {
                    centres.row(c) = batch.row(pool[static_cast<std::size_t>(next++)]);
                    counts[c] = keptMin;
                }
        }
    }
    return batchInertia;
}

bool dueForReassign(std::int64_t& sinceReassign, int batchSize, const Eigen::VectorXd& counts,
                    int k) {
    sinceReassign += batchSize;
    if ((counts.array() == 0.0).any() || sinceReassign >= 10 * static_cast<std::int64_t>(k)) {
        sinceReassign = 0;
        return true;
    }
    return false;
}

double meanVarianceTolerance(const ConstRowRef& data, double tolerance) {
    if (tolerance == 0.0)
        return 0.0;
    const double n = static_cast<double>(data.rows());
    Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(data.cols());
    for (Index i = 0; i < data.rows(); ++i)
        mean += data.row(i);
    mean /= n;
    Eigen::RowVectorXd squares = Eigen::RowVectorXd::Zero(data.cols());
    for (Index i = 0; i < data.rows(); ++i)
        squares += (data.row(i) - mean).cwiseAbs2();
    return tolerance * (squares / n).mean();
}

void gatherRows(const ConstRowRef& data, const std::vector<Index>& indices, RowMatrix& out) {
    out.resize(static_cast<Index>(indices.size()), data.cols());
    for (std::size_t r = 0; r < indices.size(); ++r)
        out.row(static_cast<Index>(r)) = data.row(indices[r]);
}

std::optional<Error> validateMiniBatch(const ConstRowRef& data, const MiniBatchKMeansOptions& o,
                                       bool needKRows) {
    const Index n = data.rows();
    const auto str = [](auto v) { return std::to_string(v); };
    if (n == 0 || data.cols() == 0)
        return invalidArgument("Mini-batch k-means needs at least one row and one column; the "
                               "data is " + str(n) + " x " + str(data.cols()) + ".",
                               str(n) + "x" + str(data.cols()));
    if (o.k < 1 || (needKRows && o.k > n))
        return invalidArgument("The number of clusters k = " + str(o.k) +
                                   " must be between 1 and the number of rows (" + str(n) + ").",
                               str(o.k));
    if (o.batchSize < 1)
        return invalidArgument("batchSize = " + str(o.batchSize) + " must be at least 1.",
                               str(o.batchSize));
    if (o.maxIterations < 1)
        return invalidArgument("maxIterations = " + str(o.maxIterations) +
                                   " must be at least 1.", str(o.maxIterations));
    if (o.nInit < 1)
        return invalidArgument("nInit = " + str(o.nInit) + " must be at least 1.", str(o.nInit));
    if (o.initSize < 0)
        return invalidArgument("initSize = " + str(o.initSize) + " must be 0 (default) or more.",
                               str(o.initSize));
    if (!(o.tolerance >= 0.0) || !std::isfinite(o.tolerance))
        return invalidArgument("The tolerance must be a finite number >= 0.", str(o.tolerance));
    if (!(o.reassignmentRatio >= 0.0) || !std::isfinite(o.reassignmentRatio))
        return invalidArgument("reassignmentRatio must be a finite number >= 0.",
                               str(o.reassignmentRatio));
    if (o.threads < 0)
        return invalidArgument("threads = " + str(o.threads) + " must be 0 (all cores) or more.",
                               str(o.threads));
    if (o.initialCentres) {
        const RowMatrix& c = *o.initialCentres;
        if (c.rows() != o.k || c.cols() != data.cols())
            return invalidArgument("The initial centres must be k x d = " + str(o.k) + " x " +
                                       str(data.cols()) + "; they are " + str(c.rows()) + " x " +
                                       str(c.cols()) + ".",
                                   str(c.rows()) + "x" + str(c.cols()));
        if (!c.allFinite())
            return invalidArgument("The initial centres contain NaN or infinity.", "NaN");
    }
    if (!data.allFinite())
        return invalidArgument("Mini-batch k-means needs finite values; the data contains NaN or "
                               "infinity.", "NaN");
    return std::nullopt;
}

} // namespace microseg::core::detail
