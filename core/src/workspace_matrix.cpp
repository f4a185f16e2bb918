#include "microseg/workspace_matrix.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sqlite_util.h"

namespace microseg::core {
namespace {

/// The stored type of each column: dataset metadata for imported tables, otherwise the declared
/// SQL type, otherwise inference over the first values.
std::vector<std::pair<std::string, InferredType>> columnTypes(const Workspace& workspace,
                                                              const std::string& table) {
    std::vector<std::pair<std::string, InferredType>> out;
    if (auto dataset = workspace.datasetByTable(table)) {
        for (auto& column : workspace.columns(dataset->id))
            out.emplace_back(column.name, column.type);
        return out;
    }
    Statement info(workspace.db(), "SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid");
    info.bind(1, table);
    while (info.step()) {
        const std::string name = info.columnText(0);
        const std::string declared = info.columnText(1);
        if (name == "_row")
            continue;
        InferredType type;
        if (declared == "INTEGER") {
            type.type = ColumnType::Integer;
        } else if (declared == "REAL" || declared == "NUMERIC") {
            type.type = ColumnType::Decimal;
        } else {
            ColumnTypeInferrer inferrer;
            Statement sample(workspace.db(), "SELECT " + quoteIdentifier(name) + " FROM " +
                                                 quoteIdentifier(table) + " LIMIT 1000");
            while (sample.step())
                inferrer.add(sample.columnText(0));
            type = inferrer.result();
        }
        out.emplace_back(name, type);
    }
    return out;
}

bool isNumeric(const InferredType& type) {
    return type.type == ColumnType::Integer || type.type == ColumnType::Decimal;
}

/// Text to number under the column's decimal mark (spaces around the value allowed).
bool parseNumber(std::string text, char decimalMark, double& value) {
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    if (first == std::string::npos)
        return false;
    text = text.substr(first, last - first + 1);
    if (decimalMark == ',')
        std::replace(text.begin(), text.end(), ',', '.');
    if (!text.empty() && text.front() == '+')
        text.erase(0, 1);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

} // namespace

std::vector<std::string> numericColumns(const Workspace& workspace, const std::string& tableName) {
    std::vector<std::string> out;
    for (const auto& [name, type] : columnTypes(workspace, tableName))
        if (isNumeric(type))
            out.push_back(name);
    return out;
}

Result<NumericTable> readWorkspaceMatrix(const Workspace& workspace, const std::string& tableName,
                                         const std::vector<std::string>& columns,
                                         Progress& progress, const CancelToken& cancel) {
    if (!workspace.hasTable(tableName))
        return Error{ErrorCode::NotFound, "The workspace has no table named \"" + tableName + "\".",
                     workspace.path(), 0, 0, tableName};
    if (columns.empty())
        return Error{ErrorCode::InvalidArgument, "Choose at least one column to cluster.", {}, 0, 0, {}};
    const auto types = columnTypes(workspace, tableName);
    std::vector<char> marks;
    bool hasRowColumn = false;
    {
        Statement info(workspace.db(), "SELECT 1 FROM pragma_table_info(?1) WHERE name = '_row'");
        info.bind(1, tableName);
        hasRowColumn = info.step();
    }
    std::string select;
    for (const auto& column : columns) {
        const auto found = std::find_if(types.begin(), types.end(),
                                        [&](const auto& entry) { return entry.first == column; });
        if (found == types.end())
            return Error{ErrorCode::NotFound,
                         "Table \"" + tableName + "\" has no column \"" + column + "\".", {}, 0, 0,
                         column};
        marks.push_back(found->second.type == ColumnType::Decimal ? found->second.decimalMark : '.');
        select += (select.empty() ? "" : ", ") + quoteIdentifier(column);
    }
    const std::string order = hasRowColumn ? "_row" : "rowid";
    const auto total = queryInt(workspace.db(), "SELECT count(*) FROM " + quoteIdentifier(tableName))
                           .value_or(0);
    NumericTable table;
    table.columns = columns;
    table.values.resize(total, static_cast<Eigen::Index>(columns.size()));
    Statement rows(workspace.db(), "SELECT " + select + " FROM " + quoteIdentifier(tableName) +
                                       " ORDER BY " + order);
    Eigen::Index r = 0;
    while (r < total && rows.step()) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const int column = static_cast<int>(c);
            double value = 0.0;
            const int kind = sqlite3_column_type(rows.get(), column);
            bool ok = kind == SQLITE_INTEGER || kind == SQLITE_FLOAT;
            if (ok)
                value = rows.columnDouble(column);
            else if (kind == SQLITE_TEXT)
                ok = parseNumber(rows.columnText(column), marks[c], value);
            if (!ok) {
                const bool missing = kind == SQLITE_NULL;
                return Error{ErrorCode::InvalidArgument,
                             "Row " + std::to_string(r + 1) + " of \"" + tableName + "\", column \"" +
                                 columns[c] + "\": " +
                                 (missing ? std::string("missing value; clean or impute it before "
                                                        "clustering.")
                                          : "\"" + rows.columnText(column) + "\" is not a number."),
                             {}, 0, static_cast<std::int64_t>(c + 1),
                             missing ? std::string() : rows.columnText(column)};
            }
            table.values(r, static_cast<Eigen::Index>(c)) = value;
        }
        if (++r % 16384 == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(double(r) / double(std::max<std::int64_t>(total, 1)), "Reading " + tableName);
        }
    }
    if (rows.failed())
        return sqliteError(workspace.db(), "reading table " + tableName);
    if (cancel.isCancelled())
        return cancelledError();
    table.values.conservativeResize(r, table.values.cols());
    progress.report(1.0, "Read " + std::to_string(r) + " rows");
    return table;
}

} // namespace microseg::core
