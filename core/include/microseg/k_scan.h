#pragma once
/// @file k_scan.h
/// Choosing k: k-means for every k of a range with inertia, a seeded sampled silhouette,
/// Davies-Bouldin and Calinski-Harabasz per k, delivered one k at a time so a view fills in live;
/// the elbow of the inertia curve; guards that warn about tiny clusters and weak structure.
/// Eigen and std only.
///
/// References: k-means, metrics and seeding as in kmeans.h and cluster_metrics.h; the elbow is
/// found with Kneedle (V. Satopaa, J. Albrecht, D. Irwin and B. Raghavan, "Finding a 'Kneedle'
/// in a Haystack: Detecting Knee Points in System Behavior", ICDCS Workshops 2011), offline form:
/// both axes are normalised to [0, 1], and the knee is the point farthest below the chord
/// joining the first and last points of the decreasing, convex inertia curve (Kneedle's
/// difference curve is that distance up to a constant factor). No elbow is marked when no point
/// lies below the chord by more than 1e-9 of the normalised scale (a straight or concave curve),
/// or with fewer than three values of k.
///
/// Every k uses the same seed (`seed`) for k-means++ and for the silhouette sample, as a loop
/// over scikit-learn's KMeans(k, random_state=0) would. With model = GaussianMixture each k fits
/// gaussianMixture() (scikit-learn's GaussianMixture(k, random_state=seed) semantics) and reports
/// its BIC and AIC (G. Schwarz, "Estimating the dimension of a model", Annals of Statistics 6(2),
/// 1978; H. Akaike, "A new look at the statistical model identification", IEEE TAC 19(6), 1974);
/// a metric a mixture's labels cannot give (fewer than two non-empty components) is NaN.
///
/// Progress/cancel contract: progress goes from 0 to 1 over the whole scan (each k weighted by its
/// expected cost); the token is polled inside k-means and the metrics; a cancelled scan returns
/// cancelledError() and discards its result, though points already delivered through the callback
/// stay delivered (the UI discards them on "Cancelled"). The callback runs on the calling (worker)
/// thread, right after each k finishes, in increasing k.

#include "microseg/error.h"
#include "microseg/gaussian_mixture.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace microseg::core {

/// Editable thresholds of the guards (seed material defaults).
struct ClusterGuardThresholds {
    std::int64_t minClusterSize = 100; ///< warn when a cluster has fewer members
    double minSilhouette = 0.25;       ///< warn when the average silhouette is below
};

enum class ClusterWarningKind {
    SmallCluster,  ///< at least one cluster below minClusterSize
    LowSilhouette, ///< the average silhouette below minSilhouette
};

struct ClusterWarning {
    ClusterWarningKind kind = ClusterWarningKind::SmallCluster;
    int k = 0;                    ///< the number of clusters of the run concerned
    double value = 0.0;           ///< smallest cluster size, or the average silhouette
    double threshold = 0.0;       ///< the threshold it broke
    std::vector<int> clusters;    ///< SmallCluster: the clusters below the minimum
    std::string message;          ///< sentence for people
};

/// Guards on one clustering: `sizes` per cluster, `silhouette` NaN when not computed.
std::vector<ClusterWarning> checkClusterGuards(int k, const std::vector<std::int64_t>& sizes,
                                               double silhouette,
                                               const ClusterGuardThresholds& thresholds);

/// What is fitted for each k.
enum class KScanModel {
    KMeans,          ///< kmeans() with the options below
    GaussianMixture, ///< gaussianMixture() (EM, `covariance`, one k-means start seeded by `seed`)
};

struct KScanOptions {
    int kMin = 2;
    int kMax = 15;
    KScanModel model = KScanModel::KMeans;
    CovarianceType covariance = CovarianceType::Full; ///< Gaussian mixtures only
    KMeansAlgorithm algorithm = KMeansAlgorithm::Lloyd;
    int nInit = 1;
    int maxIterations = 300;
    double tolerance = 1e-4;
    std::uint64_t seed = 0;
    bool computeSilhouette = true;
    std::int64_t silhouetteSampleSize = 10000; ///< exact silhouette when >= n
    bool computeDaviesBouldin = true;
    bool computeCalinskiHarabasz = true;
    ClusterGuardThresholds guards;
    int threads = 0; ///< 0 = all available cores
};

struct KScanPoint {
    int k = 0;
    /// k-means: its inertia. Mixtures: the within-cluster sum of squares of the hard labels about
    /// their means (the same quantity for a partition), so the elbow chart works for both.
    double inertia = 0.0;
    double bic = 0.0; ///< mixtures: gaussianMixture()'s BIC (lower is better); NaN for k-means
    double aic = 0.0; ///< mixtures: AIC; NaN for k-means
    double silhouette = 0.0;       ///< NaN when not computed
    double daviesBouldin = 0.0;    ///< NaN when not computed
    double calinskiHarabasz = 0.0; ///< NaN when not computed
    std::vector<std::int64_t> clusterSizes;
    int iterations = 0;
    bool converged = false;
    double seconds = 0.0; ///< wall time of this k (k-means and metrics)
    std::vector<ClusterWarning> warnings;
};

struct KScanResult {
    std::vector<KScanPoint> points; ///< in increasing k
    std::optional<int> elbowK;      ///< Kneedle elbow of the inertia curve
    std::optional<int> lowestBicK;  ///< mixtures: the k of the lowest BIC (the first on ties)
};

using KScanCallback = std::function<void(const KScanPoint&)>;

/// Runs the scan. InvalidArgument (naming the parameter and value) when kMin < 1, kMax < kMin,
/// kMax > n, metrics are requested with kMin < 2 or kMax >= n, kMax is not below the silhouette
/// sample size, or the k-means options are invalid (see kmeans()). `onPoint` may be empty.
Result<KScanResult> kScan(const Eigen::Ref<const RowMatrix>& data, const KScanOptions& options,
                          const KScanCallback& onPoint, Progress& progress,
                          const CancelToken& cancel);

/// Kneedle elbow of a decreasing convex curve y(x) (x increasing): the index of the point
/// farthest below the chord on the normalised curve; nullopt when there is none.
std::optional<std::size_t> elbowIndex(const std::vector<double>& x, const std::vector<double>& y);

} // namespace microseg::core
