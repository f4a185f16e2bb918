#pragma once
// The vector parts of the scatter view, painted with QPainter on screen and into PNG and SVG
// exports alike: the layout (plot area, legend column), axes with "nice" ticks, the legend
// (category swatches or a continuous colour bar) and biplot arrows.

#include "colour_scale.h"
#include "scatter_transform.h"

#include <QColor>
#include <QFontMetricsF>
#include <QRectF>
#include <QString>
#include <vector>

class QPainter;

namespace microseg::ui {

struct ScatterLegend {
    enum class Kind { None, Categories, Continuous };
    Kind kind = Kind::None;
    QString title;
    struct Entry {
        QString name;
        QColor colour;
        bool hidden = false; ///< masked: drawn struck out, its points are not shown
    };
    std::vector<Entry> entries; ///< Categories
    ColourScale scale;          ///< Continuous
};

/// An arrow from the data origin to `tip` (data units), labelled: a PCA biplot loading.
struct ScatterArrow {
    QString label;
    QPointF tip;
};

struct ScatterLayout {
    QRectF canvas;
    QRectF plot;
    QRectF legend;
    int legendColumns = 0;
    int legendRowsPerColumn = 0;
    double legendRowsTop = 0.0; ///< y of the first category row, under the legend title
    double legendRowHeight = 0.0;
    double legendColumnWidth = 0.0;
};

/// Splits `canvas` into the plot (left, with room for a title, tick labels and axis titles)
/// and the legend (right; several columns when the categories do not fit one).
ScatterLayout layoutScatter(const QRectF& canvas, const QFontMetricsF& metrics,
                            const ScatterLegend& legend, bool hasTitle);

/// About `maxTicks` round values (1, 2 or 5 times a power of ten) inside [low, high].
std::vector<double> niceTicks(double low, double high, int maxTicks);

/// Light grid lines at the ticks, painted under the points.
void paintGrid(QPainter& painter, const ScatterLayout& layout, const ScatterTransform& transform);
/// Frame, ticks, tick labels and titles, painted over the points.
void paintAxes(QPainter& painter, const ScatterLayout& layout, const ScatterTransform& transform,
               const QString& title, const QString& xTitle, const QString& yTitle);
void paintLegend(QPainter& painter, const ScatterLayout& layout, const ScatterLegend& legend);
/// Arrows clipped to the plot, labels at their tips.
void paintArrows(QPainter& painter, const ScatterTransform& transform, const QRectF& plot,
                 const std::vector<ScatterArrow>& arrows);

/// The category entry under `point` in the legend, or -1.
int legendEntryAt(const ScatterLayout& layout, const ScatterLegend& legend, const QPointF& point);

} // namespace microseg::ui
