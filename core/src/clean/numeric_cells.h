#pragma once
// Text cells <-> numeric columns for the algorithm steps. Private to core/src/clean.

#include "microseg/clean/clean_table.h"
#include "microseg/clean/plain_columns.h"
#include "microseg/clean/step.h"

#include <cmath>

namespace microseg::core::clean::detail {

/// The numbers of a column; cells that are not numbers count as missing and are reported in
/// `issue` (kind "not_a_number").
inline NumericColumn numbersOf(const CleanColumn& column, const CleanTable& table,
                               IssueCollector& issue) {
    NumericColumn out(column.cells.size());
    for (std::size_t r = 0; r < column.cells.size(); ++r) {
        const Cell& cell = column.cells[r];
        if (!cell || cell->find_first_not_of(" \t") == std::string::npos)
            continue;
        const auto value = parseNumber(*cell);
        if (value && std::isfinite(*value))
            out[r] = value;
        else
            issue.add(table.rowIds()[r], cell);
    }
    return out;
}

/// `column` with the cells at `rows` rewritten from `values`; Integer stays Integer only while
/// every written value is whole.
inline CleanColumn withNumbers(const CleanColumn& column, const NumericColumn& values,
                               const std::vector<std::size_t>& rows) {
    CleanColumn out = column;
    bool whole = true;
    for (std::size_t r : rows) {
        const double v = *values[r];
        whole = whole && v == std::floor(v) && std::abs(v) < 9.0e15;
        out.cells[r] = formatNumber(v);
    }
    if (!whole && out.type == ColumnType::Integer)
        out.type = ColumnType::Decimal;
    if (whole && out.type == ColumnType::Integer)
        for (std::size_t r : rows)
            out.cells[r] = std::to_string(static_cast<std::int64_t>(*values[r]));
    return out;
}

} // namespace microseg::core::clean::detail
