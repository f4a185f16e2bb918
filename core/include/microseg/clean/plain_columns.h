#pragma once
/// @file plain_columns.h
/// The plain data the cleaning algorithms work on: one column is a vector of optional values, one
/// per row, where std::nullopt is a missing value (an empty cell or SQL NULL). Text is UTF-8.
/// Keeping the algorithms on these types, not on the recipe engine's tables, lets them be tested
/// and benchmarked alone; the engine's step adapters convert at the boundary.

#include <optional>
#include <string>
#include <vector>

namespace microseg::core::clean {

using TextColumn = std::vector<std::optional<std::string>>;
using NumericColumn = std::vector<std::optional<double>>;

} // namespace microseg::core::clean
