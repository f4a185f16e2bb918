#pragma once
// A uniform grid over the scatter's data coordinates (points bucketed by cell, stored as one
// array per cell in CSR form) so that hover lookup and rectangle or lasso selection touch only
// the cells under the cursor or the shape instead of every point. Built once per set of points
// in O(n); about four points a cell on average.

#include "scatter_transform.h"

#include <QPolygonF>
#include <QRectF>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace microseg::ui {

class ScatterSpatialIndex {
  public:
    /// Decides whether point i takes part (hidden categories do not); empty = every point.
    using Filter = std::function<bool(std::size_t)>;

    void build(const std::vector<double>& x, const std::vector<double>& y);
    void clear();

    [[nodiscard]] std::size_t size() const noexcept { return m_x.size(); }
    /// The extent of the finite points (empty rect when there are none).
    [[nodiscard]] const QRectF& bounds() const noexcept { return m_bounds; }
    [[nodiscard]] int columns() const noexcept { return m_columns; }
    [[nodiscard]] int rows() const noexcept { return m_rows; }

    /// The point nearest to `pixel` within `radius` pixels under `transform`, or nullopt.
    /// Ties go to the later point (drawn on top).
    [[nodiscard]] std::optional<std::size_t> nearest(const ScatterTransform& transform,
                                                     const QPointF& pixel, double radius,
                                                     const Filter& filter = {}) const;
    /// Indices (ascending) of the points inside the data box `box` (normalised, edges included).
    [[nodiscard]] std::vector<std::size_t> inRect(const QRectF& box,
                                                  const Filter& filter = {}) const;
    /// Indices (ascending) of the points inside the data-space polygon (odd-even rule).
    [[nodiscard]] std::vector<std::size_t> inPolygon(const QPolygonF& polygon,
                                                     const Filter& filter = {}) const;

  private:
    struct CellRange {
        int column0, column1, row0, row1;
    };
    [[nodiscard]] CellRange cellsOver(const QRectF& box) const;
    [[nodiscard]] int columnOf(double x) const;
    [[nodiscard]] int rowOf(double y) const;
    /// Calls `visit(i)` for each point in the cells of `range`.
    template <typename Visit> void forEachIn(const CellRange& range, Visit&& visit) const;

    std::vector<double> m_x, m_y;
    QRectF m_bounds;
    int m_columns = 0, m_rows = 0;
    double m_cellWidth = 1.0, m_cellHeight = 1.0;
    std::vector<std::uint32_t> m_cellStart; ///< m_columns * m_rows + 1 offsets into m_members
    std::vector<std::uint32_t> m_members;   ///< point indices grouped by cell
};

} // namespace microseg::ui
