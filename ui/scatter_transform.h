#pragma once
// The scatter view's mapping between data coordinates and pixels: a visible data window drawn
// into a plot rectangle (y grows upwards in data, downwards on screen). Zooming keeps the data
// point under the cursor fixed; panning moves the window by a pixel offset; reset fits the data.
// Each axis scales on its own (an embedding's axes need not share units).

#include <QPointF>
#include <QRectF>

namespace microseg::ui {

class ScatterTransform {
  public:
    /// The visible data window: x from left() to right(), y from top() (the smaller value) to
    /// bottom(); QRectF is used as a plain box here, not in screen orientation.
    [[nodiscard]] const QRectF& window() const noexcept { return m_window; }
    [[nodiscard]] const QRectF& plotRect() const noexcept { return m_plot; }
    void setWindow(const QRectF& window);
    void setPlotRect(const QRectF& plot);

    /// Fits `bounds` (the data's extent) with `margin` (a fraction of each side) around it; a
    /// zero-width extent gets a unit window centred on it.
    void fit(const QRectF& bounds, double margin = 0.05);

    [[nodiscard]] QPointF toPixel(double x, double y) const noexcept {
        return {m_plot.left() + (x - m_window.left()) * m_sx,
                m_plot.bottom() - (y - m_window.top()) * m_sy};
    }
    [[nodiscard]] QPointF toPixel(const QPointF& data) const noexcept {
        return toPixel(data.x(), data.y());
    }
    [[nodiscard]] QPointF toData(const QPointF& pixel) const noexcept;
    /// Pixels per data unit along x and y.
    [[nodiscard]] double scaleX() const noexcept { return m_sx; }
    [[nodiscard]] double scaleY() const noexcept { return m_sy; }

    /// Same pixels per unit on both axes (for embeddings, whose axes share units): the window
    /// widens along one axis to fill the plot.
    void setEqualAspect(bool equal);
    [[nodiscard]] bool equalAspect() const noexcept { return m_equalAspect; }

    /// Zooms by `factor` (> 1 magnifies) around `pixel`, which stays over the same data point.
    void zoomAt(const QPointF& pixel, double factor);
    /// Moves the content by `delta` pixels (dragging right shows data further left).
    void pan(const QPointF& delta);

  private:
    void updateScale();

    QRectF m_window{0.0, 0.0, 1.0, 1.0};
    QRectF m_plot{0.0, 0.0, 100.0, 100.0};
    double m_sx = 100.0;
    double m_sy = 100.0;
    bool m_equalAspect = false;
};

} // namespace microseg::ui
