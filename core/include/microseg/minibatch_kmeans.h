#pragma once
/// @file minibatch_kmeans.h
/// Mini-batch k-means and a partial_fit-style model that folds new customers into existing
/// centres without re-clustering. Eigen and std only.
///
/// References:
/// - D. Sculley, "Web-scale k-means clustering", WWW 2010 (per-centre counts, learning rate
///   1 / count).
/// - k-means++ seeding: Arthur and Vassilvitskii 2007 (greedy variant, see kmeans.h).
///
/// Semantics follow scikit-learn 1.2.1 `MiniBatchKMeans` (`fit`, `partial_fit`,
/// `_mini_batch_step`, `_mini_batch_convergence`, `_random_reassign`):
/// - one step: label the batch with the current centres (first index on ties), record the batch
///   inertia, then for every centre c that received m_c > 0 points:
///   centre_c = (centre_c * count_c + sum of its batch points) / (count_c + m_c),
///   count_c += m_c (computed in that order, as sklearn's `_minibatch_update_dense`);
/// - random reassignment (when some count is 0, or every 10 k samples seen, counted in batch
///   sizes): centres whose count is below reassignmentRatio x max count (at most half a batch of
///   them, the lowest counts) jump to distinct random rows of the current batch, and their counts
///   become the smallest count among the other centres. reassignmentRatio = 0 disables it;
/// - fit(): batchSize' = min(batchSize, n); initSize defaults to 3 batchSize' (3 k if that is
///   smaller than k), capped at n; each of nInit k-means++ seedings runs on its own random subsample
///   of initSize rows (drawn with replacement; none when initSize >= n) and the one with the
///   lowest inertia on a common validation subsample of initSize rows is kept;
///   maxIterations counts epochs: (maxIterations x n) / batchSize' steps, each on batchSize' rows
///   drawn with replacement; early stop when the centres' squared move is <= tolerance x mean
///   feature variance (tolerance > 0 only), or when the exponentially weighted average of the
///   per-row batch inertia (alpha = 2 batchSize' / (n + 1), first step ignored) has not improved
///   for maxNoImprovement steps (< 0 disables);
/// - partialFit(): the first call fixes batchSize' = min(batchSize, rows of that batch) and
///   initialises the centres (explicit ones, or k-means++ on that batch); every call is one step.
/// Random numbers come from std::mt19937_64 (numpy's generator cannot be reproduced), so equality
/// with scikit-learn is defined for partialFit from explicit centres with reassignmentRatio = 0:
/// the same centres after the same batches (tested to 1e-9). fit() is deterministic under a seed
/// and bitwise independent of the thread count (fixed blocks combined in order).
///
/// Progress/cancel contract: fit() polls the token before each seeding and each step and returns
/// cancelledError() with no partial result; progress goes from 0 to 1. partialFit() polls once at
/// its start and leaves the model unchanged when cancelled or on error.

#include "microseg/error.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace microseg::core {

struct MiniBatchKMeansOptions {
    int k = 8;                       ///< number of clusters, 1 <= k <= n
    int batchSize = 1024;            ///< rows per step (sklearn's default)
    int maxIterations = 100;         ///< epochs (sklearn's max_iter)
    int nInit = 3;                   ///< k-means++ seedings tried (sklearn 1.2 default)
    std::int64_t initSize = 0;       ///< rows per seeding subsample; 0 = 3 x batchSize
    int maxNoImprovement = 10;       ///< early stop on the smoothed inertia; < 0 disables
    double tolerance = 0.0;          ///< on the squared centre move, relative to mean variance
    double reassignmentRatio = 0.01; ///< 0 disables random reassignment of low-count centres
    std::uint64_t seed = 0;
    std::optional<RowMatrix> initialCentres; ///< k x d; skips k-means++ (one init)
    bool computeLabels = true;       ///< label all rows and compute the exact inertia after fit
    int threads = 0;                 ///< 0 = all available cores
};

struct MiniBatchKMeansResult {
    std::vector<std::int32_t> labels; ///< one per row when computeLabels, else empty
    RowMatrix centres;                ///< k x d
    Eigen::VectorXd counts;           ///< rows absorbed by each centre (sklearn's _counts)
    double inertia = 0.0;             ///< exact when computeLabels, else ewa inertia x n
    std::int64_t steps = 0;           ///< mini-batch steps done (sklearn's n_steps_)
    int epochs = 0;                   ///< ceil(steps x batchSize' / n) (sklearn's n_iter_)
    bool converged = false;           ///< stopped early, not by maxIterations
    int batchSize = 0;                ///< batchSize' actually used
    std::int64_t samplesSinceReassign = 0; ///< reassignment clock, carried into a model
};

/// Mini-batch k-means over the rows of `data`. Errors (InvalidArgument naming the parameter and
/// value): empty or non-finite data, k < 1 or k > n, batchSize < 1, maxIterations < 1,
/// nInit < 1, initSize < 0, tolerance or reassignmentRatio negative or not finite, initial
/// centres of the wrong shape, threads < 0.
Result<MiniBatchKMeansResult> miniBatchKMeans(const Eigen::Ref<const RowMatrix>& data,
                                              const MiniBatchKMeansOptions& options,
                                              Progress& progress, const CancelToken& cancel);

/// Centres and per-centre counts that can absorb new rows one batch at a time
/// (scikit-learn's `partial_fit`) and label rows (`predict`). Copyable value type.
class MiniBatchKMeansModel {
public:
    /// An unfitted model; the first partialFit() initialises it from `options`.
    explicit MiniBatchKMeansModel(MiniBatchKMeansOptions options = {});
    /// Continues from a fit() result (centres, counts, batch size and reassignment clock).
    static Result<MiniBatchKMeansModel> fromFit(const MiniBatchKMeansResult& fit,
                                                MiniBatchKMeansOptions options);

    /// One mini-batch step on all rows of `batch`. InvalidArgument on a wrong column count,
    /// non-finite values, an empty batch, or (first call) fewer rows than k or invalid options.
    Status partialFit(const Eigen::Ref<const RowMatrix>& batch, const CancelToken& cancel);
    Status partialFit(const Eigen::Ref<const RowMatrix>& batch) {
        return partialFit(batch, CancelToken());
    }

    /// Nearest centre of every row (first index on ties). InvalidArgument when unfitted or on a
    /// wrong column count / non-finite values.
    [[nodiscard]] Result<std::vector<std::int32_t>>
    predict(const Eigen::Ref<const RowMatrix>& rows) const;

    [[nodiscard]] bool isFitted() const noexcept { return m_centres.rows() > 0; }
    [[nodiscard]] const RowMatrix& centres() const noexcept { return m_centres; }
    [[nodiscard]] const Eigen::VectorXd& counts() const noexcept { return m_counts; }
    [[nodiscard]] std::int64_t steps() const noexcept { return m_steps; }
    /// Inertia of the last batch against the centres before its update.
    [[nodiscard]] double lastBatchInertia() const noexcept { return m_lastBatchInertia; }
    [[nodiscard]] const MiniBatchKMeansOptions& options() const noexcept { return m_options; }

private:
    MiniBatchKMeansOptions m_options;
    RowMatrix m_centres;
    Eigen::VectorXd m_counts;
    std::mt19937_64 m_rng;
    int m_batchSize = 0;
    std::int64_t m_sinceReassign = 0;
    std::int64_t m_steps = 0;
    double m_lastBatchInertia = 0.0;
};

} // namespace microseg::core
