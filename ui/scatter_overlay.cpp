#include "scatter_overlay.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {
constexpr double kPad = 6.0;
constexpr double kSwatch = 10.0;
constexpr double kColourBarWidth = 16.0;
constexpr int kColourBarTicks = 5;

QString tickLabel(double value, double step) {
    if (std::abs(value) < step * 1e-9)
        value = 0.0;
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step))), 0, 8);
    if (std::abs(value) >= 1e6 || (std::abs(value) < 1e-3 && value != 0.0))
        return QString::number(value, 'g', 3);
    return QString::number(value, 'f', decimals);
}

double legendWidth(const QFontMetricsF& metrics, const ScatterLegend& legend) {
    // The title is bold: about a tenth wider than the metrics of the normal font say.
    double width = metrics.horizontalAdvance(legend.title) * 1.12;
    for (const ScatterLegend::Entry& entry : legend.entries)
        width = std::max(width, kSwatch + kPad + metrics.horizontalAdvance(entry.name));
    return std::min(width, metrics.averageCharWidth() * 22.0) + kPad;
}

int xTickCount(const QRectF& plot) {
    return std::max(3, static_cast<int>(plot.width() / 75));
}
int yTickCount(const QRectF& plot) {
    return std::max(3, static_cast<int>(plot.height() / 55));
}

} // namespace

std::vector<double> niceTicks(double low, double high, int maxTicks) {
    std::vector<double> ticks;
    if (!(high > low) || !std::isfinite(low) || !std::isfinite(high) || maxTicks < 1)
        return ticks;
    const double rough = (high - low) / maxTicks;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    double step = power;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * power >= rough) {
            step = m * power;
            break;
        }
    for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

ScatterLayout layoutScatter(const QRectF& canvas, const QFontMetricsF& metrics,
                            const ScatterLegend& legend, bool hasTitle) {
    ScatterLayout layout;
    layout.canvas = canvas;
    const double line = metrics.height();
    const double top = canvas.top() + (hasTitle ? line * 1.6 : kPad) + kPad;
    const double bottom = canvas.bottom() - line * 2.4 - kPad;
    const double left =
        canvas.left() + line * 1.4 + metrics.horizontalAdvance(QStringLiteral("-00.000")) + kPad;
    double right = canvas.right() - kPad * 2;
    const double plotHeight = std::max(20.0, bottom - top);
    if (legend.kind == ScatterLegend::Kind::Categories && !legend.entries.empty()) {
        layout.legendRowHeight = std::max(line, kSwatch + 3.0);
        const double available = std::max(layout.legendRowHeight, plotHeight - line * 1.5);
        const int perColumn = std::max(1, static_cast<int>(available / layout.legendRowHeight));
        layout.legendRowsPerColumn = perColumn;
        layout.legendRowsTop = top + line * 1.5;
        layout.legendColumns =
            static_cast<int>((legend.entries.size() + perColumn - 1) / perColumn);
        layout.legendColumnWidth = legendWidth(metrics, legend);
        const double width = layout.legendColumns * layout.legendColumnWidth;
        right -= width + kPad;
        layout.legend = QRectF(right + kPad * 2, top, width, plotHeight);
    } else if (legend.kind == ScatterLegend::Kind::Continuous) {
        const double width = std::max(metrics.horizontalAdvance(legend.title),
                                      kColourBarWidth + kPad +
                                          metrics.horizontalAdvance(QStringLiteral("-0000.00")));
        right -= width + kPad;
        layout.legend = QRectF(right + kPad * 2, top, width, plotHeight);
    }
    layout.plot =
        QRectF(QPointF(left, top), QPointF(std::max(left + 20.0, right), top + plotHeight));
    return layout;
}

void paintAxes(QPainter& painter, const ScatterLayout& layout, const ScatterTransform& transform,
               const QString& title, const QString& xTitle, const QString& yTitle) {
    const QRectF& plot = layout.plot;
    const QFontMetricsF metrics(painter.font());
    const QColor text = QColor(0x33, 0x33, 0x33);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QRectF& window = transform.window();
    QPen tickPen(QColor(0x88, 0x88, 0x88));
    const std::vector<double> xTicks = niceTicks(window.left(), window.right(), xTickCount(plot));
    const std::vector<double> yTicks = niceTicks(window.top(), window.bottom(), yTickCount(plot));
    const double xStep = xTicks.size() > 1 ? xTicks[1] - xTicks[0] : 1.0;
    const double yStep = yTicks.size() > 1 ? yTicks[1] - yTicks[0] : 1.0;
    for (double t : xTicks) {
        const double x = transform.toPixel(t, 0.0).x();
        painter.setPen(tickPen);
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        painter.setPen(text);
        const QString label = tickLabel(t, xStep);
        painter.drawText(
            QPointF(x - metrics.horizontalAdvance(label) / 2, plot.bottom() + 5 + metrics.ascent()),
            label);
    }
    for (double t : yTicks) {
        const double y = transform.toPixel(0.0, t).y();
        painter.setPen(tickPen);
        painter.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        painter.setPen(text);
        const QString label = tickLabel(t, yStep);
        painter.drawText(QPointF(plot.left() - 6 - metrics.horizontalAdvance(label),
                                 y + metrics.ascent() / 2 - 1),
                         label);
    }
    painter.setPen(QPen(QColor(0x99, 0x99, 0x99)));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(text);
    if (!xTitle.isEmpty())
        painter.drawText(QRectF(plot.left(), plot.bottom() + metrics.height() + 6, plot.width(),
                                metrics.height()),
                         Qt::AlignCenter, xTitle);
    if (!yTitle.isEmpty()) {
        painter.save();
        painter.translate(plot.left() - metrics.horizontalAdvance(QStringLiteral("-00.000")) - 10 -
                              metrics.height() / 2,
                          plot.center().y());
        painter.rotate(-90);
        painter.drawText(
            QRectF(-plot.height() / 2, -metrics.height() / 2, plot.height(), metrics.height()),
            Qt::AlignCenter, yTitle);
        painter.restore();
    }
    if (!title.isEmpty()) {
        QFont bold = painter.font();
        bold.setBold(true);
        painter.setFont(bold);
        // Across the whole width (over the legend too), elided only when even that is short.
        const double width = std::max(plot.width(), layout.canvas.right() - plot.left() - 4.0);
        painter.drawText(
            QRectF(plot.left(), plot.top() - metrics.height() * 1.6, width, metrics.height() * 1.4),
            Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(bold).elidedText(title, Qt::ElideRight, width));
    }
    painter.restore();
}

void paintGrid(QPainter& painter, const ScatterLayout& layout, const ScatterTransform& transform) {
    const QRectF& plot = layout.plot;
    const QRectF& window = transform.window();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(plot, Qt::white);
    painter.setPen(QPen(QColor(0xea, 0xea, 0xea)));
    for (double t : niceTicks(window.left(), window.right(), xTickCount(plot))) {
        const double x = transform.toPixel(t, 0.0).x();
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    for (double t : niceTicks(window.top(), window.bottom(), yTickCount(plot))) {
        const double y = transform.toPixel(0.0, t).y();
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    painter.restore();
}

void paintLegend(QPainter& painter, const ScatterLayout& layout, const ScatterLegend& legend) {
    if (legend.kind == ScatterLegend::Kind::None || layout.legend.isEmpty())
        return;
    painter.save();
    const QFontMetricsF metrics(painter.font());
    const QRectF& box = layout.legend;
    QFont bold = painter.font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(QColor(0x33, 0x33, 0x33));
    painter.drawText(QRectF(box.left(), box.top(), box.width(), metrics.height()),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetricsF(bold).elidedText(legend.title, Qt::ElideRight, box.width()));
    QFont normal = bold;
    normal.setBold(false);
    painter.setFont(normal);
    const double top = box.top() + metrics.height() * 1.5;
    if (legend.kind == ScatterLegend::Kind::Categories) {
        const int perColumn = std::max(1, layout.legendRowsPerColumn);
        for (std::size_t i = 0; i < legend.entries.size(); ++i) {
            const ScatterLegend::Entry& entry = legend.entries[i];
            const double x =
                box.left() + static_cast<double>(i / static_cast<std::size_t>(perColumn)) *
                                 layout.legendColumnWidth;
            const double y = top + static_cast<double>(i % static_cast<std::size_t>(perColumn)) *
                                       layout.legendRowHeight;
            const QRectF swatch(x, y + (layout.legendRowHeight - kSwatch) / 2, kSwatch, kSwatch);
            painter.setPen(entry.hidden ? QPen(entry.colour, 1.5) : QPen(entry.colour.darker(130)));
            painter.setBrush(entry.hidden ? QBrush(Qt::NoBrush) : QBrush(entry.colour));
            painter.drawRect(swatch);
            painter.setPen(entry.hidden ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x33, 0x33, 0x33));
            QFont font = normal;
            font.setStrikeOut(entry.hidden);
            painter.setFont(font);
            const double textWidth = layout.legendColumnWidth - kSwatch - kPad * 1.5;
            painter.drawText(QRectF(x + kSwatch + kPad / 2, y, textWidth, layout.legendRowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter,
                             metrics.elidedText(entry.name, Qt::ElideRight, textWidth));
        }
    } else {
        const double barHeight =
            std::max(40.0, std::min(box.height() - metrics.height() * 2, 260.0));
        const QRectF bar(box.left(), top, kColourBarWidth, barHeight);
        QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
        for (int i = 0; i <= 16; ++i)
            gradient.setColorAt(i / 16.0, QColor::fromRgb(viridis(i / 16.0)));
        painter.setPen(Qt::NoPen);
        painter.setBrush(gradient);
        painter.drawRect(bar);
        painter.setPen(QColor(0x33, 0x33, 0x33));
        const ColourScale& scale = legend.scale;
        std::vector<double> ticks = niceTicks(scale.minimum(), scale.maximum(), kColourBarTicks);
        if (ticks.empty())
            ticks = {scale.minimum()};
        const double step =
            ticks.size() > 1 ? ticks[1] - ticks[0] : std::max(std::abs(ticks[0]), 1.0);
        for (double t : ticks) {
            const double y = bar.bottom() - scale.position(t) * bar.height();
            painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
            painter.drawText(QPointF(bar.right() + 5, y + metrics.ascent() / 2 - 1),
                             tickLabel(t, step));
        }
    }
    painter.restore();
}

void paintArrows(QPainter& painter, const ScatterTransform& transform, const QRectF& plot,
                 const std::vector<ScatterArrow>& arrows) {
    if (arrows.empty())
        return;
    painter.save();
    painter.setClipRect(plot);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QColor colour(0xc0, 0x39, 0x2b);
    const QPointF origin = transform.toPixel(0.0, 0.0);
    QFont bold = painter.font();
    bold.setBold(true);
    painter.setFont(bold);
    for (const ScatterArrow& arrow : arrows) {
        const QPointF tip = transform.toPixel(arrow.tip);
        const QLineF line(origin, tip);
        if (line.length() < 2.0)
            continue;
        painter.setPen(QPen(colour, 1.6));
        painter.drawLine(line);
        // Arrow head: two short strokes at ±25 degrees from the shaft.
        const double angle = std::atan2(tip.y() - origin.y(), tip.x() - origin.x());
        const double head = 8.0;
        for (double side : {-0.44, 0.44})
            painter.drawLine(
                tip, tip - QPointF(std::cos(angle + side) * head, std::sin(angle + side) * head));
        // The label just beyond the tip, kept inside the plot, with a white halo so it reads
        // over the points.
        const QFontMetricsF boldMetrics(bold);
        const double textWidth = boldMetrics.horizontalAdvance(arrow.label);
        const QPointF at = tip + QPointF(std::cos(angle) * 6.0, std::sin(angle) * 6.0);
        double left = at.x() - (std::cos(angle) < 0 ? textWidth : 0.0);
        double baseline = at.y() + (std::sin(angle) > 0 ? boldMetrics.ascent() : 0.0);
        left = std::clamp(left, plot.left() + 2.0,
                          std::max(plot.left() + 2.0, plot.right() - textWidth - 2.0));
        baseline = std::clamp(baseline, plot.top() + boldMetrics.ascent() + 2.0,
                              plot.bottom() - boldMetrics.descent() - 2.0);
        QPainterPath text;
        text.addText(left, baseline, bold, arrow.label);
        painter.setPen(QPen(QColor(255, 255, 255, 220), 3.0));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(text);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour.darker(120));
        painter.drawPath(text);
    }
    painter.restore();
}

int legendEntryAt(const ScatterLayout& layout, const ScatterLegend& legend, const QPointF& point) {
    if (legend.kind != ScatterLegend::Kind::Categories || layout.legendRowHeight <= 0.0 ||
        !layout.legend.contains(point))
        return -1;
    // Same geometry as paintLegend: rows start under the title, columns fill top to bottom.
    if (point.y() < layout.legendRowsTop || layout.legendRowsPerColumn <= 0)
        return -1;
    const int row = static_cast<int>((point.y() - layout.legendRowsTop) / layout.legendRowHeight);
    const int column =
        static_cast<int>((point.x() - layout.legend.left()) / layout.legendColumnWidth);
    if (row >= layout.legendRowsPerColumn || column < 0 || column >= layout.legendColumns)
        return -1;
    const int index = column * layout.legendRowsPerColumn + row;
    return index < static_cast<int>(legend.entries.size()) ? index : -1;
}

} // namespace microseg::ui
