#pragma once
// A scatter plot for up to hundreds of thousands of points (embeddings, any two columns): the
// cloud is painted into a raster (scatter_renderer.h) and the axes, legend and biplot arrows as
// vectors on top (scatter_overlay.h). Colours: one per category (cluster_palette.h, grey for
// noise), a continuous viridis scale with a colour bar, or a single colour. Wheel zooms around
// the cursor, dragging pans (or draws a rectangle or lasso selection, see SelectionMode),
// double-click or Home resets, Escape clears the selection; hovering shows a tooltip for the
// nearest point, found through a spatial grid (scatter_spatial_index.h). Categories can be masked
// (hidden) by clicking their legend entry or through setHiddenCategories(). Exports: PNG at any
// pixel size, and SVG, where the axes and legend are vectors and the points are vector circles up
// to kSvgVectorLimit points, an embedded raster image above it (thousands of SVG elements make
// files no viewer can open).

#include "colour_scale.h"
#include "presentable_view.h"
#include "scatter_overlay.h"
#include "scatter_spatial_index.h"
#include "scatter_transform.h"

#include <QImage>
#include <QPolygonF>
#include <QSet>
#include <QWidget>
#include <cstdint>
#include <functional>
#include <vector>

namespace microseg::ui {

class ScatterView : public QWidget, public PresentableView {
    Q_OBJECT
  public:
    enum class SelectionMode { Pan, Rectangle, Lasso };
    Q_ENUM(SelectionMode)
    /// Text for point i's tooltip (rich text allowed); the default shows its coordinates and
    /// category or value.
    using TooltipProvider = std::function<QString(std::size_t)>;

    /// Above this many points the SVG export embeds the cloud as an image.
    static constexpr std::size_t kSvgVectorLimit = 20'000;
    /// Hover lookup radius in pixels.
    static constexpr double kHoverRadius = 8.0;

    explicit ScatterView(QWidget* parent = nullptr);

    /// Replaces the points (x[i], y[i]; non-finite ones are skipped), clears colouring,
    /// selection and masking, and fits the view.
    void setPoints(std::vector<double> x, std::vector<double> y);
    /// Moves the same points (a live embedding): keeps colours and selection; refits unless the
    /// person has zoomed or panned since the last fit.
    void updatePoints(std::vector<double> x, std::vector<double> y);
    [[nodiscard]] std::size_t pointCount() const noexcept { return m_x.size(); }
    [[nodiscard]] const std::vector<double>& xs() const noexcept { return m_x; }
    [[nodiscard]] const std::vector<double>& ys() const noexcept { return m_y; }

    void setTitles(const QString& title, const QString& xTitle, const QString& yTitle);
    /// One pixel per unit on both axes alike (embeddings); off by default.
    void setEqualAspect(bool equal);
    /// One colour for all points.
    void setUniformColour(const QColor& colour = QColor(0x4e, 0x79, 0xa7));
    /// Category colours: labels[i] >= 0 picks clusterColor(label), -1 is noise (grey).
    /// `names[k]` names label k in the legend and tooltips (default "Cluster k").
    void setCategories(std::vector<std::int32_t> labels, QStringList names, const QString& title);
    /// A continuous colour scale over `values` (NaN = missing, grey) with a colour bar.
    void setContinuous(std::vector<double> values, const QString& title);
    /// Categories whose points are masked: not drawn, not hovered, not selected.
    void setHiddenCategories(const QSet<int>& hidden);
    [[nodiscard]] const QSet<int>& hiddenCategories() const noexcept { return m_hidden; }
    [[nodiscard]] const ScatterLegend& legend() const noexcept { return m_legend; }
    /// The colour point i is drawn with (alpha 0 when masked).
    [[nodiscard]] QRgb pointColour(std::size_t i) const;

    void setArrows(std::vector<ScatterArrow> arrows);
    void setTooltipProvider(TooltipProvider provider) { m_tooltip = std::move(provider); }

    void setSelectionMode(SelectionMode mode) { m_mode = mode; }
    [[nodiscard]] SelectionMode selectionMode() const noexcept { return m_mode; }
    /// Selected point indices, ascending.
    [[nodiscard]] const std::vector<std::size_t>& selection() const noexcept { return m_selection; }
    void setSelection(std::vector<std::size_t> indices);
    void clearSelection() { setSelection({}); }
    /// Points inside a widget-pixel rectangle or closed lasso path (masked points excluded).
    [[nodiscard]] std::vector<std::size_t> pointsInRect(const QRectF& pixels) const;
    [[nodiscard]] std::vector<std::size_t> pointsInLasso(const QPolygonF& pixels) const;
    /// The visible point nearest to `pixel` within kHoverRadius, or -1.
    [[nodiscard]] std::int64_t pointAt(const QPointF& pixel) const;

    [[nodiscard]] const ScatterTransform& transform() const noexcept { return m_transform; }
    void zoomAt(const QPointF& pixel, double factor);
    void panBy(const QPointF& delta);
    void resetView();

    /// The whole view (axes, legend, points) at `pixels`, laid out as on screen at the widget's
    /// size and scaled up, so text stays legible at high resolutions.
    [[nodiscard]] QImage renderImage(const QSize& pixels) const;
    bool exportPng(const QString& path, const QSize& pixels) const;
    bool exportSvg(const QString& path) const;
    /// Milliseconds the last point raster took to draw.
    [[nodiscard]] double lastRasterMilliseconds() const noexcept { return m_lastRasterMs; }

    // PresentableView (defined in presentable_views.cpp): points (at most kSavedViewPoints, a
    // seeded random subsample beyond), colouring, titles and masked categories.
    static constexpr std::size_t kSavedViewPoints = 20'000;
    [[nodiscard]] QString viewKind() const override;
    [[nodiscard]] QString viewTitle() const override;
    [[nodiscard]] bool hasViewContent() const override;
    [[nodiscard]] QJsonObject viewSettings() const override;
    bool applyViewSettings(const QJsonObject& settings) override;

    QSize sizeHint() const override { return {640, 480}; }

  signals:
    void selectionChanged();
    /// A legend entry was clicked: the category's masking was toggled.
    void hiddenCategoriesChanged();

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

  private:
    void recolour();
    void relayout();
    [[nodiscard]] ScatterLayout layoutFor(const QSizeF& size) const;
    [[nodiscard]] bool visible(std::size_t i) const;
    [[nodiscard]] ScatterSpatialIndex::Filter visibilityFilter() const;
    enum class PointsAs { CachedRaster, Raster, Vector };
    /// Paints everything at logical size `size` into `painter`; a raster at `scale` times.
    void paintAll(QPainter& painter, const QSizeF& size, double scale, PointsAs points) const;
    [[nodiscard]] QImage rasterFor(const ScatterTransform& logical, double scale,
                                   const QSize& pixels) const;
    QString defaultTooltip(std::size_t i) const;
    void showTooltip(const QPoint& pos);
    void finishSelection(const QPointF& end);

    std::vector<double> m_x, m_y;
    ScatterSpatialIndex m_index;
    ScatterTransform m_transform;
    bool m_userMoved = false;

    enum class Colouring { Uniform, Categories, Continuous } m_colouring = Colouring::Uniform;
    QColor m_uniform{0x4e, 0x79, 0xa7};
    std::vector<std::int32_t> m_labels;
    QStringList m_names;
    std::vector<double> m_values;
    QSet<int> m_hidden;
    std::vector<QRgb> m_colours; ///< per point, after masking and selection dimming
    ScatterLegend m_legend;
    std::vector<int> m_legendLabels; ///< the category of each legend entry
    std::vector<ScatterArrow> m_arrows;
    QString m_title, m_xTitle, m_yTitle;
    TooltipProvider m_tooltip;

    SelectionMode m_mode = SelectionMode::Pan;
    SelectionMode m_activeMode = SelectionMode::Pan; ///< of the drag in progress (modifiers)
    std::vector<std::size_t> m_selection;
    bool m_dragging = false;
    QPointF m_pressPos, m_lastPos;
    QPolygonF m_lasso;

    mutable QImage m_raster; ///< the cloud at the current transform; null when stale
    mutable double m_lastRasterMs = 0.0;
};

} // namespace microseg::ui
