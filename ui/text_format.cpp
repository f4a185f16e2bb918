#include "text_format.h"

#include <QDateTime>
#include <QLocale>
#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {

QLocale numberLocale() {
    QLocale locale;
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale;
}

} // namespace

QString formatCount(std::int64_t count) {
    return numberLocale().toString(static_cast<qlonglong>(count));
}

QString formatPercent(std::int64_t part, std::int64_t whole) {
    if (whole <= 0 || part <= 0)
        return QStringLiteral("0%");
    const double percent = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    // Keep a non-zero share visibly non-zero: 1 missing value in a million is not "0.0%".
    if (percent < 0.1)
        return QStringLiteral("<0.1%");
    return numberLocale().toString(percent, 'f', percent >= 99.95 && part < whole ? 2 : 1) + '%';
}

QString formatNumber(double value) {
    if (!std::isfinite(value))
        return QString::number(value);
    const QLocale locale = numberLocale();
    const double magnitude = std::fabs(value);
    if (magnitude != 0.0 && (magnitude >= 1e9 || magnitude < 1e-4))
        return locale.toString(value, 'g', 6);
    // Integers print without decimals; others with up to six significant digits.
    if (value == std::round(value))
        return locale.toString(static_cast<qlonglong>(value));
    const int decimals = std::max(0, 5 - static_cast<int>(std::floor(std::log10(magnitude))));
    QString text = locale.toString(value, 'f', decimals);
    const QChar point = locale.decimalPoint().at(0);
    if (text.contains(point)) {
        while (text.endsWith('0'))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(1);
    }
    return text;
}

QString formatTimestamp(const std::string& iso8601) {
    const QString text = toQString(iso8601);
    const QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid())
        return text;
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

} // namespace microseg::ui
