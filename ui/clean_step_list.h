#pragma once
// The recipe's steps as a list: an enabled checkbox per step, what it touches and what it did
// (counts from the last check, or the reason it was skipped, in red), with Add, Up, Down and
// Delete, and drag and drop to reorder. The list only shows and asks: the page edits the recipe
// (through its undo stack) and hands the new value back with setRecipe().

#include "microseg/clean/recipe.h"
#include "microseg/clean/recipe_engine.h"

#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QPushButton;
class QToolButton;

namespace microseg::ui {

class CleanStepList : public QWidget {
    Q_OBJECT
  public:
    explicit CleanStepList(QWidget* parent = nullptr);

    /// Shows `recipe`; `report` (when its steps match) adds each step's counts or skip reason.
    void setRecipe(const core::clean::Recipe& recipe, const core::clean::ReplayReport* report);
    void selectStep(int index);
    [[nodiscard]] int currentStep() const;
    [[nodiscard]] QListWidget* list() const noexcept { return m_list; }
    [[nodiscard]] QToolButton* addButton() const noexcept { return m_add; }
    /// The text shown for step `index` (its status line included), for tests.
    [[nodiscard]] QString stepText(int index) const;
    /// True when step `index` is shown as skipped (red).
    [[nodiscard]] bool isShownSkipped(int index) const;

  signals:
    void currentStepChanged(int index);
    void enabledToggled(int index, bool enabled);
    void moveRequested(int from, int to);
    void deleteRequested(int index);
    void addRequested(const QString& type);

  private:
    void updateButtons();
    void onItemChanged(QListWidgetItem* item);

    QListWidget* m_list;
    QToolButton* m_add;
    QPushButton* m_up;
    QPushButton* m_down;
    QPushButton* m_delete;
    bool m_filling = false;
    int m_stepCount = 0;
};

/// "1 step", "3 steps": the count written out with the right noun.
QString countOf(std::size_t count, const QString& one, const QString& many);

/// "12 cells in 10 rows changed, 3 rows dropped" (or "no change") for a step report.
QString stepSummary(const core::clean::StepReport& report);

} // namespace microseg::ui
