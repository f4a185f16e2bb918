#pragma once
/// @file column_profile.h
/// Summary of one column for the profile panel: type, missing and distinct counts, min/max/mean
/// for numbers (min/max for dates), the most frequent values, and a histogram. Counts and top
/// values are computed by SQL over the stored text; numeric statistics read the column's numbers
/// once (8 bytes a value) to find percentiles for the histogram's range.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "microseg/column_type.h"
#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/workspace.h"

namespace microseg::core {

struct HistogramBin {
    double lower = 0.0;
    double upper = 0.0;
    std::int64_t count = 0;
};

struct ColumnProfile {
    std::string column;
    InferredType type;
    std::int64_t rows = 0;
    std::int64_t missing = 0;
    std::int64_t distinct = 0;
    std::optional<double> min, max, mean;       ///< numeric columns
    std::string minText, maxText;               ///< dates (ISO-like formats) and text
    std::vector<std::pair<std::string, std::int64_t>> topValues;  ///< most frequent first
    std::vector<HistogramBin> histogram;        ///< numeric columns, equal-width bins
    /// Heavy-tailed columns (money, quantities) are binned over their 0.5th to 99.5th
    /// percentile, so that one outlier does not squeeze every other value into one bar; these
    /// count the values left of and right of the bins (both 0 when the bins span min..max).
    std::int64_t belowHistogram = 0, aboveHistogram = 0;
};

/// Profiles `column` of `tableName`. Uses the column's stored type when the table is a dataset,
/// otherwise infers it. Polls `cancel` between its queries.
Result<ColumnProfile> profileColumn(const Workspace& workspace, const std::string& tableName,
                                    const std::string& column, Progress& progress,
                                    const CancelToken& cancel, int histogramBins = 20,
                                    int topCount = 10);

} // namespace microseg::core
