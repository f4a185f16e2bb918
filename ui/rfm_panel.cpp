#include "rfm_panel.h"

#include "error_dialog.h"
#include "job.h"
#include "microseg/date_parse.h"
#include "microseg/workspace.h"
#include "rfm_grid.h"
#include "text_format.h"
#include "transaction_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace microseg::ui {
namespace {

constexpr int kRuleColumns = 7; // name, then R, F and M from/to

QTableWidgetItem* numberItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

QTableWidgetItem* scoreItem(int score) {
    auto* item = new QTableWidgetItem;
    item->setData(Qt::EditRole, score); // an int: the default editor is a spin box
    item->setTextAlignment(Qt::AlignCenter);
    return item;
}

const QDate kEpoch(1970, 1, 1);

} // namespace

RfmPanel::RfmPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFixedWidth(310);
    auto* box = new QGroupBox(tr("RFM from transactions"));
    auto* boxLayout = new QVBoxLayout(box);
    m_form = new TransactionForm(box);
    m_dayAfterLast = new QCheckBox(tr("Day after last purchase"), box);
    m_dayAfterLast->setObjectName(QStringLiteral("dayAfterLast"));
    m_dayAfterLast->setChecked(true);
    m_analysisDate = new QDateEdit(QDate::currentDate(), box);
    m_analysisDate->setObjectName(QStringLiteral("analysisDate"));
    m_analysisDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_analysisDate->setCalendarPopup(true);
    m_analysisDate->setEnabled(false);
    m_analysisDate->setToolTip(tr("Recency counts the days from the last purchase to this date."));
    connect(m_dayAfterLast, &QCheckBox::toggled, m_analysisDate,
            [this](bool checked) { m_analysisDate->setEnabled(!checked); });
    m_form->form()->addRow(tr("Analysis date"), m_dayAfterLast);
    m_form->form()->addRow(QString(), m_analysisDate);
    m_compute = new QPushButton(tr("Compute RFM"), box);
    m_compute->setObjectName(QStringLiteral("computeRfm"));
    m_form->form()->addRow(m_compute);
    boxLayout->addWidget(m_form);

    auto* saveBox = new QGroupBox(tr("Save scores and segments"));
    auto* saveForm = new QFormLayout(saveBox);
    m_output = new QLineEdit(QStringLiteral("rfm"), saveBox);
    m_output->setObjectName(QStringLiteral("rfmOutput"));
    m_save = new QPushButton(tr("Save as table"), saveBox);
    m_save->setObjectName(QStringLiteral("saveRfm"));
    saveForm->addRow(tr("New table"), m_output);
    saveForm->addRow(m_save);
    auto* controls = new QWidget;
    auto* controlsLayout = new QVBoxLayout(controls);
    controlsLayout->setContentsMargins(0, 0, 4, 0);
    controlsLayout->addWidget(box);
    controlsLayout->addWidget(saveBox);
    controlsLayout->addStretch(1);
    scroll->setWidget(controls);
    layout->addWidget(scroll);
    layout->addWidget(buildView(), 1);

    connect(m_form, &TransactionForm::changed, this, &RfmPanel::updateActions);
    connect(m_output, &QLineEdit::textChanged, this, &RfmPanel::updateActions);
    connect(m_compute, &QPushButton::clicked, this, [this] { startCompute(); });
    connect(m_save, &QPushButton::clicked, this, [this] { startSave(); });
    setRules(core::defaultRfmSegmentRules());
    updateActions();
}

QWidget* RfmPanel::buildView() {
    auto* view = new QWidget(this);
    auto* layout = new QVBoxLayout(view);
    layout->setContentsMargins(0, 0, 0, 0);
    m_status = new QLabel(view);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("rfmStatus"));
    layout->addWidget(m_status);
    auto* splitter = new QSplitter(Qt::Vertical, view);

    auto* top = new QWidget(splitter);
    auto* topLayout = new QHBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto* gridColumn = new QVBoxLayout;
    auto* measureRow = new QHBoxLayout;
    m_measure = new QComboBox(top);
    m_measure->setObjectName(QStringLiteral("rfmMeasure"));
    m_measure->addItem(tr("Customers"), static_cast<int>(RfmGrid::Measure::Customers));
    m_measure->addItem(tr("Revenue"), static_cast<int>(RfmGrid::Measure::Revenue));
    measureRow->addWidget(new QLabel(tr("Colour by"), top));
    measureRow->addWidget(m_measure);
    measureRow->addStretch(1);
    m_grid = new RfmGrid(top);
    m_grid->setObjectName(QStringLiteral("rfmGrid"));
    gridColumn->addLayout(measureRow);
    gridColumn->addWidget(m_grid, 1);
    topLayout->addLayout(gridColumn, 1);
    topLayout->addWidget(buildRules(), 1);

    m_segmentTable = new QTableWidget(0, 7, splitter);
    m_segmentTable->setObjectName(QStringLiteral("rfmSegments"));
    m_segmentTable->setHorizontalHeaderLabels({tr("Segment"), tr("Customers"), tr("% of customers"),
                                               tr("% of revenue"), tr("Avg days since last"),
                                               tr("Avg orders"), tr("Avg spend")});
    const QStringList tips = {tr("The named segment (first matching rule)"),
                              tr("Customers in the segment"),
                              tr("Share of all customers"),
                              tr("Share of the total revenue (sum of monetary)"),
                              tr("Mean recency: days since the last purchase"),
                              tr("Mean frequency: orders per customer"),
                              tr("Mean monetary: spend per customer")};
    for (int c = 0; c < tips.size(); ++c)
        m_segmentTable->horizontalHeaderItem(c)->setToolTip(tips[c]);
    m_segmentTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_segmentTable->verticalHeader()->hide();
    m_segmentTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_segmentTable->setAlternatingRowColors(true);
    m_segmentTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_segmentTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    splitter->addWidget(top);
    splitter->addWidget(m_segmentTable);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    // The grid and the rules need about 22 text lines; the segments get the rest (12 rows fit).
    splitter->setSizes({fontMetrics().height() * 22, fontMetrics().height() * 17});
    layout->addWidget(splitter, 1);
    connect(m_measure, &QComboBox::currentIndexChanged, this, [this] {
        m_grid->setMeasure(static_cast<RfmGrid::Measure>(m_measure->currentData().toInt()));
    });
    m_grid->clear();
    return view;
}

QWidget* RfmPanel::buildRules() {
    auto* box = new QGroupBox(tr("Segment rules (first match wins)"));
    auto* layout = new QVBoxLayout(box);
    m_rulesTable = new QTableWidget(0, kRuleColumns, box);
    m_rulesTable->setObjectName(QStringLiteral("rfmRules"));
    m_rulesTable->setHorizontalHeaderLabels({tr("Segment"), tr("R min"), tr("R max"),
                                             tr("F min"), tr("F max"), tr("M min"), tr("M max")});
    m_rulesTable->verticalHeader()->hide();
    m_rulesTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_rulesTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rulesTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_rulesTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_rulesTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_rulesTable->setToolTip(tr("Double-click a cell to edit it; scores run from 1 to 5. A "
                                "customer gets the first rule whose three ranges hold its "
                                "scores, else \"Other\"."));
    layout->addWidget(m_rulesTable, 1);
    auto* buttons = new QHBoxLayout;
    auto button = [&](const QString& text, const char* name) {
        auto* b = new QPushButton(text, box);
        b->setObjectName(QLatin1String(name));
        buttons->addWidget(b);
        return b;
    };
    QPushButton* add = button(tr("Add"), "addRule");
    QPushButton* remove = button(tr("Remove"), "removeRule");
    QPushButton* up = button(tr("Up"), "ruleUp");
    QPushButton* down = button(tr("Down"), "ruleDown");
    QPushButton* defaults = button(tr("Defaults"), "defaultRules");
    defaults->setToolTip(tr("Champions, Loyal, ... Lost: the widely used RFM segment table."));
    buttons->addStretch(1);
    layout->addLayout(buttons);

    connect(m_rulesTable, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() > 0) {
            const int value = std::clamp(item->data(Qt::EditRole).toInt(), 1, 5);
            if (value != item->data(Qt::EditRole).toInt()) {
                item->setData(Qt::EditRole, value); // re-enters with the clamped value
                return;
            }
        }
        relabel();
    });
    connect(add, &QPushButton::clicked, this, [this] {
        auto rules = this->rules();
        rules.push_back({tr("New segment").toStdString(), 1, 5, 1, 5, 1, 5});
        setRules(rules);
        m_rulesTable->selectRow(m_rulesTable->rowCount() - 1);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_rulesTable->currentRow();
        if (row < 0)
            return;
        auto rules = this->rules();
        rules.erase(rules.begin() + row);
        setRules(rules);
    });
    const auto move = [this](int step) {
        const int row = m_rulesTable->currentRow();
        auto rules = this->rules();
        if (row < 0 || row + step < 0 || row + step >= int(rules.size()))
            return;
        std::swap(rules[std::size_t(row)], rules[std::size_t(row + step)]);
        setRules(rules);
        m_rulesTable->selectRow(row + step);
    };
    connect(up, &QPushButton::clicked, this, [move] { move(-1); });
    connect(down, &QPushButton::clicked, this, [move] { move(1); });
    connect(defaults, &QPushButton::clicked, this,
            [this] { setRules(core::defaultRfmSegmentRules()); });
    return box;
}

void RfmPanel::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    if (m_job)
        m_job->cancel();
    m_workspace = std::move(workspace);
    m_form->setWorkspace(m_workspace.get());
    if (m_workspace)
        m_output->setText(freshTableName(*m_workspace, "rfm"));
    m_customers.clear();
    m_segments.clear();
    m_summary = {};
    m_grid->clear();
    m_segmentTable->setRowCount(0);
    m_status->setText(m_workspace ? tr("Choose the transaction columns and compute RFM: recency "
                                       "(days since the last purchase), frequency (orders) and "
                                       "monetary (spend), each scored 1 to 5 by quintile.")
                                  : tr("Open a workspace to compute RFM."));
    updateActions();
}

std::vector<core::RfmSegmentRule> RfmPanel::rules() const {
    std::vector<core::RfmSegmentRule> out;
    for (int r = 0; r < m_rulesTable->rowCount(); ++r) {
        core::RfmSegmentRule rule;
        const QTableWidgetItem* name = m_rulesTable->item(r, 0);
        rule.name = name ? toStdString(name->text().trimmed()) : std::string();
        int* bounds[] = {&rule.rMin, &rule.rMax, &rule.fMin, &rule.fMax, &rule.mMin, &rule.mMax};
        for (int c = 1; c < kRuleColumns; ++c)
            if (const QTableWidgetItem* item = m_rulesTable->item(r, c))
                *bounds[c - 1] = item->data(Qt::EditRole).toInt();
        out.push_back(std::move(rule));
    }
    return out;
}

void RfmPanel::setRules(const std::vector<core::RfmSegmentRule>& rules) {
    {
        const QSignalBlocker blocker(m_rulesTable);
        m_rulesTable->setRowCount(int(rules.size()));
        for (int r = 0; r < int(rules.size()); ++r) {
            const core::RfmSegmentRule& rule = rules[std::size_t(r)];
            m_rulesTable->setItem(r, 0, new QTableWidgetItem(toQString(rule.name)));
            const int bounds[] = {rule.rMin, rule.rMax, rule.fMin, rule.fMax, rule.mMin, rule.mMax};
            for (int c = 1; c < kRuleColumns; ++c)
                m_rulesTable->setItem(r, c, scoreItem(bounds[c - 1]));
        }
    }
    relabel();
}

void RfmPanel::relabel() {
    if (m_customers.empty())
        return;
    m_summary = summariseRfm(m_customers, rules(), &m_segments);
    m_grid->setSummary(m_summary);
    showSegments();
}

void RfmPanel::showSegments() {
    const auto& segments = m_summary.segments;
    m_segmentTable->setRowCount(int(segments.size()));
    for (int r = 0; r < int(segments.size()); ++r) {
        const RfmSummary::Segment& s = segments[std::size_t(r)];
        auto* name = new QTableWidgetItem(toQString(s.name));
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        m_segmentTable->setItem(r, 0, name);
        m_segmentTable->setItem(r, 1, numberItem(formatCount(s.customers)));
        m_segmentTable->setItem(r, 2,
                                numberItem(formatPercent(s.customers, m_summary.totalCustomers)));
        m_segmentTable->setItem(
            r, 3,
            numberItem(m_summary.totalRevenue != 0.0
                           ? QStringLiteral("%1%").arg(100.0 * s.revenue / m_summary.totalRevenue,
                                                       0, 'f', 1)
                           : QStringLiteral("–")));
        const bool any = s.customers > 0;
        m_segmentTable->setItem(
            r, 4, numberItem(any ? QString::number(s.meanRecency, 'f', 0) : QStringLiteral("–")));
        m_segmentTable->setItem(
            r, 5, numberItem(any ? QString::number(s.meanFrequency, 'f', 1) : QStringLiteral("–")));
        m_segmentTable->setItem(
            r, 6, numberItem(any ? QString::number(s.meanMonetary, 'f', 0) : QStringLiteral("–")));
    }
}

bool RfmPanel::isBusy() const {
    return m_job && m_job->isRunning();
}

void RfmPanel::updateActions() {
    const QString why = m_form->problem();
    m_compute->setEnabled(why.isEmpty() && !isBusy());
    m_compute->setToolTip(!why.isEmpty() ? why
                          : isBusy()     ? tr("Working: cancel it in the status bar.")
                                         : tr("Score every customer; nothing is stored yet."));
    QString saveWhy = !m_customers.empty() ? QString() : tr("Compute RFM first.");
    if (saveWhy.isEmpty() && m_output->text().trimmed().isEmpty())
        saveWhy = tr("Name the new table.");
    m_save->setEnabled(saveWhy.isEmpty() && !isBusy());
    m_save->setToolTip(!saveWhy.isEmpty()
                           ? saveWhy
                           : tr("Store recency, frequency, monetary, scores and segments (as "
                                "the rules now say) as a new table."));
}

core::RfmRequest RfmPanel::request() const {
    core::RfmRequest request;
    m_form->fill(request);
    if (!m_dayAfterLast->isChecked())
        request.analysisDate = std::int32_t(kEpoch.daysTo(m_analysisDate->date()));
    request.segmentRules = rules();
    return request;
}

void RfmPanel::watch(Job* job, const QString& failure) {
    m_job = job;
    connect(job, &Job::finished, this, [this, job, failure](Job::Outcome outcome) {
        job->deleteLater();
        if (outcome == Job::Outcome::Failed)
            showErrorDialog(this, failure, job->error());
        else if (outcome == Job::Outcome::Cancelled)
            m_status->setText(tr("Cancelled: nothing changed."));
        updateActions();
        emit busyChanged();
    });
    updateActions();
    emit busyChanged();
    emit jobStarted(job);
}

Job* RfmPanel::startCompute(core::CancelToken token) {
    updateActions();
    if (!m_compute->isEnabled())
        return nullptr;
    const core::RfmRequest request = this->request();
    const std::string path = m_workspace->path();
    Job* job = runJob<core::RfmReport>(
        this, tr("RFM of %1").arg(m_form->table()),
        [path, request](core::Progress& progress, const core::CancelToken& cancel) {
            return rfmTask(path, request, progress, cancel);
        },
        std::function<void(core::RfmReport&)>([this, path, request](core::RfmReport& report) {
            if (!m_workspace || m_workspace->path() != path)
                return;
            m_computed = request;
            m_customers = std::move(report.customers);
            QString text = tr("%1 customers from %2 rows of %3; analysis date %4.")
                               .arg(formatCount(std::int64_t(m_customers.size())),
                                    formatCount(report.rowsRead), toQString(report.sourceTable),
                                    toQString(core::isoDate(report.analysisDate)));
            if (report.halfLifeDays)
                text += QLatin1Char(' ') + tr("F and M scored on time-decayed values "
                                              "(half-life %1 days).")
                                               .arg(*report.halfLifeDays);
            for (const auto& warning : report.warnings)
                text += QLatin1Char(' ') + toQString(warning);
            m_status->setText(text);
            if (m_dayAfterLast->isChecked())
                m_analysisDate->setDate(kEpoch.addDays(report.analysisDate));
            relabel();
        }),
        std::move(token));
    watch(job, tr("Could not compute RFM"));
    return job;
}

Job* RfmPanel::startSave(core::CancelToken token) {
    updateActions();
    if (!m_save->isEnabled())
        return nullptr;
    core::RfmRequest request = m_computed;
    request.segmentRules = rules();
    request.outputTable = toStdString(m_output->text().trimmed());
    const std::string path = m_workspace->path();
    Job* job = runJob<core::RfmReport>(
        this, tr("Saving RFM as %1").arg(toQString(request.outputTable)),
        [path, request](core::Progress& progress, const core::CancelToken& cancel) {
            return rfmTask(path, request, progress, cancel);
        },
        std::function<void(core::RfmReport&)>([this, path](core::RfmReport& report) {
            if (!m_workspace || m_workspace->path() != path)
                return;
            m_status->setText(tr("Stored RFM scores and segments of %1 customers in table "
                                 "\"%2\".")
                                  .arg(formatCount(std::int64_t(report.customers.size())),
                                       toQString(report.outputTable)));
            emit tableCreated(toQString(report.outputTable));
            m_output->setText(freshTableName(*m_workspace, "rfm"));
        }),
        std::move(token));
    watch(job, tr("Could not save the RFM table"));
    return job;
}

} // namespace microseg::ui
