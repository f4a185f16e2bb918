// Label validation, Davies-Bouldin, Calinski-Harabasz and the Dunn index. Silhouette is in
// silhouette.cpp.
#include "cluster_metrics_detail.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>

namespace microseg::core::detail {

Result<EncodedLabels> encodeLabels(const Eigen::Ref<const RowMatrix>& data,
                                   const std::vector<std::int32_t>& labels, const char* metric,
                                   const std::vector<Eigen::Index>& subset) {
    const auto invalid = [](std::string message, std::string value) {
        return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
    };
    if (static_cast<Eigen::Index>(labels.size()) != data.rows())
        return invalid(std::string(metric) +
                           " needs one label per row: " + std::to_string(labels.size()) +
                           " labels for " + std::to_string(data.rows()) + " rows.",
                       std::to_string(labels.size()));
    if (!data.allFinite())
        return invalid(std::string(metric) + " needs finite values; the data contains NaN or "
                                             "infinity.",
                       "NaN");
    EncodedLabels out;
    std::map<std::int32_t, std::int32_t> codeOf;
    const auto visit = [&](Eigen::Index i) -> std::optional<Error> {
        const std::int32_t label = labels[static_cast<std::size_t>(i)];
        if (label < -1)
            return invalid("Label " + std::to_string(label) + " of row " + std::to_string(i + 1) +
                               " is invalid: labels are clusters >= 0, or -1 for noise.",
                           std::to_string(label));
        if (label >= 0) {
            out.rows.push_back(i);
            codeOf.emplace(label, 0);
        }
        return std::nullopt;
    };
    if (subset.empty()) {
        for (Eigen::Index i = 0; i < data.rows(); ++i)
            if (auto error = visit(i))
                return *error;
    } else {
        for (Eigen::Index i : subset)
            if (auto error = visit(i))
                return *error;
    }
    std::int32_t next = 0;
    for (auto& entry : codeOf)
        entry.second = next++;
    const auto m = static_cast<Eigen::Index>(out.rows.size());
    if (next < 2 || next > m - 1)
        return invalid(std::string(metric) + " needs between 2 and n - 1 clusters; there are " +
                           std::to_string(next) + " clusters among " + std::to_string(m) +
                           " non-noise rows.",
                       std::to_string(next));
    out.sizes.assign(static_cast<std::size_t>(next), 0);
    out.codes.reserve(out.rows.size());
    for (Eigen::Index i : out.rows) {
        const std::int32_t code = codeOf[labels[static_cast<std::size_t>(i)]];
        out.codes.push_back(code);
        ++out.sizes[static_cast<std::size_t>(code)];
    }
    return out;
}

} // namespace microseg::core::detail

namespace microseg::core {
namespace {

using Index = Eigen::Index;

/// Per-cluster means (centroids) of the encoded rows, summed in row order.
RowMatrix clusterMeans(const Eigen::Ref<const RowMatrix>& data, const detail::EncodedLabels& e) {
    RowMatrix means = RowMatrix::Zero(e.clusters(), data.cols());
    for (std::size_t r = 0; r < e.rows.size(); ++r)
        means.row(e.codes[r]) += data.row(e.rows[r]);
    for (int c = 0; c < e.clusters(); ++c)
        means.row(c) /= static_cast<double>(e.sizes[static_cast<std::size_t>(c)]);
    return means;
}

} // namespace

Result<double> daviesBouldin(const Eigen::Ref<const RowMatrix>& data,
                             const std::vector<std::int32_t>& labels, const ClusterMetricOptions&,
                             Progress& progress, const CancelToken& cancel) {
    if (cancel.isCancelled())
        return cancelledError();
    auto encoded = detail::encodeLabels(data, labels, "The Davies-Bouldin index");
    if (!encoded)
        return encoded.error();
    const detail::EncodedLabels& e = encoded.value();
    const int k = e.clusters();
    const RowMatrix centroids = clusterMeans(data, e);
    // Mean distance of each cluster's points to its centroid.
    Eigen::VectorXd intra = Eigen::VectorXd::Zero(k);
    for (std::size_t r = 0; r < e.rows.size(); ++r)
        intra[e.codes[r]] += (data.row(e.rows[r]) - centroids.row(e.codes[r])).norm();
    for (int c = 0; c < k; ++c)
        intra[c] /= static_cast<double>(e.sizes[static_cast<std::size_t>(c)]);
    RowMatrix between(k, k);
    for (int a = 0; a < k; ++a)
        for (int b = 0; b < k; ++b)
            between(a, b) = (centroids.row(a) - centroids.row(b)).norm();
    progress.report(1.0);
    // scikit-learn's np.allclose(x, 0): every |x| <= 1e-8.
    if (intra.cwiseAbs().maxCoeff() <= 1e-8 || between.cwiseAbs().maxCoeff() <= 1e-8)
        return 0.0;
    double total = 0.0;
    for (int a = 0; a < k; ++a) {
        double worst = 0.0;
        for (int b = 0; b < k; ++b)
            if (between(a, b) != 0.0) // coincident centroids count as infinitely far, as sklearn
                worst = std::max(worst, (intra[a] + intra[b]) / between(a, b));
        total += worst;
    }
    return total / k;
}

Result<double> calinskiHarabasz(const Eigen::Ref<const RowMatrix>& data,
                                const std::vector<std::int32_t>& labels,
                                const ClusterMetricOptions&, Progress& progress,
                                const CancelToken& cancel) {
    if (cancel.isCancelled())
        return cancelledError();
    auto encoded = detail::encodeLabels(data, labels, "The Calinski-Harabasz index");
    if (!encoded)
        return encoded.error();
    const detail::EncodedLabels& e = encoded.value();
    const int k = e.clusters();
    const auto m = static_cast<double>(e.rows.size());
    const RowMatrix centroids = clusterMeans(data, e);
    Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(data.cols());
    for (Index i : e.rows)
        mean += data.row(i);
    mean /= m;
    double between = 0.0;
    for (int c = 0; c < k; ++c)
        between += static_cast<double>(e.sizes[static_cast<std::size_t>(c)]) *
                   (centroids.row(c) - mean).squaredNorm();
    double within = 0.0;
    for (std::size_t r = 0; r < e.rows.size(); ++r)
        within += (data.row(e.rows[r]) - centroids.row(e.codes[r])).squaredNorm();
    progress.report(1.0);
    if (within == 0.0)
        return 1.0;
    return between * (m - k) / (within * (k - 1.0));
}

Result<double> dunnIndex(const Eigen::Ref<const RowMatrix>& data,
                         const std::vector<std::int32_t>& labels,
                         const ClusterMetricOptions& options, Progress& progress,
                         const CancelToken& cancel) {
    if (cancel.isCancelled())
        return cancelledError();
    auto encoded = detail::encodeLabels(data, labels, "The Dunn index");
    if (!encoded)
        return encoded.error();
    const detail::EncodedLabels& e = encoded.value();
    const auto m = static_cast<Index>(e.rows.size());
    const Index d = data.cols();
    const int threads = detail::resolveThreadCount(options.threads);
    // Rows i in blocks, each against j > i. Min and max are exact whatever the order, so any
    // schedule gives the same answer. Squared distances throughout; one sqrt at the end.
    constexpr Index kBlock = 64;
    const auto blocks = static_cast<int>((m + kBlock - 1) / kBlock);
    std::vector<double> blockMinBetween(static_cast<std::size_t>(blocks),
                                        std::numeric_limits<double>::infinity());
    std::vector<double> blockMaxWithin(static_cast<std::size_t>(blocks), 0.0);
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    detail::parallelFor(blocks, threads, [&](int b, int worker) {
        if (stop.load(std::memory_order_relaxed))
            return;
        if (cancel.isCancelled()) {
            stop = true;
            return;
        }
        double minBetween = std::numeric_limits<double>::infinity();
        double maxWithin = 0.0;
        const Index end = std::min(m, (b + 1) * kBlock);
        for (Index r = b * kBlock; r < end; ++r) {
            const double* x = data.row(e.rows[r]).data();
            const std::int32_t code = e.codes[r];
            for (Index s = r + 1; s < m; ++s) {
                const Eigen::Map<const Eigen::VectorXd> a(x, d), y(data.row(e.rows[s]).data(), d);
                const double dist = (a - y).squaredNorm();
                if (e.codes[s] == code)
                    maxWithin = std::max(maxWithin, dist);
                else
                    minBetween = std::min(minBetween, dist);
            }
        }
        blockMinBetween[static_cast<std::size_t>(b)] = minBetween;
        blockMaxWithin[static_cast<std::size_t>(b)] = maxWithin;
        const int finished = ++done;
        if (worker == 0) // Progress is not thread-safe: only the calling thread reports
            // Early blocks carry more pairs (j > i); this maps blocks done to pairs done.
            progress.report(1.0 - std::pow(1.0 - static_cast<double>(finished) / blocks, 2.0));
    });
    if (stop || cancel.isCancelled())
        return cancelledError();
    const double minBetween = *std::min_element(blockMinBetween.begin(), blockMinBetween.end());
    const double maxWithin = *std::max_element(blockMaxWithin.begin(), blockMaxWithin.end());
    progress.report(1.0);
    if (maxWithin == 0.0)
        return std::numeric_limits<double>::infinity();
    return std::sqrt(minBetween) / std::sqrt(maxWithin);
}

} // namespace microseg::core
