#pragma once
// The "Saved views" dock: the open workspace's saved views (core saved_view_store) in
// presentation order, with rename, move up/down and delete. It stores the views charts ask to
// save (SavedViewRequests), and steps through them: activating a view hands it to the
// presentation stage, which draws it again from its settings.

#include "microseg/saved_view_store.h"

#include <QDockWidget>
#include <QJsonObject>
#include <memory>
#include <vector>

class QListWidget;
class QToolButton;

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {

class SavedViewsDock : public QDockWidget {
    Q_OBJECT
  public:
    explicit SavedViewsDock(QWidget* parent = nullptr);

    void setWorkspace(std::shared_ptr<core::Workspace> workspace);
    /// Stores a view (one transaction); returns false with a status message when no workspace is
    /// open or the store refuses it.
    bool saveView(const QString& kind, const QString& name, const QJsonObject& settings);
    /// Re-reads the list from the workspace, keeping the selection where it can.
    void reload();

    [[nodiscard]] int count() const noexcept { return static_cast<int>(m_views.size()); }
    [[nodiscard]] const std::vector<core::SavedView>& views() const noexcept { return m_views; }
    /// Index of the selected view, -1 for none.
    [[nodiscard]] int currentIndex() const;
    /// Selects view `index` and emits viewActivated(); false when out of range.
    bool activate(int index);
    /// Activates the next (+1) or previous (-1) view; stays at the ends. False with no views.
    bool step(int delta);

    bool renameView(int index, const QString& name);
    bool moveView(int index, int delta);
    bool deleteView(int index);

    [[nodiscard]] QListWidget* list() const noexcept { return m_list; }

  signals:
    /// Show this view (`index` of `total`).
    void viewActivated(const microseg::core::SavedView& view, int index, int total);
    /// The list changed (saved, renamed, moved, deleted or another workspace).
    void viewsChanged();
    void statusMessage(const QString& text, int timeoutMs);

  private:
    void updateButtons();
    void renameCurrent();
    bool report(const core::Status& status, const QString& action);

    std::shared_ptr<core::Workspace> m_workspace;
    std::vector<core::SavedView> m_views;
    QListWidget* m_list;
    QToolButton* m_show;
    QToolButton* m_rename;
    QToolButton* m_up;
    QToolButton* m_down;
    QToolButton* m_delete;
};

} // namespace microseg::ui
