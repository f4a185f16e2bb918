// The M step from the sums of one pass (scikit-learn 1.2.1's _estimate_gaussian_parameters and
// _compute_precision_cholesky), plus the model accessors (covariance, parameter count, BIC, AIC).
//
// The pass accumulated, per component j and about a shift c_j (the previous means):
//   R = sum r,  s = sum r (x - c),  S = sum r (x - c)(x - c)^T.
// With nk = R + 10 eps and mu = (s + R c) / nk, delta = mu - c, the scatter about mu is
//   A = S - s delta^T - delta s^T + R delta delta^T,
// exact algebra whose correction terms are tiny once the means settle (no cancellation).
#include "gaussian_mixture_detail.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <limits>

namespace microseg::core::detail::gmm {
namespace {

/// Upper-triangular Cholesky factor of the precision: P = (L^-1)^T with covariance = L L^T.
Eigen::MatrixXd precisionCholesky(const Eigen::MatrixXd& covariance, int component) {
    const Eigen::LLT<Eigen::MatrixXd> llt(covariance);
    if (llt.info() != Eigen::Success)
        throw NotPositiveDefinite(component);
    const Index d = covariance.rows();
    Eigen::MatrixXd inverse = Eigen::MatrixXd::Identity(d, d);
    llt.matrixL().solveInPlace(inverse);
    Eigen::MatrixXd p = inverse.transpose();
    if (!p.allFinite() || (p.diagonal().array() <= 0.0).any())
        throw NotPositiveDefinite(component);
    return p;
}

void storeFlat(RowMatrix& target, Index row, const Eigen::MatrixXd& m) {
    Eigen::Map<RowMatrix>(target.row(row).data(), m.rows(), m.cols()) = m;
}

} // namespace

RowMatrix maximiseMeans(const Stats& stats, const RowMatrix& shift) {
    const double eps10 = 10.0 * std::numeric_limits<double>::epsilon();
    RowMatrix means(shift.rows(), shift.cols());
    for (Index j = 0; j < shift.rows(); ++j)
        means.row(j) = (stats.s.row(j) + stats.r[j] * shift.row(j)) / (stats.r[j] + eps10);
    return means;
}

GaussianMixtureModel maximise(const Stats& stats, const RowMatrix& shift, CovarianceType type,
                              double regularization, Index rows, bool initial) {
    const Index k = shift.rows();
    const Index d = shift.cols();
    const double eps10 = 10.0 * std::numeric_limits<double>::epsilon();
    GaussianMixtureModel model;
    model.covarianceType = type;
    const Eigen::VectorXd nk = stats.r.array() + eps10;
    model.weights = initial ? Eigen::VectorXd(nk / static_cast<double>(rows))
                            : Eigen::VectorXd(nk / nk.sum());
    model.means = maximiseMeans(stats, shift);

    if (type == CovarianceType::Full || type == CovarianceType::Tied) {
        const bool tied = type == CovarianceType::Tied;
        model.covariances.resize(tied ? 1 : k, d * d);
        model.precisionsCholesky.resize(tied ? 1 : k, d * d);
        Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(d, d);
        for (Index j = 0; j < k; ++j) {
            const Eigen::VectorXd delta = (model.means.row(j) - shift.row(j)).transpose();
            const Eigen::VectorXd s = stats.s.row(j).transpose();
            Eigen::MatrixXd a = stats.scatter[static_cast<std::size_t>(j)]
                                    .selfadjointView<Eigen::Lower>();
            a -= s * delta.transpose() + delta * s.transpose();
            a += stats.r[j] * (delta * delta.transpose());
            if (tied) {
                sum += a;
                continue;
            }
            a /= nk[j];
            a.diagonal().array() += regularization;
            storeFlat(model.covariances, j, a);
            storeFlat(model.precisionsCholesky, j, precisionCholesky(a, static_cast<int>(j)));
        }
        if (tied) {
            sum /= nk.sum();
            sum.diagonal().array() += regularization;
            storeFlat(model.covariances, 0, sum);
            storeFlat(model.precisionsCholesky, 0, precisionCholesky(sum, 0));
        }
        return model;
    }

    // Diagonal and spherical: per-feature variances, spherical averages them (reg included).
    const bool spherical = type == CovarianceType::Spherical;
    model.covariances.resize(k, spherical ? 1 : d);
    model.precisionsCholesky.resize(k, spherical ? 1 : d);
    for (Index j = 0; j < k; ++j) {
        const Eigen::ArrayXd delta = (model.means.row(j) - shift.row(j)).transpose().array();
        const Eigen::ArrayXd s = stats.s.row(j).transpose().array();
        const Eigen::ArrayXd q = stats.scatter[static_cast<std::size_t>(j)].col(0).array();
        Eigen::ArrayXd variance = (q - 2.0 * s * delta + stats.r[j] * delta.square()) / nk[j];
        variance += regularization;
        if (spherical) {
            const double v = variance.mean();
            if (!(v > 0.0))
                throw NotPositiveDefinite(static_cast<int>(j));
            model.covariances(j, 0) = v;
            model.precisionsCholesky(j, 0) = 1.0 / std::sqrt(v);
        } else {
            if (!(variance > 0.0).all())
                throw NotPositiveDefinite(static_cast<int>(j));
            model.covariances.row(j) = variance.transpose();
            model.precisionsCholesky.row(j) = variance.sqrt().inverse().transpose();
        }
    }
    return model;
}

} // namespace microseg::core::detail::gmm

namespace microseg::core {

Eigen::MatrixXd GaussianMixtureModel::covariance(int j) const {
    const Eigen::Index d = means.cols();
    switch (covarianceType) {
    case CovarianceType::Full:
        return Eigen::Map<const RowMatrix>(covariances.row(j).data(), d, d);
    case CovarianceType::Tied:
        return Eigen::Map<const RowMatrix>(covariances.row(0).data(), d, d);
    case CovarianceType::Diag:
        return covariances.row(j).transpose().asDiagonal();
    case CovarianceType::Spherical:
        return Eigen::MatrixXd::Identity(d, d) * covariances(j, 0);
    }
    return {};
}

std::int64_t GaussianMixtureModel::parameterCount() const {
    const std::int64_t k = means.rows();
    const std::int64_t d = means.cols();
    std::int64_t covariance = 0;
    switch (covarianceType) {
    case CovarianceType::Full: covariance = k * d * (d + 1) / 2; break;
    case CovarianceType::Tied: covariance = d * (d + 1) / 2; break;
    case CovarianceType::Diag: covariance = k * d; break;
    case CovarianceType::Spherical: covariance = k; break;
    }
    return covariance + k * d + k - 1;
}

double GaussianMixtureModel::bic(double totalLogLikelihood, std::int64_t rows) const {
    return -2.0 * totalLogLikelihood +
           static_cast<double>(parameterCount()) * std::log(static_cast<double>(rows));
}

double GaussianMixtureModel::aic(double totalLogLikelihood) const {
    return -2.0 * totalLogLikelihood + 2.0 * static_cast<double>(parameterCount());
}

} // namespace microseg::core
