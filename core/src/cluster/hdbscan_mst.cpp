// HDBSCAN's exact minimum spanning tree of mutual reachability by Boruvka rounds over the k-d
// tree (McInnes & Healy 2017), merging components in Boost.Graph's disjoint sets. See
// microseg/hdbscan.h.
#include "hdbscan_detail.h"
#include "parallel_for.h"

#include <algorithm>
#include <atomic>
#include <boost/pending/disjoint_sets.hpp>
#include <cmath>
#include <limits>

namespace microseg::core::detail {
namespace {

using Index = Eigen::Index;
constexpr int kMaxDepth = 128;
constexpr double kInf = std::numeric_limits<double>::infinity();
// Boxes are compared on squared distances; a relative slack of 1e-12 keeps a node whose nearest
// point could weigh exactly the current bound (a tie that the edge key must decide) from being
// skipped by a rounding of bound^2.
constexpr double kSquareSlack = 1.0 + 1e-12;

void atomicMin(std::atomic<double>& target, double value) {
    double current = target.load(std::memory_order_relaxed);
    while (value < current &&
           !target.compare_exchange_weak(current, value, std::memory_order_relaxed)) {
    }
}

/// One Boruvka round's view of the tree, in tree positions.
struct RoundState {
    const KdTree& tree;
    const std::vector<double>& core;         ///< by tree position
    const std::vector<double>& nodeMinCore;  ///< least core distance under each node
    std::vector<std::int32_t> component;     ///< representative position of each position
    std::vector<std::int32_t> nodeComponent; ///< the one component under a node, or -1
    std::vector<std::atomic<double>> bound;  ///< per representative: best weight found
};

/// The cheapest edge (by edgeLess on original rows) from position p to another component,
/// distance +inf when every candidate is dearer than the component's bound.
HdbscanEdge cheapestEdge(RoundState& s, Index p) {
    const KdTree& tree = s.tree;
    const auto& rows = tree.rows();
    const Index d = tree.dims();
    const double* query = tree.points().row(p).data();
    const std::int32_t own = s.component[static_cast<std::size_t>(p)];
    const double coreP = s.core[static_cast<std::size_t>(p)];
    const auto rowP = static_cast<std::int32_t>(rows[static_cast<std::size_t>(p)]);
    std::atomic<double>& shared = s.bound[static_cast<std::size_t>(own)];
    HdbscanEdge best{0, 0, kInf};
    const auto limit = [&] {
        return std::min(best.distance, shared.load(std::memory_order_relaxed));
    };
    if (coreP > limit())
        return best; // every edge of p weighs at least core(p)
    // Lower bound of any edge from p into a node: max(core(p), least core there, box distance).
    const auto lowerSquared = [&](std::int32_t node) {
        const double c = std::max(coreP, s.nodeMinCore[static_cast<std::size_t>(node)]);
        return std::max(c * c, tree.minDistanceSquared(node, query));
    };
    struct Item {
        std::int32_t node;
        double lower;
    };
    Item stack[kMaxDepth];
    int top = 0;
    stack[top++] = Item{0, lowerSquared(0)};
    while (top > 0) {
        const Item item = stack[--top];
        double l = limit();
        if (item.lower > l * l * kSquareSlack ||
            s.nodeComponent[static_cast<std::size_t>(item.node)] == own)
            continue;
        const KdTree::Node& node = tree.nodes()[static_cast<std::size_t>(item.node)];
        if (node.isLeaf()) {
            for (Index q = node.begin; q < node.end; ++q) {
                const double coreQ = s.core[static_cast<std::size_t>(q)];
                if (s.component[static_cast<std::size_t>(q)] == own || coreQ > l)
                    continue;
                const double d2 = boundedSquaredDistance(tree.points().row(q).data(), query, d,
                                                         l * l * kSquareSlack);
                if (d2 > l * l * kSquareSlack)
                    continue;
                const auto rowQ = static_cast<std::int32_t>(rows[static_cast<std::size_t>(q)]);
                const HdbscanEdge edge{std::min(rowP, rowQ), std::max(rowP, rowQ),
                                       std::max({coreP, coreQ, std::sqrt(d2)})};
                if (edgeLess(edge, best)) {
                    best = edge;
                    atomicMin(shared, edge.distance);
                    l = limit();
                }
            }
            continue;
        }
        const double left = lowerSquared(node.left);
        const double right = lowerSquared(node.right);
        if (left <= right) {
            stack[top++] = Item{node.right, right};
            stack[top++] = Item{node.left, left};
        } else {
            stack[top++] = Item{node.left, left};
            stack[top++] = Item{node.right, right};
        }
    }
    return best;
}

/// First round (every point alone): when p's neighbour list holds every point within core(p)
/// and one of them has a core distance <= core(p), p's cheapest edge weighs exactly core(p) (no
/// edge weighs less) and every edge of that weight goes to such a neighbour, so the least key
/// among them is the answer without a search. Distance +inf when the list cannot tell.
HdbscanEdge firstRoundEdge(const KdTree& tree, const CoreDistances& core, Index p) {
    HdbscanEdge best{0, 0, kInf};
    const auto rowP = static_cast<std::size_t>(tree.rows()[static_cast<std::size_t>(p)]);
    if (core.neighbours.empty() || !core.complete[rowP])
        return best;
    const std::size_t k = core.neighbours.size() / core.distances.size();
    const double coreP = core.distances[rowP];
    for (std::size_t i = 0; i < k; ++i) {
        const auto q = static_cast<std::size_t>(core.neighbours[rowP * k + i]);
        const auto rowQ = static_cast<std::size_t>(tree.rows()[q]);
        if (rowQ == rowP || core.distances[rowQ] > coreP)
            continue;
        const HdbscanEdge edge{static_cast<std::int32_t>(std::min(rowP, rowQ)),
                               static_cast<std::int32_t>(std::max(rowP, rowQ)), coreP};
        if (edgeLess(edge, best))
            best = edge;
    }
    return best;
}

/// nodeComponent for the current components: children before parents (ids are preorder).
void labelNodes(RoundState& s) {
    const auto& nodes = s.tree.nodes();
    for (std::size_t id = nodes.size(); id-- > 0;) {
        const KdTree::Node& node = nodes[id];
        std::int32_t c = s.component[static_cast<std::size_t>(node.begin)];
        if (node.isLeaf()) {
            for (Index q = node.begin + 1; q < node.end && c >= 0; ++q)
                if (s.component[static_cast<std::size_t>(q)] != c)
                    c = -1;
        } else {
            const std::int32_t l = s.nodeComponent[static_cast<std::size_t>(node.left)];
            const std::int32_t r = s.nodeComponent[static_cast<std::size_t>(node.right)];
            c = (l >= 0 && l == r) ? l : -1;
        }
        s.nodeComponent[id] = c;
    }
}

} // namespace

bool hdbscanSpanningTree(const KdTree& tree, const CoreDistances& coreDistances, int threads,
                         Progress& progress, double from, double to, const CancelToken& cancel,
                         std::vector<HdbscanEdge>& edges) {
    const Index n = tree.size();
    const auto count = static_cast<std::size_t>(n);
    edges.clear();
    edges.reserve(count > 0 ? count - 1 : 0);
    std::vector<double> core(count);
    for (std::size_t p = 0; p < count; ++p)
        core[p] = coreDistances.distances[static_cast<std::size_t>(tree.rows()[p])];
    const auto& nodes = tree.nodes();
    std::vector<double> nodeMinCore(nodes.size(), kInf);
    for (std::size_t id = nodes.size(); id-- > 0;) {
        const KdTree::Node& node = nodes[id];
        double m = kInf;
        if (node.isLeaf())
            for (Index q = node.begin; q < node.end; ++q)
                m = std::min(m, core[static_cast<std::size_t>(q)]);
        else
            m = std::min(nodeMinCore[static_cast<std::size_t>(node.left)],
                         nodeMinCore[static_cast<std::size_t>(node.right)]);
        nodeMinCore[id] = m;
    }

    // Components of tree positions in Boost.Graph's union-find (union by rank, path compression).
    std::vector<std::int32_t> rank(count, 0);
    std::vector<std::int32_t> parent(count, 0);
    boost::disjoint_sets<std::int32_t*, std::int32_t*> sets(rank.data(), parent.data());
    for (std::size_t p = 0; p < count; ++p)
        sets.make_set(static_cast<std::int32_t>(p));
    std::vector<std::int32_t> positionOfRow(count);
    for (std::size_t p = 0; p < count; ++p)
        positionOfRow[static_cast<std::size_t>(tree.rows()[p])] = static_cast<std::int32_t>(p);

    RoundState state{tree,
                     core,
                     nodeMinCore,
                     std::vector<std::int32_t>(count),
                     std::vector<std::int32_t>(nodes.size()),
                     std::vector<std::atomic<double>>(count)};
    std::vector<HdbscanEdge> candidate(count);
    std::vector<Index> order; // query order of the round
    order.reserve(count);
    // Progress by components left, on a log scale: the first round joins most points quickly,
    // the last rounds with a few large components take most of the time.
    const double logN = std::log(static_cast<double>(std::max<Index>(n, 2)));
    const auto doneFraction = [&](double components) {
        return from +
               (to - from) * std::clamp(1.0 - std::log(std::max(1.0, components)) / logN, 0.0, 1.0);
    };
    Index components = n;
    for (int round = 0; static_cast<Index>(edges.size()) + 1 < n; ++round) {
        for (std::size_t p = 0; p < count; ++p) {
            state.component[p] = sets.find_set(static_cast<std::int32_t>(p));
            state.bound[p].store(kInf, std::memory_order_relaxed);
        }
        labelNodes(state);
        // Points in leaves shared by several components first: they lie on component borders,
        // find the cheap edges early and so tighten the bound that prunes the interior points.
        order.clear();
        for (const bool mixed : {true, false})
            for (std::size_t id = 0; id < nodes.size(); ++id)
                if (nodes[id].isLeaf() && (state.nodeComponent[id] < 0) == mixed)
                    for (Index p = nodes[id].begin; p < nodes[id].end; ++p)
                        order.push_back(p);
        const double start = doneFraction(static_cast<double>(components));
        const double stop = doneFraction(static_cast<double>(components) / 4.0);
        const bool finished =
            forQueryBlocks(n, threads, progress, start, stop, cancel, [&](Index begin, Index end) {
                for (Index i = begin; i < end; ++i) {
                    const Index p = order[static_cast<std::size_t>(i)];
                    HdbscanEdge& edge = candidate[static_cast<std::size_t>(p)];
                    edge = round == 0 ? firstRoundEdge(tree, coreDistances, p)
                                      : HdbscanEdge{0, 0, kInf};
                    if (edge.distance < kInf)
                        atomicMin(state.bound[static_cast<std::size_t>(p)], edge.distance);
                    else
                        edge = cheapestEdge(state, p);
                }
            });
        if (!finished)
            return false;
        // Each component's cheapest outgoing edge, the least of its points' candidates; with the
        // strict edge order these all belong to the unique MST (two components may pick the
        // same edge: the second is skipped because its ends are already joined).
        std::vector<HdbscanEdge> cheapest(count, HdbscanEdge{0, 0, kInf});
        for (std::size_t p = 0; p < count; ++p) {
            HdbscanEdge& best = cheapest[static_cast<std::size_t>(state.component[p])];
            if (candidate[p].distance < kInf && edgeLess(candidate[p], best))
                best = candidate[p];
        }
        std::size_t added = 0;
        for (std::size_t c = 0; c < count; ++c) {
            const HdbscanEdge& edge = cheapest[c];
            if (state.component[c] != static_cast<std::int32_t>(c) || !(edge.distance < kInf))
                continue;
            const std::int32_t a = sets.find_set(positionOfRow[static_cast<std::size_t>(edge.a)]);
            const std::int32_t b = sets.find_set(positionOfRow[static_cast<std::size_t>(edge.b)]);
            if (a == b)
                continue;
            sets.link(a, b);
            edges.push_back(edge);
            ++added;
        }
        components -= static_cast<Index>(added);
        if (added == 0) // cannot happen with finite data; the caller reports the short tree
            break;
    }
    std::sort(edges.begin(), edges.end(), edgeLess);
    return true;
}

} // namespace microseg::core::detail
