#include "microseg/table_reader.h"

#include "sqlite_util.h"

namespace microseg::core {

Result<TableReader> TableReader::open(const Workspace& workspace, const std::string& tableName) {
    if (!workspace.hasTable(tableName))
        return Error{ErrorCode::NotFound,
                     "The workspace has no table named \"" + tableName + "\".", workspace.path(),
                     0, 0, tableName};
    TableReader reader;
    reader.m_workspace = &workspace;
    reader.m_table = tableName;
    Statement info(workspace.db(), "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    info.bind(1, tableName);
    bool hasRowColumn = false;
    while (info.step()) {
        std::string name = info.columnText(0);
        if (name == "_row")
            hasRowColumn = true;
        else
            reader.m_columns.push_back(std::move(name));
    }
    reader.m_hasRowColumn = hasRowColumn;
    reader.m_rowCount =
        queryInt(workspace.db(), "SELECT count(*) FROM " + quoteIdentifier(tableName)).value_or(0);
    return reader;
}

Result<std::vector<Row>> TableReader::fetch(std::int64_t offset, std::int64_t limit) const {
    std::string columns;
    for (const auto& name : m_columns)
        columns += (columns.empty() ? "" : ", ") + quoteIdentifier(name);
    if (columns.empty())
        return std::vector<Row>{};
    // Raw tables number their rows 1..n in _row, so a batch is an index range scan whatever the
    // offset; other tables fall back to LIMIT/OFFSET in rowid order.
    const std::string sql =
        m_hasRowColumn
            ? "SELECT " + columns + " FROM " + quoteIdentifier(m_table) +
                  " WHERE _row > ?1 AND _row <= ?1 + ?2 ORDER BY _row"
            : "SELECT " + columns + " FROM " + quoteIdentifier(m_table) +
                  " ORDER BY rowid LIMIT ?2 OFFSET ?1";
    Statement statement(m_workspace->db(), sql);
    if (!statement.valid())
        return sqliteError(m_workspace->db(), "reading table " + m_table);
    statement.bind(1, offset);
    statement.bind(2, limit);
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, limit)));
    const int n = static_cast<int>(m_columns.size());
    while (statement.step()) {
        Row row(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
            row[static_cast<std::size_t>(i)] = statement.columnOptionalText(i);
        rows.push_back(std::move(row));
    }
    if (statement.failed())
        return sqliteError(m_workspace->db(), "reading table " + m_table);
    return rows;
}

} // namespace microseg::core
