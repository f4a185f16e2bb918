#pragma once
/// @file date_parse.h
/// Converts the text of a date column to numbers, in the layouts the importer infers
/// (InferredType::dateFormat, see column_type.h): ISO 8601
/// "YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+hh:mm]" (also with '/' or '.' between the parts), and
/// "DD/MM/YYYY", "MM/DD/YYYY" with '/', '-' or '.', one- or two-digit day and month, two- or
/// four-digit year, an optional " HH:MM[:SS]" and an optional AM/PM. The time is optional per value
/// (the importer notes "some values have no time").
///
/// Conventions:
///  - Two-digit years follow POSIX strptime %y (and Python, hence pandas): 69-99 -> 1969-1999,
///    00-68 -> 2000-2068.
///  - A value with a zone (Z or +hh:mm) is converted to UTC; values without one are kept as
///    written (wall-clock time), which is how pandas reads naive timestamps.
///  - Days count from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
///    days_from_civil algorithm, http://howardhinnant.github.io/date_algorithms.html).
/// Parsing is allocation-free; a parser is cheap to copy and safe to share between threads.

#include "microseg/column_type.h"
#include "microseg/error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace microseg::core {

/// A point in time: whole days since 1970-01-01 and seconds into that day (0..86399; 86400 only
/// for a leap second written as :60).
struct DateTimeValue {
    std::int32_t days = 0;
    std::int32_t seconds = 0;
    [[nodiscard]] std::int64_t totalSeconds() const noexcept {
        return std::int64_t{days} * 86400 + seconds;
    }
    friend bool operator==(const DateTimeValue&, const DateTimeValue&) = default;
};

/// Days since 1970-01-01 of a valid civil date (negative before 1970).
std::int32_t daysFromCivil(int year, int month, int day) noexcept;
/// "YYYY-MM-DD" of a day number.
std::string isoDate(std::int32_t days);
/// Parses "YYYY-MM-DD" exactly (used for analysis dates typed by people).
std::optional<std::int32_t> parseIsoDay(std::string_view text);

class DateParser {
  public:
    enum class Layout { Iso, DayFirst, MonthFirst };

    /// A parser for a column's inferred type. Fails with InvalidArgument when the type is not a
    /// date or its format is not one the importer writes.
    static Result<DateParser> forType(const InferredType& type);
    /// A parser for a format string such as "DD/MM/YYYY HH:MM" or "YYYY-MM-DD".
    static Result<DateParser> forFormat(std::string_view format);

    /// The value, or nullopt when `text` (spaces around it ignored) is not a valid date/time in
    /// this parser's layout.
    [[nodiscard]] std::optional<DateTimeValue> parse(std::string_view text) const noexcept;

    [[nodiscard]] Layout layout() const noexcept { return m_layout; }
    [[nodiscard]] const std::string& format() const noexcept { return m_format; }

  private:
    DateParser() = default;
    Layout m_layout = Layout::Iso;
    char m_separator = '-';
    std::string m_format;
};

} // namespace microseg::core
