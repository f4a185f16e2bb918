#include "microseg/trustworthiness.h"

#include "microseg/kd_tree.h"
#include "../cluster/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace microseg::core {
namespace {

using Index = Eigen::Index;

constexpr Index kBlockRows = 64;

/// The rows the outer sum runs over: all, or a seeded uniform sample without replacement
/// (partial Fisher-Yates with Lemire's multiply-shift, portable unlike std distributions).
std::vector<Index> rowsToScore(Index n, const TrustworthinessOptions& options) {
    std::vector<Index> rows(static_cast<std::size_t>(n));
    std::iota(rows.begin(), rows.end(), Index{0});
    if (options.sampleRows <= 0 || options.sampleRows >= n)
        return rows;
    std::mt19937_64 rng(options.seed);
    for (Index i = 0; i < options.sampleRows; ++i) {
        const auto range = static_cast<std::uint64_t>(n - i);
        const auto pick = static_cast<Index>(
            (static_cast<unsigned __int128>(rng()) * range) >> 64);
        std::swap(rows[static_cast<std::size_t>(i)], rows[static_cast<std::size_t>(i + pick)]);
    }
    rows.resize(static_cast<std::size_t>(options.sampleRows));
    std::sort(rows.begin(), rows.end());
    return rows;
}

/// sum over the embedding neighbours j of row i of max(0, rank_X(i, j) - k).
std::int64_t rowPenalty(const Eigen::Ref<const RowMatrix>& input, const KdTree& embeddingTree,
                        const Eigen::Ref<const RowMatrix>& embedding, Index i, int k,
                        std::vector<double>& distances, std::vector<KdTree::Neighbour>& found) {
    const Index n = input.rows();
    const auto xi = input.row(i);
    for (Index l = 0; l < n; ++l)
        distances[static_cast<std::size_t>(l)] = (input.row(l) - xi).squaredNorm();
    embeddingTree.nearest(embedding.row(i).data(), k + 1, found);
    std::int64_t penalty = 0;
    int used = 0;
    for (const auto& neighbour : found) {
        const Index j = neighbour.row;
        if (j == i || used == k)
            continue;
        ++used;
        // Rank of j among the distances from i, 1 = nearest, ties by lower row index.
        const double dj = distances[static_cast<std::size_t>(j)];
        std::int64_t rank = 1;
        for (Index l = 0; l < n; ++l) {
            const double dl = distances[static_cast<std::size_t>(l)];
            rank += (l != i) && (dl < dj || (dl == dj && l < j));
        }
        penalty += std::max<std::int64_t>(0, rank - k);
    }
    return penalty;
}

} // namespace

Result<double> trustworthiness(const Eigen::Ref<const RowMatrix>& input,
                               const Eigen::Ref<const RowMatrix>& embedding,
                               const TrustworthinessOptions& options, Progress& progress,
                               const CancelToken& cancel) {
    const Index n = input.rows();
    const int k = options.neighbours;
    if (embedding.rows() != n)
        return Error{ErrorCode::InvalidArgument,
                     "Trustworthiness: the embedding has " + std::to_string(embedding.rows()) +
                         " rows for " + std::to_string(n) + " input rows.", {}, 0, 0, {}};
    if (k < 1 || 2 * static_cast<Index>(k) >= n)
        return Error{ErrorCode::InvalidArgument,
                     "Trustworthiness needs 1 <= k < n / 2; k = " + std::to_string(k) +
                         " with n = " + std::to_string(n) + ".",
                     {}, 0, 0, std::to_string(k)};
    const std::vector<Index> rows = rowsToScore(n, options);
    const RowMatrix embedded = embedding;
    const KdTree tree(embedded, KdTree::defaultLeafSize(embedded.cols()));
    const auto scored = static_cast<Index>(rows.size());
    const int blocks = static_cast<int>((scored + kBlockRows - 1) / kBlockRows);
    const int threads = detail::resolveThreadCount(options.threads);
    std::vector<std::int64_t> blockPenalty(static_cast<std::size_t>(blocks), 0);
    std::vector<std::vector<double>> distances(static_cast<std::size_t>(threads),
                                               std::vector<double>(static_cast<std::size_t>(n)));
    std::vector<std::vector<KdTree::Neighbour>> found(static_cast<std::size_t>(threads));
    detail::parallelFor(blocks, threads, [&](int b, int worker) {
        if (cancel.isCancelled())
            return;
        const auto w = static_cast<std::size_t>(worker);
        const Index end = std::min(scored, (b + 1) * kBlockRows);
        for (Index r = b * kBlockRows; r < end; ++r)
            blockPenalty[static_cast<std::size_t>(b)] += rowPenalty(
                input, tree, embedded, rows[static_cast<std::size_t>(r)], k, distances[w], found[w]);
        if (worker == 0)
            progress.report(static_cast<double>(b + 1) / blocks, "Trustworthiness");
    });
    if (cancel.isCancelled())
        return cancelledError();
    const std::int64_t total = std::accumulate(blockPenalty.begin(), blockPenalty.end(), std::int64_t{0});
    // An estimate of the full sum when only some rows were scored.
    const double sum = static_cast<double>(total) * (static_cast<double>(n) / static_cast<double>(scored));
    // As scikit-learn: 1 - t * (2 / (n k (2 n - 3 k - 1))), with n k an integer product.
    const double nk = static_cast<double>(n * static_cast<Index>(k));
    return 1.0 - sum * (2.0 / (nk * (2.0 * static_cast<double>(n) - 3.0 * k - 1.0)));
}

} // namespace microseg::core
