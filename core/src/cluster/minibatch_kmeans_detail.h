#pragma once
// Internals shared by the mini-batch k-means files (step, fit driver, model) and the stability
// run (nearest-centre labelling). Not a public header.

#include "kmeans_detail.h"
#include "microseg/minibatch_kmeans.h"

#include <optional>
#include <string>

namespace microseg::core::detail {

/// Nearest centre of every row (first index on ties) and, when `inertia` is given, the sum of
/// the squared distances, reduced over fixed blocks in order (thread-count independent).
std::vector<std::int32_t> nearestLabels(const ConstRowRef& rows, const RowMatrix& centres,
                                        int threads, double* inertia = nullptr);

/// sklearn's `_mini_batch_step` on all rows of `batch`: labels, centre/count update, optional
/// random reassignment. Returns the batch inertia before the update.
double miniBatchStep(const ConstRowRef& batch, RowMatrix& centres, Eigen::VectorXd& counts,
                     std::mt19937_64& rng, bool randomReassign, double reassignmentRatio,
                     int threads);

/// sklearn's `_random_reassign`: advances the clock by `batchSize` and tells whether to reassign.
bool dueForReassign(std::int64_t& sinceReassign, int batchSize, const Eigen::VectorXd& counts,
                    int k);

/// sklearn's `_tolerance`: tol x mean per-feature population variance.
double meanVarianceTolerance(const ConstRowRef& data, double tolerance);

/// Argument checks shared by fit() and the model; `rows` is the data (or first batch) size.
std::optional<Error> validateMiniBatch(const ConstRowRef& data, const MiniBatchKMeansOptions& o,
                                       bool needKRows);

inline Error invalidArgument(const std::string& message, const std::string& value) {
    return Error{ErrorCode::InvalidArgument, message, {}, 0, 0, value};
}

/// The rows `indices` of `data` copied into `out`.
void gatherRows(const ConstRowRef& data, const std::vector<Index>& indices, RowMatrix& out);

} // namespace microseg::core::detail
