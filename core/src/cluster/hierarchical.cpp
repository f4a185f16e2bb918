// Hierarchical clustering driver: argument checks, dispatch to NN-chain / MST, SciPy's
// post-processing of the merges (stable sort by height, union-find relabelling), flat cuts with
// SciPy's fcluster numbering, and the dendrogram leaf order.
#include "hierarchical_detail.h"
#include "parallel_for.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <numeric>
#include <optional>
#include <string>

namespace microseg::core {
namespace {

Error invalid(const std::string& message, const std::string& value) {
    return Error{ErrorCode::InvalidArgument, message, {}, 0, 0, value};
}

std::string mebibytes(double bytes) {
    return std::to_string(static_cast<long long>(std::ceil(bytes / (1024.0 * 1024.0)))) + " MiB";
}

std::optional<Error> validate(const Eigen::Ref<const RowMatrix>& data,
                              const HierarchicalOptions& o) {
    const auto n = data.rows();
    if (n < 2 || data.cols() == 0)
        return invalid("Hierarchical clustering needs at least two rows and one column; the data "
                       "is " +
                           std::to_string(n) + " x " + std::to_string(data.cols()) + ".",
                       std::to_string(n) + "x" + std::to_string(data.cols()));
    if (o.threads < 0)
        return invalid("threads = " + std::to_string(o.threads) + " must be 0 (all cores) or more.",
                       std::to_string(o.threads));
    if (o.linkage == Linkage::Average || o.linkage == Linkage::Complete) {
        const double bytes = 4.0 * static_cast<double>(n) * static_cast<double>(n - 1);
        if (bytes > o.maxMatrixBytes)
            return invalid(std::string(linkageName(o.linkage)) + " linkage on " +
                               std::to_string(n) + " rows needs a distance matrix of " +
                               mebibytes(bytes) + " (n(n-1)/2 doubles), more than the limit of " +
                               mebibytes(o.maxMatrixBytes) +
                               "; use Ward or single linkage, which need no matrix, or fewer rows.",
                           std::to_string(n));
    }
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < data.cols(); ++j)
            if (!std::isfinite(data(i, j)))
                return invalid("Hierarchical clustering needs finite values; row " +
                                   std::to_string(i + 1) + ", column " + std::to_string(j + 1) +
                                   " is " + std::to_string(data(i, j)) + ".",
                               std::to_string(data(i, j)));
    return std::nullopt;
}

/// Height of the highest merge below each cluster (SciPy's maxdists): equals the height for the
/// monotone trees made here, and keeps the cuts well defined for any tree.
std::vector<double> maxDists(const LinkageTree& tree) {
    const std::int64_t n = tree.observations;
    std::vector<double> md(tree.merges.size());
    for (std::size_t i = 0; i < md.size(); ++i) {
        const Merge& m = tree.merges[i];
        double value = m.height;
        for (const std::int64_t child : {m.a, m.b})
            if (child >= n)
                value = std::max(value, md[static_cast<std::size_t>(child - n)]);
        md[i] = value;
    }
    return md;
}

std::optional<Error> validateTree(const LinkageTree& tree) {
    const std::int64_t n = tree.observations;
    if (n < 1 || static_cast<std::int64_t>(tree.merges.size()) != n - 1)
        return invalid("A merge tree of " + std::to_string(n) + " observations must have " +
                           std::to_string(n - 1) + " merges; it has " +
                           std::to_string(tree.merges.size()) + ".",
                       std::to_string(tree.merges.size()));
    for (std::size_t i = 0; i < tree.merges.size(); ++i) {
        const Merge& m = tree.merges[i];
        const std::int64_t limit = n + static_cast<std::int64_t>(i); // clusters formed so far
        if (m.a < 0 || m.b < 0 || m.a >= limit || m.b >= limit || m.a == m.b)
            return invalid("Merge " + std::to_string(i) + " refers to a cluster not yet formed.",
                           std::to_string(m.a) + "," + std::to_string(m.b));
    }
    return std::nullopt;
}

/// SciPy's cluster_monocrit: a depth-first walk from the root, left child first; a flat cluster
/// is numbered when its topmost node with criterion <= cutoff is reached, a leaf outside any such
/// node when its parent is finished. Returns 0-based labels.
std::vector<std::int32_t> monocritCut(const LinkageTree& tree, const std::vector<double>& mc,
                                      double cutoff) {
    const std::int64_t n = tree.observations;
    std::vector<std::int32_t> labels(static_cast<std::size_t>(n), 0);
    if (n == 1)
        return labels;
    std::vector<char> visited(static_cast<std::size_t>(2 * n - 1), 0);
    std::vector<std::int64_t> stack{2 * n - 2};
    std::int32_t clusters = 0;
    std::int64_t leader = -1;
    while (!stack.empty()) {
        const std::int64_t root = stack.back() - n;
        const Merge& m = tree.merges[static_cast<std::size_t>(root)];
        if (leader == -1 && mc[static_cast<std::size_t>(root)] <= cutoff) {
            leader = root;
            ++clusters;
        }
        bool descended = false;
        for (const std::int64_t child : {m.a, m.b}) {
            if (child >= n && !visited[static_cast<std::size_t>(child)]) {
                visited[static_cast<std::size_t>(child)] = 1;
                stack.push_back(child);
                descended = true;
                break;
            }
        }
        if (descended)
            continue;
        for (const std::int64_t child : {m.a, m.b}) {
            if (child < n) {
                if (leader == -1)
                    ++clusters;
                labels[static_cast<std::size_t>(child)] = clusters - 1;
            }
        }
        if (leader == root)
            leader = -1;
        stack.pop_back();
    }
    return labels;
}

} // namespace

const char* linkageName(Linkage linkage) {
    switch (linkage) {
    case Linkage::Ward:
        return "Ward";
    case Linkage::Average:
        return "Average";
    case Linkage::Complete:
        return "Complete";
    case Linkage::Single:
        return "Single";
    }
    return "?";
}

namespace detail {

LinkageTree finishTree(std::int64_t n, std::vector<RawMerge> raw) {
    std::stable_sort(raw.begin(), raw.end(),
                     [](const RawMerge& l, const RawMerge& r) { return l.height < r.height; });
    // Union-find over 2n - 1 clusters; merge i creates cluster n + i (SciPy's LinkageUnionFind).
    std::vector<std::int64_t> parent(static_cast<std::size_t>(2 * n - 1));
    std::iota(parent.begin(), parent.end(), std::int64_t{0});
    std::vector<std::int64_t> size(static_cast<std::size_t>(2 * n - 1), 1);
    auto find = [&](std::int64_t x) {
        std::int64_t root = x;
        while (parent[static_cast<std::size_t>(root)] != root)
            root = parent[static_cast<std::size_t>(root)];
        while (parent[static_cast<std::size_t>(x)] != root) { // path compression
            const std::int64_t next = parent[static_cast<std::size_t>(x)];
            parent[static_cast<std::size_t>(x)] = root;
            x = next;
        }
        return root;
    };
    LinkageTree tree;
    tree.observations = n;
    tree.merges.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const std::int64_t rx = find(raw[i].x);
        const std::int64_t ry = find(raw[i].y);
        const std::int64_t created = n + static_cast<std::int64_t>(i);
        parent[static_cast<std::size_t>(rx)] = created;
        parent[static_cast<std::size_t>(ry)] = created;
        size[static_cast<std::size_t>(created)] =
            size[static_cast<std::size_t>(rx)] + size[static_cast<std::size_t>(ry)];
        tree.merges.push_back({std::min(rx, ry), std::max(rx, ry), raw[i].height,
                               size[static_cast<std::size_t>(created)]});
    }
    return tree;
}

} // namespace detail

Result<LinkageTree> agglomerative(const Eigen::Ref<const RowMatrix>& data,
                                  const HierarchicalOptions& options, Progress& progress,
                                  const CancelToken& cancel) {
    if (auto error = validate(data, options))
        return *error;
    if (cancel.isCancelled())
        return cancelledError();
    try {
        const std::int64_t n = data.rows();
        progress.report(0.0, std::string(linkageName(options.linkage)) + " linkage");
        detail::MergeMonitor monitor{&progress, &cancel, 0.0, 0.95, n - 1};
        std::vector<detail::RawMerge> raw;
        switch (options.linkage) {
        case Linkage::Ward:
            raw = detail::nnChainWard(data, monitor);
            break;
        case Linkage::Single:
            raw = detail::primSingle(data, monitor);
            break;
        case Linkage::Average:
        case Linkage::Complete:
            raw = detail::nnChainMatrix(data, options.linkage,
                                        detail::resolveThreadCount(options.threads), monitor);
            break;
        }
        if (raw.empty() || cancel.isCancelled())
            return cancelledError();
        LinkageTree tree = detail::finishTree(n, std::move(raw));
        progress.report(1.0);
        return tree;
    } catch (const std::bad_alloc&) {
        return invalid("Not enough memory for " + std::string(linkageName(options.linkage)) +
                           " linkage on " + std::to_string(data.rows()) + " rows.",
                       std::to_string(data.rows()));
    }
}

Result<std::vector<std::int32_t>> cutAtClusterCount(const LinkageTree& tree, std::int64_t k) {
    if (auto error = validateTree(tree))
        return *error;
    if (k < 1)
        return invalid("The number of clusters k = " + std::to_string(k) + " must be at least 1.",
                       std::to_string(k));
    const std::int64_t n = tree.observations;
    const std::vector<double> md = maxDists(tree);
    // The lowest threshold among the merge heights leaving at most k clusters: every merge with
    // criterion <= t is applied, so ties may leave fewer than k clusters (as in SciPy).
    double cutoff = -std::numeric_limits<double>::infinity();
    if (k < n) {
        std::vector<double> sorted = md;
        std::sort(sorted.begin(), sorted.end());
        cutoff = sorted[static_cast<std::size_t>(n - k - 1)];
    }
    return monocritCut(tree, md, cutoff);
}

Result<std::vector<std::int32_t>> cutAtHeight(const LinkageTree& tree, double height) {
    if (auto error = validateTree(tree))
        return *error;
    if (std::isnan(height))
        return invalid("The cut height must be a number; it is NaN.", "NaN");
    return monocritCut(tree, maxDists(tree), height);
}

std::vector<std::int64_t> dendrogramLeafOrder(const LinkageTree& tree) {
    const std::int64_t n = tree.observations;
    std::vector<std::int64_t> order;
    if (validateTree(tree))
        return order;
    order.reserve(static_cast<std::size_t>(n));
    std::vector<std::int64_t> stack{n == 1 ? 0 : 2 * n - 2};
    while (!stack.empty()) { // pre-order, left (a) before right (b)
        const std::int64_t node = stack.back();
        stack.pop_back();
        if (node < n) {
            order.push_back(node);
            continue;
        }
        const Merge& m = tree.merges[static_cast<std::size_t>(node - n)];
        stack.push_back(m.b);
        stack.push_back(m.a);
    }
    return order;
}

} // namespace microseg::core
