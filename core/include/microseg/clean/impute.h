#pragma once
/// @file impute.h
/// Missing-value treatments on plain columns: drop rows, constant, mean, median, mode, k-nearest-
/// neighbour and regression imputation. Numeric algorithms use Eigen and std only.
///
/// Conventions follow scikit-learn 1.2.1 so that results match it on the same data:
/// - Mean/median/mode are SimpleImputer(strategy="mean"|"median"|"most_frequent"): the median of
///   an even count is the mean of the two middle values; a mode tie goes to the smallest value
///   (for text, the smallest in code-point order, as Python compares strings).
/// - knnImpute is KNNImputer(n_neighbors=k, weights="uniform"|"distance", metric="nan_euclidean")
///   fitted and applied on the same rows (Troyanskaya et al., "Missing value estimation methods
///   for DNA microarrays", Bioinformatics 17(6), 2001). The distance between rows x and y over the
///   coordinates present in both is sqrt(d / present * sum (x_i - y_i)^2), d the column count, and
///   undefined (NaN) when they share none. For each missing cell the donors are the rows having
///   that column; the k donors nearest by that distance are averaged (uniform: plain mean,
///   distance: weights 1 / distance, a zero distance taking all the weight; donors at NaN
///   distance weigh 0). A receiver with no defined distance to any donor gets the column mean.
///   Ties at the k-th distance are broken exactly as scikit-learn does, because the donor set is
///   chosen by a port of numpy 1.24's introselect (np.argpartition), NaN sorting last, and sums use
///   numpy's pairwise summation. Columns with no value at all are left missing (scikit-learn drops
///   them) and listed.
///   Cost: O(receivers x rows x columns) time, O(rows) memory per thread (one distance row per
///   receiver, never a receivers x rows matrix); receivers are processed in blocks on all cores.
///   Measured: see docs/benchmarks.md ("KNN imputation").
/// - regressionImpute is ordinary least squares with an intercept (LinearRegression) fitted on the
///   rows where the target is present, predictors being complete columns; the minimum-norm
///   solution when predictors are collinear (as scipy's lstsq).
///
/// Progress/cancel contract: knnImpute polls the token before every block of receivers and
/// returns cancelledError() without a partial result. The other functions are linear and fast.

#include "microseg/clean/plain_columns.h"
#include "microseg/error.h"
#include "microseg/progress.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace microseg::core::clean {

enum class FillStrategy { Constant, Mean, Median, Mode };

struct NumericFill {
    NumericColumn column;            ///< the column with missing cells filled
    std::optional<double> value;     ///< the fill value (none when the column has no value)
    std::size_t filled = 0;          ///< cells filled
};

/// Fills the missing cells of one numeric column. Constant uses `constant`. A column with no
/// value at all is returned unchanged for Mean/Median/Mode (value is empty).
NumericFill fillNumeric(const NumericColumn& column, FillStrategy strategy, double constant = 0.0);

struct TextFill {
    TextColumn column;
    std::optional<std::string> value;
    std::size_t filled = 0;
};

/// Constant or Mode for text columns. Mean and Median are InvalidArgument.
Result<TextFill> fillText(const TextColumn& column, FillStrategy strategy,
                          const std::string& constant = {});

/// Row positions (ascending) where any of the columns is missing: the "drop rows" treatment.
std::vector<std::size_t> rowsWithMissing(const std::vector<const TextColumn*>& columns);
std::vector<std::size_t> rowsWithMissing(const std::vector<NumericColumn>& columns);

enum class KnnWeights { Uniform, Distance };

struct KnnImputeOptions {
    int neighbors = 5; ///< k >= 1
    KnnWeights weights = KnnWeights::Uniform;
    int threads = 0;   ///< 0 = all cores
};

struct KnnImputeResult {
    std::vector<NumericColumn> columns; ///< the input with missing cells imputed
    std::size_t imputed = 0;            ///< cells filled from neighbours
    std::size_t meanFallback = 0;       ///< cells filled with the column mean (no shared coordinate)
    std::vector<std::size_t> emptyColumns; ///< columns with no value: left missing
};

/// Imputes every missing cell of `columns` (all of equal length) from the k nearest rows.
/// Errors (InvalidArgument): no column, unequal lengths, k < 1, threads < 0, a non-finite value.
Result<KnnImputeResult> knnImpute(const std::vector<NumericColumn>& columns,
                                  const KnnImputeOptions& options, Progress& progress,
                                  const CancelToken& cancel);

struct RegressionImputeResult {
    NumericColumn column; ///< target with missing cells predicted
    double intercept = 0.0;
    std::vector<double> coefficients; ///< one per predictor
    std::size_t filled = 0;
    std::size_t trainingRows = 0;
};

/// Predicts the missing cells of `target` from complete `predictors` by OLS. Errors
/// (InvalidArgument): no predictor, unequal lengths, a predictor with a missing value (named by
/// position and row), fewer than two rows with the target present.
Result<RegressionImputeResult> regressionImpute(const NumericColumn& target,
                                                const std::vector<NumericColumn>& predictors);

namespace detail {
/// np.argpartition(values, k - 1)[:k] of numpy 1.24 (introselect, NaN last): the positions of the
/// k smallest values, in the order numpy leaves them. Exposed for its reference test.
std::vector<std::size_t> argpartitionFirst(const std::vector<double>& values, std::size_t k);
/// numpy's pairwise summation of a contiguous float64 array (what np.sum computes).
double pairwiseSum(const double* values, std::size_t n);
} // namespace detail

} // namespace microseg::core::clean
