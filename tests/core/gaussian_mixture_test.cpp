// Gaussian mixtures against scikit-learn 1.2.1 from the same initial labelling (fixtures made by
// tests/fixtures/make_gmm_reference.py), plus the task contract: determinism, thread-count
// independence, cancellation, progress, argument errors, scoring of new rows.
#include "cluster_fixtures.h"
#include "microseg/gaussian_mixture.h"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace microseg::core;
using microseg::test::nearRelative;
using microseg::test::toDoubles;
using microseg::test::toLabels;
using microseg::test::toMatrix;

namespace {

// cluster_fixtures.h reads tests/fixtures/kmeans/; ours are in its sibling directory.
const std::string kDir = "gmm/";

GaussianMixtureResult fit(const RowMatrix& data, const GaussianMixtureOptions& options) {
    Progress progress;
    CancelToken cancel;
    auto result = gaussianMixture(data, options, progress, cancel);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : GaussianMixtureResult{};
}

CovarianceType typeOf(const std::string& name) {
    if (name.rfind("diag", 0) == 0)
        return CovarianceType::Diag;
    if (name.rfind("tied", 0) == 0)
        return CovarianceType::Tied;
    if (name.rfind("spherical", 0) == 0)
        return CovarianceType::Spherical;
    return CovarianceType::Full;
}

void expectMatrixNear(const RowMatrix& actual, const RowMatrix& expected, double tolerance,
                      const char* what) {
    ASSERT_EQ(actual.rows(), expected.rows()) << what;
    ASSERT_EQ(actual.cols(), expected.cols()) << what;
    for (Eigen::Index i = 0; i < expected.size(); ++i)
        EXPECT_TRUE(nearRelative(actual.data()[i], expected.data()[i], tolerance, 1.0))
            << what << " value " << i;
}

void expectSameAsSklearn(const std::string& caseName, const std::string& key) {
    SCOPED_TRACE(caseName + " " + key);
    const RowMatrix data = microseg::test::loadMatrix(kDir + caseName + "_data.csv");
    const QJsonObject all = microseg::test::loadJson(kDir + caseName + ".json");
    const QJsonObject ref = all[QString::fromStdString(key)].toObject();
    ASSERT_FALSE(ref.isEmpty());

    GaussianMixtureOptions options;
    options.initialLabels = toLabels(all["labels_init"]);
    options.k = 1 + *std::max_element(options.initialLabels->begin(), options.initialLabels->end());
    options.covarianceType = typeOf(key);
    options.maxIterations = ref["max_iter"].toInt();
    options.tolerance = ref["tol"].toDouble();
    const GaussianMixtureResult r = fit(data, options);

    EXPECT_EQ(r.iterations, ref["n_iter"].toInt());
    EXPECT_EQ(r.converged, ref["converged"].toBool());
    // The issue asks for 1e-6 on the log-likelihood; we agree to ~1e-15 (rounding), so the
    // bounds below are tight enough to catch any change of formula (reg_covar, 10 eps, weights).
    EXPECT_TRUE(nearRelative(r.lowerBound, ref["lower_bound"].toDouble(), 1e-12));
    EXPECT_TRUE(nearRelative(r.meanLogLikelihood, ref["score"].toDouble(), 1e-12));
    EXPECT_TRUE(nearRelative(r.bic, ref["bic"].toDouble(), 1e-12));
    EXPECT_TRUE(nearRelative(r.aic, ref["aic"].toDouble(), 1e-12));
    EXPECT_EQ(r.model.parameterCount(), ref["n_parameters"].toInt());
    const std::vector<double> weights = toDoubles(ref["weights"]);
    ASSERT_EQ(r.model.weights.size(), static_cast<Eigen::Index>(weights.size()));
    for (std::size_t j = 0; j < weights.size(); ++j)
        EXPECT_TRUE(nearRelative(r.model.weights[static_cast<Eigen::Index>(j)], weights[j], 1e-10,
                                 1.0));
    expectMatrixNear(r.model.means, toMatrix(ref["means"]), 1e-10, "means");
    expectMatrixNear(r.model.covariances, toMatrix(ref["covariances"]), 1e-10, "covariances");
    // Precision factors scale as 1 / sigma: up to 1e3 for the reg_covar-only component.
    const RowMatrix precisions = toMatrix(ref["precisions_cholesky"]);
    expectMatrixNear(r.model.precisionsCholesky, precisions, 1e-10, "precisions_cholesky");
    EXPECT_EQ(r.labels, toLabels(ref["labels"]));
    const RowMatrix proba = toMatrix(ref["proba_head"]);
    expectMatrixNear(r.probabilities.topRows(proba.rows()), proba, 1e-10, "predict_proba");

    // Scoring the first rows again gives sklearn's score_samples and predict_proba.
    Progress progress;
    CancelToken cancel;
    auto scores = scoreGaussianMixture(r.model, data.topRows(proba.rows()), true, 1, progress,
                                       cancel);
    ASSERT_TRUE(scores.ok());
    const std::vector<double> samples = toDoubles(ref["score_samples_head"]);
    for (std::size_t i = 0; i < samples.size(); ++i)
        EXPECT_TRUE(nearRelative(scores.value().logLikelihoods[static_cast<Eigen::Index>(i)],
                                 samples[i], 1e-9, 1.0));
    EXPECT_EQ(scores.value().probabilities, r.probabilities.topRows(proba.rows()));
}

/// Customer-like blobs: `clusters` Gaussian clouds in d dimensions, fixed seed.
RowMatrix blobs(Eigen::Index n, Eigen::Index d, int clusters, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    RowMatrix centres(clusters, d);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = 4.0 * normal(rng);
    RowMatrix data(n, d);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < d; ++j)
            data(i, j) = centres(i % clusters, j) + (1.0 + 0.3 * (i % clusters)) * normal(rng);
    return data;
}

void expectIdentical(const GaussianMixtureResult& a, const GaussianMixtureResult& b) {
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.probabilities, b.probabilities); // bitwise
    EXPECT_EQ(a.model.means, b.model.means);
    EXPECT_EQ(a.model.covariances, b.model.covariances);
    EXPECT_EQ(a.model.weights, b.model.weights);
    EXPECT_EQ(a.logLikelihood, b.logLikelihood);
    EXPECT_EQ(a.lowerBound, b.lowerBound);
    EXPECT_EQ(a.iterations, b.iterations);
}

} // namespace

TEST(GaussianMixture, FullMatchesSklearn) {
    expectSameAsSklearn("blobs", "full");
    expectSameAsSklearn("blobs", "full_tol1e-9"); // 207 iterations
}

TEST(GaussianMixture, DiagMatchesSklearn) {
    expectSameAsSklearn("blobs", "diag");
    expectSameAsSklearn("blobs", "diag_tol1e-9");
}

TEST(GaussianMixture, TiedAndSphericalMatchSklearn) {
    expectSameAsSklearn("blobs", "tied");
    expectSameAsSklearn("blobs", "spherical");
}

TEST(GaussianMixture, UnconvergedRunMatchesSklearn) {
    expectSameAsSklearn("blobs", "full_maxiter2");
}

TEST(GaussianMixture, DuplicatedRowsNeedTheRegularizationLikeSklearn) {
    expectSameAsSklearn("degenerate", "full");
    expectSameAsSklearn("degenerate", "diag");
}

TEST(GaussianMixture, DuplicatedRowsWithoutRegularizationAreAClearError) {
    const RowMatrix data = microseg::test::loadMatrix(kDir + "degenerate_data.csv");
    const QJsonObject all = microseg::test::loadJson(kDir + "degenerate.json");
    GaussianMixtureOptions options;
    options.k = 4;
    options.initialLabels = toLabels(all["labels_init"]);
    options.regularization = 0.0;
    Progress progress;
    CancelToken cancel;
    auto result = gaussianMixture(data, options, progress, cancel);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(result.error().message.find("regularization"), std::string::npos);
}

TEST(GaussianMixture, ResponsibilitiesInitEqualsLabelsInit) {
    const RowMatrix data = blobs(600, 3, 3, 4);
    GaussianMixtureOptions options;
    options.k = 3;
    options.initialLabels = std::vector<std::int32_t>(600);
    RowMatrix resp = RowMatrix::Zero(600, 3);
    for (int i = 0; i < 600; ++i) {
        (*options.initialLabels)[static_cast<std::size_t>(i)] = (i * 7 / 5) % 3;
        resp(i, (i * 7 / 5) % 3) = 1.0;
    }
    const GaussianMixtureResult byLabels = fit(data, options);
    options.initialLabels.reset();
    options.initialResponsibilities = resp;
    expectIdentical(byLabels, fit(data, options));
}

TEST(GaussianMixture, DeterministicUnderASeed) {
    const RowMatrix data = blobs(3000, 4, 5, 1);
    GaussianMixtureOptions options;
    options.k = 5;
    options.nInit = 2;
    options.seed = 42;
    for (auto type : {CovarianceType::Full, CovarianceType::Diag}) {
        options.covarianceType = type;
        const GaussianMixtureResult a = fit(data, options);
        expectIdentical(a, fit(data, options));
        EXPECT_TRUE(a.converged);
        EXPECT_EQ(a.labels.size(), 3000u);
        EXPECT_NEAR(a.model.weights.sum(), 1.0, 1e-12);
        EXPECT_TRUE((a.probabilities.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
    }
}

TEST(GaussianMixture, SameBitsWhateverTheThreadCount) {
    const RowMatrix data = blobs(12000, 5, 6, 5); // 12 blocks: every thread gets work
    GaussianMixtureOptions options;
    options.k = 6;
    options.seed = 9;
    options.maxIterations = 8;
    for (auto type : {CovarianceType::Full, CovarianceType::Diag}) {
        options.covarianceType = type;
        options.threads = 1;
        const GaussianMixtureResult one = fit(data, options);
        options.threads = 2;
        expectIdentical(one, fit(data, options));
        options.threads = 3;
        expectIdentical(one, fit(data, options));
    }
}

TEST(GaussianMixture, RestartsKeepTheBestLowerBound) {
    const RowMatrix data = blobs(1500, 2, 8, 8);
    GaussianMixtureOptions options;
    options.k = 8;
    options.seed = 1;
    const GaussianMixtureResult single = fit(data, options);
    options.nInit = 4; // the first restart draws exactly what the single run drew
    EXPECT_GE(fit(data, options).lowerBound, single.lowerBound);
}

TEST(GaussianMixture, ProbabilitiesCanBeLeftOut) {
    const RowMatrix data = blobs(500, 3, 3, 2);
    GaussianMixtureOptions options;
    options.k = 3;
    const GaussianMixtureResult with = fit(data, options);
    options.storeProbabilities = false;
    const GaussianMixtureResult without = fit(data, options);
    EXPECT_EQ(without.probabilities.size(), 0);
    EXPECT_EQ(with.labels, without.labels);
    EXPECT_EQ(with.logLikelihood, without.logLikelihood);
}

TEST(GaussianMixture, PreCancelledTokenReturnsCancelled) {
    const RowMatrix data = blobs(500, 3, 3, 1);
    Progress progress;
    CancelToken cancel;
    cancel.cancel();
    GaussianMixtureOptions options;
    options.k = 3;
    EXPECT_TRUE(gaussianMixture(data, options, progress, cancel).isCancelled());
    const GaussianMixtureResult fitted = fit(data, options);
    EXPECT_TRUE(scoreGaussianMixture(fitted.model, data, true, 1, progress, cancel).isCancelled());
}

TEST(GaussianMixture, CancelDuringTheRunReturnsCancelled) {
    const RowMatrix data = blobs(4000, 3, 3, 1);
    CancelToken cancel;
    Progress progress([&](double fraction, const std::string&) {
        if (fraction > 0.2)
            cancel.cancel();
    });
    GaussianMixtureOptions options;
    options.k = 8;
    options.tolerance = 0.0;
    EXPECT_TRUE(gaussianMixture(data, options, progress, cancel).isCancelled());
}

TEST(GaussianMixture, ProgressEndsAtOneWithinAHundredSteps) {
    const RowMatrix data = blobs(3000, 3, 6, 3);
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    CancelToken cancel;
    GaussianMixtureOptions options;
    options.k = 6;
    options.nInit = 3;
    ASSERT_TRUE(gaussianMixture(data, options, progress, cancel).ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_LE(seen.size(), 102u);
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_LE(seen[i - 1], seen[i]);
}

TEST(GaussianMixture, InvalidArguments) {
    const RowMatrix data = blobs(10, 2, 2, 1);
    Progress progress;
    CancelToken cancel;
    const auto error = [&](const GaussianMixtureOptions& options, const RowMatrix& x) {
        auto result = gaussianMixture(x, options, progress, cancel);
        return result.ok() ? std::string("ok") : result.error().value;
    };
    GaussianMixtureOptions options;
    options.k = 11;
    EXPECT_EQ(error(options, data), "11"); // k > n
    auto tooMany = gaussianMixture(data, options, progress, cancel);
    EXPECT_NE(tooMany.error().message.find("k = 11"), std::string::npos);
    options.k = 0;
    EXPECT_EQ(error(options, data), "0");
    options.k = 2;
    options.covarianceType = static_cast<CovarianceType>(7);
    EXPECT_EQ(error(options, data), "7");
    options.covarianceType = CovarianceType::Diag;
    options.regularization = -1.0;
    EXPECT_NE(error(options, data), "ok");
    options.regularization = 1e-6;
    options.nInit = 0;
    EXPECT_EQ(error(options, data), "0");
    options.nInit = 1;
    options.initialLabels = std::vector<std::int32_t>(10, 2); // label k is out of range
    EXPECT_EQ(error(options, data), "2");
    options.initialLabels = std::vector<std::int32_t>(9, 0);
    EXPECT_EQ(error(options, data), "9");
    options.initialLabels.reset();
    options.initialResponsibilities = RowMatrix::Ones(10, 3);
    EXPECT_EQ(error(options, data), "10x3");
    options.initialResponsibilities.reset();
    RowMatrix withNan = data;
    withNan(3, 1) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(error(options, withNan), "NaN");
    EXPECT_NE(error(options, RowMatrix(1, 2)), "ok");
    EXPECT_EQ(error(options, data), "ok");

    const GaussianMixtureResult fitted = fit(data, options);
    auto wrongWidth = scoreGaussianMixture(fitted.model, RowMatrix::Zero(4, 3), true, 1, progress,
                                           cancel);
    ASSERT_FALSE(wrongWidth.ok());
    EXPECT_EQ(wrongWidth.error().code, ErrorCode::InvalidArgument);
    GaussianMixtureModel broken = fitted.model;
    broken.covarianceType = CovarianceType::Full; // diag factors under a full label
    EXPECT_FALSE(scoreGaussianMixture(broken, data, true, 1, progress, cancel).ok());
}

TEST(GaussianMixture, ScoringNewRowsFoldsCustomersIn) {
    const RowMatrix data = blobs(2000, 3, 4, 12);
    GaussianMixtureOptions options;
    options.k = 4;
    options.seed = 5;
    const GaussianMixtureResult fitted = fit(data, options);
    Progress progress;
    CancelToken cancel;
    // Scoring the training rows reproduces the fit's memberships, labels and likelihood.
    auto again = scoreGaussianMixture(fitted.model, data, true, 2, progress, cancel);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value().labels, fitted.labels);
    EXPECT_EQ(again.value().probabilities, fitted.probabilities);
    EXPECT_EQ(again.value().meanLogLikelihood, fitted.meanLogLikelihood);
    EXPECT_NEAR(again.value().logLikelihoods.sum(), fitted.logLikelihood,
                1e-9 * std::abs(fitted.logLikelihood));
    // A new customer at a component mean is folded into that component.
    for (int j = 0; j < 4; ++j) {
        auto one = scoreGaussianMixture(fitted.model, fitted.model.means.row(j), false, 1,
                                        progress, cancel);
        ASSERT_TRUE(one.ok());
        EXPECT_EQ(one.value().labels[0], j);
        EXPECT_EQ(one.value().probabilities.size(), 0);
    }
}

TEST(GaussianMixture, OneComponentIsTheSampleMoments) {
    const RowMatrix data = blobs(700, 3, 2, 21);
    const Eigen::RowVectorXd mean = data.colwise().mean();
    const RowMatrix centred = data.rowwise() - mean;
    Eigen::MatrixXd covariance = centred.transpose() * centred / 700.0;
    covariance.diagonal().array() += 1e-6;
    GaussianMixtureOptions options;
    options.k = 1;
    for (auto type : {CovarianceType::Full, CovarianceType::Tied, CovarianceType::Diag}) {
        options.covarianceType = type;
        const GaussianMixtureResult r = fit(data, options);
        EXPECT_NEAR(r.model.weights[0], 1.0, 1e-15);
        EXPECT_TRUE(r.model.means.row(0).isApprox(mean, 1e-12));
        const Eigen::MatrixXd expected = type == CovarianceType::Diag
                                             ? Eigen::MatrixXd(covariance.diagonal().asDiagonal())
                                             : covariance;
        EXPECT_TRUE(r.model.covariance(0).isApprox(expected, 1e-12)) << r.model.covariance(0);
        // One Gaussian: the log-likelihood has a closed form at the maximum.
        const double logDet = std::log(expected.determinant());
        const double perRow = -0.5 * (3.0 * std::log(2.0 * 3.14159265358979323846) + logDet) -
                              0.5 * (expected.inverse() * centred.transpose() * centred / 700.0)
                                        .trace();
        EXPECT_NEAR(r.meanLogLikelihood, perRow, 1e-10);
        EXPECT_EQ(r.model.parameterCount(), type == CovarianceType::Diag ? 6 : 9);
        EXPECT_NEAR(r.bic, -2.0 * r.logLikelihood + r.model.parameterCount() * std::log(700.0),
                    1e-9);
    }
}
