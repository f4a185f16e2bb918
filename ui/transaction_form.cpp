#include "transaction_form.h"

#include "microseg/table_reader.h"
#include "microseg/workspace.h"
#include "text_format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <algorithm>
#include <initializer_list>

namespace microseg::ui {
namespace {

/// Fills `combo` with the columns (after "(none)" when optional) and selects the first whose
/// name contains a hint, trying the hints in order.
void fillColumns(QComboBox* combo, const std::vector<std::string>& columns, bool optional,
                 std::initializer_list<const char*> hints) {
    const QSignalBlocker blocker(combo);
    combo->clear();
    if (optional)
        combo->addItem(QObject::tr("(none)"), QString());
    for (const auto& column : columns)
        combo->addItem(toQString(column), toQString(column));
    int chosen = optional ? 0 : (combo->count() > 0 ? 0 : -1);
    for (const char* hint : hints) {
        const int found = combo->findText(QLatin1String(hint), Qt::MatchContains);
        if (found >= 0) {
            chosen = found;
            break;
        }
    }
    combo->setCurrentIndex(chosen);
}

std::string column(const QComboBox* combo) {
    return toStdString(combo->currentData().toString());
}

} // namespace

std::vector<std::string> tableColumnNames(const core::Workspace& workspace,
                                          const std::string& table) {
    auto reader = core::TableReader::open(workspace, table);
    return reader ? reader.value().columnNames() : std::vector<std::string>{};
}

QString freshTableName(const core::Workspace& workspace, const std::string& wanted) {
    std::string name = wanted;
    for (int i = 2; workspace.hasTable(name) || workspace.dataset(name); ++i)
        name = wanted + "_" + std::to_string(i);
    return toQString(name);
}

TransactionForm::TransactionForm(QWidget* parent) : QWidget(parent) {
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto combo = [this](const char* name, const QString& tip) {
        auto* box = new QComboBox(this);
        box->setObjectName(QLatin1String(name));
        box->setToolTip(tip);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
        connect(box, &QComboBox::currentIndexChanged, this, &TransactionForm::changed);
        return box;
    };
    m_table = combo("transactionTable", tr("The table with one row per transaction line."));
    m_customer = combo("customerColumn", tr("The customer key: one group per value."));
    m_invoice = combo("invoiceColumn", tr("Orders are the distinct invoices; without an invoice "
                                          "column, the distinct transaction times."));
    m_date = combo("dateColumn", tr("When the transaction happened."));
    m_quantity = combo("quantityColumn", tr("Quantity, or the amount itself when no price is "
                                            "chosen. Negative quantities are returns."));
    m_price = combo("priceColumn", tr("Unit price: the amount is quantity x price."));
    m_product = combo("productColumn", tr("Optional: counts distinct products per customer."));
    m_returns = new QComboBox(this);
    m_returns->setObjectName(QStringLiteral("returnsPolicy"));
    m_returns->addItem(tr("Net them off"), static_cast<int>(core::ReturnsPolicy::Net));
    m_returns->addItem(tr("Leave them out"), static_cast<int>(core::ReturnsPolicy::Exclude));
    m_returns->addItem(tr("Count them apart"), static_cast<int>(core::ReturnsPolicy::Separate));
    m_returns->setToolTip(tr("Returns are cancelled invoices (\"C...\") and negative "
                             "quantities.\nNet: subtract them. Leave out: drop them. Apart: "
                             "return_orders and return_amount columns."));
    m_decay = new QCheckBox(tr("Time decay, half-life"), this);
    m_decay->setObjectName(QStringLiteral("timeDecay"));
    m_decay->setToolTip(tr("Weight each purchase by 0.5^(age / half-life) before the analysis "
                           "date, so that recent behaviour counts more."));
    m_halfLife = new QDoubleSpinBox(this);
    m_halfLife->setObjectName(QStringLiteral("halfLife"));
    m_halfLife->setRange(1.0, 3650.0);
    m_halfLife->setDecimals(0);
    m_halfLife->setValue(90.0);
    m_halfLife->setSuffix(tr(" days"));
    m_halfLife->setEnabled(false);
    connect(m_decay, &QCheckBox::toggled, m_halfLife, &QWidget::setEnabled);
    auto* decay = new QHBoxLayout;
    decay->addWidget(m_decay);
    decay->addWidget(m_halfLife, 1);

    m_form->addRow(tr("Table"), m_table);
    m_form->addRow(tr("Customer"), m_customer);
    m_form->addRow(tr("Invoice"), m_invoice);
    m_form->addRow(tr("Date"), m_date);
    m_form->addRow(tr("Quantity"), m_quantity);
    m_form->addRow(tr("Price"), m_price);
    m_form->addRow(tr("Product"), m_product);
    m_form->addRow(tr("Returns"), m_returns);
    m_form->addRow(decay);
    connect(m_table, &QComboBox::currentIndexChanged, this, &TransactionForm::loadColumns);
}

void TransactionForm::setWorkspace(const core::Workspace* workspace) {
    m_workspace = workspace;
    {
        const QSignalBlocker blocker(m_table);
        m_table->clear();
        if (m_workspace) {
            // Start on the table that looks most like transactions: customer, date and quantity
            // columns found by name (a derived per-customer table has no date column).
            int best = -1, bestScore = -1;
            for (const auto& table : m_workspace->tableNames()) {
                m_table->addItem(toQString(table), toQString(table));
                int score = 0;
                for (const auto& name : tableColumnNames(*m_workspace, table)) {
                    const QString column = toQString(name);
                    for (const char* hint : {"customer", "date", "quantity"})
                        score += column.contains(QLatin1String(hint), Qt::CaseInsensitive);
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = m_table->count() - 1;
                }
            }
            m_table->setCurrentIndex(best);
        }
    }
    loadColumns();
}

void TransactionForm::refreshTables() {
    const QString kept = m_table->currentText();
    {
        const QSignalBlocker blocker(m_table);
        m_table->clear();
        if (m_workspace)
            for (const auto& table : m_workspace->tableNames())
                m_table->addItem(toQString(table), toQString(table));
        m_table->setCurrentIndex(std::max(0, m_table->findText(kept)));
    }
    if (m_table->currentText() != kept)
        loadColumns();
}

void TransactionForm::loadColumns() {
    const std::vector<std::string> columns =
        m_workspace && m_table->currentIndex() >= 0
            ? tableColumnNames(*m_workspace, toStdString(m_table->currentText()))
            : std::vector<std::string>{};
    fillColumns(m_customer, columns, false, {"CustomerID", "customer_id", "Customer", "client"});
    fillColumns(m_invoice, columns, true, {"InvoiceNo", "Invoice", "order_id", "Order"});
    fillColumns(m_date, columns, false, {"InvoiceDate", "Date", "date", "time"});
    fillColumns(m_quantity, columns, false, {"Quantity", "quantity", "Qty", "Amount", "amount"});
    fillColumns(m_price, columns, true, {"UnitPrice", "Price", "price"});
    fillColumns(m_product, columns, true, {"StockCode", "Product", "product", "SKU", "Sku"});
    emit changed();
}

QString TransactionForm::table() const {
    return m_table->currentText();
}

std::string TransactionForm::amountExpression() const {
    const std::string quantity = column(m_quantity), price = column(m_price);
    return price.empty() ? quantity : quantity + "*" + price;
}

QString TransactionForm::problem() const {
    if (!m_workspace)
        return tr("Open a workspace first.");
    if (m_table->count() == 0)
        return tr("The workspace has no table: import transactions on the Data page.");
    if (column(m_customer).empty() || column(m_date).empty() || column(m_quantity).empty())
        return tr("Choose the customer, date and quantity (or amount) columns.");
    return {};
}

void TransactionForm::fill(core::CustomerAggregateRequest& request) const {
    request.table = toStdString(table());
    request.customerColumn = column(m_customer);
    request.invoiceColumn = column(m_invoice);
    request.dateColumn = column(m_date);
    request.amount = amountExpression();
    request.productColumn = column(m_product);
    request.returns = static_cast<core::ReturnsPolicy>(m_returns->currentData().toInt());
    if (m_decay->isChecked())
        request.halfLifeDays = m_halfLife->value();
}

void TransactionForm::fill(core::RfmRequest& request) const {
    request.table = toStdString(table());
    request.customerColumn = column(m_customer);
    request.invoiceColumn = column(m_invoice);
    request.dateColumn = column(m_date);
    request.amount = amountExpression();
    request.productColumn = column(m_product);
    request.returns = static_cast<core::ReturnsPolicy>(m_returns->currentData().toInt());
    if (m_decay->isChecked())
        request.halfLifeDays = m_halfLife->value();
}

} // namespace microseg::ui
