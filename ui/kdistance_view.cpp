#include "kdistance_view.h"

#include "chart_export.h"
#include "presentation_settings.h"
#include "plot_area.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {
constexpr int kLeft = 64;
constexpr int kRight = 18;
constexpr int kBottom = 44;

/// Round tick step for a range (1, 2 or 5 times a power of ten).
double niceStep(double range, int ticks) {
    const double raw = range / std::max(1, ticks);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * power)
            return m * power;
    return 10.0 * power;
}
} // namespace

KDistanceView::KDistanceView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    installExportMenu(this, QStringLiteral("k-distance"));
    clear();
}

void KDistanceView::clear(const QString& message) {
    m_sorted.clear();
    m_knee = 0;
    m_suggested = 0.0;
    m_message = message.isEmpty()
                    ? tr("Choose DBSCAN as the algorithm to see the k-distance graph.")
                    : message;
    update();
}

void KDistanceView::setData(const core::KDistanceResult& result, int k) {
    m_sorted = result.sortedDescending;
    m_knee = static_cast<std::int64_t>(result.kneeIndex);
    m_suggested = result.suggestedEps;
    m_k = k;
    m_message.clear();
    setToolTip(tr("Click to set eps to that distance. Right-click to export."));
    update();
}

void KDistanceView::setEps(double eps) {
    m_eps = eps;
    update();
}

double KDistanceView::top() const {
    if (m_sorted.empty())
        return 1.0;
    // The data alone sets the scale, so that clicking a new eps does not move the curve; an eps
    // above it is drawn at the top edge.
    return std::max(m_sorted.front(), 1e-12) * 1.05;
}

QRectF KDistanceView::plotRect() const {
    return plot::areaBelowTitle(*this, kLeft, kRight, kBottom);
}

double KDistanceView::xFor(double index) const {
    return plot::slotX(plotRect(), index, m_sorted.size());
}

double KDistanceView::yFor(double distance) const {
    return plot::valueY(plotRect(), distance, top());
}

double KDistanceView::distanceAt(double y) const {
    return plot::valueAtY(plotRect(), y, top());
}

QPointF KDistanceView::kneePoint() const {
    return {xFor(static_cast<double>(m_knee)), yFor(m_suggested)};
}

std::vector<KDistanceView::PixelColumn> KDistanceView::pixelColumns() const {
    std::vector<PixelColumn> columns;
    if (m_sorted.empty())
        return columns;
    const QRectF plot = plotRect();
    const auto n = static_cast<std::int64_t>(m_sorted.size());
    const auto pixels = std::max<std::int64_t>(1, static_cast<std::int64_t>(plot.width()));
    const std::int64_t count = std::min(n, pixels);
    columns.reserve(static_cast<std::size_t>(count));
    for (std::int64_t c = 0; c < count; ++c) {
        const std::int64_t first = c * n / count;
        const std::int64_t last = (c + 1) * n / count; // exclusive
        PixelColumn column;
        column.first = first;
        column.count = last - first;
        // Sorted descending: the column's first value is its largest.
        column.max = m_sorted[static_cast<std::size_t>(first)];
        column.min = m_sorted[static_cast<std::size_t>(last - 1)];
        column.x = xFor(0.5 * static_cast<double>(first + last - 1));
        columns.push_back(column);
    }
    return columns;
}

void KDistanceView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::Text);
    if (m_sorted.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         m_message);
        return;
    }
    const QRectF plot = plotRect();
    const int line = fontMetrics().height();
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(text);
    painter.drawText(QRectF(8, 4, width() - 16, line), Qt::AlignLeft,
                     tr("k-distance graph (k = %1, %2 points)").arg(m_k).arg(m_sorted.size()));
    painter.setFont(font());
    std::int64_t core = 0;
    for (double value : m_sorted)
        core += value <= m_eps ? 1 : 0;
    painter.drawText(QRectF(8, 4 + line, width() - 16, line), Qt::AlignLeft,
                     tr("eps = %1: %2 core points. Knee: eps ≈ %3. Click to set eps.")
                         .arg(m_eps, 0, 'g', 4)
                         .arg(core)
                         .arg(m_suggested, 0, 'g', 4));

    // Axes, ticks and grid.
    const QColor grid = palette().color(QPalette::Mid);
    painter.setPen(QPen(grid, 0));
    painter.drawRect(plot);
    const double step = niceStep(top(), 5);
    for (double v = 0.0; v <= top() + 1e-12; v += step) {
        const double y = yFor(v);
        painter.setPen(QPen(grid, 0, Qt::DotLine));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(text);
        painter.drawText(QRectF(0, y - line / 2.0, kLeft - 6, line), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(v, 'g', 3));
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), line),
                     Qt::AlignLeft, QStringLiteral("1"));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), line), Qt::AlignRight,
                     QString::number(m_sorted.size()));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4 + line, plot.width(), line),
                     Qt::AlignHCenter, tr("points, sorted by distance to their k-th neighbour"));
    painter.save();
    painter.translate(12, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -line / 2.0, plot.height(), line),
                     Qt::AlignCenter, tr("k-distance"));
    painter.restore();

    // The curve: one min..max segment per pixel column, joined.
    QPainterPath path;
    bool started = false;
    for (const PixelColumn& column : pixelColumns()) {
        const QPointF high(column.x, yFor(column.max));
        const QPointF low(column.x, yFor(column.min));
        if (!started) {
            path.moveTo(high);
            started = true;
        } else {
            path.lineTo(high);
        }
        path.lineTo(low);
    }
    painter.setPen(QPen(QColor(31, 119, 180), styledWidth(1.6)));
    painter.drawPath(path);

    // The chosen eps.
    const double epsY = std::max(plot.top(), yFor(m_eps));
    painter.setPen(QPen(QColor(214, 39, 40), styledWidth(1.4), Qt::DashLine));
    painter.drawLine(QPointF(plot.left(), epsY), QPointF(plot.right(), epsY));
    painter.setPen(QColor(214, 39, 40));
    painter.drawText(QRectF(plot.right() - 260, std::max(plot.top(), epsY - line - 1), 256, line),
                     Qt::AlignRight,
                     m_eps > top() ? tr("eps = %1 (above the graph)").arg(m_eps, 0, 'g', 4)
                                   : tr("eps = %1").arg(m_eps, 0, 'g', 4));

    // The knee.
    const QPointF knee = kneePoint();
    painter.setPen(QPen(QColor(44, 160, 44), styledWidth(2)));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(knee, 6, 6);
    painter.drawText(QRectF(knee.x() + 9, knee.y() - line - 2, 220, line), Qt::AlignLeft,
                     tr("knee ≈ %1").arg(m_suggested, 0, 'g', 4));
}

void KDistanceView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && hasData() &&
        plotRect().contains(event->position())) {
        emit epsClicked(distanceAt(event->position().y()));
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

} // namespace microseg::ui
