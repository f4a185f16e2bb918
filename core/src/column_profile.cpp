#include "microseg/column_profile.h"

#include <algorithm>
#include <cmath>

#include "sqlite_util.h"

namespace microseg::core {
namespace {

/// SQL expression reading the column as a number (decimal comma turned into a point).
std::string numericExpression(const std::string& column, const InferredType& type) {
    if (type.type == ColumnType::Decimal && type.decimalMark == ',')
        return "CAST(REPLACE(REPLACE(" + column + ", '.', ''), ',', '.') AS REAL)";
    return "CAST(" + column + " AS REAL)";
}

InferredType inferFromSample(sqlite3* db, const std::string& table, const std::string& column) {
    ColumnTypeInferrer inferrer;
    Statement statement(db, "SELECT " + column + " FROM " + table + " LIMIT 10000");
    while (statement.step())
        inferrer.add(statement.columnText(0));
    return inferrer.result();
}

} // namespace

Result<ColumnProfile> profileColumn(const Workspace& workspace, const std::string& tableName,
                                    const std::string& columnName, Progress& progress,
                                    const CancelToken& cancel, int histogramBins, int topCount) {
    sqlite3* db = workspace.db();
    if (!workspace.hasTable(tableName))
        return Error{ErrorCode::NotFound, "No table named \"" + tableName + "\".", {}, 0, 0, tableName};
    const std::string table = quoteIdentifier(tableName);
    const std::string column = quoteIdentifier(columnName);
    ColumnProfile profile;
    profile.column = columnName;

    bool typed = false;
    if (auto dataset = workspace.datasetByTable(tableName)) {
        for (const auto& info : workspace.columns(dataset->id))
            if (info.name == columnName) {
                profile.type = info.type;
                typed = true;
            }
    }
    {
        Statement counts(db, "SELECT count(*), count(" + column + "), count(DISTINCT " + column +
                                 ") FROM " + table);
        if (!counts.valid())
            return Error{ErrorCode::NotFound,
                         "Table \"" + tableName + "\" has no column \"" + columnName + "\".", {}, 0,
                         0, columnName};
        counts.step();
        profile.rows = counts.columnInt(0);
        profile.missing = profile.rows - counts.columnInt(1);
        profile.distinct = counts.columnInt(2);
    }
    if (!typed)
        profile.type = inferFromSample(db, table, column);
    progress.report(0.4, "Profiling " + columnName);
    if (cancel.isCancelled())
        return cancelledError();

    const ColumnType type = profile.type.type;
    if (type == ColumnType::Integer || type == ColumnType::Decimal) {
        const std::string value = numericExpression(column, profile.type);
        Statement stats(db, "SELECT min(" + value + "), max(" + value + "), avg(" + value +
                                ") FROM " + table + " WHERE " + column + " IS NOT NULL");
        if (stats.step() && !stats.columnIsNull(0)) {
            profile.min = stats.columnDouble(0);
            profile.max = stats.columnDouble(1);
            profile.mean = stats.columnDouble(2);
        }
        if (cancel.isCancelled())
            return cancelledError();
        if (profile.min && histogramBins > 0) {
            const double low = *profile.min, high = *profile.max;
            const int bins = high > low ? histogramBins : 1;
            const double width = high > low ? (high - low) / bins : 1.0;
            profile.histogram.resize(static_cast<std::size_t>(bins));
            for (int b = 0; b < bins; ++b)
                profile.histogram[static_cast<std::size_t>(b)] = {low + b * width,
                                                                  low + (b + 1) * width, 0};
            Statement histogram(db, "SELECT min(CAST((" + value + " - ?1) / ?2 AS INTEGER), ?3), "
                                    "count(*) FROM " + table + " WHERE " + column +
                                    " IS NOT NULL GROUP BY 1");
            sqlite3_bind_double(histogram.get(), 1, low);
            sqlite3_bind_double(histogram.get(), 2, width);
            histogram.bind(3, std::int64_t{bins - 1});
            while (histogram.step()) {
                const auto bin = std::clamp<std::int64_t>(histogram.columnInt(0), 0, bins - 1);
                profile.histogram[static_cast<std::size_t>(bin)].count += histogram.columnInt(1);
            }
        }
    } else if ((type == ColumnType::Date || type == ColumnType::DateTime) &&
               profile.type.dateFormat.rfind("YYYY", 0) == 0) {
        // Year-first layouts sort chronologically as text.
        Statement range(db, "SELECT min(" + column + "), max(" + column + ") FROM " + table);
        if (range.step()) {
            profile.minText = range.columnText(0);
            profile.maxText = range.columnText(1);
        }
    }
    progress.report(0.7, "Profiling " + columnName);
    if (cancel.isCancelled())
        return cancelledError();
    Statement top(db, "SELECT " + column + ", count(*) AS n FROM " + table + " WHERE " + column +
                          " IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?1");
    top.bind(1, std::int64_t{topCount});
    while (top.step())
        profile.topValues.emplace_back(top.columnText(0), top.columnInt(1));
    progress.report(1.0, "Profiled " + columnName);
    return profile;
}

} // namespace microseg::core
