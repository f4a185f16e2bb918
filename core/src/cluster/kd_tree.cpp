// Static k-d tree (Bentley 1975): median split on the dimension of largest spread, tight
// bounding boxes, points copied in tree order. Queries: radius count with early stop, radius
// enumeration, k nearest neighbours.
#include "microseg/kd_tree.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <stdexcept>

namespace microseg::core {

KdTree::KdTree(const Eigen::Ref<const RowMatrix>& data, int leafSize) {
    if (leafSize < 1)
        throw std::invalid_argument("KdTree: leafSize must be at least 1");
    const Index n = data.rows();
    const Index d = data.cols();
    std::vector<Index> order(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i)
        order[static_cast<std::size_t>(i)] = i;
    m_nodes.reserve(static_cast<std::size_t>(2 * (n / leafSize + 1)));
    if (n > 0)
        build(0, n, leafSize, order, data);
    m_points.resize(n, d);
    for (Index p = 0; p < n; ++p)
        m_points.row(p) = data.row(order[static_cast<std::size_t>(p)]);
    m_rows = std::move(order);
}

std::int32_t KdTree::build(Index begin, Index end, int leafSize, std::vector<Index>& order,
                           const Eigen::Ref<const RowMatrix>& data) {
    const Index d = data.cols();
    const auto id = static_cast<std::int32_t>(m_nodes.size());
    m_nodes.push_back(Node{begin, end, -1, -1});
    const auto offset = static_cast<std::size_t>(id) * static_cast<std::size_t>(d);
    m_low.resize(offset + static_cast<std::size_t>(d));
    m_high.resize(offset + static_cast<std::size_t>(d));
    double* low = m_low.data() + offset;
    double* high = m_high.data() + offset;
    for (Index j = 0; j < d; ++j) {
        low[j] = data(order[static_cast<std::size_t>(begin)], j);
        high[j] = low[j];
    }
    for (Index p = begin + 1; p < end; ++p) {
        const Index row = order[static_cast<std::size_t>(p)];
        for (Index j = 0; j < d; ++j) {
            const double v = data(row, j);
            low[j] = std::min(low[j], v);
            high[j] = std::max(high[j], v);
        }
    }
    Index split = 0;
    double spread = 0.0;
    for (Index j = 0; j < d; ++j)
        if (high[j] - low[j] > spread) {
            spread = high[j] - low[j];
            split = j;
        }
    if (end - begin <= leafSize || spread == 0.0)
        return id;
    const Index mid = begin + (end - begin) / 2;
    std::nth_element(order.begin() + begin, order.begin() + mid, order.begin() + end,
                     [&](Index a, Index b) {
                         const double va = data(a, split);
                         const double vb = data(b, split);
                         return va < vb || (va == vb && a < b);
                     });
    const std::int32_t left = build(begin, mid, leafSize, order, data);
    const std::int32_t right = build(mid, end, leafSize, order, data);
    m_nodes[static_cast<std::size_t>(id)].left = left;
    m_nodes[static_cast<std::size_t>(id)].right = right;
    return id;
}

double KdTree::minDistanceSquared(std::int32_t node, const double* query) const {
    const Index d = dims();
    const double* low = m_low.data() + static_cast<std::size_t>(node) * d;
    const double* high = m_high.data() + static_cast<std::size_t>(node) * d;
    double sum = 0.0;
    for (Index j = 0; j < d; ++j) {
        const double below = low[j] - query[j];
        const double above = query[j] - high[j];
        const double gap = std::max({below, above, 0.0});
        sum += gap * gap;
    }
    return sum;
}

double KdTree::maxDistanceSquared(std::int32_t node, const double* query) const {
    const Index d = dims();
    const double* low = m_low.data() + static_cast<std::size_t>(node) * d;
    const double* high = m_high.data() + static_cast<std::size_t>(node) * d;
    double sum = 0.0;
    for (Index j = 0; j < d; ++j) {
        const double far = std::max(std::abs(query[j] - low[j]), std::abs(high[j] - query[j]));
        sum += far * far;
    }
    return sum;
}

std::pair<double, double> KdTree::distanceRangeSquared(std::int32_t node,
                                                       const double* query) const {
    const Index d = dims();
    const double* low = m_low.data() + static_cast<std::size_t>(node) * d;
    const double* high = m_high.data() + static_cast<std::size_t>(node) * d;
    double nearSum = 0.0;
    double farSum = 0.0;
    for (Index j = 0; j < d; ++j) {
        const double below = low[j] - query[j]; // > 0 when the query is below the box
        const double above = query[j] - high[j];
        const double gap = std::max({below, above, 0.0});
        const double far = std::max(-below, -above); // distance to the farther face
        nearSum += gap * gap;
        farSum += far * far;
    }
    return {nearSum, farSum};
}

namespace {

inline double squaredDistance(const double* a, const double* b, Eigen::Index d) {
    double sum = 0.0;
    for (Eigen::Index j = 0; j < d; ++j) {
        const double t = a[j] - b[j];
        sum += t * t;
    }
    return sum;
}

constexpr int kMaxDepth = 128; // median splits: depth <= log2(n) + 1

} // namespace

KdTree::Index KdTree::countWithin(const double* query, double radius, Index limit) const {
    if (m_nodes.empty())
        return 0;
    const double r2 = radius * radius;
    const Index d = dims();
    Index count = 0;
    // Nearer child first: with a limit, the query's own region usually settles the count.
    // Each node's box range is computed once, when its parent is expanded.
    struct Item {
        std::int32_t node;
        double farthest;
    };
    Item stack[kMaxDepth];
    int top = 0;
    const auto push = [&](std::int32_t id, double nearest, double farthest) {
        if (nearest <= r2)
            stack[top++] = Item{id, farthest};
    };
    const auto [rootNear, rootFar] = distanceRangeSquared(0, query);
    push(0, rootNear, rootFar);
    while (top > 0 && count < limit) {
        const Item item = stack[--top];
        const Node& node = m_nodes[static_cast<std::size_t>(item.node)];
        if (item.farthest <= r2) {
            count += node.size();
            continue;
        }
        if (node.isLeaf()) {
            for (Index p = node.begin; p < node.end && count < limit; ++p)
                if (squaredDistance(m_points.row(p).data(), query, d) <= r2)
                    ++count;
            continue;
        }
        const auto [leftNear, leftFar] = distanceRangeSquared(node.left, query);
        const auto [rightNear, rightFar] = distanceRangeSquared(node.right, query);
        if (leftNear <= rightNear) {
            push(node.right, rightNear, rightFar);
            push(node.left, leftNear, leftFar);
        } else {
            push(node.left, leftNear, leftFar);
            push(node.right, rightNear, rightFar);
        }
    }
    return count;
}

std::vector<KdTree::Index> KdTree::within(const double* query, double radius) const {
    std::vector<Index> out;
    if (m_nodes.empty())
        return out;
    const double r2 = radius * radius;
    const Index d = dims();
    std::int32_t stack[kMaxDepth];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const std::int32_t id = stack[--top];
        if (minDistanceSquared(id, query) > r2)
            continue;
        const Node& node = m_nodes[static_cast<std::size_t>(id)];
        if (node.isLeaf()) {
            for (Index p = node.begin; p < node.end; ++p)
                if (squaredDistance(m_points.row(p).data(), query, d) <= r2)
                    out.push_back(m_rows[static_cast<std::size_t>(p)]);
            continue;
        }
        stack[top++] = node.right;
        stack[top++] = node.left;
    }
    std::sort(out.begin(), out.end());
    return out;
}

void KdTree::nearest(const double* query, int k, std::vector<Neighbour>& out,
                     double maxDistance) const {
    out.clear();
    const Index n = size();
    const Index want = std::min<Index>(std::max(k, 0), n);
    if (want == 0)
        return;
    const Index d = dims();
    // Max-heap of (squared distance, row): the worst of the current best `want` on top.
    struct Entry {
        double distance;
        Index row;
        bool operator<(const Entry& o) const {
            return distance < o.distance || (distance == o.distance && row < o.row);
        }
    };
    std::vector<Entry> heap;
    heap.reserve(static_cast<std::size_t>(want));
    const double limit = maxDistance * maxDistance; // +inf when unbounded
    const auto offer = [&](double dist, Index row) {
        if (dist > limit)
            return;
        const Entry e{dist, row};
        if (static_cast<Index>(heap.size()) < want) {
            heap.push_back(e);
            std::push_heap(heap.begin(), heap.end());
        } else if (e < heap.front()) {
            std::pop_heap(heap.begin(), heap.end());
            heap.back() = e;
            std::push_heap(heap.begin(), heap.end());
        }
    };
    const auto bound = [&] {
        return static_cast<Index>(heap.size()) < want ? limit : heap.front().distance;
    };
    // Depth-first, nearer child first; a node is skipped when its box is farther than the
    // current k-th distance (equal distances are visited so that ties resolve by row index).
    struct Item {
        std::int32_t node;
        double minDistance;
    };
    Item stack[kMaxDepth];
    int top = 0;
    stack[top++] = Item{0, minDistanceSquared(0, query)};
    while (top > 0) {
        const Item item = stack[--top];
        if (item.minDistance > bound())
            continue;
        const Node& node = m_nodes[static_cast<std::size_t>(item.node)];
        if (node.isLeaf()) {
            for (Index p = node.begin; p < node.end; ++p)
                offer(squaredDistance(m_points.row(p).data(), query, d),
                      m_rows[static_cast<std::size_t>(p)]);
            continue;
        }
        const double left = minDistanceSquared(node.left, query);
        const double right = minDistanceSquared(node.right, query);
        if (left <= right) {
            stack[top++] = Item{node.right, right};
            stack[top++] = Item{node.left, left};
        } else {
            stack[top++] = Item{node.left, left};
            stack[top++] = Item{node.right, right};
        }
    }
    std::sort_heap(heap.begin(), heap.end());
    out.reserve(heap.size());
    for (const Entry& e : heap)
        out.push_back(Neighbour{e.row, std::sqrt(e.distance)});
}

} // namespace microseg::core
