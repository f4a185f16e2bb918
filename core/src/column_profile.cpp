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

/// Min, max, mean and the histogram; reorders `values`.
void fillNumericStatistics(ColumnProfile& profile, std::vector<double>& values, int bins) {
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    profile.min = *low;
    profile.max = *high;
    long double sum = 0.0L;
    for (double v : values)
        sum += v;
    profile.mean = static_cast<double>(sum / static_cast<long double>(values.size()));
    if (bins <= 0)
        return;
    // Bin over the central 99 % when the tails stretch the range more than fourfold.
    const auto quantile = [&](double q) {
        const auto index = static_cast<std::size_t>(q * double(values.size() - 1) + 0.5);
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                         values.end());
        return values[index];
    };
    double from = *profile.min, to = *profile.max;
    const double p005 = quantile(0.005), p995 = quantile(0.995);
    if (p995 > p005 && (to - from) > 4.0 * (p995 - p005)) {
        from = p005;
        to = p995;
    }
    const int count = to > from ? bins : 1;
    const double width = to > from ? (to - from) / count : 1.0;
    profile.histogram.resize(static_cast<std::size_t>(count));
    for (int b = 0; b < count; ++b)
        profile.histogram[static_cast<std::size_t>(b)] = {from + b * width, from + (b + 1) * width, 0};
    for (double v : values) {
        if (v < from) {
            ++profile.belowHistogram;
        } else if (v > to) {
            ++profile.aboveHistogram;
        } else {
            const auto bin = std::min<std::int64_t>(static_cast<std::int64_t>((v - from) / width), count - 1);
            ++profile.histogram[static_cast<std::size_t>(bin)].count;
        }
    }
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
        std::vector<double> values;
        values.reserve(static_cast<std::size_t>(profile.rows - profile.missing));
        Statement read(db, "SELECT " + numericExpression(column, profile.type) + " FROM " + table +
                               " WHERE " + column + " IS NOT NULL");
        while (read.step()) {
            values.push_back(read.columnDouble(0));
            if (values.size() % 65536 == 0 && cancel.isCancelled())
                return cancelledError();
        }
        if (!values.empty())
            fillNumericStatistics(profile, values, histogramBins);
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
