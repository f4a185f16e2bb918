#pragma once
// The scatter's point cloud drawn straight into a QImage's pixels: one anti-aliased disc stamp
// (coverage precomputed once per radius) alpha-blended per point, instead of one QPainter call
// or chart item per point. 200,000 points take a few milliseconds (see docs/benchmarks.md).

#include "scatter_transform.h"

#include <QImage>
#include <QRgb>
#include <cstdint>
#include <vector>

namespace microseg::ui {

struct ScatterPointsView {
    const std::vector<double>* x = nullptr;
    const std::vector<double>* y = nullptr;
    /// One ARGB colour per point; alpha 0 skips the point (hidden).
    const std::vector<QRgb>* colours = nullptr;
    /// Points drawn after all others, on top (the selection); may be null.
    const std::vector<std::size_t>* onTop = nullptr;
};

/// Draws the points into `image` (Format_ARGB32_Premultiplied), clipped to `clip` (device
/// pixels), through `transform` (device pixels too), as discs of `radius` pixels.
void paintPointRaster(QImage& image, const QRect& clip, const ScatterTransform& transform,
                      const ScatterPointsView& points, double radius);

/// A radius that keeps dense clouds readable: larger discs for few points, 1.2 px at 200,000.
double defaultPointRadius(std::size_t pointCount);

} // namespace microseg::ui
