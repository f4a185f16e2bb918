#include "microseg/pca.h"

#include <gtest/gtest.h>

#include "cluster_fixtures.h"
#include "microseg/numeric_csv.h"
#include "test_util.h"

using namespace microseg::core;
using microseg::test::loadJson;

namespace {

RowMatrix standardisedWholesale() {
    Progress progress;
    auto table = readNumericCsv(microseg::test::sharedDir() + "/data/Wholesale_customers_data.csv",
                                {}, progress, CancelToken());
    EXPECT_TRUE(table.ok()) << table.error().toString();
    EXPECT_TRUE(standardiseColumns(table.value().values, table.value().columns).ok());
    return table.value().values;
}

PcaResult fit(const RowMatrix& x, PcaOptions options = {}) {
    Progress progress;
    auto result = pca(x, options, progress, CancelToken());
    EXPECT_TRUE(result.ok()) << result.error().toString();
    return std::move(result).value();
}

void expectNear(const Eigen::VectorXd& ours, const QJsonArray& theirs, double tolerance) {
    ASSERT_EQ(ours.size(), theirs.size());
    for (Eigen::Index i = 0; i < ours.size(); ++i)
        EXPECT_NEAR(ours[i], theirs[static_cast<int>(i)].toDouble(), tolerance) << i;
}

} // namespace

TEST(Pca, MatchesScikitLearnOnStandardisedWholesaleData) {
    const RowMatrix x = standardisedWholesale();
    const PcaResult result = fit(x);
    const QJsonObject reference = loadJson("embed/pca_wholesale.json");
    ASSERT_EQ(x.rows(), reference["rows"].toInt());
    expectNear(result.mean, reference["mean"].toArray(), 1e-12);
    expectNear(result.explainedVariance, reference["explained_variance"].toArray(), 1e-9);
    expectNear(result.explainedVarianceRatio, reference["explained_variance_ratio"].toArray(), 1e-9);
    expectNear(result.singularValues, reference["singular_values"].toArray(), 1e-9);
    const QJsonArray components = reference["components"].toArray();
    ASSERT_EQ(result.components.rows(), components.size());
    for (Eigen::Index c = 0; c < result.components.rows(); ++c)
        expectNear(result.components.row(c).transpose(), components[static_cast<int>(c)].toArray(), 1e-9);
    const QJsonArray scores = reference["scores_head"].toArray();
    for (int i = 0; i < scores.size(); ++i)
        expectNear(result.scores.row(i).transpose(), scores[i].toArray(), 1e-9);
    EXPECT_NEAR(result.explainedVarianceRatio.sum(), 1.0, 1e-12);
}

TEST(Pca, LoadingsAreCovariancesOfFeaturesWithUnitScores) {
    const RowMatrix x = standardisedWholesale();
    PcaOptions options;
    options.components = 3;
    const PcaResult result = fit(x, options);
    ASSERT_EQ(result.components.rows(), 3);
    ASSERT_EQ(result.loadings.rows(), x.cols());
    ASSERT_EQ(result.loadings.cols(), 3);
    ASSERT_EQ(result.scores.cols(), 3);
    const double n = static_cast<double>(x.rows());
    const RowMatrix centred = x.rowwise() - x.colwise().mean();
    for (Eigen::Index f = 0; f < x.cols(); ++f)
        for (Eigen::Index j = 0; j < 3; ++j) {
            // cov(feature f, score j / sd(score j)) with the n - 1 divisor.
            const double covariance = centred.col(f).dot(result.scores.col(j)) / (n - 1) /
                                      std::sqrt(result.explainedVariance[j]);
            EXPECT_NEAR(result.loadings(f, j), covariance, 1e-12);
        }
    // Scores are uncorrelated with the explained variances on the diagonal.
    const Eigen::MatrixXd scoreCovariance = result.scores.transpose() * result.scores / (n - 1);
    EXPECT_TRUE(scoreCovariance.isApprox(Eigen::MatrixXd(result.explainedVariance.asDiagonal()), 1e-12));
    EXPECT_TRUE(pcaTransform(result, x).isApprox(result.scores, 1e-14));
}

TEST(Pca, SameResultWithOneOrTwoThreadsAndManyBlocks) {
    RowMatrix x(10000, 4);
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        for (Eigen::Index j = 0; j < 4; ++j)
            x(i, j) = std::sin(0.37 * static_cast<double>(i) * static_cast<double>(j + 1)) * (j + 1) + 1e3;
    PcaOptions one;
    one.threads = 1;
    PcaOptions two;
    two.threads = 2;
    const PcaResult a = fit(x, one), b = fit(x, two);
    EXPECT_EQ(a.components, b.components);
    EXPECT_EQ(a.explainedVariance, b.explainedVariance);
    EXPECT_EQ(a.scores, b.scores);
}

TEST(Pca, RejectsBadInputAndHonoursCancel) {
    Progress progress;
    PcaOptions options;
    EXPECT_EQ(pca(RowMatrix::Ones(1, 3), options, progress, CancelToken()).error().code,
              ErrorCode::InvalidArgument);
    options.components = 4;
    EXPECT_EQ(pca(RowMatrix::Random(10, 3), options, progress, CancelToken()).error().code,
              ErrorCode::InvalidArgument);
    options.components = 0;
    RowMatrix withNan = RowMatrix::Random(10, 3);
    withNan(4, 2) = std::nan("");
    auto nan = pca(withNan, options, progress, CancelToken());
    ASSERT_FALSE(nan.ok());
    EXPECT_EQ(nan.error().line, 5);
    EXPECT_EQ(nan.error().column, 3);
    CancelToken cancel;
    cancel.cancel();
    EXPECT_TRUE(pca(RowMatrix::Random(10, 3), options, progress, cancel).isCancelled());
}
