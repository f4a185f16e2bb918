// Adjusted Rand index against scikit-learn 1.2.1 (fixtures by
// tests/fixtures/make_minibatch_reference.py) and the stability run.
#include "cluster_fixtures.h"
#include "microseg/stability.h"

#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace microseg::core;
using microseg::test::loadJson;
using microseg::test::nearRelative;

namespace {

RowMatrix blobs(Eigen::Index n, Eigen::Index d, int clusters, std::uint64_t seed, double spread) {
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

StabilityResult run(const RowMatrix& data, const StabilityOptions& options) {
    Progress progress;
    CancelToken cancel;
    auto result = stability(data, options, progress, cancel);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : StabilityResult{};
}

} // namespace

TEST(AdjustedRandIndex, MatchesSklearn) {
    const QJsonObject ref = loadJson("minibatch/ari.json");
    const QJsonArray pairs = ref["pairs"].toArray();
    ASSERT_GE(pairs.size(), 9);
    for (qsizetype p = 0; p < pairs.size(); ++p) {
        SCOPED_TRACE(p);
        const QJsonObject pair = pairs[p].toObject();
        const auto a = microseg::test::toLabels(pair["a"]);
        const auto b = microseg::test::toLabels(pair["b"]);
        auto ari = adjustedRandIndex(a, b);
        ASSERT_TRUE(ari.ok());
        EXPECT_TRUE(nearRelative(ari.value(), pair["ari"].toDouble(), 1e-12, 1.0));
        EXPECT_EQ(ari.value(), adjustedRandIndex(b, a).value()); // symmetric
    }
}

TEST(AdjustedRandIndex, EdgeCases) {
    EXPECT_EQ(adjustedRandIndex({}, {}).value(), 1.0);
    EXPECT_EQ(adjustedRandIndex({4, 4, 9, 9}, {1, 1, 0, 0}).value(), 1.0); // a renaming
    auto mismatch = adjustedRandIndex({1, 2}, {1});
    ASSERT_FALSE(mismatch.ok());
    EXPECT_EQ(mismatch.error().code, ErrorCode::InvalidArgument);
    // Large n: pair counts beyond 64 bits stay exact.
    std::vector<std::int32_t> a(3'000'000);
    std::vector<std::int32_t> b(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = static_cast<std::int32_t>(i % 7);
        b[i] = static_cast<std::int32_t>((i % 7) == 3 && i % 2 ? 0 : i % 7);
    }
    const double ari = adjustedRandIndex(a, b).value();
    EXPECT_GT(ari, 0.8);
    EXPECT_LT(ari, 1.0);
}

TEST(Stability, SeparatedBlobsAreStableNoiseIsNot) {
    const RowMatrix separated = blobs(1500, 3, 4, 3, 12.0);
    StabilityOptions options;
    options.kmeans.k = 4;
    options.runs = 5;
    options.seed = 11;
    const StabilityResult seeds = run(separated, options);
    EXPECT_EQ(seeds.pairwiseAri.size(), 10u);
    EXPECT_EQ(seeds.labels.size(), 5u);
    EXPECT_GT(seeds.minAri, 0.99);
    options.mode = StabilityMode::Bootstrap;
    const StabilityResult boot = run(separated, options);
    EXPECT_GT(boot.minAri, 0.99);
    EXPECT_EQ(boot.labels[0].size(), 1500u); // compared on all rows

    std::mt19937_64 rng(2);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    RowMatrix noise(1500, 3);
    for (Eigen::Index i = 0; i < noise.size(); ++i)
        noise.data()[i] = uniform(rng);
    options.kmeans.k = 12;
    const StabilityResult unstable = run(noise, options);
    EXPECT_LT(unstable.meanAri, 0.9);
    EXPECT_LE(unstable.minAri, unstable.meanAri);
}

TEST(Stability, DeterministicUnderASeedAndThreadIndependent) {
    const RowMatrix data = blobs(3000, 3, 5, 4, 3.0);
    StabilityOptions options;
    options.kmeans.k = 6;
    options.runs = 3;
    options.mode = StabilityMode::Bootstrap;
    options.seed = 5;
    options.kmeans.threads = 1;
    const StabilityResult a = run(data, options);
    options.kmeans.threads = 2;
    const StabilityResult b = run(data, options);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.pairwiseAri, b.pairwiseAri);
    EXPECT_EQ(a.meanAri, b.meanAri);
    options.seed = 6;
    EXPECT_NE(run(data, options).inertias, a.inertias);
}

TEST(Stability, PreCancelledProgressAndInvalidArguments) {
    const RowMatrix data = blobs(400, 2, 3, 1, 8.0);
    StabilityOptions options;
    options.kmeans.k = 3;
    options.runs = 3;
    {
        Progress progress;
        CancelToken cancel;
        cancel.cancel();
        EXPECT_TRUE(stability(data, options, progress, cancel).isCancelled());
    }
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    CancelToken cancel;
    ASSERT_TRUE(stability(data, options, progress, cancel).ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 1.0);
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_LE(seen[i - 1], seen[i]);

    options.runs = 1;
    auto one = stability(data, options, progress, cancel);
    ASSERT_FALSE(one.ok());
    EXPECT_EQ(one.error().code, ErrorCode::InvalidArgument);
    options.runs = 2;
    options.kmeans.k = 401;
    auto tooMany = stability(data, options, progress, cancel);
    ASSERT_FALSE(tooMany.ok());
    EXPECT_EQ(tooMany.error().code, ErrorCode::InvalidArgument);
}
