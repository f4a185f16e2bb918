#pragma once
/// @file outliers.h
/// Outliers of one numeric column by Tukey's IQR fences or by a z-score threshold, and what to do
/// with them: flag, cap (winsorise to the fences) or drop the row.
///
/// - IQR (J. W. Tukey, "Exploratory Data Analysis", 1977): Q1 and Q3 are quantiles with linear
///   interpolation between order statistics, exactly as pandas `Series.quantile` (numpy's
///   "linear" method, same floating-point steps); the fences are Q1 - f * IQR and Q3 + f * IQR
///   with f editable (1.5 by default, 3 for "far out"); a value strictly outside is an outlier.
/// - z-score: z = (x - mean) / s with the sample standard deviation (ddof = 1, pandas' default);
///   |z| > threshold is an outlier; capping clips to mean -/+ threshold * s.
/// Missing values are never outliers and stay missing. tests/fixtures/clean/
/// make_outliers_reference.py computes the same counts and fences with pandas.

#include "microseg/clean/plain_columns.h"
#include "microseg/error.h"

#include <cstddef>
#include <vector>

namespace microseg::core::clean {

enum class OutlierMethod { Iqr, ZScore };

struct OutlierOptions {
    OutlierMethod method = OutlierMethod::Iqr;
    double iqrFactor = 1.5;  ///< f >= 0
    double zThreshold = 3.0; ///< > 0
};

struct OutlierResult {
    double lower = 0.0; ///< values below are outliers (and are capped to it)
    double upper = 0.0;
    double q1 = 0.0, q3 = 0.0;      ///< IQR method
    double mean = 0.0, stdDev = 0.0; ///< z-score method
    std::size_t below = 0, above = 0;
    std::vector<char> outlier; ///< per row: 1 when the value is outside [lower, upper]
    NumericColumn capped;      ///< the column with outliers clipped to [lower, upper]
    [[nodiscard]] std::size_t count() const noexcept { return below + above; }
};

/// Errors (InvalidArgument): a non-finite value (naming the row), a negative factor or a
/// threshold <= 0, fewer than one present value (IQR) or two (z-score: s needs two).
Result<OutlierResult> detectOutliers(const NumericColumn& column, const OutlierOptions& options);

/// Linear-interpolation quantile of sorted values (numpy's "linear" method), q in [0, 1].
double linearQuantile(const std::vector<double>& sorted, double q);

} // namespace microseg::core::clean
