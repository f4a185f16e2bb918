#include "scatter_spatial_index.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace microseg::ui {
namespace {
constexpr double kPointsPerCell = 4.0;
constexpr int kMaxCellsPerAxis = 2048;

bool passes(const ScatterSpatialIndex::Filter& filter, std::size_t i) {
    return !filter || filter(i);
}
} // namespace

void ScatterSpatialIndex::clear() {
    m_x.clear();
    m_y.clear();
    m_bounds = QRectF();
    m_columns = m_rows = 0;
    m_cellStart.clear();
    m_members.clear();
}

void ScatterSpatialIndex::build(const std::vector<double>& x, const std::vector<double>& y) {
    clear();
    m_x = x;
    m_y = y;
    const std::size_t n = std::min(x.size(), y.size());
    m_x.resize(n);
    m_y.resize(n);
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    std::size_t finite = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(m_x[i]) || !std::isfinite(m_y[i]))
            continue;
        ++finite;
        x0 = std::min(x0, m_x[i]);
        x1 = std::max(x1, m_x[i]);
        y0 = std::min(y0, m_y[i]);
        y1 = std::max(y1, m_y[i]);
    }
    if (finite == 0)
        return;
    m_bounds = QRectF(x0, y0, x1 - x0, y1 - y0);
    // Square-ish cells in data units, about kPointsPerCell points each if spread evenly.
    const double cells = std::max(1.0, static_cast<double>(finite) / kPointsPerCell);
    const double width = std::max(x1 - x0, 1e-300), height = std::max(y1 - y0, 1e-300);
    const double aspect = width / height;
    m_columns =
        std::clamp(static_cast<int>(std::ceil(std::sqrt(cells * aspect))), 1, kMaxCellsPerAxis);
    m_rows = std::clamp(static_cast<int>(std::ceil(cells / m_columns)), 1, kMaxCellsPerAxis);
    m_cellWidth = width / m_columns;
    m_cellHeight = height / m_rows;

    // Counting sort by cell: counts, prefix sums, then placement.
    const std::size_t cellCount =
        static_cast<std::size_t>(m_columns) * static_cast<std::size_t>(m_rows);
    m_cellStart.assign(cellCount + 1, 0);
    std::vector<std::uint32_t> cellOf(n, std::numeric_limits<std::uint32_t>::max());
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(m_x[i]) || !std::isfinite(m_y[i]))
            continue;
        const auto cell = static_cast<std::uint32_t>(rowOf(m_y[i]) * m_columns + columnOf(m_x[i]));
        cellOf[i] = cell;
        ++m_cellStart[cell + 1];
    }
    for (std::size_t c = 0; c < cellCount; ++c)
        m_cellStart[c + 1] += m_cellStart[c];
    std::vector<std::uint32_t> next(m_cellStart.begin(), m_cellStart.end() - 1);
    m_members.resize(finite);
    for (std::size_t i = 0; i < n; ++i)
        if (cellOf[i] != std::numeric_limits<std::uint32_t>::max())
            m_members[next[cellOf[i]]++] = static_cast<std::uint32_t>(i);
}

int ScatterSpatialIndex::columnOf(double x) const {
    const double c = std::floor((x - m_bounds.left()) / m_cellWidth);
    return static_cast<int>(std::clamp(c, 0.0, static_cast<double>(m_columns - 1)));
}

int ScatterSpatialIndex::rowOf(double y) const {
    const double r = std::floor((y - m_bounds.top()) / m_cellHeight);
    return static_cast<int>(std::clamp(r, 0.0, static_cast<double>(m_rows - 1)));
}

ScatterSpatialIndex::CellRange ScatterSpatialIndex::cellsOver(const QRectF& box) const {
    if (m_columns == 0 || box.right() < m_bounds.left() || box.left() > m_bounds.right() ||
        box.bottom() < m_bounds.top() || box.top() > m_bounds.bottom())
        return {0, -1, 0, -1};
    return {columnOf(box.left()), columnOf(box.right()), rowOf(box.top()), rowOf(box.bottom())};
}

template <typename Visit>
void ScatterSpatialIndex::forEachIn(const CellRange& range, Visit&& visit) const {
    for (int row = range.row0; row <= range.row1; ++row) {
        const std::size_t base =
            static_cast<std::size_t>(row) * static_cast<std::size_t>(m_columns);
        // Cells of one row are adjacent in m_members: one contiguous run per row.
        const std::uint32_t begin = m_cellStart[base + static_cast<std::size_t>(range.column0)];
        const std::uint32_t end = m_cellStart[base + static_cast<std::size_t>(range.column1) + 1];
        for (std::uint32_t k = begin; k < end; ++k)
            visit(static_cast<std::size_t>(m_members[k]));
    }
}

std::optional<std::size_t> ScatterSpatialIndex::nearest(const ScatterTransform& transform,
                                                        const QPointF& pixel, double radius,
                                                        const Filter& filter) const {
    const QPointF a = transform.toData(pixel - QPointF(radius, -radius));
    const QPointF b = transform.toData(pixel + QPointF(radius, -radius));
    std::optional<std::size_t> best;
    double bestDistance = radius * radius;
    forEachIn(cellsOver(QRectF(a, b).normalized()), [&](std::size_t i) {
        const QPointF p = transform.toPixel(m_x[i], m_y[i]);
        const double dx = p.x() - pixel.x(), dy = p.y() - pixel.y();
        const double d = dx * dx + dy * dy;
        if (d <= bestDistance && passes(filter, i) && (!best || d < bestDistance || i > *best)) {
            best = i;
            bestDistance = d;
        }
    });
    return best;
}

std::vector<std::size_t> ScatterSpatialIndex::inRect(const QRectF& box,
                                                     const Filter& filter) const {
    const QRectF b = box.normalized();
    std::vector<std::size_t> out;
    forEachIn(cellsOver(b), [&](std::size_t i) {
        if (m_x[i] >= b.left() && m_x[i] <= b.right() && m_y[i] >= b.top() &&
            m_y[i] <= b.bottom() && passes(filter, i))
            out.push_back(i);
    });
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::size_t> ScatterSpatialIndex::inPolygon(const QPolygonF& polygon,
                                                        const Filter& filter) const {
    std::vector<std::size_t> out;
    if (polygon.size() < 3)
        return out;
    forEachIn(cellsOver(polygon.boundingRect()), [&](std::size_t i) {
        if (polygon.containsPoint(QPointF(m_x[i], m_y[i]), Qt::OddEvenFill) && passes(filter, i))
            out.push_back(i);
    });
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace microseg::ui
