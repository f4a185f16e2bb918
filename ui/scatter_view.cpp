#include "scatter_view.h"

#include "cluster_palette.h"
#include "presentation_settings.h"
#include "scatter_renderer.h"

#include <QPainter>
#include <QResizeEvent>
#include <QSvgGenerator>
#include <algorithm>
#include <chrono>
#include <cmath>

namespace microseg::ui {
namespace {

/// Unselected points while a selection exists: faded towards the background.
QRgb dimmed(QRgb colour) {
    const int grey = 225;
    return qRgba((qRed(colour) + 3 * grey) / 4, (qGreen(colour) + 3 * grey) / 4,
                 (qBlue(colour) + 3 * grey) / 4, qAlpha(colour) / 2);
}

int pointAlpha(std::size_t count) {
    // Dense clouds show their density through overlap.
    return count > 50'000 ? 170 : count > 5'000 ? 210 : 235;
}

} // namespace

ScatterView::ScatterView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(240, 180);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    // Presentation mode changes the palette and the marker size: colour and draw again.
    connect(&PresentationSettings::instance(), &PresentationSettings::chartStyleChanged, this, [this] {
        recolour();
        m_raster = QImage();
        update();
    });
    relayout();
}

void ScatterView::setPoints(std::vector<double> x, std::vector<double> y) {
    const std::size_t n = std::min(x.size(), y.size());
    x.resize(n);
    y.resize(n);
    m_x = std::move(x);
    m_y = std::move(y);
    m_index.build(m_x, m_y);
    m_selection.clear();
    m_hidden.clear();
    m_labels.clear();
    m_values.clear();
    m_names.clear();
    m_colouring = Colouring::Uniform;
    m_userMoved = false;
    relayout();
    m_transform.fit(m_index.bounds());
    recolour();
    emit selectionChanged();
}

void ScatterView::updatePoints(std::vector<double> x, std::vector<double> y) {
    if (x.size() != m_x.size() || y.size() != m_y.size()) {
        setPoints(std::move(x), std::move(y));
        return;
    }
    m_x = std::move(x);
    m_y = std::move(y);
    m_index.build(m_x, m_y);
    if (!m_userMoved)
        m_transform.fit(m_index.bounds());
    m_raster = QImage();
    update();
}

void ScatterView::setTitles(const QString& title, const QString& xTitle, const QString& yTitle) {
    m_title = title;
    m_xTitle = xTitle;
    m_yTitle = yTitle;
    relayout();
}

void ScatterView::setEqualAspect(bool equal) {
    m_transform.setEqualAspect(equal);
    if (!m_userMoved)
        m_transform.fit(m_index.bounds());
    m_raster = QImage();
    update();
}

void ScatterView::setUniformColour(const QColor& colour) {
    m_colouring = Colouring::Uniform;
    m_uniform = colour;
    m_labels.clear();
    m_values.clear();
    m_hidden.clear();
    recolour();
}

void ScatterView::setCategories(std::vector<std::int32_t> labels, QStringList names,
                                const QString& title) {
    m_colouring = Colouring::Categories;
    m_labels = std::move(labels);
    m_labels.resize(m_x.size(), -1);
    m_names = std::move(names);
    m_values.clear();
    m_legend.title = title;
    m_hidden.clear();
    recolour();
}

void ScatterView::setContinuous(std::vector<double> values, const QString& title) {
    m_colouring = Colouring::Continuous;
    m_values = std::move(values);
    m_values.resize(m_x.size(), std::nan(""));
    m_labels.clear();
    m_legend.title = title;
    m_hidden.clear();
    recolour();
}

void ScatterView::setHiddenCategories(const QSet<int>& hidden) {
    m_hidden = hidden;
    if (!m_selection.empty()) {
        // Masked points leave the selection: what is selected is always what is visible.
        std::vector<std::size_t> kept;
        for (std::size_t i : m_selection)
            if (visible(i))
                kept.push_back(i);
        if (kept.size() != m_selection.size()) {
            m_selection = std::move(kept);
            emit selectionChanged();
        }
    }
    recolour();
}

bool ScatterView::visible(std::size_t i) const {
    if (m_colouring != Colouring::Categories || m_hidden.isEmpty())
        return true;
    return !m_hidden.contains(i < m_labels.size() ? m_labels[i] : -1);
}

ScatterSpatialIndex::Filter ScatterView::visibilityFilter() const {
    if (m_colouring != Colouring::Categories || m_hidden.isEmpty())
        return {};
    return [this](std::size_t i) { return visible(i); };
}

QRgb ScatterView::pointColour(std::size_t i) const {
    return i < m_colours.size() ? m_colours[i] : 0;
}

void ScatterView::recolour() {
    const std::size_t n = m_x.size();
    const int alpha = pointAlpha(n);
    m_colours.assign(n, 0);
    m_legend.entries.clear();
    m_legendLabels.clear();
    switch (m_colouring) {
    case Colouring::Uniform: {
        m_legend.kind = ScatterLegend::Kind::None;
        QColor colour = m_uniform;
        colour.setAlpha(alpha);
        std::fill(m_colours.begin(), m_colours.end(), colour.rgba());
        break;
    }
    case Colouring::Categories: {
        m_legend.kind = ScatterLegend::Kind::Categories;
        std::int32_t maxLabel = -1;
        bool noise = false;
        for (std::int32_t label : m_labels) {
            maxLabel = std::max(maxLabel, label);
            noise = noise || label < 0;
        }
        std::vector<QRgb> palette(static_cast<std::size_t>(maxLabel + 1));
        for (std::int32_t k = 0; k <= maxLabel; ++k) {
            QColor colour = clusterColor(k, maxLabel + 1);
            palette[static_cast<std::size_t>(k)] = colour.rgb();
            m_legend.entries.push_back({k < m_names.size() ? m_names[k] : tr("Cluster %1").arg(k),
                                        colour, m_hidden.contains(k)});
            m_legendLabels.push_back(k);
        }
        if (noise) {
            m_legend.entries.push_back({tr("Noise"), clusterColor(-1), m_hidden.contains(-1)});
            m_legendLabels.push_back(-1);
        }
        const QRgb noiseColour = clusterColor(-1).rgb();
        for (std::size_t i = 0; i < n; ++i) {
            const std::int32_t label = m_labels[i];
            if (m_hidden.contains(label))
                continue;
            const QRgb rgb = label >= 0 ? palette[static_cast<std::size_t>(label)] : noiseColour;
            m_colours[i] = qRgba(qRed(rgb), qGreen(rgb), qBlue(rgb), alpha);
        }
        break;
    }
    case Colouring::Continuous: {
        m_legend.kind = ScatterLegend::Kind::Continuous;
        m_legend.scale = ColourScale::covering(m_values);
        for (std::size_t i = 0; i < n; ++i) {
            const QRgb rgb = m_legend.scale.colour(m_values[i]);
            m_colours[i] = qRgba(qRed(rgb), qGreen(rgb), qBlue(rgb), alpha);
        }
        break;
    }
    }
    if (!m_selection.empty()) {
        std::vector<char> selected(n, 0);
        for (std::size_t i : m_selection)
            if (i < n)
                selected[i] = 1;
        for (std::size_t i = 0; i < n; ++i)
            if (!selected[i] && qAlpha(m_colours[i]) != 0)
                m_colours[i] = dimmed(m_colours[i]);
    }
    relayout();
}

void ScatterView::setArrows(std::vector<ScatterArrow> arrows) {
    m_arrows = std::move(arrows);
    update();
}

void ScatterView::setSelection(std::vector<std::size_t> indices) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    while (!indices.empty() && indices.back() >= m_x.size())
        indices.pop_back();
    if (indices == m_selection)
        return;
    m_selection = std::move(indices);
    recolour();
    emit selectionChanged();
}

std::vector<std::size_t> ScatterView::pointsInRect(const QRectF& pixels) const {
    const QRectF box = pixels.normalized();
    return m_index.inRect(
        QRectF(m_transform.toData(box.bottomLeft()), m_transform.toData(box.topRight())),
        visibilityFilter());
}

std::vector<std::size_t> ScatterView::pointsInLasso(const QPolygonF& pixels) const {
    // The transform is affine per axis, so the polygon maps vertex by vertex into data space.
    QPolygonF data;
    data.reserve(pixels.size());
    for (const QPointF& p : pixels)
        data << m_transform.toData(p);
    return m_index.inPolygon(data, visibilityFilter());
}

std::int64_t ScatterView::pointAt(const QPointF& pixel) const {
    if (!m_transform.plotRect().contains(pixel))
        return -1;
    const auto found = m_index.nearest(m_transform, pixel, kHoverRadius, visibilityFilter());
    return found ? static_cast<std::int64_t>(*found) : -1;
}

void ScatterView::zoomAt(const QPointF& pixel, double factor) {
    m_transform.zoomAt(pixel, factor);
    m_userMoved = true;
    m_raster = QImage();
    update();
}

void ScatterView::panBy(const QPointF& delta) {
    m_transform.pan(delta);
    m_userMoved = true;
    m_raster = QImage();
    update();
}

void ScatterView::resetView() {
    m_transform.fit(m_index.bounds());
    m_userMoved = false;
    m_raster = QImage();
    update();
}

ScatterLayout ScatterView::layoutFor(const QSizeF& size) const {
    return layoutScatter(QRectF(QPointF(0, 0), size), QFontMetricsF(font()), m_legend,
                         !m_title.isEmpty());
}

void ScatterView::relayout() {
    m_transform.setPlotRect(layoutFor(size()).plot);
    if (!m_userMoved && m_index.size() > 0)
        m_transform.fit(m_index.bounds());
    m_raster = QImage();
    update();
}

void ScatterView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    relayout();
}

QImage ScatterView::rasterFor(const ScatterTransform& logical, double scale,
                              const QSize& pixels) const {
    ScatterTransform device = logical;
    const QRectF plot = logical.plotRect();
    device.setPlotRect(QRectF(plot.topLeft() * scale, plot.size() * scale));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    const auto start = std::chrono::steady_clock::now();
    const QRect clip = device.plotRect().toAlignedRect().adjusted(1, 1, -1, -1);
    paintPointRaster(image, clip, device, {&m_x, &m_y, &m_colours, &m_selection},
                     styledMarker(defaultPointRadius(m_x.size())) * scale);
    m_lastRasterMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return image;
}

void ScatterView::paintAll(QPainter& painter, const QSizeF& size, double scale,
                           PointsAs points) const {
    const ScatterLayout layout = layoutFor(size);
    ScatterTransform transform = m_transform;
    transform.setPlotRect(layout.plot);
    painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    paintGrid(painter, layout, transform);
    if (points == PointsAs::Vector) {
        painter.save();
        painter.setClipRect(layout.plot);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(Qt::NoPen);
        const double radius = styledMarker(defaultPointRadius(m_x.size()));
        auto draw = [&](std::size_t i) {
            if (!std::isfinite(m_x[i]) || !std::isfinite(m_y[i]) || qAlpha(m_colours[i]) == 0)
                return;
            painter.setBrush(QColor::fromRgba(m_colours[i]));
            painter.drawEllipse(transform.toPixel(m_x[i], m_y[i]), radius, radius);
        };
        for (std::size_t i = 0; i < m_x.size(); ++i)
            draw(i);
        for (std::size_t i : m_selection)
            draw(i);
        painter.restore();
    } else {
        const QSize pixels = (size * scale).toSize();
        const bool screen = points == PointsAs::CachedRaster;
        if (screen && m_raster.size() == pixels) {
            painter.drawImage(QRectF(QPointF(0, 0), size), m_raster);
        } else {
            QImage raster = rasterFor(transform, scale, pixels);
            painter.drawImage(QRectF(QPointF(0, 0), size), raster);
            if (screen)
                m_raster = std::move(raster);
        }
    }
    paintArrows(painter, transform, layout.plot, m_arrows);
    paintAxes(painter, layout, transform, m_title, m_xTitle, m_yTitle);
    paintLegend(painter, layout, m_legend);
}

void ScatterView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    paintAll(painter, QSizeF(size()), devicePixelRatioF(), PointsAs::CachedRaster);
    // The selection being drawn, over everything.
    if (m_dragging && (m_lasso.size() > 1 || m_pressPos != m_lastPos)) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(QColor(0x20, 0x20, 0x20), 1.0, Qt::DashLine));
        painter.setBrush(QColor(0x4e, 0x79, 0xa7, 40));
        if (!m_lasso.isEmpty())
            painter.drawPolygon(m_lasso);
        else if (m_activeMode == SelectionMode::Rectangle)
            painter.drawRect(QRectF(m_pressPos, m_lastPos).normalized());
    }
}

QImage ScatterView::renderImage(const QSize& pixels) const {
    const double scale = std::max(1e-3, static_cast<double>(pixels.width()) / std::max(1, width()));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setFont(font());
    painter.scale(scale, scale);
    paintAll(painter, QSizeF(pixels) / scale, scale, PointsAs::Raster);
    painter.end();
    return image;
}

bool ScatterView::exportPng(const QString& path, const QSize& pixels) const {
    if (pixels.isEmpty())
        return false;
    return renderImage(pixels).save(path, "PNG");
}

bool ScatterView::exportSvg(const QString& path) const {
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size());
    generator.setViewBox(rect());
    generator.setTitle(m_title.isEmpty() ? tr("Scatter") : m_title);
    generator.setDescription(QStringLiteral("Microseg"));
    QPainter painter;
    if (!painter.begin(&generator))
        return false;
    painter.setFont(font());
    // The embedded raster is drawn at twice the size so it stays sharp when the SVG is scaled.
    paintAll(painter, QSizeF(size()), 2.0,
             m_x.size() <= kSvgVectorLimit ? PointsAs::Vector : PointsAs::Raster);
    return painter.end();
}

} // namespace microseg::ui
