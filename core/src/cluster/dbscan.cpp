// DBSCAN (Ester et al. 1996) in bounded memory: core flags from capped neighbour counts, core
// components by a concurrent union-find over a k-d tree of the core points, border points by
// the lowest cluster number within eps. See dbscan.h for the semantics and scikit-learn parity.
#include "microseg/dbscan.h"

#include "microseg/kd_tree.h"
#include "parallel_for.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <utility>

namespace microseg::core {
namespace {

using Index = Eigen::Index;
constexpr Index kQueryBlock = 256; // queries between two cancel polls / progress reports
constexpr int kMaxDepth = 128;

Error invalid(const std::string& message, const std::string& value) {
    return Error{ErrorCode::InvalidArgument, message, {}, 0, 0, value};
}

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

std::optional<Error> validate(const Eigen::Ref<const RowMatrix>& data, const DbscanOptions& o) {
    if (data.rows() == 0 || data.cols() == 0)
        return invalid("DBSCAN needs at least one row and one column; the data is " +
                           std::to_string(data.rows()) + " x " + std::to_string(data.cols()) + ".",
                       std::to_string(data.rows()) + "x" + std::to_string(data.cols()));
    if (data.rows() > std::numeric_limits<std::int32_t>::max())
        return invalid("DBSCAN handles at most 2^31 - 1 rows; the data has " +
                           std::to_string(data.rows()) + ".",
                       std::to_string(data.rows()));
    if (!(o.eps > 0.0) || !std::isfinite(o.eps))
        return invalid("The neighbourhood radius eps = " + number(o.eps) +
                           " must be a finite number greater than 0.",
                       number(o.eps));
    if (o.minSamples < 1)
        return invalid("minSamples = " + std::to_string(o.minSamples) + " must be at least 1.",
                       std::to_string(o.minSamples));
    if (o.threads < 0)
        return invalid("threads = " + std::to_string(o.threads) + " must be 0 (all cores) or more.",
                       std::to_string(o.threads));
    if (!data.allFinite())
        return invalid("DBSCAN needs finite values; the data contains NaN or infinity.", "NaN");
    return std::nullopt;
}

/// Runs body(begin, end) over blocks of kQueryBlock positions of [0, count), polling `cancel`
/// before each block and reporting progress in [from, to]. False when cancelled.
template <typename Body>
bool forBlocks(Index count, int threads, Progress& progress, double from, double to,
               const CancelToken& cancel, Body&& body) {
    const auto blocks = static_cast<int>((count + kQueryBlock - 1) / kQueryBlock);
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    detail::parallelFor(blocks, threads, [&](int b, int worker) {
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

/// Union-find on indices with lock-free linking (the larger root goes under the smaller one)
/// and path halving. Components do not depend on the order of the unions.
class ConcurrentUnionFind {
  public:
    explicit ConcurrentUnionFind(Index n) : m_parent(static_cast<std::size_t>(n)) {
        for (Index i = 0; i < n; ++i)
            m_parent[static_cast<std::size_t>(i)].store(static_cast<std::int32_t>(i),
                                                        std::memory_order_relaxed);
    }
    std::int32_t find(std::int32_t x) {
        for (;;) {
            std::int32_t p = at(x).load(std::memory_order_relaxed);
            if (p == x)
                return x;
            const std::int32_t g = at(p).load(std::memory_order_relaxed);
            if (g != p) // halving: point x at its grandparent (still an ancestor)
                at(x).compare_exchange_weak(p, g, std::memory_order_relaxed);
            x = g;
        }
    }
    void unite(std::int32_t a, std::int32_t b) {
        for (;;) {
            a = find(a);
            b = find(b);
            if (a == b)
                return;
            if (a < b)
                std::swap(a, b);
            std::int32_t expected = a;
            if (at(a).compare_exchange_strong(expected, b, std::memory_order_relaxed))
                return;
        }
    }

  private:
    std::atomic<std::int32_t>& at(std::int32_t i) { return m_parent[static_cast<std::size_t>(i)]; }
    std::vector<std::atomic<std::int32_t>> m_parent;
};

double squaredDistance(const double* a, const double* b, Index d) {
    double sum = 0.0;
    for (Index j = 0; j < d; ++j) {
        const double t = a[j] - b[j];
        sum += t * t;
    }
    return sum;
}

/// True when every point of `node` is in one set (read now; sets only merge, so a true answer
/// stays true). For an inner node, asks its children's flags.
bool oneComponent(const KdTree& tree, const KdTree::Node& node, ConcurrentUnionFind& sets,
                  const std::vector<std::atomic<std::uint8_t>>& connected) {
    if (!node.isLeaf()) {
        const auto& right = tree.nodes()[static_cast<std::size_t>(node.right)];
        return connected[static_cast<std::size_t>(node.left)].load(std::memory_order_acquire) &&
               connected[static_cast<std::size_t>(node.right)].load(std::memory_order_acquire) &&
               sets.find(static_cast<std::int32_t>(node.begin)) ==
                   sets.find(static_cast<std::int32_t>(right.begin));
    }
    const std::int32_t root = sets.find(static_cast<std::int32_t>(node.begin));
    for (Index q = node.begin + 1; q < node.end; ++q)
        if (sets.find(static_cast<std::int32_t>(q)) != root)
            return false;
    return true;
}

/// Pass 2: joins every core point with the core points within eps. `tree` holds the core points
/// only; union-find indices are tree positions. A node known to be one component (flag set once,
/// never reset) is skipped when it is the query's component, and joined through one point when
/// it lies inside the ball.
bool joinCorePoints(const KdTree& tree, double r2, ConcurrentUnionFind& sets, int threads,
                    Progress& progress, const CancelToken& cancel) {
    const auto& nodes = tree.nodes();
    const Index d = tree.dims();
    std::vector<std::atomic<std::uint8_t>> connected(nodes.size());
    for (auto& flag : connected)
        flag.store(0, std::memory_order_relaxed);
    return forBlocks(tree.size(), threads, progress, 0.45, 0.9, cancel, [&](Index b, Index e) {
        std::int32_t stack[kMaxDepth];
        for (Index p = b; p < e; ++p) {
            const auto self = static_cast<std::int32_t>(p);
            const double* query = tree.points().row(p).data();
            int top = 0;
            stack[top++] = 0;
            while (top > 0) {
                const std::int32_t id = stack[--top];
                const KdTree::Node& node = nodes[static_cast<std::size_t>(id)];
                const auto first = static_cast<std::int32_t>(node.begin);
                auto& flag = connected[static_cast<std::size_t>(id)];
                bool whole = flag.load(std::memory_order_acquire) != 0;
                if (!whole && oneComponent(tree, node, sets, connected)) {
                    flag.store(1, std::memory_order_release);
                    whole = true;
                }
                if (whole && sets.find(first) == sets.find(self))
                    continue; // nothing new to join here
                const auto [nearest, farthest] = tree.distanceRangeSquared(id, query);
                if (nearest > r2)
                    continue;
                if (farthest <= r2) {
                    if (whole) {
                        sets.unite(self, first);
                    } else {
                        for (Index q = node.begin; q < node.end; ++q)
                            sets.unite(self, static_cast<std::int32_t>(q));
                        flag.store(1, std::memory_order_release);
                    }
                    continue;
                }
                if (node.isLeaf()) {
                    // Symmetric edges: the pair (q, p) with q < p was tried from q's query.
                    // Points already in our set need no distance.
                    std::int32_t root = sets.find(self);
                    for (Index q = std::max(node.begin, p + 1); q < node.end; ++q) {
                        const auto other = static_cast<std::int32_t>(q);
                        if (sets.find(other) != root &&
                            squaredDistance(tree.points().row(q).data(), query, d) <= r2) {
                            sets.unite(self, other);
                            root = sets.find(self);
                        }
                    }
                    continue;
                }
                stack[top++] = node.right;
                stack[top++] = node.left;
            }
        }
    });
}

/// Pass 3: the lowest cluster number among the core points within eps of `query`, or -1.
/// `nodeMin[v]` is the lowest label in node v.
std::int32_t lowestLabelWithin(const KdTree& tree, const std::vector<std::int32_t>& coreLabel,
                               const std::vector<std::int32_t>& nodeMin, const double* query,
                               double r2) {
    const auto& nodes = tree.nodes();
    const Index d = tree.dims();
    std::int32_t best = std::numeric_limits<std::int32_t>::max();
    std::int32_t stack[kMaxDepth];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const std::int32_t id = stack[--top];
        if (nodeMin[static_cast<std::size_t>(id)] >= best)
            continue;
        const auto [nearest, farthest] = tree.distanceRangeSquared(id, query);
        if (nearest > r2)
            continue;
        const KdTree::Node& node = nodes[static_cast<std::size_t>(id)];
        if (farthest <= r2) {
            best = nodeMin[static_cast<std::size_t>(id)];
            continue;
        }
        if (node.isLeaf()) {
            for (Index q = node.begin; q < node.end; ++q)
                if (coreLabel[static_cast<std::size_t>(q)] < best &&
                    squaredDistance(tree.points().row(q).data(), query, d) <= r2)
                    best = coreLabel[static_cast<std::size_t>(q)];
            continue;
        }
        // Visit the child with the lower label first: it tightens `best` sooner.
        const bool leftFirst = nodeMin[static_cast<std::size_t>(node.left)] <=
                               nodeMin[static_cast<std::size_t>(node.right)];
        stack[top++] = leftFirst ? node.right : node.left;
        stack[top++] = leftFirst ? node.left : node.right;
    }
    return best == std::numeric_limits<std::int32_t>::max() ? -1 : best;
}

} // namespace

Result<DbscanResult> dbscan(const Eigen::Ref<const RowMatrix>& data, const DbscanOptions& options,
                            Progress& progress, const CancelToken& cancel) {
    if (auto error = validate(data, options))
        return *error;
    if (cancel.isCancelled())
        return cancelledError();
    try {
        const int threads = detail::resolveThreadCount(options.threads);
        const Index n = data.rows();
        const Index d = data.cols();
        const double r2 = options.eps * options.eps;
        progress.report(0.0, "DBSCAN: core points");

        // Pass 1: core flags from neighbour counts capped at minSamples.
        std::vector<std::uint8_t> isCore(static_cast<std::size_t>(n), 0);
        {
            const KdTree tree(data, KdTree::defaultLeafSize(d));
            const Index limit = options.minSamples;
            const bool ok =
                forBlocks(n, threads, progress, 0.0, 0.45, cancel, [&](Index b, Index e) {
                    for (Index p = b; p < e; ++p)
                        if (tree.countWithin(tree.points().row(p).data(), options.eps, limit) >=
                            limit)
                            isCore[static_cast<std::size_t>(tree.rows()[p])] = 1;
                });
            if (!ok)
                return cancelledError();
        }
        DbscanResult out;
        for (Index i = 0; i < n; ++i)
            if (isCore[static_cast<std::size_t>(i)])
                out.coreSampleIndices.push_back(i);
        const auto nCore = static_cast<Index>(out.coreSampleIndices.size());
        out.labels.assign(static_cast<std::size_t>(n), -1);

        if (nCore > 0) {
            // Pass 2: components of the core points.
            progress.report(0.45, "DBSCAN: joining core points");
            RowMatrix corePoints(nCore, d);
            for (Index c = 0; c < nCore; ++c)
                corePoints.row(c) = data.row(out.coreSampleIndices[static_cast<std::size_t>(c)]);
            const KdTree coreTree(corePoints, KdTree::defaultLeafSize(d));
            corePoints = RowMatrix();
            ConcurrentUnionFind sets(nCore);
            if (!joinCorePoints(coreTree, r2, sets, threads, progress, cancel))
                return cancelledError();

            // Number the components by their lowest-index core point (scikit-learn's order).
            // Tree position -> core index c (increasing rows) via coreTree.rows().
            std::vector<std::int32_t> rootOfCore(static_cast<std::size_t>(nCore));
            for (Index p = 0; p < nCore; ++p)
                rootOfCore[static_cast<std::size_t>(coreTree.rows()[p])] =
                    sets.find(static_cast<std::int32_t>(p));
            std::vector<std::int32_t> clusterOfRoot(static_cast<std::size_t>(nCore), -1);
            for (Index c = 0; c < nCore; ++c) {
                std::int32_t& cluster = clusterOfRoot[static_cast<std::size_t>(
                    rootOfCore[static_cast<std::size_t>(c)])];
                if (cluster < 0)
                    cluster = out.clusters++;
                out.labels[static_cast<std::size_t>(
                    out.coreSampleIndices[static_cast<std::size_t>(c)])] = cluster;
            }

            // Pass 3: border points take the lowest cluster number within eps.
            progress.report(0.9, "DBSCAN: border points");
            std::vector<std::int32_t> coreLabel(static_cast<std::size_t>(nCore));
            for (Index p = 0; p < nCore; ++p)
                coreLabel[static_cast<std::size_t>(p)] = out.labels[static_cast<std::size_t>(
                    out.coreSampleIndices[static_cast<std::size_t>(coreTree.rows()[p])])];
            const auto& nodes = coreTree.nodes();
            std::vector<std::int32_t> nodeMin(nodes.size());
            for (std::size_t v = nodes.size(); v-- > 0;) { // children come after their parent
                const KdTree::Node& node = nodes[v];
                if (node.isLeaf())
                    nodeMin[v] = *std::min_element(coreLabel.begin() + node.begin,
                                                   coreLabel.begin() + node.end);
                else
                    nodeMin[v] = std::min(nodeMin[static_cast<std::size_t>(node.left)],
                                          nodeMin[static_cast<std::size_t>(node.right)]);
            }
            const bool ok =
                forBlocks(n, threads, progress, 0.9, 1.0, cancel, [&](Index b, Index e) {
                    for (Index i = b; i < e; ++i)
                        if (!isCore[static_cast<std::size_t>(i)])
                            out.labels[static_cast<std::size_t>(i)] = lowestLabelWithin(
                                coreTree, coreLabel, nodeMin, data.row(i).data(), r2);
                });
            if (!ok)
                return cancelledError();
        }
        out.noise = std::count(out.labels.begin(), out.labels.end(), -1);
        progress.report(1.0);
        return out;
    } catch (const std::bad_alloc&) {
        return invalid("Not enough memory for DBSCAN on " + std::to_string(data.rows()) + " x " +
                           std::to_string(data.cols()) + " rows.",
                       std::to_string(data.rows()));
    }
}

} // namespace microseg::core
