// HDBSCAN (Campello, Moulavi & Sander 2013; McInnes & Healy 2017): validation, the stages in
// order, and the flat result (labels, membership probabilities, GLOSH outlier scores) read off
// the condensed tree as scikit-learn 1.3 does. See microseg/hdbscan.h.
#include "microseg/hdbscan.h"

#include "hdbscan_detail.h"
#include "microseg/kd_tree.h"
#include "parallel_for.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

namespace microseg::core {
namespace {

using Index = Eigen::Index;

Error invalid(const std::string& message, const std::string& value) {
    return Error{ErrorCode::InvalidArgument, message, {}, 0, 0, value};
}

std::optional<Error> validate(const Eigen::Ref<const RowMatrix>& data, const HdbscanOptions& o,
                              int minSamples) {
    if (data.rows() == 0 || data.cols() == 0)
        return invalid("HDBSCAN needs at least one row and one column; the data is " +
                           std::to_string(data.rows()) + " x " + std::to_string(data.cols()) + ".",
                       std::to_string(data.rows()) + "x" + std::to_string(data.cols()));
    if (data.rows() > std::numeric_limits<std::int32_t>::max())
        return invalid("HDBSCAN handles at most 2^31 - 1 rows; the data has " +
                           std::to_string(data.rows()) + ".",
                       std::to_string(data.rows()));
    if (o.minClusterSize < 2)
        return invalid("min_cluster_size = " + std::to_string(o.minClusterSize) +
                           " must be at least 2.",
                       std::to_string(o.minClusterSize));
    if (o.minSamples < 0)
        return invalid("min_samples = " + std::to_string(o.minSamples) +
                           " must be at least 1 (or 0 for min_cluster_size).",
                       std::to_string(o.minSamples));
    if (minSamples > data.rows())
        return invalid("min_samples = " + std::to_string(minSamples) +
                           (o.minSamples == 0 ? " (defaulting to min_cluster_size)" : "") +
                           " must be at most the number of rows, " + std::to_string(data.rows()) +
                           ".",
                       std::to_string(minSamples));
    if (o.threads < 0)
        return invalid("threads = " + std::to_string(o.threads) + " must be 0 (all cores) or more.",
                       std::to_string(o.threads));
    if (!data.allFinite())
        return invalid("HDBSCAN needs finite values; the data contains NaN or infinity.", "NaN");
    return std::nullopt;
}

/// Labels, probabilities and outlier scores from the condensed tree and the selection.
void flatten(HdbscanResult& r, std::int64_t n, bool allowSingleCluster) {
    const auto count = static_cast<std::size_t>(n);
    const std::size_t clusters = r.stabilities.size();
    r.labels.assign(count, -1);
    r.probabilities.assign(count, 0.0);
    r.outlierScores.assign(count, 0.0);
    if (r.condensedTree.empty())
        return;
    std::vector<std::int64_t> parent(clusters, 0);
    std::vector<double> death(clusters, 0.0); // largest lambda of a row leaving each cluster
    for (const HdbscanCondensedRow& row : r.condensedTree) {
        if (row.child >= n)
            parent[static_cast<std::size_t>(row.child - n)] = row.parent;
        double& d = death[static_cast<std::size_t>(row.parent - n)];
        d = std::max(d, row.lambda);
    }
    std::vector<std::int32_t> labelOf(clusters, -1);
    for (std::size_t i = 0; i < r.selectedClusters.size(); ++i)
        labelOf[static_cast<std::size_t>(r.selectedClusters[i] - n)] = static_cast<std::int32_t>(i);
    // top[c]: the nearest selected cluster at or above c, else the root (index 0). Parents have
    // smaller ids than their children, so one increasing pass settles it.
    std::vector<std::size_t> top(clusters, 0);
    for (std::size_t c = 1; c < clusters; ++c)
        top[c] = labelOf[c] >= 0 ? c : top[static_cast<std::size_t>(parent[c] - n)];
    const bool singleRoot = r.selectedClusters.size() == 1 && allowSingleCluster;
    // GLOSH: the largest lambda anywhere in each cluster's subtree (children before parents).
    std::vector<double> subtreeDeath = death;
    for (std::size_t c = clusters; c-- > 1;) {
        double& up = subtreeDeath[static_cast<std::size_t>(parent[c] - n)];
        up = std::max(up, subtreeDeath[c]);
    }
    for (const HdbscanCondensedRow& row : r.condensedTree) {
        if (row.child >= n)
            continue;
        const auto point = static_cast<std::size_t>(row.child);
        const auto left = static_cast<std::size_t>(row.parent - n);
        const std::size_t owner = labelOf[left] >= 0 ? left : top[left];
        // A point reaching the unselected root is noise; with the root as the single allowed
        // cluster, only points that stay in it until its last lambda belong (scikit-learn).
        if (labelOf[owner] >= 0 && (owner != 0 || !singleRoot || row.lambda >= death[0]))
            r.labels[point] = labelOf[owner];
        if (r.labels[point] >= 0) {
            const double maxLambda = death[owner];
            r.probabilities[point] = (maxLambda == 0.0 || std::isinf(row.lambda))
                                         ? 1.0
                                         : std::min(row.lambda, maxLambda) / maxLambda;
        }
        const double lambdaMax = subtreeDeath[left];
        if (std::isinf(row.lambda) || lambdaMax == 0.0)
            r.outlierScores[point] = 0.0;
        else if (std::isinf(lambdaMax))
            r.outlierScores[point] = 1.0;
        else
            r.outlierScores[point] = (lambdaMax - row.lambda) / lambdaMax;
    }
}

} // namespace

Result<HdbscanResult> hdbscan(const Eigen::Ref<const RowMatrix>& data,
                              const HdbscanOptions& options, Progress& progress,
                              const CancelToken& cancel) {
    const int minSamples = options.minSamples == 0 ? options.minClusterSize : options.minSamples;
    if (auto error = validate(data, options, minSamples))
        return *error;
    const Index n = data.rows();
    const int threads = detail::resolveThreadCount(options.threads);
    HdbscanResult result;
    progress.report(0.0, "HDBSCAN: core distances");
    {
        const KdTree tree(data, KdTree::defaultLeafSize(data.cols()));
        detail::CoreDistances core;
        if (!detail::hdbscanCoreDistances(tree, minSamples, threads, progress, 0.0, 0.3, cancel,
                                          core))
            return cancelledError();
        progress.report(0.3, "HDBSCAN: minimum spanning tree");
        if (!detail::hdbscanSpanningTree(tree, core, threads, progress, 0.3, 0.95, cancel,
                                         result.spanningTree))
            return cancelledError();
        result.coreDistances = std::move(core.distances);
    }
    if (static_cast<Index>(result.spanningTree.size()) != n - 1) // a bug, not a user error
        throw std::logic_error("HDBSCAN: the spanning tree has " +
                               std::to_string(result.spanningTree.size()) + " edges for " +
                               std::to_string(n) + " rows");
    for (const HdbscanEdge& edge : result.spanningTree)
        result.spanningTreeWeight += edge.distance;
    if (cancel.isCancelled())
        return cancelledError();
    progress.report(0.95, "HDBSCAN: condensed tree");
    const auto merges = detail::singleLinkage(result.spanningTree, n);
    result.condensedTree = detail::condenseTree(merges, n, options.minClusterSize);
    result.stabilities = detail::clusterStabilities(result.condensedTree, n);
    result.selectedClusters = detail::selectClusters(result.condensedTree, result.stabilities, n,
                                                     options.selection, options.allowSingleCluster);
    if (result.condensedTree.empty()) // one row: no hierarchy, nothing to select
        result.selectedClusters.clear();
    flatten(result, n, options.allowSingleCluster);
    result.clusters = static_cast<int>(result.selectedClusters.size());
    result.noise = std::count(result.labels.begin(), result.labels.end(), -1);
    progress.report(1.0, "HDBSCAN: done");
    return result;
}

} // namespace microseg::core
