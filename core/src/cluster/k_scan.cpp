// k scan: k-means and validation metrics per k, live delivery, Kneedle elbow, guards.
#include "microseg/k_scan.h"

#include "microseg/cluster_metrics.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

namespace microseg::core {
namespace {

Error invalid(const std::string& message, const std::string& value) {
    return Error{ErrorCode::InvalidArgument, message, {}, 0, 0, value};
}

/// A Progress that maps its [0, 1] onto [base, base + share] of a parent.
Progress nested(Progress& parent, double base, double share) {
    return Progress([&parent, base, share](double f, const std::string& text) {
        parent.report(base + share * f, text);
    });
}

/// One k's fit, whatever the model.
struct Fit {
    std::vector<std::int32_t> labels;
    double inertia = 0.0;
    double bic = std::numeric_limits<double>::quiet_NaN();
    double aic = std::numeric_limits<double>::quiet_NaN();
    int iterations = 0;
    bool converged = false;
};

/// Sum of squared distances of the rows to the mean of their label.
double withinSumOfSquares(const Eigen::Ref<const RowMatrix>& data,
                          const std::vector<std::int32_t>& labels, int k) {
    RowMatrix sums = RowMatrix::Zero(k, data.cols());
    std::vector<double> counts(static_cast<std::size_t>(k), 0.0);
    for (Eigen::Index i = 0; i < data.rows(); ++i) {
        sums.row(labels[static_cast<std::size_t>(i)]) += data.row(i);
        counts[static_cast<std::size_t>(labels[static_cast<std::size_t>(i)])] += 1.0;
    }
    for (int c = 0; c < k; ++c)
        if (counts[static_cast<std::size_t>(c)] > 0)
            sums.row(c) /= counts[static_cast<std::size_t>(c)];
    double total = 0.0;
    for (Eigen::Index i = 0; i < data.rows(); ++i)
        total += (data.row(i) - sums.row(labels[static_cast<std::size_t>(i)])).squaredNorm();
    return total;
}

Result<Fit> fitOne(const Eigen::Ref<const RowMatrix>& data, const KScanOptions& options, int k,
                   Progress progress, const CancelToken& cancel) {
    Fit out;
    if (options.model == KScanModel::GaussianMixture) {
        GaussianMixtureOptions gmm;
        gmm.k = k;
        gmm.covarianceType = options.covariance;
        gmm.seed = options.seed;
        gmm.storeProbabilities = false;
        gmm.threads = options.threads;
        auto fit = gaussianMixture(data, gmm, progress, cancel);
        if (!fit)
            return fit.error();
        out.labels = std::move(fit.value().labels);
        out.inertia = withinSumOfSquares(data, out.labels, k);
        out.bic = fit.value().bic;
        out.aic = fit.value().aic;
        out.iterations = fit.value().iterations;
        out.converged = fit.value().converged;
        return out;
    }
    KMeansOptions kmeansOptions;
    kmeansOptions.k = k;
    kmeansOptions.nInit = options.nInit;
    kmeansOptions.maxIterations = options.maxIterations;
    kmeansOptions.tolerance = options.tolerance;
    kmeansOptions.algorithm = options.algorithm;
    kmeansOptions.seed = options.seed;
    kmeansOptions.threads = options.threads;
    auto fit = kmeans(data, kmeansOptions, progress, cancel);
    if (!fit)
        return fit.error();
    out.labels = std::move(fit.value().labels);
    out.inertia = fit.value().inertia;
    out.iterations = fit.value().iterations;
    out.converged = fit.value().converged;
    return out;
}

} // namespace

std::vector<ClusterWarning> checkClusterGuards(int k, const std::vector<std::int64_t>& sizes,
                                               double silhouette,
                                               const ClusterGuardThresholds& thresholds) {
    std::vector<ClusterWarning> out;
    ClusterWarning small;
    small.kind = ClusterWarningKind::SmallCluster;
    small.k = k;
    small.threshold = static_cast<double>(thresholds.minClusterSize);
    small.value = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < sizes.size(); ++c)
        if (sizes[c] < thresholds.minClusterSize) {
            small.clusters.push_back(static_cast<int>(c));
            small.value = std::min(small.value, static_cast<double>(sizes[c]));
        }
    if (!small.clusters.empty()) {
        small.message = "With k = " + std::to_string(k) + ", " +
                        std::to_string(small.clusters.size()) + " cluster(s) have fewer than " +
                        std::to_string(thresholds.minClusterSize) + " members (smallest: " +
                        std::to_string(static_cast<long long>(small.value)) + ").";
        out.push_back(std::move(small));
    }
    if (!std::isnan(silhouette) && silhouette < thresholds.minSilhouette) {
        ClusterWarning low;
        low.kind = ClusterWarningKind::LowSilhouette;
        low.k = k;
        low.value = silhouette;
        low.threshold = thresholds.minSilhouette;
        low.message = "With k = " + std::to_string(k) + ", the average silhouette " +
                      std::to_string(silhouette) + " is below " +
                      std::to_string(thresholds.minSilhouette) +
                      ": the clusters may not reflect real structure.";
        out.push_back(std::move(low));
    }
    return out;
}

std::optional<std::size_t> elbowIndex(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t m = x.size();
    if (m < 3 || y.size() != m)
        return std::nullopt;
    const double xSpan = x.back() - x.front();
    const double ySpan = y.front() - y.back();
    if (!(xSpan > 0.0) || !(ySpan > 0.0))
        return std::nullopt;
    std::optional<std::size_t> best;
    double bestGap = 1e-9; // rounding noise on a straight line is not an elbow
    for (std::size_t i = 1; i + 1 < m; ++i) {
        const double xn = (x[i] - x.front()) / xSpan; // 0 .. 1
        const double yn = (y[i] - y.back()) / ySpan;  // 1 .. 0
        const double gap = (1.0 - xn) - yn;           // below the chord yn = 1 - xn
        if (gap > bestGap) {
            bestGap = gap;
            best = i;
        }
    }
    return best;
}

Result<KScanResult> kScan(const Eigen::Ref<const RowMatrix>& data, const KScanOptions& options,
                          const KScanCallback& onPoint, Progress& progress,
                          const CancelToken& cancel) {
    const Eigen::Index n = data.rows();
    if (options.kMin < 1)
        return invalid("The smallest k = " + std::to_string(options.kMin) +
                           " of the scan must be at least 1.",
                       std::to_string(options.kMin));
    if (options.kMax < options.kMin)
        return invalid("The largest k = " + std::to_string(options.kMax) +
                           " of the scan must not be below the smallest (" +
                           std::to_string(options.kMin) + ").",
                       std::to_string(options.kMax));
    if (options.kMax > n)
        return invalid("The largest k = " + std::to_string(options.kMax) +
                           " of the scan exceeds the number of rows (" + std::to_string(n) + ").",
                       std::to_string(options.kMax));
    const bool metrics = options.computeSilhouette || options.computeDaviesBouldin ||
                         options.computeCalinskiHarabasz;
    if (metrics && (options.kMin < 2 || options.kMax >= n))
        return invalid("Validation metrics need 2 <= k <= n - 1; the scan asks for k = " +
                           std::to_string(options.kMin) + ".." + std::to_string(options.kMax) +
                           " on " + std::to_string(n) + " rows.",
                       std::to_string(options.kMin) + ".." + std::to_string(options.kMax));
    if (options.computeSilhouette && options.silhouetteSampleSize < 2)
        return invalid("The silhouette sample size must be at least 2; it is " +
                           std::to_string(options.silhouetteSampleSize) + ".",
                       std::to_string(options.silhouetteSampleSize));
    const auto silhouetteRows = std::min<std::int64_t>(options.silhouetteSampleSize, n);
    if (options.computeSilhouette && options.kMax >= silhouetteRows)
        return invalid("The silhouette needs fewer clusters than sampled rows: k = " +
                           std::to_string(options.kMax) + " with a sample of " +
                           std::to_string(silhouetteRows) + " rows.",
                       std::to_string(options.kMax));
    if (cancel.isCancelled())
        return cancelledError();

    // Weights: k-means costs about k per iteration plus a constant share for the metrics.
    const double metricWeight = options.computeSilhouette ? 4.0 : 0.5;
    double totalWeight = 0.0;
    for (int k = options.kMin; k <= options.kMax; ++k)
        totalWeight += k + metricWeight;
    double done = 0.0;

    ClusterMetricOptions metricOptions;
    metricOptions.threads = options.threads;
    metricOptions.sampleSize = options.silhouetteSampleSize;
    metricOptions.seed = options.seed;
    const double nan = std::numeric_limits<double>::quiet_NaN();

    KScanResult result;
    progress.report(0.0, "k scan");
    for (int k = options.kMin; k <= options.kMax; ++k) {
        const auto start = std::chrono::steady_clock::now();
        const double base = done / totalWeight;
        const double kShare = k / totalWeight;
        const double mShare = metricWeight / totalWeight;
        auto fit = fitOne(data, options, k, nested(progress, base, kShare), cancel);
        if (!fit)
            return fit.error();
        const std::vector<std::int32_t>& labels = fit.value().labels;

        KScanPoint point;
        point.k = k;
        point.inertia = fit.value().inertia;
        point.bic = fit.value().bic;
        point.aic = fit.value().aic;
        point.iterations = fit.value().iterations;
        point.converged = fit.value().converged;
        point.clusterSizes.assign(static_cast<std::size_t>(k), 0);
        for (std::int32_t label : labels)
            ++point.clusterSizes[static_cast<std::size_t>(label)];
        point.silhouette = point.daviesBouldin = point.calinskiHarabasz = nan;
        // A mixture may leave components empty; with fewer than two used, metrics are NaN.
        const bool mixture = options.model == KScanModel::GaussianMixture;
        const bool scorable =
            !mixture || std::count_if(point.clusterSizes.begin(), point.clusterSizes.end(),
                                      [](std::int64_t size) { return size > 0; }) >= 2;

        Progress metricProgress = nested(progress, base + kShare, mShare);
        Progress quiet;
        if (options.computeSilhouette && scorable) {
            auto s = silhouetteSampled(data, labels, metricOptions, metricProgress, cancel);
            if (!s)
                return s.error();
            point.silhouette = s.value();
        }
        // Davies-Bouldin and Calinski-Harabasz need every cluster non-empty in the label set;
        // k-means guarantees that (empty clusters are relocated).
        if (options.computeDaviesBouldin && scorable) {
            auto db = daviesBouldin(data, labels, metricOptions, quiet, cancel);
            if (!db)
                return db.error();
            point.daviesBouldin = db.value();
        }
        if (options.computeCalinskiHarabasz && scorable) {
            auto ch = calinskiHarabasz(data, labels, metricOptions, quiet, cancel);
            if (!ch)
                return ch.error();
            point.calinskiHarabasz = ch.value();
        }
        point.warnings = checkClusterGuards(k, point.clusterSizes, point.silhouette, options.guards);
        point.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        done += k + metricWeight;
        progress.report(done / totalWeight);
        if (onPoint)
            onPoint(point);
        result.points.push_back(std::move(point));
    }
    std::vector<double> ks;
    std::vector<double> inertias;
    for (const KScanPoint& p : result.points) {
        ks.push_back(p.k);
        inertias.push_back(p.inertia);
    }
    if (const auto elbow = elbowIndex(ks, inertias))
        result.elbowK = result.points[*elbow].k;
    if (options.model == KScanModel::GaussianMixture && !result.points.empty())
        result.lowestBicK = std::min_element(result.points.begin(), result.points.end(),
                                             [](const KScanPoint& a, const KScanPoint& b) {
                                                 return a.bic < b.bic;
                                             })
                                ->k;
    progress.report(1.0);
    return result;
}

} // namespace microseg::core
