#include "top_values_widget.h"

#include "text_format.h"

#include <QPainter>
#include <algorithm>

namespace microseg::ui {

TopValuesWidget::TopValuesWidget(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TopValuesWidget::setValues(std::vector<std::pair<std::string, std::int64_t>> values,
                                std::int64_t rows) {
    m_values.clear();
    m_maxCount = 0;
    for (auto& [value, count] : values) {
        // An empty string is a value people cannot see: name it.
        m_values.emplace_back(value.empty() ? tr("(empty text)") : toQString(value), count);
        m_maxCount = std::max(m_maxCount, count);
    }
    m_rows = rows;
    QStringList lines;
    for (const auto& [value, count] : m_values)
        lines << tr("%1: %2 rows (%3)").arg(value, formatCount(count), formatPercent(count, rows));
    setToolTip(lines.join('\n'));
    updateGeometry();
    update();
}

int TopValuesWidget::rowHeight() const {
    return fontMetrics().height() + 6;
}

QSize TopValuesWidget::sizeHint() const {
    return {260, std::max(1, static_cast<int>(m_values.size())) * rowHeight()};
}

QSize TopValuesWidget::minimumSizeHint() const {
    return {120, sizeHint().height()};
}

void TopValuesWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QPalette& pal = palette();
    const QFontMetrics metrics = fontMetrics();
    if (m_values.empty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("No values"));
        return;
    }
    // Three columns: the value (about 45 %), the bar, and "count (percent)" right-aligned.
    int countWidth = 0;
    for (const auto& [value, count] : m_values)
        countWidth = std::max(countWidth, metrics.horizontalAdvance(formatCount(count)));
    const int labelWidth = static_cast<int>(width() * 0.45);
    const int barLeft = labelWidth + 6;
    const int barMaxWidth = std::max(10, width() - barLeft - countWidth - 8);

    QColor barColor = pal.color(QPalette::Highlight);
    barColor.setAlpha(150);
    const int h = rowHeight();
    for (std::size_t i = 0; i < m_values.size(); ++i) {
        const auto& [value, count] = m_values[i];
        const int top = static_cast<int>(i) * h;
        const QRect labelRect(0, top, labelWidth, h);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(labelRect, Qt::AlignLeft | Qt::AlignVCenter,
                         metrics.elidedText(value, Qt::ElideRight, labelWidth));
        const int barWidth =
            m_maxCount > 0 ? std::max(1, static_cast<int>(barMaxWidth * count / m_maxCount)) : 0;
        painter.fillRect(QRect(barLeft, top + 3, barWidth, h - 6), barColor);
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(QRect(barLeft + barWidth + 4, top, countWidth + 4, h),
                         Qt::AlignLeft | Qt::AlignVCenter, formatCount(count));
    }
}

} // namespace microseg::ui
