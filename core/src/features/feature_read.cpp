// Private helpers shared by the feature-set builder and engagement tiers (feature_read.h).
#include "feature_read.h"

#include "sqlite_util.h"

#include <charconv>
#include <cmath>

namespace microseg::core::features {

std::string_view trimmed(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    return v;
}

std::optional<double> parseNumber(std::string_view v, char decimalMark) {
    v = trimmed(v);
    if (!v.empty() && v.front() == '+')
        v.remove_prefix(1);
    std::string buffer;
    if (decimalMark == ',') {
        for (char c : v)
            if (c != '.')
                buffer += c == ',' ? '.' : c;
        v = buffer;
    }
    double out = 0.0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size() || !std::isfinite(out))
        return std::nullopt;
    return out;
}

bool isMissing(const std::optional<std::string>& cell) {
    return !cell || trimmed(*cell).empty();
}

Result<std::string> resolveTable(const Workspace& workspace, const std::string& nameOrTable) {
    std::string table = nameOrTable;
    if (auto dataset = workspace.dataset(table))
        table = dataset->tableName;
    if (table.empty() || !workspace.hasTable(table))
        return Error{ErrorCode::NotFound,
                     "The workspace has no table or dataset named \"" + nameOrTable + "\".",
                     {},
                     0,
                     0,
                     nameOrTable};
    return table;
}

std::map<std::string, char> tableColumns(const Workspace& workspace, const std::string& table) {
    std::map<std::string, char> out;
    Statement info(workspace.db(), "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    info.bind(1, table);
    while (info.step())
        if (std::string name = info.columnText(0); name != "_row")
            out[name] = '.';
    if (auto dataset = workspace.datasetByTable(table))
        for (const auto& column : workspace.columns(dataset->id))
            if (auto it = out.find(column.name); it != out.end())
                it->second = column.type.decimalMark;
    return out;
}

Error missingColumn(const std::string& table, const std::string& column,
                    const std::map<std::string, char>& columns) {
    std::string available;
    for (const auto& entry : columns)
        available += (available.empty() ? "" : ", ") + entry.first;
    return Error{ErrorCode::NotFound,
                 "Table \"" + table + "\" has no column \"" + column + "\"; it has: " + available +
                     ".",
                 {},
                 0,
                 0,
                 column};
}

} // namespace microseg::core::features
