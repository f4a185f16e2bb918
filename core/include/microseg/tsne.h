#pragma once
/// @file tsne.h
/// t-distributed stochastic neighbour embedding into two dimensions. Eigen and std only.
///
/// References:
/// - L. van der Maaten and G. Hinton, "Visualizing Data using t-SNE", JMLR 9, 2008 (the method,
///   the perplexity binary search, early exaggeration, momentum and gains).
/// - L. van der Maaten, "Accelerating t-SNE using Tree-Based Algorithms", JMLR 15, 2014 (sparse
///   affinities over the 3 * perplexity nearest neighbours, Barnes-Hut repulsion on a quadtree).
/// - A. C. Belkina et al., "Automated optimized parameters for t-distributed stochastic neighbor
///   embedding improve visualization and analysis of large datasets", Nature Communications 10,
///   2019 (learning rate n / early exaggeration).
/// - D. Kobak and P. Berens, "The art of using t-SNE for single-cell transcriptomics", Nature
///   Communications 10, 2019 (PCA initialisation scaled to a standard deviation of 1e-4).
///
/// Semantics follow scikit-learn 1.2.1 `TSNE(init="pca", learning_rate="auto")`:
/// - affinities: squared Euclidean distances to the k = min(n - 1, floor(3 * perplexity + 1))
///   nearest neighbours (exact, from a k-d tree), conditional probabilities calibrated by binary
///   search on the precision to entropy log(perplexity) (tolerance 1e-5, at most 100 steps), then
///   P = (P + P^T) / sum. The exact method uses all n - 1 neighbours (dense P), as scikit-learn's
///   method="exact";
/// - optimisation: `iterations` steps in total, the first `exaggerationIterations` with P
///   multiplied by `earlyExaggeration` and momentum 0.5, then momentum 0.8; per-coordinate gains
///   (+0.2 when the gradient changes sign against the update, * 0.8 otherwise, at least 0.01);
/// - gradient convention: dC/dy / 4 = sum_j (p_ij - q_ij) (1 + |y_i - y_j|^2)^-1 (y_i - y_j), as
///   bhtsne, FIt-SNE and openTSNE. The learning rate is therefore 4x scikit-learn's: the automatic
///   rate max(n / earlyExaggeration, 200) is scikit-learn's max(n / early_exaggeration / 4, 50);
/// - initialisation: the first two principal components (pca.h), scaled so that the first has a
///   standard deviation of 1e-4 (Init::Pca), or seeded Gaussian noise with that deviation
///   (Init::Random).
///
/// Gradient: exact O(n^2) per iteration for small n, Barnes-Hut (quadtree, opening angle `theta`)
/// otherwise. Threads: every per-point loop runs over fixed blocks of points (sizes depend on n
/// only) whose partial sums are combined in block order, so a seed gives bitwise identical
/// embeddings whatever the thread count.
///
/// Progress/cancel: the neighbour search, calibration and every iteration poll the token; a
/// cancelled run returns cancelledError(). The snapshot callback (if set) is called every
/// `snapshotEvery` iterations and after the last one, on the thread that runs tsne(): a GUI must
/// copy or queue the snapshot to its own thread.

#include "microseg/error.h"
#include "microseg/kmeans.h" // RowMatrix
#include "microseg/progress.h"

#include <cstdint>
#include <functional>

namespace microseg::core {

enum class TsneGradient {
    Auto,      ///< Exact when n <= kTsneExactMaxRows, otherwise BarnesHut
    Exact,     ///< all pairs, dense P: O(n^2) time and memory (at most kTsneExactLimitRows)
    BarnesHut, ///< sparse P over nearest neighbours, quadtree repulsion: O(n log n)
};

enum class TsneInit { Pca, Random };

/// Largest n for which TsneGradient::Auto picks the exact gradient.
inline constexpr int kTsneExactMaxRows = 500;
/// Largest n the exact gradient accepts at all (its dense P takes 8 n^2 bytes: 200 MB here).
inline constexpr int kTsneExactLimitRows = 5000;

/// The state shown while the optimisation runs.
struct TsneSnapshot {
    int iteration = 0;          ///< iterations done so far (1-based count)
    int iterations = 0;         ///< total planned
    double klDivergence = 0.0;  ///< KL(P || Q) of these coordinates, without exaggeration
    bool exaggerating = false;  ///< still in the early exaggeration phase
    RowMatrix coordinates;      ///< n x 2, a copy
};

struct TsneOptions {
    double perplexity = 30.0;          ///< > 0 and < n
    int iterations = 1000;             ///< total, exaggeration phase included (>= 1)
    double earlyExaggeration = 12.0;   ///< >= 1
    int exaggerationIterations = 250;  ///< the first iterations use exaggeration and momentum 0.5
    double learningRate = 0.0;         ///< <= 0: max(n / earlyExaggeration, 200)
    std::uint64_t seed = 0;            ///< random initialisation (Init::Random); recorded always
    TsneInit init = TsneInit::Pca;
    TsneGradient gradient = TsneGradient::Auto;
    double theta = 0.5;                ///< Barnes-Hut opening angle (scikit-learn's angle)
    int threads = 0;                   ///< 0 = all cores
    int snapshotEvery = 10;            ///< callback period in iterations (>= 1)
    std::function<void(const TsneSnapshot&)> onSnapshot; ///< optional, see the file comment
};

struct TsneResult {
    RowMatrix embedding;               ///< n x 2
    double klDivergence = 0.0;         ///< of the final embedding (no exaggeration)
    int iterations = 0;
    double learningRate = 0.0;         ///< the rate used (after "auto")
    TsneGradient gradient = TsneGradient::Exact; ///< the method used (after Auto)
    int neighbours = 0;                ///< neighbours per point in P (n - 1 for Exact)
};

/// Embeds the rows of `x` (n >= 4 rows, all finite) into two dimensions.
Result<TsneResult> tsne(const Eigen::Ref<const RowMatrix>& x, const TsneOptions& options,
                        Progress& progress, const CancelToken& cancel);

/// The learning rate tsne() uses for n points with these options.
double tsneLearningRate(const TsneOptions& options, Eigen::Index rows);

const char* tsneGradientName(TsneGradient gradient); ///< "auto", "exact", "barnes_hut"

// Verification hooks: the pieces tsne() optimises, for comparison with reference implementations
// on small data (dense n x n matrices).

/// The joint probabilities P (n x n, symmetric, zero diagonal, sum 1) that tsne() uses: over all
/// pairs for Exact, over the nearest neighbours for BarnesHut (zero elsewhere); Auto as tsne().
Result<RowMatrix> tsneAffinities(const Eigen::Ref<const RowMatrix>& x, double perplexity,
                                 TsneGradient gradient, int threads = 0);

struct TsneObjective {
    double klDivergence = 0.0;
    RowMatrix gradient; ///< n x 2, dC/dy / 4
};
/// KL(P || Q) of the embedding `y` (n x 2) and its gradient, exact over all pairs or with
/// Barnes-Hut repulsion at opening angle `theta` (Auto: as tsne() for n rows).
TsneObjective tsneObjective(const RowMatrix& p, const RowMatrix& y, TsneGradient gradient,
                            double theta = 0.5, int threads = 0);

} // namespace microseg::core
