#include "cluster_box_plots.h"

#include "cluster_palette.h"
#include "painted_chart.h"
#include "text_format.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace microseg::ui {
namespace {

constexpr int kMargin = 8;
constexpr int kAxisWidth = 64;

/// numpy-style linear percentile of `values` (sorted here), q in [0, 1].
double percentileOf(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(position);
    const std::size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (values[above] - values[below]) * (position - static_cast<double>(below));
}

/// Axis range of one panel: the boxes of the middle 90 % of clusters, widened to the whiskers
/// by at most half that span, so that one tiny cluster far away (a single rich customer) does
/// not squash every other box into a line; what lies beyond is clipped and marked.
std::pair<double, double> panelRange(const std::vector<BoxStats>& boxes) {
    std::vector<double> q1s, q3s;
    double lowest = std::numeric_limits<double>::infinity();
    double highest = -lowest;
    for (const BoxStats& box : boxes)
        if (box.count > 0) {
            q1s.push_back(box.q1);
            q3s.push_back(box.q3);
            lowest = std::min(lowest, box.lowWhisker);
            highest = std::max(highest, box.highWhisker);
        }
    if (q1s.empty())
        return {0.0, 1.0};
    double low = percentileOf(q1s, 0.05);
    double high = percentileOf(q3s, 0.95);
    const double span = std::max(high - low, 1e-12 * std::max(std::abs(low), 1.0));
    low = std::max(lowest, low - span * 0.5);
    high = std::min(highest, high + span * 0.5);
    if (high - low <= 0.0) {
        const double pad = std::max(std::abs(low) * 0.1, 0.5);
        return {low - pad, high + pad};
    }
    const double pad = (high - low) * 0.06;
    return {low - pad, high + pad};
}

/// About `count` round tick values (1, 2 or 5 times a power of ten) inside [low, high].
std::vector<double> ticks(double low, double high, int count) {
    const double raw = (high - low) / std::max(1, count);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (double factor : {1.0, 2.0, 5.0, 10.0})
        if (factor * power >= raw) {
            step = factor * power;
            break;
        }
    std::vector<double> out;
    for (double v = std::ceil(low / step) * step; v <= high + step * 1e-9; v += step)
        out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

} // namespace

ClusterBoxPlotsView::ClusterBoxPlotsView(QWidget* parent) : QWidget(parent) {
    painted::setUpChartWidget(this, QStringLiteral("cluster-box-plots"));
    clear();
}

void ClusterBoxPlotsView::clear(const QString& message) {
    m_data = {};
    m_message = message.isEmpty() ? tr("Select a run to see each feature's distribution by cluster.")
                                  : message;
    updateGeometry();
    update();
}

void ClusterBoxPlotsView::setData(const ClusterBoxPlots& data) {
    m_data = data;
    m_message.clear();
    if (m_order.size() != m_data.sizes.size()) {
        m_order.resize(m_data.sizes.size());
        std::iota(m_order.begin(), m_order.end(), 0);
        m_colors.clear();
        m_segmentOf.clear();
    }
    updateGeometry();
    update();
}

void ClusterBoxPlotsView::setClusterOrder(const std::vector<int>& order,
                                          const std::vector<QColor>& colors,
                                          const std::vector<int>& segmentOf) {
    m_order = order;
    m_colors = colors;
    m_segmentOf = segmentOf.size() == order.size() ? segmentOf : std::vector<int>{};
    if (m_order.empty()) {
        m_order.resize(m_data.sizes.size());
        std::iota(m_order.begin(), m_order.end(), 0);
    }
    update();
}

int ClusterBoxPlotsView::clusterCount() const {
    return static_cast<int>(m_data.sizes.size());
}

QColor ClusterBoxPlotsView::colorOf(int cluster) const {
    if (cluster >= 0 && static_cast<std::size_t>(cluster) < m_colors.size())
        return m_colors[static_cast<std::size_t>(cluster)];
    return clusterColor(cluster);
}

int ClusterBoxPlotsView::headerHeight() const {
    return fontMetrics().height() * 2 + 12;
}

int ClusterBoxPlotsView::panelColumns() const {
    return std::max(1, (width() - 2 * kMargin) / kPanelMinWidth);
}

QSize ClusterBoxPlotsView::minimumSizeHint() const {
    const int features = std::max(1, static_cast<int>(m_data.columns.size()));
    const int rows = (features + m_columns - 1) / m_columns;
    return {kPanelMinWidth / 2, headerHeight() + rows * kPanelHeight + kMargin};
}

QSize ClusterBoxPlotsView::sizeHint() const {
    return {std::max(2 * kPanelMinWidth, minimumSizeHint().width()), minimumSizeHint().height()};
}

void ClusterBoxPlotsView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // The height needed depends on how many panels fit side by side.
    if (const int columns = panelColumns(); columns != m_columns) {
        m_columns = columns;
        updateGeometry();
    }
}

QRectF ClusterBoxPlotsView::plotRect(int feature) const {
    const int columns = m_columns;
    const double panelWidth = static_cast<double>(width() - 2 * kMargin) / columns;
    const double left = kMargin + (feature % columns) * panelWidth;
    const double top = headerHeight() + (feature / columns) * kPanelHeight;
    const int line = fontMetrics().height();
    // Feature name above, cluster labels below, value labels on the left.
    return QRectF(left + kAxisWidth, top + line + 6, std::max(10.0, panelWidth - kAxisWidth - 12),
                  kPanelHeight - 2 * line - 18);
}

std::optional<std::pair<int, int>> ClusterBoxPlotsView::boxAt(QPointF point) const {
    if (!hasData() || clusterCount() == 0)
        return std::nullopt;
    for (int feature = 0; feature < static_cast<int>(m_data.columns.size()); ++feature) {
        const QRectF plot = plotRect(feature);
        if (!plot.contains(point))
            continue;
        const int slot = std::clamp(
            static_cast<int>((point.x() - plot.left()) / plot.width() * clusterCount()), 0,
            clusterCount() - 1);
        return std::make_pair(feature, m_order[static_cast<std::size_t>(slot)]);
    }
    return std::nullopt;
}

QString ClusterBoxPlotsView::boxToolTip(int feature, int cluster) const {
    const BoxStats& box =
        m_data.boxes.at(static_cast<std::size_t>(feature)).at(static_cast<std::size_t>(cluster));
    const QString name = toQString(m_data.columns.at(static_cast<std::size_t>(feature)));
    if (box.count == 0)
        return tr("Cluster %1, %2: no values").arg(cluster).arg(name);
    return tr("Cluster %1 (%2 members), %3\nmedian %4, quartiles %5 to %6\nwhiskers %7 to %8\n"
              "beyond the whiskers: %9 below, %10 above (min %11, max %12)")
        .arg(cluster)
        .arg(formatCount(box.count), name, formatNumber(box.median), formatNumber(box.q1),
             formatNumber(box.q3), formatNumber(box.lowWhisker), formatNumber(box.highWhisker))
        .arg(formatCount(box.outliersBelow), formatCount(box.outliersAbove),
             formatNumber(box.min), formatNumber(box.max));
}

bool ClusterBoxPlotsView::event(QEvent* event) {
    return painted::showItemToolTip(
               this, event, [this](QPointF point) { return boxAt(point); },
               [this](int row, int column) { return boxToolTip(row, column); }) ||
           QWidget::event(event);
}

void ClusterBoxPlotsView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (!hasData()) {
        painted::drawPlaceholder(painter, *this, m_message);
        return;
    }
    const int line = fontMetrics().height();
    painted::drawTitle(
        painter, *this, kMargin,
        tr("Each feature's distribution by cluster (in the units that were clustered)"));
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRectF(kMargin, 6 + line, width() - 2 * kMargin, line), Qt::AlignLeft,
                     tr("Box: quartiles and median; whiskers: 1.5 IQR; ▴▾: values beyond a "
                        "whisker (counts in the tooltip); ▲ at an edge: off the scale."));
    painter.setRenderHint(QPainter::Antialiasing);
    for (int feature = 0; feature < static_cast<int>(m_data.columns.size()); ++feature)
        paintPanel(painter, feature);
}

void ClusterBoxPlotsView::paintPanel(QPainter& painter, int feature) const {
    const QRectF plot = plotRect(feature);
    const std::vector<BoxStats>& boxes = m_data.boxes[static_cast<std::size_t>(feature)];
    const auto [low, high] = panelRange(boxes);
    const auto y = [&](double v) { return plot.bottom() - (v - low) / (high - low) * plot.height(); };
    const QColor text = palette().color(QPalette::Text);
    const QColor grid = palette().color(QPalette::Midlight);
    const int line = fontMetrics().height();

    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(text);
    painter.drawText(QRectF(plot.left() - kAxisWidth, plot.top() - line - 4,
                            plot.width() + kAxisWidth, line),
                     Qt::AlignLeft,
                     fontMetrics().elidedText(toQString(m_data.columns[static_cast<std::size_t>(feature)]),
                                              Qt::ElideRight, static_cast<int>(plot.width())));
    painter.setFont(font());
    for (double tick : ticks(low, high, std::max(2, static_cast<int>(plot.height() / (line * 2))))) {
        painter.setPen(QPen(grid, 0));
        painter.drawLine(QPointF(plot.left(), y(tick)), QPointF(plot.right(), y(tick)));
        painter.setPen(text);
        painter.drawText(QRectF(plot.left() - kAxisWidth, y(tick) - line / 2.0, kAxisWidth - 6, line),
                         Qt::AlignRight | Qt::AlignVCenter, formatNumber(tick));
    }
    painter.setPen(QPen(palette().color(QPalette::Mid), 0));
    painter.drawRect(plot);

    const int k = clusterCount();
    const double slot = plot.width() / std::max(1, k);
    // Thin separators between super-segments.
    if (!m_segmentOf.empty()) {
        painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
        for (int i = 1; i < k; ++i)
            if (m_segmentOf[static_cast<std::size_t>(m_order[static_cast<std::size_t>(i)])] !=
                m_segmentOf[static_cast<std::size_t>(m_order[static_cast<std::size_t>(i) - 1])])
                painter.drawLine(QPointF(plot.left() + i * slot, plot.top()),
                                 QPointF(plot.left() + i * slot, plot.bottom()));
    }
    const double boxWidth = std::clamp(slot * 0.7, 1.0, 28.0);
    // Cluster labels under the slots, thinned to every n-th when they would touch.
    const int labelWidth = fontMetrics().horizontalAdvance(QString::number(k)) + 6;
    const int labelEvery = std::max(1, static_cast<int>(std::ceil(labelWidth / slot)));
    for (int i = 0; i < k; ++i) {
        const int cluster = m_order[static_cast<std::size_t>(i)];
        const BoxStats& box = boxes[static_cast<std::size_t>(cluster)];
        const double cx = plot.left() + (i + 0.5) * slot;
        if (i % labelEvery == 0) {
            painter.setPen(text);
            painter.drawText(QRectF(cx - labelWidth, plot.bottom() + 2, 2 * labelWidth, line),
                             Qt::AlignHCenter | Qt::AlignTop, QString::number(cluster));
        }
        if (box.count == 0)
            continue;
        painter.save();
        painter.setClipRect(plot.adjusted(0, -1, 0, 1));
        paintBox(painter, box, colorOf(cluster), cx, boxWidth, plot, y);
        painter.restore();
        // A box (partly) off the scale: an arrow at the edge it passes.
        painter.setPen(Qt::NoPen);
        painter.setBrush(palette().color(QPalette::Text));
        if (box.highWhisker > high)
            painter.drawPolygon(QPolygonF({QPointF(cx - 4, plot.top() + 6), QPointF(cx + 4, plot.top() + 6),
                                           QPointF(cx, plot.top())}));
        if (box.lowWhisker < low)
            painter.drawPolygon(QPolygonF({QPointF(cx - 4, plot.bottom() - 6),
                                           QPointF(cx + 4, plot.bottom() - 6), QPointF(cx, plot.bottom())}));
        painter.setBrush(Qt::NoBrush);
    }
}

void ClusterBoxPlotsView::paintBox(QPainter& painter, const BoxStats& box, const QColor& color,
                                   double cx, double boxWidth, const QRectF& plot,
                                   const std::function<double(double)>& y) const {
    const QColor edge = color.darker(160);
    painter.setPen(QPen(edge, 1));
    painter.drawLine(QPointF(cx, y(box.lowWhisker)), QPointF(cx, y(box.q1)));
    painter.drawLine(QPointF(cx, y(box.q3)), QPointF(cx, y(box.highWhisker)));
    const double capHalf = boxWidth * 0.3;
    painter.drawLine(QPointF(cx - capHalf, y(box.lowWhisker)), QPointF(cx + capHalf, y(box.lowWhisker)));
    painter.drawLine(QPointF(cx - capHalf, y(box.highWhisker)), QPointF(cx + capHalf, y(box.highWhisker)));
    const QRectF body(cx - boxWidth / 2, y(box.q3), boxWidth, std::max(1.0, y(box.q1) - y(box.q3)));
    painter.fillRect(body, color);
    painter.drawRect(body);
    painter.setPen(QPen(edge.darker(130), 2));
    painter.drawLine(QPointF(body.left(), y(box.median)), QPointF(body.right(), y(box.median)));
    // Values beyond the whiskers: a small triangle just outside the whisker's cap.
    painter.setPen(Qt::NoPen);
    painter.setBrush(edge);
    const double t = std::clamp(boxWidth * 0.25, 2.0, 4.0);
    if (box.outliersAbove > 0) {
        const double top = std::max(plot.top() + t * 1.4, y(box.highWhisker) - 3);
        painter.drawPolygon(QPolygonF({QPointF(cx - t, top), QPointF(cx + t, top), QPointF(cx, top - t * 1.4)}));
    }
    if (box.outliersBelow > 0) {
        const double bottom = std::min(plot.bottom() - t * 1.4, y(box.lowWhisker) + 3);
        painter.drawPolygon(QPolygonF({QPointF(cx - t, bottom), QPointF(cx + t, bottom), QPointF(cx, bottom + t * 1.4)}));
    }
    painter.setBrush(Qt::NoBrush);
}

} // namespace microseg::ui
