#include "map_pca_panel.h"

#include "chart_export.h"
#include "text_format.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace microseg::ui {
namespace {

constexpr int kMaxScreeBars = 15;

/// Blue for positive, red for negative loadings, stronger for larger magnitudes.
QColor loadingColour(double value) {
    const double t = std::clamp(std::abs(value), 0.0, 1.0);
    const QColor end = value >= 0 ? QColor(0x4e, 0x79, 0xa7) : QColor(0xe1, 0x57, 0x59);
    auto mix = [t](int from, int to) { return static_cast<int>(from + (to - from) * t * 0.75); };
    return QColor(mix(255, end.red()), mix(255, end.green()), mix(255, end.blue()));
}

} // namespace

std::vector<int> strongestFeatures(const core::RowMatrix& loadings, int x, int y, int count) {
    std::vector<int> order(static_cast<std::size_t>(loadings.rows()));
    std::iota(order.begin(), order.end(), 0);
    if (x >= loadings.cols() || y >= loadings.cols())
        return {};
    auto strength = [&](int f) { return std::hypot(loadings(f, x), loadings(f, y)); };
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return strength(a) > strength(b); });
    order.resize(std::min<std::size_t>(order.size(), static_cast<std::size_t>(std::max(count, 0))));
    return order;
}

MapPcaPanel::MapPcaPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_content = new QWidget(this);
    layout->addWidget(m_content, 1);
    auto* outer = layout;
    layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* chart = new QChart;
    chart->setTitle(tr("Scree: variance explained per component"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_scree = new QChartView(chart, m_content);
    m_scree->setObjectName(QStringLiteral("screeChart"));
    m_scree->setRenderHint(QPainter::Antialiasing);
    m_scree->setMinimumHeight(200);
    installExportMenu(m_scree, QStringLiteral("scree"));
    layout->addWidget(m_scree, 3);

    auto* axes = new QFormLayout;
    auto* pair = new QHBoxLayout;
    m_x = new QComboBox(this);
    m_y = new QComboBox(this);
    pair->addWidget(m_x);
    pair->addWidget(new QLabel(tr("against"), this));
    pair->addWidget(m_y);
    axes->addRow(tr("Plot"), pair);
    auto* arrowsRow = new QHBoxLayout;
    m_showArrows = new QCheckBox(tr("Biplot arrows for the"), this);
    m_showArrows->setChecked(true);
    m_arrowCount = new QSpinBox(this);
    m_arrowCount->setRange(1, 50);
    m_arrowCount->setValue(5);
    arrowsRow->addWidget(m_showArrows);
    arrowsRow->addWidget(m_arrowCount);
    arrowsRow->addWidget(new QLabel(tr("strongest features"), this));
    arrowsRow->addStretch(1);
    axes->addRow(arrowsRow);
    layout->addLayout(axes);

    auto* loadingsTitle = new QLabel(tr("Loadings (correlation of each feature with a component "
                                        "when the data are standardised)"),
                                     this);
    loadingsTitle->setWordWrap(true);
    layout->addWidget(loadingsTitle);
    m_loadingsTable = new QTableWidget(this);
    m_loadingsTable->setObjectName(QStringLiteral("loadingsTable"));
    m_loadingsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_loadingsTable->verticalHeader()->hide();
    m_loadingsTable->setAlternatingRowColors(false);
    layout->addWidget(m_loadingsTable, 2);

    connect(m_x, &QComboBox::currentIndexChanged, this, &MapPcaPanel::viewChanged);
    connect(m_y, &QComboBox::currentIndexChanged, this, &MapPcaPanel::viewChanged);
    connect(m_showArrows, &QCheckBox::toggled, this, &MapPcaPanel::viewChanged);
    connect(m_arrowCount, &QSpinBox::valueChanged, this, &MapPcaPanel::viewChanged);
    outer->addStretch(0);
    clear(tr("Run PCA to see how much each component explains and what it is made of."));
}

void MapPcaPanel::clear(const QString& message) {
    m_columns.clear();
    m_ratio.clear();
    m_loadingMatrix = core::RowMatrix();
    m_status->setText(message);
    m_status->setVisible(!message.isEmpty());
    m_content->setVisible(false);
    const QSignalBlocker bx(m_x), by(m_y);
    m_x->clear();
    m_y->clear();
    fillScree();
    fillLoadings();
}

void MapPcaPanel::setResult(std::vector<std::string> columns, std::vector<double> explainedRatio,
                            core::RowMatrix loadings) {
    m_columns = std::move(columns);
    m_ratio = std::move(explainedRatio);
    m_loadingMatrix = std::move(loadings);
    {
        const QSignalBlocker bx(m_x), by(m_y);
        m_x->clear();
        m_y->clear();
        for (std::size_t c = 0; c < m_ratio.size(); ++c) {
            const QString label = tr("PC%1 (%2 %)").arg(c + 1).arg(m_ratio[c] * 100.0, 0, 'f', 1);
            m_x->addItem(label);
            m_y->addItem(label);
        }
        m_x->setCurrentIndex(0);
        m_y->setCurrentIndex(m_ratio.size() > 1 ? 1 : 0);
    }
    double firstTwo = 0.0;
    for (std::size_t c = 0; c < std::min<std::size_t>(2, m_ratio.size()); ++c)
        firstTwo += m_ratio[c];
    m_status->setText(tr("%n components; the first two explain %1 % of the variance.", nullptr,
                         static_cast<int>(m_ratio.size()))
                          .arg(firstTwo * 100.0, 0, 'f', 1));
    m_status->setVisible(true);
    m_content->setVisible(true);
    fillScree();
    fillLoadings();
    emit viewChanged();
}

int MapPcaPanel::xComponent() const {
    return std::max(0, m_x->currentIndex());
}

int MapPcaPanel::yComponent() const {
    return std::max(0, m_y->currentIndex());
}

std::vector<ScatterArrow> MapPcaPanel::arrows(const core::RowMatrix& scores) const {
    std::vector<ScatterArrow> out;
    const int x = xComponent(), y = yComponent();
    if (!m_showArrows->isChecked() || m_loadingMatrix.size() == 0 || x >= scores.cols() ||
        y >= scores.cols())
        return out;
    const std::vector<int> features =
        strongestFeatures(m_loadingMatrix, x, y, m_arrowCount->value());
    if (features.empty())
        return out;
    // Scaled to the bulk of the cloud (the 95th percentile of the distance from the centre),
    // not to its farthest outlier, so the arrows stay inside the picture people look at.
    std::vector<double> radius(static_cast<std::size_t>(scores.rows()));
    for (Eigen::Index i = 0; i < scores.rows(); ++i)
        radius[static_cast<std::size_t>(i)] = std::hypot(scores(i, x), scores(i, y));
    double reach = 1.0;
    if (!radius.empty()) {
        const auto at = radius.begin() +
                        static_cast<std::ptrdiff_t>(0.95 * static_cast<double>(radius.size() - 1));
        std::nth_element(radius.begin(), at, radius.end());
        reach = *at;
    }
    const double longest =
        std::hypot(m_loadingMatrix(features.front(), x), m_loadingMatrix(features.front(), y));
    const double scale = longest > 0.0 ? reach / longest : 1.0;
    for (int f : features) {
        // "monetary (yeo-johnson, z)" is labelled "monetary": the table names the steps.
        QString label = toQString(m_columns[static_cast<std::size_t>(f)]);
        if (const auto open = label.indexOf(QStringLiteral(" ("));
            open > 0 && label.endsWith(QLatin1Char(')')))
            label.truncate(open);
        out.push_back(
            {label, QPointF(m_loadingMatrix(f, x) * scale, m_loadingMatrix(f, y) * scale)});
    }
    return out;
}

void MapPcaPanel::fillScree() {
    QChart* chart = m_scree->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis);
    if (m_ratio.empty())
        return;
    const int bars = std::min<int>(kMaxScreeBars, static_cast<int>(m_ratio.size()));
    auto* set = new QBarSet(tr("explained variance %"));
    set->setColor(QColor(0x4e, 0x79, 0xa7));
    auto* cumulative = new QLineSeries;
    cumulative->setName(tr("cumulative %"));
    cumulative->setColor(QColor(0xf2, 0x8e, 0x2b));
    auto* dots = new QScatterSeries;
    dots->setColor(QColor(0xf2, 0x8e, 0x2b));
    dots->setMarkerSize(7);
    QStringList categories;
    double sum = 0.0;
    for (int c = 0; c < bars; ++c) {
        const double percent = m_ratio[static_cast<std::size_t>(c)] * 100.0;
        sum += percent;
        *set << percent;
        cumulative->append(c, sum);
        dots->append(c, sum);
        categories << tr("PC%1").arg(c + 1);
    }
    auto* series = new QBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(3);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    set->setLabelColor(QColor(0x33, 0x33, 0x33));
    chart->addSeries(series);
    chart->addSeries(cumulative);
    chart->addSeries(dots);
    auto* axisX = new QBarCategoryAxis;
    axisX->append(categories);
    auto* axisY = new QValueAxis;
    axisY->setRange(0, 100);
    axisY->setTitleText(tr("% of variance"));
    axisY->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(series), static_cast<QAbstractSeries*>(cumulative),
          static_cast<QAbstractSeries*>(dots)}) {
        s->attachAxis(axisX);
        s->attachAxis(axisY);
    }
    chart->legend()->markers(dots).front()->setVisible(false);
}

void MapPcaPanel::fillLoadings() {
    const int components =
        std::min<int>(kTableComponents, static_cast<int>(m_loadingMatrix.cols()));
    m_loadingsTable->clear();
    m_loadingsTable->setRowCount(static_cast<int>(m_loadingMatrix.rows()));
    m_loadingsTable->setColumnCount(components + 1);
    QStringList headers{tr("Feature")};
    for (int c = 0; c < components; ++c)
        headers << tr("PC%1").arg(c + 1);
    m_loadingsTable->setHorizontalHeaderLabels(headers);
    for (int f = 0; f < m_loadingMatrix.rows(); ++f) {
        m_loadingsTable->setItem(
            f, 0, new QTableWidgetItem(toQString(m_columns[static_cast<std::size_t>(f)])));
        for (int c = 0; c < components; ++c) {
            const double value = m_loadingMatrix(f, c);
            auto* item = new QTableWidgetItem(QString::number(value, 'f', 3));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setBackground(loadingColour(value));
            m_loadingsTable->setItem(f, c + 1, item);
        }
    }
    m_loadingsTable->resizeColumnsToContents();
}

} // namespace microseg::ui
