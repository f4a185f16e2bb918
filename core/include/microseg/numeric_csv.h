#pragma once
/// @file numeric_csv.h
/// Reads the numeric columns of a plain CSV file into a matrix, as they are (no scaling), so that
/// the command line can cluster exactly the numbers another tool is given. Uses the streaming
/// CsvReader (detection of encoding, delimiter and header included). A value that is not a number
/// in a column the caller named, or a missing value anywhere in a used column, is an error naming
/// the file, line and column: clustering never silently drops or invents a value.

#include <string>
#include <vector>

#include "microseg/csv_types.h"
#include "microseg/error.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"

namespace microseg::core {

struct NumericCsvOptions {
    std::vector<std::string> columns;  ///< columns to use, in this order; empty: every numeric one
    std::vector<std::string> exclude;  ///< columns to leave out (e.g. an id) when `columns` is empty
    CsvOptions csv;
};

struct NumericTable {
    std::vector<std::string> columns;         ///< the columns used, in matrix order
    std::vector<std::string> skippedColumns;  ///< columns left out because not all numeric
    RowMatrix values;                         ///< one row per data record, in file order
};

Result<NumericTable> readNumericCsv(const std::string& path, const NumericCsvOptions& options,
                                    Progress& progress, const CancelToken& cancel);

/// Standardises every column in place to mean 0 and standard deviation 1 (population standard
/// deviation, as scikit-learn's StandardScaler). A constant column is an InvalidArgument error
/// naming it, since it cannot be scaled.
Status standardiseColumns(RowMatrix& values, const std::vector<std::string>& names);

} // namespace microseg::core
