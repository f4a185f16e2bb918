#pragma once
// The columns of a transaction table, as the Customers and RFM builders need them: table,
// customer key, invoice, date, quantity and price (or one amount column), product, returns
// handling and optional time decay (half-life in days). Columns are pre-selected by name
// (CustomerID, InvoiceDate, Quantity, UnitPrice, ...) so the Online Retail layout needs no clicks.

#include "microseg/customer_aggregate.h"
#include "microseg/rfm.h"

#include <QWidget>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {

/// The columns of a workspace table (without _row), empty when it cannot be read.
std::vector<std::string> tableColumnNames(const core::Workspace& workspace,
                                          const std::string& table);

/// `wanted`, or wanted_2, wanted_3, ...: the first name no table or dataset uses yet.
QString freshTableName(const core::Workspace& workspace, const std::string& wanted);

class TransactionForm : public QWidget {
    Q_OBJECT
  public:
    explicit TransactionForm(QWidget* parent = nullptr);

    /// Lists the workspace's tables (none when null) and guesses the columns.
    void setWorkspace(const core::Workspace* workspace);
    /// Lists the tables again (one was added), keeping the chosen table and columns.
    void refreshTables();
    [[nodiscard]] QString table() const;
    /// "Quantity*UnitPrice", or the quantity column alone when no price is chosen.
    [[nodiscard]] std::string amountExpression() const;
    /// Empty when the form can be used, else why not (for tooltips).
    [[nodiscard]] QString problem() const;

    void fill(core::CustomerAggregateRequest& request) const;
    void fill(core::RfmRequest& request) const;

    /// The form's layout, so that a panel can add its own rows (analysis date, output name).
    [[nodiscard]] QFormLayout* form() const noexcept { return m_form; }
    [[nodiscard]] QComboBox* tableCombo() const noexcept { return m_table; }
    [[nodiscard]] QComboBox* customerCombo() const noexcept { return m_customer; }
    [[nodiscard]] QCheckBox* decayCheck() const noexcept { return m_decay; }
    [[nodiscard]] QDoubleSpinBox* halfLifeSpin() const noexcept { return m_halfLife; }

  signals:
    void changed();

  private:
    void loadColumns();

    const core::Workspace* m_workspace = nullptr;
    QFormLayout* m_form;
    QComboBox* m_table;
    QComboBox* m_customer;
    QComboBox* m_invoice;
    QComboBox* m_date;
    QComboBox* m_quantity;
    QComboBox* m_price;
    QComboBox* m_product;
    QComboBox* m_returns;
    QCheckBox* m_decay;
    QDoubleSpinBox* m_halfLife;
};

} // namespace microseg::ui
