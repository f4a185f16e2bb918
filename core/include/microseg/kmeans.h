#pragma once
/// @file kmeans.h
/// K-means clustering: k-means++ seeding, Lloyd and Elkan iterations, restarts keeping the best
/// inertia. Eigen and std only (no Qt), so it is tested and benchmarked on its own.
///
/// References:
/// - k-means++: D. Arthur and S. Vassilvitskii, "k-means++: The Advantages of Careful Seeding",
///   SODA 2007. We use the greedy variant of scikit-learn's `_kmeans_plusplus` (2 + floor(ln k)
///   local trials per centre, keep the candidate that lowers the potential most).
/// - Lloyd: S. P. Lloyd, "Least squares quantization in PCM", IEEE Trans. Inf. Theory 28, 1982.
/// - Elkan: C. Elkan, "Using the Triangle Inequality to Accelerate k-Means", ICML 2003.
///
/// Semantics follow scikit-learn 1.2.1 (`_kmeans_single_lloyd` / `_kmeans_single_elkan`) so that,
/// from the same initial centres, labels, inertia, centres and the iteration count agree:
/// - one iteration = assign every point to its nearest centre (first index on ties), then move
///   every centre to the mean of its points;
/// - an empty cluster takes the point farthest from its assigned centre (the farthest points in
///   decreasing distance when several clusters are empty); that point keeps its label until the
///   next assignment;
/// - stop when the labels did not change ("strict convergence"), or when the sum over centres of
///   the squared centre shift is <= tolerance * mean(per-feature variance of the data);
/// - unless the labels were strictly stable, a last assignment step makes the labels agree with
///   the returned centres. `iterations` counts the update steps (scikit-learn's `n_iter_`).
/// - exact ties (a point equidistant from two centres): Lloyd takes the lower index, Elkan keeps
///   the point's current centre, exactly as scikit-learn's two implementations do; otherwise the
///   two agree label for label.
/// - distances are computed directly as sum((x - c)^2), not as |x|^2 - 2 x.c + |c|^2 like
///   scikit-learn's Lloyd: no cancellation on uncentred data, so no need to centre a copy.
///
/// Random numbers come from std::mt19937_64 seeded with `seed`, through our own integer and
/// [0, 1) mappings (not the implementation-defined std distributions), so a seed gives the same
/// result on every platform. Numpy's generator cannot be reproduced, so agreement with
/// scikit-learn is defined from the same initial centres.
///
/// Threads: assignment and accumulation run over fixed blocks of rows whose partial sums are
/// combined in block order, and the blocks depend only on the data size, never on the thread
/// count: a seed gives bitwise identical results with 1 or N threads.
///
/// Progress/cancel contract: the token is polled before each restart, each k-means++ centre and
/// each iteration; a cancelled run returns cancelledError() and no partial result. Progress goes
/// from 0 to 1 (reported through the throttling Progress, so at most ~100 forwarded steps).

#include "microseg/error.h"
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

namespace microseg::core {

/// n x d data, one observation per row. Row-major because every k-means step reads one whole
/// observation at a time (distance to each centre, then add it to its centre's sum): with rows
/// contiguous that is one sequential stream of d doubles per point, instead of d strided loads.
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

enum class KMeansAlgorithm {
    Lloyd, ///< plain assignment / update; memory O(n + k d)
    Elkan, ///< exact, fewer distance computations; keeps n x k lower bounds (8 n k bytes)
};

struct KMeansOptions {
    int k = 8;               ///< number of clusters, 1 <= k <= n
    int nInit = 1;           ///< k-means++ restarts; the run with the lowest inertia is kept
    int maxIterations = 300; ///< update steps per run
    double tolerance = 1e-4; ///< relative to the mean per-feature variance (scikit-learn's tol)
    KMeansAlgorithm algorithm = KMeansAlgorithm::Lloyd;
    std::uint64_t seed = 0;
    /// Explicit k x d starting centres; when set, k-means++ is skipped and one run is made.
    std::optional<RowMatrix> initialCentres;
    int threads = 0; ///< 0 = all available cores
};

struct KMeansResult {
    std::vector<std::int32_t> labels; ///< one per row, 0..k-1
    RowMatrix centres;                ///< k x d
    double inertia = 0.0;             ///< sum of squared distances to the assigned centre
    int iterations = 0;               ///< update steps of the kept run
    bool converged = false;           ///< stopped by a criterion, not by maxIterations
};

/// Clusters the rows of `data`. Errors (InvalidArgument, naming the parameter and its value):
/// empty data, non-finite values, k < 1 or k > n, nInit < 1, maxIterations < 1, tolerance < 0,
/// initial centres of the wrong shape, threads < 0, Elkan whose n x k bounds would exceed 2 GiB.
Result<KMeansResult> kmeans(const Eigen::Ref<const RowMatrix>& data, const KMeansOptions& options,
                            Progress& progress, const CancelToken& cancel);

/// k-means++ seeding alone (greedy variant, see above): k rows of `data`. Returns cancelledError()
/// when cancelled. Preconditions (checked by kmeans()): 1 <= k <= n.
Result<RowMatrix> kmeansPlusPlus(const Eigen::Ref<const RowMatrix>& data, int k, std::uint64_t seed,
                                 int threads, const CancelToken& cancel);

} // namespace microseg::core
