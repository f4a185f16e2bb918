// Nearest-neighbour chain (Murtagh 1983; Müllner 2011, NN-chain-linkage) for the reducible
// linkages: Ward on centroids, average and complete on a condensed matrix. The loop structure and
// tie-breaking follow SciPy's `_hierarchy.nn_chain`: the chain starts at the lowest active slot,
// the chain predecessor wins ties, then the lowest slot; the merged cluster takes the larger slot.
#include "hierarchical_detail.h"
#include "parallel_for.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

namespace microseg::core::detail {
namespace {

using Index = Eigen::Index;
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Offset of (i, j), i != j, in SciPy's condensed (row-major upper triangle) layout.
inline std::size_t condensedIndex(std::size_t n, std::size_t i, std::size_t j) {
    if (i > j)
        std::swap(i, j);
    return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/// Active slots in increasing order; scans in this order reproduce SciPy's "lowest index wins".
void eraseSlot(std::vector<std::int64_t>& active, std::int64_t slot) {
    active.erase(std::lower_bound(active.begin(), active.end(), slot));
}

/// Scans `active` in order for the slot nearest to x, keeping (best, y) unless strictly beaten;
/// y < 0 on entry accepts the first candidate whatever its value (even +inf on overflowing data).
template <typename Dissimilarity>
void scanNearest(std::int64_t x, const std::vector<std::int64_t>& active,
                 Dissimilarity&& dissimilarity, double& best, std::int64_t& y) {
    for (const std::int64_t i : active) {
        if (i == x)
            continue;
        const double value = dissimilarity(x, i);
        if (value < best || y < 0) {
            best = value;
            y = i;
        }
    }
}

/// The NN-chain driver. `dissimilarity(x, i)` gives the current dissimilarity of two active
/// slots (the value compared, possibly squared); `nearest(x, active, best, y)` is a scan as
/// scanNearest; `merge(x, y, dxy, active)` updates the state for the merged cluster kept in
/// slot y (x < y). Returns merges with the compared value as height.
template <typename Dissimilarity, typename Nearest, typename MergeFn>
std::vector<RawMerge> nnChain(std::int64_t n, const MergeMonitor& monitor,
                              Dissimilarity&& dissimilarity, Nearest&& nearest, MergeFn&& merge) {
    std::vector<std::int64_t> active(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        active[static_cast<std::size_t>(i)] = i;
    std::vector<std::int64_t> chain;
    chain.reserve(static_cast<std::size_t>(n));
    std::vector<RawMerge> merges;
    merges.reserve(static_cast<std::size_t>(n - 1));
    for (std::int64_t k = 0; k < n - 1; ++k) {
        if (!monitor.step(k))
            return {};
        if (chain.empty())
            chain.push_back(active.front());
        std::int64_t x = 0;
        std::int64_t y = -1;
        double best = kInf;
        for (;;) {
            x = chain.back();
            const bool hasPrevious = chain.size() > 1;
            y = hasPrevious ? chain[chain.size() - 2] : -1;
            best = hasPrevious ? dissimilarity(x, y) : kInf;
            nearest(x, active, best, y);
            if (hasPrevious && y == chain[chain.size() - 2])
                break;
            chain.push_back(y);
        }
        chain.resize(chain.size() - 2);
        if (x > y)
            std::swap(x, y);
        merges.push_back({x, y, best});
        eraseSlot(active, x);
        merge(x, y, best, active);
    }
    return merges;
}

/// One Ward nearest-neighbour scan over the active slots (see scanNearest).
struct WardScan {
    const double* centroids;
    const double* sizes;
    Index d;
    std::int64_t x;
    const std::int64_t* active;
    std::size_t count;
};

// A cheap exact filter: the weight 2 sx si / (sx + si) grows with si, so wMin ||cx - ci||^2 with
// si = 1 is a lower bound (also after rounding, which is monotone); when it is >= best the
// candidate cannot win and the division is skipped. Always inlined, so that it is compiled for
// the instruction set of each wrapper below.
[[gnu::always_inline]] inline void wardNearestBody(const WardScan& s, double& best,
                                                   std::int64_t& y) {
    const double sx = s.sizes[s.x];
    const double wMin = 2.0 * sx / (sx + 1.0);
    const double* cx = s.centroids + s.x * s.d;
    for (std::size_t p = 0; p < s.count; ++p) {
        const std::int64_t i = s.active[p];
        if (i == s.x)
            continue;
        const double squared = squaredDistance(cx, s.centroids + i * s.d, s.d);
        if (wMin * squared >= best && y >= 0)
            continue;
        const double si = s.sizes[i];
        const double value = 2.0 * sx * si / (sx + si) * squared;
        if (value < best || y < 0) {
            best = value;
            y = i;
        }
    }
}

void wardNearestGeneric(const WardScan& s, double& best, std::int64_t& y) {
    wardNearestBody(s, best, y);
}

#if defined(__GNUC__) && defined(__x86_64__)
// The same code with 4-wide vectors where the CPU has them (the build targets baseline x86-64).
// No FMA: every lane does the same roundings as the baseline build, so results are bitwise equal.
[[gnu::target("avx2")]] void wardNearestAvx2(const WardScan& s, double& best, std::int64_t& y) {
    wardNearestBody(s, best, y);
}

void wardNearest(const WardScan& s, double& best, std::int64_t& y) {
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2)
        wardNearestAvx2(s, best, y);
    else
        wardNearestGeneric(s, best, y);
}
#else
void wardNearest(const WardScan& s, double& best, std::int64_t& y) {
    wardNearestGeneric(s, best, y);
}
#endif

} // namespace

std::vector<RawMerge> nnChainWard(const Eigen::Ref<const RowMatrix>& data, MergeMonitor monitor) {
    const std::int64_t n = data.rows();
    const Index d = data.cols();
    RowMatrix centroids = data; // slot i holds the centroid of the cluster kept in slot i
    std::vector<double> size(static_cast<std::size_t>(n), 1.0);
    const double* c = centroids.data();
    // Compared value: the squared Ward dissimilarity 2 |A||B| / (|A|+|B|) ||cA - cB||^2.
    auto dissimilarity = [&](std::int64_t x, std::int64_t i) {
        const double sx = size[static_cast<std::size_t>(x)];
        const double si = size[static_cast<std::size_t>(i)];
        return 2.0 * sx * si / (sx + si) * squaredDistance(c + x * d, c + i * d, d);
    };
    auto nearest = [&](std::int64_t x, const std::vector<std::int64_t>& active, double& best,
                       std::int64_t& y) {
        wardNearest({c, size.data(), d, x, active.data(), active.size()}, best, y);
    };
    auto merge = [&](std::int64_t x, std::int64_t y, double, const std::vector<std::int64_t>&) {
        const double sx = size[static_cast<std::size_t>(x)];
        const double sy = size[static_cast<std::size_t>(y)];
        const double total = sx + sy;
        centroids.row(y) = (sx * centroids.row(x) + sy * centroids.row(y)) / total;
        size[static_cast<std::size_t>(y)] = total;
    };
    std::vector<RawMerge> merges = nnChain(n, monitor, dissimilarity, nearest, merge);
    for (RawMerge& m : merges)
        m.height = std::sqrt(m.height);
    return merges;
}

std::vector<RawMerge> nnChainMatrix(const Eigen::Ref<const RowMatrix>& data, Linkage linkage,
                                    int threads, MergeMonitor monitor) {
    const auto n = static_cast<std::size_t>(data.rows());
    const Index d = data.cols();
    std::vector<double> dist(n * (n - 1) / 2);

    // Fill the condensed matrix: rows in fixed blocks, each entry written by one thread.
    const double matrixShare = monitor.share * 0.3;
    const std::size_t blockRows = std::max<std::size_t>(16, n / 256);
    const int blocks = static_cast<int>((n + blockRows - 1) / blockRows);
    std::atomic<int> blocksDone{0};
    parallelFor(blocks, threads, [&](int b, int worker) {
        if (monitor.cancel->isCancelled())
            return;
        const std::size_t begin = static_cast<std::size_t>(b) * blockRows;
        const std::size_t end = std::min(n, begin + blockRows);
        const double* x = data.data();
        const Index stride = data.outerStride(); // a Ref may point into a wider matrix
        for (std::size_t i = begin; i < end; ++i) {
            double* out = dist.data() + (n * i - (i * (i + 1)) / 2); // entry (i, i + 1)
            for (std::size_t j = i + 1; j < n; ++j)
                out[j - i - 1] = std::sqrt(squaredDistance(x + i * stride, x + j * stride, d));
        }
        const int done = blocksDone.fetch_add(1, std::memory_order_relaxed) + 1;
        if (worker == 0) // Progress is not thread-safe: only the calling thread reports
            monitor.progress->report(monitor.base + matrixShare * done / blocks);
    });
    if (monitor.cancel->isCancelled())
        return {};

    std::vector<double> size(n, 1.0);
    auto dissimilarity = [&](std::int64_t x, std::int64_t i) {
        return dist[condensedIndex(n, static_cast<std::size_t>(x), static_cast<std::size_t>(i))];
    };
    // Lance-Williams update of every active cluster's distance to the merged cluster (slot y).
    auto merge = [&](std::int64_t x, std::int64_t y, double,
                     const std::vector<std::int64_t>& active) {
        const auto ux = static_cast<std::size_t>(x);
        const auto uy = static_cast<std::size_t>(y);
        const double nx = size[ux];
        const double ny = size[uy];
        for (const std::int64_t i : active) {
            if (i == y)
                continue;
            const auto ui = static_cast<std::size_t>(i);
            const double dxi = dist[condensedIndex(n, ui, ux)];
            double& dyi = dist[condensedIndex(n, ui, uy)];
            dyi = linkage == Linkage::Complete ? std::max(dxi, dyi)
                                               : (nx * dxi + ny * dyi) / (nx + ny);
        }
        size[ux] = 0.0;
        size[uy] = nx + ny;
    };
    auto nearest = [&](std::int64_t x, const std::vector<std::int64_t>& active, double& best,
                       std::int64_t& y) { scanNearest(x, active, dissimilarity, best, y); };
    MergeMonitor merging = monitor;
    merging.base = monitor.base + matrixShare;
    merging.share = monitor.share - matrixShare;
    return nnChain(static_cast<std::int64_t>(n), merging, dissimilarity, nearest, merge);
}

} // namespace microseg::core::detail
