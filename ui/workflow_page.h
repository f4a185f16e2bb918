#pragma once
// A step of the workflow shown in the main window's sidebar (Data, Clean, Features, Cluster,
// Map). MainWindow hosts pages and hands them the open workspace; pages do the work.

#include <QIcon>
#include <QString>
#include <QWidget>
#include <memory>

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {

class Job;

/// The sidebar icon `:/microseg/icons/NAME.svg`, with its light NAME-selected.svg variant for the
/// selected item, where the blue one would vanish.
inline QIcon sidebarIcon(const QString& name) {
    QIcon icon(QStringLiteral(":/microseg/icons/%1.svg").arg(name));
    icon.addFile(QStringLiteral(":/microseg/icons/%1-selected.svg").arg(name), QSize(),
                 QIcon::Selected);
    return icon;
}

class WorkflowPage : public QWidget {
    Q_OBJECT
  public:
    using QWidget::QWidget;

    /// Name in the sidebar, also accepted by `microseg --page` (case-insensitive).
    [[nodiscard]] virtual QString title() const = 0;
    [[nodiscard]] virtual QIcon icon() const = 0;

    /// The workspace to show, or null when none is open. Owned by the main window and shared
    /// with the page; used on the GUI thread only (a worker opens its own connection by path).
    virtual void setWorkspace(std::shared_ptr<core::Workspace> workspace) = 0;

    /// Selects the page's first item (the first dataset, ...) if nothing is selected: what a
    /// screenshot shows. `item`, when given, names something on the page to select as well
    /// (on the Data page, a column of the shown table, whose profile then shows).
    virtual void selectDefaultContent(const QString& item = {}) { Q_UNUSED(item) }

    /// True while background work that changes what the page shows is running.
    [[nodiscard]] virtual bool isBusy() const { return false; }

  signals:
    void busyChanged(bool busy);
    /// A job the main window should list in its status bar.
    void jobStarted(microseg::ui::Job* job);
};

} // namespace microseg::ui
