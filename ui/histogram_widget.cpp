#include "histogram_widget.h"

#include "text_format.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace microseg::ui {

HistogramWidget::HistogramWidget(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void HistogramWidget::setBins(std::vector<core::HistogramBin> bins) {
    m_bins = std::move(bins);
    m_maxCount = 0;
    for (const auto& bin : m_bins)
        m_maxCount = std::max(m_maxCount, bin.count);
    update();
}

QSize HistogramWidget::sizeHint() const {
    return {260, fontMetrics().height() * 2 + 96};
}

QSize HistogramWidget::minimumSizeHint() const {
    return {120, fontMetrics().height() * 2 + 60};
}

QRectF HistogramWidget::plotArea() const {
    const QFontMetrics metrics = fontMetrics();
    const double left = metrics.horizontalAdvance(formatCount(m_maxCount)) + 6.0;
    return QRectF(left, metrics.height() / 2.0, width() - left - 2.0,
                  height() - metrics.height() * 1.5 - 6.0);
}

int HistogramWidget::binAt(QPointF position) const {
    const QRectF area = plotArea();
    if (m_bins.empty() || !area.contains(position))
        return -1;
    const int index = static_cast<int>((position.x() - area.left()) / area.width() *
                                       static_cast<double>(m_bins.size()));
    return std::clamp(index, 0, static_cast<int>(m_bins.size()) - 1);
}

void HistogramWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QPalette& pal = palette();
    const QRectF area = plotArea();
    if (m_bins.empty() || m_maxCount <= 0 || area.width() < 10 || area.height() < 10) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No numeric values"));
        return;
    }

    const double step = area.width() / static_cast<double>(m_bins.size());
    const double gap = step > 6 ? 1.0 : 0.0;
    QColor barColor = pal.color(QPalette::Highlight);
    barColor.setAlpha(200);
    for (std::size_t i = 0; i < m_bins.size(); ++i) {
        const double h =
            area.height() * static_cast<double>(m_bins[i].count) / static_cast<double>(m_maxCount);
        // A non-empty bin gets at least one pixel: a single outlier must stay visible.
        const double barHeight = m_bins[i].count > 0 ? std::max(1.0, h) : 0.0;
        painter.fillRect(QRectF(area.left() + step * static_cast<double>(i) + gap / 2,
                                area.bottom() - barHeight, step - gap, barHeight),
                         barColor);
    }

    QColor axis = pal.color(QPalette::Text);
    axis.setAlpha(120);
    painter.setPen(axis);
    painter.drawLine(area.bottomLeft(), area.bottomRight());

    painter.setPen(pal.color(QPalette::PlaceholderText));
    const QFontMetrics metrics = fontMetrics();
    const double textTop = area.bottom() + 3;
    const QRectF textRow(area.left(), textTop, area.width(), metrics.height());
    painter.drawText(textRow, Qt::AlignLeft | Qt::AlignTop, formatNumber(m_bins.front().lower));
    painter.drawText(textRow, Qt::AlignRight | Qt::AlignTop, formatNumber(m_bins.back().upper));
    painter.drawText(
        QRectF(0, area.top() - metrics.height() / 2.0, area.left() - 4, metrics.height()),
        Qt::AlignRight | Qt::AlignVCenter, formatCount(m_maxCount));
    painter.drawText(
        QRectF(0, area.bottom() - metrics.height() / 2.0, area.left() - 4, metrics.height()),
        Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
}

bool HistogramWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = binAt(help->pos());
        if (index < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const auto& bin = m_bins[static_cast<std::size_t>(index)];
        QToolTip::showText(
            help->globalPos(),
            tr("%1 to %2: %3 rows")
                .arg(formatNumber(bin.lower), formatNumber(bin.upper), formatCount(bin.count)),
            this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace microseg::ui
