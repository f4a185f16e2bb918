#pragma once
// Internals shared by the hierarchical clustering files. Not a public header.

#include "microseg/hierarchical.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace microseg::core::detail {

/// A merge as the algorithm produced it: the slots (observation indices standing for clusters) of
/// the two clusters, in merge order; relabelled into SciPy's numbering by finishTree().
struct RawMerge {
    std::int64_t x = 0;
    std::int64_t y = 0;
    double height = 0.0;
};

/// Progress for the merge phase: maps merges done onto [base, base + share] and polls the token.
struct MergeMonitor {
    Progress* progress = nullptr;
    const CancelToken* cancel = nullptr;
    double base = 0.0;
    double share = 1.0;
    std::int64_t total = 1;
    /// False when cancelled. Cheap: does real work every 64 merges.
    bool step(std::int64_t done) const {
        if ((done & 63) != 0)
            return true;
        if (cancel->isCancelled())
            return false;
        progress->report(base + share * static_cast<double>(done) / static_cast<double>(total));
        return true;
    }
};

/// Always inlined, so that inside a function compiled for AVX2 (see the scan wrappers) it is
/// vectorised 4-wide; the lanes do the same roundings, so the result is bitwise the same.
[[gnu::always_inline]] inline double squaredDistance(const double* a, const double* b,
                                                     Eigen::Index d) {
    // Four accumulators: independent chains the compiler keeps in vector registers.
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    Eigen::Index j = 0;
    for (; j + 4 <= d; j += 4) {
        const double t0 = a[j] - b[j], t1 = a[j + 1] - b[j + 1];
        const double t2 = a[j + 2] - b[j + 2], t3 = a[j + 3] - b[j + 3];
        s0 += t0 * t0;
        s1 += t1 * t1;
        s2 += t2 * t2;
        s3 += t3 * t3;
    }
    for (; j < d; ++j) {
        const double t = a[j] - b[j];
        s0 += t * t;
    }
    return (s0 + s1) + (s2 + s3);
}

/// Ward by NN-chain on centroids (hierarchical_nnchain.cpp). Empty when cancelled.
std::vector<RawMerge> nnChainWard(const Eigen::Ref<const RowMatrix>& data, MergeMonitor monitor);

/// Average or complete by NN-chain with Lance-Williams on a condensed matrix, which the function
/// fills first (progress [0, matrixShare]). Empty when cancelled.
std::vector<RawMerge> nnChainMatrix(const Eigen::Ref<const RowMatrix>& data, Linkage linkage,
                                    int threads, MergeMonitor monitor);

/// Single linkage by Prim's MST (hierarchical_single.cpp). Empty when cancelled.
std::vector<RawMerge> primSingle(const Eigen::Ref<const RowMatrix>& data, MergeMonitor monitor);

/// Stable sort by height, then SciPy's `label`: union-find turning slots into cluster numbers.
LinkageTree finishTree(std::int64_t n, std::vector<RawMerge> raw);

} // namespace microseg::core::detail
