// Exact silhouette (Rousseeuw 1987) without an n x n matrix: tiles of the distance matrix are
// computed with a matrix product (as scikit-learn's euclidean_distances) and folded into each
// row's sum of distances to every cluster; when the per-lane sums fit in 64 MiB only the tiles on
// and above the diagonal are computed. Also the seeded sampled estimate.
#include "cluster_metrics_detail.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace microseg::core {
namespace {

using Index = Eigen::Index;

/// The encoded rows gathered in cluster order: rows start[c] .. start[c + 1] of `x` are cluster c,
/// so a tile's distances to one cluster are a contiguous run of columns (or rows).
struct ClusterOrdered {
    RowMatrix x;
    Eigen::VectorXd norms;           ///< squared norm of each row of x
    std::vector<Index> start;        ///< k + 1 boundaries
    std::vector<Index> position;     ///< where encoded row s went
    std::vector<std::int32_t> codeAt; ///< cluster of each row of x
};

ClusterOrdered orderByCluster(const Eigen::Ref<const RowMatrix>& data, const detail::EncodedLabels& e) {
    const auto m = static_cast<Index>(e.rows.size());
    const int k = e.clusters();
    ClusterOrdered o;
    o.start.assign(static_cast<std::size_t>(k) + 1, 0);
    for (int c = 0; c < k; ++c)
        o.start[static_cast<std::size_t>(c) + 1] =
            o.start[static_cast<std::size_t>(c)] + e.sizes[static_cast<std::size_t>(c)];
    o.position.resize(static_cast<std::size_t>(m));
    std::vector<Index> next(o.start.begin(), o.start.end() - 1);
    for (Index s = 0; s < m; ++s)
        o.position[static_cast<std::size_t>(s)] =
            next[static_cast<std::size_t>(e.codes[static_cast<std::size_t>(s)])]++;
    o.x.resize(m, data.cols());
    for (Index s = 0; s < m; ++s)
        o.x.row(o.position[static_cast<std::size_t>(s)]) = data.row(e.rows[static_cast<std::size_t>(s)]);
    o.norms = o.x.rowwise().squaredNorm();
    o.codeAt.resize(static_cast<std::size_t>(m));
    for (int c = 0; c < k; ++c)
        std::fill(o.codeAt.begin() + o.start[static_cast<std::size_t>(c)],
                  o.codeAt.begin() + o.start[static_cast<std::size_t>(c) + 1], c);
    return o;
}

/// Euclidean distances between rows [r0, r0 + rows) and [c0, c0 + cols) of o.x, as
/// scikit-learn's euclidean_distances: |x|^2 + |y|^2 - 2 x.y with Eigen's blocked GEMM for x.y,
/// clipped at 0; a row's distance to itself is exactly 0.
void distanceTile(const ClusterOrdered& o, Index r0, Index rows, Index c0, Index cols,
                  RowMatrix& tile) {
    tile.resize(rows, cols);
    tile.noalias() = o.x.middleRows(r0, rows) * o.x.middleRows(c0, cols).transpose();
    tile = (((-2.0 * tile.array()).colwise() + o.norms.segment(r0, rows).array()).rowwise() +
            o.norms.segment(c0, cols).transpose().array())
               .max(0.0)
               .sqrt();
    for (Index r = std::max(r0, c0); r < std::min(r0 + rows, c0 + cols); ++r)
        tile(r - r0, r - c0) = 0.0;
}

/// Adds each tile row's distances to every cluster of the tile's columns into sums(row, cluster).
void addRowSums(const ClusterOrdered& o, const RowMatrix& tile, Index r0, Index c0,
                Eigen::MatrixXd& sums) {
    const Index end = c0 + tile.cols();
    for (Index col = c0; col < end;) {
        const std::int32_t c = o.codeAt[static_cast<std::size_t>(col)];
        const Index stop = std::min(o.start[static_cast<std::size_t>(c) + 1], end);
        sums.col(c).segment(r0, tile.rows()) += tile.middleCols(col - c0, stop - col).rowwise().sum();
        col = stop;
    }
}

/// The same for the tile's columns: each column's distances to every cluster of the tile's rows.
void addColumnSums(const ClusterOrdered& o, const RowMatrix& tile, Index r0, Index c0,
                   Eigen::MatrixXd& sums) {
    const Index end = r0 + tile.rows();
    for (Index row = r0; row < end;) {
        const std::int32_t c = o.codeAt[static_cast<std::size_t>(row)];
        const Index stop = std::min(o.start[static_cast<std::size_t>(c) + 1], end);
        sums.col(c).segment(c0, tile.cols()) +=
            tile.middleRows(row - r0, stop - row).colwise().sum().transpose();
        row = stop;
    }
}

/// sums(row, cluster) over all rows, from the tiles on and above the diagonal only (the distance
/// matrix is symmetric: half the products and square roots). Tile pair p goes to lane p % lanes,
/// each lane adds its pairs in a fixed order into its own sums, and the lanes are added in lane
/// order: the result depends on the lane count (fixed by the sizes), never on the threads.
bool symmetricSums(const ClusterOrdered& o, int k, int lanes, int threads, Progress& progress,
                   const CancelToken& cancel, Eigen::MatrixXd& sums) {
    constexpr Index kTile = 256;
    const Index m = o.x.rows();
    const Index blocks = (m + kTile - 1) / kTile;
    const Index pairs = blocks * (blocks + 1) / 2;
    std::vector<Eigen::MatrixXd> laneSums(static_cast<std::size_t>(lanes));
    std::atomic<Index> done{0};
    std::atomic<bool> stop{false};
    detail::parallelFor(lanes, threads, [&](int lane, int worker) {
        Eigen::MatrixXd& local = laneSums[static_cast<std::size_t>(lane)];
        local.setZero(m, k);
        RowMatrix tile;
        Index p = 0;
        for (Index bi = 0; bi < blocks; ++bi)
            for (Index bj = bi; bj < blocks; ++bj, ++p) {
                if (p % lanes != lane)
                    continue;
                if (stop.load(std::memory_order_relaxed) || cancel.isCancelled()) {
                    stop = true;
                    return;
                }
                const Index r0 = bi * kTile, c0 = bj * kTile;
                distanceTile(o, r0, std::min(kTile, m - r0), c0, std::min(kTile, m - c0), tile);
                addRowSums(o, tile, r0, c0, local);
                if (bj != bi)
                    addColumnSums(o, tile, r0, c0, local);
                const Index finished = ++done;
                if (worker == 0) // Progress is not thread-safe: only the calling thread reports
                    progress.report(static_cast<double>(finished) / static_cast<double>(pairs));
            }
    });
    if (stop || cancel.isCancelled())
        return false;
    sums = std::move(laneSums[0]);
    for (std::size_t lane = 1; lane < laneSums.size(); ++lane)
        sums += laneSums[lane];
    return true;
}

/// sums(row, cluster) a block of rows at a time against all rows (memory: one tile per thread),
/// for sizes where per-lane sums of the symmetric form would take too much memory.
bool rowBlockSums(const ClusterOrdered& o, int k, int threads, Progress& progress,
                  const CancelToken& cancel, Eigen::MatrixXd& sums) {
    constexpr Index kBlock = 64;
    constexpr Index kChunk = 2048; // a 64 x 2048 tile (1 MiB) stays in L2
    const Index m = o.x.rows();
    const auto blocks = static_cast<int>((m + kBlock - 1) / kBlock);
    sums.setZero(m, k);
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    std::vector<RowMatrix> tiles(static_cast<std::size_t>(threads));
    detail::parallelFor(blocks, threads, [&](int b, int worker) {
        if (stop.load(std::memory_order_relaxed) || cancel.isCancelled()) {
            stop = true;
            return;
        }
        RowMatrix& tile = tiles[static_cast<std::size_t>(worker)];
        const Index r0 = b * kBlock;
        const Index rows = std::min(kBlock, m - r0);
        // Each row's sums are added chunk by chunk in column order by one worker.
        for (Index c0 = 0; c0 < m; c0 += kChunk) {
            distanceTile(o, r0, rows, c0, std::min(kChunk, m - c0), tile);
            addRowSums(o, tile, r0, c0, sums);
        }
        const int finished = ++done;
        if (worker == 0)
            progress.report(static_cast<double>(finished) / blocks);
    });
    return !(stop || cancel.isCancelled());
}

} // namespace

namespace detail {

int silhouetteLanes(Eigen::Index rows, int clusters) {
    // Up to 8 lanes of rows x clusters sums within 64 MiB; below 2 the row-block form is used.
    constexpr double kLaneBudget = 64.0 * 1024 * 1024;
    return static_cast<int>(std::min(
        8.0, kLaneBudget / (8.0 * static_cast<double>(rows) * static_cast<double>(clusters))));
}

std::vector<double> silhouetteValues(const Eigen::Ref<const RowMatrix>& data,
                                     const EncodedLabels& e, int lanes, int threads,
                                     Progress& progress, const CancelToken& cancel) {
    const auto m = static_cast<Index>(e.rows.size());
    const int k = e.clusters();
    const ClusterOrdered o = orderByCluster(data, e);
    Eigen::MatrixXd sums;
    const bool complete = lanes >= 2
                              ? symmetricSums(o, k, lanes, threads, progress, cancel, sums)
                              : rowBlockSums(o, k, threads, progress, cancel, sums);
    if (!complete)
        return {};
    std::vector<double> values(static_cast<std::size_t>(m));
    for (Index s = 0; s < m; ++s) {
        const Index r = o.position[static_cast<std::size_t>(s)];
        const std::int32_t own = o.codeAt[static_cast<std::size_t>(r)];
        const auto ownSize = e.sizes[static_cast<std::size_t>(own)];
        double nearest = std::numeric_limits<double>::infinity();
        for (int c = 0; c < k; ++c)
            if (c != own)
                nearest = std::min(
                    nearest, sums(r, c) / static_cast<double>(e.sizes[static_cast<std::size_t>(c)]));
        double value = 0.0; // a point alone in its cluster scores 0 (sklearn, Rousseeuw)
        if (ownSize > 1) {
            const double within = sums(r, own) / static_cast<double>(ownSize - 1);
            const double scale = std::max(within, nearest);
            value = scale > 0.0 ? (nearest - within) / scale : 0.0;
        }
        values[static_cast<std::size_t>(s)] = value;
    }
    return values;
}

} // namespace detail

Result<SilhouetteResult> silhouette(const Eigen::Ref<const RowMatrix>& data,
                                    const std::vector<std::int32_t>& labels,
                                    const ClusterMetricOptions& options, Progress& progress,
                                    const CancelToken& cancel) {
    if (cancel.isCancelled())
        return cancelledError();
    auto encoded = detail::encodeLabels(data, labels, "The silhouette");
    if (!encoded)
        return encoded.error();
    const detail::EncodedLabels& e = encoded.value();
    progress.report(0.0, "silhouette");
    std::vector<double> values = detail::silhouetteValues(
        data, e, detail::silhouetteLanes(static_cast<Eigen::Index>(e.rows.size()), e.clusters()),
        detail::resolveThreadCount(options.threads), progress, cancel);
    if (values.empty())
        return cancelledError();
    SilhouetteResult out;
    out.values.assign(labels.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < e.rows.size(); ++r)
        out.values[static_cast<std::size_t>(e.rows[r])] = values[r];
    out.mean =
        std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
    progress.report(1.0);
    return out;
}

Result<double> silhouetteSampled(const Eigen::Ref<const RowMatrix>& data,
                                 const std::vector<std::int32_t>& labels,
                                 const ClusterMetricOptions& options, Progress& progress,
                                 const CancelToken& cancel) {
    if (options.sampleSize < 2)
        return Error{ErrorCode::InvalidArgument,
                     "The silhouette sample size must be at least 2; it is " +
                         std::to_string(options.sampleSize) + ".",
                     {},
                     0,
                     0,
                     std::to_string(options.sampleSize)};
    const Index n = data.rows();
    if (options.sampleSize >= n) {
        auto exact = silhouette(data, labels, options, progress, cancel);
        if (!exact)
            return exact.error();
        return exact.value().mean;
    }
    if (cancel.isCancelled())
        return cancelledError();
    // Partial Fisher-Yates with portable index draws: the same sample for a seed everywhere.
    std::mt19937_64 rng(options.seed);
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index{0});
    const auto size = static_cast<Index>(options.sampleSize);
    for (Index i = 0; i < size; ++i) {
        const auto span = static_cast<std::uint64_t>(n - i);
        const auto pick = static_cast<Index>((static_cast<unsigned __int128>(rng()) * span) >> 64);
        std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(i + pick)]);
    }
    order.resize(static_cast<std::size_t>(size));
    std::sort(order.begin(), order.end()); // sequential access; the score ignores the order
    auto encoded = detail::encodeLabels(data, labels, "The sampled silhouette", order);
    if (!encoded)
        return encoded.error();
    progress.report(0.0, "silhouette (sample)");
    std::vector<double> values = detail::silhouetteValues(
        data, encoded.value(),
        detail::silhouetteLanes(static_cast<Eigen::Index>(encoded.value().rows.size()),
                                encoded.value().clusters()),
        detail::resolveThreadCount(options.threads), progress, cancel);
    if (values.empty())
        return cancelledError();
    progress.report(1.0);
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

} // namespace microseg::core
