// Steps shared by Lloyd and Elkan: block plan, empty-cluster relocation, centre averaging,
// centre shift, inertia. Each mirrors the scikit-learn 1.2.1 helper named in its comment.
#include "kmeans_detail.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace microseg::core::detail {

BlockPlan makeBlockPlan(Index rows, Index k, Index d) {
    constexpr Index kMinRows = 512;
    constexpr Index kMaxBlocks = 64;
    constexpr Index kPartialBudget = Index{4} << 20; // doubles of per-block sums (32 MB)
    Index blocks = std::clamp<Index>((rows + kMinRows - 1) / kMinRows, 1, kMaxBlocks);
    const Index perBlock = std::max<Index>(1, k * (d + 1));
    blocks = std::clamp<Index>(std::min(blocks, kPartialBudget / perBlock), 1, kMaxBlocks);
    BlockPlan plan;
    plan.rows = rows;
    plan.blockSize = std::max<Index>(1, (rows + blocks - 1) / blocks);
    plan.blocks =
        static_cast<int>(std::max<Index>(1, (rows + plan.blockSize - 1) / plan.blockSize));
    return plan;
}

void relocateEmptyClusters(const ConstRowRef& data, const RowMatrix& oldCentres,
                           const std::vector<std::int32_t>& labels, ClusterSums& sums) {
    const Index k = sums.counts.size();
    std::vector<Index> empty;
    for (Index j = 0; j < k; ++j)
        if (sums.counts[j] == 0.0)
            empty.push_back(j);
    if (empty.empty())
        return;
    const Index n = data.rows();
    const Index d = data.cols();
    std::vector<double> distance(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i)
        distance[i] = squaredDistance(data.row(i).data(), oldCentres.row(labels[i]).data(), d);
    // scikit-learn takes the n_empty largest with np.argpartition, whose order among them is
    // unspecified; we take them in decreasing distance (lower index first on ties), which is the
    // same whenever a single cluster is empty and is deterministic otherwise.
    const Index nEmpty = std::min<Index>(static_cast<Index>(empty.size()), n);
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index{0});
    std::partial_sort(order.begin(), order.begin() + nEmpty, order.end(), [&](Index a, Index b) {
        return distance[a] > distance[b] || (distance[a] == distance[b] && a < b);
    });
    for (Index e = 0; e < nEmpty; ++e) {
        const Index target = empty[e];
        const Index far = order[e];
        const Index source = labels[far];
        sums.sums.row(source) -= data.row(far);
        sums.sums.row(target) = data.row(far);
        sums.counts[target] = 1.0;
        sums.counts[source] -= 1.0;
    }
}

void averageCentres(ClusterSums& sums) {
    for (Index j = 0; j < sums.counts.size(); ++j)
        if (sums.counts[j] > 0.0)
            sums.sums.row(j) *= 1.0 / sums.counts[j];
}

Eigen::VectorXd centreShift(const RowMatrix& oldCentres, const RowMatrix& newCentres) {
    Eigen::VectorXd shift(oldCentres.rows());
    for (Index j = 0; j < oldCentres.rows(); ++j)
        shift[j] = std::sqrt(
            squaredDistance(oldCentres.row(j).data(), newCentres.row(j).data(), oldCentres.cols()));
    return shift;
}

double inertia(const ConstRowRef& data, const RowMatrix& centres,
               const std::vector<std::int32_t>& labels, const BlockPlan& plan, int threads) {
    std::vector<double> partial(static_cast<std::size_t>(plan.blocks), 0.0);
    const Index d = data.cols();
    parallelFor(plan.blocks, threads, [&](int b, int) {
        double sum = 0.0;
        for (Index i = plan.begin(b); i < plan.end(b); ++i)
            sum += squaredDistance(data.row(i).data(), centres.row(labels[i]).data(), d);
        partial[b] = sum;
    });
    return std::accumulate(partial.begin(), partial.end(), 0.0);
}

void reduceBlocks(const std::vector<ClusterSums>& partial, ClusterSums& total) {
    total.sums.setZero();
    total.counts.setZero();
    for (const ClusterSums& block : partial) {
        total.sums += block.sums;
        total.counts += block.counts;
    }
}

} // namespace microseg::core::detail
