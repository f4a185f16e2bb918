#include "rfm_grid.h"

#include "color_scale.h"
#include "painted_chart.h"
#include "text_format.h"

#include <QHelpEvent>
#include <QLinearGradient>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {
constexpr int kMargin = 8;
const QColor kLow(247, 251, 255), kHigh(8, 69, 148); // a sequential blue scale (ColorBrewer)

/// Revenue short enough for a cell: 2,333 / 34.1k / 455k / 1.2M.
QString compactAmount(double value) {
    const double a = std::abs(value);
    if (a >= 1e6)
        return QStringLiteral("%1M").arg(value / 1e6, 0, 'f', a >= 1e8 ? 0 : 1);
    if (a >= 1e4)
        return QStringLiteral("%1k").arg(value / 1e3, 0, 'f', a >= 1e5 ? 0 : 1);
    return formatCount(static_cast<std::int64_t>(std::llround(value)));
}
} // namespace

RfmGrid::RfmGrid(QWidget* parent) : QWidget(parent) {
    painted::setUpChartWidget(this, QStringLiteral("rfm-grid"));
    clear();
}

void RfmGrid::setSummary(const RfmSummary& summary) {
    m_summary = summary;
    m_message.clear();
    update();
}

void RfmGrid::clear(const QString& message) {
    m_summary.reset();
    m_message = message.isEmpty() ? tr("Compute RFM to see customers by recency and frequency.")
                                  : message;
    update();
}

void RfmGrid::setMeasure(Measure measure) {
    m_measure = measure;
    update();
}

double RfmGrid::cellValue(int r, int f) const {
    if (!m_summary)
        return 0.0;
    const auto ri = static_cast<std::size_t>(r - 1), fi = static_cast<std::size_t>(f - 1);
    return m_measure == Measure::Customers ? double(m_summary->customers.at(ri).at(fi))
                                           : m_summary->revenue.at(ri).at(fi);
}

double RfmGrid::largest() const {
    double out = 0.0;
    for (int r = 1; r <= 5; ++r)
        for (int f = 1; f <= 5; ++f)
            out = std::max(out, cellValue(r, f));
    return out;
}

QColor RfmGrid::colorFor(double value) const {
    const double top = largest();
    return mixColor(kLow, kHigh, top > 0.0 ? value / top : 0.0);
}

QRectF RfmGrid::gridRect() const {
    const int line = fontMetrics().height();
    const double left = kMargin + line * 2 + fontMetrics().horizontalAdvance(QStringLiteral("5")) + 8;
    const double top = line * 2 + 8;
    const double bottom = height() - (line * 2 + 12) - (line + 18); // axis labels, legend
    const double side = std::max(50.0, std::min(width() - left - kMargin, bottom - top));
    return QRectF(left, top, side, side);
}

QRectF RfmGrid::cellRect(int r, int f) const {
    const QRectF grid = gridRect();
    const double w = grid.width() / 5.0, h = grid.height() / 5.0;
    return QRectF(grid.left() + (f - 1) * w, grid.top() + (5 - r) * h, w, h);
}

std::optional<std::pair<int, int>> RfmGrid::cellAt(QPointF point) const {
    const QRectF grid = gridRect();
    if (!m_summary || !grid.contains(point))
        return std::nullopt;
    const int f = std::clamp(int((point.x() - grid.left()) / grid.width() * 5.0) + 1, 1, 5);
    const int r = std::clamp(5 - int((point.y() - grid.top()) / grid.height() * 5.0), 1, 5);
    return std::make_pair(r, f);
}

QString RfmGrid::cellToolTip(int r, int f) const {
    if (!m_summary)
        return {};
    const auto ri = static_cast<std::size_t>(r - 1), fi = static_cast<std::size_t>(f - 1);
    const std::int64_t customers = m_summary->customers[ri][fi];
    const double revenue = m_summary->revenue[ri][fi];
    return tr("Recency score %1, frequency score %2\n%3 customers (%4)\nrevenue %5 (%6)")
        .arg(r)
        .arg(f)
        .arg(formatCount(customers))
        .arg(formatPercent(customers, m_summary->totalCustomers))
        .arg(formatNumber(revenue))
        .arg(m_summary->totalRevenue != 0.0
                 ? QStringLiteral("%1 %").arg(100.0 * revenue / m_summary->totalRevenue, 0, 'f', 1)
                 : QStringLiteral("–"));
}

bool RfmGrid::event(QEvent* event) {
    return painted::showItemToolTip(
               this, event, [this](QPointF point) { return cellAt(point); },
               [this](int row, int column) { return cellToolTip(row, column); }) ||
           QWidget::event(event);
}

QSize RfmGrid::minimumSizeHint() const {
    const int line = fontMetrics().height();
    return {5 * 56 + line * 3 + 2 * kMargin, 5 * 34 + line * 6 + 40};
}

QSize RfmGrid::sizeHint() const {
    return {420, 400};
}

void RfmGrid::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QColor text = palette().color(QPalette::Text);
    if (!m_summary) {
        painted::drawPlaceholder(painter, *this, m_message);
        return;
    }
    const int line = fontMetrics().height();
    painted::drawTitle(painter, *this, kMargin,
                       m_measure == Measure::Customers
                           ? tr("Customers by recency and frequency score")
                           : tr("Revenue by recency and frequency score"));

    const QRectF grid = gridRect();
    const bool customers = m_measure == Measure::Customers;
    const double total = customers ? double(m_summary->totalCustomers) : m_summary->totalRevenue;
    for (int r = 1; r <= 5; ++r) {
        for (int f = 1; f <= 5; ++f) {
            const QRectF cell = cellRect(r, f);
            const double value = cellValue(r, f);
            const QColor fill = colorFor(value);
            painter.fillRect(cell, fill);
            painter.setPen(textColorOn(fill));
            const QString main =
                customers ? formatCount(std::int64_t(value)) : compactAmount(value);
            const QString share =
                total != 0.0 ? QStringLiteral("%1 %").arg(100.0 * value / total, 0, 'f', 1)
                             : QString();
            const QRectF inner = cell.adjusted(2, 2, -2, -2);
            if (inner.height() >= 2 * line) {
                painter.drawText(inner.adjusted(0, 0, 0, -line / 2.0),
                                 Qt::AlignHCenter | Qt::AlignVCenter,
                                 fontMetrics().elidedText(main, Qt::ElideRight, int(inner.width())));
                painter.drawText(inner.adjusted(0, line, 0, 0), Qt::AlignHCenter | Qt::AlignVCenter,
                                 share);
            } else {
                painter.drawText(inner, Qt::AlignCenter,
                                 fontMetrics().elidedText(main, Qt::ElideRight, int(inner.width())));
            }
        }
    }
    painter.setPen(QPen(palette().color(QPalette::Mid), 0));
    for (int i = 0; i <= 5; ++i) {
        const double x = grid.left() + grid.width() * i / 5.0;
        const double y = grid.top() + grid.height() * i / 5.0;
        painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()));
        painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y));
    }

    // Axes: scores along both sides, then the axis titles.
    painter.setPen(text);
    for (int s = 1; s <= 5; ++s) {
        const QRectF column = cellRect(1, s);
        painter.drawText(QRectF(column.left(), grid.bottom() + 2, column.width(), line),
                         Qt::AlignCenter, QString::number(s));
        const QRectF row = cellRect(s, 1);
        painter.drawText(QRectF(grid.left() - line - 4, row.top(), line, row.height()),
                         Qt::AlignRight | Qt::AlignVCenter, QString::number(s));
    }
    painter.drawText(QRectF(grid.left(), grid.bottom() + line + 4, grid.width(), line),
                     Qt::AlignCenter, tr("Frequency score (5 = most orders)"));
    painter.save();
    painter.translate(kMargin, grid.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-grid.height() / 2.0, 0, grid.height(), line), Qt::AlignCenter,
                     tr("Recency score (5 = most recent)"));
    painter.restore();

    // Legend: the scale from 0 to the largest cell.
    const double legendTop = grid.bottom() + 2 * line + 12;
    const QRectF bar(grid.left(), legendTop, std::min(160.0, grid.width() * 0.45), 10);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    gradient.setColorAt(0.0, kLow);
    gradient.setColorAt(1.0, kHigh);
    painter.fillRect(bar, gradient);
    painter.setPen(QPen(palette().color(QPalette::Mid), 0));
    painter.drawRect(bar);
    painter.setPen(text);
    const double top = largest();
    painter.drawText(QRectF(bar.right() + 8, legendTop - 4, width() - bar.right() - 12, line + 4),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     tr("0 to %1 %2")
                         .arg(customers ? formatCount(std::int64_t(top)) : compactAmount(top))
                         .arg(customers ? tr("customers") : tr("revenue")));
}

} // namespace microseg::ui
