#include "customers_panel.h"

#include "error_dialog.h"
#include "features_tasks.h"
#include "job.h"
#include "microseg/date_parse.h"
#include "microseg/workspace.h"
#include "text_format.h"
#include "transaction_form.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace microseg::ui {
namespace {
constexpr int kShownCustomers = 200;

QTableWidgetItem* numberItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

CustomersPanel::CustomersPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    auto* box = new QGroupBox(tr("Customers from transactions"), this);
    box->setFixedWidth(340);
    auto* boxLayout = new QVBoxLayout(box);
    m_form = new TransactionForm(box);
    m_output = new QLineEdit(QStringLiteral("customers"), box);
    m_output->setObjectName(QStringLiteral("customersOutput"));
    m_output->setToolTip(tr("Name of the new table: letters, digits and underscores."));
    m_form->form()->addRow(tr("New table"), m_output);
    m_build = new QPushButton(tr("Build customers"), box);
    m_build->setObjectName(QStringLiteral("buildCustomers"));
    m_form->form()->addRow(m_build);
    boxLayout->addWidget(m_form);
    boxLayout->addStretch(1);
    layout->addWidget(box);

    auto* results = new QWidget(this);
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    m_status = new QLabel(results);
    m_status->setWordWrap(true);
    m_status->setText(tr("One row per customer: orders (distinct invoices), first and last "
                         "purchase, total and average spend; with time decay also weighted "
                         "orders and spend. The table can then be joined, profiled and turned "
                         "into a feature set."));
    m_preview = new QTableWidget(0, 0, results);
    m_preview->setObjectName(QStringLiteral("customersPreview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->hide();
    m_preview->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_preview->setAlternatingRowColors(true);
    resultsLayout->addWidget(m_status);
    resultsLayout->addWidget(m_preview, 1);
    m_preview->hide(); // shown with the first result
    resultsLayout->addStretch(0);
    layout->addWidget(results, 1);

    connect(m_form, &TransactionForm::changed, this, &CustomersPanel::updateActions);
    connect(m_output, &QLineEdit::textChanged, this, &CustomersPanel::updateActions);
    connect(m_build, &QPushButton::clicked, this, [this] { startBuild(); });
    updateActions();
}

void CustomersPanel::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    if (m_job)
        m_job->cancel();
    m_workspace = std::move(workspace);
    m_form->setWorkspace(m_workspace.get());
    if (m_workspace)
        m_output->setText(freshTableName(*m_workspace, "customers"));
    m_preview->setRowCount(0);
    m_preview->hide();
    updateActions();
}

bool CustomersPanel::isBusy() const {
    return m_job && m_job->isRunning();
}

void CustomersPanel::updateActions() {
    QString why = m_form->problem();
    if (why.isEmpty() && m_output->text().trimmed().isEmpty())
        why = tr("Name the new table.");
    m_build->setEnabled(why.isEmpty() && !isBusy());
    m_build->setToolTip(!why.isEmpty() ? why
                        : isBusy()     ? tr("Building: cancel it in the status bar.")
                                       : tr("Aggregate the transactions per customer into a "
                                            "new table."));
}

Job* CustomersPanel::startBuild(core::CancelToken token) {
    updateActions();
    if (!m_build->isEnabled())
        return nullptr;
    core::CustomerAggregateRequest request;
    m_form->fill(request);
    request.outputTable = toStdString(m_output->text().trimmed());
    const std::string path = m_workspace->path();
    Job* job = runJob<core::CustomerAggregateReport>(
        this, tr("Customers from %1").arg(m_form->table()),
        [path, request](core::Progress& progress, const core::CancelToken& cancel) {
            return buildCustomersTask(path, request, progress, cancel);
        },
        std::function<void(core::CustomerAggregateReport&)>(
            [this, path](core::CustomerAggregateReport& report) {
                if (!m_workspace || m_workspace->path() != path)
                    return;
                showReport(report);
                emit tableCreated(toQString(report.outputTable));
                m_output->setText(freshTableName(*m_workspace, "customers"));
            }),
        std::move(token));
    m_job = job;
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        if (outcome == Job::Outcome::Failed)
            showErrorDialog(this, tr("Could not build the customer table"), job->error());
        else if (outcome == Job::Outcome::Cancelled)
            m_status->setText(tr("Cancelled: no table was created."));
        updateActions();
        emit busyChanged();
    });
    updateActions();
    emit busyChanged();
    emit jobStarted(job);
    return job;
}

void CustomersPanel::showReport(const core::CustomerAggregateReport& report) {
    QString text = tr("%1 customers stored in table \"%2\" from %3 rows of %4.")
                       .arg(formatCount(std::int64_t(report.customers.size())),
                            toQString(report.outputTable), formatCount(report.rowsRead),
                            toQString(report.sourceTable));
    if (report.missingCustomerRows > 0)
        text += QLatin1Char(' ') + tr("%1 rows without a customer were left out.")
                                       .arg(formatCount(report.missingCustomerRows));
    if (report.halfLifeDays)
        text += QLatin1Char(' ') + tr("Time decay: half-life %1 days before %2.")
                                       .arg(*report.halfLifeDays)
                                       .arg(toQString(core::isoDate(report.analysisDate)));
    for (const auto& warning : report.warnings)
        text += QLatin1Char(' ') + toQString(warning);
    m_status->setText(text);

    QStringList headers = {tr("Customer"), tr("Orders"), tr("First purchase"),
                           tr("Last purchase"), tr("Total spend"), tr("Average order")};
    const bool decay = report.halfLifeDays.has_value();
    if (decay)
        headers << tr("Weighted orders") << tr("Weighted spend");
    m_preview->clear();
    m_preview->setColumnCount(int(headers.size()));
    m_preview->setHorizontalHeaderLabels(headers);
    const int rows = int(std::min<std::size_t>(kShownCustomers, report.customers.size()));
    m_preview->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
        const core::CustomerRow& c = report.customers[std::size_t(r)];
        m_preview->setItem(r, 0, new QTableWidgetItem(toQString(c.customer)));
        m_preview->setItem(r, 1, numberItem(formatCount(c.orders)));
        m_preview->setItem(r, 2, new QTableWidgetItem(toQString(core::isoDate(c.firstPurchase))));
        m_preview->setItem(r, 3, new QTableWidgetItem(toQString(core::isoDate(c.lastPurchase))));
        m_preview->setItem(r, 4, numberItem(QString::number(c.totalSpend, 'f', 2)));
        m_preview->setItem(r, 5, numberItem(QString::number(c.averageOrder, 'f', 2)));
        if (decay) {
            m_preview->setItem(r, 6, numberItem(QString::number(c.weightedOrders, 'f', 2)));
            m_preview->setItem(r, 7, numberItem(QString::number(c.weightedSpend, 'f', 2)));
        }
    }
    m_preview->resizeColumnsToContents();
    m_preview->show();
}

} // namespace microseg::ui
