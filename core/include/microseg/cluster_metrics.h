#pragma once
/// @file cluster_metrics.h
/// Internal validation metrics of a clustering, on Euclidean distances. Eigen and std only.
///
/// References:
/// - Silhouette: P. J. Rousseeuw, "Silhouettes: a graphical aid to the interpretation and
///   validation of cluster analysis", J. Comput. Appl. Math. 20, 1987.
/// - Davies-Bouldin: D. L. Davies and D. W. Bouldin, "A Cluster Separation Measure",
///   IEEE TPAMI 1(2), 1979.
/// - Calinski-Harabasz: T. Calinski and J. Harabasz, "A dendrite method for cluster analysis",
///   Communications in Statistics 3(1), 1974.
/// - Dunn: J. C. Dunn, "Well-separated clusters and optimal fuzzy partitions",
///   J. Cybernetics 4(1), 1974.
///
/// Silhouette, Davies-Bouldin and Calinski-Harabasz follow scikit-learn 1.2.1
/// (`silhouette_samples`, `silhouette_score`, `davies_bouldin_score`, `calinski_harabasz_score`),
/// including its edge cases: a point alone in its cluster has silhouette 0; Davies-Bouldin is 0
/// when every cluster has zero spread or all centroids coincide; Calinski-Harabasz is 1 when there
/// is no within-cluster dispersion.
///
/// Labels: any non-negative integers (they need not be contiguous). The label -1 marks noise
/// (DBSCAN, HDBSCAN). scikit-learn has no notion of noise; here noise rows are left out entirely,
/// as if they were not in the data: they count in no cluster, are no one's neighbour, and have a
/// NaN silhouette value. Other negative labels are an error. After excluding noise there must be
/// between 2 and m - 1 clusters among the m remaining rows (scikit-learn's rule), otherwise
/// InvalidArgument.
///
/// Silhouette and Dunn are O(n^2 d): they stream blocks of rows against all rows, so memory stays
/// O(n k) and no n x n matrix is ever held. Every row's sums are accumulated in a fixed order by
/// one thread, so results are identical for any thread count. Progress goes from 0 to 1; the
/// cancel token is polled per block of rows and a cancelled call returns cancelledError().

#include "microseg/error.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace microseg::core {

struct ClusterMetricOptions {
    int threads = 0; ///< 0 = all available cores
    /// For silhouetteSampled(): rows drawn without replacement before excluding noise (as
    /// scikit-learn's sample_size); when >= n the exact score is returned.
    std::int64_t sampleSize = 10000;
    std::uint64_t seed = 0; ///< for silhouetteSampled()
};

struct SilhouetteResult {
    std::vector<double> values; ///< one per row, in [-1, 1]; NaN for noise rows (label -1)
    double mean = 0.0;          ///< mean over non-noise rows (scikit-learn's silhouette_score)
};

/// Exact silhouette of every row.
Result<SilhouetteResult> silhouette(const Eigen::Ref<const RowMatrix>& data,
                                    const std::vector<std::int32_t>& labels,
                                    const ClusterMetricOptions& options, Progress& progress,
                                    const CancelToken& cancel);

/// Mean silhouette of a seeded random sample of `options.sampleSize` rows (distances among the
/// sample only, as scikit-learn's silhouette_score with sample_size). Deterministic for a seed;
/// it cannot reproduce numpy's sample, so it agrees with scikit-learn statistically only.
Result<double> silhouetteSampled(const Eigen::Ref<const RowMatrix>& data,
                                 const std::vector<std::int32_t>& labels,
                                 const ClusterMetricOptions& options, Progress& progress,
                                 const CancelToken& cancel);

/// Davies-Bouldin index (lower is better). O(n d).
Result<double> daviesBouldin(const Eigen::Ref<const RowMatrix>& data,
                             const std::vector<std::int32_t>& labels,
                             const ClusterMetricOptions& options, Progress& progress,
                             const CancelToken& cancel);

/// Calinski-Harabasz index, the variance ratio criterion (higher is better). O(n d).
Result<double> calinskiHarabasz(const Eigen::Ref<const RowMatrix>& data,
                                const std::vector<std::int32_t>& labels,
                                const ClusterMetricOptions& options, Progress& progress,
                                const CancelToken& cancel);

/// Dunn index: smallest distance between points of different clusters divided by the largest
/// cluster diameter (higher is better); +infinity when every cluster has zero diameter. O(n^2 d).
Result<double> dunnIndex(const Eigen::Ref<const RowMatrix>& data,
                         const std::vector<std::int32_t>& labels,
                         const ClusterMetricOptions& options, Progress& progress,
                         const CancelToken& cancel);

} // namespace microseg::core
