#pragma once
// The selections side of the Map page: the points selected on the map (count, a name and Save,
// which stores them as a named selection in the workspace), the saved selections, and a table
// listing the rows of the current or a saved selection (the first kMemberRowLimit of them),
// read in a Job.

#include "microseg/error.h"
#include "workflow_page.h"

#include <QPointer>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class QLabel;
class QLineEdit;
class QTableView;
class QPushButton;
class QTableWidget;

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {

class Job;

class MapSelectionPanel : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kMemberRowLimit = 1000;

    explicit MapSelectionPanel(QWidget* parent = nullptr);

    void setWorkspace(std::shared_ptr<core::Workspace> workspace);
    /// The map shown: point i is row i + 1 of `table`; `sourceJson` is stored with selections.
    void setMap(std::string table, std::string sourceJson);
    /// The points selected on the map, as 1-based row numbers (ascending).
    void setCurrentSelection(std::vector<std::int64_t> rows);
    [[nodiscard]] const std::vector<std::int64_t>& currentSelection() const noexcept {
        return m_current;
    }

    /// Saves the current selection as `name`; the error says why not (empty, name taken, ...).
    core::Result<std::int64_t> saveCurrent(const QString& name);
    /// Reloads the saved selections.
    void refresh();
    /// Lists the rows of `rows` (1-based) in the members table, reading them in a job.
    Job* showMembers(const QString& title, std::vector<std::int64_t> rows);
    [[nodiscard]] bool isBusy() const;

    [[nodiscard]] QLineEdit* nameEdit() const noexcept { return m_name; }
    [[nodiscard]] QPushButton* saveButton() const noexcept { return m_save; }
    [[nodiscard]] QTableWidget* savedTable() const noexcept { return m_saved; }
    [[nodiscard]] QTableWidget* membersTable() const noexcept { return m_members; }
    [[nodiscard]] QPushButton* dataGridButton() const noexcept { return m_inGrid; }

  signals:
    void jobStarted(microseg::ui::Job* job);
    void busyChanged(bool busy);
    /// A saved selection of the shown table should be drawn as the map's selection.
    void selectOnMap(std::vector<std::int64_t> rows);
    /// The listed rows (all of them, 1-based) should be selected in the Data page's grid.
    void showInDataGrid(const QString& table, const std::vector<std::int64_t>& rows);

  private:
    void updateActions();
    void showSaved(bool alsoOnMap);
    void deleteSaved();

    std::shared_ptr<core::Workspace> m_workspace;
    std::string m_table;
    std::string m_sourceJson;
    std::vector<std::int64_t> m_current;
    QLabel* m_currentLabel;
    QLineEdit* m_name;
    QPushButton* m_save;
    QPushButton* m_inspect;
    QTableWidget* m_saved;
    QPushButton* m_showSaved;
    QPushButton* m_deleteSaved;
    QLabel* m_membersLabel;
    QPushButton* m_inGrid;
    std::string m_listedTable;              ///< the table of the rows listed
    std::vector<std::int64_t> m_listedRows; ///< all rows of the listed selection
    QTableWidget* m_members;
    QPointer<Job> m_job;
    std::uint64_t m_generation = 0;
};

/// Selects rows (1-based, in table order) of the table shown in `view` and scrolls to the
/// first: consecutive rows become one selection range, so 100,000 rows stay fast.
void selectGridRows(QTableView* view, const std::vector<std::int64_t>& rows);

} // namespace microseg::ui
