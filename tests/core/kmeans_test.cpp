// K-means against scikit-learn 1.2.1 from the same initial centres, plus the task contract:
// determinism, thread-count independence, cancellation, progress, argument errors.
#include "cluster_fixtures.h"
#include "microseg/kmeans.h"

#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace microseg::core;
using microseg::test::loadJson;
using microseg::test::loadMatrix;
using microseg::test::nearRelative;

namespace {

KMeansResult run(const RowMatrix& data, const KMeansOptions& options) {
    Progress progress;
    CancelToken cancel;
    auto result = kmeans(data, options, progress, cancel);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : KMeansResult{};
}

/// Customer-like blobs: `clusters` Gaussian clouds in d dimensions, fixed seed.
RowMatrix blobs(Eigen::Index n, Eigen::Index d, int clusters, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    RowMatrix centres(clusters, d);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = 6.0 * normal(rng);
    RowMatrix data(n, d);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < d; ++j)
            data(i, j) = centres(i % clusters, j) + normal(rng);
    return data;
}

void expectSameAsSklearn(const std::string& caseName, const std::string& key,
                         KMeansAlgorithm algorithm, const std::string& initFile = {}) {
    SCOPED_TRACE(caseName + " " + key);
    const RowMatrix data = loadMatrix("kmeans/" + caseName + "_data.csv");
    const RowMatrix init = loadMatrix("kmeans/" + (initFile.empty() ? caseName : initFile) + "_init.csv");
    const QJsonObject all = loadJson("kmeans/" + (initFile.empty() ? caseName : initFile) + ".json");
    const QJsonObject ref = all[QString::fromStdString(key)].toObject();
    ASSERT_FALSE(ref.isEmpty());

    KMeansOptions options;
    options.k = static_cast<int>(init.rows());
    options.initialCentres = init;
    options.algorithm = algorithm;
    options.maxIterations = ref["max_iter"].toInt(300);
    const KMeansResult result = run(data, options);

    EXPECT_EQ(result.labels, microseg::test::toLabels(ref["labels"]));
    EXPECT_TRUE(nearRelative(result.inertia, ref["inertia"].toDouble()));
    EXPECT_EQ(result.iterations, ref["n_iter"].toInt());
    EXPECT_EQ(result.converged, result.iterations < options.maxIterations);
    const RowMatrix centres = microseg::test::toMatrix(ref["centres"]);
    ASSERT_EQ(result.centres.rows(), centres.rows());
    ASSERT_EQ(result.centres.cols(), centres.cols());
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        EXPECT_TRUE(nearRelative(result.centres.data()[i], centres.data()[i], 1e-9, 1.0))
            << "centre value " << i;
}

} // namespace

TEST(KMeans, LloydMatchesSklearn) {
    expectSameAsSklearn("blobs", "lloyd", KMeansAlgorithm::Lloyd);
    expectSameAsSklearn("k50", "lloyd", KMeansAlgorithm::Lloyd);
}

TEST(KMeans, ElkanMatchesSklearn) {
    expectSameAsSklearn("blobs", "elkan", KMeansAlgorithm::Elkan);
    expectSameAsSklearn("k50", "elkan", KMeansAlgorithm::Elkan);
}

TEST(KMeans, UnconvergedRunEndsWithAReassignmentLikeSklearn) {
    expectSameAsSklearn("blobs", "lloyd_maxiter2", KMeansAlgorithm::Lloyd);
    expectSameAsSklearn("blobs", "elkan_maxiter2", KMeansAlgorithm::Elkan);
}

TEST(KMeans, EmptyClusterIsRelocatedLikeSklearn) {
    expectSameAsSklearn("empty", "lloyd", KMeansAlgorithm::Lloyd);
    expectSameAsSklearn("empty", "elkan", KMeansAlgorithm::Elkan);
}

TEST(KMeans, TwoEmptyClustersAreRelocatedLikeSklearn) {
    expectSameAsSklearn("empty", "lloyd", KMeansAlgorithm::Lloyd, "empty2");
    expectSameAsSklearn("empty", "elkan", KMeansAlgorithm::Elkan, "empty2");
}

TEST(KMeans, ElkanEqualsLloyd) {
    const RowMatrix data = blobs(3000, 5, 7, 11);
    for (int k : {1, 2, 7, 40}) {
        SCOPED_TRACE(k);
        KMeansOptions options;
        options.k = k;
        options.seed = 3;
        const KMeansResult lloyd = run(data, options);
        options.algorithm = KMeansAlgorithm::Elkan;
        const KMeansResult elkan = run(data, options);
        EXPECT_EQ(lloyd.labels, elkan.labels);
        EXPECT_EQ(lloyd.iterations, elkan.iterations);
        EXPECT_TRUE(nearRelative(elkan.inertia, lloyd.inertia, 1e-12));
        EXPECT_TRUE(lloyd.centres.isApprox(elkan.centres, 1e-12));
    }
}

TEST(KMeans, DeterministicUnderASeed) {
    const RowMatrix data = blobs(2000, 4, 5, 1);
    KMeansOptions options;
    options.k = 6;
    options.nInit = 3;
    options.seed = 42;
    const KMeansResult a = run(data, options);
    const KMeansResult b = run(data, options);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.centres, b.centres);
    EXPECT_EQ(a.inertia, b.inertia);
    EXPECT_EQ(a.iterations, b.iterations);
}

TEST(KMeans, SameBitsWhateverTheThreadCount) {
    const RowMatrix data = blobs(20000, 6, 9, 5); // 40 blocks: both threads get work
    for (auto algorithm : {KMeansAlgorithm::Lloyd, KMeansAlgorithm::Elkan}) {
        KMeansOptions options;
        options.k = 12;
        options.nInit = 2;
        options.seed = 9;
        options.algorithm = algorithm;
        options.threads = 1;
        const KMeansResult one = run(data, options);
        for (int threads : {2, 5}) {
            options.threads = threads;
            const KMeansResult many = run(data, options);
            EXPECT_EQ(one.labels, many.labels);
            EXPECT_EQ(one.centres, many.centres); // bitwise
            EXPECT_EQ(one.inertia, many.inertia);
            EXPECT_EQ(one.iterations, many.iterations);
        }
    }
}

TEST(KMeans, RestartsKeepTheLowestInertia) {
    const RowMatrix data = blobs(1500, 3, 10, 8);
    KMeansOptions options;
    options.k = 10;
    options.seed = 1;
    const KMeansResult single = run(data, options);
    options.nInit = 6; // the first restart draws exactly what the single run drew
    const KMeansResult best = run(data, options);
    EXPECT_LE(best.inertia, single.inertia);
}

TEST(KMeans, PlusPlusPicksDistinctRowsDeterministically) {
    const RowMatrix data = blobs(1000, 3, 4, 2);
    CancelToken cancel;
    auto a = kmeansPlusPlus(data, 20, 7, 2, cancel);
    auto b = kmeansPlusPlus(data, 20, 7, 1, cancel);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a.value(), b.value());
    for (Eigen::Index c = 0; c < 20; ++c) {
        bool isRow = false;
        for (Eigen::Index i = 0; i < data.rows() && !isRow; ++i)
            isRow = data.row(i) == a.value().row(c);
        EXPECT_TRUE(isRow) << "centre " << c;
        for (Eigen::Index o = 0; o < c; ++o)
            EXPECT_NE(a.value().row(o), a.value().row(c));
    }
}

TEST(KMeans, MicroSegmentationWithFiveHundredClusters) {
    const RowMatrix data = blobs(5000, 4, 50, 4);
    KMeansOptions options;
    options.k = 500;
    options.seed = 2;
    options.maxIterations = 50;
    const KMeansResult lloyd = run(data, options);
    options.algorithm = KMeansAlgorithm::Elkan;
    const KMeansResult elkan = run(data, options);
    ASSERT_EQ(lloyd.labels.size(), 5000u);
    EXPECT_EQ(lloyd.labels, elkan.labels);
    EXPECT_TRUE(nearRelative(elkan.inertia, lloyd.inertia, 1e-12));
    std::vector<int> sizes(500, 0);
    for (auto label : lloyd.labels)
        ++sizes[static_cast<std::size_t>(label)];
    for (int size : sizes)
        EXPECT_GT(size, 0);
}

TEST(KMeans, PreCancelledTokenReturnsCancelled) {
    const RowMatrix data = blobs(500, 3, 3, 1);
    Progress progress;
    CancelToken cancel;
    cancel.cancel();
    KMeansOptions options;
    options.k = 3;
    for (auto algorithm : {KMeansAlgorithm::Lloyd, KMeansAlgorithm::Elkan}) {
        options.algorithm = algorithm;
        auto result = kmeans(data, options, progress, cancel);
        EXPECT_TRUE(result.isCancelled());
    }
    EXPECT_TRUE(kmeansPlusPlus(data, 3, 0, 1, cancel).isCancelled());
}

TEST(KMeans, CancelDuringTheRunReturnsCancelled) {
    const RowMatrix data = blobs(4000, 3, 3, 1);
    CancelToken cancel;
    Progress progress([&](double fraction, const std::string&) {
        if (fraction > 0.0)
            cancel.cancel();
    });
    KMeansOptions options;
    options.k = 8;
    options.tolerance = 0.0;
    auto result = kmeans(data, options, progress, cancel);
    EXPECT_TRUE(result.isCancelled());
}

TEST(KMeans, ProgressEndsAtOneWithinAHundredSteps) {
    const RowMatrix data = blobs(3000, 3, 6, 3);
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    CancelToken cancel;
    KMeansOptions options;
    options.k = 6;
    options.nInit = 4;
    auto result = kmeans(data, options, progress, cancel);
    ASSERT_TRUE(result.ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_LE(seen.size(), 102u);
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_LE(seen[i - 1], seen[i]);
}

TEST(KMeans, KLargerThanNIsAnInvalidArgument) {
    const RowMatrix data = blobs(10, 2, 2, 1);
    Progress progress;
    CancelToken cancel;
    KMeansOptions options;
    options.k = 11;
    auto result = kmeans(data, options, progress, cancel);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(result.error().value, "11");
    EXPECT_NE(result.error().message.find("k = 11"), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("10"), std::string::npos);
}

TEST(KMeans, OtherInvalidArguments) {
    const RowMatrix data = blobs(10, 2, 2, 1);
    Progress progress;
    CancelToken cancel;
    const auto error = [&](const KMeansOptions& options, const RowMatrix& x) {
        auto result = kmeans(x, options, progress, cancel);
        return result.ok() ? ErrorCode::Cancelled : result.error().code;
    };
    KMeansOptions options;
    options.k = 0;
    EXPECT_EQ(error(options, data), ErrorCode::InvalidArgument);
    options.k = 2;
    options.nInit = 0;
    EXPECT_EQ(error(options, data), ErrorCode::InvalidArgument);
    options.nInit = 1;
    options.initialCentres = RowMatrix::Zero(3, 2); // k rows expected
    EXPECT_EQ(error(options, data), ErrorCode::InvalidArgument);
    options.initialCentres.reset();
    RowMatrix withNan = data;
    withNan(3, 1) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(error(options, withNan), ErrorCode::InvalidArgument);
    EXPECT_EQ(error(options, RowMatrix(0, 2)), ErrorCode::InvalidArgument);
}

TEST(KMeans, AcceptsAColumnMajorMatrixThroughRef) {
    const RowMatrix data = blobs(300, 3, 3, 6);
    const Eigen::MatrixXd columnMajor = data;
    KMeansOptions options;
    options.k = 3;
    Progress progress;
    CancelToken cancel;
    auto a = kmeans(columnMajor, options, progress, cancel);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a.value().labels, run(data, options).labels);
}

TEST(KMeans, ElkanRefusesBoundsBeyondTwoGibibytes) {
    const RowMatrix data = RowMatrix::Zero(20000, 1); // refused before any distance is computed
    Progress progress;
    CancelToken cancel;
    KMeansOptions options;
    options.k = 15000;
    options.algorithm = KMeansAlgorithm::Elkan;
    auto result = kmeans(data, options, progress, cancel);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(result.error().message.find("Lloyd"), std::string::npos);
}
