#include "cluster_sizes_view.h"

#include "chart_export.h"
#include "cluster_palette.h"
#include "presentation_settings.h"
#include "text_format.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace microseg::ui {

ClusterSizesView::ClusterSizesView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    installExportMenu(this, QStringLiteral("cluster-sizes"));
}

void ClusterSizesView::setSizes(const std::vector<std::int64_t>& sizes, std::int64_t noise) {
    m_sizes = sizes; // the order and colours stay: they follow the run's super-segments
    m_noise = noise;
    update();
}

void ClusterSizesView::setMinimumClusterSize(std::int64_t minimum) {
    m_minimum = minimum;
    update();
}

void ClusterSizesView::setTitle(const QString& title) {
    m_title = title;
    update();
}

void ClusterSizesView::clear() {
    m_sizes.clear();
    m_noise = 0;
    update();
}

QRectF ClusterSizesView::plotRect() const {
    const int h = fontMetrics().height();
    const int left = fontMetrics().horizontalAdvance(QStringLiteral("000,000")) + 10;
    return QRectF(left, h + 10, std::max(10, width() - left - 10),
                  std::max(10, height() - 2 * h - 24));
}

int ClusterSizesView::clusterAt(QPointF pos) const {
    const QRectF plot = plotRect();
    const int columns = static_cast<int>(m_sizes.size()) + (m_noise > 0 ? 1 : 0);
    if (columns == 0 || !plot.contains(pos))
        return -1;
    // Columns past the clusters are the noise column, returned as its own index (sizes().size()).
    const int i = std::clamp(static_cast<int>((pos.x() - plot.left()) / plot.width() * columns), 0,
                             columns - 1);
    return i < static_cast<int>(m_sizes.size()) ? clusterInSlot(i) : i;
}

int ClusterSizesView::clusterInSlot(int slot) const {
    return m_order.size() == m_sizes.size() ? m_order[static_cast<std::size_t>(slot)] : slot;
}

void ClusterSizesView::setClusterOrder(const std::vector<int>& order,
                                       const std::vector<QColor>& colors) {
    m_order = order;
    m_colors = colors;
    update();
}

bool ClusterSizesView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = clusterAt(help->pos());
        if (i >= static_cast<int>(m_sizes.size()))
            QToolTip::showText(help->globalPos(),
                               tr("Noise: %1 points in no cluster").arg(formatCount(m_noise)),
                               this);
        else if (i >= 0)
            QToolTip::showText(help->globalPos(),
                               tr("Cluster %1: %2 members").arg(i).arg(
                                   formatCount(m_sizes[static_cast<std::size_t>(i)])),
                               this);
        else
            QToolTip::showText(help->globalPos(), tr("Right-click to export."), this);
        return true;
    }
    return QWidget::event(event);
}

void ClusterSizesView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QPalette& pal = palette();
    const QFontMetrics fm = fontMetrics();
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRectF(8, 2, width() - 16, fm.height() + 2), Qt::AlignLeft,
                     m_title.isEmpty() ? tr("Cluster sizes") : m_title);
    painter.setFont(font());
    if (m_sizes.empty() && m_noise == 0) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("Select a run to see its cluster sizes."));
        return;
    }
    const QRectF plot = plotRect();
    std::int64_t largest = std::max<std::int64_t>(1, m_noise);
    for (const std::int64_t size : m_sizes)
        largest = std::max(largest, size);
    const double top = static_cast<double>(std::max(largest, m_minimum)) * 1.08;
    auto yFor = [&](double v) { return plot.bottom() - v / top * plot.height(); };

    // Y grid: about five nice steps.
    const double raw = top / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / magnitude < 2 ? 2 * magnitude : raw / magnitude < 5 ? 5 * magnitude
                                                                                 : 10 * magnitude;
    for (double v = 0; v <= top; v += std::max(step, 1.0)) {
        const double y = yFor(v);
        painter.setPen(QPen(pal.color(QPalette::Mid), 0.5));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRectF(0, y - fm.height() / 2.0, plot.left() - 6, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter,
                         formatCount(static_cast<std::int64_t>(v)));
    }

    const auto n = static_cast<int>(m_sizes.size());
    const int columns = n + (m_noise > 0 ? 1 : 0); // noise, if any, is a last grey column
    const double slot = plot.width() / columns;
    const double barWidth = std::max(1.0, slot * (columns > 30 ? 0.85 : 0.7));
    // Label every cluster when the numbers fit, otherwise every 2nd, 5th, 10th.
    const double labelWidth = fm.horizontalAdvance(QString::number(n - 1)) + 6;
    int every = 1;
    for (int candidate : {1, 2, 5, 10, 20, 50}) {
        every = candidate;
        if (slot * candidate >= labelWidth)
            break;
    }
    for (int i = 0; i < n; ++i) {
        const int cluster = clusterInSlot(i);
        const double x = plot.left() + slot * i + (slot - barWidth) / 2;
        const double y = yFor(static_cast<double>(m_sizes[static_cast<std::size_t>(cluster)]));
        painter.fillRect(QRectF(x, y, barWidth, plot.bottom() - y),
                         static_cast<std::size_t>(cluster) < m_colors.size()
                             ? m_colors[static_cast<std::size_t>(cluster)]
                             : clusterColor(cluster, n));
        if (i % every == 0) {
            painter.setPen(pal.color(QPalette::Text));
            painter.drawText(QRectF(plot.left() + slot * i + slot / 2 - 20, plot.bottom() + 2, 40,
                                    fm.height()),
                             Qt::AlignCenter, QString::number(cluster));
        }
    }
    if (m_noise > 0) {
        const double x = plot.left() + slot * n + (slot - barWidth) / 2;
        const double y = yFor(static_cast<double>(m_noise));
        painter.fillRect(QRectF(x, y, barWidth, plot.bottom() - y), clusterColor(-1));
        painter.setPen(pal.color(QPalette::Text));
        // On the axis-title line, right-aligned under the column: the cluster numbers' line
        // has no room for a word next to the last number.
        painter.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 4,
                                plot.width(), fm.height()),
                         Qt::AlignRight, tr("noise"));
    }
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 4, plot.width(),
                            fm.height()),
                     Qt::AlignCenter, tr("cluster"));
    if (m_minimum > 0 && static_cast<double>(m_minimum) < top) {
        const double y = yFor(static_cast<double>(m_minimum));
        painter.setPen(QPen(QColor(0xd62728), styledWidth(1.5), Qt::DashLine));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(QColor(0xb71c1c));
        painter.drawText(QRectF(plot.left() + 4, y - fm.height() - 1, plot.width() - 8,
                                fm.height()),
                         Qt::AlignRight, tr("minimum size %1").arg(formatCount(m_minimum)));
    }
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawRect(plot);
}

} // namespace microseg::ui
