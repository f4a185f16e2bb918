// KdTree against brute force: radius counts (with and without a cap), radius enumeration and
// k nearest neighbours, on random data in d = 1, 2, 16, with duplicate points and degenerate
// inputs.
#include "microseg/kd_tree.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace microseg::core;
using Index = Eigen::Index;

namespace {

RowMatrix randomData(Index n, Index d, std::uint64_t seed, int duplicates = 0) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    RowMatrix x(n, d);
    for (Index i = 0; i < x.size(); ++i)
        x.data()[i] = normal(rng);
    // Copy earlier rows over later ones: exact duplicates.
    for (int r = 0; r < duplicates; ++r)
        x.row(n - 1 - r) = x.row(r % std::max<Index>(1, n / 2));
    return x;
}

double squared(const RowMatrix& x, Index a, const double* q) {
    double s = 0.0;
    for (Index j = 0; j < x.cols(); ++j)
        s += (x(a, j) - q[j]) * (x(a, j) - q[j]);
    return s;
}

std::vector<Index> bruteWithin(const RowMatrix& x, const double* q, double radius) {
    std::vector<Index> out;
    for (Index i = 0; i < x.rows(); ++i)
        if (squared(x, i, q) <= radius * radius)
            out.push_back(i);
    return out;
}

/// k smallest distances by brute force, ties by lower index.
std::vector<KdTree::Neighbour> bruteNearest(const RowMatrix& x, const double* q, int k) {
    std::vector<std::pair<double, Index>> all;
    for (Index i = 0; i < x.rows(); ++i)
        all.emplace_back(squared(x, i, q), i);
    std::sort(all.begin(), all.end());
    std::vector<KdTree::Neighbour> out;
    for (int i = 0; i < std::min<int>(k, static_cast<int>(all.size())); ++i)
        out.push_back({all[static_cast<std::size_t>(i)].second,
                       std::sqrt(all[static_cast<std::size_t>(i)].first)});
    return out;
}

void checkAgainstBruteForce(const RowMatrix& x, double radius, int k, int leafSize) {
    const KdTree tree(x, leafSize);
    ASSERT_EQ(tree.size(), x.rows());
    std::vector<KdTree::Neighbour> found;
    for (Index i = 0; i < x.rows(); i += 3) {
        SCOPED_TRACE(i);
        const double* q = x.row(i).data();
        const std::vector<Index> expected = bruteWithin(x, q, radius);
        EXPECT_EQ(tree.within(q, radius), expected);
        EXPECT_EQ(tree.countWithin(q, radius), static_cast<Index>(expected.size()));
        const Index capped = tree.countWithin(q, radius, 5);
        EXPECT_EQ(capped >= 5, expected.size() >= 5u);
        EXPECT_LE(capped, static_cast<Index>(expected.size()));
        tree.nearest(q, k, found);
        const auto brute = bruteNearest(x, q, k);
        ASSERT_EQ(found.size(), brute.size());
        for (std::size_t j = 0; j < found.size(); ++j) {
            EXPECT_EQ(found[j].row, brute[j].row) << "neighbour " << j;
            EXPECT_EQ(found[j].distance, brute[j].distance) << "neighbour " << j;
        }
    }
}

} // namespace

TEST(KdTree, MatchesBruteForceIn2D) {
    checkAgainstBruteForce(randomData(600, 2, 1), 0.3, 7, 16);
}

TEST(KdTree, MatchesBruteForceIn1D) {
    checkAgainstBruteForce(randomData(500, 1, 2), 0.05, 10, 8);
}

TEST(KdTree, MatchesBruteForceIn16D) {
    // Radius around the median pairwise distance in 16-D (about sqrt(2 * 16) = 5.7).
    checkAgainstBruteForce(randomData(700, 16, 3), 4.5, 10, 16);
    checkAgainstBruteForce(randomData(700, 16, 3), 6.0, 25, 4);
}

TEST(KdTree, DuplicatesAreEachCountedAndTiesGoToTheLowerRow) {
    checkAgainstBruteForce(randomData(400, 3, 4, 150), 0.4, 12, 16);
    // All points identical: one leaf, every point within any radius, ties broken by row.
    const RowMatrix same = RowMatrix::Constant(100, 4, 1.5);
    checkAgainstBruteForce(same, 1e-9, 5, 16);
}

TEST(KdTree, LeafSizeOneAndQueriesOffTheData) {
    const RowMatrix x = randomData(300, 3, 5);
    const KdTree tree(x, 1);
    const double q[3] = {10.0, -10.0, 0.0};
    EXPECT_EQ(tree.countWithin(q, 1.0), 0);
    EXPECT_TRUE(tree.within(q, 1.0).empty());
    std::vector<KdTree::Neighbour> found;
    tree.nearest(q, 400, found); // k clamped to n
    ASSERT_EQ(found.size(), 300u);
    const auto brute = bruteNearest(x, q, 300);
    for (std::size_t j = 0; j < found.size(); ++j)
        EXPECT_EQ(found[j].row, brute[j].row);
}

TEST(KdTree, EmptyAndSingleRow) {
    const KdTree empty(RowMatrix(0, 3));
    const double q[3] = {0.0, 0.0, 0.0};
    EXPECT_EQ(empty.countWithin(q, 1.0), 0);
    std::vector<KdTree::Neighbour> found;
    empty.nearest(q, 3, found);
    EXPECT_TRUE(found.empty());
    const KdTree one(RowMatrix::Zero(1, 3));
    EXPECT_EQ(one.countWithin(q, 0.5), 1);
    one.nearest(q, 3, found);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].distance, 0.0);
}

TEST(KdTree, NodesPartitionTheRows) {
    const RowMatrix x = randomData(1000, 5, 6);
    const KdTree tree(x, 10);
    const auto& nodes = tree.nodes();
    ASSERT_FALSE(nodes.empty());
    EXPECT_EQ(nodes[0].begin, 0);
    EXPECT_EQ(nodes[0].end, 1000);
    for (const auto& node : nodes) {
        if (node.isLeaf()) {
            EXPECT_LE(node.size(), 10);
            continue;
        }
        const auto& l = nodes[static_cast<std::size_t>(node.left)];
        const auto& r = nodes[static_cast<std::size_t>(node.right)];
        EXPECT_EQ(l.begin, node.begin);
        EXPECT_EQ(l.end, r.begin);
        EXPECT_EQ(r.end, node.end);
    }
    std::vector<Index> rows = tree.rows();
    std::sort(rows.begin(), rows.end());
    for (Index i = 0; i < 1000; ++i)
        EXPECT_EQ(rows[static_cast<std::size_t>(i)], i);
    for (Index p = 0; p < 1000; ++p)
        EXPECT_EQ(tree.points().row(p), x.row(tree.rows()[static_cast<std::size_t>(p)]));
}

TEST(KdTree, BoundedNearestReturnsTheNeighboursWithinTheBound) {
    const RowMatrix x = randomData(800, 4, 7, 20);
    const KdTree tree(x, 8);
    std::vector<KdTree::Neighbour> found;
    for (Index i = 0; i < x.rows(); i += 7) {
        const double* q = x.row(i).data();
        const auto brute = bruteNearest(x, q, 12);
        // Bounds between neighbours (exactly at one, sqrt rounding decides; the tree compares
        // squared distances with the squared bound).
        const double between = 0.5 * (brute[5].distance + brute[6].distance);
        for (double bound : {0.0, 0.3, between, 1.000001 * brute[11].distance, 100.0}) {
            if (std::any_of(brute.begin(), brute.end(), [&](const KdTree::Neighbour& b) {
                    return b.distance > 0.0 && std::abs(b.distance - bound) < 1e-9;
                }))
                continue; // duplicates: `between` fell on a neighbour
            tree.nearest(q, 12, found, bound);
            std::size_t expected = 0;
            while (expected < brute.size() && brute[expected].distance <= bound)
                ++expected;
            ASSERT_EQ(found.size(), expected) << "row " << i << " bound " << bound;
            for (std::size_t j = 0; j < found.size(); ++j)
                EXPECT_EQ(found[j].row, brute[j].row);
        }
    }
}
