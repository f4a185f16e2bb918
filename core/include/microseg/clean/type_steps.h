#pragma once
/// @file type_steps.h
/// Type conversion (step "convert_type", registered by registerTypeSteps): a column becomes
/// integer, decimal, date, date-time or boolean under an explicit format. Converted values are
/// written in canonical form (clean_table.h); dates in ISO 8601. Values that do not convert are
/// reported with their count and examples, and either become missing (on_invalid "null", the
/// default: the report and the optional flag column show each one) or fail the step
/// (on_invalid "fail"). When more than max_invalid_fraction of the non-empty values do not
/// convert, the step fails: the column's type no longer fits the format.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "microseg/clean/clean_table.h"
#include "microseg/date_parse.h"
#include "microseg/error.h"

namespace microseg::core::clean {

struct ConversionFormat {
    ColumnType target = ColumnType::Integer;
    char decimalMark = '.';          ///< integer, decimal
    std::string thousandsSeparator;  ///< removed before parsing ("," or "." or " "), "" = none
    std::string dateFormat;          ///< date, datetime: "DD/MM/YYYY", "YYYY-MM-DD HH:MM", ...
    std::vector<std::string> trueValues{"true", "yes", "y", "t", "1"};   ///< boolean, any case
    std::vector<std::string> falseValues{"false", "no", "n", "f", "0"};
};

class ValueConverter {
public:
    /// Fails when the format does not fit the target (unknown date format, same decimal mark and
    /// thousands separator, a value both true and false).
    static Result<ValueConverter> create(ConversionFormat format);
    /// Canonical text of `text` (spaces around ignored), or nullopt when it does not convert.
    /// Integer accepts a decimal with a zero fraction ("12.00" -> "12"); a date-time without a
    /// time gets 00:00:00; a date with a time keeps the date only.
    [[nodiscard]] std::optional<std::string> convert(std::string_view text) const;
    [[nodiscard]] const ConversionFormat& format() const noexcept { return m_format; }

private:
    ConversionFormat m_format;
    std::optional<DateParser> m_dates;
};

/// "YYYY-MM-DDTHH:MM:SS" of a date-time value.
std::string isoDateTime(const DateTimeValue& value);

} // namespace microseg::core::clean
