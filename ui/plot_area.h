#pragma once
// Value <-> pixel mapping shared by the custom-painted plots (dendrogram, k-distance graph):
// a plot area below a two-line title, equal x slots, and a 0..top value axis growing upwards.

#include <QFontMetrics>
#include <QRectF>
#include <QWidget>
#include <algorithm>
#include <cstddef>

namespace microseg::ui::plot {

/// The area left for the plot under a two-line title, inside the axis-label margins.
inline QRectF areaBelowTitle(const QWidget& widget, int left, int right, int bottom) {
    const int titleHeight = widget.fontMetrics().height() * 2 + 8;
    return QRectF(left, titleHeight, std::max(10, widget.width() - left - right),
                  std::max(10, widget.height() - titleHeight - bottom));
}

/// Centre of slot `slot` when `count` equal slots span the area's width.
inline double slotX(const QRectF& area, double slot, std::size_t count) {
    const double slotCount = static_cast<double>(std::max<std::size_t>(count, 1));
    return area.left() + (slot + 0.5) / slotCount * area.width();
}

/// Pixel row of `value` on an axis from 0 (bottom) to `top`.
inline double valueY(const QRectF& area, double value, double top) {
    return area.bottom() - value / top * area.height();
}

/// The value at pixel row `y`, clamped to the axis.
inline double valueAtY(const QRectF& area, double y, double top) {
    return std::clamp((area.bottom() - y) / area.height() * top, 0.0, top);
}

} // namespace microseg::ui::plot
