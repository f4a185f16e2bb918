// HDBSCAN against the O(n^2) numpy/scipy reference (fixtures written by
// tests/fixtures/hdbscan/make_hdbscan_reference.py), the Boruvka spanning tree against a dense
// Prim's on mutual reachability, plus the task contract: thread-count independence, cancellation,
// progress, argument errors, duplicate points.
#include "cluster_fixtures.h"
#include "microseg/hdbscan.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace microseg::core;
using Index = Eigen::Index;

namespace {

HdbscanResult run(const RowMatrix& data, HdbscanOptions options) {
    Progress progress;
    auto result = hdbscan(data, options, progress, CancelToken());
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : HdbscanResult{};
}

/// True when b is a renumbering of a that keeps -1 as -1 (a bijection between cluster labels).
::testing::AssertionResult sameUpToRenumbering(const std::vector<std::int32_t>& a,
                                               const std::vector<std::int32_t>& b) {
    if (a.size() != b.size())
        return ::testing::AssertionFailure() << a.size() << " vs " << b.size() << " labels";
    std::map<std::int32_t, std::int32_t> forward, backward;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if ((a[i] == -1) != (b[i] == -1))
            return ::testing::AssertionFailure()
                   << "row " << i << ": " << a[i] << " vs " << b[i] << " (noise differs)";
        const auto f = forward.emplace(a[i], b[i]).first->second;
        const auto g = backward.emplace(b[i], a[i]).first->second;
        if (f != b[i] || g != a[i])
            return ::testing::AssertionFailure()
                   << "row " << i << ": label " << a[i] << " maps to " << f << " and " << b[i];
    }
    return ::testing::AssertionSuccess();
}

RowMatrix gaussianBlobs(Index perBlob, Index d, const std::vector<double>& spreads,
                        std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    const auto blobs = static_cast<Index>(spreads.size());
    RowMatrix x(perBlob * blobs, d);
    for (Index b = 0; b < blobs; ++b)
        for (Index i = 0; i < perBlob; ++i)
            for (Index j = 0; j < d; ++j)
                x(b * perBlob + i, j) = 8.0 * static_cast<double>((b + j) % blobs) +
                                        spreads[static_cast<std::size_t>(b)] * normal(rng);
    return x;
}

/// Dense Prim's on mutual reachability with brute-force core distances: the MST weight.
double denseMstWeight(const RowMatrix& x, int minSamples) {
    const Index n = x.rows();
    std::vector<double> core(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
        std::vector<double> d(static_cast<std::size_t>(n));
        for (Index j = 0; j < n; ++j)
            d[static_cast<std::size_t>(j)] = (x.row(i) - x.row(j)).norm();
        std::nth_element(d.begin(), d.begin() + minSamples - 1, d.end());
        core[static_cast<std::size_t>(i)] = d[static_cast<std::size_t>(minSamples - 1)];
    }
    const auto mr = [&](Index a, Index b) {
        return std::max({core[static_cast<std::size_t>(a)], core[static_cast<std::size_t>(b)],
                         (x.row(a) - x.row(b)).norm()});
    };
    std::vector<double> best(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
    std::vector<char> inTree(static_cast<std::size_t>(n), 0);
    double total = 0.0;
    Index current = 0;
    for (Index step = 1; step < n; ++step) {
        inTree[static_cast<std::size_t>(current)] = 1;
        Index next = -1;
        for (Index j = 0; j < n; ++j) {
            if (inTree[static_cast<std::size_t>(j)])
                continue;
            best[static_cast<std::size_t>(j)] =
                std::min(best[static_cast<std::size_t>(j)], mr(current, j));
            if (next < 0 ||
                best[static_cast<std::size_t>(j)] < best[static_cast<std::size_t>(next)])
                next = j;
        }
        total += best[static_cast<std::size_t>(next)];
        current = next;
    }
    return total;
}

class HdbscanReference : public ::testing::TestWithParam<std::string> {};

TEST_P(HdbscanReference, MatchesTheDenseReference) {
    const std::string name = GetParam();
    const RowMatrix data = microseg::test::loadMatrix("hdbscan/" + name + "_data.csv");
    const QJsonObject ref = microseg::test::loadJson("hdbscan/" + name + ".json");
    HdbscanOptions options;
    options.minClusterSize = ref["min_cluster_size"].toInt();
    options.minSamples = ref["min_samples"].toInt();
    options.selection = ref["cluster_selection_method"].toString() == "leaf"
                            ? HdbscanSelection::Leaf
                            : HdbscanSelection::ExcessOfMass;
    options.allowSingleCluster = ref["allow_single_cluster"].toBool();
    const HdbscanResult result = run(data, options);

    const auto labels = microseg::test::toLabels(ref["labels"]);
    EXPECT_TRUE(sameUpToRenumbering(result.labels, labels));
    EXPECT_EQ(result.clusters, ref["clusters"].toInt());
    EXPECT_EQ(result.noise, ref["noise"].toInt());
    EXPECT_TRUE(microseg::test::nearRelative(result.spanningTreeWeight,
                                             ref["mst_weight"].toDouble(), 1e-9));
    EXPECT_TRUE(microseg::test::nearRelative(result.spanningTreeWeight,
                                             ref["scipy_mst_weight"].toDouble(), 1e-9));
    ASSERT_EQ(static_cast<Index>(result.spanningTree.size()), data.rows() - 1);

    const auto core = microseg::test::toDoubles(ref["core_distances"]);
    ASSERT_EQ(result.coreDistances.size(), core.size());
    for (std::size_t i = 0; i < core.size(); ++i)
        EXPECT_TRUE(microseg::test::nearRelative(result.coreDistances[i], core[i], 1e-12, 1.0))
            << "core distance of row " << i;
    const auto stabilities = microseg::test::toDoubles(ref["stabilities"]);
    ASSERT_EQ(result.stabilities.size(), stabilities.size());
    for (std::size_t c = 0; c < stabilities.size(); ++c)
        EXPECT_TRUE(microseg::test::nearRelative(result.stabilities[c], stabilities[c], 1e-9, 1.0))
            << "stability of condensed cluster " << c + static_cast<std::size_t>(data.rows());
    std::vector<std::int64_t> selected;
    for (const QJsonValue& v : ref["selected"].toArray())
        selected.push_back(v.toInteger());
    EXPECT_EQ(result.selectedClusters, selected);
    const auto probabilities = microseg::test::toDoubles(ref["probabilities"]);
    const auto scores = microseg::test::toDoubles(ref["outlier_scores"]);
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
        EXPECT_NEAR(result.probabilities[i], probabilities[i], 1e-9) << "probability of row " << i;
        EXPECT_NEAR(result.outlierScores[i], scores[i], 1e-9) << "outlier score of row " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, HdbscanReference,
                         ::testing::Values("blobs_noise", "varying_density", "duplicates_leaf",
                                           "single_cluster"));

TEST(Hdbscan, SpanningTreeIsExactAndThreadIndependent) {
    // Blobs of different spread in 6-D, enough rows for several Boruvka rounds and many leaves.
    const RowMatrix x = gaussianBlobs(500, 6, {0.5, 1.0, 2.0, 4.0}, 42);
    HdbscanOptions options;
    options.minClusterSize = 20;
    options.minSamples = 7;
    options.threads = 1;
    const HdbscanResult one = run(x, options);
    EXPECT_TRUE(microseg::test::nearRelative(one.spanningTreeWeight, denseMstWeight(x, 7), 1e-9));
    for (const int threads : {2, 3, 8}) {
        options.threads = threads;
        const HdbscanResult many = run(x, options);
        EXPECT_EQ(many.labels, one.labels) << threads << " threads";
        ASSERT_EQ(many.spanningTree.size(), one.spanningTree.size());
        for (std::size_t e = 0; e < one.spanningTree.size(); ++e) {
            EXPECT_EQ(many.spanningTree[e].a, one.spanningTree[e].a);
            EXPECT_EQ(many.spanningTree[e].b, one.spanningTree[e].b);
            EXPECT_EQ(many.spanningTree[e].distance, one.spanningTree[e].distance);
        }
        EXPECT_EQ(many.stabilities, one.stabilities);
    }
    EXPECT_GE(one.clusters, 2);
}

TEST(Hdbscan, RepeatedRunsAreIdentical) {
    const RowMatrix x = microseg::test::loadMatrix("hdbscan/blobs_noise_data.csv");
    HdbscanOptions options;
    options.minClusterSize = 15;
    const HdbscanResult a = run(x, options);
    const HdbscanResult b = run(x, options);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.probabilities, b.probabilities);
    EXPECT_EQ(a.outlierScores, b.outlierScores);
    EXPECT_EQ(a.spanningTreeWeight, b.spanningTreeWeight);
}

TEST(Hdbscan, IdenticalPointsFormTheirOwnClusters) {
    // Three groups of 20 copies of one point each, far apart: core distances are 0, the groups
    // are held together at lambda = infinity and each is one cluster with no noise.
    RowMatrix x(60, 3);
    for (Index i = 0; i < 60; ++i)
        x.row(i) = Eigen::RowVector3d(10.0 * static_cast<double>(i % 3), 1.0, -2.0 * (i % 3));
    HdbscanOptions options;
    options.minClusterSize = 5;
    const HdbscanResult result = run(x, options);
    EXPECT_EQ(result.clusters, 3);
    EXPECT_EQ(result.noise, 0);
    for (Index i = 3; i < 60; ++i)
        EXPECT_EQ(result.labels[static_cast<std::size_t>(i)],
                  result.labels[static_cast<std::size_t>(i % 3)]);
    for (Index i = 0; i < 60; ++i) {
        EXPECT_EQ(result.coreDistances[static_cast<std::size_t>(i)], 0.0);
        EXPECT_EQ(result.probabilities[static_cast<std::size_t>(i)], 1.0);
        EXPECT_EQ(result.outlierScores[static_cast<std::size_t>(i)], 0.0);
    }
    EXPECT_DOUBLE_EQ(result.spanningTreeWeight, 2.0 * std::sqrt(100.0 + 4.0));
}

TEST(Hdbscan, RejectsBadParameters) {
    const RowMatrix x = gaussianBlobs(10, 2, {1.0, 1.0}, 1);
    Progress progress;
    const auto expectInvalid = [&](const RowMatrix& data, HdbscanOptions options,
                                   const std::string& mentions) {
        auto result = hdbscan(data, options, progress, CancelToken());
        ASSERT_FALSE(result.ok()) << mentions;
        EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(result.error().message.find(mentions), std::string::npos)
            << result.error().message;
    };
    HdbscanOptions options;
    options.minClusterSize = 1;
    expectInvalid(x, options, "min_cluster_size = 1");
    options.minClusterSize = 5;
    options.minSamples = 21; // n = 20
    expectInvalid(x, options, "min_samples = 21");
    options.minSamples = -1;
    expectInvalid(x, options, "min_samples = -1");
    options.minSamples = 0;
    options.minClusterSize = 25; // min_samples defaults to 25 > 20 rows
    expectInvalid(x, options, "defaulting to min_cluster_size");
    options.minClusterSize = 5;
    options.threads = -2;
    expectInvalid(x, options, "threads = -2");
    options.threads = 0;
    expectInvalid(RowMatrix(0, 2), options, "at least one row");
    RowMatrix bad = x;
    bad(3, 1) = std::numeric_limits<double>::quiet_NaN();
    expectInvalid(bad, options, "NaN");
}

TEST(Hdbscan, OneRowIsNoise) {
    HdbscanOptions options;
    options.minClusterSize = 2;
    options.minSamples = 1;
    const HdbscanResult result = run(RowMatrix::Constant(1, 2, 3.0), options);
    EXPECT_EQ(result.labels, std::vector<std::int32_t>{-1});
    EXPECT_EQ(result.clusters, 0);
    EXPECT_EQ(result.spanningTreeWeight, 0.0);
}

TEST(Hdbscan, CancelStopsWithoutResult) {
    const RowMatrix x = gaussianBlobs(2000, 8, {1.0, 2.0}, 3);
    HdbscanOptions options;
    options.minClusterSize = 10;
    CancelToken before;
    before.cancel();
    Progress quiet;
    auto early = hdbscan(x, options, quiet, before);
    ASSERT_FALSE(early.ok());
    EXPECT_TRUE(early.error().isCancelled());
    // Cancelled from the progress sink once the spanning tree is under way.
    CancelToken during;
    Progress progress([&](double fraction, const std::string&) {
        if (fraction > 0.4)
            during.cancel();
    });
    auto late = hdbscan(x, options, progress, during);
    ASSERT_FALSE(late.ok());
    EXPECT_TRUE(late.error().isCancelled());
}

TEST(Hdbscan, ProgressRisesToOne) {
    const RowMatrix x = gaussianBlobs(1500, 4, {1.0, 1.5}, 5);
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    HdbscanOptions options;
    options.minClusterSize = 10;
    ASSERT_TRUE(hdbscan(x, options, progress, CancelToken()).ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), 1.0);
}

} // namespace
