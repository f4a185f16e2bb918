// HDBSCAN's core distances: the distance of every row to its minSamples-th nearest neighbour
// (itself first), by depth-first k-d tree search. The search keeps the k + 1 smallest squared
// distances in a small sorted array and gives up on a candidate as soon as its partial sum
// passes the current last one (in 16 dimensions most leaf points are rejected after 4 or 8
// coordinates). See microseg/hdbscan.h.
#include "hdbscan_detail.h"

#include <cmath>
#include <limits>

namespace microseg::core::detail {
namespace {

using Index = Eigen::Index;
constexpr int kMaxDepth = 128;

/// The `count` nearest points of `query` as (squared distance, tree position), sorted; `best` is
/// scratch of that size, overwritten.
struct Candidate {
    double distance;
    Index position;
};
void nearestSquared(const KdTree& tree, const double* query, std::vector<Candidate>& best) {
    std::fill(best.begin(), best.end(),
              Candidate{std::numeric_limits<double>::infinity(), Index{-1}});
    double* const last = &best.back().distance;
    const Index d = tree.dims();
    struct Item {
        std::int32_t node;
        double minDistance;
    };
    Item stack[kMaxDepth];
    int top = 0;
    stack[top++] = Item{0, tree.minDistanceSquared(0, query)};
    while (top > 0) {
        const Item item = stack[--top];
        if (item.minDistance > *last) // nothing there is nearer than the current last
            continue;
        const KdTree::Node& node = tree.nodes()[static_cast<std::size_t>(item.node)];
        if (node.isLeaf()) {
            for (Index p = node.begin; p < node.end; ++p) {
                const double d2 =
                    boundedSquaredDistance(tree.points().row(p).data(), query, d, *last);
                if (d2 >= *last)
                    continue;
                // Insertion into the sorted list (count is min_samples + 1: small).
                std::size_t i = best.size() - 1;
                for (; i > 0 && best[i - 1].distance > d2; --i)
                    best[i] = best[i - 1];
                best[i] = Candidate{d2, p};
            }
            continue;
        }
        const double left = tree.minDistanceSquared(node.left, query);
        const double right = tree.minDistanceSquared(node.right, query);
        if (left <= right) {
            stack[top++] = Item{node.right, right};
            stack[top++] = Item{node.left, left};
        } else {
            stack[top++] = Item{node.left, left};
            stack[top++] = Item{node.right, right};
        }
    }
}

} // namespace

bool hdbscanCoreDistances(const KdTree& tree, int minSamples, int threads, Progress& progress,
                          double from, double to, const CancelToken& cancel, CoreDistances& out) {
    const Index n = tree.size();
    const auto k = static_cast<std::size_t>(minSamples);
    out.distances.assign(static_cast<std::size_t>(n), 0.0);
    const bool keep = k <= kMaxKeptNeighbours;
    out.neighbours.assign(keep ? static_cast<std::size_t>(n) * k : 0, -1);
    out.complete.assign(keep ? static_cast<std::size_t>(n) : 0, 0);
    // One more than k: when the (k+1)-th is strictly farther than the k-th, the k nearest are
    // exactly the points within the core distance (the spanning tree's first round uses that).
    const std::size_t wanted = std::min(k + 1, static_cast<std::size_t>(n));
    const auto& rows = tree.rows();
    // Queries in tree order: neighbouring queries visit the same leaves (cache-friendly).
    return forQueryBlocks(n, threads, progress, from, to, cancel, [&](Index begin, Index end) {
        std::vector<Candidate> best(wanted);
        for (Index p = begin; p < end; ++p) {
            nearestSquared(tree, tree.points().row(p).data(), best);
            const auto row = static_cast<std::size_t>(rows[static_cast<std::size_t>(p)]);
            out.distances[row] = std::sqrt(best[k - 1].distance);
            if (!keep)
                continue;
            for (std::size_t i = 0; i < k; ++i)
                out.neighbours[row * k + i] = static_cast<std::int32_t>(best[i].position);
            out.complete[row] = wanted == k || best[k].distance > best[k - 1].distance;
        }
    });
}

} // namespace microseg::core::detail
