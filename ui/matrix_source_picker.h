#pragma once
// The "what to cluster / what to map" picker shared by the Cluster and Map pages: a saved
// feature set (already encoded and scaled by its recipe) or numeric columns of a workspace table,
// optionally z-scored. Feature sets are listed first: they are the customer matrices people built
// on the Features page, while tables may hold raw transactions.

#include <QString>
#include <QWidget>
#include <memory>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {

class MatrixSourcePicker : public QWidget {
    Q_OBJECT
  public:
    /// `objectPrefix` names the child widgets ("<prefix>Source", "<prefix>Columns") for tests.
    explicit MatrixSourcePicker(const QString& objectPrefix, QWidget* parent = nullptr);

    /// Lists the workspace's feature sets and tables with numeric columns (none without one).
    void setWorkspace(std::shared_ptr<core::Workspace> workspace);
    /// Lists the sources again, keeping the current choice when it still exists.
    void reload();
    /// Columns whose name ends in "id" start unchecked (keys are not behaviour).
    void setUncheckIdentifiers(bool uncheck) { m_uncheckIdentifiers = uncheck; }

    [[nodiscard]] bool isFeatureSet() const;
    /// The chosen feature set's name, or empty when a table is chosen.
    [[nodiscard]] std::string featureSet() const;
    /// The chosen table's name, or empty when a feature set (or nothing) is chosen.
    [[nodiscard]] std::string table() const;
    [[nodiscard]] std::vector<std::string> checkedColumns() const;
    /// Whether a table's columns are z-scored (feature sets carry their own scaling).
    [[nodiscard]] bool standardise() const;
    /// Why nothing can be read yet, for a disabled button's tooltip; empty when ready.
    [[nodiscard]] QString problem() const;

    [[nodiscard]] QComboBox* sourceCombo() const noexcept { return m_source; }
    [[nodiscard]] QListWidget* columnList() const noexcept { return m_columns; }
    [[nodiscard]] QCheckBox* standardiseBox() const noexcept { return m_standardise; }

  signals:
    /// Another feature set or table was chosen (the column list was refilled).
    void sourceChanged();
    /// A column was checked or unchecked.
    void columnsChanged();

  private:
    void loadColumns();

    std::shared_ptr<core::Workspace> m_workspace;
    QComboBox* m_source;
    QLabel* m_columnsLabel;
    QListWidget* m_columns;
    QCheckBox* m_standardise;
    bool m_uncheckIdentifiers = false;
};

} // namespace microseg::ui
