#pragma once
// Features page, "Customers" tab: one row per customer from a transaction table (orders, first
// and last purchase, spend, optional time-decayed orders and spend), stored as a new table.

#include "job.h"
#include "microseg/progress.h"

#include <QPointer>
#include <QWidget>
#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace microseg::core {
class Workspace;
struct CustomerAggregateReport;
}

namespace microseg::ui {


class TransactionForm;

class CustomersPanel : public QWidget {
    Q_OBJECT
  public:
    explicit CustomersPanel(QWidget* parent = nullptr);

    void setWorkspace(std::shared_ptr<core::Workspace> workspace);
    /// Aggregates the chosen table into the named table (null when the form is incomplete).
    Job* startBuild(core::CancelToken token = {});
    [[nodiscard]] bool isBusy() const;

    [[nodiscard]] TransactionForm* form() const noexcept { return m_form; }
    [[nodiscard]] QLineEdit* outputEdit() const noexcept { return m_output; }
    [[nodiscard]] QTableWidget* previewTable() const noexcept { return m_preview; }
    [[nodiscard]] QLabel* statusLabel() const noexcept { return m_status; }

  signals:
    void jobStarted(microseg::ui::Job* job);
    void busyChanged();
    /// A new table was stored (the page refreshes its table lists).
    void tableCreated(const QString& table);

  private:
    void updateActions();
    void showReport(const core::CustomerAggregateReport& report);

    std::shared_ptr<core::Workspace> m_workspace;
    TransactionForm* m_form;
    QLineEdit* m_output;
    QPushButton* m_build;
    QLabel* m_status;
    QTableWidget* m_preview;
    QPointer<Job> m_job;
};

} // namespace microseg::ui
