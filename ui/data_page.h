#pragma once
// The Data page: the workspace's datasets and tables on the left, the selected table in a grid in
// the centre (TableModel, read in blocks on demand), and on the right the profile of the selected
// column and the dataset's import details. CSV import starts here too.

#include "microseg/csv_import.h"
#include "workflow_page.h"

#include <memory>
#include <optional>
#include <string>

class QAction;
class QLabel;
class QListWidget;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace microseg::ui {

class ColumnProfilePanel;
class DatasetInfoPanel;
class TableModel;

class DataPage : public WorkflowPage {
    Q_OBJECT
  public:
    explicit DataPage(QWidget* parent = nullptr);
    ~DataPage() override;

    QString title() const override { return tr("Data"); }
    QIcon icon() const override;
    void setWorkspace(std::shared_ptr<core::Workspace> workspace) override;
    void selectDefaultContent(const QString& item = {}) override;
    bool isBusy() const override;

    /// The main window's "Import CSV…" action, also offered on this page.
    void setImportAction(QAction* action);

    /// Reloads the list of datasets and tables, keeping the selection when it still exists.
    void refresh();
    /// Selects the table (a dataset's raw table or a derived one); false if it is not listed.
    bool selectTable(const std::string& tableName);
    [[nodiscard]] std::string currentTable() const;

    /// Opens the import dialog (on `filePath` if given); on Import the CSV is imported in a job.
    void showImportDialog(const QString& filePath = {});
    /// Imports in a background job on its own connection; on success selects the new dataset.
    void startImport(const core::ImportRequest& request);

    [[nodiscard]] QListWidget* tableList() const noexcept { return m_tableList; }
    [[nodiscard]] QTableView* tableView() const noexcept { return m_tableView; }
    [[nodiscard]] TableModel* tableModel() const noexcept { return m_model; }
    [[nodiscard]] ColumnProfilePanel* profilePanel() const noexcept { return m_profile; }

  private:
    void showTable(const std::string& tableName);
    void profileColumn(int section);
    void fitColumns();
    void updateEmptyState();

    std::shared_ptr<core::Workspace> m_workspace;
    QAction* m_importAction = nullptr;
    QSplitter* m_splitter;
    QWidget* m_details; ///< the right-hand scroll area: profile and import details
    QListWidget* m_tableList;
    QStackedWidget* m_centre;
    QLabel* m_emptyTitle;
    QLabel* m_emptyHint;
    QTableView* m_tableView;
    QLabel* m_tableTitle;
    QLabel* m_tableSummary;
    QLabel* m_readError;
    TableModel* m_model;
    ColumnProfilePanel* m_profile;
    DatasetInfoPanel* m_datasetInfo;
    int m_profiledColumn = -1;
    QToolButton* m_importButton;
    QToolButton* m_emptyImportButton;
};

} // namespace microseg::ui
