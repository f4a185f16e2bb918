#pragma once
/// @file clean_table.h
/// The in-memory table a cleaning recipe works on: columns of UTF-8 text cells (nullopt = SQL
/// NULL), each with the type a conversion step gave it, plus the raw `_row` number of every row so
/// that a cleaned row always traces back to the raw row it came from. Steps never change this
/// table themselves: they return a StepResult (step.h) and the engine applies it, so a step that
/// fails or is cancelled leaves the table exactly as it was.
///
/// Canonical cell text by column type (what steps write and the store converts to SQLite types):
///   Text      any UTF-8                          -> TEXT
///   Integer   "-42"                              -> INTEGER
///   Decimal   shortest round-trip "3.25", "1e-07" -> REAL
///   Boolean   "true" / "false"                   -> INTEGER 1 / 0
///   Date      ISO 8601 "2010-12-01"              -> TEXT
///   DateTime  ISO 8601 "2010-12-01T08:26:00"     -> TEXT

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "microseg/column_type.h"
#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/table_reader.h"  // Cell, Row
#include "microseg/workspace.h"

namespace microseg::core::clean {

using core::Cell;

struct CleanColumn {
    std::string name;
    ColumnType type = ColumnType::Text;
    std::vector<Cell> cells;  ///< one per row of the table
};

class CleanTable {
public:
    CleanTable() = default;
    /// A table with the given raw row numbers and no columns yet.
    explicit CleanTable(std::vector<std::int64_t> rowIds) : m_rowIds(std::move(rowIds)) {}

    [[nodiscard]] std::size_t rowCount() const noexcept { return m_rowIds.size(); }
    [[nodiscard]] std::size_t columnCount() const noexcept { return m_columns.size(); }
    /// Raw `_row` of each row (1-based, ascending, unique): rows are only ever dropped.
    [[nodiscard]] const std::vector<std::int64_t>& rowIds() const noexcept { return m_rowIds; }
    [[nodiscard]] const std::vector<CleanColumn>& columns() const noexcept { return m_columns; }
    [[nodiscard]] const CleanColumn& column(std::size_t index) const { return m_columns[index]; }
    /// Index of the column named `name` (exact match), or nullopt.
    [[nodiscard]] std::optional<std::size_t> columnIndex(std::string_view name) const;
    /// The column named `name`, or nullptr.
    [[nodiscard]] const CleanColumn* find(std::string_view name) const;
    [[nodiscard]] std::vector<std::string> columnNames() const;

    /// Appends a column (its cells must number rowCount()); inserted after `after` when that names
    /// a column. Fails with AlreadyExists / InvalidArgument.
    Status addColumn(CleanColumn column, std::string_view after = {});
    /// Replaces the cells and type of the existing column with the same name.
    Status replaceColumn(CleanColumn column);
    Status removeColumn(std::string_view name);
    Status renameColumn(std::string_view from, const std::string& to);
    /// Drops the rows at the given positions (0-based, ascending, unique).
    void dropRows(const std::vector<std::size_t>& positions);

private:
    std::vector<std::int64_t> m_rowIds;
    std::vector<CleanColumn> m_columns;
};

/// Reads a whole workspace table. Raw tables give their `_row`; a cleaned table gives its
/// `_raw_row` (so cleaning a cleaned table still traces to the raw rows); any other table numbers
/// its rows 1..n. Column types come from a cleaned table's declared SQLite types (INTEGER ->
/// Integer, REAL -> Decimal), otherwise Text. Progress: rows read; cancel polled per batch.
Result<CleanTable> loadCleanTable(const Workspace& workspace, const std::string& tableName,
                                  Progress& progress, const CancelToken& cancel);

/// Numbers as cleaning steps read and write them. parseNumber accepts an optional sign, digits
/// with an optional decimal mark (`decimalMark`, '.' or ','), an optional exponent, and spaces
/// around; nothing else (no thousands separators: strip them with regex_replace first).
std::optional<double> parseNumber(std::string_view text, char decimalMark = '.');
/// Shortest text that reads back as the same double ("3.25", "1e-07"; zero is "0"), never
/// locale-bound.
std::string formatNumber(double value);
/// `value` rounded to exactly `decimals` places, half away from zero on its shortest decimal
/// text (2.675 -> "2.68"), written plainly ("12.50").
std::string formatFixed(double value, int decimals);

} // namespace microseg::core::clean
