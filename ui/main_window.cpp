#include "main_window.h"

#include "cluster_page.h"
#include "features_page.h"
#include "map_page.h"
#include "map_selection_panel.h"
#include "data_page.h"
#include "error_dialog.h"
#include "job.h"
#include "jobs_widget.h"
#include "microseg/demo_workspace.h"
#include "microseg/version.h"
#include "microseg/workspace.h"
#include "presentation_mode.h"
#include "presentation_stage.h"
#include "saved_views_dock.h"
#include "recent_files.h"
#include "text_format.h"

#include <algorithm>

#include <QFontMetrics>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

namespace microseg::ui {
namespace {

constexpr int kSidebarWidth = 132;

bool isImportableFile(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("csv") || suffix == QLatin1String("tsv") ||
           suffix == QLatin1String("txt");
}

QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile() && isImportableFile(url.toLocalFile()))
            return url.toLocalFile();
    }
    return {};
}

QString withWorkspaceExtension(QString path) {
    if (!path.endsWith(QLatin1String(core::kWorkspaceExtension), Qt::CaseInsensitive))
        path += QLatin1String(core::kWorkspaceExtension);
    return path;
}

QString workspaceFilter() {
    return QObject::tr("Microseg workspaces (*%1);;All files (*)")
        .arg(QLatin1String(core::kWorkspaceExtension));
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowIcon(QIcon(QStringLiteral(":/microseg/icons/microseg.svg")));
    setAcceptDrops(true);
    setMinimumSize(900, 560);

    m_sidebar = new QListWidget(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setFixedWidth(kSidebarWidth);
    m_sidebar->setIconSize(QSize(22, 22));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setFocusPolicy(Qt::NoFocus);
    const QColor base = palette().color(QPalette::Window).darker(108);
    m_sidebar->setStyleSheet(
        QStringLiteral("QListWidget#sidebar { background: %1; padding-top: 8px; }"
                       "QListWidget#sidebar::item { padding: 8px 6px; margin: 1px 6px;"
                       " border-radius: 5px; }"
                       "QListWidget#sidebar::item:selected { background: palette(highlight);"
                       " color: palette(highlighted-text); }")
            .arg(base.name()));
    m_stack = new QStackedWidget(this);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    // Right side: running jobs, then the open workspace; outcome messages appear on the left.
    m_jobs = new JobsWidget(this);
    statusBar()->addPermanentWidget(m_jobs);
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setForegroundRole(QPalette::PlaceholderText);
    statusBar()->addPermanentWidget(m_workspaceLabel);
    connect(m_jobs, &JobsWidget::statusMessage, statusBar(), &QStatusBar::showMessage);

    createActions();
    m_dataPage = new DataPage(this);
    m_dataPage->setImportAction(m_importAction);
    addPage(m_dataPage);
    addPage(new FeaturesPage(this));
    addPage(new ClusterPage(this));
    auto* mapPage = new MapPage(this);
    addPage(mapPage);
    // A selection drawn on the map opens as selected rows of the Data page's grid.
    connect(mapPage, &MapPage::showRowsInDataPage, this,
            [this](const QString& table, const std::vector<std::int64_t>& rows) {
                selectPage(m_dataPage->title());
                if (m_dataPage->selectTable(table.toStdString()))
                    selectGridRows(m_dataPage->tableView(), rows);
            });
    createPresentation();
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    m_sidebar->setCurrentRow(0);

    setWorkspace(nullptr);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspace);
    newAction->setShortcut(QKeySequence::New);
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::openWorkspaceDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    m_saveAsAction = file->addAction(tr("Save &As…"), this, &MainWindow::saveWorkspaceAs);
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_closeAction = file->addAction(tr("&Close Workspace"), this, &MainWindow::closeWorkspace);
    m_closeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    file->addSeparator();
    m_importAction = file->addAction(QIcon(QStringLiteral(":/microseg/icons/import.svg")),
                                     tr("&Import CSV…"), this, &MainWindow::importCsv);
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importAction->setToolTip(tr("Import a CSV file as a new dataset (Ctrl+I)"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Microseg"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::createPresentation() {
    m_savedViews = new SavedViewsDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_savedViews);
    m_savedViews->hide(); // shown from the View menu or when a view is saved
    connect(m_savedViews, &SavedViewsDock::statusMessage, statusBar(), &QStatusBar::showMessage);
    m_stage = new PresentationStage(m_savedViews, this);
    m_stack->addWidget(m_stage); // a page without a sidebar entry
    connect(m_savedViews, &SavedViewsDock::viewActivated, this,
            [this](const core::SavedView& view, int index, int total) {
                m_stage->showView(view, index, total);
                showPresentationStage();
            });
    m_presentation = new PresentationMode(this);
    connect(m_presentation, &PresentationMode::stepRequested, this, [this](int delta) {
        if (m_stack->currentWidget() == m_stage)
            m_savedViews->step(delta);
        else
            m_stage->selectDefaultContent();
    });
    connect(m_presentation, &PresentationMode::activeChanged, this, [this](bool active) {
        // A style sheet keeps the font it was polished with: hand the sidebar the new one.
        m_sidebar->setFont(QApplication::font());
        fitSidebarToFont();
        // The stage gets the whole screen while presenting; the list comes back afterwards.
        if (active) {
            m_dockWasVisible = m_savedViews->isVisible();
            m_savedViews->hide();
            if (m_stack->currentWidget() != m_stage)
                m_savedViews->activate(0); // a workshop starts at its first view
        } else if (m_dockWasVisible) {
            m_savedViews->show();
        }
    });

    QMenu* view = new QMenu(tr("&View"), this);
    view->addAction(m_presentation->toggleAction());
    view->addAction(m_presentation->maskAction());
    view->addSeparator();
    QAction* dock = m_savedViews->toggleViewAction();
    dock->setText(tr("&Saved Views"));
    view->addAction(dock);
    menuBar()->insertMenu(menuBar()->actions().constLast(), view); // before Help
}

void MainWindow::showPresentationStage() {
    {
        const QSignalBlocker blocker(m_sidebar);
        m_sidebar->setCurrentRow(-1);
    }
    m_stack->setCurrentWidget(m_stage);
}

void MainWindow::addPage(WorkflowPage* page) {
    m_pages.push_back(page);
    m_stack->addWidget(page);
    new QListWidgetItem(page->icon(), page->title(), m_sidebar);
    fitSidebarToFont();
    connect(page, &WorkflowPage::jobStarted, m_jobs, &JobsWidget::addJob);
}

// The sidebar is as wide as its longest title needs (never narrower than the default), so the
// presentation font does not cut "Features" down to "Featu...".
void MainWindow::fitSidebarToFont() {
    const QFontMetrics metrics(m_sidebar->font());
    int textWidth = 0;
    for (int row = 0; row < m_sidebar->count(); ++row)
        textWidth = std::max(textWidth, metrics.horizontalAdvance(m_sidebar->item(row)->text()));
    // icon + gap + text + the item's padding and margins in the style sheet + the list's frame
    const int width = std::max(kSidebarWidth, m_sidebar->iconSize().width() + 8 + textWidth + 40);
    const int height = std::max(40, metrics.height() + 22);
    m_sidebar->setFixedWidth(width);
    for (int row = 0; row < m_sidebar->count(); ++row)
        m_sidebar->item(row)->setSizeHint(QSize(width - 12, height));
}

void MainWindow::setInteractive(bool interactive) {
    m_interactive = interactive;
}

void MainWindow::restoreSettings() {
    if (!m_interactive)
        return;
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

WorkflowPage* MainWindow::currentPage() const {
    return qobject_cast<WorkflowPage*>(m_stack->currentWidget());
}

bool MainWindow::selectPage(const QString& name) {
    if (name.compare(m_stage->title(), Qt::CaseInsensitive) == 0) {
        showPresentationStage();
        return true;
    }
    for (std::size_t i = 0; i < m_pages.size(); ++i) {
        if (m_pages[i]->title().compare(name, Qt::CaseInsensitive) == 0) {
            m_sidebar->setCurrentRow(static_cast<int>(i));
            return true;
        }
    }
    return false;
}

core::Status MainWindow::openWorkspace(const QString& path) {
    auto opened = core::Workspace::open(toStdString(path));
    if (!opened.ok())
        return opened.error();
    setWorkspace(std::shared_ptr<core::Workspace>(std::move(opened).value()));
    if (m_interactive)
        RecentFiles().add(path);
    return core::success();
}

core::Status MainWindow::createWorkspace(const QString& path) {
    auto created = core::Workspace::create(toStdString(path));
    if (!created.ok())
        return created.error();
    setWorkspace(std::shared_ptr<core::Workspace>(std::move(created).value()));
    if (m_interactive)
        RecentFiles().add(path);
    return core::success();
}

void MainWindow::closeWorkspace() {
    setWorkspace(nullptr);
}

void MainWindow::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    // Pages drop their models (and cancel their jobs) before the old connection closes.
    for (WorkflowPage* page : m_pages)
        page->setWorkspace(workspace);
    m_stage->setWorkspace(workspace);
    m_savedViews->setWorkspace(workspace);
    m_workspace = std::move(workspace);
    updateTitle();
    updateActions();
    emit workspaceChanged();
}

void MainWindow::updateTitle() {
    if (!m_workspace) {
        setWindowTitle(tr("Microseg"));
        setWindowFilePath(QString());
        m_workspaceLabel->setText(tr("No workspace open"));
        return;
    }
    const QString path = toQString(m_workspace->path());
    m_workspaceLabel->setText(tr("Workspace: %1").arg(QDir::toNativeSeparators(path)));
    setWindowFilePath(path);
    setWindowTitle(tr("%1 — Microseg").arg(QFileInfo(path).fileName()));
}

void MainWindow::updateActions() {
    // No action that would do nothing: these need an open workspace.
    const bool open = m_workspace != nullptr;
    m_saveAsAction->setEnabled(open);
    m_closeAction->setEnabled(open);
    m_importAction->setEnabled(open);
}

void MainWindow::openWithFeedback(const QString& path) {
    if (auto status = openWorkspace(path); !status.ok()) {
        RecentFiles().remove(path);
        showErrorDialog(this, tr("Could not open the workspace"), status.error());
    }
}

bool MainWindow::newWorkspace() {
    QString path =
        QFileDialog::getSaveFileName(this, tr("New Workspace"), QString(), workspaceFilter(),
                                     nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return false;
    path = withWorkspaceExtension(path);
    // An existing file is never replaced by an empty workspace; core refuses with AlreadyExists.
    if (auto status = createWorkspace(path); !status.ok()) {
        showErrorDialog(this, tr("Could not create the workspace"), status.error());
        return false;
    }
    return true;
}

void MainWindow::openWorkspaceDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Workspace"), QString(), workspaceFilter());
    if (!path.isEmpty())
        openWithFeedback(path);
}

void MainWindow::saveWorkspaceAs() {
    if (!m_workspace)
        return;
    QString target =
        QFileDialog::getSaveFileName(this, tr("Save Workspace As"), QString(), workspaceFilter());
    if (target.isEmpty())
        return;
    saveCopyAs(withWorkspaceExtension(target));
}

Job* MainWindow::saveCopyAs(const QString& target) {
    if (!m_workspace)
        return nullptr;
    const std::string source = m_workspace->path();
    if (QFileInfo(target).absoluteFilePath() == QFileInfo(toQString(source)).absoluteFilePath())
        return nullptr; // onto itself: every change is already on disk
    const std::string targetPath = toStdString(target);
    Job* job = runJob<core::Done>(
        this, tr("Save as %1").arg(QFileInfo(target).fileName()),
        [source, targetPath](core::Progress& progress, const core::CancelToken& cancel) -> core::Status {
            // The copy runs on this worker's own connection; the GUI keeps using its own.
            auto workspace = core::Workspace::open(source);
            if (!workspace.ok())
                return workspace.error();
            return workspace.value()->saveAs(targetPath, progress, cancel);
        },
        std::function<void(core::Done&)>(
            [this, target](core::Done&) { openWithFeedback(target); }));
    connect(job, &Job::finished, job, &QObject::deleteLater);
    m_jobs->addJob(job);
    return job;
}

void MainWindow::importCsv() {
    if (!m_workspace)
        return;
    selectPage(m_dataPage->title());
    m_dataPage->showImportDialog();
}

void MainWindow::openDemoWorkspace() {
    const QString path = toQString(core::defaultDemoWorkspacePath());
    auto finishOpen = [this](const QString& demoPath) {
        if (auto status = openWorkspace(demoPath); !status.ok()) {
            if (m_interactive)
                showErrorDialog(this, tr("Could not open the demo workspace"), status.error());
            emit workspaceFailed(errorText(status.error()));
        }
    };
    if (QFileInfo::exists(path)) {
        finishOpen(path);
        return;
    }
    const std::string workspacePath = toStdString(path);
    const std::string csvPath = core::findDemoDataset();
    Job* job = runJob<std::string>(
        this, tr("Building the demo workspace"),
        [workspacePath, csvPath](core::Progress& progress, const core::CancelToken& cancel) {
            return core::ensureDemoWorkspace(workspacePath, csvPath, progress, cancel);
        },
        std::function<void(std::string&)>(
            [finishOpen](std::string& built) { finishOpen(toQString(built)); }));
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        if (outcome == Job::Outcome::Failed)
            emit workspaceFailed(errorText(job->error()));
        else if (outcome == Job::Outcome::Cancelled)
            emit workspaceFailed(tr("Building the demo workspace was cancelled."));
    });
    m_jobs->addJob(job);
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = RecentFiles().files();
    for (const QString& path : files) {
        QAction* action = m_recentMenu->addAction(QFileInfo(path).fileName(), this,
                                                  [this, path] { openWithFeedback(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear List"), this, [] { RecentFiles().clear(); });
}

void MainWindow::showAbout() {
    const QString credits = toQString(core::dataCredits()).toHtmlEscaped().replace('\n', "<br>");
    QMessageBox::about(this, tr("About Microseg"),
                       tr("<h3>Microseg %1</h3>"
                          "<p>A desktop workbench for micro-targeted customer segmentation.</p>"
                          "<table>"
                          "<tr><td>Qt</td><td>&nbsp;%2</td></tr>"
                          "<tr><td>SQLite</td><td>&nbsp;%3</td></tr>"
                          "<tr><td>Eigen</td><td>&nbsp;%4</td></tr>"
                          "<tr><td>Boost</td><td>&nbsp;%5</td></tr>"
                          "</table>"
                          "<p><b>Bundled data</b><br>%6</p>")
                           .arg(toQString(core::microsegVersion()),
                                toQString(core::qtCoreVersion()), toQString(core::sqliteVersion()),
                                toQString(core::eigenVersion()), toQString(core::boostVersion()),
                                credits));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_jobs->runningCount() > 0 && m_interactive) {
        const auto answer = QMessageBox::question(
            this, tr("Quit Microseg"),
            tr("%n job(s) still running. Cancel them and quit? Nothing they were doing is kept.",
               nullptr, m_jobs->runningCount()));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    m_jobs->cancelAll();
    if (m_interactive) {
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("window/state"), saveState());
    }
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    // Leave the drop handler first: the drag source is still waiting for it to return.
    QTimer::singleShot(0, this, [this, path] { importDroppedFile(path); });
}

void MainWindow::importDroppedFile(const QString& path) {
    if (!m_workspace) {
        const auto answer = QMessageBox::question(
            this, tr("Import %1").arg(QFileInfo(path).fileName()),
            tr("No workspace is open. Create a new workspace to import this file into?"),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
        if (answer != QMessageBox::Yes || !newWorkspace())
            return;
    }
    selectPage(m_dataPage->title());
    m_dataPage->showImportDialog(path);
}

} // namespace microseg::ui
