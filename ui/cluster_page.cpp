#include "cluster_page.h"

#include "cluster_sizes_view.h"
#include "cluster_tasks.h"
#include "cluster_views.h"
#include "kdistance_view.h"
#include "matrix_source_picker.h"
#include "job.h"
#include "metric_chart_view.h"
#include "run_compare_panel.h"
#include "run_compare_tasks.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"
#include "silhouette_plot.h"
#include "text_format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMutex>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

namespace microseg::ui {

/// Scan points handed from the worker (kScan's callback) to the GUI thread, which drains them
/// on a timer: the worker never touches a QObject, and a page that goes away only drops its
/// reference.
struct ScanFeed {
    QMutex mutex;
    std::vector<core::KScanPoint> points;
};

namespace {

constexpr int kRunIdRole = Qt::UserRole + 1;
constexpr int kFeedIntervalMs = 60;

QString formatMetric(const QJsonObject& metrics, const char* key, int precision = 3) {
    const QJsonValue value = metrics.value(QLatin1String(key));
    return value.isDouble() ? QString::number(value.toDouble(), 'f', precision) : QStringLiteral("–");
}

QTableWidgetItem* numberItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

ClusterPage::ClusterPage(QWidget* parent) : WorkflowPage(parent), m_feed(std::make_shared<ScanFeed>()) {
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* scroll = new QScrollArea(splitter);
    scroll->setWidget(buildControls());
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(270);
    m_tabs = new QTabWidget(splitter);
    m_tabs->addTab(buildScanTab(), tr("Choose k"));
    m_tabs->addTab(buildRunsTab(), tr("Runs"));
    m_kDistance = new KDistancePanel(m_tabs);
    m_tabs->addTab(m_kDistance, tr("k-distance (DBSCAN)"));
    connect(m_kDistance, &KDistancePanel::computeRequested, this, [this] { startKDistance(); });
    connect(m_kDistance->view(), &KDistanceView::epsClicked, m_eps, &QDoubleSpinBox::setValue);
    connect(m_eps, &QDoubleSpinBox::valueChanged, m_kDistance->view(), &KDistanceView::setEps);
    m_kDistance->view()->setEps(m_eps->value());
    connect(m_kDistance, &KDistancePanel::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_kDistance, &KDistancePanel::busyChanged, this, &ClusterPage::announceBusy);
    m_compare = new RunComparePanel(m_tabs);
    m_compare->setObjectName(QStringLiteral("runCompare"));
    m_tabs->addTab(m_compare, tr("Compare runs"));
    connect(m_compare, &RunComparePanel::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_compare, &RunComparePanel::busyChanged, this, &ClusterPage::announceBusy);
    connect(m_compare, &RunComparePanel::runsChanged, this, &ClusterPage::refreshRuns);
    splitter->addWidget(scroll);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setCollapsible(1, false);
    splitter->setSizes({280, 800});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    m_feedTimer.setInterval(kFeedIntervalMs);
    connect(&m_feedTimer, &QTimer::timeout, this, &ClusterPage::drainScanFeed);
    setWorkspace(nullptr);
}

ClusterPage::~ClusterPage() = default;

QIcon ClusterPage::icon() const {
    return sidebarIcon(QStringLiteral("cluster"));
}

QWidget* ClusterPage::buildControls() {
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(8, 8, 4, 8);

    auto* dataBox = new QGroupBox(tr("What to cluster"), panel);
    auto* dataLayout = new QVBoxLayout(dataBox);
    m_source = new MatrixSourcePicker(QStringLiteral("cluster"), dataBox);
    m_source->setUncheckIdentifiers(true);
    dataLayout->addWidget(m_source);
    layout->addWidget(dataBox);

    auto* scanBox = new QGroupBox(tr("Choose k"), panel);
    auto* scanForm = new QFormLayout(scanBox);
    auto* range = new QHBoxLayout;
    m_kMin = new QSpinBox(scanBox);
    m_kMin->setRange(2, 500);
    m_kMin->setValue(2);
    m_kMax = new QSpinBox(scanBox);
    m_kMax->setRange(2, 500);
    m_kMax->setValue(12);
    range->addWidget(m_kMin);
    range->addWidget(new QLabel(tr("to"), scanBox));
    range->addWidget(m_kMax);
    scanForm->addRow(tr("k from"), range);
    m_scanModel = new QComboBox(scanBox);
    m_scanModel->setObjectName(QStringLiteral("scanModel"));
    m_scanModel->addItem(tr("k-means"), static_cast<int>(core::KScanModel::KMeans));
    m_scanModel->addItem(tr("Gaussian mixture"), static_cast<int>(core::KScanModel::GaussianMixture));
    m_scanModel->setToolTip(tr("Gaussian mixtures add BIC and AIC curves (covariance as chosen "
                               "under Run); lower is better."));
    scanForm->addRow(tr("Model"), m_scanModel);
    m_minClusterSize = new QSpinBox(scanBox);
    m_minClusterSize->setRange(1, 100'000'000);
    m_minClusterSize->setValue(100);
    m_minClusterSize->setToolTip(tr("Warn when a cluster has fewer members than this."));
    m_minSilhouette = new QDoubleSpinBox(scanBox);
    m_minSilhouette->setRange(-1.0, 1.0);
    m_minSilhouette->setSingleStep(0.05);
    m_minSilhouette->setDecimals(2);
    m_minSilhouette->setValue(0.25);
    m_minSilhouette->setToolTip(tr("Warn when the average silhouette is below this."));
    scanForm->addRow(tr("Min cluster size"), m_minClusterSize);
    scanForm->addRow(tr("Min silhouette"), m_minSilhouette);
    m_scanButton = new QPushButton(tr("Scan"), scanBox);
    m_scanButton->setObjectName(QStringLiteral("scanButton"));
    scanForm->addRow(m_scanButton);
    layout->addWidget(scanBox);

    auto* runBox = new QGroupBox(tr("Run"), panel);
    m_runForm = new QFormLayout(runBox);
    m_algorithm = new QComboBox(runBox);
    m_algorithm->addItem(tr("k-means"), static_cast<int>(ClusterAlgorithm::KMeans));
    m_algorithm->addItem(tr("Mini-batch k-means"), static_cast<int>(ClusterAlgorithm::MiniBatch));
    m_algorithm->addItem(tr("Gaussian mixture"),
                         static_cast<int>(ClusterAlgorithm::GaussianMixture));
    m_algorithm->addItem(tr("Agglomerative"), static_cast<int>(ClusterAlgorithm::Agglomerative));
    m_algorithm->addItem(tr("DBSCAN"), static_cast<int>(ClusterAlgorithm::Dbscan));
    m_algorithm->addItem(tr("HDBSCAN"), static_cast<int>(ClusterAlgorithm::Hdbscan));
    m_k = new QSpinBox(runBox);
    m_k->setRange(1, 1000);
    m_k->setValue(4);
    m_k->setToolTip(tr("Clusters to make; clicking a k on a scan chart sets it."));
    m_seed = new QSpinBox(runBox);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_covariance = new QComboBox(runBox);
    m_covariance->addItem(tr("Full"), static_cast<int>(core::CovarianceType::Full));
    m_covariance->addItem(tr("Diagonal"), static_cast<int>(core::CovarianceType::Diag));
    m_covariance->addItem(tr("Tied"), static_cast<int>(core::CovarianceType::Tied));
    m_covariance->addItem(tr("Spherical"), static_cast<int>(core::CovarianceType::Spherical));
    m_linkage = new QComboBox(runBox);
    m_linkage->addItem(tr("Ward"), static_cast<int>(core::Linkage::Ward));
    m_linkage->addItem(tr("Average"), static_cast<int>(core::Linkage::Average));
    m_linkage->addItem(tr("Complete"), static_cast<int>(core::Linkage::Complete));
    m_linkage->addItem(tr("Single"), static_cast<int>(core::Linkage::Single));
    m_eps = new QDoubleSpinBox(runBox);
    m_eps->setDecimals(4);
    m_eps->setRange(0.0001, 1e6);
    m_eps->setSingleStep(0.05);
    m_eps->setValue(0.5);
    m_eps->setToolTip(tr("Neighbourhood radius; clicking the k-distance graph sets it."));
    m_minSamples = new QSpinBox(runBox);
    m_minSamples->setRange(1, 10'000);
    m_minSamples->setValue(5);
    m_minSamples->setToolTip(tr("Points within eps (the point itself included) that make a core "
                                "point; also the k of the k-distance graph."));
    m_runForm->addRow(tr("Algorithm"), m_algorithm);
    m_runForm->addRow(tr("k"), m_k);
    m_runForm->addRow(tr("Seed"), m_seed);
    m_runForm->addRow(tr("Covariance"), m_covariance);
    m_runForm->addRow(tr("Linkage"), m_linkage);
    m_runForm->addRow(tr("eps"), m_eps);
    m_runForm->addRow(tr("Min samples"), m_minSamples);
    m_hdbscanMinClusterSize = new QSpinBox(runBox);
    m_hdbscanMinClusterSize->setObjectName(QStringLiteral("hdbscanMinClusterSize"));
    m_hdbscanMinClusterSize->setRange(2, 1'000'000);
    m_hdbscanMinClusterSize->setValue(5);
    m_hdbscanMinClusterSize->setToolTip(tr("HDBSCAN: the smallest group that counts as a cluster; "
                                           "smaller groups that break away are noise."));
    m_runForm->addRow(tr("Min cluster size"), m_hdbscanMinClusterSize);
    m_runButton = new QPushButton(tr("Run"), runBox);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runForm->addRow(m_runButton);
    layout->addWidget(runBox);
    layout->addStretch(1);

    connect(m_source, &MatrixSourcePicker::sourceChanged, this, [this] { clearScan(QString()); });
    connect(m_source, &MatrixSourcePicker::columnsChanged, this, &ClusterPage::updateActions);
    connect(m_kMin, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_kMax->value() < v)
            m_kMax->setValue(v);
    });
    connect(m_kMax, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_kMin->value() > v)
            m_kMin->setValue(v);
    });
    connect(m_minClusterSize, &QSpinBox::valueChanged, this, [this](int v) {
        m_sizes->setMinimumClusterSize(v);
        updateWarnings();
    });
    connect(m_minSilhouette, &QDoubleSpinBox::valueChanged, this, &ClusterPage::updateWarnings);
    connect(m_scanButton, &QPushButton::clicked, this, [this] { startScan(); });
    connect(m_runButton, &QPushButton::clicked, this, [this] { startRun(); });
    connect(m_algorithm, &QComboBox::currentIndexChanged, this, &ClusterPage::updateAlgorithmRows);
    connect(m_k, &QSpinBox::valueChanged, this, [this](int k) {
        for (MetricChartView* chart : {m_elbow, m_silhouetteChart, m_daviesBouldin, m_calinski, m_bic, m_aic})
            chart->setChosenK(k);
    });
    updateAlgorithmRows();
    return panel;
}

QWidget* ClusterPage::buildScanTab() {
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    m_scanStatus = new QLabel(tab);
    m_scanStatus->setWordWrap(true);
    layout->addWidget(m_scanStatus);
    auto* grid = new QGridLayout;
    m_elbow = new MetricChartView(tr("Elbow: inertia"), tr("inertia"), tab);
    m_elbow->setObjectName(QStringLiteral("elbowChart"));
    m_silhouetteChart = new MetricChartView(tr("Silhouette (higher is better)"), tr("silhouette"), tab);
    m_daviesBouldin = new MetricChartView(tr("Davies-Bouldin (lower is better)"), tr("DB index"), tab);
    m_calinski = new MetricChartView(tr("Calinski-Harabasz (higher is better)"), tr("CH index"), tab);
    grid->addWidget(m_elbow, 0, 0);
    grid->addWidget(m_silhouetteChart, 0, 1);
    grid->addWidget(m_daviesBouldin, 1, 0);
    grid->addWidget(m_calinski, 1, 1);
    m_bic = new MetricChartView(tr("BIC (lower is better)"), tr("BIC"), tab);
    m_bic->setObjectName(QStringLiteral("bicChart"));
    m_aic = new MetricChartView(tr("AIC (lower is better)"), tr("AIC"), tab);
    m_aic->setObjectName(QStringLiteral("aicChart"));
    grid->addWidget(m_bic, 2, 0);
    grid->addWidget(m_aic, 2, 1);
    m_bic->hide();
    m_aic->hide();
    layout->addLayout(grid, 1);
    auto* warningsTitle = new QLabel(tr("Warnings"), tab);
    QFont bold = warningsTitle->font();
    bold.setBold(true);
    warningsTitle->setFont(bold);
    layout->addWidget(warningsTitle);
    m_warnings = new QListWidget(tab);
    m_warnings->setObjectName(QStringLiteral("scanWarnings"));
    m_warnings->setMaximumHeight(110);
    m_warnings->setWordWrap(true);
    layout->addWidget(m_warnings);
    for (MetricChartView* chart : {m_elbow, m_silhouetteChart, m_daviesBouldin, m_calinski, m_bic, m_aic})
        connect(chart, &MetricChartView::kClicked, this, &ClusterPage::chooseK);
    return tab;
}

QWidget* ClusterPage::buildRunsTab() {
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    auto* splitter = new QSplitter(Qt::Vertical, tab);
    m_runs = new QTableWidget(0, 8, splitter);
    m_runs->setObjectName(QStringLiteral("runsTable"));
    m_runs->setHorizontalHeaderLabels({tr("Name"), tr("Algorithm"), tr("k"), tr("Silhouette"),
                                       tr("Davies-Bouldin"), tr("Calinski-Harabasz"),
                                       tr("Seconds"), tr("Created")});
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->verticalHeader()->hide();
    m_runs->horizontalHeader()->setStretchLastSection(true);
    m_runs->setAlternatingRowColors(true);
    auto* listBox = new QWidget(splitter);
    auto* listLayout = new QVBoxLayout(listBox);
    listLayout->setContentsMargins(0, 0, 0, 0);
    auto* actions = new QHBoxLayout;
    m_compareButton = new QPushButton(tr("Compare the two selected"), listBox);
    m_compareButton->setObjectName(QStringLiteral("compareRunsButton"));
    m_compareButton->setToolTip(tr("Select two runs (Ctrl+click) to see them side by side."));
    m_deleteButton = new QPushButton(tr("Delete selected…"), listBox);
    m_deleteButton->setObjectName(QStringLiteral("deleteRunsButton"));
    actions->addWidget(new QLabel(tr("Select one run to see its views, two to compare them."), listBox), 1);
    actions->addWidget(m_compareButton);
    actions->addWidget(m_deleteButton);
    listLayout->addLayout(actions);
    m_runs->setParent(listBox);
    listLayout->addWidget(m_runs, 1);
    connect(m_compareButton, &QPushButton::clicked, this, [this] {
        const std::vector<std::int64_t> ids = selectedRunIds();
        if (ids.size() == 2) {
            m_tabs->setCurrentWidget(m_compare);
            // The older run as A, the newer as B.
            m_compare->compare(std::min(ids[0], ids[1]), std::max(ids[0], ids[1]));
        }
    });
    connect(m_deleteButton, &QPushButton::clicked, this, [this] {
        const std::vector<std::int64_t> ids = selectedRunIds();
        if (ids.empty())
            return;
        const auto answer = QMessageBox::question(
            this, tr("Delete runs"),
            tr("Delete %n selected run(s) and their labels from the workspace?", nullptr,
               static_cast<int>(ids.size())));
        if (answer == QMessageBox::Yes)
            deleteRuns(ids);
    });
    auto* views = new QWidget(splitter);
    auto* viewsLayout = new QVBoxLayout(views);
    viewsLayout->setContentsMargins(0, 0, 0, 0);
    m_runStatus = new QLabel(views);
    m_runStatus->setWordWrap(true);
    viewsLayout->addWidget(m_runStatus);
    m_structure = new RunStructurePanel(views);
    m_structure->setObjectName(QStringLiteral("runViews"));
    auto* basic = new QWidget(m_structure);
    auto* row = new QHBoxLayout(basic);
    row->setContentsMargins(0, 4, 0, 0);
    m_sizes = new ClusterSizesView(views);
    m_sizes->setMinimumClusterSize(m_minClusterSize->value());
    m_silhouettePlot = new SilhouettePlot(views);
    m_silhouettePlot->setObjectName(QStringLiteral("silhouettePlot"));
    row->addWidget(m_sizes, 1);
    row->addWidget(m_silhouettePlot, 1);
    m_structure->insertTab(0, basic, tr("Sizes and silhouette"));
    m_structure->setCurrentIndex(0);
    viewsLayout->addWidget(m_structure, 1);
    connect(m_structure, &RunStructurePanel::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_structure, &RunStructurePanel::busyChanged, this, &ClusterPage::announceBusy);
    connect(m_structure, &RunStructurePanel::superSegmentsChanged, this, [this] {
        m_sizes->setClusterOrder(m_structure->superSegments().order,
                                 m_structure->superSegments().colors);
        m_silhouettePlot->setClusterColors(m_structure->superSegments().colors);
    });
    connect(m_structure, &RunStructurePanel::runSaved, this, [this](qint64 id) {
        refreshRuns();
        for (int r = 0; r < m_runs->rowCount(); ++r)
            if (m_runs->item(r, 0)->data(kRunIdRole).toLongLong() == id)
                m_runs->selectRow(r);
    });
    splitter->addWidget(listBox);
    splitter->addWidget(views);
    splitter->setSizes({170, 500});
    layout->addWidget(splitter);
    connect(m_runs, &QTableWidget::itemSelectionChanged, this, &ClusterPage::runSelectionChanged);
    return tab;
}

void ClusterPage::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    m_workspace = std::move(workspace);
    for (QPointer<Job>* job : {&m_scanJob, &m_runJob, &m_viewJob})
        if (*job)
            (*job)->cancel();
    m_kDistance->clear();
    m_structure->clear();
    m_source->setWorkspace(m_workspace);
    clearScan(m_workspace ? QString() : tr("Open a workspace to cluster its data."));
    refreshRuns();
}

QComboBox* ClusterPage::tableCombo() const noexcept {
    return m_source->sourceCombo();
}

QListWidget* ClusterPage::columnList() const noexcept {
    return m_source->columnList();
}

QString ClusterPage::currentTable() const {
    return toQString(m_source->table());
}

QString ClusterPage::currentFeatureSet() const {
    return toQString(m_source->featureSet());
}

std::vector<std::string> ClusterPage::checkedColumns() const {
    return m_source->checkedColumns();
}

ClusterSource ClusterPage::currentSource() const {
    ClusterSource source{m_workspace ? m_workspace->path() : std::string(), m_source->table(),
                         m_source->checkedColumns(), m_source->standardise(),
                         m_source->featureSet()};
    return source;
}

void ClusterPage::updateAlgorithmRows() {
    const auto algorithm = static_cast<ClusterAlgorithm>(m_algorithm->currentData().toInt());
    m_runForm->setRowVisible(m_covariance, algorithm == ClusterAlgorithm::GaussianMixture);
    m_runForm->setRowVisible(m_linkage, algorithm == ClusterAlgorithm::Agglomerative);
    const bool dbscan = algorithm == ClusterAlgorithm::Dbscan;
    const bool hdbscan = algorithm == ClusterAlgorithm::Hdbscan;
    m_runForm->setRowVisible(m_k, !dbscan && !hdbscan);
    m_runForm->setRowVisible(m_eps, dbscan);
    m_runForm->setRowVisible(m_minSamples, dbscan || hdbscan);
    m_runForm->setRowVisible(m_hdbscanMinClusterSize, hdbscan);
    if (dbscan && m_tabs && m_kDistance) {
        m_tabs->setCurrentWidget(m_kDistance);
        if (!m_kDistance->view()->hasData() && !m_kDistance->isBusy())
            startKDistance();
    }
    m_seed->setEnabled(algorithm != ClusterAlgorithm::Agglomerative && !dbscan && !hdbscan);
    m_seed->setToolTip(algorithm == ClusterAlgorithm::Agglomerative
                           ? tr("Agglomerative clustering is deterministic: it has no seed.")
                           : tr("Seed of the random initialisation; the same seed gives the same "
                                "result."));
}

void ClusterPage::updateActions() {
    const QString why = m_source->problem();
    const bool scanning = m_scanJob && m_scanJob->isRunning();
    const bool running = m_runJob && m_runJob->isRunning();
    m_scanButton->setEnabled(why.isEmpty() && !scanning);
    m_scanButton->setToolTip(!why.isEmpty() ? why
                             : scanning     ? tr("A scan is running: cancel it in the status bar.")
                                            : tr("Run k-means for every k of the range and show "
                                                 "the curves as each k finishes."));
    m_runButton->setEnabled(why.isEmpty() && !running);
    m_runButton->setToolTip(!why.isEmpty() ? why
                            : running      ? tr("A run is in progress: cancel it in the status bar.")
                                           : tr("Cluster with these settings and store the run."));
}

void ClusterPage::setJobBusy(QPointer<Job>& slot, Job* job) {
    slot = job;
    updateActions();
    // Compared with what was last announced: a finished job is no longer running by now.
    if (isBusy() != m_busy) {
        m_busy = isBusy();
        emit busyChanged(m_busy);
    }
}

bool ClusterPage::isBusy() const {
    return (m_scanJob && m_scanJob->isRunning()) || (m_runJob && m_runJob->isRunning()) ||
           (m_viewJob && m_viewJob->isRunning()) || (m_deleteJob && m_deleteJob->isRunning()) ||
           m_kDistance->isBusy() || m_structure->isBusy() || m_compare->isBusy();
}

void ClusterPage::announceBusy() {
    if (isBusy() != m_busy) {
        m_busy = isBusy();
        emit busyChanged(m_busy);
    }
}

Job* ClusterPage::startKDistance(core::CancelToken token) {
    updateActions();
    if (!m_scanButton->isEnabled() && !(m_scanJob && m_scanJob->isRunning()))
        return nullptr;
    ClusterSource source = currentSource();
    return m_kDistance->compute(source, m_minSamples->value(), std::move(token));
}

void ClusterPage::clearScan(const QString& status) {
    m_points.clear();
    m_elbowK.reset();
    for (MetricChartView* chart : {m_elbow, m_silhouetteChart, m_daviesBouldin, m_calinski, m_bic, m_aic})
        chart->clear();
    m_warnings->clear();
    m_scanStatus->setText(status.isEmpty() ? tr("Press Scan to compare values of k.") : status);
}

Job* ClusterPage::startScan(core::CancelToken token) {
    updateActions();
    if (!m_scanButton->isEnabled())
        return nullptr;
    ClusterSource source = currentSource();
    core::KScanOptions options;
    options.kMin = m_kMin->value();
    options.kMax = m_kMax->value();
    options.seed = static_cast<std::uint64_t>(m_seed->value());
    options.guards.minClusterSize = m_minClusterSize->value();
    options.guards.minSilhouette = m_minSilhouette->value();
    options.model = static_cast<core::KScanModel>(m_scanModel->currentData().toInt());
    options.covariance = static_cast<core::CovarianceType>(m_covariance->currentData().toInt());
    const bool mixture = options.model == core::KScanModel::GaussianMixture;
    m_bic->setVisible(mixture);
    m_aic->setVisible(mixture);

    clearScan(tr("Scanning k = %1 to %2…").arg(options.kMin).arg(options.kMax));
    m_tabs->setCurrentIndex(0);
    // A fresh feed per scan: points of an earlier, cancelled scan can never arrive here.
    m_feed = std::make_shared<ScanFeed>();
    std::shared_ptr<ScanFeed> feed = m_feed;
    Job* job = runJob<core::KScanResult>(
        this, (mixture ? tr("Mixture scan %1..%2") : tr("k scan %1..%2")).arg(options.kMin).arg(options.kMax),
        [source, options, feed](core::Progress& progress, const core::CancelToken& cancel) {
            return runKScan(
                source, options,
                [feed](const core::KScanPoint& point) {
                    const QMutexLocker lock(&feed->mutex);
                    feed->points.push_back(point);
                },
                progress, cancel);
        },
        std::function<void(core::KScanResult&)>([this, feed](core::KScanResult& result) {
            if (feed != m_feed)
                return;
            drainScanFeed();
            m_elbowK = result.elbowK;
            if (result.lowestBicK)
                m_bic->setMarkedK(result.lowestBicK, tr("lowest BIC k = %1").arg(*result.lowestBicK));
            m_elbow->setMarkedK(m_elbowK, tr("elbow k = %1").arg(m_elbowK.value_or(0)));
            if (m_elbowK)
                chooseK(*m_elbowK);
            m_scanStatus->setText(
                m_elbowK ? tr("Scan done: the elbow is at k = %1. Click a k on any chart to "
                              "choose it for the run (circled in green).")
                               .arg(*m_elbowK)
                         : tr("Scan done: the inertia curve has no clear elbow. Click a k to "
                              "choose it."));
        }),
        std::move(token));
    connect(job, &Job::finished, this, [this, job, feed](Job::Outcome outcome) {
        job->deleteLater();
        if (feed == m_feed) {
            m_feedTimer.stop();
            if (outcome == Job::Outcome::Cancelled)
                clearScan(tr("Scan cancelled."));
            else if (outcome == Job::Outcome::Failed)
                clearScan(tr("The scan failed: %1").arg(toQString(job->error().message)));
        }
        if (m_scanJob == job)
            setJobBusy(m_scanJob, nullptr);
    });
    m_feedTimer.start();
    setJobBusy(m_scanJob, job);
    emit jobStarted(job);
    return job;
}

void ClusterPage::drainScanFeed() {
    std::vector<core::KScanPoint> arrived;
    {
        const QMutexLocker lock(&m_feed->mutex);
        arrived.swap(m_feed->points);
    }
    for (const core::KScanPoint& point : arrived)
        addScanPoint(point);
}

void ClusterPage::addScanPoint(const core::KScanPoint& point) {
    m_points.push_back(point);
    m_elbow->addPoint(point.k, point.inertia);
    m_silhouetteChart->addPoint(point.k, point.silhouette);
    m_daviesBouldin->addPoint(point.k, point.daviesBouldin);
    m_calinski->addPoint(point.k, point.calinskiHarabasz);
    m_bic->addPoint(point.k, point.bic); // NaN (skipped) for k-means
    m_aic->addPoint(point.k, point.aic);
    // The elbow of the points so far, so the mark moves as the curve fills in.
    std::vector<double> ks, inertia;
    for (const core::KScanPoint& p : m_points) {
        ks.push_back(p.k);
        inertia.push_back(p.inertia);
    }
    const auto index = core::elbowIndex(ks, inertia);
    m_elbowK = index ? std::optional<int>(m_points[*index].k) : std::nullopt;
    m_elbow->setMarkedK(m_elbowK, tr("elbow k = %1").arg(m_elbowK.value_or(0)));
    for (MetricChartView* chart : {m_elbow, m_silhouetteChart, m_daviesBouldin, m_calinski, m_bic, m_aic})
        chart->setChosenK(m_k->value());
    updateWarnings();
}

void ClusterPage::updateWarnings() {
    m_warnings->clear();
    core::ClusterGuardThresholds thresholds;
    thresholds.minClusterSize = m_minClusterSize->value();
    thresholds.minSilhouette = m_minSilhouette->value();
    for (const core::KScanPoint& point : m_points) {
        // Recomputed from the sizes so that editing a threshold updates the list at once.
        for (const core::ClusterWarning& warning :
             core::checkClusterGuards(point.k, point.clusterSizes, point.silhouette, thresholds)) {
            auto* item = new QListWidgetItem(toQString(warning.message), m_warnings);
            item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
        }
    }
    if (!m_points.empty() && m_warnings->count() == 0)
        new QListWidgetItem(tr("No warnings for k = %1 to %2.")
                                .arg(m_points.front().k)
                                .arg(m_points.back().k),
                            m_warnings);
}

void ClusterPage::chooseK(int k) {
    m_k->setValue(k);
}

Job* ClusterPage::startRun(core::CancelToken token) {
    updateActions();
    if (!m_runButton->isEnabled())
        return nullptr;
    ClusterRunRequest request;
    request.source = currentSource();
    request.algorithm = static_cast<ClusterAlgorithm>(m_algorithm->currentData().toInt());
    request.k = m_k->value();
    request.seed = static_cast<std::uint64_t>(m_seed->value());
    request.covariance = static_cast<core::CovarianceType>(m_covariance->currentData().toInt());
    request.linkage = static_cast<core::Linkage>(m_linkage->currentData().toInt());
    request.eps = m_eps->value();
    request.minSamples = m_minSamples->value();
    request.minClusterSize = m_hdbscanMinClusterSize->value();
    const std::string path = m_workspace->path();
    Job* job = runJob<core::ClusteringRun>(
        this,
        request.algorithm == ClusterAlgorithm::Dbscan ||
                request.algorithm == ClusterAlgorithm::Hdbscan // they find k themselves
            ? m_algorithm->currentText()
            : tr("%1 with k = %2").arg(m_algorithm->currentText()).arg(request.k),
        [request](core::Progress& progress, const core::CancelToken& cancel) {
            return runClustering(request, progress, cancel);
        },
        std::function<void(core::ClusteringRun&)>([this, path](core::ClusteringRun& run) {
            if (!m_workspace || m_workspace->path() != path)
                return;
            refreshRuns();
            for (int row = 0; row < m_runs->rowCount(); ++row)
                if (m_runs->item(row, 0)->data(kRunIdRole).toLongLong() == run.id)
                    m_runs->selectRow(row);
            m_tabs->setCurrentIndex(1);
        }),
        std::move(token));
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        if (outcome == Job::Outcome::Failed)
            m_runStatus->setText(tr("The run failed: %1").arg(toQString(job->error().message)));
        else if (outcome == Job::Outcome::Cancelled)
            m_runStatus->setText(tr("Run cancelled: nothing was stored."));
        if (m_runJob == job)
            setJobBusy(m_runJob, nullptr);
    });
    setJobBusy(m_runJob, job);
    emit jobStarted(job);
    return job;
}

void ClusterPage::refreshRuns() {
    const QSignalBlocker blocker(m_runs);
    m_runs->setRowCount(0);
    if (m_workspace) {
        const std::vector<core::ClusteringRun> runs = core::clusteringRuns(*m_workspace);
        m_runs->setRowCount(static_cast<int>(runs.size()));
        for (int row = 0; row < static_cast<int>(runs.size()); ++row) {
            const core::ClusteringRun& run = runs[static_cast<std::size_t>(row)];
            const QJsonObject metrics =
                QJsonDocument::fromJson(QByteArray::fromStdString(run.metricsJson)).object();
            auto* name = new QTableWidgetItem(toQString(run.name));
            name->setData(kRunIdRole, static_cast<qlonglong>(run.id));
            m_runs->setItem(row, 0, name);
            m_runs->setItem(row, 1, new QTableWidgetItem(algorithmLabel(run.algorithm)));
            m_runs->setItem(row, 2, numberItem(QString::number(run.clusters)));
            m_runs->setItem(row, 3, numberItem(formatMetric(metrics, "silhouette")));
            m_runs->setItem(row, 4, numberItem(formatMetric(metrics, "davies_bouldin")));
            m_runs->setItem(row, 5, numberItem(formatMetric(metrics, "calinski_harabasz", 1)));
            m_runs->setItem(row, 6, numberItem(QString::number(run.seconds, 'f', 2)));
            m_runs->setItem(row, 7, new QTableWidgetItem(toQString(run.createdAt)));
        }
        m_runs->resizeColumnsToContents();
        m_compare->setRuns(m_workspace->path(), runs);
    } else {
        m_compare->setRuns({}, {});
    }
    runSelectionChanged();
    if (m_runs->rowCount() == 0) {
        m_sizes->clear();
        m_silhouettePlot->clear(m_workspace ? tr("No runs yet: press Run to cluster.") : QString());
        m_structure->clear(m_workspace ? tr("No runs yet: press Run to cluster.") : QString());
    }
}

std::vector<std::int64_t> ClusterPage::selectedRunIds() const {
    std::vector<std::int64_t> ids;
    for (int row = 0; row < m_runs->rowCount(); ++row)
        if (m_runs->item(row, 0) && m_runs->item(row, 0)->isSelected())
            ids.push_back(m_runs->item(row, 0)->data(kRunIdRole).toLongLong());
    return ids;
}

void ClusterPage::runSelectionChanged() {
    const std::vector<std::int64_t> ids = selectedRunIds();
    m_compareButton->setEnabled(ids.size() == 2);
    m_deleteButton->setEnabled(!ids.empty() && !(m_deleteJob && m_deleteJob->isRunning()));
    m_deleteButton->setText(ids.size() > 1 ? tr("Delete %1 runs…").arg(ids.size())
                                           : tr("Delete selected…"));
    // The views follow the current row (the one clicked last) when it is selected.
    const int row = m_runs->currentRow();
    if (ids.empty() || row < 0 || !m_runs->item(row, 0) || !m_runs->item(row, 0)->isSelected())
        return;
    const std::int64_t id = m_runs->item(row, 0)->data(kRunIdRole).toLongLong();
    if (ids.size() == 1 || m_structureRunId != id)
        showRun(id);
}

Job* ClusterPage::deleteRuns(const std::vector<std::int64_t>& ids) {
    if (!m_workspace || ids.empty() || (m_deleteJob && m_deleteJob->isRunning()))
        return nullptr;
    const std::string path = m_workspace->path();
    Job* job = runJob<int>(
        this, tr("Delete %n run(s)", nullptr, static_cast<int>(ids.size())),
        [path, ids](core::Progress& progress, const core::CancelToken& cancel) {
            return ui::deleteRuns(path, ids, progress, cancel);
        },
        std::function<void(int&)>([this, path](int& count) {
            if (!m_workspace || m_workspace->path() != path)
                return;
            refreshRuns();
            m_runStatus->setText(tr("Deleted %n run(s).", nullptr, count));
        }));
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        if (outcome == Job::Outcome::Failed)
            m_runStatus->setText(tr("Could not delete: %1").arg(toQString(job->error().message)));
        if (m_deleteJob == job)
            setJobBusy(m_deleteJob, nullptr);
        runSelectionChanged();
    });
    setJobBusy(m_deleteJob, job);
    m_deleteButton->setEnabled(false);
    emit jobStarted(job);
    return job;
}

Job* ClusterPage::showRun(std::int64_t id) {
    if (!m_workspace)
        return nullptr;
    std::optional<core::ClusteringRun> found;
    for (core::ClusteringRun& run : core::clusteringRuns(*m_workspace))
        if (run.id == id)
            found = std::move(run);
    if (!found)
        return nullptr;
    if (m_viewJob)
        m_viewJob->cancel();
    const std::uint64_t generation = ++m_viewGeneration;
    m_sizes->clear();
    m_silhouettePlot->clear(tr("Computing the silhouette of every point…"));
    m_runStatus->setText(tr("%1: %2 rows, %3 clusters, %4 s.")
                             .arg(toQString(found->name), formatCount(found->rows))
                             .arg(found->clusters)
                             .arg(found->seconds, 0, 'f', 2));
    const std::string path = m_workspace->path();
    const core::ClusteringRun run = *found;
    m_structure->showRun(path, run);
    m_structureRunId = run.id;
    Job* job = runJob<RunViewData>(
        this, tr("Silhouette of %1").arg(toQString(run.name)),
        [path, run](core::Progress& progress, const core::CancelToken& cancel) {
            return computeRunViews(path, run, kSilhouettePlotLimit, progress, cancel);
        },
        std::function<void(RunViewData&)>([this, generation](RunViewData& view) {
            if (generation != m_viewGeneration)
                return;
            m_sizes->setSizes(view.sizes, view.noise);
            if (!view.silhouetteError.isEmpty()) {
                m_silhouettePlot->clear(tr("No silhouette: %1").arg(view.silhouetteError));
                return;
            }
            const QString note =
                view.sampled
                    ? tr("Seeded sample of %1 of %2 points (exact within the sample)")
                          .arg(formatCount(static_cast<std::int64_t>(view.silhouette.size())),
                               formatCount(view.rows))
                    : tr("All %1 points, exact").arg(formatCount(view.rows));
            m_silhouettePlot->setData(view.silhouette, view.labels, view.silhouetteMean, note);
        }));
    connect(job, &Job::finished, this, [this, job, generation](Job::Outcome outcome) {
        job->deleteLater();
        if (generation == m_viewGeneration) {
            if (outcome == Job::Outcome::Failed)
                m_silhouettePlot->clear(
                    tr("Could not compute the views: %1").arg(toQString(job->error().message)));
            else if (outcome == Job::Outcome::Cancelled)
                m_silhouettePlot->clear(tr("Cancelled"));
        }
        if (m_viewJob == job)
            setJobBusy(m_viewJob, nullptr);
    });
    setJobBusy(m_viewJob, job);
    emit jobStarted(job);
    return job;
}

void ClusterPage::selectDefaultContent(const QString& item) {
    if (tableCombo()->currentIndex() < 0 && tableCombo()->count() > 0)
        tableCombo()->setCurrentIndex(0);
    // "profile" and "dendrogram" show the newest run with that view in front.
    const QString view = item.toLower();
    if (view == QLatin1String("runs") || view == QLatin1String("profile") ||
        view == QLatin1String("box-plots") || view == QLatin1String("dendrogram")) {
        m_tabs->setCurrentIndex(1);
        m_structure->setCurrentIndex(view == QLatin1String("profile")      ? 1
                                     : view == QLatin1String("box-plots")  ? 2
                                     : view == QLatin1String("dendrogram") ? 3
                                                                           : 0);
        if (m_runs->rowCount() > 0)
            m_runs->selectRow(0);
        return;
    }
    if (view == QLatin1String("bic")) {
        m_scanModel->setCurrentIndex(
            m_scanModel->findData(static_cast<int>(core::KScanModel::GaussianMixture)));
        m_covariance->setCurrentIndex(m_covariance->findData(static_cast<int>(core::CovarianceType::Diag)));
        startScan();
        return;
    }
    if (view == QLatin1String("compare")) {
        m_tabs->setCurrentWidget(m_compare);
        if (m_runs->rowCount() >= 2)
            m_compare->compare(m_runs->item(1, 0)->data(kRunIdRole).toLongLong(),
                               m_runs->item(0, 0)->data(kRunIdRole).toLongLong());
        return;
    }
    if (view == QLatin1String("k-distance")) {
        m_algorithm->setCurrentIndex(m_algorithm->findData(static_cast<int>(ClusterAlgorithm::Dbscan)));
        return;
    }
    if (m_points.empty() && !(m_scanJob && m_scanJob->isRunning()))
        startScan();
}

} // namespace microseg::ui
