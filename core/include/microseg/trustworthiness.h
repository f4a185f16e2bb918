#pragma once
/// @file trustworthiness.h
/// Trustworthiness of an embedding: how far the k nearest neighbours of each point in the
/// embedding are from being its nearest neighbours in the input space. Eigen and std only.
///
/// Reference: J. Venna and S. Kaski, "Neighborhood Preservation in Nonlinear Projection Methods:
/// An Experimental Study", ICANN 2001. Definition as scikit-learn 1.2.1
/// `sklearn.manifold.trustworthiness(X, X_embedded, n_neighbors=k)` with the Euclidean metric:
///
///   T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in U_k(i)} max(0, r(i, j) - k)
///
/// where U_k(i) are the k nearest neighbours of i in the embedding (i itself excluded) and
/// r(i, j) the rank of j among the input-space distances from i (1 = nearest; ties broken by
/// lower row index). Requires k < n / 2.
///
/// Cost: the ranks need the distances from i to every row, so the exact value is O(n^2 d) time
/// (O(n) memory per thread, no n x n matrix). With `sampleRows` > 0 the outer sum runs over a
/// seeded uniform sample of rows only (ranks still against all rows), an unbiased estimate for
/// large n. Rows are processed in fixed blocks combined in order: deterministic for any thread
/// count. Progress per block; cancel returns cancelledError().

#include "microseg/error.h"
#include "microseg/kmeans.h" // RowMatrix
#include "microseg/progress.h"

#include <cstdint>

namespace microseg::core {

struct TrustworthinessOptions {
    int neighbours = 10;            ///< k (scikit-learn's default is 5; the issue uses 10)
    Eigen::Index sampleRows = 0;    ///< 0 = exact over all rows
    std::uint64_t seed = 0;         ///< for the row sample
    int threads = 0;                ///< 0 = all cores
};

/// `input` n x d and `embedding` n x e, same row order.
Result<double> trustworthiness(const Eigen::Ref<const RowMatrix>& input,
                               const Eigen::Ref<const RowMatrix>& embedding,
                               const TrustworthinessOptions& options, Progress& progress,
                               const CancelToken& cancel);

} // namespace microseg::core
