#pragma once
/// @file workspace_matrix.h
/// Reads numeric columns of a workspace table into a matrix for clustering, in table order,
/// using each dataset column's inferred type (a decimal-comma column is read as numbers).
/// A missing or non-numeric value is an error naming the table row and column: clustering never
/// drops or invents a value silently. Progress per batch of rows; cancel polled per batch.

#include <string>
#include <vector>

#include "microseg/error.h"
#include "microseg/numeric_csv.h"
#include "microseg/progress.h"
#include "microseg/workspace.h"

namespace microseg::core {

/// Columns of `tableName` whose type is integer or decimal (for choosing what to cluster).
std::vector<std::string> numericColumns(const Workspace& workspace, const std::string& tableName);

/// The named columns of `tableName` as an n x d matrix (NumericTable::columns = `columns`).
Result<NumericTable> readWorkspaceMatrix(const Workspace& workspace, const std::string& tableName,
                                         const std::vector<std::string>& columns,
                                         Progress& progress, const CancelToken& cancel);

} // namespace microseg::core
