#pragma once
/// @file dbscan.h
/// DBSCAN density-based clustering and the k-distance graph used to choose its eps. Eigen and
/// std only; neighbour queries go through microseg::core::KdTree (no n x n distance matrix).
///
/// Reference: M. Ester, H.-P. Kriegel, J. Sander and X. Xu, "A Density-Based Algorithm for
/// Discovering Clusters in Large Spatial Databases with Noise", KDD 1996.
///
/// Semantics follow scikit-learn 1.2.1 `DBSCAN(eps, min_samples)` with the Euclidean metric:
/// - the eps-neighbourhood of a point includes the point itself and every point at distance
///   <= eps (compared on squares, as scikit-learn's KDTree does); a point is *core* when its
///   neighbourhood has at least minSamples points;
/// - clusters are the connected components of the core points under "within eps"; a non-core
///   point within eps of some core point is a *border* point, any other is noise (label -1);
/// - clusters are numbered 0, 1, ... in the order of their lowest-index core point. This is the
///   order scikit-learn numbers them in (it expands clusters from the core points in row order),
///   so core-point labels equal scikit-learn's exactly, not only up to renumbering;
/// - a border point within eps of core points of several clusters takes the lowest cluster
///   number among them. scikit-learn gives it the cluster whose expansion reached it first, and
///   because it expands clusters one after another in number order that is the same rule; the
///   issue only requires core labels to agree (up to renumbering), border labels agree as well.
///
/// Bounded memory: no neighbour list is ever stored (scikit-learn keeps all of them, which on
/// 100,000 x 16 with eps = 2 exhausts 24 GiB). Pass 1 counts each point's neighbours with a
/// k-d tree, stopping at minSamples, to flag core points. Pass 2 builds a second tree over the
/// core points only and joins each core point with the core points within eps in a concurrent
/// union-find (a tree node entirely inside the eps-ball is joined whole, once; a node already
/// known to be one component that contains the query's component is skipped). Pass 3 gives each
/// non-core point the lowest cluster number found within eps. Memory is O(n d) whatever eps:
/// besides the caller's data, at most two copies of it (pass 1's tree, freed before pass 2's
/// core points and their tree) and a few integers per point. Measured on 100,000 x 16 z-scored
/// make_data rows, min_samples 10: peak RSS of the whole process 36 MB (eps 0.8, 4.3 s on one
/// thread, labels identical to scikit-learn's, which took 5.7 GB) and 43 MB (eps 2).
///
/// Threads: each pass runs over fixed blocks of queries on the shared fork-join loop; the result
/// (components, numbering, border rule) does not depend on the order of the work, so labels are
/// identical for any thread count.
///
/// Progress/cancel contract: the cancel token is polled before every block of queries (a few
/// hundred points); a cancelled call returns cancelledError() and no partial result. Progress
/// goes from 0 to 1 over the three passes, at most about a hundred forwarded steps.

#include "microseg/error.h"
#include "microseg/kmeans.h" // RowMatrix
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace microseg::core {

struct DbscanOptions {
    double eps = 0.5;   ///< neighbourhood radius, finite and > 0
    int minSamples = 5; ///< neighbours (the point itself included) that make a core point, >= 1
    int threads = 0;    ///< 0 = all available cores
};

struct DbscanResult {
    std::vector<std::int32_t> labels; ///< one per row: 0..clusters-1, or -1 for noise
    std::vector<Eigen::Index>
        coreSampleIndices; ///< increasing (scikit-learn's core_sample_indices_)
    int clusters = 0;
    Eigen::Index noise = 0; ///< rows labelled -1
};

/// Clusters the rows of `data`. Errors (InvalidArgument, naming the parameter and its value):
/// empty data, non-finite values, eps not finite or <= 0, minSamples < 1, threads < 0.
Result<DbscanResult> dbscan(const Eigen::Ref<const RowMatrix>& data, const DbscanOptions& options,
                            Progress& progress, const CancelToken& cancel);

/// The k-distance graph (Ester et al. 1996, section 4.2) for choosing eps.
struct KDistanceResult {
    /// One per row, in row order: the distance to its k-th nearest neighbour, the row itself
    /// counting as the first (at distance 0), exactly as scikit-learn's
    /// `NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)[0][:, k - 1]`. With k = minSamples,
    /// a row is a DBSCAN core point exactly when its k-distance is <= eps.
    std::vector<double> distances;
    std::vector<double> sortedDescending; ///< the graph: `distances` sorted from largest
    /// The knee of the graph: the position in `sortedDescending` farthest below the chord from
    /// its first to its last point, both axes scaled to [0, 1] (as Kneedle, Satopaa et al. 2011,
    /// does for a decreasing convex curve); the first such position on ties, 0 when no point is
    /// below the chord by more than 1e-9 (all distances equal, a straight line).
    Eigen::Index kneeIndex = 0;
    double suggestedEps = 0.0; ///< sortedDescending[kneeIndex]
};

/// k-distances of every row. Errors: empty data, non-finite values, k < 1 or k > n, threads < 0.
/// Same progress/cancel contract as dbscan().
Result<KDistanceResult> kDistanceGraph(const Eigen::Ref<const RowMatrix>& data, int k, int threads,
                                       Progress& progress, const CancelToken& cancel);

/// The knee rule of KDistanceResult on any non-increasing sequence (0 for fewer than 3 values).
Eigen::Index kDistanceKnee(const std::vector<double>& sortedDescending);

} // namespace microseg::core
