// HDBSCAN's core distances (k-nearest-neighbour queries) and the exact minimum spanning tree of
// mutual reachability by Boruvka rounds over the k-d tree (McInnes & Healy 2017), merging
// components in Boost.Graph's disjoint sets. See microseg/hdbscan.h.
#include "hdbscan_detail.h"
#include "parallel_for.h"

#include <boost/pending/disjoint_sets.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

namespace microseg::core::detail {
namespace {

using Index = Eigen::Index;
constexpr Index kQueryBlock = 256; // queries between two cancel polls / progress reports
constexpr int kMaxDepth = 128;
constexpr double kInf = std::numeric_limits<double>::infinity();
// Boxes are compared on squared distances; a relative slack of 1e-12 keeps a node whose nearest
// point could weigh exactly the current bound (a tie that the edge key must decide) from being
// skipped by a rounding of bound^2.
constexpr double kSquareSlack = 1.0 + 1e-12;

/// Runs body(begin, end) over blocks of [0, count), polling `cancel` before each block and
/// reporting progress in [from, to] from the calling thread. False when cancelled.
template <typename Body>
bool forBlocks(Index count, int threads, Progress& progress, double from, double to,
               const CancelToken& cancel, Body&& body) {
    const auto blocks = static_cast<int>((count + kQueryBlock - 1) / kQueryBlock);
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    parallelFor(blocks, threads, [&](int b, int worker) {
        if (stop.load(std::memory_order_relaxed))
            return;
        if (cancel.isCancelled()) {
            stop = true;
            return;
        }
        const Index begin = static_cast<Index>(b) * kQueryBlock;
        body(begin, std::min(count, begin + kQueryBlock));
        const int finished = ++done;
        if (worker == 0) // Progress is not thread-safe: only the calling thread reports
            progress.report(from + (to - from) * finished / std::max(1, blocks));
    });
    return !stop && !cancel.isCancelled();
}

double squaredDistance(const double* a, const double* b, Index d) {
    double sum = 0.0;
    for (Index j = 0; j < d; ++j) {
        const double t = a[j] - b[j];
        sum += t * t;
    }
    return sum;
}

void atomicMin(std::atomic<double>& target, double value) {
    double current = target.load(std::memory_order_relaxed);
    while (value < current &&
           !target.compare_exchange_weak(current, value, std::memory_order_relaxed)) {
    }
}

/// One Boruvka round's view of the tree, in tree positions.
struct RoundState {
    const KdTree& tree;
    const std::vector<double>& core;             ///< by tree position
    const std::vector<double>& nodeMinCore;      ///< least core distance under each node
    std::vector<std::int32_t> component;         ///< representative position of each position
    std::vector<std::int32_t> nodeComponent;     ///< the one component under a node, or -1
    std::vector<std::atomic<double>> bound;      ///< per representative: best weight found
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
    const auto limit = [&] { return std::min(best.distance, shared.load(std::memory_order_relaxed)); };
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
                const double d2 = squaredDistance(tree.points().row(q).data(), query, d);
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

bool hdbscanCoreDistances(const KdTree& tree, int minSamples, int threads, Progress& progress,
                          double from, double to, const CancelToken& cancel,
                          std::vector<double>& core) {
    const Index n = tree.size();
    core.assign(static_cast<std::size_t>(n), 0.0);
    const auto& rows = tree.rows();
    // Queries in tree order: neighbouring queries visit the same leaves (cache-friendly).
    return forBlocks(n, threads, progress, from, to, cancel, [&](Index begin, Index end) {
        std::vector<KdTree::Neighbour> neighbours;
        for (Index p = begin; p < end; ++p) {
            tree.nearest(tree.points().row(p).data(), minSamples, neighbours);
            core[static_cast<std::size_t>(rows[static_cast<std::size_t>(p)])] =
                neighbours.back().distance;
        }
    });
}

bool hdbscanSpanningTree(const KdTree& tree, const std::vector<double>& coreByRow, int threads,
                         Progress& progress, double from, double to, const CancelToken& cancel,
                         std::vector<HdbscanEdge>& edges) {
    const Index n = tree.size();
    const auto count = static_cast<std::size_t>(n);
    edges.clear();
    edges.reserve(count > 0 ? count - 1 : 0);
    std::vector<double> core(count);
    for (std::size_t p = 0; p < count; ++p)
        core[p] = coreByRow[static_cast<std::size_t>(tree.rows()[p])];
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

    RoundState state{tree, core, nodeMinCore, std::vector<std::int32_t>(count),
                     std::vector<std::int32_t>(nodes.size()), std::vector<std::atomic<double>>(count)};
    std::vector<HdbscanEdge> candidate(count);
    const double rounds = std::max(1.0, std::ceil(std::log2(static_cast<double>(std::max<Index>(n, 2)))));
    for (int round = 0; static_cast<Index>(edges.size()) + 1 < n; ++round) {
        for (std::size_t p = 0; p < count; ++p) {
            state.component[p] = sets.find_set(static_cast<std::int32_t>(p));
            state.bound[p].store(kInf, std::memory_order_relaxed);
        }
        labelNodes(state);
        const double start = from + (to - from) * std::min(1.0, round / rounds);
        const double stop = from + (to - from) * std::min(1.0, (round + 1) / rounds);
        const bool finished = forBlocks(n, threads, progress, start, stop, cancel,
                                        [&](Index begin, Index end) {
                                            for (Index p = begin; p < end; ++p)
                                                candidate[static_cast<std::size_t>(p)] =
                                                    cheapestEdge(state, p);
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
        if (added == 0) // cannot happen with finite data; the caller reports the short tree
            break;
    }
    std::sort(edges.begin(), edges.end(), edgeLess);
    return true;
}

} // namespace microseg::core::detail
