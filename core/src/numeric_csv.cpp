#include "microseg/numeric_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "microseg/csv_reader.h"

namespace microseg::core {
namespace {

/// Parses a plain number ("12", "-3.5", "1e-3", surrounding spaces allowed).
bool parseNumber(std::string_view text, double& value) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    if (text.empty())
        return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

} // namespace

Result<NumericTable> readNumericCsv(const std::string& path, const NumericCsvOptions& options,
                                    Progress& progress, const CancelToken& cancel) {
    auto opened = CsvReader::open(path, options.csv);
    if (!opened)
        return opened.error();
    CsvReader& reader = *opened.value();
    const auto names = reader.columnNames();

    // Which file columns feed the matrix, and whether the caller named them (then a non-number
    // is an error) or they were picked as numeric (then a non-number drops the column).
    std::vector<std::size_t> wanted;
    const bool named = !options.columns.empty();
    if (named) {
        for (const auto& column : options.columns) {
            const auto found = std::find(names.begin(), names.end(), column);
            if (found == names.end())
                return Error{ErrorCode::NotFound, "The file has no column \"" + column + "\".",
                             path, 0, 0, column};
            wanted.push_back(static_cast<std::size_t>(found - names.begin()));
        }
    } else {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (std::find(options.exclude.begin(), options.exclude.end(), names[i]) ==
                options.exclude.end())
                wanted.push_back(i);
    }

    std::vector<std::vector<double>> columns(wanted.size());
    std::vector<bool> numeric(wanted.size(), true);
    CsvRecord record;
    std::int64_t rows = 0;
    while (reader.next(record)) {
        for (std::size_t w = 0; w < wanted.size(); ++w) {
            if (!numeric[w])
                continue;
            const std::size_t index = wanted[w];
            const std::string& text = index < record.fields.size() ? record.fields[index] : "";
            double value = 0.0;
            if (parseNumber(text, value)) {
                columns[w].push_back(value);
                continue;
            }
            const bool missing = text.find_first_not_of(' ') == std::string::npos;
            if (named || missing)
                return Error{ErrorCode::InvalidArgument,
                             missing ? "Missing value in column \"" + names[index] +
                                           "\": clean or impute it before clustering."
                                     : "\"" + text + "\" in column \"" + names[index] +
                                           "\" is not a number.",
                             path, record.line, static_cast<std::int64_t>(index + 1), text};
            numeric[w] = false;  // a text column: left out, and said so
            columns[w].clear();
        }
        if (++rows % 8192 == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(reader.fractionRead(), "Reading " + path);
        }
    }
    if (cancel.isCancelled())
        return cancelledError();

    NumericTable table;
    std::vector<std::size_t> used;
    for (std::size_t w = 0; w < wanted.size(); ++w) {
        if (numeric[w]) {
            table.columns.push_back(names[wanted[w]]);
            used.push_back(w);
        } else {
            table.skippedColumns.push_back(names[wanted[w]]);
        }
    }
    if (table.columns.empty())
        return Error{ErrorCode::InvalidArgument, "The file has no numeric column to use.", path,
                     0, 0, {}};
    if (rows == 0)
        return Error{ErrorCode::EmptyFile, "The file has no data rows.", path, 0, 0, {}};
    table.values.resize(rows, static_cast<Eigen::Index>(used.size()));
    for (std::size_t c = 0; c < used.size(); ++c)
        for (std::int64_t r = 0; r < rows; ++r)
            table.values(r, static_cast<Eigen::Index>(c)) = columns[used[c]][static_cast<std::size_t>(r)];
    progress.report(1.0, "Read " + std::to_string(rows) + " rows");
    return table;
}

Status standardiseColumns(RowMatrix& values, const std::vector<std::string>& names) {
    const auto n = static_cast<double>(values.rows());
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
        const double mean = values.col(c).sum() / n;
        const double variance = (values.col(c).array() - mean).square().sum() / n;
        if (!(variance > 0.0))
            return Error{ErrorCode::InvalidArgument,
                         "Column \"" + names[static_cast<std::size_t>(c)] +
                             "\" is constant and cannot be standardised; leave it out.",
                         {}, 0, c + 1, names[static_cast<std::size_t>(c)]};
        values.col(c) = (values.col(c).array() - mean) / std::sqrt(variance);
    }
    return success();
}

} // namespace microseg::core
