// k scan: live delivery per k, agreement with direct k-means + metric calls, the Kneedle elbow on
// curves with a known elbow, the guards and their thresholds, and the task contract.
#include "microseg/cluster_metrics.h"
#include "microseg/k_scan.h"
#include "microseg/kmeans.h"

#include <gtest/gtest.h>
#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace microseg::core;

namespace {

/// `clusters` well separated Gaussian clouds of equal size.
RowMatrix blobs(Eigen::Index n, Eigen::Index d, int clusters, std::uint64_t seed,
                double spread = 10.0) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    RowMatrix centres(clusters, d);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = spread * normal(rng);
    RowMatrix data(n, d);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < d; ++j)
            data(i, j) = centres(i % clusters, j) + normal(rng);
    return data;
}

KScanResult scan(const RowMatrix& data, const KScanOptions& options,
                 std::vector<KScanPoint>* live = nullptr) {
    Progress progress;
    CancelToken cancel;
    auto result = kScan(
        data, options,
        [&](const KScanPoint& p) {
            if (live)
                live->push_back(p);
        },
        progress, cancel);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : KScanResult{};
}

} // namespace

TEST(Elbow, KneedleFindsTheKnownElbow) {
    const std::vector<double> x{2, 3, 4, 5, 6, 7, 8};
    EXPECT_EQ(elbowIndex(x, {100, 50, 10, 8, 6, 4, 2}), std::optional<std::size_t>(2)); // k = 4
    // y = 1 / x: the normalised curve is symmetric; its farthest point from the chord is at
    // x = sqrt(x0 x1) = 4 for x in 1..16 (step 1).
    std::vector<double> xs;
    std::vector<double> ys;
    for (int k = 1; k <= 16; ++k) {
        xs.push_back(k);
        ys.push_back(1.0 / k);
    }
    const auto elbow = elbowIndex(xs, ys);
    ASSERT_TRUE(elbow.has_value());
    EXPECT_EQ(xs[*elbow], 4.0);
}

TEST(Elbow, NoElbowOnStraightOrConcaveCurvesOrTooFewPoints) {
    EXPECT_FALSE(elbowIndex({1, 2, 3, 4}, {4, 3, 2, 1}).has_value());
    EXPECT_FALSE(elbowIndex({1, 2, 3, 4}, {10, 9.5, 8, 1}).has_value());
    EXPECT_FALSE(elbowIndex({1, 2}, {10, 1}).has_value());
    EXPECT_FALSE(elbowIndex({1, 2, 3}, {1, 1, 1}).has_value());
}

TEST(KScan, DeliversEveryKLiveAndMatchesDirectCalls) {
    const RowMatrix data = blobs(2000, 4, 4, 7);
    KScanOptions options;
    options.kMin = 2;
    options.kMax = 7;
    options.seed = 3;
    options.silhouetteSampleSize = 500;
    std::vector<KScanPoint> live;
    const KScanResult result = scan(data, options, &live);
    ASSERT_EQ(result.points.size(), 6u);
    ASSERT_EQ(live.size(), 6u);
    for (std::size_t i = 0; i < live.size(); ++i) {
        EXPECT_EQ(live[i].k, static_cast<int>(i) + 2);
        EXPECT_EQ(live[i].inertia, result.points[i].inertia);
    }
    EXPECT_EQ(result.elbowK, std::optional<int>(4));

    // k = 4 equals kmeans() + the metric functions with the same seed.
    const KScanPoint& p = result.points[2];
    KMeansOptions km;
    km.k = 4;
    km.seed = 3;
    Progress progress;
    CancelToken cancel;
    auto direct = kmeans(data, km, progress, cancel);
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(p.inertia, direct.value().inertia);
    ClusterMetricOptions mo;
    mo.sampleSize = 500;
    mo.seed = 3;
    EXPECT_EQ(p.silhouette,
              silhouetteSampled(data, direct.value().labels, mo, progress, cancel).value());
    EXPECT_EQ(p.daviesBouldin,
              daviesBouldin(data, direct.value().labels, mo, progress, cancel).value());
    EXPECT_EQ(p.calinskiHarabasz,
              calinskiHarabasz(data, direct.value().labels, mo, progress, cancel).value());
    EXPECT_GT(p.silhouette, 0.7); // four well separated blobs
    std::int64_t total = 0;
    for (auto size : p.clusterSizes)
        total += size;
    EXPECT_EQ(total, 2000);
    EXPECT_TRUE(p.warnings.empty());
}

TEST(KScan, ScansBeyondThirtyClusters) {
    const RowMatrix data = blobs(3000, 3, 6, 9);
    KScanOptions options;
    options.kMin = 2;
    options.kMax = 35;
    options.silhouetteSampleSize = 600;
    const KScanResult result = scan(data, options);
    ASSERT_EQ(result.points.size(), 34u);
    EXPECT_EQ(result.points.back().k, 35);
    EXPECT_EQ(result.points.back().clusterSizes.size(), 35u);
    ASSERT_TRUE(result.elbowK.has_value());
    EXPECT_GE(*result.elbowK, 4);
    EXPECT_LE(*result.elbowK, 8);
}

TEST(KScan, GuardsWarnWithEditableThresholds) {
    const auto warnings = checkClusterGuards(3, {50, 200, 20}, 0.2, ClusterGuardThresholds{});
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0].kind, ClusterWarningKind::SmallCluster);
    EXPECT_EQ(warnings[0].clusters, (std::vector<int>{0, 2}));
    EXPECT_EQ(warnings[0].value, 20.0);
    EXPECT_EQ(warnings[0].threshold, 100.0);
    EXPECT_EQ(warnings[1].kind, ClusterWarningKind::LowSilhouette);
    EXPECT_EQ(warnings[1].value, 0.2);
    EXPECT_FALSE(warnings[1].message.empty());
    ClusterGuardThresholds relaxed;
    relaxed.minClusterSize = 10;
    relaxed.minSilhouette = 0.1;
    EXPECT_TRUE(checkClusterGuards(3, {50, 200, 20}, 0.2, relaxed).empty());
    EXPECT_TRUE(checkClusterGuards(3, {50, 200, 20}, std::nan(""), relaxed).empty());
}

TEST(KScan, ScanAttachesGuardWarnings) {
    // 400 rows: with k = 6, every cluster has fewer than 100 members; uniform noise has a weak
    // silhouette.
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    RowMatrix data(400, 3);
    for (Eigen::Index i = 0; i < data.size(); ++i)
        data.data()[i] = uniform(rng);
    KScanOptions options;
    options.kMin = 5;
    options.kMax = 6;
    options.guards.minSilhouette = 0.9;
    const KScanResult result = scan(data, options);
    ASSERT_EQ(result.points.size(), 2u);
    const auto& warnings = result.points[1].warnings;
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0].kind, ClusterWarningKind::SmallCluster);
    EXPECT_EQ(warnings[0].clusters.size(), 6u);
    EXPECT_EQ(warnings[1].kind, ClusterWarningKind::LowSilhouette);
    EXPECT_EQ(warnings[1].k, 6);
}

TEST(KScan, PreCancelledTokenReturnsCancelled) {
    const RowMatrix data = blobs(300, 2, 3, 1);
    Progress progress;
    CancelToken cancel;
    cancel.cancel();
    int calls = 0;
    auto result = kScan(data, KScanOptions{}, [&](const KScanPoint&) { ++calls; }, progress,
                        cancel);
    EXPECT_TRUE(result.isCancelled());
    EXPECT_EQ(calls, 0);
}

TEST(KScan, CancelFromTheCallbackStopsTheScan) {
    const RowMatrix data = blobs(600, 2, 3, 1);
    Progress progress;
    CancelToken cancel;
    int calls = 0;
    KScanOptions options;
    options.kMax = 8;
    auto result = kScan(
        data, options,
        [&](const KScanPoint&) {
            ++calls;
            cancel.cancel();
        },
        progress, cancel);
    EXPECT_TRUE(result.isCancelled());
    EXPECT_EQ(calls, 1);
}

TEST(KScan, ProgressEndsAtOneMonotonically) {
    const RowMatrix data = blobs(1500, 3, 4, 2);
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    CancelToken cancel;
    KScanOptions options;
    options.kMax = 9;
    options.silhouetteSampleSize = 400;
    ASSERT_TRUE(kScan(data, options, {}, progress, cancel).ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_LE(seen.size(), 130u);
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_LE(seen[i - 1], seen[i]);
}

TEST(KScan, InvalidArguments) {
    const RowMatrix data = blobs(20, 2, 2, 1);
    Progress progress;
    CancelToken cancel;
    const auto code = [&](const KScanOptions& options) {
        auto result = kScan(data, options, {}, progress, cancel);
        return result.ok() ? ErrorCode::Cancelled : result.error().code;
    };
    KScanOptions options;
    options.kMin = 0;
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.kMin = 5;
    options.kMax = 4;
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.kMax = 21;
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.kMin = 1; // silhouette needs k >= 2
    options.kMax = 3;
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.kMin = 2;
    options.silhouetteSampleSize = 3; // k = 3 clusters among 3 sampled rows
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.silhouetteSampleSize = 10;
    options.maxIterations = 0; // passed on to k-means
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
}

TEST(KScan, GaussianMixturesReportBicAndAicAsDirectFits) {
    const RowMatrix data = blobs(600, 3, 4, 21);
    KScanOptions options;
    options.kMin = 2;
    options.kMax = 6;
    options.model = KScanModel::GaussianMixture;
    options.covariance = CovarianceType::Diag;
    options.seed = 5;
    Progress progress;
    auto scan = kScan(data, options, {}, progress, {});
    ASSERT_TRUE(scan.ok()) << scan.error().toString();
    ASSERT_EQ(scan.value().points.size(), 5u);
    std::optional<int> lowest;
    double best = 0.0;
    for (const KScanPoint& point : scan.value().points) {
        GaussianMixtureOptions direct;
        direct.k = point.k;
        direct.covarianceType = CovarianceType::Diag;
        direct.seed = 5;
        direct.storeProbabilities = false;
        auto fit = gaussianMixture(data, direct, progress, {});
        ASSERT_TRUE(fit.ok());
        EXPECT_DOUBLE_EQ(point.bic, fit.value().bic) << "k = " << point.k;
        EXPECT_DOUBLE_EQ(point.aic, fit.value().aic) << "k = " << point.k;
        EXPECT_GT(point.inertia, 0.0);
        if (!lowest || point.bic < best) {
            lowest = point.k;
            best = point.bic;
        }
    }
    EXPECT_EQ(scan.value().lowestBicK, lowest);
    // Four blobs: BIC is lowest at k = 4.
    EXPECT_EQ(scan.value().lowestBicK, 4);
    // k-means scans have no BIC.
    options.model = KScanModel::KMeans;
    auto kmeansScan = kScan(data, options, {}, progress, {});
    ASSERT_TRUE(kmeansScan.ok());
    EXPECT_TRUE(std::isnan(kmeansScan.value().points[0].bic));
    EXPECT_FALSE(kmeansScan.value().lowestBicK.has_value());
}
