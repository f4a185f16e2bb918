#include "metric_chart_view.h"

#include "chart_export.h"
#include "presentation_settings.h"

#include <QChart>
#include <QJsonArray>
#include <QLineSeries>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

namespace microseg::ui {

MetricChartView::MetricChartView(const QString& title, const QString& yTitle, QWidget* parent)
    : QChartView(parent) {
    auto* chart = new QChart;
    m_title = title;
    chart->setTitle(title);
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);

    m_line = new QLineSeries(chart);
    m_line->setPen(QPen(QColor(0x3b6ea5), 2));
    m_points = new QScatterSeries(chart);
    m_points->setMarkerSize(7);
    m_points->setColor(QColor(0x3b6ea5));
    m_points->setBorderColor(QColor(0x3b6ea5));
    m_chosen = new QScatterSeries(chart);
    m_chosen->setMarkerSize(15);
    m_chosen->setColor(Qt::transparent);
    m_chosen->setBorderColor(QColor(0x2e7d32));
    m_chosen->setPen(QPen(QColor(0x2e7d32), 2.5));
    m_marked = new QScatterSeries(chart);
    m_marked->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_marked->setMarkerSize(11);
    m_marked->setColor(QColor(0xd62728));
    m_marked->setBorderColor(QColor(0xd62728));
    for (QXYSeries* s : std::initializer_list<QXYSeries*>{m_line, m_points, m_chosen, m_marked})
        chart->addSeries(s);

    m_xAxis = new QValueAxis(chart);
    m_xAxis->setLabelFormat(QStringLiteral("%d"));
    m_xAxis->setTitleText(tr("k (clusters)"));
    m_yAxis = new QValueAxis(chart);
    m_yAxis->setTitleText(yTitle);
    m_yAxis->setLabelFormat(QStringLiteral("%.4g"));
    chart->addAxis(m_xAxis, Qt::AlignBottom);
    chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(m_xAxis);
        s->attachAxis(m_yAxis);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(240, 170);
    setToolTip(tr("Click a k to choose it for the run. Right-click to export."));
    installExportMenu(this, title.toLower().replace(QLatin1Char(' '), QLatin1Char('-')));
    connect(&PresentationSettings::instance(), &PresentationSettings::chartStyleChanged, this,
            &MetricChartView::applyChartStyle);
    applyChartStyle();
    clear();
}

void MetricChartView::applyChartStyle() {
    m_line->setPen(QPen(QColor(0x3b6ea5), styledWidth(2)));
    m_points->setMarkerSize(styledMarker(7));
    m_chosen->setMarkerSize(styledMarker(15));
    m_chosen->setPen(QPen(QColor(0x2e7d32), styledWidth(2.5)));
    m_marked->setMarkerSize(styledMarker(11));
    // Chart fonts do not follow the application font by themselves.
    QFont title = font();
    title.setBold(true);
    chart()->setTitleFont(title);
    for (QValueAxis* axis : {m_xAxis, m_yAxis}) {
        axis->setLabelsFont(font());
        axis->setTitleFont(font());
        QPen grid = axis->gridLinePen();
        grid.setWidthF(styledWidth(1));
        axis->setGridLinePen(grid);
    }
}

void MetricChartView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange)
        applyChartStyle();
    QChartView::changeEvent(event);
}

QJsonObject MetricChartView::viewSettings() const {
    QJsonArray points;
    for (const QPointF& p : m_line->points())
        points.append(QJsonArray{p.x(), p.y()});
    QJsonObject settings{{"title", m_title},
                         {"y_title", m_yAxis->titleText()},
                         {"points", points},
                         {"mark_label", m_markLabel}};
    if (m_markedK)
        settings["marked_k"] = *m_markedK;
    if (m_chosenK)
        settings["chosen_k"] = *m_chosenK;
    return settings;
}

bool MetricChartView::applyViewSettings(const QJsonObject& settings) {
    const QJsonArray points = settings["points"].toArray();
    if (!settings["title"].isString() || points.isEmpty())
        return false;
    m_title = settings["title"].toString();
    chart()->setTitle(m_title);
    m_yAxis->setTitleText(settings["y_title"].toString());
    clear();
    for (const QJsonValue& point : points) {
        const QJsonArray xy = point.toArray();
        if (xy.size() != 2)
            return false;
        addPoint(xy[0].toInt(), xy[1].toDouble());
    }
    setMarkedK(settings.contains("marked_k") ? std::optional<int>(settings["marked_k"].toInt())
                                             : std::nullopt,
               settings["mark_label"].toString());
    setChosenK(settings.contains("chosen_k") ? std::optional<int>(settings["chosen_k"].toInt())
                                             : std::nullopt);
    return true;
}

void MetricChartView::clear() {
    m_line->clear();
    m_points->clear();
    m_marked->clear();
    m_chosen->clear();
    m_markedK.reset();
    m_chosenK.reset();
    m_xAxis->setRange(2, 12);
    m_yAxis->setRange(0, 1);
}

int MetricChartView::pointCount() const {
    return static_cast<int>(m_points->count());
}

std::optional<double> MetricChartView::valueAt(int k) const {
    for (const QPointF& p : m_points->points())
        if (std::lround(p.x()) == k)
            return p.y();
    return std::nullopt;
}

void MetricChartView::addPoint(int k, double value) {
    if (!std::isfinite(value))
        return;
    m_line->append(k, value);
    m_points->append(k, value);
    updateAxes();
    if (m_markedK == k)
        setMarkedK(k, m_markLabel);
}

void MetricChartView::updateAxes() {
    const QList<QPointF> points = m_points->points();
    if (points.isEmpty())
        return;
    double xMin = points.front().x(), xMax = xMin, yMin = points.front().y(), yMax = yMin;
    for (const QPointF& p : points) {
        xMin = std::min(xMin, p.x());
        xMax = std::max(xMax, p.x());
        yMin = std::min(yMin, p.y());
        yMax = std::max(yMax, p.y());
    }
    const double pad = yMax > yMin ? (yMax - yMin) * 0.12 : std::max(std::abs(yMax) * 0.1, 0.1);
    m_xAxis->setRange(xMin - 0.5, std::max(xMax, xMin + 1) + 0.5);
    const int span = static_cast<int>(xMax - xMin);
    m_xAxis->setTickType(QValueAxis::TicksDynamic);
    m_xAxis->setTickAnchor(0);
    m_xAxis->setTickInterval(span <= 14 ? 1 : span <= 30 ? 2 : span <= 70 ? 5 : 10);
    // A curve of non-negative values (inertia, indices) never gets a negative axis.
    const double low = yMin >= 0.0 ? std::max(0.0, yMin - pad) : yMin - pad;
    m_yAxis->setRange(low, yMax + pad);
    m_yAxis->setTickCount(5);
    m_yAxis->applyNiceNumbers();
    // Plain numbers ("150000"), not "1.5e+05"; small ones with three significant digits.
    const double largest = std::max(std::abs(m_yAxis->min()), std::abs(m_yAxis->max()));
    m_yAxis->setLabelFormat(largest >= 100.0 ? QStringLiteral("%.0f") : QStringLiteral("%.3g"));
}

void MetricChartView::setMarkedK(std::optional<int> k, const QString& label) {
    m_markedK = k;
    m_markLabel = label;
    m_marked->clear();
    // The mark's meaning goes in the title, where no point or line can hide it.
    chart()->setTitle(k ? QStringLiteral("%1 · <span style='color:#c62828'>■ %2</span>")
                              .arg(m_title.toHtmlEscaped(), label.toHtmlEscaped())
                        : m_title);
    if (!k)
        return;
    if (const auto value = valueAt(*k))
        m_marked->append(*k, *value);
}

void MetricChartView::setChosenK(std::optional<int> k) {
    m_chosenK = k;
    m_chosen->clear();
    if (!k)
        return;
    if (const auto value = valueAt(*k))
        m_chosen->append(*k, *value);
}

void MetricChartView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_points->count() > 0) {
        const QPointF value = chart()->mapToValue(chart()->mapFromScene(mapToScene(event->pos())),
                                                  m_line);
        int best = -1;
        double bestDistance = std::numeric_limits<double>::max();
        for (const QPointF& p : m_points->points()) {
            const double d = std::abs(p.x() - value.x());
            if (d < bestDistance) {
                bestDistance = d;
                best = static_cast<int>(std::lround(p.x()));
            }
        }
        if (best > 0 && bestDistance <= 0.5) {
            emit kClicked(best);
            event->accept();
            return;
        }
    }
    QChartView::mousePressEvent(event);
}

} // namespace microseg::ui
