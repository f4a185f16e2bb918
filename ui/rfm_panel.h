#pragma once
// Features page, "RFM" tab: RFM scores from a transaction table (analysis date defaulting to the
// day after the last transaction), THE RFM VIEW (the recency x frequency grid coloured by
// customers or revenue, the named segments with size, revenue share and averages) and the
// segment rules, shown and editable: an edit re-labels the customers at once (scores do not
// change). "Save as table" stores the scores and segments with the rules as shown.

#include "features_tasks.h"
#include "job.h"
#include "microseg/progress.h"
#include "microseg/rfm.h"

#include <QPointer>
#include <QWidget>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {


class RfmGrid;
class TransactionForm;

class RfmPanel : public QWidget {
    Q_OBJECT
  public:
    explicit RfmPanel(QWidget* parent = nullptr);

    void setWorkspace(std::shared_ptr<core::Workspace> workspace);
    /// Computes RFM in memory (null when the form is incomplete).
    Job* startCompute(core::CancelToken token = {});
    /// Stores the computed customers' table under the chosen name with the rules as shown.
    Job* startSave(core::CancelToken token = {});
    [[nodiscard]] bool isBusy() const;

    /// The rules as edited in the rules table.
    [[nodiscard]] std::vector<core::RfmSegmentRule> rules() const;
    void setRules(const std::vector<core::RfmSegmentRule>& rules);
    [[nodiscard]] const std::vector<core::RfmCustomer>& customers() const noexcept {
        return m_customers;
    }
    /// Each computed customer's segment under the current rules.
    [[nodiscard]] const std::vector<std::string>& segments() const noexcept { return m_segments; }
    [[nodiscard]] const RfmSummary& summary() const noexcept { return m_summary; }

    [[nodiscard]] TransactionForm* form() const noexcept { return m_form; }
    [[nodiscard]] RfmGrid* grid() const noexcept { return m_grid; }
    [[nodiscard]] QComboBox* measureCombo() const noexcept { return m_measure; }
    [[nodiscard]] QTableWidget* segmentTable() const noexcept { return m_segmentTable; }
    [[nodiscard]] QTableWidget* rulesTable() const noexcept { return m_rulesTable; }
    [[nodiscard]] QLineEdit* outputEdit() const noexcept { return m_output; }
    [[nodiscard]] QLabel* statusLabel() const noexcept { return m_status; }

  signals:
    void jobStarted(microseg::ui::Job* job);
    void busyChanged();
    void tableCreated(const QString& table);

  private:
    QWidget* buildView();
    QWidget* buildRules();
    void updateActions();
    void relabel();
    void showSegments();
    void watch(Job* job, const QString& failure);
    [[nodiscard]] core::RfmRequest request() const;

    std::shared_ptr<core::Workspace> m_workspace;
    TransactionForm* m_form;
    QCheckBox* m_dayAfterLast;
    QDateEdit* m_analysisDate;
    QPushButton* m_compute;
    QLabel* m_status;
    RfmGrid* m_grid;
    QComboBox* m_measure;
    QTableWidget* m_segmentTable;
    QTableWidget* m_rulesTable;
    QLineEdit* m_output;
    QPushButton* m_save;

    std::vector<core::RfmCustomer> m_customers;
    std::vector<std::string> m_segments;
    RfmSummary m_summary;
    core::RfmRequest m_computed; ///< the request the shown customers came from
    QPointer<Job> m_job;
};

} // namespace microseg::ui
