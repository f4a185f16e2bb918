#include "run_compare_panel.h"

#include "cluster_sizes_view.h"
#include "cluster_tasks.h"
#include "contingency_heatmap.h"
#include "job.h"
#include "run_compare_tasks.h"
#include "text_format.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace microseg::ui {
namespace {

constexpr std::int64_t kMetricSample = 20'000; // as runs made in the app

QJsonObject parseObject(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

QString metricText(const QJsonObject& metrics, const char* key, int precision = 3) {
    const QJsonValue value = metrics.value(QLatin1String(key));
    return value.isDouble() ? QString::number(value.toDouble(), 'f', precision) : QStringLiteral("–");
}

QString compactJson(const std::string& json) {
    QString text = QString::fromUtf8(
        QJsonDocument(parseObject(json)).toJson(QJsonDocument::Compact));
    text.remove(QLatin1Char('"'));
    return text == QLatin1String("{}") ? QStringLiteral("–") : text.mid(1, text.size() - 2);
}

} // namespace

RunComparePanel::RunComparePanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* choose = new QHBoxLayout;
    m_runA = new QComboBox(this);
    m_runA->setObjectName(QStringLiteral("compareRunA"));
    m_runB = new QComboBox(this);
    m_runB->setObjectName(QStringLiteral("compareRunB"));
    for (QComboBox* combo : {m_runA, m_runB}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(24);
    }
    m_computeMetrics = new QPushButton(tr("Compute missing metrics"), this);
    m_computeMetrics->setObjectName(QStringLiteral("computeMetricsButton"));
    m_computeMetrics->setToolTip(tr("Silhouette (on a seeded sample of 20,000 rows when larger), "
                                    "Davies-Bouldin and Calinski-Harabasz for runs stored without "
                                    "them (e.g. by microseg-cli); stored with the run."));
    choose->addWidget(new QLabel(tr("Run A"), this));
    choose->addWidget(m_runA, 1);
    choose->addWidget(new QLabel(tr("Run B"), this));
    choose->addWidget(m_runB, 1);
    choose->addWidget(m_computeMetrics);
    layout->addLayout(choose);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 2, left);
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setHorizontalHeaderLabels({tr("Run A"), tr("Run B")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    leftLayout->addWidget(m_table, 3);
    auto* sizes = new QHBoxLayout;
    m_sizesA = new ClusterSizesView(left);
    m_sizesA->setObjectName(QStringLiteral("compareSizesA"));
    m_sizesB = new ClusterSizesView(left);
    m_sizesB->setObjectName(QStringLiteral("compareSizesB"));
    m_sizesA->setTitle(tr("Cluster sizes of A"));
    m_sizesB->setTitle(tr("Cluster sizes of B"));
    sizes->addWidget(m_sizesA);
    sizes->addWidget(m_sizesB);
    leftLayout->addLayout(sizes, 2);

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_agreement = new QLabel(right);
    m_agreement->setObjectName(QStringLiteral("agreementLabel"));
    m_agreement->setWordWrap(true);
    rightLayout->addWidget(m_agreement);
    auto* scroll = new QScrollArea(right);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_contingency = new ContingencyHeatmap;
    m_contingency->setObjectName(QStringLiteral("contingencyHeatmap"));
    scroll->setWidget(m_contingency);
    rightLayout->addWidget(scroll, 1);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setSizes({380, 520});
    layout->addWidget(splitter, 1);

    connect(m_runA, &QComboBox::currentIndexChanged, this, &RunComparePanel::choiceChanged);
    connect(m_runB, &QComboBox::currentIndexChanged, this, &RunComparePanel::choiceChanged);
    connect(m_computeMetrics, &QPushButton::clicked, this, [this] { computeMissingMetrics(); });
    setRuns({}, {});
}

void RunComparePanel::setRuns(const std::string& path, const std::vector<core::ClusteringRun>& runs) {
    const qlonglong a = m_runA->currentData().toLongLong();
    const qlonglong b = m_runB->currentData().toLongLong();
    m_path = path;
    m_runs = runs;
    {
        const QSignalBlocker blockA(m_runA);
        const QSignalBlocker blockB(m_runB);
        m_runA->clear();
        m_runB->clear();
        for (const core::ClusteringRun& run : m_runs) {
            const QString text = tr("#%1 %2").arg(run.id).arg(toQString(run.name));
            m_runA->addItem(text, static_cast<qlonglong>(run.id));
            m_runB->addItem(text, static_cast<qlonglong>(run.id));
        }
        // Keep the choice; by default the two newest runs.
        const int ia = m_runA->findData(a);
        const int ib = m_runB->findData(b);
        m_runA->setCurrentIndex(ia >= 0 ? ia : (m_runs.size() > 1 ? 1 : 0));
        m_runB->setCurrentIndex(ib >= 0 ? ib : 0);
    }
    fillTable();
    updateButtons();
}

std::optional<core::ClusteringRun> RunComparePanel::runById(std::int64_t id) const {
    for (const core::ClusteringRun& run : m_runs)
        if (run.id == id)
            return run;
    return std::nullopt;
}

void RunComparePanel::choiceChanged() {
    fillTable();
    updateButtons();
    if (isVisible())
        compare(m_runA->currentData().toLongLong(), m_runB->currentData().toLongLong());
}

void RunComparePanel::fillTable() {
    const std::optional<core::ClusteringRun> runs[2] = {
        runById(m_runA->currentData().toLongLong()), runById(m_runB->currentData().toLongLong())};
    const QStringList names = {tr("Name"),          tr("Algorithm"),      tr("Parameters"),
                               tr("Data"),          tr("Rows"),           tr("Clusters"),
                               tr("Seed"),          tr("Silhouette"),     tr("Davies-Bouldin"),
                               tr("Calinski-Harabasz"), tr("Inertia"),    tr("BIC"),
                               tr("Noise rows"),    tr("Seconds"),        tr("Created")};
    m_table->setRowCount(static_cast<int>(names.size()));
    m_table->setVerticalHeaderLabels(names);
    for (int column = 0; column < 2; ++column) {
        const auto& run = runs[column];
        const QJsonObject metrics = run ? parseObject(run->metricsJson) : QJsonObject();
        const QStringList values =
            run ? QStringList{toQString(run->name),
                              algorithmLabel(run->algorithm),
                              compactJson(run->parametersJson),
                              compactJson(run->sourceJson),
                              formatCount(run->rows),
                              QString::number(run->clusters),
                              QString::number(run->seed),
                              metricText(metrics, "silhouette"),
                              metricText(metrics, "davies_bouldin"),
                              metricText(metrics, "calinski_harabasz", 1),
                              metricText(metrics, "inertia", 1),
                              metricText(metrics, "bic", 1),
                              metrics.value(QStringLiteral("noise")).isDouble()
                                  ? formatCount(metrics.value(QStringLiteral("noise")).toInteger())
                                  : QStringLiteral("–"),
                              QString::number(run->seconds, 'f', 2),
                              formatTimestamp(run->createdAt)}
                : QStringList();
        for (int row = 0; row < m_table->rowCount(); ++row)
            m_table->setItem(row, column,
                             new QTableWidgetItem(row < values.size() ? values[row] : QString()));
    }
}

bool RunComparePanel::isBusy() const {
    return (m_job && m_job->isRunning()) || (m_metricsJob && m_metricsJob->isRunning());
}

void RunComparePanel::updateButtons() {
    const bool running = m_metricsJob && m_metricsJob->isRunning();
    bool lacking = false;
    for (QComboBox* combo : {m_runA, m_runB})
        if (const auto run = runById(combo->currentData().toLongLong()))
            lacking = lacking || lacksMetrics(*run);
    m_computeMetrics->setEnabled(lacking && !running && !m_path.empty());
}

Job* RunComparePanel::compare(std::int64_t a, std::int64_t b) {
    const auto runA = runById(a);
    const auto runB = runById(b);
    if (m_job)
        m_job->cancel();
    const std::uint64_t generation = ++m_generation;
    if (!runA || !runB || a == b || m_path.empty()) {
        m_contingency->clear(m_runs.size() < 2 ? tr("Store two runs to compare them.")
                                               : tr("Choose two different runs."));
        m_agreement->clear();
        m_sizesA->clear();
        m_sizesB->clear();
        return nullptr;
    }
    {
        const QSignalBlocker blockA(m_runA);
        const QSignalBlocker blockB(m_runB);
        m_runA->setCurrentIndex(m_runA->findData(static_cast<qlonglong>(a)));
        m_runB->setCurrentIndex(m_runB->findData(static_cast<qlonglong>(b)));
    }
    fillTable();
    updateButtons();
    m_contingency->clear(tr("Comparing the labels…"));
    m_agreement->setText(tr("Comparing…"));
    const std::string path = m_path;
    const core::ClusteringRun first = *runA;
    const core::ClusteringRun second = *runB;
    Job* job = runJob<RunComparison>(
        this, tr("Compare runs %1 and %2").arg(a).arg(b),
        [path, first, second](core::Progress& progress, const core::CancelToken& cancel) {
            return compareRuns(path, first, second, progress, cancel);
        },
        std::function<void(RunComparison&)>([this, generation, first, second](RunComparison& result) {
            if (generation != m_generation)
                return;
            m_sizesA->setSizes(result.sizesA);
            m_sizesB->setSizes(result.sizesB);
            m_contingency->setComparison(result, toQString(first.name), toQString(second.name));
            m_agreement->setText(
                tr("<b>Adjusted Rand index: %1</b> (1: the same partition; about 0: no more "
                   "agreement than chance). A dark cell: most of the smaller of its two clusters lies "
                   "in the other, e.g. B split one of A's clusters.")
                    .arg(result.adjustedRand, 0, 'f', 3));
        }));
    connect(job, &Job::finished, this, [this, job, generation](Job::Outcome outcome) {
        job->deleteLater();
        if (generation == m_generation && outcome != Job::Outcome::Succeeded) {
            const QString why = outcome == Job::Outcome::Cancelled
                                    ? tr("Cancelled")
                                    : toQString(job->error().message);
            m_contingency->clear(why);
            m_agreement->setText(outcome == Job::Outcome::Cancelled ? QString() : why);
        }
        emit busyChanged();
    });
    m_job = job;
    emit busyChanged();
    emit jobStarted(job);
    return job;
}

Job* RunComparePanel::computeMissingMetrics() {
    std::vector<core::ClusteringRun> lacking;
    for (QComboBox* combo : {m_runA, m_runB})
        if (const auto run = runById(combo->currentData().toLongLong()))
            if (lacksMetrics(*run) && (lacking.empty() || lacking.front().id != run->id))
                lacking.push_back(*run);
    if (lacking.empty() || m_path.empty() || (m_metricsJob && m_metricsJob->isRunning()))
        return nullptr;
    const std::string path = m_path;
    Job* job = runJob<int>(
        this, tr("Metrics of %n run(s)", nullptr, static_cast<int>(lacking.size())),
        [path, lacking](core::Progress& progress, const core::CancelToken& cancel) -> core::Result<int> {
            for (std::size_t i = 0; i < lacking.size(); ++i) {
                core::Progress part([&progress, i, &lacking](double f, const std::string& text) {
                    progress.report((static_cast<double>(i) + f) / static_cast<double>(lacking.size()), text);
                });
                auto updated = ui::computeMissingMetrics(path, lacking[i], kMetricSample, part, cancel);
                if (!updated.ok())
                    return updated.error();
            }
            return static_cast<int>(lacking.size());
        },
        std::function<void(int&)>([this](int&) { emit runsChanged(); }));
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        if (outcome == Job::Outcome::Failed)
            m_agreement->setText(tr("Could not compute the metrics: %1").arg(toQString(job->error().message)));
        updateButtons();
        emit busyChanged();
    });
    m_metricsJob = job;
    updateButtons();
    emit busyChanged();
    emit jobStarted(job);
    return job;
}

} // namespace microseg::ui
