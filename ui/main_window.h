#pragma once
// The main window: a sidebar of workflow pages (Data now; Clean, Features, Cluster and Map come
// later) in a stacked widget, the File and Help menus, and the status bar's list of running jobs.
// It owns the open workspace and hands it to the pages; the pages do the work.

#include "microseg/error.h"

#include <QMainWindow>
#include <memory>
#include <vector>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {

class DataPage;
class PresentationMode;
class PresentationStage;
class SavedViewsDock;
class Job;
class JobsWidget;
class WorkflowPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// When false (screenshots, tests) nothing is read from or written to QSettings (no window
    /// geometry, no recent files), quitting asks nothing, and a workspace that fails to open is
    /// reported through workspaceFailed() only. Call before show().
    void setInteractive(bool interactive);
    /// Restores the window geometry and state saved at the last close.
    void restoreSettings();

    /// Opens a workspace file (fast: reads metadata only) and shows it in every page.
    core::Status openWorkspace(const QString& path);
    /// Creates an empty workspace at `path` and opens it.
    core::Status createWorkspace(const QString& path);
    void closeWorkspace();
    /// Opens the demo workspace, building it first in a background job if it does not exist.
    /// Emits workspaceChanged() or workspaceFailed() when done.
    void openDemoWorkspace();

    [[nodiscard]] std::shared_ptr<core::Workspace> workspace() const { return m_workspace; }
    [[nodiscard]] const std::vector<WorkflowPage*>& pages() const noexcept { return m_pages; }
    [[nodiscard]] WorkflowPage* currentPage() const;
    /// Shows the page titled `name` (case-insensitive); false if there is none.
    bool selectPage(const QString& name);
    [[nodiscard]] DataPage* dataPage() const noexcept { return m_dataPage; }
    [[nodiscard]] JobsWidget* jobsWidget() const noexcept { return m_jobs; }
    [[nodiscard]] QAction* importAction() const noexcept { return m_importAction; }
    [[nodiscard]] PresentationMode* presentationMode() const noexcept { return m_presentation; }
    [[nodiscard]] SavedViewsDock* savedViewsDock() const noexcept { return m_savedViews; }
    [[nodiscard]] PresentationStage* presentationStage() const noexcept { return m_stage; }
    /// Shows the saved view the dock last activated (the "Views" stage).
    void showPresentationStage();

    /// Copies the open workspace to `target` in a background job (on its own connection), then
    /// opens the copy. Returns the job, or null when no workspace is open or `target` is the
    /// open file itself.
    Job* saveCopyAs(const QString& target);

  public slots:
    bool newWorkspace();
    void openWorkspaceDialog();
    void saveWorkspaceAs();
    void importCsv();
    void showAbout();

  signals:
    /// A workspace was opened or closed.
    void workspaceChanged();
    /// Opening (or building the demo) failed; `reason` is one line for people.
    void workspaceFailed(const QString& reason);

  protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void createActions();
    void createPresentation();
    void addPage(WorkflowPage* page);
    void fitSidebarToFont();
    void setWorkspace(std::shared_ptr<core::Workspace> workspace);
    void openWithFeedback(const QString& path);
    void importDroppedFile(const QString& path);
    void rebuildRecentMenu();
    void updateActions();
    void updateTitle();

    std::shared_ptr<core::Workspace> m_workspace;
    bool m_interactive = true;
    QListWidget* m_sidebar;
    QStackedWidget* m_stack;
    std::vector<WorkflowPage*> m_pages;
    DataPage* m_dataPage;
    JobsWidget* m_jobs;
    QLabel* m_workspaceLabel;
    QMenu* m_recentMenu = nullptr;
    QAction* m_saveAsAction = nullptr;
    QAction* m_closeAction = nullptr;
    QAction* m_importAction = nullptr;
    SavedViewsDock* m_savedViews = nullptr;
    PresentationStage* m_stage = nullptr;
    PresentationMode* m_presentation = nullptr;
    bool m_dockWasVisible = false;
};

} // namespace microseg::ui
