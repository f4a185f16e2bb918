#include "contingency_heatmap.h"

#include "painted_chart.h"
#include "text_format.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {
constexpr int kMargin = 8;
constexpr int kLabelWidth = 56;
} // namespace

ContingencyHeatmap::ContingencyHeatmap(QWidget* parent) : QWidget(parent) {
    painted::setUpChartWidget(this, QStringLiteral("run-contingency"));
    clear();
}

void ContingencyHeatmap::clear(const QString& message) {
    m_data = {};
    m_rowTotals.clear();
    m_columnTotals.clear();
    m_message = message.isEmpty() ? tr("Choose two runs of the same data to compare.") : message;
    updateGeometry();
    update();
}

void ContingencyHeatmap::setComparison(const RunComparison& comparison, const QString& nameA,
                                       const QString& nameB) {
    m_data = comparison;
    m_nameA = nameA;
    m_nameB = nameB;
    m_message.clear();
    m_rowTotals.assign(static_cast<std::size_t>(rows()), 0);
    m_columnTotals.assign(static_cast<std::size_t>(columns()), 0);
    for (int r = 0; r < rows(); ++r)
        for (int c = 0; c < columns(); ++c) {
            const std::int64_t count = m_data.counts[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
            m_rowTotals[static_cast<std::size_t>(r)] += count;
            m_columnTotals[static_cast<std::size_t>(c)] += count;
        }
    updateGeometry();
    update();
}

QString ContingencyHeatmap::labelText(std::int32_t label) {
    return label < 0 ? tr("noise") : QString::number(label);
}

double ContingencyHeatmap::overlap(int row, int column) const {
    const std::int64_t total = std::min(m_rowTotals.at(static_cast<std::size_t>(row)),
                                        m_columnTotals.at(static_cast<std::size_t>(column)));
    return total > 0 ? static_cast<double>(m_data.counts.at(static_cast<std::size_t>(row))
                                               .at(static_cast<std::size_t>(column))) /
                           static_cast<double>(total)
                     : 0.0;
}

QRectF ContingencyHeatmap::gridRect() const {
    const int line = fontMetrics().height();
    const double top = line * 3 + 16;
    const double left = kMargin + line + 4 + kLabelWidth;
    return QRectF(left, top, std::max(10.0, width() - left - kMargin),
                  std::max(10.0, height() - top - kMargin));
}

QSize ContingencyHeatmap::minimumSizeHint() const {
    const int line = fontMetrics().height();
    return {kMargin * 2 + line + 4 + kLabelWidth + std::max(1, columns()) * kMinCell,
            line * 3 + 16 + kMargin + std::max(1, rows()) * kMinCell};
}

QSize ContingencyHeatmap::sizeHint() const {
    const QSize minimum = minimumSizeHint();
    return {std::max(minimum.width(), 420), std::max(minimum.height(), 320)};
}

QRectF ContingencyHeatmap::cellRect(int row, int column) const {
    return painted::gridCell(gridRect(), rows(), columns(), row, column);
}

std::optional<std::pair<int, int>> ContingencyHeatmap::cellAt(QPointF point) const {
    if (!hasData())
        return std::nullopt;
    return painted::gridCellAt(gridRect(), rows(), columns(), point);
}

QString ContingencyHeatmap::cellToolTip(int row, int column) const {
    const std::int64_t count =
        m_data.counts.at(static_cast<std::size_t>(row)).at(static_cast<std::size_t>(column));
    return tr("A cluster %1 and B cluster %2: %3 rows\n%4 of A's cluster, %5 of B's cluster")
        .arg(labelText(m_data.rowLabels[static_cast<std::size_t>(row)]),
             labelText(m_data.columnLabels[static_cast<std::size_t>(column)]), formatCount(count),
             formatPercent(count, m_rowTotals[static_cast<std::size_t>(row)]),
             formatPercent(count, m_columnTotals[static_cast<std::size_t>(column)]));
}

bool ContingencyHeatmap::event(QEvent* event) {
    return painted::showItemToolTip(
               this, event, [this](QPointF point) { return cellAt(point); },
               [this](int row, int column) { return cellToolTip(row, column); }) ||
           QWidget::event(event);
}

void ContingencyHeatmap::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QColor text = palette().color(QPalette::Text);
    if (!hasData()) {
        painted::drawPlaceholder(painter, *this, m_message);
        return;
    }
    const int line = fontMetrics().height();
    painted::drawTitle(painter, *this, kMargin,
                       fontMetrics().elidedText(
                           tr("Rows in both A's cluster (row) and B's (column); dark: most of the "
                              "smaller of the two"),
                           Qt::ElideRight, width() - 2 * kMargin));
    const QRectF grid = gridRect();
    painter.drawText(QRectF(grid.left(), 8 + line, grid.width(), line), Qt::AlignLeft,
                     fontMetrics().elidedText(tr("B: %1").arg(m_nameB), Qt::ElideRight,
                                              static_cast<int>(grid.width())));
    painter.save();
    painter.translate(kMargin + line, grid.top() + grid.height() / 2);
    painter.rotate(-90);
    const int sideWidth = static_cast<int>(std::min(grid.height(), 600.0));
    painter.drawText(QRectF(-sideWidth / 2.0, -line, sideWidth, line), Qt::AlignCenter,
                     fontMetrics().elidedText(tr("A: %1").arg(m_nameA), Qt::ElideRight, sideWidth));
    painter.restore();

    const QRectF first = cellRect(0, 0);
    const bool writeCounts = first.height() >= line && first.width() >= 40;
    const QColor white(247, 251, 255), blue(8, 48, 107);
    for (int r = 0; r < rows(); ++r)
        for (int c = 0; c < columns(); ++c) {
            const QRectF cell = cellRect(r, c);
            const double t = overlap(r, c);
            const QColor fill = QColor::fromRgbF(
                static_cast<float>(white.redF() + (blue.redF() - white.redF()) * t),
                static_cast<float>(white.greenF() + (blue.greenF() - white.greenF()) * t),
                static_cast<float>(white.blueF() + (blue.blueF() - white.blueF()) * t));
            painter.fillRect(cell, fill);
            const std::int64_t count =
                m_data.counts[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
            if (writeCounts && count > 0) {
                painter.setPen(t > 0.5 ? QColor(Qt::white) : QColor(Qt::black));
                painter.drawText(cell, Qt::AlignCenter, formatCount(count));
            }
        }
    painter.setPen(QPen(palette().color(QPalette::Mid), 0));
    painter.drawRect(grid);
    // Cluster labels, thinned to what fits.
    painter.setPen(text);
    const int rowEvery = std::max(1, static_cast<int>(std::ceil(line / first.height())));
    for (int r = 0; r < rows(); r += rowEvery)
        painter.drawText(QRectF(grid.left() - kLabelWidth, cellRect(r, 0).top(), kLabelWidth - 4,
                                first.height()),
                         Qt::AlignRight | Qt::AlignVCenter,
                         labelText(m_data.rowLabels[static_cast<std::size_t>(r)]));
    const int labelWidth = fontMetrics().horizontalAdvance(QStringLiteral("noise")) + 4;
    const int columnEvery = std::max(1, static_cast<int>(std::ceil(labelWidth / first.width())));
    for (int c = 0; c < columns(); c += columnEvery)
        painter.drawText(QRectF(cellRect(0, c).center().x() - labelWidth / 2.0, grid.top() - line - 2,
                                labelWidth, line),
                         Qt::AlignHCenter | Qt::AlignBottom,
                         labelText(m_data.columnLabels[static_cast<std::size_t>(c)]));
}

} // namespace microseg::ui
