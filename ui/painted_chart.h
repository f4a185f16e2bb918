#pragma once
// The frame the custom-painted chart widgets share (cluster profile and box plots, RFM grid,
// run contingency heatmap): base background with hover tool tips and the export menu, a
// placeholder message while there is nothing to show, a bold one-line title, and tool tips for
// the item under the pointer with an export hint elsewhere.

#include "chart_export.h"

#include <QEvent>
#include <QFont>
#include <QHelpEvent>
#include <QPainter>
#include <QRectF>
#include <QToolTip>
#include <QWidget>
#include <algorithm>
#include <optional>
#include <utility>

namespace microseg::ui::painted {

/// Base-coloured background, mouse tracking for tool tips, PNG/SVG export as `exportName`.
inline void setUpChartWidget(QWidget* widget, const QString& exportName) {
    widget->setAutoFillBackground(true);
    widget->setBackgroundRole(QPalette::Base);
    widget->setMouseTracking(true);
    installExportMenu(widget, exportName);
}

/// Why the widget is empty, centred and wrapped in the placeholder colour.
inline void drawPlaceholder(QPainter& painter, const QWidget& widget, const QString& message) {
    painter.setPen(widget.palette().color(QPalette::PlaceholderText));
    painter.drawText(widget.rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                     message);
}

/// A bold title in the text colour across the top (4 px down, `margin` on both sides); leaves
/// the painter with the widget's normal font.
inline void drawTitle(QPainter& painter, const QWidget& widget, int margin, const QString& title) {
    QFont bold = widget.font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(widget.palette().color(QPalette::Text));
    painter.drawText(QRectF(margin, 4, widget.width() - 2 * margin, widget.fontMetrics().height()),
                     Qt::AlignLeft, title);
    painter.setFont(widget.font());
}

/// Cell (row, column) of a grid of `rows` x `columns` equal cells filling `grid`.
inline QRectF gridCell(const QRectF& grid, int rows, int columns, int row, int column) {
    const double w = grid.width() / std::max(1, columns);
    const double h = grid.height() / std::max(1, rows);
    return QRectF(grid.left() + column * w, grid.top() + row * h, w, h);
}

/// (row, column) of the grid cell under `point`; nullopt outside the grid (rows, columns >= 1).
inline std::optional<std::pair<int, int>> gridCellAt(const QRectF& grid, int rows, int columns,
                                                     QPointF point) {
    if (!grid.contains(point))
        return std::nullopt;
    const int column = std::clamp(
        static_cast<int>((point.x() - grid.left()) / grid.width() * columns), 0, columns - 1);
    const int row =
        std::clamp(static_cast<int>((point.y() - grid.top()) / grid.height() * rows), 0, rows - 1);
    return std::make_pair(row, column);
}

/// For a QEvent::ToolTip: shows tipFor(item) for the item itemAt(pos) finds (a std::optional
/// of a (row, column) pair), else the export hint, and returns true; other events: false.
template <typename ItemAt, typename TipFor>
bool showItemToolTip(QWidget* widget, QEvent* event, ItemAt itemAt, TipFor tipFor) {
    if (event->type() != QEvent::ToolTip)
        return false;
    auto* help = static_cast<QHelpEvent*>(event);
    if (const auto item = itemAt(help->pos()))
        QToolTip::showText(help->globalPos(), tipFor(item->first, item->second), widget);
    else
        QToolTip::showText(help->globalPos(), QWidget::tr("Right-click to export."), widget);
    return true;
}

} // namespace microseg::ui::painted
