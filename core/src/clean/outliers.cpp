// IQR and z-score outliers (see outliers.h).
#include "microseg/clean/outliers.h"

#include "invalid_argument.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace microseg::core::clean {

double linearQuantile(const std::vector<double>& sorted, double q) {
    const auto n = static_cast<double>(sorted.size());
    // numpy's _compute_virtual_index with alpha = beta = 1, written as numpy evaluates it.
    const double virtualIndex = n * q + (1.0 + q * (1.0 - 1.0 - 1.0)) - 1.0;
    const double previous = std::floor(virtualIndex);
    const auto last = static_cast<double>(sorted.size() - 1);
    const double lowIndex = std::clamp(previous, 0.0, last);
    const double highIndex = std::clamp(previous + 1.0, 0.0, last);
    const double a = sorted[static_cast<std::size_t>(lowIndex)];
    const double b = sorted[static_cast<std::size_t>(highIndex)];
    const double t = virtualIndex - previous;
    // numpy's _lerp: from the nearer end, so that t = 1 gives b exactly.
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

Result<OutlierResult> detectOutliers(const NumericColumn& column, const OutlierOptions& options) {
    std::vector<double> present;
    for (std::size_t r = 0; r < column.size(); ++r) {
        if (!column[r])
            continue;
        if (!std::isfinite(*column[r])) {
            Error e = invalidArgument("Row " + std::to_string(r + 1) + " is not a finite number.");
            e.line = static_cast<std::int64_t>(r + 1);
            return e;
        }
        present.push_back(*column[r]);
    }
    OutlierResult result;
    if (options.method == OutlierMethod::Iqr) {
        if (!(options.iqrFactor >= 0.0) || !std::isfinite(options.iqrFactor))
            return invalidArgument("The IQR factor must be a number >= 0, not " +
                                   std::to_string(options.iqrFactor) + ".");
        if (present.empty())
            return invalidArgument("The column has no value to compute quartiles from.");
        std::sort(present.begin(), present.end());
        result.q1 = linearQuantile(present, 0.25);
        result.q3 = linearQuantile(present, 0.75);
        const double iqr = result.q3 - result.q1;
        result.lower = result.q1 - options.iqrFactor * iqr;
        result.upper = result.q3 + options.iqrFactor * iqr;
    } else {
        if (!(options.zThreshold > 0.0) || !std::isfinite(options.zThreshold))
            return invalidArgument("The z-score threshold must be a number > 0, not " +
                                   std::to_string(options.zThreshold) + ".");
        if (present.size() < 2)
            return invalidArgument("The z-score needs at least two values, the column has " +
                                   std::to_string(present.size()) + ".");
        double sum = 0.0;
        for (double v : present)
            sum += v;
        const auto n = static_cast<double>(present.size());
        result.mean = sum / n;
        double squares = 0.0;
        for (double v : present)
            squares += (v - result.mean) * (v - result.mean);
        result.stdDev = std::sqrt(squares / (n - 1.0));
        result.lower = result.mean - options.zThreshold * result.stdDev;
        result.upper = result.mean + options.zThreshold * result.stdDev;
    }
    result.outlier.assign(column.size(), 0);
    result.capped = column;
    for (std::size_t r = 0; r < column.size(); ++r) {
        if (!column[r])
            continue;
        const double v = *column[r];
        // The z-score test is written on z itself, as the reference computes it, so a value
        // exactly at the threshold is classified the same way.
        const bool low = options.method == OutlierMethod::Iqr
                             ? v < result.lower
                             : result.stdDev > 0.0 &&
                                   (v - result.mean) / result.stdDev < -options.zThreshold;
        const bool high = options.method == OutlierMethod::Iqr
                              ? v > result.upper
                              : result.stdDev > 0.0 &&
                                    (v - result.mean) / result.stdDev > options.zThreshold;
        if (low) {
            ++result.below;
            result.outlier[r] = 1;
            result.capped[r] = result.lower;
        } else if (high) {
            ++result.above;
            result.outlier[r] = 1;
            result.capped[r] = result.upper;
        }
    }
    return result;
}

} // namespace microseg::core::clean
