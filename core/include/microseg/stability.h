#pragma once
/// @file stability.h
/// Is a segmentation real or an artefact of the seed or the sample? The adjusted Rand index, and
/// a stability run that re-clusters with several seeds or on bootstrap samples and reports the
/// agreement between runs. Eigen and std only.
///
/// References:
/// - Adjusted Rand index: L. Hubert and P. Arabie, "Comparing partitions", Journal of
///   Classification 2, 1985. Computed as scikit-learn 1.2.1's `adjusted_rand_score`, from the
///   pair confusion matrix over ordered pairs with exact (128-bit) integer arithmetic, then
///   2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)) in double; 1 when fn = fp = 0.
/// - Bootstrap stability: A. Ben-Hur, A. Elisseeff and I. Guyon, "A stability based method for
///   discovering structure in clustered data", PSB 2002; T. Lange, V. Roth, M. Braun and
///   J. Buhmann, "Stability-based validation of clustering solutions", Neural Computation 2004.
///
/// Stability run: run r fits k-means with seed mix(seed, r). In Seeds mode every run sees all
/// rows. In Bootstrap mode run r first draws n rows with replacement (from the same mixed seed),
/// fits on them, then labels every original row by its nearest centre; the runs are therefore
/// always compared on the same n rows. The ARI is taken for every pair of runs. Deterministic
/// under `seed` and independent of the thread count.
///
/// Progress/cancel contract: progress goes from 0 to 1 over the runs; the token is polled inside
/// each k-means run and between runs; a cancelled run returns cancelledError().

#include "microseg/error.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace microseg::core {

/// Adjusted Rand index of two labellings of the same rows (any int32 values, -1 included, as
/// ordinary labels). InvalidArgument when the sizes differ. 1.0 for two empty labellings.
Result<double> adjustedRandIndex(const std::vector<std::int32_t>& a,
                                 const std::vector<std::int32_t>& b);

enum class StabilityMode {
    Seeds,     ///< same data, different k-means++ seeds
    Bootstrap, ///< a bootstrap sample per run, labels extended to all rows
};

struct StabilityOptions {
    KMeansOptions kmeans; ///< k, algorithm, iterations...; its seed and initial centres unused
    int runs = 10;        ///< at least 2
    StabilityMode mode = StabilityMode::Seeds;
    std::uint64_t seed = 0;
};

struct StabilityResult {
    std::vector<std::vector<std::int32_t>> labels; ///< per run, one label per row
    std::vector<double> inertias;                  ///< per run, on the data it was fitted on
    /// ARI of every pair (i < j), in the order (0,1), (0,2), ..., (1,2), ...
    std::vector<double> pairwiseAri;
    double meanAri = 0.0;
    double minAri = 0.0;
};

/// InvalidArgument when runs < 2 or the k-means options are invalid for the data.
Result<StabilityResult> stability(const Eigen::Ref<const RowMatrix>& data,
                                  const StabilityOptions& options, Progress& progress,
                                  const CancelToken& cancel);

} // namespace microseg::core
