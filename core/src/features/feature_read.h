#pragma once
// Private helpers shared by the feature-set builder and engagement tiers: resolving a table,
// its columns' decimal marks, and parsing the numbers stored as text.

#include "microseg/error.h"
#include "microseg/workspace.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace microseg::core::features {

std::string_view trimmed(std::string_view v);
/// A finite number written with `decimalMark` ('.' or ','; ',' drops '.' grouping), else nullopt.
std::optional<double> parseNumber(std::string_view v, char decimalMark);
bool isMissing(const std::optional<std::string>& cell);
/// The SQLite table of a dataset or table name (NotFound when neither exists).
Result<std::string> resolveTable(const Workspace& workspace, const std::string& nameOrTable);
/// The table's columns (without _row) with their decimal marks from the dataset metadata.
std::map<std::string, char> tableColumns(const Workspace& workspace, const std::string& table);
/// NotFound "Table t has no column c; it has: ..." .
Error missingColumn(const std::string& table, const std::string& column,
                    const std::map<std::string, char>& columns);

} // namespace microseg::core::features
