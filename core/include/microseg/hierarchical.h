#pragma once
/// @file hierarchical.h
/// Agglomerative hierarchical clustering (Ward, average, complete, single linkage) on Euclidean
/// distances, producing the full merge tree, plus flat cuts of the tree and the dendrogram leaf
/// order. Eigen and std only (no Qt).
///
/// References:
/// - Nearest-neighbour chain: F. Murtagh, "A survey of recent advances in hierarchical clustering
///   algorithms", The Computer Journal 26(4), 1983; D. Müllner, "Modern hierarchical,
///   agglomerative clustering algorithms", arXiv:1109.2378, 2011 (algorithm NN-chain-linkage).
/// - Single linkage by a minimum spanning tree: Prim's algorithm on the implicit complete graph
///   (Müllner 2011, MST-linkage; J. C. Gower and G. J. S. Ross, Applied Statistics 18, 1969).
/// - Ward: J. H. Ward, "Hierarchical grouping to optimize an objective function", JASA 58, 1963.
///
/// Algorithms and memory (n rows, d columns):
/// - Ward: NN-chain in the centroid ("stored data") form, as fastcluster's linkage_vector keeps
///   it: each cluster is its centroid and size, and the Ward dissimilarity is computed on demand as
///   sqrt(2 |A| |B| / (|A| + |B|)) * ||c_A - c_B||. O(n^2 d) time, O(n d) memory, no distance
///   matrix. The nearest-neighbour scan skips the division with an exact lower bound and runs
///   with AVX2 where the CPU has it (no FMA: bitwise the same result as the baseline build). (SciPy
///   instead applies the Lance-Williams update to a condensed matrix; in exact arithmetic the two
///   give the same tree, in floating point they agree to about 1e-13.)
/// - Average and complete: NN-chain with the Lance-Williams update on a condensed n(n-1)/2
///   float64 distance matrix, as SciPy's linkage: O(n^2) time after O(n^2 d) for the distances,
///   4 n(n-1) bytes. Refused with InvalidArgument (naming the size) above `maxMatrixBytes`.
/// - Single: Prim's MST on the fly, O(n^2 d) time, O(n d) memory.
///
/// Output follows SciPy's linkage matrix: n - 1 merges (a, b, height, size) with a < b, original
/// observations numbered 0..n-1 and the cluster made by merge i numbered n + i; merges sorted by
/// height with a stable sort of the algorithm's merge order, then relabelled, exactly as SciPy's
/// `linkage` post-processes NN-chain and MST output. Ties between equal dissimilarities are broken
/// as SciPy's nn_chain / mst_single_linkage do (lowest index; the chain predecessor first), so on
/// data without ties the merge structure equals SciPy's and fastcluster's.
///
/// Deterministic: single-threaded merges; only the condensed matrix is filled by several threads,
/// each entry by one thread, so results are identical for any thread count.
///
/// Progress/cancel contract: the token is polled per block of matrix rows and every 64 merges; a
/// cancelled run returns cancelledError() and no partial tree. Progress goes from 0 to 1.

#include "microseg/error.h"
#include "microseg/kmeans.h" // RowMatrix
#include "microseg/progress.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace microseg::core {

enum class Linkage {
    Ward,     ///< increase of the within-cluster sum of squares (centroid form, O(n d) memory)
    Average,  ///< UPGMA: mean distance between members (condensed matrix)
    Complete, ///< largest distance between members (condensed matrix)
    Single,   ///< smallest distance between members (MST, O(n d) memory)
};

const char* linkageName(Linkage linkage);

struct HierarchicalOptions {
    Linkage linkage = Linkage::Ward;
    int threads = 0; ///< for the distance matrix (average, complete); 0 = all available cores
    /// Largest condensed distance matrix accepted for average and complete linkage.
    double maxMatrixBytes = 4.0 * 1024 * 1024 * 1024;
};

/// One row of SciPy's linkage matrix.
struct Merge {
    std::int64_t a = 0;    ///< smaller cluster number of the two merged (< b)
    std::int64_t b = 0;    ///< larger cluster number
    double height = 0.0;   ///< linkage dissimilarity at which they merge (non-decreasing)
    std::int64_t size = 0; ///< observations in the new cluster
};

struct LinkageTree {
    std::int64_t observations = 0; ///< n
    std::vector<Merge> merges;     ///< n - 1 rows; merge i creates cluster n + i
};

/// Builds the merge tree of the rows of `data`. Errors (InvalidArgument): fewer than 2 rows, no
/// columns, NaN or infinity (naming row and column), threads < 0, a distance matrix larger than
/// options.maxMatrixBytes (average and complete only).
Result<LinkageTree> agglomerative(const Eigen::Ref<const RowMatrix>& data,
                                  const HierarchicalOptions& options, Progress& progress,
                                  const CancelToken& cancel);

/// Flat labels 0..m-1 with at most k clusters: the lowest cut (threshold among the merge heights)
/// giving no more than k clusters, numbered as scipy.cluster.hierarchy.fcluster(Z, k, "maxclust")
/// (minus 1). With tied heights m may be smaller than k, exactly as in SciPy. One deliberate
/// difference: for k >= n - 1 SciPy 1.10's bisection never tries the lowest heights and returns
/// n - 2 clusters; here k = n - 1 gives n - 1 clusters and k >= n gives n singletons.
/// Error when k < 1 or the tree is malformed.
Result<std::vector<std::int32_t>> cutAtClusterCount(const LinkageTree& tree, std::int64_t k);

/// Flat labels 0..m-1: observations joined by merges of height <= `height` share a cluster, as
/// fcluster(Z, height, "distance") (minus 1), including SciPy's numbering of the clusters.
/// Error when height is NaN.
Result<std::vector<std::int32_t>> cutAtHeight(const LinkageTree& tree, double height);

/// Observations in dendrogram order, left to right (scipy leaves_list / dendrogram "leaves").
std::vector<std::int64_t> dendrogramLeafOrder(const LinkageTree& tree);

} // namespace microseg::core
