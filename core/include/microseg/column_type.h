#pragma once
/// @file column_type.h
/// Column type inference over the text of a column. Inference never rewrites stored text: it only
/// labels the column. Identifiers that look numeric but are not numbers keep the Text type:
/// leading zeros ("01234"), a leading plus ("+49 30 ..."), integers too long for 64 bits.

#include <cstdint>
#include <string>
#include <string_view>

namespace microseg::core {

enum class ColumnType { Empty, Boolean, Integer, Decimal, Date, DateTime, Text };

const char* columnTypeName(ColumnType type);  ///< "empty", "boolean", "integer", ...
ColumnType columnTypeFromName(std::string_view name);  ///< Text for unknown names

/// The inferred type of a column with the format details a later conversion needs.
struct InferredType {
    ColumnType type = ColumnType::Empty;
    char decimalMark = '.';    ///< Decimal: '.' or ','
    std::string dateFormat;    ///< Date/DateTime: e.g. "YYYY-MM-DD", "DD/MM/YYYY HH:MM"
    bool ambiguousDayMonth = false;  ///< both day-first and month-first fit every value
    std::string note;          ///< for people, e.g. why a numeric-looking column is Text

    /// "integer", "decimal (comma)", "date DD/MM/YYYY (day/month ambiguous)", ...
    [[nodiscard]] std::string describe() const;
    /// Compact form stored in the workspace and parsed back by fromStorage().
    [[nodiscard]] std::string toStorage() const;
    static InferredType fromStorage(std::string_view text);
};

/// Feeds the values of one column, one by one, in a single pass; memory is constant.
/// Empty values (after trimming spaces) count as missing and do not vote.
/// What one value looks like; ColumnTypeInferrer combines these over a column.
struct ValueShape {
    bool empty = false;
    bool boolean = false;
    bool integer = false;       ///< fits a signed 64-bit integer, written plainly
    bool decimalDot = false;    ///< a number with '.' decimal mark (or an integer)
    bool decimalComma = false;  ///< a number with ',' decimal mark (or an integer)
    bool hasComma = false;      ///< it used a ',' decimal mark
    bool identifierLike = false;  ///< numeric-looking but an identifier (leading 0, '+', too long)
    // Dates: the layout matched, and for A/B/YYYY layouts the two leading numbers.
    enum class DateLayout { None, Iso, DayMonthYear } dateLayout = DateLayout::None;
    char dateSeparator = 0;
    int partA = 0, partB = 0;   ///< DayMonthYear: the first two numbers (day/month unknown)
    bool twoDigitYear = false;
    bool hasTime = false, hasSeconds = false, hasAmPm = false, isoT = false, hasZone = false;
};
ValueShape classifyValue(std::string_view value);

/// Feeds the values of one column, one by one, in a single pass; memory is constant.
/// Empty values (after trimming spaces) count as missing and do not vote.
class ColumnTypeInferrer {
public:
    void add(std::string_view value);
    /// Counts `n` missing values at once (a column that appears part-way through a file).
    void addMissing(std::int64_t n) noexcept {
        m_count += n;
        m_missing += n;
    }
    [[nodiscard]] InferredType result() const;
    [[nodiscard]] std::int64_t missing() const noexcept { return m_missing; }
    [[nodiscard]] std::int64_t count() const noexcept { return m_count; }

private:
    std::int64_t m_count = 0;
    std::int64_t m_missing = 0;
    // Each flag stays true while every non-missing value so far fits that reading.
    bool m_boolean = true, m_integer = true, m_decimalDot = true, m_decimalComma = true;
    bool m_sawComma = false;
    bool m_identifierLike = false;
    std::string m_identifierExample;
    bool m_date = true;  ///< every value is a date of one layout and separator
    ValueShape::DateLayout m_layout = ValueShape::DateLayout::None;
    char m_separator = 0;
    bool m_dayFirstFits = true, m_monthFirstFits = true;
    bool m_twoDigitYear = false, m_fourDigitYear = false;
    bool m_anyTime = false, m_allTime = true, m_anySeconds = false, m_anyAmPm = false;
    bool m_isoT = false, m_anyZone = false;
};

} // namespace microseg::core
