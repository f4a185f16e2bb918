#include "map_page.h"

#include "job.h"
#include "map_pca_panel.h"
#include "map_selection_panel.h"
#include "matrix_source_picker.h"
#include "microseg/embedding_store.h"
#include "microseg/feature_set.h"
#include "microseg/run_store.h"
#include "microseg/table_reader.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"
#include "presentation_settings.h"
#include "scatter_view.h"
#include "text_format.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMutex>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <utility>

namespace microseg::ui {
namespace {

constexpr int kFeedIntervalMs = 80;
/// Colour combo data: "none", "run:ID" or "column:NAME".
const QString kRunPrefix = QStringLiteral("run:");
const QString kColumnPrefix = QStringLiteral("column:");

std::vector<double> column(const core::RowMatrix& m, Eigen::Index c) {
    std::vector<double> out(static_cast<std::size_t>(m.rows()));
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        out[static_cast<std::size_t>(i)] = m(i, c);
    return out;
}

} // namespace

MapPage::MapPage(QWidget* parent) : WorkflowPage(parent), m_feed(std::make_shared<MapFeed>()) {
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* scroll = new QScrollArea(splitter);
    scroll->setWidget(buildControls());
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(250);
    splitter->addWidget(scroll);
    splitter->addWidget(buildCentre());
    m_tabs = new QTabWidget(splitter);
    m_pca = new MapPcaPanel(m_tabs);
    m_selections = new MapSelectionPanel(m_tabs);
    m_tabs->addTab(m_pca, tr("PCA"));
    m_tabs->addTab(m_selections, tr("Selections"));
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setCollapsible(1, false);
    splitter->setSizes({230, 740, 300});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_pca, &MapPcaPanel::viewChanged, this, &MapPage::plotComponents);
    connect(m_selections, &MapSelectionPanel::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_selections, &MapSelectionPanel::showInDataGrid, this, &MapPage::showRowsInDataPage);
    connect(m_selections, &MapSelectionPanel::busyChanged, this, &MapPage::announceBusy);
    connect(m_selections, &MapSelectionPanel::selectOnMap, this,
            [this](std::vector<std::int64_t> rows) {
                std::vector<std::size_t> indices;
                indices.reserve(rows.size());
                for (std::int64_t row : rows)
                    if (row >= 1)
                        indices.push_back(static_cast<std::size_t>(row - 1));
                m_scatter->setSelection(std::move(indices));
            });
    connect(m_scatter, &ScatterView::selectionChanged, this, [this] {
        std::vector<std::int64_t> rows;
        rows.reserve(m_scatter->selection().size());
        for (std::size_t i : m_scatter->selection())
            rows.push_back(static_cast<std::int64_t>(i) + 1);
        m_selections->setCurrentSelection(std::move(rows));
        if (!m_scatter->selection().empty())
            m_tabs->setCurrentWidget(m_selections);
    });
    m_scatter->setTooltipProvider([this](std::size_t i) { return tooltipFor(i); });
    m_feedTimer.setInterval(kFeedIntervalMs);
    connect(&m_feedTimer, &QTimer::timeout, this, &MapPage::drainFeed);
    setWorkspace(nullptr);
}

MapPage::~MapPage() = default;

QIcon MapPage::icon() const {
    return sidebarIcon(QStringLiteral("map"));
}

QWidget* MapPage::buildControls() {
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(8, 8, 4, 8);

    auto* dataBox = new QGroupBox(tr("What to map"), panel);
    auto* dataLayout = new QVBoxLayout(dataBox);
    m_source = new MatrixSourcePicker(QStringLiteral("map"), dataBox);
    dataLayout->addWidget(m_source);
    layout->addWidget(dataBox);

    auto* methodBox = new QGroupBox(tr("Method"), panel);
    auto* methodLayout = new QVBoxLayout(methodBox);
    m_method = new QComboBox(methodBox);
    m_method->setObjectName(QStringLiteral("mapMethod"));
    m_method->addItem(tr("PCA"), static_cast<int>(MapMethod::Pca));
    m_method->addItem(tr("t-SNE"), static_cast<int>(MapMethod::Tsne));
    methodLayout->addWidget(m_method);
    m_tsneRows = new QWidget(methodBox);
    auto* form = new QFormLayout(m_tsneRows);
    form->setContentsMargins(0, 0, 0, 0);
    m_perplexity = new QDoubleSpinBox(m_tsneRows);
    m_perplexity->setRange(2.0, 200.0);
    m_perplexity->setValue(30.0);
    m_perplexity->setToolTip(tr("About how many neighbours each point keeps close (5 to 50 is "
                                "usual); lowered automatically for small tables."));
    m_iterations = new QSpinBox(m_tsneRows);
    m_iterations->setRange(250, 10'000);
    m_iterations->setSingleStep(250);
    m_iterations->setValue(1000);
    m_seed = new QSpinBox(m_tsneRows);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    form->addRow(tr("Perplexity"), m_perplexity);
    form->addRow(tr("Iterations"), m_iterations);
    form->addRow(tr("Seed"), m_seed);
    methodLayout->addWidget(m_tsneRows);
    m_run = new QPushButton(tr("Run"), methodBox);
    m_run->setObjectName(QStringLiteral("mapRun"));
    methodLayout->addWidget(m_run);
    layout->addWidget(methodBox);

    auto* colourBox = new QGroupBox(tr("Colour by"), panel);
    auto* colourLayout = new QVBoxLayout(colourBox);
    m_colour = new QComboBox(colourBox);
    m_colour->setObjectName(QStringLiteral("mapColour"));
    m_colour->setToolTip(tr("A clustering run of the same rows, or any column of the table. Click "
                            "a legend entry to hide or show that group."));
    colourLayout->addWidget(m_colour);
    layout->addWidget(colourBox);

    auto* storedBox = new QGroupBox(tr("Stored maps"), panel);
    auto* storedLayout = new QVBoxLayout(storedBox);
    m_stored = new QComboBox(storedBox);
    m_stored->setObjectName(QStringLiteral("mapStored"));
    m_stored->setToolTip(tr("Every map is kept in the workspace with its parameters and seed."));
    m_openStored = new QPushButton(tr("Open"), storedBox);
    storedLayout->addWidget(m_stored);
    storedLayout->addWidget(m_openStored);
    layout->addWidget(storedBox);
    layout->addStretch(1);

    connect(m_source, &MatrixSourcePicker::sourceChanged, this, &MapPage::updateActions);
    connect(m_source, &MatrixSourcePicker::columnsChanged, this, &MapPage::updateActions);
    connect(m_method, &QComboBox::currentIndexChanged, this, &MapPage::updateMethodRows);
    connect(m_run, &QPushButton::clicked, this, [this] { startRun(); });
    connect(m_colour, &QComboBox::activated, this, [this](int index) { applyColour(index); });
    connect(m_openStored, &QPushButton::clicked, this, [this] {
        if (m_stored->currentIndex() >= 0)
            openStored(m_stored->currentData().toLongLong());
    });
    updateMethodRows();
    return panel;
}

QWidget* MapPage::buildCentre() {
    auto* centre = new QWidget;
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(4, 8, 4, 4);
    m_scatter = new ScatterView(centre);
    m_scatter->setObjectName(QStringLiteral("mapScatter"));
    // Embedding axes share units: a circle in the data stays a circle on screen.
    m_scatter->setEqualAspect(true);
    auto* tools = new QHBoxLayout;
    auto* group = new QButtonGroup(centre);
    auto tool = [&](const QString& text, const QString& tip, ScatterView::SelectionMode mode) {
        auto* button = new QToolButton(centre);
        button->setText(text);
        button->setToolTip(tip);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        group->addButton(button);
        tools->addWidget(button);
        connect(button, &QToolButton::toggled, this, [this, mode](bool on) {
            if (on)
                m_scatter->setSelectionMode(mode);
        });
        return button;
    };
    m_panTool = tool(tr("Pan"), tr("Drag to move the view; the wheel zooms around the cursor."),
                     ScatterView::SelectionMode::Pan);
    m_rectTool = tool(tr("Rectangle"), tr("Drag a rectangle to select points (or Shift+drag)."),
                      ScatterView::SelectionMode::Rectangle);
    m_lassoTool = tool(tr("Lasso"), tr("Draw around points to select them (or Ctrl+drag)."),
                       ScatterView::SelectionMode::Lasso);
    m_panTool->setChecked(true);
    auto* reset = new QToolButton(centre);
    reset->setText(tr("Reset view"));
    reset->setToolTip(tr("Show every point again (or double-click the plot)."));
    tools->addWidget(reset);
    auto* clear = new QToolButton(centre);
    clear->setText(tr("Clear selection"));
    tools->addWidget(clear);
    tools->addStretch(1);
    layout->addLayout(tools);
    m_status = new QLabel(centre);
    m_status->setObjectName(QStringLiteral("mapStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addWidget(m_scatter, 1);
    auto* hint =
        new QLabel(tr("Wheel: zoom · drag: pan or select · double-click: reset · right-click: "
                      "export PNG/SVG · legend click: hide a group"),
                   centre);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    hint->setWordWrap(true);
    layout->addWidget(hint);
    connect(reset, &QToolButton::clicked, m_scatter, &ScatterView::resetView);
    connect(clear, &QToolButton::clicked, m_scatter, &ScatterView::clearSelection);
    return centre;
}

void MapPage::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    for (QPointer<Job>* job : {&m_runJob, &m_colourJob})
        if (*job)
            (*job)->cancel();
    m_workspace = std::move(workspace);
    m_result.reset();
    m_reader.reset();
    m_colours.reset();
    m_scatter->setPoints({}, {});
    m_scatter->setArrows({});
    m_scatter->setTitles({}, {}, {});
    m_pca->clear(tr("Run PCA to see how much each component explains and what it is made of."));
    m_selections->setWorkspace(m_workspace);
    m_colour->clear();
    m_source->setWorkspace(m_workspace);
    refreshStored();
    m_status->setText(m_workspace ? tr("Choose what to map and press Run.")
                                  : tr("Open a workspace to map its customers."));
    updateActions();
}

QComboBox* MapPage::sourceCombo() const noexcept {
    return m_source->sourceCombo();
}

QListWidget* MapPage::columnList() const noexcept {
    return m_source->columnList();
}

void MapPage::updateMethodRows() {
    m_tsneRows->setVisible(static_cast<MapMethod>(m_method->currentData().toInt()) ==
                           MapMethod::Tsne);
}

void MapPage::updateActions() {
    const QString why = m_source->problem();
    const bool running = m_runJob && m_runJob->isRunning();
    m_run->setEnabled(why.isEmpty() && !running);
    m_openStored->setEnabled(m_stored->count() > 0 && !running);
    m_run->setToolTip(!why.isEmpty() ? why
                      : running      ? tr("A map is being computed: cancel it in the status bar.")
                                     : tr("Compute the map and store it in the workspace."));
}

bool MapPage::isBusy() const {
    return (m_runJob && m_runJob->isRunning()) || (m_colourJob && m_colourJob->isRunning()) ||
           m_selections->isBusy();
}

void MapPage::announceBusy() {
    updateActions();
    if (isBusy() != m_busy) {
        m_busy = isBusy();
        emit busyChanged(m_busy);
    }
}

Job* MapPage::startRun(core::CancelToken token) {
    updateActions();
    if (!m_run->isEnabled())
        return nullptr;
    MapRequest request;
    request.source.workspacePath = m_workspace->path();
    request.source.featureSet = m_source->featureSet();
    request.source.table = m_source->table();
    request.source.columns = m_source->checkedColumns();
    request.source.standardise = m_source->standardise();
    request.method = static_cast<MapMethod>(m_method->currentData().toInt());
    request.perplexity = m_perplexity->value();
    request.iterations = m_iterations->value();
    request.seed = static_cast<std::uint64_t>(m_seed->value());

    // A fresh feed per run: snapshots of an earlier, cancelled run never arrive here.
    m_feed = std::make_shared<MapFeed>();
    std::shared_ptr<MapFeed> feed = m_feed;
    m_liveUpdates = 0;
    const bool tsne = request.method == MapMethod::Tsne;
    m_status->setText(tsne ? tr("t-SNE: finding neighbours…") : tr("PCA: computing…"));
    const QString label = tsne ? tr("t-SNE of %1").arg(sourceCombo()->currentText())
                               : tr("PCA of %1").arg(sourceCombo()->currentText());
    const std::string path = m_workspace->path();
    Job* job = runJob<MapResult>(
        this, label,
        [request, feed](core::Progress& progress, const core::CancelToken& cancel) {
            return runMap(request, feed, progress, cancel);
        },
        std::function<void(MapResult&)>([this, feed, path](MapResult& result) {
            if (feed != m_feed || !m_workspace || m_workspace->path() != path)
                return;
            showResult(result);
            refreshStored();
        }),
        std::move(token));
    connect(job, &Job::finished, this, [this, job, feed](Job::Outcome outcome) {
        job->deleteLater();
        if (feed == m_feed) {
            m_feedTimer.stop();
            if (outcome == Job::Outcome::Cancelled)
                m_status->setText(tr("Cancelled: nothing was stored."));
            else if (outcome == Job::Outcome::Failed)
                m_status->setText(tr("The map failed: %1").arg(toQString(job->error().message)));
        }
        if (m_runJob == job)
            m_runJob = nullptr;
        announceBusy();
    });
    if (tsne)
        m_feedTimer.start();
    m_runJob = job;
    announceBusy();
    emit jobStarted(job);
    return job;
}

void MapPage::refreshStored() {
    m_stored->clear();
    if (m_workspace)
        for (const core::Embedding& embedding : core::embeddings(*m_workspace))
            m_stored->addItem(
                tr("%1 (%2)").arg(toQString(embedding.name), toQString(embedding.createdAt)),
                static_cast<qlonglong>(embedding.id));
    updateActions();
}

Job* MapPage::openStored(std::int64_t id) {
    if (!m_workspace)
        return nullptr;
    if (m_runJob)
        m_runJob->cancel();
    // A fresh feed: snapshots of a run still winding down are ignored.
    m_feed = std::make_shared<MapFeed>();
    std::shared_ptr<MapFeed> feed = m_feed;
    m_feedTimer.stop();
    const std::string path = m_workspace->path();
    m_status->setText(tr("Opening the stored map…"));
    Job* job = runJob<MapResult>(
        this, tr("Open %1").arg(m_stored->currentText()),
        [path, id](core::Progress& progress, const core::CancelToken& cancel) {
            return loadMap(path, id, progress, cancel);
        },
        std::function<void(MapResult&)>([this, feed, path](MapResult& result) {
            if (feed != m_feed || !m_workspace || m_workspace->path() != path)
                return;
            m_liveUpdates = 0;
            showResult(result);
        }));
    connect(job, &Job::finished, this, [this, job, feed](Job::Outcome outcome) {
        job->deleteLater();
        if (feed == m_feed && outcome == Job::Outcome::Failed)
            m_status->setText(tr("Cannot open the map: %1").arg(toQString(job->error().message)));
        if (m_runJob == job)
            m_runJob = nullptr;
        announceBusy();
    });
    m_runJob = job;
    announceBusy();
    emit jobStarted(job);
    return job;
}

void MapPage::drainFeed() {
    std::optional<core::TsneSnapshot> snapshot;
    {
        const QMutexLocker lock(&m_feed->mutex);
        snapshot.swap(m_feed->latest);
    }
    if (!snapshot || snapshot->coordinates.cols() < 2)
        return;
    std::vector<double> x = column(snapshot->coordinates, 0), y = column(snapshot->coordinates, 1);
    if (m_liveUpdates == 0 || m_scatter->pointCount() != x.size()) {
        m_result.reset();
        const std::size_t n = x.size();
        m_scatter->setPoints(std::move(x), std::move(y));
        // The colours chosen for the previous map carry over when they fit the same rows, so
        // clusters can be watched forming.
        if (m_colours &&
            (m_colours->categorical ? m_colours->labels.size() : m_colours->values.size()) == n)
            setColours(*m_colours);
        m_scatter->setArrows({});
        m_scatter->setTitles(tr("t-SNE (optimising)"), tr("t-SNE 1"), tr("t-SNE 2"));
        m_pca->clear(tr("PCA views show after a PCA run."));
    } else {
        m_scatter->updatePoints(std::move(x), std::move(y));
    }
    ++m_liveUpdates;
    m_status->setText(tr("t-SNE iteration %1 of %2%3, KL divergence %4")
                          .arg(snapshot->iteration)
                          .arg(snapshot->iterations)
                          .arg(snapshot->exaggerating ? tr(" (early exaggeration)") : QString())
                          .arg(snapshot->klDivergence, 0, 'f', 3));
}

void MapPage::showResult(MapResult& result) {
    drainFeed();
    m_result = std::move(result);
    const MapResult& map = *m_result;
    m_reader.reset();
    m_readerColumns.clear();
    if (auto reader = core::TableReader::open(*m_workspace, map.table); reader.ok()) {
        m_reader = std::make_unique<core::TableReader>(std::move(reader.value()));
        m_readerColumns = m_reader->columnNames();
    }
    const auto rows = static_cast<std::int64_t>(map.coordinates.rows());
    QJsonObject source;
    source.insert(QStringLiteral("embedding"), static_cast<qint64>(map.embeddingId));
    source.insert(QStringLiteral("map"), map.name);
    m_selections->setMap(map.table,
                         QJsonDocument(source).toJson(QJsonDocument::Compact).toStdString());
    if (map.method == MapMethod::Pca) {
        m_pca->setResult(map.columnNames, map.explainedVarianceRatio, map.loadings);
        m_scatter->setPoints({}, {});
        plotComponents();
        m_tabs->setCurrentWidget(m_pca);
        m_status->setText(tr("%1: %2 points in %3 s.")
                              .arg(map.name, formatCount(rows))
                              .arg(map.seconds, 0, 'f', 2));
    } else {
        m_pca->clear(tr("PCA views show after a PCA run."));
        m_tabs->setCurrentWidget(m_selections);
        m_scatter->updatePoints(column(map.coordinates, 0), column(map.coordinates, 1));
        m_scatter->setArrows({});
        m_scatter->setTitles(map.name, tr("t-SNE 1"), tr("t-SNE 2"));
        m_status->setText(tr("%1: %2 points, %3 iterations in %4 s; KL divergence %5, "
                             "trustworthiness (10 neighbours) %6.")
                              .arg(map.name, formatCount(rows))
                              .arg(map.iterations)
                              .arg(map.seconds, 0, 'f', 1)
                              .arg(map.klDivergence, 0, 'f', 3)
                              .arg(map.trustworthiness, 0, 'f', 3));
    }
    // The colouring chosen before is kept when it still applies; otherwise the newest
    // clustering run of the same rows colours the map.
    const QString previous = !m_pendingColour.isEmpty() ? std::exchange(m_pendingColour, QString())
                                                        : m_colour->currentData().toString();
    fillColourChoices();
    int choice = previous.isEmpty() ? -1 : m_colour->findData(previous);
    if (choice < 0)
        choice = m_colour->count() > 1 && m_colour->itemData(1).toString().startsWith(kRunPrefix)
                     ? 1
                     : 0;
    m_colour->setCurrentIndex(choice);
    applyColour(choice);
}

void MapPage::plotComponents() {
    if (!m_result || m_result->method != MapMethod::Pca)
        return;
    const core::RowMatrix& scores = m_result->coordinates;
    const int x = std::min<int>(m_pca->xComponent(), static_cast<int>(scores.cols()) - 1);
    const int y = std::min<int>(m_pca->yComponent(), static_cast<int>(scores.cols()) - 1);
    if (x < 0 || y < 0)
        return;
    if (m_scatter->pointCount() != static_cast<std::size_t>(scores.rows())) {
        m_scatter->setPoints(column(scores, x), column(scores, y));
        if (m_colours)
            setColours(*m_colours);
    } else {
        m_scatter->updatePoints(column(scores, x), column(scores, y));
        m_scatter->resetView();
    }
    const auto percent = [this](int c) {
        return c < static_cast<int>(m_result->explainedVarianceRatio.size())
                   ? m_result->explainedVarianceRatio[static_cast<std::size_t>(c)] * 100.0
                   : 0.0;
    };
    m_scatter->setTitles(m_result->name,
                         tr("PC%1 (%2 % of variance)").arg(x + 1).arg(percent(x), 0, 'f', 1),
                         tr("PC%1 (%2 %)").arg(y + 1).arg(percent(y), 0, 'f', 1));
    m_scatter->setArrows(m_pca->arrows(scores));
}

void MapPage::fillColourChoices() {
    m_colour->clear();
    m_colour->addItem(tr("Nothing (one colour)"), QStringLiteral("none"));
    if (!m_workspace || !m_result)
        return;
    const auto rows = static_cast<std::int64_t>(m_result->coordinates.rows());
    for (const core::ClusteringRun& run : core::clusteringRuns(*m_workspace))
        if (run.rows == rows)
            m_colour->addItem(tr("Run: %1").arg(toQString(run.name)),
                              kRunPrefix + QString::number(run.id));
    for (const std::string& name : m_readerColumns)
        m_colour->addItem(tr("Column: %1").arg(toQString(name)), kColumnPrefix + toQString(name));
}

Job* MapPage::applyColour(int index) {
    if (!m_result || index < 0)
        return nullptr;
    if (m_colourJob)
        m_colourJob->cancel();
    const std::uint64_t generation = ++m_colourGeneration;
    const QString data = m_colour->itemData(index).toString();
    if (data == QLatin1String("none") || data.isEmpty()) {
        m_colours.reset();
        m_scatter->setUniformColour();
        return nullptr;
    }
    const std::string path = m_workspace->path();
    const auto rows = static_cast<std::int64_t>(m_result->coordinates.rows());
    const std::string table = m_result->table;
    Job* job = runJob<MapColours>(
        this, tr("Colours: %1").arg(m_colour->itemText(index)),
        [data, path, rows, table](core::Progress& progress,
                                  const core::CancelToken& cancel) -> core::Result<MapColours> {
            if (data.startsWith(kRunPrefix))
                return loadRunColours(path, data.mid(kRunPrefix.size()).toLongLong(), rows);
            return loadColumnColours(path, table, toStdString(data.mid(kColumnPrefix.size())),
                                     progress, cancel);
        },
        std::function<void(MapColours&)>([this, generation, rows](MapColours& colours) {
            if (generation != m_colourGeneration || !m_result ||
                static_cast<std::int64_t>(m_result->coordinates.rows()) != rows)
                return;
            m_colours = std::move(colours);
            setColours(*m_colours);
        }));
    connect(job, &Job::finished, this, [this, job, generation](Job::Outcome outcome) {
        job->deleteLater();
        if (generation == m_colourGeneration && outcome == Job::Outcome::Failed)
            m_status->setText(tr("Cannot colour by this: %1").arg(toQString(job->error().message)));
        if (m_colourJob == job)
            m_colourJob = nullptr;
        announceBusy();
    });
    m_colourJob = job;
    announceBusy();
    emit jobStarted(job);
    return job;
}

void MapPage::setColours(const MapColours& colours) {
    if (colours.categorical)
        m_scatter->setCategories(colours.labels, colours.names, colours.title);
    else
        m_scatter->setContinuous(colours.values, colours.title);
}

QString MapPage::tooltipFor(std::size_t i) const {
    if (!m_result)
        return {};
    QStringList lines;
    const QString key = i < m_result->keys.size() ? toQString(m_result->keys[i]) : QString();
    lines << (key.isEmpty() ? tr("<b>Row %1</b>").arg(i + 1)
                            : tr("<b>%1</b> (row %2)").arg(displayedValue({}, key).toHtmlEscaped()).arg(i + 1));
    if (m_colours) {
        if (m_colours->categorical && i < m_colours->labels.size()) {
            const int label = m_colours->labels[i];
            lines << QStringLiteral("%1: %2").arg(m_colours->title.toHtmlEscaped(),
                                                  label >= 0 && label < m_colours->names.size()
                                                      ? m_colours->names[label].toHtmlEscaped()
                                                      : tr("noise"));
        } else if (!m_colours->categorical && i < m_colours->values.size()) {
            lines << QStringLiteral("%1: %2")
                         .arg(m_colours->title.toHtmlEscaped())
                         .arg(m_colours->values[i], 0, 'g', 6);
        }
    }
    if (m_reader) {
        // One row by position: a single indexed read, well under a millisecond.
        auto row = m_reader->fetch(static_cast<std::int64_t>(i), 1);
        if (row.ok() && !row.value().empty()) {
            int shown = 0;
            for (const std::string& field : m_result->fieldColumns) {
                const auto at = std::find(m_readerColumns.begin(), m_readerColumns.end(), field);
                if (at == m_readerColumns.end() || shown == kTooltipFields)
                    continue;
                const core::Cell& cell =
                    row.value().front()[static_cast<std::size_t>(at - m_readerColumns.begin())];
                lines << QStringLiteral("%1: %2").arg(toQString(field).toHtmlEscaped(),
                                                      cell ? displayedValue(field, toQString(*cell)).toHtmlEscaped()
                                                           : tr("(missing)"));
                ++shown;
            }
        }
    }
    return lines.join(QStringLiteral("<br>"));
}

void MapPage::selectDefaultContent(const QString& item) {
    if (sourceCombo()->currentIndex() < 0 && sourceCombo()->count() > 0)
        sourceCombo()->setCurrentIndex(0);
    // "tsne,colour=segment": comma-separated words; colour=NAME colours by that column.
    bool tsne = false, selection = false;
    for (const QString& word : item.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (word.startsWith(QLatin1String("colour=")))
            m_pendingColour = kColumnPrefix + word.mid(7);
        tsne = tsne || word.trimmed().toLower() == QLatin1String("tsne");
        selection = selection || word.trimmed().toLower() == QLatin1String("selection");
    }
    m_method->setCurrentIndex(
        m_method->findData(static_cast<int>(tsne ? MapMethod::Tsne : MapMethod::Pca)));
    if (selection) {
        // Once the map and its colours are in, select the first cluster to show the list.
        auto selectFirstCluster = std::make_shared<QMetaObject::Connection>();
        *selectFirstCluster =
            connect(this, &WorkflowPage::busyChanged, this, [this, selectFirstCluster](bool busy) {
                if (busy || !m_colours || !m_colours->categorical)
                    return;
                disconnect(*selectFirstCluster);
                std::vector<std::size_t> members;
                for (std::size_t i = 0; i < m_colours->labels.size(); ++i)
                    if (m_colours->labels[i] == 0)
                        members.push_back(i);
                m_scatter->setSelection(std::move(members));
                m_selections->showMembers(tr("Selected on the map"),
                                          m_selections->currentSelection());
            });
    }
    if (!m_result && !(m_runJob && m_runJob->isRunning()))
        startRun();
}

} // namespace microseg::ui
