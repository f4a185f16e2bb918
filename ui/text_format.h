#pragma once
// Number and text formatting shared by the pages, so that counts, percentages and statistics read
// the same everywhere.

#include <QString>
#include <cstdint>
#include <string>

namespace microseg::ui {

inline QString toQString(const std::string& text) {
    return QString::fromStdString(text);
}
inline std::string toStdString(const QString& text) {
    return text.toStdString();
}

/// 541909 -> "541,909" (grouped in the user's locale; English grouping under the C locale,
/// where Qt would print no separators at all).
QString formatCount(std::int64_t count);
/// part of whole as "12.5%" ("0%" for an empty whole).
QString formatPercent(std::int64_t part, std::int64_t whole);
/// A statistic with about six significant digits and no trailing zeros: 2.5, -9360, 0.000123.
QString formatNumber(double value);
/// "2026-11-25T06:00:00Z" -> "2026-11-25 06:00 UTC"; other text is returned unchanged.
QString formatTimestamp(const std::string& iso8601);

} // namespace microseg::ui
