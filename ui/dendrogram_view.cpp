#include "dendrogram_view.h"

#include "chart_export.h"
#include "presentation_settings.h"
#include "plot_area.h"

#include <QFontMetrics>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <limits>

namespace microseg::ui {
namespace {
constexpr int kLeft = 64;
constexpr int kRight = 18;
constexpr int kBottom = 46;
constexpr double kGrabPixels = 6.0;

double niceStep(double range, int ticks) {
    const double raw = range / std::max(1, ticks);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * power)
            return m * power;
    return 10.0 * power;
}
} // namespace

DendrogramView::DendrogramView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setMouseTracking(true);
    installExportMenu(this, QStringLiteral("dendrogram"));
    clear();
}

void DendrogramView::clear(const QString& message) {
    m_tree.reset();
    m_leaves.clear();
    m_slot.clear();
    m_truncated = false;
    m_message = message.isEmpty() ? tr("Select an agglomerative run to see its dendrogram.")
                                  : message;
    update();
}

void DendrogramView::setTree(std::shared_ptr<const core::LinkageTree> tree) {
    m_tree = std::move(tree);
    m_leaves.clear();
    m_slot.clear();
    m_message.clear();
    if (!m_tree || m_tree->merges.empty()) {
        clear(tr("The tree has no merges."));
        return;
    }
    const std::int64_t n = m_tree->observations;
    const auto m = static_cast<std::int64_t>(m_tree->merges.size());
    m_truncated = n > kFullTreeLimit;
    m_firstMerge = m_truncated ? std::max<std::int64_t>(0, m - kTopMerges) : 0;

    // Each node's first position in the leaf order, to order collapsed subtrees.
    std::vector<std::int64_t> first(static_cast<std::size_t>(n + m));
    const std::vector<std::int64_t> order = core::dendrogramLeafOrder(*m_tree);
    for (std::size_t i = 0; i < order.size(); ++i)
        first[static_cast<std::size_t>(order[i])] = static_cast<std::int64_t>(i);
    for (std::int64_t i = 0; i < m; ++i) {
        const core::Merge& merge = m_tree->merges[static_cast<std::size_t>(i)];
        first[static_cast<std::size_t>(n + i)] = std::min(first[static_cast<std::size_t>(merge.a)],
                                                          first[static_cast<std::size_t>(merge.b)]);
    }
    const std::int64_t visibleFrom = n + m_firstMerge; // nodes at or above are drawn merges
    for (std::int64_t i = m_firstMerge; i < m; ++i) {
        const core::Merge& merge = m_tree->merges[static_cast<std::size_t>(i)];
        for (std::int64_t child : {merge.a, merge.b})
            if (child < visibleFrom)
                m_leaves.push_back(
                    {child, child < n ? 1 : m_tree->merges[static_cast<std::size_t>(child - n)].size});
    }
    std::sort(m_leaves.begin(), m_leaves.end(), [&first](const Leaf& a, const Leaf& b) {
        return first[static_cast<std::size_t>(a.node)] < first[static_cast<std::size_t>(b.node)];
    });
    m_slot.assign(static_cast<std::size_t>(n + m), 0.0);
    for (std::size_t i = 0; i < m_leaves.size(); ++i)
        m_slot[static_cast<std::size_t>(m_leaves[i].node)] = static_cast<double>(i);
    for (std::int64_t i = m_firstMerge; i < m; ++i) {
        const core::Merge& merge = m_tree->merges[static_cast<std::size_t>(i)];
        m_slot[static_cast<std::size_t>(n + i)] =
            0.5 * (m_slot[static_cast<std::size_t>(merge.a)] + m_slot[static_cast<std::size_t>(merge.b)]);
    }
    setToolTip(tr("Drag the red line to cut the tree. Right-click to export."));
    setCutHeight(heightForClusters(std::min<std::int64_t>(n, 4)));
}

std::vector<std::int64_t> DendrogramView::leafSizes() const {
    std::vector<std::int64_t> sizes;
    for (const Leaf& leaf : m_leaves)
        sizes.push_back(leaf.size);
    return sizes;
}

QString DendrogramView::caption() const {
    if (!m_tree)
        return {};
    const std::int64_t n = m_tree->observations;
    if (m_truncated)
        return tr("Top of the tree only: the last %1 merges of %2 points; each of the %3 leaves "
                  "is a collapsed cluster labelled with its size. The cut counts every point.")
            .arg(m_tree->merges.size() - static_cast<std::size_t>(m_firstMerge))
            .arg(n)
            .arg(m_leaves.size());
    return tr("All %1 points and their %2 merges.").arg(n).arg(m_tree->merges.size());
}

std::int64_t DendrogramView::clustersAt(double height) const {
    if (!m_tree)
        return 0;
    // Merges are sorted by height: the ones at or below the cut each join two clusters.
    const auto joined = std::upper_bound(m_tree->merges.begin(), m_tree->merges.end(), height,
                                         [](double h, const core::Merge& merge) {
                                             return h < merge.height;
                                         }) -
                        m_tree->merges.begin();
    return m_tree->observations - joined;
}

double DendrogramView::heightForClusters(std::int64_t k) const {
    if (!m_tree || m_tree->merges.empty())
        return 0.0;
    const auto m = static_cast<std::int64_t>(m_tree->merges.size());
    const std::int64_t joined = std::clamp<std::int64_t>(m_tree->observations - k, 0, m);
    const auto height = [this](std::int64_t i) {
        return m_tree->merges[static_cast<std::size_t>(i)].height;
    };
    if (joined == 0)
        return height(0) * 0.5;
    if (joined == m)
        return height(m - 1) * 1.02 + 1e-12;
    return 0.5 * (height(joined - 1) + height(joined));
}

void DendrogramView::setCutHeight(double height) {
    if (!std::isfinite(height))
        return;
    m_cut = std::max(0.0, height);
    update();
    emit cutChanged(m_cut, clustersAtCut());
}

double DendrogramView::top() const {
    if (!m_tree || m_tree->merges.empty())
        return 1.0;
    return std::max(m_tree->merges.back().height, 1e-12) * 1.06;
}

QRectF DendrogramView::plotRect() const {
    return plot::areaBelowTitle(*this, kLeft, kRight, kBottom);
}

double DendrogramView::xForSlot(double slot) const {
    return plot::slotX(plotRect(), slot, m_leaves.size());
}

double DendrogramView::yFor(double height) const {
    return plot::valueY(plotRect(), height, top());
}

double DendrogramView::heightAt(double y) const {
    return plot::valueAtY(plotRect(), y, top());
}

void DendrogramView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::Text);
    if (!m_tree) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         m_message);
        return;
    }
    const QRectF plot = plotRect();
    const int line = fontMetrics().height();
    const std::int64_t n = m_tree->observations;
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(text);
    painter.drawText(QRectF(8, 4, width() - 16, line), Qt::AlignLeft,
                     tr("Cut at height %1: %2 clusters")
                         .arg(m_cut, 0, 'g', 4)
                         .arg(clustersAtCut()));
    painter.setFont(font());
    painter.drawText(QRectF(8, 4 + line, width() - 16, line), Qt::AlignLeft,
                     m_truncated ? tr("Top %1 merges of %2 points (leaves: collapsed clusters, "
                                      "sizes below)")
                                       .arg(m_tree->merges.size() -
                                            static_cast<std::size_t>(m_firstMerge))
                                       .arg(n)
                                 : tr("%1 points; drag the red line to cut").arg(n));

    // Height axis.
    const QColor grid = palette().color(QPalette::Mid);
    const double step = niceStep(top(), 5);
    for (double v = 0.0; v <= top() + 1e-12; v += step) {
        const double y = yFor(v);
        painter.setPen(QPen(grid, 0, Qt::DotLine));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(text);
        painter.drawText(QRectF(0, y - line / 2.0, kLeft - 6, line),
                         Qt::AlignRight | Qt::AlignVCenter, QString::number(v, 'g', 3));
    }
    painter.save();
    painter.translate(12, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -line / 2.0, plot.height(), line),
                     Qt::AlignCenter, tr("merge height"));
    painter.restore();

    // Links: below the cut in colour (each cluster's subtree), above it in dark grey.
    const auto nodeHeight = [this, n](std::int64_t node) {
        return node >= n + m_firstMerge ? m_tree->merges[static_cast<std::size_t>(node - n)].height
                                        : 0.0;
    };
    QPainterPath below, above;
    const auto m = static_cast<std::int64_t>(m_tree->merges.size());
    for (std::int64_t i = m_firstMerge; i < m; ++i) {
        const core::Merge& merge = m_tree->merges[static_cast<std::size_t>(i)];
        QPainterPath& path = merge.height <= m_cut ? below : above;
        const double xa = xForSlot(m_slot[static_cast<std::size_t>(merge.a)]);
        const double xb = xForSlot(m_slot[static_cast<std::size_t>(merge.b)]);
        const double y = yFor(merge.height);
        path.moveTo(xa, yFor(nodeHeight(merge.a)));
        path.lineTo(xa, y);
        path.lineTo(xb, y);
        path.lineTo(xb, yFor(nodeHeight(merge.b)));
    }
    const double penWidth = styledWidth(m_leaves.size() > 800 ? 0.6 : 1.2);
    painter.setPen(QPen(QColor(31, 119, 180), penWidth));
    painter.drawPath(below);
    painter.setPen(QPen(QColor(60, 60, 60), penWidth));
    painter.drawPath(above);

    // Leaf labels: collapsed sizes when truncated, observation numbers when few.
    const double slotWidth = plot.width() / static_cast<double>(std::max<std::size_t>(m_leaves.size(), 1));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.8);
    const int smallLine = QFontMetrics(small).height();
    if (slotWidth >= smallLine * 0.8) {
        painter.setPen(text);
        painter.setFont(small);
        for (std::size_t i = 0; i < m_leaves.size(); ++i) {
            const Leaf& leaf = m_leaves[i];
            const QString label = m_truncated || leaf.size > 1 ? QStringLiteral("(%1)").arg(leaf.size)
                                                               : QString::number(leaf.node);
            painter.save();
            painter.translate(xForSlot(static_cast<double>(i)), plot.bottom() + 3);
            painter.rotate(90);
            painter.drawText(QRectF(0, -smallLine / 2.0, kBottom - 6, smallLine),
                             Qt::AlignLeft | Qt::AlignVCenter, label);
            painter.restore();
        }
        painter.setFont(font());
    } else {
        painter.setPen(text);
        painter.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), line),
                         Qt::AlignHCenter, tr("%1 leaves in dendrogram order").arg(m_leaves.size()));
    }

    // The cut line.
    const double cutY = yFor(m_cut);
    painter.setPen(QPen(QColor(214, 39, 40), styledWidth(m_dragging ? 2.4 : 1.6), Qt::DashLine));
    painter.drawLine(QPointF(plot.left(), cutY), QPointF(plot.right(), cutY));
    painter.setPen(QColor(214, 39, 40));
    painter.drawText(QRectF(plot.right() - 220, cutY - line - 1, 216, line), Qt::AlignRight,
                     tr("%1 clusters").arg(clustersAtCut()));
}

void DendrogramView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_tree && plotRect().contains(event->position())) {
        m_dragging = true;
        setCutHeight(heightAt(event->position().y()));
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void DendrogramView::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragging) {
        setCutHeight(heightAt(event->position().y()));
        return;
    }
    const bool nearCut = m_tree && std::abs(event->position().y() - yFor(m_cut)) <= kGrabPixels;
    setCursor(nearCut ? Qt::SizeVerCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

void DendrogramView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        update();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

} // namespace microseg::ui
