// The distinct levels of a categorical column, as the feature builder reads them (trimmed).
#include "feature_read.h"
#include "microseg/feature_set.h"
#include "sqlite_util.h"

namespace microseg::core {

Result<std::vector<std::string>> distinctLevels(const Workspace& workspace,
                                                const std::string& table,
                                                const std::string& column, int limit) {
    auto resolved = features::resolveTable(workspace, table);
    if (!resolved)
        return resolved.error();
    const auto columns = features::tableColumns(workspace, resolved.value());
    if (!columns.count(column))
        return features::missingColumn(resolved.value(), column, columns);
    const std::string name = quoteIdentifier(column);
    Statement statement(workspace.db(), "SELECT DISTINCT trim(" + name + ") AS level FROM " +
                                            quoteIdentifier(resolved.value()) +
                                            " WHERE level <> '' ORDER BY level LIMIT ?1");
    if (!statement.valid())
        return sqliteError(workspace.db(), "reading the levels of column " + column);
    statement.bind(1, std::int64_t{limit});
    std::vector<std::string> out;
    while (statement.step())
        out.push_back(statement.columnText(0));
    if (statement.failed())
        return sqliteError(workspace.db(), "reading the levels of column " + column);
    return out;
}

} // namespace microseg::core
