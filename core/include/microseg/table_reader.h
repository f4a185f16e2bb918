#pragma once
/// @file table_reader.h
/// Reads any workspace table in row batches for the data grid and `microseg-cli show`, without
/// ever loading the whole table. Raw tables are append-only with _row = 1..n in file order; the
/// _row column itself is not listed in columnNames().

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "microseg/error.h"
#include "microseg/workspace.h"

namespace microseg::core {

using Cell = std::optional<std::string>;  ///< nullopt = missing (SQL NULL)
using Row = std::vector<Cell>;

class TableReader {
public:
    /// Fails with NotFound if the table does not exist.
    static Result<TableReader> open(const Workspace& workspace, const std::string& tableName);

    [[nodiscard]] const std::string& tableName() const noexcept { return m_table; }
    [[nodiscard]] const std::vector<std::string>& columnNames() const noexcept { return m_columns; }
    [[nodiscard]] std::int64_t rowCount() const noexcept { return m_rowCount; }

    /// Rows [offset, offset + limit) in table order (fewer at the end).
    Result<std::vector<Row>> fetch(std::int64_t offset, std::int64_t limit) const;

private:
    TableReader() = default;
    const Workspace* m_workspace = nullptr;
    std::string m_table;
    std::vector<std::string> m_columns;
    std::int64_t m_rowCount = 0;
    bool m_hasRowColumn = false;  ///< raw tables carry _row = 1..n in file order
};

} // namespace microseg::core
