#include "silhouette_plot.h"

#include "chart_export.h"
#include "cluster_palette.h"
#include "presentation_settings.h"

#include <QPainter>
#include <algorithm>
#include <cmath>
#include <map>

namespace microseg::ui {
namespace {
constexpr int kLeft = 64;
constexpr int kRight = 16;
constexpr int kBottom = 40;
} // namespace

SilhouettePlot::SilhouettePlot(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setToolTip(tr("Right-click to export."));
    installExportMenu(this, QStringLiteral("silhouette"));
    clear();
}

void SilhouettePlot::clear(const QString& message) {
    m_clusters.clear();
    m_points = 0;
    m_average = 0.0;
    m_note.clear();
    m_message = message.isEmpty() ? tr("Select a run to see its silhouette plot.") : message;
    update();
}

void SilhouettePlot::setData(const std::vector<double>& values,
                             const std::vector<std::int32_t>& labels, double average,
                             const QString& note) {
    std::map<int, std::vector<double>> byCluster;
    m_points = 0;
    m_lowest = 0.0;
    for (std::size_t i = 0; i < values.size() && i < labels.size(); ++i) {
        if (labels[i] < 0 || !std::isfinite(values[i]))
            continue;
        byCluster[labels[i]].push_back(values[i]);
        m_lowest = std::min(m_lowest, values[i]);
        ++m_points;
    }
    m_clusters.clear();
    for (auto& [label, list] : byCluster) {
        std::sort(list.begin(), list.end(), std::greater<>());
        m_clusters.push_back({label, std::move(list)});
    }
    m_average = average;
    m_note = note;
    m_message.clear();
    setToolTip(note + QLatin1Char('\n') + tr("Right-click to export."));
    update();
}

QRectF SilhouettePlot::plotRect() const {
    const int top = fontMetrics().height() * 2 + 8;
    // Two lines below the plot (tick values, axis title), however large the font.
    const int bottom = std::max(kBottom, fontMetrics().height() * 2 + 6);
    return QRectF(kLeft, top, std::max(10, width() - kLeft - kRight),
                  std::max(10, height() - top - bottom));
}

double SilhouettePlot::xFor(double value) const {
    const QRectF plot = plotRect();
    const double lo = std::min(-0.2, std::floor(m_lowest * 10.0) / 10.0);
    return plot.left() + (value - lo) / (1.0 - lo) * plot.width();
}

double SilhouettePlot::gap() const {
    return m_clusters.size() > 30 ? 1.0 : 3.0;
}

std::vector<SilhouettePlot::PixelRow> SilhouettePlot::pixelRows() const {
    std::vector<PixelRow> rows;
    if (m_clusters.empty() || m_points == 0)
        return rows;
    const QRectF plot = plotRect();
    const double available =
        std::max(1.0, plot.height() - gap() * static_cast<double>(m_clusters.size() - 1));
    double y = plot.top();
    for (const Cluster& cluster : m_clusters) {
        const auto n = static_cast<std::int64_t>(cluster.sorted.size());
        const double band = available * static_cast<double>(n) / static_cast<double>(m_points);
        // Whole pixel rows only: never more rows than pixels, at least one per cluster.
        const std::int64_t count =
            std::max<std::int64_t>(1, std::min<std::int64_t>(n, static_cast<std::int64_t>(band)));
        const double rowHeight = std::max(band, 1.0) / static_cast<double>(count);
        for (std::int64_t r = 0; r < count; ++r) {
            const std::int64_t first = r * n / count;
            const std::int64_t last = (r + 1) * n / count;
            PixelRow row;
            row.cluster = cluster.label;
            row.top = y + static_cast<double>(r) * rowHeight;
            row.height = rowHeight;
            row.count = last - first;
            row.max = cluster.sorted[static_cast<std::size_t>(first)];
            row.min = cluster.sorted[static_cast<std::size_t>(last - 1)];
            double sum = 0.0;
            for (std::int64_t i = first; i < last; ++i)
                sum += cluster.sorted[static_cast<std::size_t>(i)];
            row.mean = sum / static_cast<double>(row.count);
            rows.push_back(row);
        }
        y += std::max(band, 1.0) + gap();
    }
    return rows;
}

void SilhouettePlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QPalette& pal = palette();
    const QFontMetrics fm = fontMetrics();
    if (!hasData()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         m_message);
        return;
    }
    const QRectF plot = plotRect();
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRectF(8, 2, width() - 16, fm.height() + 2), Qt::AlignLeft,
                     tr("Silhouette plot"));
    painter.setFont(font());
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(QRectF(8, fm.height() + 4, width() - 16, fm.height() + 2), Qt::AlignLeft,
                     fm.elidedText(m_note, Qt::ElideRight, width() - 16));

    // Grid and x axis.
    const double lo = std::min(-0.2, std::floor(m_lowest * 10.0) / 10.0);
    painter.setPen(QPen(pal.color(QPalette::Mid), 0.5));
    for (double v = std::ceil(lo * 5.0) / 5.0; v <= 1.0001; v += 0.2) {
        const double x = xFor(v);
        painter.setPen(QPen(pal.color(QPalette::Mid), std::abs(v) < 1e-9 ? 1.2 : 0.5));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRectF(x - 30, plot.bottom() + 2, 60, fm.height()), Qt::AlignCenter,
                         QString::number(v, 'f', 1));
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 2, plot.width(),
                            fm.height()),
                     Qt::AlignCenter, tr("silhouette coefficient"));

    // Bars: the min..max band faint, the mean solid.
    const double zero = xFor(0.0);
    int currentCluster = -2;
    double bandTop = 0.0, bandBottom = 0.0;
    double lastLabelBottom = -1e9;
    const int clusterCount = m_clusters.empty() ? 0 : m_clusters.back().label + 1;
    QFont labelFont = font();
    if (m_clusters.size() > 12)
        labelFont.setPointSizeF(labelFont.pointSizeF() * 0.85);
    const QFontMetricsF labelMetrics(labelFont);
    // Each cluster is labelled at the middle of its band unless the label would overlap the
    // previous one: thin bands of many clusters get every second or third label, never a pile.
    auto labelCluster = [&](int cluster) {
        if (cluster < 0)
            return;
        const double middle = (bandTop + bandBottom) / 2.0;
        const double h = labelMetrics.height();
        if (middle - h / 2.0 < lastLabelBottom)
            return;
        lastLabelBottom = middle + h / 2.0;
        painter.setFont(labelFont);
        painter.setPen(clusterColor(cluster, clusterCount).darker(130));
        painter.drawText(QRectF(0, middle - h / 2.0, kLeft - 6, h),
                         Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("C%1").arg(cluster));
        painter.setFont(font());
        // A tick ties the label to its band.
        painter.drawLine(QPointF(kLeft - 4, middle), QPointF(kLeft, middle));
    };
    for (const PixelRow& row : pixelRows()) {
        if (row.cluster != currentCluster) {
            labelCluster(currentCluster);
            currentCluster = row.cluster;
            bandTop = row.top;
        }
        bandBottom = row.top + row.height;
        QColor colour = clusterColor(row.cluster, clusterCount);
        QColor faint = colour;
        faint.setAlphaF(0.35f);
        painter.fillRect(QRectF(QPointF(xFor(row.min), row.top),
                                QPointF(xFor(row.max), row.top + row.height)),
                         faint);
        painter.fillRect(QRectF(QPointF(std::min(zero, xFor(row.mean)), row.top),
                                QPointF(std::max(zero, xFor(row.mean)), row.top + row.height)),
                         colour);
    }
    labelCluster(currentCluster);

    // The average as a dashed line, labelled.
    const double ax = xFor(m_average);
    painter.setPen(QPen(QColor(0xd62728), styledWidth(2), Qt::DashLine));
    painter.drawLine(QPointF(ax, plot.top()), QPointF(ax, plot.bottom()));
    const QString text = tr("average %1").arg(m_average, 0, 'f', 3);
    const double tw = fm.horizontalAdvance(text) + 8;
    const QRectF box(std::min(ax + 4, plot.right() - tw), plot.top(), tw, fm.height() + 2);
    painter.fillRect(box, pal.color(QPalette::Base));
    painter.setPen(QColor(0xb71c1c));
    painter.drawText(box, Qt::AlignCenter, text);
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawRect(plot);
}

} // namespace microseg::ui
