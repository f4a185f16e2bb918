#include "barnes_hut.h"

#include "../cluster/parallel_for.h"
#include "tsne_detail.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace microseg::core::detail {
namespace {

/// Up to this many points a node is a leaf: a few exact kernels are cheaper than four more nodes.
constexpr std::int32_t kLeafSize = 4;
/// Coincident points would split forever: below this depth a node is a leaf whatever its size.
constexpr int kMaxDepth = 48;
/// Points that share one tree walk: larger groups walk less but summarise less (their box is
/// larger). Measured on 20,000 points: 32 is the fastest of 8 to 128.
constexpr std::int32_t kGroupSize = 32;
/// Above this many points the root's four quadrants are built in parallel.
constexpr std::int32_t kParallelBuildPoints = 4096;

} // namespace

QuadTree::QuadTree(const RowMatrix& y, int threads) {
    const auto n = static_cast<std::int32_t>(y.rows());
    m_order.resize(static_cast<std::size_t>(n));
    std::iota(m_order.begin(), m_order.end(), 0);
    m_x.resize(static_cast<std::size_t>(n));
    m_y.resize(static_cast<std::size_t>(n));
    // Original coordinates first; build() permutes m_order and reads them through it.
    for (std::int32_t i = 0; i < n; ++i) {
        m_x[static_cast<std::size_t>(i)] = y(i, 0);
        m_y[static_cast<std::size_t>(i)] = y(i, 1);
    }
    if (n == 0)
        return;
    const auto [minX, maxX] = std::minmax_element(m_x.begin(), m_x.end());
    const auto [minY, maxY] = std::minmax_element(m_y.begin(), m_y.end());
    const double half = 0.5 * std::max(*maxX - *minX, *maxY - *minY) * (1.0 + 1e-9) + 1e-12;
    const double cx = 0.5 * (*minX + *maxX), cy = 0.5 * (*minY + *maxY);
    m_nodes.reserve(static_cast<std::size_t>(n) / 2 + 16);
    m_nodes.emplace_back();
    if (n <= kParallelBuildPoints) {
        build(m_nodes, 0, 0, n, cx, cy, half, 0);
    } else {
        // The four quadrants are built in parallel, each into its own node list, then spliced
        // after the root and its children. The same for any thread count (the same split).
        std::int32_t bounds[5];
        splitQuadrants(0, n, cx, cy, bounds);
        std::vector<std::vector<Node>> subtrees(4);
        parallelFor(4, resolveThreadCount(threads), [&](int q, int) {
            if (bounds[q + 1] == bounds[q])
                return;
            const double quarter = 0.5 * half;
            subtrees[static_cast<std::size_t>(q)].emplace_back();
            build(subtrees[static_cast<std::size_t>(q)], 0, bounds[q], bounds[q + 1],
                  cx + (q % 2 == 0 ? -quarter : quarter), cy + (q < 2 ? -quarter : quarter),
                  quarter, 1);
        });
        Node& root = m_nodes[0];
        root.begin = 0;
        root.end = n;
        root.width = 2.0 * half;
        root.mass = n;
        root.firstChild = 1;
        double sx = 0.0, sy = 0.0;
        for (const auto& subtree : subtrees)
            if (!subtree.empty()) {
                m_nodes.push_back(subtree[0]);
                sx += subtree[0].mass * subtree[0].centreX;
                sy += subtree[0].mass * subtree[0].centreY;
            }
        m_nodes[0].childCount = static_cast<std::int32_t>(m_nodes.size()) - 1;
        m_nodes[0].centreX = sx / n;
        m_nodes[0].centreY = sy / n;
        // Local index 0 (the subtree root) went to slot 1 + s; local k >= 1 goes to base + k - 1.
        std::int32_t slot = 1;
        for (const auto& subtree : subtrees) {
            if (subtree.empty())
                continue;
            const auto base = static_cast<std::int32_t>(m_nodes.size());
            const auto relocate = [base](Node node) {
                if (node.firstChild >= 0)
                    node.firstChild += base - 1;
                return node;
            };
            m_nodes[static_cast<std::size_t>(slot++)] = relocate(subtree[0]);
            for (std::size_t k = 1; k < subtree.size(); ++k)
                m_nodes.push_back(relocate(subtree[k]));
        }
    }
    // Coordinates in tree order, for cache-friendly leaves.
    std::vector<double> x(m_x.size()), yy(m_y.size());
    for (std::size_t t = 0; t < m_order.size(); ++t) {
        x[t] = m_x[static_cast<std::size_t>(m_order[t])];
        yy[t] = m_y[static_cast<std::size_t>(m_order[t])];
    }
    m_x.swap(x);
    m_y.swap(yy);
}

void QuadTree::splitQuadrants(std::int32_t begin, std::int32_t end, double cx, double cy,
                              std::int32_t bounds[5]) {
    const auto at = [](std::int32_t i) { return static_cast<std::size_t>(i); };
    auto first = m_order.begin();
    const auto below = [&](std::int32_t i) { return m_y[at(i)] < cy; };
    const auto left = [&](std::int32_t i) { return m_x[at(i)] < cx; };
    const auto midY = static_cast<std::int32_t>(std::partition(first + begin, first + end, below) - first);
    bounds[0] = begin;
    bounds[1] = static_cast<std::int32_t>(std::partition(first + begin, first + midY, left) - first);
    bounds[2] = midY;
    bounds[3] = static_cast<std::int32_t>(std::partition(first + midY, first + end, left) - first);
    bounds[4] = end;
}

void QuadTree::build(std::vector<Node>& nodes, std::int32_t slot, std::int32_t begin,
                     std::int32_t end, double cx, double cy, double half, int depth) {
    const auto at = [](std::int32_t i) { return static_cast<std::size_t>(i); };
    nodes[at(slot)].begin = begin;
    nodes[at(slot)].end = end;
    nodes[at(slot)].width = 2.0 * half;
    nodes[at(slot)].mass = end - begin;
    if (end - begin <= kLeafSize || depth >= kMaxDepth) {
        double sx = 0.0, sy = 0.0;
        for (std::int32_t t = begin; t < end; ++t) {
            sx += m_x[at(m_order[at(t)])];
            sy += m_y[at(m_order[at(t)])];
        }
        nodes[at(slot)].centreX = sx / (end - begin);
        nodes[at(slot)].centreY = sy / (end - begin);
        return;
    }
    std::int32_t bounds[5];
    splitQuadrants(begin, end, cx, cy, bounds);
    const double quarter = 0.5 * half;
    const double centres[4][2] = {{cx - quarter, cy - quarter}, {cx + quarter, cy - quarter},
                                  {cx - quarter, cy + quarter}, {cx + quarter, cy + quarter}};
    const auto firstChild = static_cast<std::int32_t>(nodes.size());
    std::int32_t children = 0;
    for (int q = 0; q < 4; ++q)
        children += bounds[q + 1] > bounds[q];
    nodes[at(slot)].firstChild = firstChild;
    nodes[at(slot)].childCount = children;
    nodes.resize(nodes.size() + at(children));
    double sx = 0.0, sy = 0.0;
    std::int32_t child = firstChild;
    for (int q = 0; q < 4; ++q) {
        if (bounds[q + 1] == bounds[q])
            continue;
        build(nodes, child, bounds[q], bounds[q + 1], centres[q][0], centres[q][1], quarter,
              depth + 1);
        const Node& built = nodes[at(child)];
        sx += built.mass * built.centreX;
        sy += built.mass * built.centreY;
        ++child;
    }
    nodes[at(slot)].centreX = sx / (end - begin);
    nodes[at(slot)].centreY = sy / (end - begin);
}

std::vector<std::pair<std::int32_t, std::int32_t>> QuadTree::groups(std::int32_t maxPoints) const {
    std::vector<std::pair<std::int32_t, std::int32_t>> out;
    if (m_nodes.empty())
        return out;
    // Depth-first, children in order: the groups come out in increasing tree positions.
    std::vector<std::int32_t> stack = {0};
    while (!stack.empty()) {
        const Node& node = m_nodes[static_cast<std::size_t>(stack.back())];
        stack.pop_back();
        if (node.firstChild < 0 || node.end - node.begin <= maxPoints) {
            out.emplace_back(node.begin, node.end);
            continue;
        }
        for (std::int32_t c = node.childCount - 1; c >= 0; --c)
            stack.push_back(node.firstChild + c);
    }
    return out;
}

void QuadTree::groupRepulsion(std::int32_t begin, std::int32_t end, double theta2,
                              Scratch& scratch, double& sumKernel, double* forceX,
                              double* forceY) const {
    const auto at = [](std::int32_t i) { return static_cast<std::size_t>(i); };
    const auto [minX, maxX] = std::minmax_element(m_x.begin() + begin, m_x.begin() + end);
    const auto [minY, maxY] = std::minmax_element(m_y.begin() + begin, m_y.begin() + end);
    const double lowX = *minX, highX = *maxX, lowY = *minY, highY = *maxY;
    scratch.x.clear();
    scratch.y.clear();
    scratch.mass.clear();
    const auto addPoints = [&](const Node& node) {
        for (std::int32_t p = node.begin; p < node.end; ++p) {
            scratch.x.push_back(m_x[at(p)]);
            scratch.y.push_back(m_y[at(p)]);
            scratch.mass.push_back(1.0);
        }
    };
    std::int32_t stack[4 * kMaxDepth + 8];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Node& node = m_nodes[at(stack[--top])];
        const bool disjoint = node.end <= begin || node.begin >= end;
        if (disjoint) {
            // Distance from the centre of mass to the group's box (0 inside it).
            const double dx = std::max({lowX - node.centreX, 0.0, node.centreX - highX});
            const double dy = std::max({lowY - node.centreY, 0.0, node.centreY - highY});
            if (node.width * node.width < theta2 * (dx * dx + dy * dy)) {
                scratch.x.push_back(node.centreX);
                scratch.y.push_back(node.centreY);
                scratch.mass.push_back(node.mass);
                continue;
            }
        }
        const bool insideGroup = node.begin >= begin && node.end <= end;
        if (node.firstChild < 0 || insideGroup) {
            addPoints(node); // the group's own points included: their self term is removed below
            continue;
        }
        for (std::int32_t c = 0; c < node.childCount; ++c)
            stack[top++] = node.firstChild + c;
    }
    using Array = Eigen::Map<const Eigen::ArrayXd>;
    const auto count = static_cast<Eigen::Index>(scratch.x.size());
    const Array cx(scratch.x.data(), count), cy(scratch.y.data(), count),
        cm(scratch.mass.data(), count);
    scratch.q.resize(scratch.x.size());
    Eigen::Map<Eigen::ArrayXd> q(scratch.q.data(), count);
    double sum = 0.0;
    for (std::int32_t t = begin; t < end; ++t) {
        const double xi = m_x[at(t)], yi = m_y[at(t)];
        q = 1.0 / (1.0 + (xi - cx).square() + (yi - cy).square());
        // The point itself is in the list once, at distance 0: kernel 1, force 0.
        sum += (cm * q).sum() - 1.0;
        forceX[t - begin] = (cm * q.square() * (xi - cx)).sum();
        forceY[t - begin] = (cm * q.square() * (yi - cy)).sum();
    }
    sumKernel += sum;
}

double barnesHutRepulsion(const RowMatrix& y, double theta, RowMatrix& forces, int threads) {
    const QuadTree tree(y, threads);
    const auto n = y.rows();
    forces.resize(n, 2);
    // Groups depend on the embedding only, never on the thread count: Z is summed in their order.
    const auto groups = tree.groups(kGroupSize);
    const int workers = resolveThreadCount(threads);
    std::vector<double> partialZ(groups.size(), 0.0);
    std::vector<QuadTree::Scratch> scratch(static_cast<std::size_t>(workers));
    std::vector<std::vector<double>> fx(static_cast<std::size_t>(workers)), fy(fx.size());
    const double theta2 = theta * theta;
    parallelFor(static_cast<int>(groups.size()), workers, [&](int g, int worker) {
        const auto w = static_cast<std::size_t>(worker);
        const auto [begin, end] = groups[static_cast<std::size_t>(g)];
        fx[w].resize(static_cast<std::size_t>(end - begin));
        fy[w].resize(static_cast<std::size_t>(end - begin));
        tree.groupRepulsion(begin, end, theta2, scratch[w], partialZ[static_cast<std::size_t>(g)],
                            fx[w].data(), fy[w].data());
        for (std::int32_t t = begin; t < end; ++t) {
            const auto row = tree.order()[static_cast<std::size_t>(t)];
            forces(row, 0) = fx[w][static_cast<std::size_t>(t - begin)];
            forces(row, 1) = fy[w][static_cast<std::size_t>(t - begin)];
        }
    });
    return std::accumulate(partialZ.begin(), partialZ.end(), 0.0);
}

} // namespace microseg::core::detail
