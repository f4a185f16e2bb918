// HDBSCAN's hierarchy: single linkage from the sorted MST, top-down condensing with the minimum
// cluster size, cluster stabilities and excess-of-mass / leaf selection (Campello, Moulavi &
// Sander 2013), in the layout and order of scikit-learn 1.3's _tree.pyx so that condensed ids,
// stabilities and labels agree with it. See microseg/hdbscan.h.
#include "hdbscan_detail.h"

#include <algorithm>
#include <boost/pending/disjoint_sets.hpp>
#include <deque>
#include <limits>

namespace microseg::core::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Children clusters of every condensed cluster (index id - n), in row order.
std::vector<std::vector<std::int64_t>> clusterChildren(const std::vector<HdbscanCondensedRow>& tree,
                                                       std::int64_t n, std::size_t clusters) {
    std::vector<std::vector<std::int64_t>> children(clusters);
    for (const HdbscanCondensedRow& row : tree)
        if (row.child >= n)
            children[static_cast<std::size_t>(row.parent - n)].push_back(row.child);
    return children;
}

} // namespace

std::vector<LinkageMerge> singleLinkage(const std::vector<HdbscanEdge>& sortedEdges,
                                        std::int64_t n) {
    const auto count = static_cast<std::size_t>(n);
    std::vector<std::int32_t> rank(count, 0);
    std::vector<std::int32_t> parent(count, 0);
    boost::disjoint_sets<std::int32_t*, std::int32_t*> sets(rank.data(), parent.data());
    std::vector<std::int64_t> node(count); // hierarchy node of each set, by representative
    std::vector<std::int64_t> size(count, 1);
    for (std::size_t p = 0; p < count; ++p) {
        sets.make_set(static_cast<std::int32_t>(p));
        node[p] = static_cast<std::int64_t>(p);
    }
    std::vector<LinkageMerge> merges;
    merges.reserve(sortedEdges.size());
    for (const HdbscanEdge& edge : sortedEdges) {
        const auto a = static_cast<std::size_t>(sets.find_set(edge.a));
        const auto b = static_cast<std::size_t>(sets.find_set(edge.b));
        const std::int64_t joined = size[a] + size[b];
        merges.push_back(LinkageMerge{node[a], node[b], edge.distance, joined});
        sets.link(static_cast<std::int32_t>(a), static_cast<std::int32_t>(b));
        const auto root = static_cast<std::size_t>(sets.find_set(static_cast<std::int32_t>(a)));
        node[root] = n + static_cast<std::int64_t>(merges.size()) - 1;
        size[root] = joined;
    }
    return merges;
}

std::vector<HdbscanCondensedRow> condenseTree(const std::vector<LinkageMerge>& merges,
                                              std::int64_t n, std::int64_t minClusterSize) {
    std::vector<HdbscanCondensedRow> rows;
    if (merges.empty())
        return rows;
    rows.reserve(static_cast<std::size_t>(n) + 2 * static_cast<std::size_t>(n / minClusterSize));
    const std::int64_t root = 2 * static_cast<std::int64_t>(merges.size());
    const auto sizeOf = [&](std::int64_t node) {
        return node >= n ? merges[static_cast<std::size_t>(node - n)].size : std::int64_t{1};
    };
    // Every point under `node` leaves cluster `label` at `lambda`, listed breadth-first.
    std::deque<std::int64_t> points;
    const auto dropAll = [&](std::int64_t node, std::int64_t label, double lambda) {
        points.assign(1, node);
        while (!points.empty()) {
            const std::int64_t x = points.front();
            points.pop_front();
            if (x < n) {
                rows.push_back(HdbscanCondensedRow{label, x, lambda, 1});
                continue;
            }
            const LinkageMerge& m = merges[static_cast<std::size_t>(x - n)];
            points.push_back(m.left);
            points.push_back(m.right);
        }
    };
    std::vector<std::int64_t> relabel(static_cast<std::size_t>(root) + 1, 0);
    relabel[static_cast<std::size_t>(root)] = n;
    std::int64_t nextLabel = n + 1;
    std::deque<std::int64_t> queue{root};
    while (!queue.empty()) {
        const std::int64_t node = queue.front();
        queue.pop_front();
        const LinkageMerge& m = merges[static_cast<std::size_t>(node - n)];
        const double lambda = m.distance > 0.0 ? 1.0 / m.distance : kInf;
        const std::int64_t label = relabel[static_cast<std::size_t>(node)];
        const std::int64_t leftCount = sizeOf(m.left);
        const std::int64_t rightCount = sizeOf(m.right);
        const auto follow = [&](std::int64_t child, std::int64_t childLabel) {
            relabel[static_cast<std::size_t>(child)] = childLabel;
            if (child >= n)
                queue.push_back(child);
        };
        if (leftCount >= minClusterSize && rightCount >= minClusterSize) {
            // A true split: two new clusters are born at lambda.
            for (const auto& [child, count] :
                 {std::pair{m.left, leftCount}, std::pair{m.right, rightCount}}) {
                rows.push_back(HdbscanCondensedRow{label, nextLabel, lambda, count});
                follow(child, nextLabel++);
            }
        } else if (leftCount < minClusterSize && rightCount < minClusterSize) {
            dropAll(m.left, label, lambda); // the cluster dissolves: all its points leave
            dropAll(m.right, label, lambda);
        } else if (leftCount < minClusterSize) {
            follow(m.right, label); // the cluster goes on as the right part and sheds the left
            dropAll(m.left, label, lambda);
        } else {
            follow(m.left, label);
            dropAll(m.right, label, lambda);
        }
    }
    return rows;
}

std::vector<double> clusterStabilities(const std::vector<HdbscanCondensedRow>& tree,
                                       std::int64_t n) {
    std::int64_t largest = n;
    for (const HdbscanCondensedRow& row : tree)
        largest = std::max({largest, row.parent, row.child});
    const auto clusters = static_cast<std::size_t>(largest - n + 1);
    std::vector<double> birth(clusters, 0.0); // the root is born at lambda 0
    for (const HdbscanCondensedRow& row : tree)
        if (row.child >= n)
            birth[static_cast<std::size_t>(row.child - n)] = row.lambda;
    std::vector<double> stability(clusters, 0.0);
    for (const HdbscanCondensedRow& row : tree) {
        const auto parent = static_cast<std::size_t>(row.parent - n);
        stability[parent] += (row.lambda - birth[parent]) * static_cast<double>(row.size);
    }
    return stability;
}

std::vector<std::int64_t> selectClusters(const std::vector<HdbscanCondensedRow>& tree,
                                         std::vector<double> stability, std::int64_t n,
                                         HdbscanSelection method, bool allowSingleCluster) {
    const std::size_t clusters = stability.size();
    const auto children = clusterChildren(tree, n, clusters);
    std::vector<char> selected(clusters, 0);
    if (method == HdbscanSelection::Leaf) {
        // scikit-learn: the leaves of the cluster tree; none (no split) selects nothing.
        for (std::size_t c = 1; c < clusters; ++c)
            selected[c] = children[c].empty() ? 1 : 0;
    } else {
        // Excess of mass, bottom-up (children have larger ids than their parent): a cluster is
        // kept when it is at least as stable as the best selection among its descendants.
        const std::size_t last = allowSingleCluster ? 0 : 1;
        for (std::size_t c = clusters; c-- > last;) {
            double subtree = 0.0;
            for (const std::int64_t child : children[c])
                subtree += stability[static_cast<std::size_t>(child - n)];
            if (subtree > stability[c]) {
                stability[c] = subtree;
                continue;
            }
            selected[c] = 1;
            std::vector<std::int64_t> stack(children[c].begin(), children[c].end());
            while (!stack.empty()) { // descendants of a kept cluster are not clusters
                const auto d = static_cast<std::size_t>(stack.back() - n);
                stack.pop_back();
                selected[d] = 0;
                stack.insert(stack.end(), children[d].begin(), children[d].end());
            }
        }
    }
    std::vector<std::int64_t> out;
    for (std::size_t c = 0; c < clusters; ++c)
        if (selected[c])
            out.push_back(n + static_cast<std::int64_t>(c));
    return out;
}

} // namespace microseg::core::detail
