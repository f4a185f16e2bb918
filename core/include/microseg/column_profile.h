#pragma once
/// @file column_profile.h
/// Summary of one column for the profile panel: type, missing and distinct counts, min/max/mean
/// for numbers (min/max for dates), the most frequent values, and a histogram. Computed with
/// SQL over the stored text, so it streams over tables of any size.

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
};

/// Profiles `column` of `tableName`. Uses the column's stored type when the table is a dataset,
/// otherwise infers it. Polls `cancel` between its queries.
Result<ColumnProfile> profileColumn(const Workspace& workspace, const std::string& tableName,
                                    const std::string& column, Progress& progress,
                                    const CancelToken& cancel, int histogramBins = 20,
                                    int topCount = 10);

} // namespace microseg::core
