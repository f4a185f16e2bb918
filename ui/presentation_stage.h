#pragma once
// The stage of presentation mode: one saved view drawn large, with its name and its place in
// the list ("3 / 7") above it and the keys to step below it. It is a page of the main window
// (named "Views", reached from the Saved views dock or with the arrow keys in presentation mode)
// but has no sidebar entry: it shows what the dock activates.

#include "microseg/saved_view_store.h"
#include "workflow_page.h"

#include <QPointer>

class QLabel;
class QVBoxLayout;

namespace microseg::ui {

class SavedViewsDock;

class PresentationStage : public WorkflowPage {
    Q_OBJECT
  public:
    explicit PresentationStage(SavedViewsDock* dock, QWidget* parent = nullptr);

    QString title() const override { return tr("Views"); }
    QIcon icon() const override { return {}; }
    void setWorkspace(std::shared_ptr<core::Workspace> workspace) override;
    /// Shows the view named `item` (or numbered, 1-based), else the one selected in the list,
    /// else the first.
    void selectDefaultContent(const QString& item = {}) override;

    /// Draws `view` again from its settings.
    void showView(const core::SavedView& view, int index, int total);
    /// The chart of the shown view (null when none, or when it could not be drawn).
    [[nodiscard]] QWidget* chart() const { return m_chart; }
    [[nodiscard]] QString shownName() const;
    [[nodiscard]] int shownIndex() const noexcept { return m_index; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void showEmpty();
    void updateTitleFont();

    SavedViewsDock* m_dock;
    QLabel* m_title;
    QLabel* m_counter;
    QLabel* m_message;
    QLabel* m_hint;
    QVBoxLayout* m_chartLayout;
    QPointer<QWidget> m_chart;
    int m_index = -1;
};

} // namespace microseg::ui
