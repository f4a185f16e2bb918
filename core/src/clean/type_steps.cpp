// convert_type: explicit-format conversion of a text column to a typed column.
#include "microseg/clean/type_steps.h"

#include <QString>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "step_util.h"

namespace microseg::core::clean {
using namespace detail;

namespace {

std::string lowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c + 32);
    return out;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

std::string isoDateTime(const DateTimeValue& value) {
    char time[32];
    const int seconds = std::min(value.seconds, 86399);
    std::snprintf(time, sizeof time, "T%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return isoDate(value.days) + time;
}

Result<ValueConverter> ValueConverter::create(ConversionFormat format) {
    ValueConverter converter;
    if (format.target == ColumnType::Date || format.target == ColumnType::DateTime) {
        auto parser = DateParser::forFormat(format.dateFormat);
        if (!parser)
            return Error{ErrorCode::InvalidArgument,
                         "parameter \"format\": " + parser.error().message, {}, 0, 0, format.dateFormat};
        converter.m_dates = parser.value();
    }
    if (format.decimalMark != '.' && format.decimalMark != ',')
        return Error{ErrorCode::InvalidArgument, "parameter \"decimal_mark\" must be \".\" or \",\".", {}, 0, 0, {}};
    if (format.thousandsSeparator.size() == 1 && format.thousandsSeparator[0] == format.decimalMark)
        return Error{ErrorCode::InvalidArgument,
                     "parameters \"thousands_separator\" and \"decimal_mark\" must differ.", {}, 0, 0, {}};
    for (auto& value : format.trueValues)
        value = lowerAscii(value);
    for (auto& value : format.falseValues) {
        value = lowerAscii(value);
        if (std::find(format.trueValues.begin(), format.trueValues.end(), value) != format.trueValues.end())
            return Error{ErrorCode::InvalidArgument,
                         "\"" + value + "\" is both in \"true_values\" and \"false_values\".", {}, 0, 0, value};
    }
    converter.m_format = std::move(format);
    return converter;
}

std::optional<std::string> ValueConverter::convert(std::string_view text) const {
    text = trimmed(text);
    switch (m_format.target) {
    case ColumnType::Integer:
    case ColumnType::Decimal: {
        std::string cleaned;
        const std::string& separator = m_format.thousandsSeparator;
        if (!separator.empty()) {
            cleaned.reserve(text.size());
            for (std::size_t i = 0; i < text.size();) {
                if (text.compare(i, separator.size(), separator) == 0) {
                    i += separator.size();
                } else {
                    cleaned += text[i++];
                }
            }
            text = cleaned;
        }
        const auto number = parseNumber(text, m_format.decimalMark);
        if (!number)
            return std::nullopt;
        if (m_format.target == ColumnType::Decimal)
            return formatNumber(*number);
        // Integers: exactly representable and whole; 2^53 bounds the doubles that are exact.
        if (std::floor(*number) != *number || std::fabs(*number) > 9007199254740992.0)
            return std::nullopt;
        return std::to_string(static_cast<long long>(*number));
    }
    case ColumnType::Date:
    case ColumnType::DateTime: {
        const auto value = m_dates->parse(text);
        if (!value)
            return std::nullopt;
        return m_format.target == ColumnType::Date ? isoDate(value->days) : isoDateTime(*value);
    }
    case ColumnType::Boolean: {
        const std::string key = lowerAscii(text);
        if (std::find(m_format.trueValues.begin(), m_format.trueValues.end(), key) != m_format.trueValues.end())
            return std::string("true");
        if (std::find(m_format.falseValues.begin(), m_format.falseValues.end(), key) != m_format.falseValues.end())
            return std::string("false");
        return std::nullopt;
    }
    default:
        return std::string(text);
    }
}

namespace {

Result<std::unique_ptr<Step>> createConvert(const RecipeStep& step) {
    const QJsonObject& p = step.params;
    auto to = choiceParam(p, "to", {"integer", "decimal", "date", "datetime", "boolean"}, "");
    if (!to)
        return to.error();
    if (to.value().empty())
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"to\" is required (integer, decimal, date, datetime or boolean).", {}, 0, 0, {}};
    ConversionFormat format;
    format.target = to.value() == "datetime" ? ColumnType::DateTime : columnTypeFromName(to.value());
    auto dateFormat = stringParam(p, "format", "");
    auto mark = choiceParam(p, "decimal_mark", {".", ","}, ".");
    auto thousands = stringParam(p, "thousands_separator", "");
    auto onInvalid = choiceParam(p, "on_invalid", {"null", "fail"}, "null");
    auto maxInvalid = fractionParam(p, "max_invalid_fraction", 0.5);
    auto flagColumn = p.contains("flag_column") ? columnNameParam(p, "flag_column", "")
                                                : Result<std::string>(std::string());
    auto trueValues = stringListParam(p, "true_values", false);
    auto falseValues = stringListParam(p, "false_values", false);
    for (const Error* error : {dateFormat ? nullptr : &dateFormat.error(), mark ? nullptr : &mark.error(),
                               thousands ? nullptr : &thousands.error(), onInvalid ? nullptr : &onInvalid.error(),
                               maxInvalid ? nullptr : &maxInvalid.error(), flagColumn ? nullptr : &flagColumn.error(),
                               trueValues ? nullptr : &trueValues.error(), falseValues ? nullptr : &falseValues.error()})
        if (error)
            return *error;
    if ((format.target == ColumnType::Date || format.target == ColumnType::DateTime) &&
        dateFormat.value().empty())
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"format\" is required for dates (e.g. \"DD/MM/YYYY\" or \"YYYY-MM-DD HH:MM\").", {}, 0, 0, {}};
    format.dateFormat = dateFormat.value();
    format.decimalMark = mark.value()[0];
    format.thousandsSeparator = thousands.value();
    if (!trueValues.value().empty())
        format.trueValues = trueValues.value();
    if (!falseValues.value().empty())
        format.falseValues = falseValues.value();
    auto converter = ValueConverter::create(format);
    if (!converter)
        return converter.error();
    const bool fail = onInvalid.value() == "fail";
    return makeStep([columns = step.columns, converter = converter.value(), fail,
                     maxFraction = maxInvalid.value(), flag = flagColumn.value(), to = to.value()](
                        const CleanTable& table, Progress& progress,
                        const CancelToken& cancel) -> Result<StepResult> {
        StepResult result;
        const std::size_t rows = table.rowCount();
        CleanColumn flagCells{flag, ColumnType::Text, std::vector<Cell>(flag.empty() ? 0 : rows)};
        std::int64_t emptied = 0;
        const std::string what = to == "date"       ? "dates in " + converter.format().dateFormat
                                 : to == "datetime" ? "date-times in " + converter.format().dateFormat
                                 : to == "boolean"  ? "true/false values"
                                                    : to + " numbers";
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const CleanColumn& source = *table.find(columns[c]);
            CleanColumn out{source.name, converter.format().target, {}};
            out.cells.reserve(rows);
            IssueCollector invalid("not_converted", source.name);
            std::int64_t nonEmpty = 0;
            for (std::size_t r = 0; r < rows; ++r) {
                if (r % kCancelEvery == 0 && r > 0) {
                    if (cancel.isCancelled())
                        return cancelledError();
                    progress.report((double(c) + double(r) / double(rows)) / double(columns.size()));
                }
                const Cell& cell = source.cells[r];
                if (!cell || trimmed(*cell).empty()) {
                    emptied += cell ? 1 : 0;
                    out.cells.emplace_back();
                    continue;
                }
                ++nonEmpty;
                auto converted = converter.convert(*cell);
                if (!converted) {
                    invalid.add(table.rowIds()[r], cell);
                    if (!flag.empty())
                        appendFlag(flagCells.cells[r], source.name + ": " + *cell);
                }
                out.cells.push_back(std::move(converted));
            }
            const std::int64_t bad = invalid.count();
            const std::string summary = std::to_string(bad) + " of " + std::to_string(nonEmpty) +
                                        " values of column \"" + source.name + "\" are not " + what;
            auto issues = invalid.take(summary + (fail ? "." : "; they become missing."));
            if (bad > 0 && (fail || double(bad) > maxFraction * double(nonEmpty))) {
                std::string examples;
                for (const auto& example : issues[0].examples)
                    examples += (examples.empty() ? "" : ", ") + ("\"" + example + "\"");
                return Error{ErrorCode::InvalidArgument,
                             summary + (fail ? "" : " (more than max_invalid_fraction " +
                                                        formatNumber(maxFraction) + ": the type no longer fits)") +
                                 ", e.g. " + examples + ".",
                             {}, 0, 0, source.name};
            }
            result.issues.insert(result.issues.end(), issues.begin(), issues.end());
            QJsonObject counts;
            counts["converted"] = static_cast<qint64>(nonEmpty - bad);
            counts["not_converted"] = static_cast<qint64>(bad);
            result.counts[QString::fromStdString(source.name)] = counts;
            result.replaced.push_back(std::move(out));
        }
        result.counts["empty_text_to_missing"] = static_cast<qint64>(emptied);
        if (!flag.empty()) {
            if (const CleanColumn* existing = table.find(flag)) {
                // A flag column from an earlier step: keep its flags, add ours.
                CleanColumn merged = *existing;
                for (std::size_t r = 0; r < rows; ++r)
                    if (flagCells.cells[r])
                        appendFlag(merged.cells[r], *flagCells.cells[r]);
                result.replaced.push_back(std::move(merged));
            } else {
                result.added.push_back({std::move(flagCells), columns.back()});
            }
        }
        return result;
    });
}

} // namespace

void registerTypeSteps(StepRegistry& registry) {
    addStep(registry, {"convert_type", "Convert type", "types",
                       "Converts columns to integer, decimal, date, date-time or boolean with an explicit format; "
                       "values that do not convert are counted and shown.",
                       1, -1,
                       {param("to", "choice", "target type", "", true, {"integer", "decimal", "date", "datetime", "boolean"}),
                        param("format", "string", "date format, e.g. DD/MM/YYYY or YYYY-MM-DD HH:MM (dates only)"),
                        param("decimal_mark", "choice", "decimal mark of the numbers", ".", false, {".", ","}),
                        param("thousands_separator", "string", "removed before reading numbers", ""),
                        param("true_values", "array", "texts read as true (any case)", "true, yes, y, t, 1"),
                        param("false_values", "array", "texts read as false (any case)", "false, no, n, f, 0"),
                        param("on_invalid", "choice", "values that do not convert become missing, or fail the step", "null", false, {"null", "fail"}),
                        param("max_invalid_fraction", "number", "fail when more than this share (0..1) does not convert", "0.5"),
                        param("flag_column", "string", "new column listing each value that did not convert")},
                       createConvert});
}

} // namespace microseg::core::clean
