#include "microseg/column_type.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <array>
#include <cctype>
#include <cstring>

namespace microseg::core {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    return v;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool isBooleanToken(std::string_view v) {
    if (v.size() > 5)
        return false;  // the common case, decided without touching the characters
    static constexpr std::array<std::string_view, 8> kTokens = {"true", "false", "yes", "no",
                                                                "y",    "n",     "t",   "f"};
    for (auto token : kTokens)
        if (equalsIgnoreCase(v, token))
            return true;
    return false;
}

/// Reads 1..maxDigits digits at v[pos]; returns the count read (0 if none).
int readNumber(std::string_view v, std::size_t& pos, int maxDigits, int& value) {
    int digits = 0;
    value = 0;
    while (pos < v.size() && isDigit(v[pos]) && digits < maxDigits) {
        value = value * 10 + (v[pos] - '0');
        ++pos;
        ++digits;
    }
    if (pos < v.size() && isDigit(v[pos]))
        return 0;  // more digits than allowed
    return digits;
}

int daysInMonth(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 29;
    return kDays[static_cast<std::size_t>(month - 1)];
}

bool validDate(int year, int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/// Parses " HH:MM[:SS[.fff]][ AM|PM]" (or "THH:MM..." for ISO) from pos to the end.
bool parseTime(std::string_view v, std::size_t pos, ValueShape& shape, bool iso) {
    if (pos >= v.size())
        return true;  // date only
    if (v[pos] == 'T' && iso) {
        shape.isoT = true;
    } else if (v[pos] != ' ') {
        return false;
    }
    ++pos;
    int hour = 0, minute = 0, second = 0;
    const int hourDigits = readNumber(v, pos, 2, hour);
    if (hourDigits == 0 || pos >= v.size() || v[pos] != ':')
        return false;
    ++pos;
    if (readNumber(v, pos, 2, minute) != 2 || minute > 59)
        return false;
    shape.hasTime = true;
    if (pos < v.size() && v[pos] == ':') {
        ++pos;
        if (readNumber(v, pos, 2, second) != 2 || second > 60)
            return false;
        shape.hasSeconds = true;
        if (pos < v.size() && (v[pos] == '.' || v[pos] == ',')) {
            ++pos;
            const std::size_t start = pos;
            while (pos < v.size() && isDigit(v[pos]))
                ++pos;
            if (pos == start)
                return false;
        }
    }
    if (iso && pos < v.size()) {
        if (v[pos] == 'Z') {
            ++pos;
            shape.hasZone = true;
        } else if (v[pos] == '+' || v[pos] == '-') {
            ++pos;
            int zh = 0, zm = 0;
            if (readNumber(v, pos, 2, zh) != 2 || zh > 14)
                return false;
            if (pos < v.size() && v[pos] == ':')
                ++pos;
            if (pos < v.size() && readNumber(v, pos, 2, zm) != 2)
                return false;
            shape.hasZone = true;
        }
    } else if (!iso && pos < v.size()) {
        const auto rest = trim(v.substr(pos));
        if (equalsIgnoreCase(rest, "AM") || equalsIgnoreCase(rest, "PM")) {
            if (hour < 1 || hour > 12)
                return false;
            shape.hasAmPm = true;
            pos = v.size();
        }
    }
    if (!shape.hasAmPm && hour > 23)
        return false;
    return pos == v.size();
}

void classifyDate(std::string_view v, ValueShape& shape) {
    std::size_t pos = 0;
    int a = 0, b = 0, c = 0;
    const int digitsA = readNumber(v, pos, 4, a);
    if (digitsA == 0 || pos >= v.size())
        return;
    const char sep = v[pos];
    if (sep != '-' && sep != '/' && sep != '.')
        return;
    ++pos;
    const int digitsB = readNumber(v, pos, 2, b);
    if (digitsB == 0 || pos >= v.size() || v[pos] != sep)
        return;
    ++pos;
    if (digitsA == 4) {  // year first: ISO 8601 (or YYYY/MM/DD)
        if (readNumber(v, pos, 2, c) != 2 || digitsB != 2 || !validDate(a, b, c))
            return;
        ValueShape candidate = shape;
        if (!parseTime(v, pos, candidate, sep == '-'))
            return;
        shape = candidate;
        shape.dateLayout = ValueShape::DateLayout::Iso;
        shape.dateSeparator = sep;
        return;
    }
    if (digitsA > 2)
        return;
    const int digitsC = readNumber(v, pos, 4, c);
    if (digitsC != 2 && digitsC != 4)
        return;
    const int year = digitsC == 2 ? 2000 + c : c;
    const bool dayFirst = validDate(year, b, a);
    const bool monthFirst = validDate(year, a, b);
    if (!dayFirst && !monthFirst)
        return;
    ValueShape candidate = shape;
    if (!parseTime(v, pos, candidate, false))
        return;
    shape = candidate;
    shape.dateLayout = ValueShape::DateLayout::DayMonthYear;
    shape.dateSeparator = sep;
    shape.partA = a;
    shape.partB = b;
    shape.twoDigitYear = digitsC == 2;
}

void classifyNumber(std::string_view v, ValueShape& shape) {
    std::size_t pos = 0;
    bool plus = false;
    if (v[0] == '-' || v[0] == '+') {
        plus = v[0] == '+';
        ++pos;
    }
    const std::size_t intStart = pos;
    while (pos < v.size() && isDigit(v[pos]))
        ++pos;
    const std::size_t intDigits = pos - intStart;
    const bool leadingZero = intDigits > 1 && v[intStart] == '0';
    if (pos == v.size()) {
        if (intDigits == 0)
            return;
        if (plus || leadingZero || intDigits > 19) {
            shape.identifierLike = true;
            return;
        }
        if (intDigits == 19) {  // compare with the int64 limit as text
            const auto digits = v.substr(intStart);
            const std::string_view limit = v[0] == '-' ? "9223372036854775808" : "9223372036854775807";
            if (digits > limit) {
                shape.identifierLike = true;
                return;
            }
        }
        shape.integer = shape.decimalDot = shape.decimalComma = true;
        return;
    }
    if (plus || leadingZero) {
        // "+49 30 ..." or "0049..." are phone numbers; "+1.5" is rare enough to read as text.
        shape.identifierLike = true;
        return;
    }
    const char mark = v[pos];
    if (mark == '.' || mark == ',') {
        ++pos;
        const std::size_t fracStart = pos;
        while (pos < v.size() && isDigit(v[pos]))
            ++pos;
        const std::size_t fracDigits = pos - fracStart;
        if (intDigits + fracDigits == 0)
            return;
        if (mark == ',') {
            if (pos == v.size() && fracDigits > 0 && intDigits > 0) {
                shape.decimalComma = true;
                shape.hasComma = true;
            }
            return;
        }
        if (pos == v.size()) {
            shape.decimalDot = true;
            return;
        }
    }
    if (pos < v.size() && (v[pos] == 'e' || v[pos] == 'E') && intDigits > 0) {
        ++pos;
        if (pos < v.size() && (v[pos] == '+' || v[pos] == '-'))
            ++pos;
        const std::size_t expStart = pos;
        while (pos < v.size() && isDigit(v[pos]))
            ++pos;
        if (pos == v.size() && pos > expStart)
            shape.decimalDot = true;
    }
}

} // namespace

const char* columnTypeName(ColumnType type) {
    switch (type) {
    case ColumnType::Empty: return "empty";
    case ColumnType::Boolean: return "boolean";
    case ColumnType::Integer: return "integer";
    case ColumnType::Decimal: return "decimal";
    case ColumnType::Date: return "date";
    case ColumnType::DateTime: return "datetime";
    case ColumnType::Text: return "text";
    }
    return "text";
}

ColumnType columnTypeFromName(std::string_view name) {
    for (auto type : {ColumnType::Empty, ColumnType::Boolean, ColumnType::Integer,
                      ColumnType::Decimal, ColumnType::Date, ColumnType::DateTime})
        if (name == columnTypeName(type))
            return type;
    return ColumnType::Text;
}

ValueShape classifyValue(std::string_view value) {
    ValueShape shape;
    const auto v = trim(value);
    if (v.empty()) {
        shape.empty = true;
        return shape;
    }
    if (isBooleanToken(v)) {
        shape.boolean = true;
        return shape;
    }
    if (isDigit(v[0]) || ((v[0] == '-' || v[0] == '+' || v[0] == '.') && v.size() > 1)) {
        classifyNumber(v, shape);
        if (isDigit(v[0]) && !shape.integer)
            classifyDate(v, shape);
    }
    return shape;
}

void ColumnTypeInferrer::add(std::string_view value) {
    ++m_count;
    const ValueShape shape = classifyValue(value);
    if (shape.empty) {
        ++m_missing;
        return;
    }
    m_boolean = m_boolean && shape.boolean;
    m_integer = m_integer && shape.integer;
    m_decimalDot = m_decimalDot && shape.decimalDot;
    m_decimalComma = m_decimalComma && shape.decimalComma;
    m_sawComma = m_sawComma || shape.hasComma;
    if (shape.identifierLike && !m_identifierLike) {
        m_identifierLike = true;
        m_identifierExample = std::string(trim(value));
    }
    if (!m_date)
        return;
    if (shape.dateLayout == ValueShape::DateLayout::None ||
        (m_layout != ValueShape::DateLayout::None &&
         (shape.dateLayout != m_layout || shape.dateSeparator != m_separator))) {
        m_date = false;
        return;
    }
    m_layout = shape.dateLayout;
    m_separator = shape.dateSeparator;
    if (shape.dateLayout == ValueShape::DateLayout::DayMonthYear) {
        m_dayFirstFits = m_dayFirstFits && shape.partB <= 12;
        m_monthFirstFits = m_monthFirstFits && shape.partA <= 12;
        if (!m_dayFirstFits && !m_monthFirstFits)
            m_date = false;
        (shape.twoDigitYear ? m_twoDigitYear : m_fourDigitYear) = true;
        if (m_twoDigitYear && m_fourDigitYear)
            m_date = false;
    }
    m_anyTime = m_anyTime || shape.hasTime;
    m_allTime = m_allTime && shape.hasTime;
    m_anySeconds = m_anySeconds || shape.hasSeconds;
    m_anyAmPm = m_anyAmPm || shape.hasAmPm;
    m_isoT = m_isoT || shape.isoT;
    m_anyZone = m_anyZone || shape.hasZone;
}

InferredType ColumnTypeInferrer::result() const {
    InferredType out;
    if (m_count == m_missing) {
        out.type = ColumnType::Empty;
        return out;
    }
    if (m_boolean) {
        out.type = ColumnType::Boolean;
    } else if (m_integer) {
        out.type = ColumnType::Integer;
    } else if (m_decimalDot) {
        out.type = ColumnType::Decimal;
    } else if (m_decimalComma && m_sawComma) {
        out.type = ColumnType::Decimal;
        out.decimalMark = ',';
    } else if (m_date && m_layout != ValueShape::DateLayout::None) {
        out.type = m_anyTime ? ColumnType::DateTime : ColumnType::Date;
        std::string date;
        const std::string sep(1, m_separator);
        if (m_layout == ValueShape::DateLayout::Iso) {
            date = "YYYY" + sep + "MM" + sep + "DD";
        } else {
            const std::string year = m_twoDigitYear ? "YY" : "YYYY";
            const bool dayFirst = m_dayFirstFits;  // day-first wins a tie, and says so
            out.ambiguousDayMonth = m_dayFirstFits && m_monthFirstFits;
            date = dayFirst ? "DD" + sep + "MM" + sep + year : "MM" + sep + "DD" + sep + year;
        }
        if (m_anyTime) {
            date += m_isoT ? "THH:MM" : " HH:MM";
            if (m_anySeconds)
                date += ":SS";
            if (m_anyAmPm)
                date += " AM/PM";
            if (m_anyZone)
                date += "Z";
            if (!m_allTime)
                out.note = "some values have no time of day";
        }
        out.dateFormat = date;
    } else {
        out.type = ColumnType::Text;
        if (m_identifierLike)
            out.note = "numeric-looking values such as \"" + m_identifierExample +
                       "\" are identifiers (leading zero, plus sign or too many digits): kept as text";
    }
    return out;
}

std::string InferredType::describe() const {
    std::string text = columnTypeName(type);
    if (type == ColumnType::Decimal && decimalMark == ',')
        text += " (decimal comma)";
    if (!dateFormat.empty())
        text += " " + dateFormat;
    if (ambiguousDayMonth)
        text += " (day/month ambiguous)";
    return text;
}

std::string InferredType::toStorage() const {
    QJsonObject object;
    object["type"] = columnTypeName(type);
    if (type == ColumnType::Decimal)
        object["decimal_mark"] = QString(QChar(decimalMark));
    if (!dateFormat.empty())
        object["date_format"] = QString::fromStdString(dateFormat);
    if (ambiguousDayMonth)
        object["ambiguous_day_month"] = true;
    if (!note.empty())
        object["note"] = QString::fromStdString(note);
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

InferredType InferredType::fromStorage(std::string_view text) {
    InferredType out;
    const auto object =
        QJsonDocument::fromJson(QByteArray(text.data(), static_cast<qsizetype>(text.size()))).object();
    out.type = columnTypeFromName(object["type"].toString().toStdString());
    const QString mark = object["decimal_mark"].toString();
    if (!mark.isEmpty())
        out.decimalMark = mark.at(0).toLatin1();
    out.dateFormat = object["date_format"].toString().toStdString();
    out.ambiguousDayMonth = object["ambiguous_day_month"].toBool();
    out.note = object["note"].toString().toStdString();
    return out;
}

} // namespace microseg::core
