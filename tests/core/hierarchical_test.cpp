// Hierarchical clustering against SciPy 1.10 / fastcluster 1.2.3 (tests/fixtures/hierarchical,
// made by tests/fixtures/make_hierarchical_reference.py): merge heights, merge structure, flat
// cuts and leaf order; plus the task contract (cancel, progress, errors) and cut validity.
#include "cluster_fixtures.h"
#include "microseg/hierarchical.h"

#include <QJsonArray>
#include <QJsonObject>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace microseg::core;
using microseg::test::nearRelative;

namespace {

// cluster_fixtures.h resolves names under tests/fixtures/kmeans/; ours live beside it.
const std::string kDir = "hierarchical/";

const std::vector<std::pair<Linkage, QString>> kLinkages = {{Linkage::Ward, "ward"},
                                                            {Linkage::Average, "average"},
                                                            {Linkage::Complete, "complete"},
                                                            {Linkage::Single, "single"}};

LinkageTree build(const RowMatrix& data, Linkage linkage, int threads = 0) {
    Progress progress;
    CancelToken cancel;
    HierarchicalOptions options;
    options.linkage = linkage;
    options.threads = threads;
    auto result = agglomerative(data, options, progress, cancel);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : LinkageTree{};
}

std::vector<Merge> toMerges(const QJsonValue& value) {
    std::vector<Merge> out;
    for (const QJsonValue& row : value.toArray()) {
        const QJsonArray r = row.toArray();
        out.push_back({static_cast<std::int64_t>(r[0].toDouble()),
                       static_cast<std::int64_t>(r[1].toDouble()), r[2].toDouble(),
                       static_cast<std::int64_t>(r[3].toDouble())});
    }
    return out;
}

/// SciPy's 1-based fcluster labels made 0-based.
std::vector<std::int32_t> zeroBased(const QJsonValue& value) {
    std::vector<std::int32_t> labels = microseg::test::toLabels(value);
    for (auto& label : labels)
        --label;
    return labels;
}

/// Same partition, whatever the numbering.
bool samePartition(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b) {
    if (a.size() != b.size())
        return false;
    std::map<std::int32_t, std::int32_t> ab, ba;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ab.emplace(a[i], b[i]).first->second != b[i])
            return false;
        if (ba.emplace(b[i], a[i]).first->second != a[i])
            return false;
    }
    return true;
}

void expectHeights(const LinkageTree& tree, const std::vector<Merge>& ref, const char* what) {
    ASSERT_EQ(tree.merges.size(), ref.size()) << what;
    for (std::size_t i = 0; i < ref.size(); ++i)
        EXPECT_TRUE(nearRelative(tree.merges[i].height, ref[i].height, 1e-9, 1e-300))
            << what << " merge " << i;
}

void expectSameAsScipy(const std::string& name) {
    const RowMatrix data = microseg::test::loadMatrix(kDir + name + "_data.csv");
    const QJsonObject all = microseg::test::loadJson(kDir + name + ".json");
    const bool ties = all["ties"].toBool();
    for (const auto& [linkage, key] : kLinkages) {
        SCOPED_TRACE(name + " " + key.toStdString());
        const QJsonObject ref = all[key].toObject();
        const LinkageTree tree = build(data, linkage);
        ASSERT_EQ(tree.observations, data.rows());
        const std::vector<Merge> scipy = toMerges(ref["scipy"]);
        expectHeights(tree, scipy, "SciPy");
        if (ref.contains("fastcluster"))
            expectHeights(tree, toMerges(ref["fastcluster"]), "fastcluster");
        if (ref.contains("fastcluster_vector"))
            expectHeights(tree, toMerges(ref["fastcluster_vector"]), "fastcluster linkage_vector");
        for (std::size_t i = 0; i < tree.merges.size(); ++i) {
            const Merge& m = tree.merges[i];
            EXPECT_LT(m.a, m.b);
            if (i > 0) {
                EXPECT_LE(tree.merges[i - 1].height, m.height);
            }
            if (!ties) { // without ties the merge structure is unique
                EXPECT_EQ(m.a, scipy[i].a) << "merge " << i;
                EXPECT_EQ(m.b, scipy[i].b) << "merge " << i;
                EXPECT_EQ(m.size, scipy[i].size) << "merge " << i;
            }
        }
        if (ties)
            continue; // cuts and leaf order depend on how ties were broken
        const QJsonObject maxclust = ref["maxclust"].toObject();
        for (const QString& k : maxclust.keys()) {
            auto labels = cutAtClusterCount(tree, k.toLongLong());
            ASSERT_TRUE(labels.ok());
            const auto expected = zeroBased(maxclust[k]);
            EXPECT_TRUE(samePartition(labels.value(), expected)) << "k = " << k.toStdString();
            EXPECT_EQ(labels.value(), expected) << "SciPy's numbering, k = " << k.toStdString();
        }
        for (const QJsonValue& cut : ref["distance"].toArray()) {
            const double t = cut.toArray()[0].toDouble();
            auto labels = cutAtHeight(tree, t);
            ASSERT_TRUE(labels.ok());
            const auto expected = zeroBased(cut.toArray()[1]);
            EXPECT_TRUE(samePartition(labels.value(), expected)) << "t = " << t;
            EXPECT_EQ(labels.value(), expected) << "SciPy's numbering, t = " << t;
        }
        std::vector<std::int64_t> leaves;
        for (const QJsonValue& v : ref["leaves"].toArray())
            leaves.push_back(v.toInt());
        EXPECT_EQ(dendrogramLeafOrder(tree), leaves);
    }
}

RowMatrix blobs(Eigen::Index n, Eigen::Index d, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    RowMatrix data(n, d);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < d; ++j)
            data(i, j) = 5.0 * static_cast<double>(i % 4) + normal(rng);
    return data;
}

} // namespace

TEST(Hierarchical, MatchesScipyAndFastclusterWithoutTies) {
    expectSameAsScipy("blobs");
}

TEST(Hierarchical, HeightsMatchScipyWithDuplicatesAndTies) {
    expectSameAsScipy("ties");
}

TEST(Hierarchical, CutValidityFromOneToNClusters) {
    const RowMatrix data = blobs(60, 3, 1);
    for (const auto& [linkage, key] : kLinkages) {
        SCOPED_TRACE(key.toStdString());
        const LinkageTree tree = build(data, linkage);
        for (std::int64_t k : {1, 2, 4, 59, 60, 61}) {
            auto labels = cutAtClusterCount(tree, k);
            ASSERT_TRUE(labels.ok());
            const std::set<std::int32_t> distinct(labels.value().begin(), labels.value().end());
            const auto expected = static_cast<std::size_t>(std::min<std::int64_t>(k, 60));
            EXPECT_EQ(distinct.size(), expected) << "k = " << k; // no ties in this data
            EXPECT_EQ(*distinct.begin(), 0);
            EXPECT_EQ(*distinct.rbegin(), static_cast<std::int32_t>(expected) - 1);
        }
        EXPECT_EQ(cutAtHeight(tree, tree.merges.back().height).value(),
                  std::vector<std::int32_t>(60, 0));
        auto below = cutAtHeight(tree, -1.0).value();
        EXPECT_EQ(std::set<std::int32_t>(below.begin(), below.end()).size(), 60u);
        EXPECT_FALSE(cutAtClusterCount(tree, 0).ok());
        EXPECT_FALSE(cutAtHeight(tree, std::numeric_limits<double>::quiet_NaN()).ok());
        auto order = dendrogramLeafOrder(tree);
        std::sort(order.begin(), order.end());
        for (std::int64_t i = 0; i < 60; ++i)
            EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
    }
}

TEST(Hierarchical, SameTreeWhateverTheThreadCount) {
    const RowMatrix data = blobs(700, 4, 2);
    for (Linkage linkage : {Linkage::Average, Linkage::Complete}) {
        const LinkageTree one = build(data, linkage, 1);
        const LinkageTree two = build(data, linkage, 2);
        ASSERT_EQ(one.merges.size(), two.merges.size());
        for (std::size_t i = 0; i < one.merges.size(); ++i) {
            EXPECT_EQ(one.merges[i].a, two.merges[i].a);
            EXPECT_EQ(one.merges[i].height, two.merges[i].height); // bitwise
        }
    }
}

TEST(Hierarchical, PreCancelledTokenReturnsCancelled) {
    const RowMatrix data = blobs(100, 3, 3);
    Progress progress;
    CancelToken cancel;
    cancel.cancel();
    for (const auto& [linkage, key] : kLinkages) {
        HierarchicalOptions options;
        options.linkage = linkage;
        EXPECT_TRUE(agglomerative(data, options, progress, cancel).isCancelled())
            << key.toStdString();
    }
}

TEST(Hierarchical, CancelDuringTheRunReturnsCancelled) {
    const RowMatrix data = blobs(3000, 3, 4);
    for (const auto& [linkage, key] : kLinkages) {
        CancelToken cancel;
        Progress progress([&](double fraction, const std::string&) {
            if (fraction > 0.0)
                cancel.cancel();
        });
        HierarchicalOptions options;
        options.linkage = linkage;
        EXPECT_TRUE(agglomerative(data, options, progress, cancel).isCancelled())
            << key.toStdString();
    }
}

TEST(Hierarchical, ProgressEndsAtOneWithinAHundredSteps) {
    const RowMatrix data = blobs(1500, 3, 5);
    for (const auto& [linkage, key] : kLinkages) {
        SCOPED_TRACE(key.toStdString());
        std::vector<double> seen;
        Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
        CancelToken cancel;
        HierarchicalOptions options;
        options.linkage = linkage;
        ASSERT_TRUE(agglomerative(data, options, progress, cancel).ok());
        ASSERT_FALSE(seen.empty());
        EXPECT_EQ(seen.back(), 1.0);
        EXPECT_LE(seen.size(), 102u);
        for (std::size_t i = 1; i < seen.size(); ++i)
            EXPECT_LE(seen[i - 1], seen[i]);
    }
}

TEST(Hierarchical, InvalidArguments) {
    Progress progress;
    CancelToken cancel;
    HierarchicalOptions options;
    auto one = agglomerative(RowMatrix::Zero(1, 3), options, progress, cancel);
    ASSERT_FALSE(one.ok());
    EXPECT_EQ(one.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(one.error().message.find("at least two rows"), std::string::npos);

    RowMatrix withNan = blobs(10, 2, 6);
    withNan(3, 1) = std::numeric_limits<double>::quiet_NaN();
    for (const auto& [linkage, key] : kLinkages) {
        options.linkage = linkage;
        auto result = agglomerative(withNan, options, progress, cancel);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(result.error().message.find("row 4, column 2"), std::string::npos)
            << result.error().message;
    }
    options.threads = -1;
    EXPECT_FALSE(agglomerative(blobs(10, 2, 6), options, progress, cancel).ok());
}

TEST(Hierarchical, DistanceMatrixBeyondTheLimitIsRefusedWithItsSize) {
    const RowMatrix data = RowMatrix::Zero(40000, 1); // refused before any distance is computed
    Progress progress;
    CancelToken cancel;
    HierarchicalOptions options;
    options.linkage = Linkage::Average;
    auto result = agglomerative(data, options, progress, cancel);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(result.error().message.find("6104 MiB"), std::string::npos) << result.error().message;
    options.linkage = Linkage::Complete;
    options.maxMatrixBytes = 1000.0;
    EXPECT_FALSE(agglomerative(blobs(100, 2, 7), options, progress, cancel).ok());
}

TEST(Hierarchical, TwoPointsAndAColumnMajorInput) {
    RowMatrix two(2, 2);
    two << 0.0, 0.0, 3.0, 4.0;
    for (const auto& [linkage, key] : kLinkages) {
        const LinkageTree tree = build(two, linkage);
        ASSERT_EQ(tree.merges.size(), 1u);
        EXPECT_EQ(tree.merges[0].a, 0);
        EXPECT_EQ(tree.merges[0].b, 1);
        EXPECT_DOUBLE_EQ(tree.merges[0].height, 5.0);
        EXPECT_EQ(tree.merges[0].size, 2);
    }
    const RowMatrix data = blobs(50, 3, 8);
    const Eigen::MatrixXd columnMajor = data;
    Progress progress;
    CancelToken cancel;
    auto tree = agglomerative(columnMajor, HierarchicalOptions{}, progress, cancel);
    ASSERT_TRUE(tree.ok());
    EXPECT_EQ(tree.value().merges.back().height, build(data, Linkage::Ward).merges.back().height);
}
