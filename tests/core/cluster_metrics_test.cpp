// Silhouette, Davies-Bouldin and Calinski-Harabasz against scikit-learn 1.2.1 on the same
// labels; the Dunn index against a brute-force NumPy/SciPy computation; noise (-1) handling and
// the task contract.
#include "../../core/src/cluster/cluster_metrics_detail.h"
#include "cluster_fixtures.h"
#include "microseg/cluster_metrics.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace microseg::core;
using microseg::test::loadJson;
using microseg::test::loadMatrix;
using microseg::test::nearRelative;
using microseg::test::toDoubles;
using microseg::test::toLabels;

namespace {

template <typename T> T value(Result<T> result) {
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : T{};
}

void expectSameAsSklearn(const std::string& key) {
    SCOPED_TRACE(key);
    const RowMatrix data = loadMatrix("kmeans/blobs_data.csv");
    const QJsonObject ref = loadJson("kmeans/blobs.json")[QString::fromStdString(key)].toObject();
    ASSERT_FALSE(ref.isEmpty());
    const std::vector<std::int32_t> labels = toLabels(ref["labels"]);
    Progress progress;
    CancelToken cancel;
    ClusterMetricOptions options;

    const SilhouetteResult s = value(silhouette(data, labels, options, progress, cancel));
    EXPECT_TRUE(nearRelative(s.mean, ref["silhouette_score"].toDouble()));
    const std::vector<double> samples = toDoubles(ref["silhouette_samples"]);
    ASSERT_EQ(s.values.size(), labels.size());
    std::size_t next = 0; // sklearn's samples cover the non-noise rows, in order
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0) {
            EXPECT_TRUE(std::isnan(s.values[i])) << "noise row " << i;
            continue;
        }
        ASSERT_LT(next, samples.size());
        EXPECT_TRUE(nearRelative(s.values[i], samples[next++], 1e-9, 1.0)) << "row " << i;
    }
    EXPECT_EQ(next, samples.size());

    EXPECT_TRUE(nearRelative(value(daviesBouldin(data, labels, options, progress, cancel)),
                             ref["davies_bouldin_score"].toDouble()));
    EXPECT_TRUE(nearRelative(value(calinskiHarabasz(data, labels, options, progress, cancel)),
                             ref["calinski_harabasz_score"].toDouble()));
    EXPECT_TRUE(nearRelative(value(dunnIndex(data, labels, options, progress, cancel)),
                             ref["dunn_index"].toDouble()));
}

RowMatrix randomData(Eigen::Index n, Eigen::Index d, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    RowMatrix data(n, d);
    for (Eigen::Index i = 0; i < data.size(); ++i)
        data.data()[i] = normal(rng);
    return data;
}

std::vector<std::int32_t> cyclicLabels(std::size_t n, int k) {
    std::vector<std::int32_t> labels(n);
    for (std::size_t i = 0; i < n; ++i)
        labels[i] = static_cast<std::int32_t>((i * 7 + i / 3) % static_cast<std::size_t>(k));
    return labels;
}

} // namespace

TEST(ClusterMetrics, MatchSklearnOnKMeansLabels) {
    expectSameAsSklearn("metrics");
}

TEST(ClusterMetrics, NonContiguousLabelValuesAreEncodedLikeSklearn) {
    expectSameAsSklearn("metrics_truth");
}

TEST(ClusterMetrics, NoiseRowsAreExcluded) {
    expectSameAsSklearn("metrics_noise");
}

TEST(ClusterMetrics, SilhouetteSameBitsWithOneOrTwoThreads) {
    const RowMatrix data = randomData(1500, 5, 3);
    const auto labels = cyclicLabels(1500, 6);
    Progress progress;
    CancelToken cancel;
    ClusterMetricOptions options;
    options.threads = 1;
    const SilhouetteResult one = value(silhouette(data, labels, options, progress, cancel));
    options.threads = 2;
    const SilhouetteResult two = value(silhouette(data, labels, options, progress, cancel));
    EXPECT_EQ(one.values, two.values);
    EXPECT_EQ(one.mean, two.mean);
    EXPECT_EQ(value(dunnIndex(data, labels, options, progress, cancel)),
              value(dunnIndex(data, labels, {1, 0, 0}, progress, cancel)));
}

TEST(ClusterMetrics, SilhouetteSymmetricTilesAgreeWithRowBlocks) {
    // The symmetric form (tiles on and above the diagonal, lanes) and the row-block form (every
    // row against all rows) compute the same values; which one runs depends on the sizes. 700 rows
    // span three 256-row tiles, so off-diagonal and partial tiles are both exercised.
    const RowMatrix data = randomData(700, 4, 11);
    const auto labels = cyclicLabels(700, 5);
    auto encoded = detail::encodeLabels(data, labels, "test");
    ASSERT_TRUE(encoded.ok());
    Progress progress;
    CancelToken cancel;
    const auto rowBlocks = detail::silhouetteValues(data, encoded.value(), 0, 2, progress, cancel);
    ASSERT_EQ(rowBlocks.size(), 700u);
    for (int lanes : {2, 3, 8}) {
        const auto symmetric =
            detail::silhouetteValues(data, encoded.value(), lanes, 2, progress, cancel);
        ASSERT_EQ(symmetric.size(), rowBlocks.size());
        for (std::size_t i = 0; i < symmetric.size(); ++i)
            EXPECT_NEAR(symmetric[i], rowBlocks[i], 1e-12) << "lanes " << lanes << " row " << i;
    }
    EXPECT_GE(detail::silhouetteLanes(10'000, 12), 2);  // the k scan's sample: symmetric
    EXPECT_LT(detail::silhouetteLanes(1'000'000, 8), 2); // a million rows: row blocks
}

TEST(ClusterMetrics, SampledSilhouetteIsSeededAndClose) {
    const RowMatrix data = loadMatrix("kmeans/k50_data.csv");
    std::vector<std::int32_t> labels(static_cast<std::size_t>(data.rows()));
    for (std::size_t i = 0; i < labels.size(); ++i) // a sensible split: sign of the first feature
        labels[i] = data(static_cast<Eigen::Index>(i), 0) > data.col(0).mean() ? 1 : 0;
    Progress progress;
    CancelToken cancel;
    ClusterMetricOptions options;
    const double exact = value(silhouette(data, labels, options, progress, cancel)).mean;
    options.sampleSize = 200;
    options.seed = 5;
    const double a = value(silhouetteSampled(data, labels, options, progress, cancel));
    const double b = value(silhouetteSampled(data, labels, options, progress, cancel));
    EXPECT_EQ(a, b);
    EXPECT_NEAR(a, exact, 0.05);
    options.sampleSize = data.rows();
    EXPECT_EQ(value(silhouetteSampled(data, labels, options, progress, cancel)), exact);
}

TEST(ClusterMetrics, SingletonClusterScoresZero) {
    RowMatrix data(5, 1);
    data << 0.0, 0.1, 0.2, 5.0, 10.0;
    const std::vector<std::int32_t> labels{0, 0, 0, 1, 2};
    Progress progress;
    CancelToken cancel;
    const SilhouetteResult s = value(silhouette(data, labels, {}, progress, cancel));
    EXPECT_EQ(s.values[3], 0.0);
    EXPECT_EQ(s.values[4], 0.0);
    EXPECT_GT(s.values[0], 0.9);
    // Dunn: nearest points of different clusters 0.2 -> 5.0, widest cluster 0.0 .. 0.2.
    EXPECT_NEAR(value(dunnIndex(data, labels, {}, progress, cancel)), 4.8 / 0.2, 1e-9);
}

TEST(ClusterMetrics, InvalidLabelsAreErrors) {
    const RowMatrix data = randomData(10, 2, 1);
    Progress progress;
    CancelToken cancel;
    const auto code = [&](const std::vector<std::int32_t>& labels) {
        auto r = silhouette(data, labels, {}, progress, cancel);
        return r.ok() ? ErrorCode::Cancelled : r.error().code;
    };
    EXPECT_EQ(code(std::vector<std::int32_t>(10, 0)), ErrorCode::InvalidArgument); // one cluster
    EXPECT_EQ(code(std::vector<std::int32_t>(9, 0)), ErrorCode::InvalidArgument);  // size
    EXPECT_EQ(code({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), ErrorCode::InvalidArgument);   // n clusters
    EXPECT_EQ(code({0, 1, 0, 1, -2, 0, 1, 0, 1, 0}), ErrorCode::InvalidArgument);  // bad label
    auto db = daviesBouldin(data, std::vector<std::int32_t>(10, -1), {}, progress, cancel);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, ErrorCode::InvalidArgument);
}

TEST(ClusterMetrics, PreCancelledTokenReturnsCancelled) {
    const RowMatrix data = randomData(100, 2, 1);
    const auto labels = cyclicLabels(100, 3);
    Progress progress;
    CancelToken cancel;
    cancel.cancel();
    EXPECT_TRUE(silhouette(data, labels, {}, progress, cancel).isCancelled());
    ClusterMetricOptions sampled;
    sampled.sampleSize = 50;
    EXPECT_TRUE(silhouetteSampled(data, labels, sampled, progress, cancel).isCancelled());
    EXPECT_TRUE(daviesBouldin(data, labels, {}, progress, cancel).isCancelled());
    EXPECT_TRUE(calinskiHarabasz(data, labels, {}, progress, cancel).isCancelled());
    EXPECT_TRUE(dunnIndex(data, labels, {}, progress, cancel).isCancelled());
}

TEST(ClusterMetrics, SilhouetteProgressEndsAtOne) {
    const RowMatrix data = randomData(2000, 3, 2);
    const auto labels = cyclicLabels(2000, 4);
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    CancelToken cancel;
    ASSERT_TRUE(silhouette(data, labels, {}, progress, cancel).ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_LE(seen.size(), 102u);
}

TEST(ClusterMetrics, CancelDuringTheSilhouetteReturnsCancelled) {
    const RowMatrix data = randomData(3000, 3, 4);
    const auto labels = cyclicLabels(3000, 5);
    CancelToken cancel;
    Progress progress([&](double fraction, const std::string&) {
        if (fraction > 0.0)
            cancel.cancel();
    });
    EXPECT_TRUE(silhouette(data, labels, {}, progress, cancel).isCancelled());
}
