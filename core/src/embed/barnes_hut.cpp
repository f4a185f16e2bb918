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

} // namespace

QuadTree::QuadTree(const RowMatrix& y) {
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
    build(0, 0, n, cx, cy, half, 0);
    // Coordinates in tree order, for cache-friendly leaves.
    std::vector<double> x(m_x.size()), yy(m_y.size());
    for (std::size_t t = 0; t < m_order.size(); ++t) {
        x[t] = m_x[static_cast<std::size_t>(m_order[t])];
        yy[t] = m_y[static_cast<std::size_t>(m_order[t])];
    }
    m_x.swap(x);
    m_y.swap(yy);
}

void QuadTree::build(std::int32_t slot, std::int32_t begin, std::int32_t end, double cx,
                     double cy, double half, int depth) {
    const auto at = [](std::int32_t i) { return static_cast<std::size_t>(i); };
    m_nodes[at(slot)].begin = begin;
    m_nodes[at(slot)].end = end;
    m_nodes[at(slot)].width = 2.0 * half;
    m_nodes[at(slot)].mass = end - begin;
    if (end - begin <= kLeafSize || depth >= kMaxDepth) {
        double sx = 0.0, sy = 0.0;
        for (std::int32_t t = begin; t < end; ++t) {
            sx += m_x[at(m_order[at(t)])];
            sy += m_y[at(m_order[at(t)])];
        }
        m_nodes[at(slot)].centreX = sx / (end - begin);
        m_nodes[at(slot)].centreY = sy / (end - begin);
        return;
    }
    auto first = m_order.begin();
    const auto below = [&](std::int32_t i) { return m_y[at(i)] < cy; };
    const auto left = [&](std::int32_t i) { return m_x[at(i)] < cx; };
    const auto midY = static_cast<std::int32_t>(std::partition(first + begin, first + end, below) - first);
    const auto lowSplit = static_cast<std::int32_t>(std::partition(first + begin, first + midY, left) - first);
    const auto highSplit = static_cast<std::int32_t>(std::partition(first + midY, first + end, left) - first);
    const std::int32_t bounds[5] = {begin, lowSplit, midY, highSplit, end};
    const double quarter = 0.5 * half;
    const double centres[4][2] = {{cx - quarter, cy - quarter}, {cx + quarter, cy - quarter},
                                  {cx - quarter, cy + quarter}, {cx + quarter, cy + quarter}};
    const auto firstChild = static_cast<std::int32_t>(m_nodes.size());
    std::int32_t children = 0;
    for (int q = 0; q < 4; ++q)
        children += bounds[q + 1] > bounds[q];
    m_nodes[at(slot)].firstChild = firstChild;
    m_nodes[at(slot)].childCount = children;
    m_nodes.resize(m_nodes.size() + at(children));
    double sx = 0.0, sy = 0.0;
    std::int32_t child = firstChild;
    for (int q = 0; q < 4; ++q) {
        if (bounds[q + 1] == bounds[q])
            continue;
        build(child, bounds[q], bounds[q + 1], centres[q][0], centres[q][1], quarter, depth + 1);
        const Node& built = m_nodes[at(child)];
        sx += built.mass * built.centreX;
        sy += built.mass * built.centreY;
        ++child;
    }
    m_nodes[at(slot)].centreX = sx / (end - begin);
    m_nodes[at(slot)].centreY = sy / (end - begin);
}

void QuadTree::repulsion(std::int32_t t, double theta2, double& sumKernel, double& forceX,
                         double& forceY) const {
    const double xi = m_x[static_cast<std::size_t>(t)], yi = m_y[static_cast<std::size_t>(t)];
    std::int32_t stack[4 * kMaxDepth + 8];
    int top = 0;
    stack[top++] = 0;
    double sum = 0.0, fx = 0.0, fy = 0.0;
    while (top > 0) {
        const Node& node = m_nodes[static_cast<std::size_t>(stack[--top])];
        const bool containsT = t >= node.begin && t < node.end;
        if (!containsT) {
            const double dx = xi - node.centreX, dy = yi - node.centreY;
            const double d2 = dx * dx + dy * dy;
            if (node.width * node.width < theta2 * d2) {
                const double q = 1.0 / (1.0 + d2);
                const double mq = node.mass * q;
                sum += mq;
                fx += mq * q * dx;
                fy += mq * q * dy;
                continue;
            }
        }
        if (node.firstChild < 0) {
            for (std::int32_t p = node.begin; p < node.end; ++p) {
                if (p == t)
                    continue;
                const double dx = xi - m_x[static_cast<std::size_t>(p)];
                const double dy = yi - m_y[static_cast<std::size_t>(p)];
                const double q = 1.0 / (1.0 + dx * dx + dy * dy);
                sum += q;
                fx += q * q * dx;
                fy += q * q * dy;
            }
            continue;
        }
        for (std::int32_t c = 0; c < node.childCount; ++c)
            stack[top++] = node.firstChild + c;
    }
    sumKernel += sum;
    forceX += fx;
    forceY += fy;
}

double barnesHutRepulsion(const RowMatrix& y, double theta, RowMatrix& forces, int threads) {
    const QuadTree tree(y);
    const auto n = y.rows();
    forces.resize(n, 2);
    const int blocks = tsneBlocks(n);
    std::vector<double> partialZ(static_cast<std::size_t>(blocks), 0.0);
    const double theta2 = theta * theta;
    parallelFor(blocks, resolveThreadCount(threads), [&](int b, int) {
        const auto end = static_cast<std::int32_t>(std::min<Eigen::Index>(n, (b + 1) * kTsneBlockRows));
        double z = 0.0;
        for (auto t = static_cast<std::int32_t>(b * kTsneBlockRows); t < end; ++t) {
            double fx = 0.0, fy = 0.0;
            tree.repulsion(t, theta2, z, fx, fy);
            const auto row = tree.order()[static_cast<std::size_t>(t)];
            forces(row, 0) = fx;
            forces(row, 1) = fy;
        }
        partialZ[static_cast<std::size_t>(b)] = z;
    });
    return std::accumulate(partialZ.begin(), partialZ.end(), 0.0);
}

} // namespace microseg::core::detail
