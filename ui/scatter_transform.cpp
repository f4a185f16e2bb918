#include "scatter_transform.h"

#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {
/// Narrower windows than this (relative to their position) lose double precision.
constexpr double kMinimumSpan = 1e-12;
} // namespace

void ScatterTransform::setWindow(const QRectF& window) {
    m_window = window;
    updateScale();
}

void ScatterTransform::setPlotRect(const QRectF& plot) {
    m_plot = plot;
    updateScale();
}

void ScatterTransform::fit(const QRectF& bounds, double margin) {
    QRectF box = bounds.normalized();
    auto widen = [](double& low, double& span) {
        if (!(span > 0.0) || !std::isfinite(span)) {
            low -= 0.5;
            span = 1.0;
        }
    };
    double left = box.left(), width = box.width(), top = box.top(), height = box.height();
    widen(left, width);
    widen(top, height);
    setWindow(QRectF(left - width * margin, top - height * margin, width * (1.0 + 2.0 * margin),
                     height * (1.0 + 2.0 * margin)));
}

QPointF ScatterTransform::toData(const QPointF& pixel) const noexcept {
    return {m_window.left() + (pixel.x() - m_plot.left()) / m_sx,
            m_window.top() + (m_plot.bottom() - pixel.y()) / m_sy};
}

void ScatterTransform::zoomAt(const QPointF& pixel, double factor) {
    if (!(factor > 0.0))
        return;
    const QPointF anchor = toData(pixel);
    const double width =
        std::max(m_window.width() / factor, kMinimumSpan * (1.0 + std::abs(anchor.x())));
    const double height =
        std::max(m_window.height() / factor, kMinimumSpan * (1.0 + std::abs(anchor.y())));
    // The anchor keeps its relative position inside the window.
    const double fx = (anchor.x() - m_window.left()) / m_window.width();
    const double fy = (anchor.y() - m_window.top()) / m_window.height();
    setWindow(QRectF(anchor.x() - fx * width, anchor.y() - fy * height, width, height));
}

void ScatterTransform::pan(const QPointF& delta) {
    m_window.translate(-delta.x() / m_sx, delta.y() / m_sy);
}

void ScatterTransform::setEqualAspect(bool equal) {
    m_equalAspect = equal;
    updateScale();
}

void ScatterTransform::updateScale() {
    m_sx = m_plot.width() / std::max(m_window.width(), kMinimumSpan);
    m_sy = m_plot.height() / std::max(m_window.height(), kMinimumSpan);
    if (m_equalAspect && m_sx != m_sy) {
        // The smaller scale shows the whole window; the other axis gains data range around
        // the same centre.
        const double scale = std::min(m_sx, m_sy);
        const QPointF centre = m_window.center();
        const double width = m_plot.width() / scale, height = m_plot.height() / scale;
        m_window = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height);
        m_sx = m_sy = scale;
    }
}

} // namespace microseg::ui
