// Exact silhouette (Rousseeuw 1987) without an n x n matrix: blocks of rows stream against all
// rows, accumulating for each row the sum of distances to every cluster, so memory is
// O(block x k) per thread. Also the seeded sampled estimate.
#include "cluster_metrics_detail.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace microseg::core {
namespace {

using Index = Eigen::Index;

/// Silhouette of each encoded row among the encoded rows only. Empty when cancelled.
std::vector<double> silhouetteValues(const Eigen::Ref<const RowMatrix>& data,
                                     const detail::EncodedLabels& e, int threads,
                                     Progress& progress, const CancelToken& cancel) {
    const auto m = static_cast<Index>(e.rows.size());
    const Index d = data.cols();
    const int k = e.clusters();
    // 32 rows of a block stay in L1 while each other row is loaded once for all of them.
    constexpr Index kBlock = 32;
    const auto blocks = static_cast<int>((m + kBlock - 1) / kBlock);
    std::vector<double> values(static_cast<std::size_t>(m));
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    // One scratch per worker: sums(r, c) is the distance of block row r to all rows of cluster
    // c, added in row order, so the result does not depend on the thread count.
    std::vector<RowMatrix> scratch(static_cast<std::size_t>(threads), RowMatrix(kBlock, k));
    detail::parallelFor(blocks, threads, [&](int b, int worker) {
        if (stop.load(std::memory_order_relaxed))
            return;
        if (cancel.isCancelled()) {
            stop = true;
            return;
        }
        RowMatrix& sums = scratch[static_cast<std::size_t>(worker)];
        const Index begin = b * kBlock;
        const Index count = std::min(kBlock, m - begin);
        sums.setZero();
        for (Index s = 0; s < m; ++s) {
            const Eigen::Map<const Eigen::VectorXd> y(data.row(e.rows[s]).data(), d);
            const std::int32_t c = e.codes[s];
            for (Index r = 0; r < count; ++r) {
                const Eigen::Map<const Eigen::VectorXd> x(data.row(e.rows[begin + r]).data(), d);
                sums(r, c) += (x - y).norm();
            }
        }
        for (Index r = 0; r < count; ++r) {
            const std::int32_t own = e.codes[begin + r];
            const auto ownSize = e.sizes[static_cast<std::size_t>(own)];
            double nearest = std::numeric_limits<double>::infinity();
            for (int c = 0; c < k; ++c)
                if (c != own)
                    nearest = std::min(
                        nearest,
                        sums(r, c) / static_cast<double>(e.sizes[static_cast<std::size_t>(c)]));
            double value = 0.0; // a point alone in its cluster scores 0 (sklearn, Rousseeuw)
            if (ownSize > 1) {
                const double within = sums(r, own) / static_cast<double>(ownSize - 1);
                const double scale = std::max(within, nearest);
                value = scale > 0.0 ? (nearest - within) / scale : 0.0;
            }
            values[static_cast<std::size_t>(begin + r)] = value;
        }
        const int finished = ++done;
        if (worker == 0) // Progress is not thread-safe: only the calling thread reports
            progress.report(static_cast<double>(finished) / blocks);
    });
    if (stop || cancel.isCancelled())
        return {};
    return values;
}

} // namespace

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
    std::vector<double> values =
        silhouetteValues(data, e, detail::resolveThreadCount(options.threads), progress, cancel);
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
    std::vector<double> values = silhouetteValues(
        data, encoded.value(), detail::resolveThreadCount(options.threads), progress, cancel);
    if (values.empty())
        return cancelledError();
    progress.report(1.0);
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

} // namespace microseg::core
