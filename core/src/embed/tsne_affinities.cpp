// t-SNE input affinities: perplexity calibration and symmetrisation (van der Maaten and Hinton
// 2008; sparse nearest-neighbour version: van der Maaten 2014), as scikit-learn 1.2.1.
#include "tsne_detail.h"

#include "../cluster/parallel_for.h"
#include "microseg/kd_tree.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>

namespace microseg::core::detail {
namespace {
using Index = Eigen::Index;
} // namespace

void calibrateRow(const double* squaredDistances, int count, double perplexity, double* out) {
    // scikit-learn's _binary_search_perplexity, step for step.
    constexpr double kTolerance = 1e-5;
    constexpr double kMinSum = 1e-8; // EPSILON_DBL there
    const double desiredEntropy = std::log(perplexity);
    double beta = 1.0;
    double betaMin = -std::numeric_limits<double>::infinity();
    double betaMax = std::numeric_limits<double>::infinity();
    for (int step = 0; step < 100; ++step) {
        double sum = 0.0;
        for (int j = 0; j < count; ++j) {
            out[j] = std::exp(-squaredDistances[j] * beta);
            sum += out[j];
        }
        if (sum == 0.0)
            sum = kMinSum;
        double weightedDistance = 0.0;
        for (int j = 0; j < count; ++j) {
            out[j] /= sum;
            weightedDistance += squaredDistances[j] * out[j];
        }
        const double entropy = std::log(sum) + beta * weightedDistance;
        const double difference = entropy - desiredEntropy;
        if (std::abs(difference) <= kTolerance)
            break;
        if (difference > 0.0) {
            betaMin = beta;
            beta = betaMax == std::numeric_limits<double>::infinity() ? beta * 2.0
                                                                      : (beta + betaMax) / 2.0;
        } else {
            betaMax = beta;
            beta = betaMin == -std::numeric_limits<double>::infinity() ? beta / 2.0
                                                                       : (beta + betaMin) / 2.0;
        }
    }
}

Result<SparseAffinities> sparseAffinities(const Eigen::Ref<const RowMatrix>& x, double perplexity,
                                          int neighbours, int threads, Progress& progress,
                                          double from, double to, const CancelToken& cancel) {
    const Index n = x.rows();
    const int k = neighbours;
    const KdTree tree(x, KdTree::defaultLeafSize(x.cols()));
    // Conditional P over each row's k nearest neighbours (self excluded), n x k.
    std::vector<std::int32_t> neighbour(static_cast<std::size_t>(n * k));
    std::vector<double> conditional(static_cast<std::size_t>(n * k));
    const int blocks = tsneBlocks(n);
    const int workers = resolveThreadCount(threads);
    std::vector<std::vector<KdTree::Neighbour>> found(static_cast<std::size_t>(workers));
    std::vector<std::vector<double>> squared(static_cast<std::size_t>(workers),
                                             std::vector<double>(static_cast<std::size_t>(k)));
    parallelFor(blocks, workers, [&](int b, int worker) {
        if (cancel.isCancelled())
            return;
        auto& hits = found[static_cast<std::size_t>(worker)];
        auto& d2 = squared[static_cast<std::size_t>(worker)];
        const Index end = std::min(n, (b + 1) * kTsneBlockRows);
        for (Index i = b * kTsneBlockRows; i < end; ++i) {
            tree.nearest(x.row(i).data(), k + 1, hits);
            // Drop i itself (or, among more than k + 1 duplicates, the farthest hit).
            auto self = std::find_if(hits.begin(), hits.end(),
                                     [i](const KdTree::Neighbour& h) { return h.row == i; });
            hits.erase(self != hits.end() ? self : hits.end() - 1);
            for (int j = 0; j < k; ++j) {
                const auto& hit = hits[static_cast<std::size_t>(j)];
                neighbour[static_cast<std::size_t>(i * k + j)] = static_cast<std::int32_t>(hit.row);
                // scikit-learn squares the k-NN distances and calibrates them as float32.
                d2[static_cast<std::size_t>(j)] =
                    static_cast<double>(static_cast<float>(hit.distance * hit.distance));
            }
            calibrateRow(d2.data(), k, perplexity, conditional.data() + i * k);
        }
        if (worker == 0)
            progress.report(from + (to - from) * 0.9 * (b + 1) / blocks, "Nearest neighbours");
    });
    if (cancel.isCancelled())
        return cancelledError();

    // P = (C + C^T) / sum. The transpose by counting sort keeps sources in increasing order.
    std::vector<std::int64_t> reverseStart(static_cast<std::size_t>(n + 1), 0);
    for (const auto j : neighbour)
        ++reverseStart[static_cast<std::size_t>(j) + 1];
    std::partial_sum(reverseStart.begin(), reverseStart.end(), reverseStart.begin());
    std::vector<std::int32_t> reverseSource(neighbour.size());
    std::vector<double> reverseValue(neighbour.size());
    {
        std::vector<std::int64_t> fill(reverseStart.begin(), reverseStart.end() - 1);
        for (Index i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j) {
                const auto at = static_cast<std::size_t>(i * k + j);
                const auto slot = static_cast<std::size_t>(fill[static_cast<std::size_t>(neighbour[at])]++);
                reverseSource[slot] = static_cast<std::int32_t>(i);
                reverseValue[slot] = conditional[at];
            }
    }
    // Merge each row's own neighbours (sorted) with its reverse entries, summing duplicates:
    // a counting pass sizes every row, a second pass writes straight into P (no per-row vectors).
    const auto mergeRow = [&](Index i, std::vector<std::pair<std::int32_t, double>>& own,
                              auto&& emit) {
        for (int j = 0; j < k; ++j) {
            const auto at = static_cast<std::size_t>(i * k + j);
            own[static_cast<std::size_t>(j)] = {neighbour[at], conditional[at]};
        }
        std::sort(own.begin(), own.end());
        auto r = static_cast<std::size_t>(reverseStart[static_cast<std::size_t>(i)]);
        const auto rEnd = static_cast<std::size_t>(reverseStart[static_cast<std::size_t>(i) + 1]);
        std::size_t o = 0;
        while (o < own.size() || r < rEnd) {
            if (r == rEnd || (o < own.size() && own[o].first < reverseSource[r])) {
                emit(own[o].first, own[o].second);
                ++o;
            } else if (o == own.size() || reverseSource[r] < own[o].first) {
                emit(reverseSource[r], reverseValue[r]);
                ++r;
            } else {
                emit(own[o].first, own[o].second + reverseValue[r]);
                ++o;
                ++r;
            }
        }
    };
    SparseAffinities p;
    p.rowStart.assign(static_cast<std::size_t>(n + 1), 0);
    parallelFor(blocks, workers, [&](int b, int) {
        std::vector<std::pair<std::int32_t, double>> own(static_cast<std::size_t>(k));
        const Index end = std::min(n, (b + 1) * kTsneBlockRows);
        for (Index i = b * kTsneBlockRows; i < end; ++i) {
            std::int64_t count = 0;
            mergeRow(i, own, [&count](std::int32_t, double) { ++count; });
            p.rowStart[static_cast<std::size_t>(i) + 1] = count;
        }
    });
    std::partial_sum(p.rowStart.begin(), p.rowStart.end(), p.rowStart.begin());
    p.columns.resize(static_cast<std::size_t>(p.rowStart.back()));
    p.values.resize(p.columns.size());
    std::vector<double> partialTotal(static_cast<std::size_t>(blocks), 0.0);
    parallelFor(blocks, workers, [&](int b, int) {
        std::vector<std::pair<std::int32_t, double>> own(static_cast<std::size_t>(k));
        const Index end = std::min(n, (b + 1) * kTsneBlockRows);
        double sum = 0.0;
        for (Index i = b * kTsneBlockRows; i < end; ++i) {
            auto at = static_cast<std::size_t>(p.rowStart[static_cast<std::size_t>(i)]);
            mergeRow(i, own, [&](std::int32_t column, double value) {
                p.columns[at] = column;
                p.values[at++] = value;
                sum += value;
            });
        }
        partialTotal[static_cast<std::size_t>(b)] = sum;
    });
    double total = std::accumulate(partialTotal.begin(), partialTotal.end(), 0.0);
    total = std::max(total, DBL_EPSILON);
    for (double& value : p.values)
        value /= total;
    progress.report(to, "Affinities");
    return p;
}

Result<RowMatrix> denseAffinities(const Eigen::Ref<const RowMatrix>& x, double perplexity,
                                  int threads, Progress& progress, double from, double to,
                                  const CancelToken& cancel) {
    const Index n = x.rows();
    RowMatrix conditional = RowMatrix::Zero(n, n);
    const int blocks = tsneBlocks(n);
    parallelFor(blocks, resolveThreadCount(threads), [&](int b, int worker) {
        std::vector<double> d2(static_cast<std::size_t>(n - 1)), row(static_cast<std::size_t>(n - 1));
        const Index end = std::min(n, (b + 1) * kTsneBlockRows);
        for (Index i = b * kTsneBlockRows; i < end && !cancel.isCancelled(); ++i) {
            for (Index j = 0, at = 0; j < n; ++j)
                if (j != i) // scikit-learn calibrates float32 squared distances
                    d2[static_cast<std::size_t>(at++)] =
                        static_cast<double>(static_cast<float>((x.row(i) - x.row(j)).squaredNorm()));
            calibrateRow(d2.data(), static_cast<int>(n - 1), perplexity, row.data());
            for (Index j = 0, at = 0; j < n; ++j)
                if (j != i)
                    conditional(i, j) = row[static_cast<std::size_t>(at++)];
        }
        if (worker == 0)
            progress.report(from + (to - from) * (b + 1) / blocks, "Affinities");
    });
    if (cancel.isCancelled())
        return cancelledError();
    RowMatrix p = conditional + conditional.transpose();
    // As scikit-learn: divided by the sum of the whole symmetric matrix, floored at DBL_EPSILON.
    const double total = std::max(p.sum(), DBL_EPSILON);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < n; ++j)
            p(i, j) = i == j ? 0.0 : std::max(p(i, j) / total, DBL_EPSILON);
    return p;
}

SparseAffinities toSparse(const RowMatrix& dense) {
    SparseAffinities p;
    p.rowStart.push_back(0);
    for (Index i = 0; i < dense.rows(); ++i) {
        for (Index j = 0; j < dense.cols(); ++j)
            if (dense(i, j) != 0.0) {
                p.columns.push_back(static_cast<std::int32_t>(j));
                p.values.push_back(dense(i, j));
            }
        p.rowStart.push_back(static_cast<std::int64_t>(p.columns.size()));
    }
    return p;
}

} // namespace microseg::core::detail
