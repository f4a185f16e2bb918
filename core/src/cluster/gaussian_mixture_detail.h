#pragma once
// Internals shared by the Gaussian mixture files (driver, passes over the data, M step).
// Not a public header. Everything lives in detail::gmm so as not to collide with k-means'.

#include "microseg/gaussian_mixture.h"
#include "parallel_for.h"

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

namespace microseg::core::detail::gmm {

using Index = Eigen::Index;
using ConstRowRef = Eigen::Ref<const RowMatrix>;

/// Rows split into blocks that depend only on (n, k, d), never on the thread count; each block is
/// processed in batches of `batch` rows, in order. Per-block sums are combined in block order.
struct BlockPlan {
    Index rows = 0;
    Index blockSize = 1;
    Index batch = 1;
    int blocks = 1;
    [[nodiscard]] Index begin(int b) const { return static_cast<Index>(b) * blockSize; }
    [[nodiscard]] Index end(int b) const { return std::min(rows, begin(b) + blockSize); }
};
BlockPlan makeBlockPlan(Index rows, Index k, Index d);

/// The terms of log(w_j N(x | mu_j, Sigma_j)) precomputed from a model.
struct Density {
    CovarianceType type = CovarianceType::Full;
    Index k = 0;
    Index d = 0;
    Eigen::MatrixXd factors;     ///< full: d x (k d) = [P_1 .. P_k]; tied: d x d = P
    Eigen::RowVectorXd offsets;  ///< full / tied: [mu_1 P_1 .. mu_k P_k] (k d)
    RowMatrix means;             ///< k x d (diag / spherical)
    RowMatrix precisions;        ///< k x d (diag / spherical): squared Cholesky factors
    Eigen::RowVectorXd constants; ///< k: -d/2 ln(2 pi) + ln det P_j + ln w_j
};
Density makeDensity(const GaussianMixtureModel& model);

enum class Scatter { None, Full, Diag };
inline Scatter scatterOf(CovarianceType type) {
    return type == CovarianceType::Full || type == CovarianceType::Tied ? Scatter::Full
                                                                        : Scatter::Diag;
}

/// Weighted sums of one pass: sum r, sum r (x - c), and the weighted scatter about c, with c the
/// shift (the previous means): full d x d (lower triangle) or its diagonal, per component.
struct Stats {
    Eigen::VectorXd r;                     ///< k
    RowMatrix s;                           ///< k x d
    std::vector<Eigen::MatrixXd> scatter;  ///< k of d x d (Full) or d x 1 (Diag); none for None
    double logLikelihood = 0.0;            ///< sum over rows of ln p(x)
    Stats() = default;
    Stats(Index k, Index d, Scatter mode);
    void add(const Stats& other);
};

/// One pass over the data, per block of rows: responsibilities (from `density`, or given by
/// `fill`), then optionally sums about `shift`, memberships, labels and row log-likelihoods.
struct PassRequest {
    const Density* density = nullptr;
    std::function<void(Index begin, Index rows, Eigen::MatrixXd& resp)> fill;
    const RowMatrix* shift = nullptr; ///< accumulate Stats about these k x d points when set
    Scatter scatter = Scatter::None;
    RowMatrix* probabilities = nullptr;         ///< n x k, filled when set
    std::vector<std::int32_t>* labels = nullptr; ///< n, filled when set
    Eigen::VectorXd* rowLogLikelihoods = nullptr; ///< n, filled when set
};

/// Runs the pass; false when cancelled (checked per block). `total` gets the combined sums.
bool runPass(const ConstRowRef& data, const BlockPlan& plan, int threads,
             const CancelToken& cancel, const PassRequest& request, Index k, Stats& total);

/// A covariance that is not positive definite (thrown by maximise, caught by the driver).
struct NotPositiveDefinite : std::runtime_error {
    int component;
    explicit NotPositiveDefinite(int j)
        : std::runtime_error("covariance not positive definite"), component(j) {}
};

/// The means alone from the sums of a pass about `shift`: (s + R c) / (R + 10 eps).
RowMatrix maximiseMeans(const Stats& stats, const RowMatrix& shift);

/// M step from the sums of a pass about `shift`. `initial`: weights nk / n (scikit-learn's
/// _initialize) rather than nk / sum nk (its _m_step).
GaussianMixtureModel maximise(const Stats& stats, const RowMatrix& shift, CovarianceType type,
                              double regularization, Index rows, bool initial);

} // namespace microseg::core::detail::gmm
