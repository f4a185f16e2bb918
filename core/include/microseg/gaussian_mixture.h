#pragma once
/// @file gaussian_mixture.h
/// Gaussian mixture models fitted by expectation-maximisation, with full, tied, diagonal or
/// spherical covariances; soft memberships, hard labels, log-likelihood, BIC and AIC; scoring of
/// new rows against a fitted model (to fold new customers in). Eigen and std only (no Qt).
///
/// Reference: A. P. Dempster, N. M. Laird and D. B. Rubin, "Maximum Likelihood from Incomplete
/// Data via the EM Algorithm", J. Royal Statistical Society B 39(1), 1977.
///
/// Semantics follow scikit-learn 1.2.1's `GaussianMixture` so that, from the same initial
/// responsibilities, parameters and likelihoods agree to rounding:
/// - initialisation: responsibilities are one-hot on a k-means labelling (our kmeans() with one
///   k-means++ start, seeded), or the explicit labels / responsibilities given in the options;
///   the first parameters are the M step of those responsibilities with weights nk / n;
/// - one iteration = E step (responsibilities by log-sum-exp, mean log-likelihood of the current
///   parameters) then M step (nk = sum of responsibilities + 10 eps, weights nk / sum nk, means,
///   covariances + regularization on the diagonal, Cholesky factors of the precisions);
/// - the lower bound is the mean log-likelihood of the last E step (`lower_bound_`); a run stops
///   when it changed by less than `tolerance`, or after `maxIterations`;
/// - restarts keep the run with the highest lower bound (the first one on ties);
/// - BIC = -2 log L + p ln n, AIC = -2 log L + 2 p, with log L the total log-likelihood of the
///   data under the returned parameters (`score(X) * n`) and p scikit-learn's `_n_parameters`.
/// Densities go through the upper-triangular Cholesky factor P of each precision matrix
/// (log N(x) = -d/2 ln 2 pi + ln det P - |(x - mu) P|^2 / 2), so no covariance is inverted.
/// The E and M steps are fused in one pass over the data: each block of rows accumulates the
/// weighted sums and the weighted scatter about the previous means (a shifted, numerically stable
/// form), and the n x k responsibilities are never stored during the iterations.
///
/// Threads: rows are split into fixed blocks that depend only on (n, k, d); partial sums are
/// combined in block order, so a seed gives bitwise identical results for any thread count.
///
/// Progress/cancel contract: the token is polled before each restart, during the k-means
/// initialisation, before each EM iteration and per block of rows; a cancelled call returns
/// cancelledError() and no partial result. Progress goes from 0 to 1 (throttled by Progress).

#include "microseg/error.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

namespace microseg::core {

enum class CovarianceType {
    Full,      ///< one d x d covariance per component
    Tied,      ///< one d x d covariance shared by all components
    Diag,      ///< one diagonal covariance per component
    Spherical, ///< one variance per component
};

struct GaussianMixtureOptions {
    int k = 8;                   ///< number of components, 1 <= k <= n
    CovarianceType covarianceType = CovarianceType::Full;
    int nInit = 1;               ///< restarts (each with its own k-means initialisation)
    int maxIterations = 100;     ///< EM iterations per restart
    double tolerance = 1e-3;     ///< on the change of the mean log-likelihood (scikit-learn tol)
    double regularization = 1e-6; ///< added to covariance diagonals (scikit-learn reg_covar)
    /// Restart r runs kmeans() (one k-means++ start, Lloyd) with the r-th draw of
    /// std::mt19937_64(seed) as its seed.
    std::uint64_t seed = 0;
    /// Explicit initial labelling (n labels in 0..k-1): one-hot responsibilities, one run.
    std::optional<std::vector<std::int32_t>> initialLabels;
    /// Explicit initial responsibilities (n x k, non-negative), one run. Not with initialLabels.
    std::optional<RowMatrix> initialResponsibilities;
    /// Keep the n x k membership probabilities in the result (8 n k bytes); labels are always
    /// kept. Turn off for very large n when only labels and likelihoods are needed.
    bool storeProbabilities = true;
    int threads = 0; ///< 0 = all available cores
};

/// A fitted mixture. Shapes of `covariances` and `precisionsCholesky` follow scikit-learn's, with
/// matrices flattened row-major into one row: Full k x (d d), Tied 1 x (d d), Diag k x d,
/// Spherical k x 1. The precision Cholesky factors are upper triangular (scikit-learn's).
struct GaussianMixtureModel {
    CovarianceType covarianceType = CovarianceType::Full;
    Eigen::VectorXd weights; ///< k, summing to 1
    RowMatrix means;         ///< k x d
    RowMatrix covariances;
    RowMatrix precisionsCholesky;

    [[nodiscard]] int components() const { return static_cast<int>(means.rows()); }
    [[nodiscard]] int features() const { return static_cast<int>(means.cols()); }
    /// The d x d covariance of component j, whatever the covariance type.
    [[nodiscard]] Eigen::MatrixXd covariance(int j) const;
    /// Free parameters (scikit-learn's `_n_parameters`), for BIC and AIC.
    [[nodiscard]] std::int64_t parameterCount() const;
    /// -2 totalLogLikelihood + p ln n.
    [[nodiscard]] double bic(double totalLogLikelihood, std::int64_t rows) const;
    /// -2 totalLogLikelihood + 2 p.
    [[nodiscard]] double aic(double totalLogLikelihood) const;
};

struct GaussianMixtureResult {
    GaussianMixtureModel model;
    bool converged = false;          ///< the kept run stopped on the tolerance
    int iterations = 0;              ///< EM iterations of the kept run (`n_iter_`)
    double lowerBound = 0.0;         ///< mean log-likelihood of its last E step (`lower_bound_`)
    double meanLogLikelihood = 0.0;  ///< of the data under `model` (`score(X)`)
    double logLikelihood = 0.0;      ///< total, meanLogLikelihood * n
    double bic = 0.0;                ///< `bic(X)`
    double aic = 0.0;                ///< `aic(X)`
    RowMatrix probabilities;          ///< n x k memberships (`predict_proba`); empty if not stored
    std::vector<std::int32_t> labels; ///< argmax of the memberships (`predict`)
};

/// Fits a mixture to the rows of `data`. Errors (InvalidArgument, naming the parameter and its
/// value): fewer than 2 rows or no column, non-finite values, k < 1 or k > n, nInit < 1,
/// maxIterations < 1, tolerance or regularization negative or non-finite, an unknown covariance
/// type, threads < 0, initial labels or responsibilities of the wrong size or out of range, and
/// a component whose covariance is not positive definite (collapsed data: raise regularization).
Result<GaussianMixtureResult> gaussianMixture(const Eigen::Ref<const RowMatrix>& data,
                                              const GaussianMixtureOptions& options,
                                              Progress& progress, const CancelToken& cancel);

struct GaussianMixtureScores {
    RowMatrix probabilities;          ///< n x k (`predict_proba`); empty if not requested
    std::vector<std::int32_t> labels; ///< (`predict`)
    Eigen::VectorXd logLikelihoods;   ///< per row (`score_samples`)
    double meanLogLikelihood = 0.0;   ///< (`score`)
};

/// Scores new rows (same d as the model) against a fitted model: memberships, labels and
/// log-likelihoods, e.g. to fold new customers into existing segments. Same threading and
/// cancellation contract as gaussianMixture().
Result<GaussianMixtureScores> scoreGaussianMixture(const GaussianMixtureModel& model,
                                                   const Eigen::Ref<const RowMatrix>& data,
                                                   bool storeProbabilities, int threads,
                                                   Progress& progress, const CancelToken& cancel);

} // namespace microseg::core
