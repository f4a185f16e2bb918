#include "microseg/date_parse.h"

#include <cstdio>

namespace microseg::core {
namespace {

bool isDigit(char c) noexcept {
    return c >= '0' && c <= '9';
}

/// Reads 1..maxDigits digits at pos; returns how many were read.
int readNumber(std::string_view v, std::size_t& pos, int maxDigits, int& out) noexcept {
    int digits = 0;
    out = 0;
    while (pos < v.size() && digits < maxDigits && isDigit(v[pos])) {
        out = out * 10 + (v[pos] - '0');
        ++pos;
        ++digits;
    }
    return digits;
}

bool validDate(int year, int month, int day) noexcept {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1)
        return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= (month == 2 && leap ? 29 : kDays[month - 1]);
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return false;
    return true;
}

/// Parses the optional time part from pos to the end: " HH:MM[:SS[.fff]]" (or "T..." for ISO),
/// then an AM/PM marker (day/month layouts) or a zone (ISO). `seconds` gets the seconds into the
/// day; `offset` the zone's offset east of UTC in seconds.
bool parseTime(std::string_view v, std::size_t pos, bool iso, int& seconds, int& offset) noexcept {
    seconds = 0;
    offset = 0;
    if (pos == v.size())
        return true; // date only
    if (!(v[pos] == ' ' || (iso && v[pos] == 'T')))
        return false;
    ++pos;
    int hour = 0, minute = 0, second = 0;
    if (readNumber(v, pos, 2, hour) == 0 || pos >= v.size() || v[pos] != ':')
        return false;
    ++pos;
    if (readNumber(v, pos, 2, minute) != 2 || minute > 59)
        return false;
    if (pos < v.size() && v[pos] == ':') {
        ++pos;
        if (readNumber(v, pos, 2, second) != 2 || second > 60)
            return false;
        if (pos < v.size() && (v[pos] == '.' || v[pos] == ',')) { // fractions are dropped
            const std::size_t start = ++pos;
            while (pos < v.size() && isDigit(v[pos]))
                ++pos;
            if (pos == start)
                return false;
        }
    }
    bool amPm = false;
    if (iso && pos < v.size()) {
        if (v[pos] == 'Z') {
            ++pos;
        } else if (v[pos] == '+' || v[pos] == '-') {
            const int sign = v[pos] == '-' ? -1 : 1;
            ++pos;
            int zh = 0, zm = 0;
            if (readNumber(v, pos, 2, zh) != 2 || zh > 14)
                return false;
            if (pos < v.size() && v[pos] == ':')
                ++pos;
            if (pos < v.size() && (readNumber(v, pos, 2, zm) != 2 || zm > 59))
                return false;
            offset = sign * (zh * 3600 + zm * 60);
        }
    } else if (!iso && pos < v.size()) {
        std::size_t start = pos;
        while (start < v.size() && v[start] == ' ')
            ++start;
        const std::string_view marker = v.substr(start);
        const bool am = equalsIgnoreCase(marker, "AM"), pm = equalsIgnoreCase(marker, "PM");
        if (!am && !pm)
            return false;
        if (hour < 1 || hour > 12)
            return false;
        hour = (hour % 12) + (pm ? 12 : 0);
        amPm = true;
        pos = v.size();
    }
    if (!amPm && hour > 23)
        return false;
    seconds = hour * 3600 + minute * 60 + second;
    return pos == v.size();
}

} // namespace

std::int32_t daysFromCivil(int year, int month, int day) noexcept {
    // H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil.
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(month + (month > 2 ? -3 : 9)) + 2) / 5 +
                         static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

std::string isoDate(std::int32_t days) {
    // H. Hinnant, civil_from_days.
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int y = static_cast<int>(yoe) + era * 400 + (m <= 2);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", y, m, d);
    return buffer;
}

std::optional<std::int32_t> parseIsoDay(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    std::size_t pos = 0;
    int y = 0, m = 0, d = 0;
    if (readNumber(text, pos, 4, y) != 4)
        return std::nullopt;
    pos = 5;
    if (readNumber(text, pos, 2, m) != 2)
        return std::nullopt;
    pos = 8;
    if (readNumber(text, pos, 2, d) != 2 || !validDate(y, m, d))
        return std::nullopt;
    return daysFromCivil(y, m, d);
}

Result<DateParser> DateParser::forType(const InferredType& type) {
    if (type.type != ColumnType::Date && type.type != ColumnType::DateTime)
        return Error{ErrorCode::InvalidArgument,
                     std::string("The column holds ") + type.describe() + ", not dates.",
                     {},
                     0,
                     0,
                     type.describe()};
    return forFormat(type.dateFormat);
}

Result<DateParser> DateParser::forFormat(std::string_view format) {
    DateParser parser;
    parser.m_format = std::string(format);
    const auto bad = [&] {
        return Error{ErrorCode::InvalidArgument,
                     "Unknown date format \"" + std::string(format) +
                         "\" (expected e.g. YYYY-MM-DD, DD/MM/YYYY or MM/DD/YY, with an optional "
                         "time HH:MM[:SS] [AM/PM]).",
                     {},
                     0,
                     0,
                     std::string(format)};
    };
    if (format.substr(0, 4) == "YYYY" && format.size() >= 10 && format.substr(5, 2) == "MM" &&
        format.substr(8, 2) == "DD" && format[4] == format[7]) {
        parser.m_layout = Layout::Iso;
        parser.m_separator = format[4];
    } else if (format.size() >= 8 && (format.substr(0, 2) == "DD" || format.substr(0, 2) == "MM") &&
               format[2] == format[5]) {
        const bool dayFirst = format.substr(0, 2) == "DD";
        if (format.substr(3, 2) != (dayFirst ? "MM" : "DD") || format.substr(6, 2) != "YY")
            return bad();
        parser.m_layout = dayFirst ? Layout::DayFirst : Layout::MonthFirst;
        parser.m_separator = format[2];
    } else {
        return bad();
    }
    if (parser.m_separator != '-' && parser.m_separator != '/' && parser.m_separator != '.')
        return bad();
    return parser;
}

std::optional<DateTimeValue> DateParser::parse(std::string_view v) const noexcept {
    while (!v.empty() && v.front() == ' ')
        v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ')
        v.remove_suffix(1);
    std::size_t pos = 0;
    int a = 0, b = 0, c = 0;
    const int digitsA = readNumber(v, pos, 4, a);
    if (pos >= v.size() || v[pos] != m_separator)
        return std::nullopt;
    ++pos;
    const int digitsB = readNumber(v, pos, 2, b);
    if (digitsB == 0 || pos >= v.size() || v[pos] != m_separator)
        return std::nullopt;
    ++pos;
    int year = 0, month = 0, day = 0;
    if (m_layout == Layout::Iso) {
        if (digitsA != 4 || readNumber(v, pos, 2, c) == 0)
            return std::nullopt;
        year = a;
        month = b;
        day = c;
    } else {
        if (digitsA == 0 || digitsA > 2)
            return std::nullopt;
        const int digitsC = readNumber(v, pos, 4, c);
        if (digitsC == 2)
            year = c < 69 ? 2000 + c : 1900 + c; // POSIX %y
        else if (digitsC == 4)
            year = c;
        else
            return std::nullopt;
        day = m_layout == Layout::DayFirst ? a : b;
        month = m_layout == Layout::DayFirst ? b : a;
    }
    if (!validDate(year, month, day))
        return std::nullopt;
    int seconds = 0, offset = 0;
    if (!parseTime(v, pos, m_layout == Layout::Iso, seconds, offset))
        return std::nullopt;
    DateTimeValue out{daysFromCivil(year, month, day), seconds - offset};
    if (out.seconds < 0) {
        out.seconds += 86400;
        --out.days;
    } else if (out.seconds >= 86400 && offset != 0) {
        out.seconds -= 86400;
        ++out.days;
    }
    return out;
}

} // namespace microseg::core
