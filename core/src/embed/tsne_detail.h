#pragma once
// t-SNE building blocks shared by tsne.cpp and its affinity/gradient files. Not a public header.
// Gradients follow the dC/dy / 4 convention of tsne.h.

#include "microseg/error.h"
#include "microseg/kmeans.h" // RowMatrix
#include "microseg/progress.h"

#include <cstdint>
#include <vector>

namespace microseg::core::detail {

/// Points per block in every per-point loop: fixed, so partial sums are combined in the same
/// order whatever the thread count (bitwise reproducible embeddings).
inline constexpr Eigen::Index kTsneBlockRows = 512;

inline int tsneBlocks(Eigen::Index rows) {
    return static_cast<int>((rows + kTsneBlockRows - 1) / kTsneBlockRows);
}

/// Symmetric joint probabilities P in compressed rows (both (i, j) and (j, i) stored), sum 1.
struct SparseAffinities {
    std::vector<std::int64_t> rowStart; ///< n + 1 offsets
    std::vector<std::int32_t> columns;  ///< increasing within a row
    std::vector<double> values;
    [[nodiscard]] Eigen::Index rows() const {
        return static_cast<Eigen::Index>(rowStart.size()) - 1;
    }
};

/// Conditional probabilities p_{j|i} for one point from its squared distances (self excluded),
/// calibrated by scikit-learn's binary search on the precision beta so that the entropy (in
/// nats) is log(perplexity) within 1e-5, at most 100 steps. Writes `count` probabilities.
void calibrateRow(const double* squaredDistances, int count, double perplexity, double* out);

/// Sparse P over the `neighbours` nearest neighbours (k-d tree, exact), as scikit-learn's
/// _joint_probabilities_nn. Progress from `from` to `to`.
Result<SparseAffinities> sparseAffinities(const Eigen::Ref<const RowMatrix>& x, double perplexity,
                                          int neighbours, int threads, Progress& progress,
                                          double from, double to, const CancelToken& cancel);

/// Dense n x n P over all pairs (zero diagonal, entries at least DBL_EPSILON off it), as
/// scikit-learn's _joint_probabilities for method="exact".
Result<RowMatrix> denseAffinities(const Eigen::Ref<const RowMatrix>& x, double perplexity,
                                  int threads, Progress& progress, double from, double to,
                                  const CancelToken& cancel);

SparseAffinities toSparse(const RowMatrix& dense);

/// Exact gradient of KL(P || Q) with P scaled by `exaggeration`; returns KL of the unscaled P.
double exactGradient(const RowMatrix& p, const RowMatrix& y, double exaggeration,
                     RowMatrix& gradient, int threads);

/// Attractive part: gradient_i = exaggeration * sum_j p_ij (1 + |y_i - y_j|^2)^-1 (y_i - y_j).
void attractiveForces(const SparseAffinities& p, const RowMatrix& y, double exaggeration,
                      RowMatrix& gradient, int threads);

/// KL(P || Q) for sparse P, where q_ij = (1 + |y_i - y_j|^2)^-1 / z.
double sparseKlDivergence(const SparseAffinities& p, const RowMatrix& y, double z, int threads);

} // namespace microseg::core::detail
