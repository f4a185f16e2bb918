#pragma once
// The category mapping table of a "Map categories" step (value -> canonical value), editable,
// with suggested groups of similar spellings (OpenRefine's fingerprint and n-gram keyers, or
// Levenshtein neighbours: category_clusters.h) computed in a job on the column as it is just
// before the step. The analyst accepts a group (with the canonical value edited and values
// unticked as needed), rejects it, or edits the table directly.

#include "clean_tasks.h"
#include "microseg/clean/recipe.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace microseg::ui {

class Job;

class CleanMappingEditor : public QWidget {
    Q_OBJECT
  public:
    explicit CleanMappingEditor(QWidget* parent = nullptr);

    /// The selected step (null or another type: the editor says what it is for) and the table
    /// just before it (null while the preview is computed).
    void setStep(int index, const core::clean::RecipeStep* step, TablePtr before);
    /// Starts the suggestion job for the step's column; null when there is nothing to suggest on.
    Job* suggest();
    [[nodiscard]] bool isBusy() const { return !m_job.isNull(); }

    [[nodiscard]] QTreeWidget* groups() const noexcept { return m_groups; }
    [[nodiscard]] QTableWidget* mapping() const noexcept { return m_mapping; }
    /// Accepts suggested group `index` (its ticked values -> its canonical text).
    void acceptGroup(int index);
    void rejectGroup(int index);

  signals:
    void stepEdited(int index, const core::clean::RecipeStep& step);
    void jobStarted(microseg::ui::Job* job);
    void busyChanged(bool busy);

  private:
    void fillMapping();
    void commitMapping();
    void showGroups(const std::vector<core::clean::CategoryCluster>& clusters);
    void updateActions();

    int m_index = -1;
    core::clean::RecipeStep m_step;
    TablePtr m_before;
    QString m_groupsColumn;  ///< the column the shown groups were computed on
    QLabel* m_info;
    QComboBox* m_method;
    QPushButton* m_suggest;
    QTreeWidget* m_groups;
    QPushButton* m_accept;
    QPushButton* m_acceptAll;
    QPushButton* m_reject;
    QTableWidget* m_mapping;
    QPushButton* m_addRow;
    QPushButton* m_removeRow;
    QPointer<Job> m_job;
    bool m_filling = false;
};

} // namespace microseg::ui
