// The in-memory cleaning table, its loading from the workspace, and number text conventions.
#include "microseg/clean/clean_table.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sqlite_util.h"

namespace microseg::core::clean {

std::optional<std::size_t> CleanTable::columnIndex(std::string_view name) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].name == name)
            return i;
    return std::nullopt;
}

const CleanColumn* CleanTable::find(std::string_view name) const {
    const auto index = columnIndex(name);
    return index ? &m_columns[*index] : nullptr;
}

std::vector<std::string> CleanTable::columnNames() const {
    std::vector<std::string> names;
    names.reserve(m_columns.size());
    for (const auto& column : m_columns)
        names.push_back(column.name);
    return names;
}

Status CleanTable::addColumn(CleanColumn column, std::string_view after) {
    if (column.name.empty())
        return Error{ErrorCode::InvalidArgument, "A new column needs a name.", {}, 0, 0, {}};
    if (columnIndex(column.name))
        return Error{ErrorCode::AlreadyExists,
                     "The table already has a column named \"" + column.name + "\".", {}, 0, 0,
                     column.name};
    if (column.cells.size() != rowCount())
        return Error{ErrorCode::InvalidArgument,
                     "The new column \"" + column.name + "\" has " +
                         std::to_string(column.cells.size()) + " cells for " +
                         std::to_string(rowCount()) + " rows.",
                     {}, 0, 0, column.name};
    auto position = m_columns.end();
    if (!after.empty())
        if (const auto index = columnIndex(after))
            position = m_columns.begin() + static_cast<std::ptrdiff_t>(*index + 1);
    m_columns.insert(position, std::move(column));
    return success();
}

Status CleanTable::replaceColumn(CleanColumn column) {
    const auto index = columnIndex(column.name);
    if (!index)
        return Error{ErrorCode::NotFound, "There is no column named \"" + column.name + "\".", {},
                     0, 0, column.name};
    if (column.cells.size() != rowCount())
        return Error{ErrorCode::InvalidArgument,
                     "The rewritten column \"" + column.name + "\" has " +
                         std::to_string(column.cells.size()) + " cells for " +
                         std::to_string(rowCount()) + " rows.",
                     {}, 0, 0, column.name};
    m_columns[*index] = std::move(column);
    return success();
}

Status CleanTable::removeColumn(std::string_view name) {
    const auto index = columnIndex(name);
    if (!index)
        return Error{ErrorCode::NotFound, "There is no column named \"" + std::string(name) + "\".",
                     {}, 0, 0, std::string(name)};
    m_columns.erase(m_columns.begin() + static_cast<std::ptrdiff_t>(*index));
    return success();
}

Status CleanTable::renameColumn(std::string_view from, const std::string& to) {
    const auto index = columnIndex(from);
    if (!index)
        return Error{ErrorCode::NotFound, "There is no column named \"" + std::string(from) + "\".",
                     {}, 0, 0, std::string(from)};
    if (from != to && columnIndex(to))
        return Error{ErrorCode::AlreadyExists, "The table already has a column named \"" + to + "\".",
                     {}, 0, 0, to};
    m_columns[*index].name = to;
    return success();
}

void CleanTable::dropRows(const std::vector<std::size_t>& positions) {
    if (positions.empty())
        return;
    std::vector<char> drop(rowCount(), 0);
    for (std::size_t position : positions)
        if (position < drop.size())
            drop[position] = 1;
    const auto compact = [&drop](auto& values) {
        std::size_t out = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (drop[i])
                continue;
            if (out != i)  // never self-move: a moved-from string may be left empty
                values[out] = std::move(values[i]);
            ++out;
        }
        values.resize(out);
    };
    compact(m_rowIds);
    for (auto& column : m_columns)
        compact(column.cells);
}

Result<CleanTable> loadCleanTable(const Workspace& workspace, const std::string& tableName,
                                  Progress& progress, const CancelToken& cancel) {
    if (!workspace.hasTable(tableName))
        return Error{ErrorCode::NotFound, "The workspace has no table named \"" + tableName + "\".",
                     workspace.path(), 0, 0, tableName};
    sqlite3* db = workspace.db();
    std::vector<std::string> names;
    std::vector<ColumnType> types;
    bool hasRow = false, hasRawRow = false;
    {
        Statement info(db, "SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid");
        info.bind(1, tableName);
        while (info.step()) {
            std::string name = info.columnText(0);
            const std::string type = info.columnText(1);
            if (name == "_row") {
                hasRow = true;
            } else if (name == "_raw_row") {
                hasRawRow = true;
            } else {
                names.push_back(std::move(name));
                types.push_back(type == "INTEGER" ? ColumnType::Integer
                                : type == "REAL"  ? ColumnType::Decimal
                                                  : ColumnType::Text);
            }
        }
    }
    const std::string quoted = quoteIdentifier(tableName);
    const std::int64_t total = queryInt(db, "SELECT count(*) FROM " + quoted).value_or(0);
    std::string sql = "SELECT " + std::string(hasRawRow ? "_raw_row" : hasRow ? "_row" : "rowid");
    for (const auto& name : names)
        sql += ", " + quoteIdentifier(name);
    sql += " FROM " + quoted + " ORDER BY " + (hasRow ? "_row" : "rowid");
    Statement select(db, sql);
    if (!select.valid())
        return sqliteError(db, "reading table " + tableName);

    std::vector<std::int64_t> rowIds;
    rowIds.reserve(static_cast<std::size_t>(total));
    std::vector<CleanColumn> columns(names.size());
    for (std::size_t c = 0; c < names.size(); ++c) {
        columns[c].name = names[c];
        columns[c].type = types[c];
        columns[c].cells.reserve(static_cast<std::size_t>(total));
    }
    sqlite3_stmt* s = select.get();
    std::int64_t read = 0;
    while (select.step()) {
        if (++read % 8192 == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(total > 0 ? double(read) / double(total) : 1.0, "Reading " + tableName);
        }
        rowIds.push_back(hasRow || hasRawRow ? sqlite3_column_int64(s, 0) : read);
        for (std::size_t c = 0; c < names.size(); ++c) {
            const int i = static_cast<int>(c) + 1;
            if (sqlite3_column_type(s, i) == SQLITE_NULL) {
                columns[c].cells.emplace_back();
            } else {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
                columns[c].cells.emplace_back(std::in_place, text,
                                              static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
            }
        }
    }
    if (select.failed())
        return sqliteError(db, "reading table " + tableName);
    CleanTable table(std::move(rowIds));
    for (auto& column : columns)
        if (Status status = table.addColumn(std::move(column)); !status)
            return status.error();
    progress.report(1.0, "Read " + std::to_string(read) + " rows of " + tableName);
    return table;
}

std::optional<double> parseNumber(std::string_view text, char decimalMark) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.empty() || text.size() > 64)
        return std::nullopt;
    char buffer[65];
    std::size_t n = 0;
    std::size_t start = 0;
    if (text[0] == '+' || text[0] == '-') {
        if (text[0] == '-')
            buffer[n++] = '-';
        start = 1;
    }
    bool digits = false;
    for (std::size_t i = start; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            digits = true;
        } else if (c == decimalMark) {
            c = '.';
        } else if (c == '.' || c == ',') {
            return std::nullopt;  // the other mark: a thousands separator or a different locale
        } else if (!(c == 'e' || c == 'E' || ((c == '+' || c == '-') && i > start &&
                                               (text[i - 1] == 'e' || text[i - 1] == 'E')))) {
            return std::nullopt;
        }
        buffer[n++] = c;
    }
    if (!digits)
        return std::nullopt;
    double value = 0.0;
    const auto [end, error] = std::from_chars(buffer, buffer + n, value);
    if (error != std::errc() || end != buffer + n || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string formatNumber(double value) {
    if (value == 0.0)
        return "0";
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc() ? std::string(buffer, end) : std::string("nan");
}

std::string formatFixed(double value, int decimals) {
    decimals = std::clamp(decimals, 0, 15);
    // Round the shortest decimal text of the value, not its binary expansion: 2.675 -> "2.68"
    // as a person expects, although the double nearest 2.675 lies just below it.
    char buffer[400];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                            std::chars_format::fixed);
    if (error != std::errc())
        return formatNumber(value);
    std::string text(buffer, end);
    const auto dot = text.find('.');
    std::string whole = dot == std::string::npos ? text : text.substr(0, dot);
    std::string fraction = dot == std::string::npos ? std::string() : text.substr(dot + 1);
    const bool roundUp = fraction.size() > std::size_t(decimals) && fraction[std::size_t(decimals)] >= '5';
    fraction.resize(std::size_t(decimals), '0');
    std::string digits = whole + fraction;
    if (roundUp) {
        std::size_t i = digits.size();
        while (i > 0) {
            --i;
            if (digits[i] == '9') {
                digits[i] = '0';
            } else {
                ++digits[i];
                break;
            }
            if (i == 0)
                digits.insert(digits.begin(), '1');
        }
    }
    const std::size_t wholeSize = digits.size() - std::size_t(decimals);
    std::string out = digits.substr(0, wholeSize);
    if (decimals > 0)
        out += "." + digits.substr(wholeSize);
    const bool zero = std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; });
    return (value < 0 && !zero ? "-" : "") + out;
}

} // namespace microseg::core::clean
