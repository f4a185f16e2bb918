// Single linkage as a minimum spanning tree: Prim's algorithm on the implicit complete graph
// (Müllner 2011, MST-linkage), distances computed on the fly, so memory is O(n d) and never an
// n x n matrix. Follows SciPy's `_hierarchy.mst_single_linkage`: start at observation 0, each
// step adds the outside point nearest to the tree (lowest index on ties) and records the edge
// from the point added last; finishTree() then sorts the edges and relabels them.
#include "hierarchical_detail.h"

#include <cmath>
#include <limits>

namespace microseg::core::detail {
namespace {

/// One Prim step: lowers each outside point's distance to the tree with its distance to the point
/// that joined last, and returns the position of the nearest (the first on ties).
struct PrimScan {
    const double* data;
    Eigen::Index stride;
    Eigen::Index d;
    const double* joined;
    const std::int64_t* outside;
    double* nearest;
    std::size_t count;
};

[[gnu::always_inline]] inline std::size_t primScanBody(const PrimScan& s) {
    std::size_t bestPos = 0;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t p = 0; p < s.count; ++p) {
        const double value = squaredDistance(s.joined, s.data + s.outside[p] * s.stride, s.d);
        if (value < s.nearest[p])
            s.nearest[p] = value;
        if (s.nearest[p] < best) {
            best = s.nearest[p];
            bestPos = p;
        }
    }
    return bestPos; // 0 also when every distance is +inf (overflowing data)
}

std::size_t primScanGeneric(const PrimScan& s) {
    return primScanBody(s);
}

#if defined(__GNUC__) && defined(__x86_64__)
// 4-wide vectors where the CPU has them; no FMA, so bitwise the same result (see nnchain).
[[gnu::target("avx2")]] std::size_t primScanAvx2(const PrimScan& s) {
    return primScanBody(s);
}

std::size_t primScan(const PrimScan& s) {
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2 ? primScanAvx2(s) : primScanGeneric(s);
}
#else
std::size_t primScan(const PrimScan& s) {
    return primScanGeneric(s);
}
#endif

} // namespace

std::vector<RawMerge> primSingle(const Eigen::Ref<const RowMatrix>& data, MergeMonitor monitor) {
    const std::int64_t n = data.rows();
    const Eigen::Index d = data.cols();
    const double* x = data.data();
    const Eigen::Index stride = data.outerStride(); // a Ref may point into a wider matrix
    // Outside points in increasing order with their squared distance to the tree; compacted
    // as points join so that the scan stays sequential.
    std::vector<std::int64_t> outside;
    std::vector<double> nearest;
    outside.reserve(static_cast<std::size_t>(n - 1));
    for (std::int64_t i = 1; i < n; ++i)
        outside.push_back(i);
    nearest.assign(outside.size(), std::numeric_limits<double>::infinity());

    std::vector<RawMerge> merges;
    merges.reserve(static_cast<std::size_t>(n - 1));
    std::int64_t last = 0; // the point that joined the tree last
    for (std::int64_t k = 0; k < n - 1; ++k) {
        if (!monitor.step(k))
            return {};
        const std::size_t bestPos = primScan(
            {x, stride, d, x + last * stride, outside.data(), nearest.data(), outside.size()});
        const double best = nearest[bestPos];
        const std::int64_t joined = outside[bestPos];
        merges.push_back({last, joined, std::sqrt(best)});
        outside.erase(outside.begin() + static_cast<std::ptrdiff_t>(bestPos));
        nearest.erase(nearest.begin() + static_cast<std::ptrdiff_t>(bestPos));
        last = joined;
    }
    return merges;
}

} // namespace microseg::core::detail
