#include "profile_heatmap.h"

#include "cluster_palette.h"
#include "color_scale.h"
#include "painted_chart.h"
#include "text_format.h"

#include <QHelpEvent>
#include <QLinearGradient>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {
constexpr int kMargin = 8;
constexpr int kMaxHeader = 110;
constexpr double kMaxRange = 3.0;

} // namespace

ProfileHeatmap::ProfileHeatmap(QWidget* parent) : QWidget(parent) {
    painted::setUpChartWidget(this, QStringLiteral("cluster-profile"));
    clear();
}

void ProfileHeatmap::clear(const QString& message) {
    m_profile = {};
    m_message = message.isEmpty() ? tr("Select a run to see its cluster profile.") : message;
    updateGeometry();
    update();
}

void ProfileHeatmap::setRowOrder(const std::vector<int>& order, const std::vector<QColor>& colors) {
    m_order = order.size() == m_profile.means.size() ? order : std::vector<int>{};
    m_colors = colors;
    update();
}

int ProfileHeatmap::clusterAtRow(int row) const {
    return m_order.empty() ? row : m_order.at(static_cast<std::size_t>(row));
}

void ProfileHeatmap::setProfile(const ClusterProfile& profile) {
    if (profile.means.size() != m_profile.means.size()) {
        m_order.clear();
        m_colors.clear();
    }
    m_profile = profile;
    double largest = 0.0;
    for (const auto& row : m_profile.means)
        for (double value : row)
            largest = std::max(largest, std::abs(value));
    // Symmetric around 0, rounded up to a half, capped so one outlier does not wash out the rest.
    m_range = std::clamp(std::ceil(largest * 2.0) / 2.0, 0.5, kMaxRange);
    m_message.clear();
    updateGeometry();
    update();
}

double ProfileHeatmap::cellValue(int row, int column) const {
    return m_profile.means.at(static_cast<std::size_t>(clusterAtRow(row)))
        .at(static_cast<std::size_t>(column));
}

QColor ProfileHeatmap::colorFor(double value) const {
    static const QColor blue(33, 102, 172), white(247, 247, 247), red(178, 24, 43);
    const double t = std::clamp(value / m_range, -1.0, 1.0);
    return t < 0 ? mixColor(white, blue, -t) : mixColor(white, red, t);
}

int ProfileHeatmap::labelWidth() const {
    return fontMetrics().horizontalAdvance(QStringLiteral("C000")) + 22;
}

int ProfileHeatmap::sizeWidth() const {
    return fontMetrics().horizontalAdvance(QStringLiteral("n = 9,999,999")) + 8;
}

int ProfileHeatmap::headerHeight() const {
    // Column names are written at 45 degrees: room for the longest, within limits.
    int longest = 0;
    for (const std::string& name : m_profile.columns)
        longest = std::max(longest, fontMetrics().horizontalAdvance(toQString(name)));
    return fontMetrics().height() * 2 + 8 +
           std::min(kMaxHeader, static_cast<int>(longest * 0.72) + fontMetrics().height());
}

int ProfileHeatmap::legendHeight() const {
    return fontMetrics().height() * 2 + 22;
}

QRectF ProfileHeatmap::gridRect() const {
    const double left = kMargin + labelWidth();
    const double top = headerHeight();
    const double right = width() - kMargin - sizeWidth();
    const double bottom = height() - legendHeight();
    return QRectF(left, top, std::max(10.0, right - left), std::max(10.0, bottom - top));
}

QSize ProfileHeatmap::minimumSizeHint() const {
    const int rows = std::max(1, rowCount());
    return {labelWidth() + sizeWidth() + 40 + 2 * kMargin,
            headerHeight() + rows * kMinRowHeight + legendHeight()};
}

QSize ProfileHeatmap::sizeHint() const {
    const QSize minimum = minimumSizeHint();
    return {std::max(minimum.width(), 560), std::max(minimum.height(), 380)};
}

QRectF ProfileHeatmap::cellRect(int row, int column) const {
    return painted::gridCell(gridRect(), rowCount(), columnCount(), row, column);
}

std::optional<std::pair<int, int>> ProfileHeatmap::cellAt(QPointF point) const {
    if (!hasData())
        return std::nullopt;
    return painted::gridCellAt(gridRect(), rowCount(), columnCount(), point);
}

QString ProfileHeatmap::cellToolTip(int row, int column) const {
    const int cluster = clusterAtRow(row);
    return tr("Cluster %1 (%2 members)\n%3: mean z = %4")
        .arg(cluster)
        .arg(formatCount(m_profile.sizes.at(static_cast<std::size_t>(cluster))))
        .arg(toQString(m_profile.columns.at(static_cast<std::size_t>(column))))
        .arg(cellValue(row, column), 0, 'f', 3);
}

bool ProfileHeatmap::event(QEvent* event) {
    return painted::showItemToolTip(
               this, event, [this](QPointF point) { return cellAt(point); },
               [this](int row, int column) { return cellToolTip(row, column); }) ||
           QWidget::event(event);
}

void ProfileHeatmap::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QColor text = palette().color(QPalette::Text);
    if (!hasData()) {
        painted::drawPlaceholder(painter, *this, m_message);
        return;
    }
    const int line = fontMetrics().height();
    painted::drawTitle(painter, *this, kMargin,
                       tr("Cluster profile: mean of each standardised feature (z-score)"));

    const QRectF grid = gridRect();
    const double rowHeight = grid.height() / rowCount();
    const bool writeValues = rowHeight >= line && cellRect(0, 0).width() >= 44;
    for (int r = 0; r < rowCount(); ++r) {
        for (int c = 0; c < columnCount(); ++c) {
            const QRectF cell = cellRect(r, c);
            const double value = cellValue(r, c);
            painter.fillRect(cell, colorFor(value));
            if (writeValues) {
                painter.setPen(std::abs(value) > m_range * 0.6 ? QColor(Qt::white) : QColor(Qt::black));
                painter.drawText(cell, Qt::AlignCenter, QString::number(value, 'f', 2));
            }
        }
        const QRectF first = cellRect(r, 0);
        // Cluster label with its colour, and its size at the row's end.
        const double swatch = std::min(10.0, rowHeight - 2);
        const int cluster = clusterAtRow(r);
        painter.fillRect(QRectF(kMargin, first.center().y() - swatch / 2, swatch, swatch),
                         static_cast<std::size_t>(cluster) < m_colors.size()
                             ? m_colors[static_cast<std::size_t>(cluster)]
                             : clusterColor(cluster, rowCount()));
        painter.setPen(text);
        if (rowHeight >= line * 0.8 || r % std::max(1, static_cast<int>(line / rowHeight + 1)) == 0) {
            painter.drawText(QRectF(kMargin + 14, first.top(), labelWidth() - 16, rowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("C%1").arg(cluster));
            painter.drawText(QRectF(grid.right() + 6, first.top(), sizeWidth() - 4, rowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter,
                             QStringLiteral("n = %1").arg(
                                 formatCount(m_profile.sizes[static_cast<std::size_t>(cluster)])));
        }
    }
    painter.setPen(QPen(palette().color(QPalette::Mid), 0));
    painter.drawRect(grid);

    // Column names, slanted, ending at their column.
    painter.setPen(text);
    for (int c = 0; c < columnCount(); ++c) {
        const QRectF cell = cellRect(0, c);
        const QString name = fontMetrics().elidedText(
            toQString(m_profile.columns[static_cast<std::size_t>(c)]), Qt::ElideMiddle,
            static_cast<int>(kMaxHeader * 1.35));
        painter.save();
        painter.translate(cell.center().x(), grid.top() - 4);
        painter.rotate(-45);
        painter.drawText(QPointF(0, 0), name);
        painter.restore();
    }

    // Legend: the diverging scale with its ends and middle.
    const double legendTop = grid.bottom() + 10;
    const QRectF bar(grid.left(), legendTop, std::min(260.0, grid.width()), 10);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0})
        gradient.setColorAt(t, colorFor((t * 2.0 - 1.0) * m_range));
    painter.fillRect(bar, gradient);
    painter.setPen(QPen(palette().color(QPalette::Mid), 0));
    painter.drawRect(bar);
    painter.setPen(text);
    const QRectF labels(bar.left() - 30, bar.bottom() + 2, bar.width() + 60, line);
    painter.drawText(labels, Qt::AlignLeft, QString::number(-m_range, 'f', 1));
    painter.drawText(labels, Qt::AlignHCenter, QStringLiteral("0"));
    painter.drawText(labels, Qt::AlignRight, QStringLiteral("+%1").arg(m_range, 0, 'f', 1));
    painter.drawText(QRectF(bar.right() + 36, legendTop - 3, width() - bar.right() - 40, line),
                     Qt::AlignLeft, tr("below / above the overall mean (standard deviations)"));
}

} // namespace microseg::ui
