#include "scatter_renderer.h"

#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {

/// Coverage (0..256) of a disc of `radius` around a pixel centre, over a (2R+1)^2 stamp.
struct Stamp {
    int reach = 0;
    std::vector<std::uint16_t> coverage;
    explicit Stamp(double radius) {
        reach = static_cast<int>(std::ceil(radius));
        const int side = 2 * reach + 1;
        coverage.resize(static_cast<std::size_t>(side * side));
        for (int dy = -reach; dy <= reach; ++dy)
            for (int dx = -reach; dx <= reach; ++dx) {
                const double distance = std::sqrt(double(dx * dx + dy * dy));
                const double c = std::clamp(radius + 0.5 - distance, 0.0, 1.0);
                coverage[static_cast<std::size_t>((dy + reach) * side + dx + reach)] =
                    static_cast<std::uint16_t>(std::lround(c * 256.0));
            }
    }
};

/// dst = src * a + dst * (1 - a) on premultiplied ARGB, a in 0..256.
inline QRgb blend(QRgb dst, QRgb src, std::uint32_t a) {
    const std::uint32_t inv = 256 - a;
    // Two channels at a time (red+blue, alpha+green) in one 32-bit multiply each.
    const std::uint32_t rb =
        (((src & 0x00ff00ffu) * a + (dst & 0x00ff00ffu) * inv) >> 8) & 0x00ff00ffu;
    const std::uint32_t ag =
        ((((src >> 8) & 0x00ff00ffu) * a + ((dst >> 8) & 0x00ff00ffu) * inv)) & 0xff00ff00u;
    return rb | ag;
}

void stampPoint(QImage& image, const QRect& clip, const Stamp& stamp, double px, double py,
                QRgb colour) {
    const int alpha = qAlpha(colour);
    if (alpha == 0)
        return;
    const int r = stamp.reach;
    // Rejected before rounding: a point far outside the window may not fit in an int.
    if (px < clip.left() - r - 1 || px > clip.right() + r + 1 || py < clip.top() - r - 1 ||
        py > clip.bottom() + r + 1)
        return;
    const int cx = static_cast<int>(std::lround(px)), cy = static_cast<int>(std::lround(py));
    const QRgb opaque = colour | 0xff000000u;
    const int side = 2 * r + 1;
    const int y0 = std::max(cy - r, clip.top()), y1 = std::min(cy + r, clip.bottom());
    const int x0 = std::max(cx - r, clip.left()), x1 = std::min(cx + r, clip.right());
    for (int y = y0; y <= y1; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        const std::uint16_t* row = stamp.coverage.data() + (y - cy + r) * side + (x0 - cx + r);
        for (int x = x0; x <= x1; ++x, ++row) {
            const std::uint32_t a =
                (static_cast<std::uint32_t>(*row) * static_cast<std::uint32_t>(alpha + 1)) >> 8;
            if (a != 0)
                line[x] = blend(line[x], opaque, a);
        }
    }
}

} // namespace

double defaultPointRadius(std::size_t pointCount) {
    if (pointCount <= 2'000)
        return 3.5;
    if (pointCount <= 20'000)
        return 2.5;
    if (pointCount <= 100'000)
        return 1.8;
    return 1.2;
}

void paintPointRaster(QImage& image, const QRect& clip, const ScatterTransform& transform,
                      const ScatterPointsView& points, double radius) {
    if (!points.x || !points.y || !points.colours || image.isNull())
        return;
    const QRect bounded = clip.intersected(image.rect());
    if (bounded.isEmpty())
        return;
    const Stamp stamp(std::max(radius, 0.5));
    const std::vector<double>& xs = *points.x;
    const std::vector<double>& ys = *points.y;
    const std::vector<QRgb>& colours = *points.colours;
    const std::size_t n = std::min({xs.size(), ys.size(), colours.size()});
    // Inlined transform: the loop runs once per point, so it avoids building QPointFs.
    const double sx = transform.scaleX(), sy = transform.scaleY();
    const double ox = transform.plotRect().left() - transform.window().left() * sx;
    const double oy = transform.plotRect().bottom() + transform.window().top() * sy;
    for (std::size_t i = 0; i < n; ++i)
        if (std::isfinite(xs[i]) && std::isfinite(ys[i]))
            stampPoint(image, bounded, stamp, ox + xs[i] * sx, oy - ys[i] * sy, colours[i]);
    if (points.onTop)
        for (std::size_t i : *points.onTop)
            if (i < n && std::isfinite(xs[i]) && std::isfinite(ys[i]))
                stampPoint(image, bounded, stamp, ox + xs[i] * sx, oy - ys[i] * sy, colours[i]);
}

} // namespace microseg::ui
