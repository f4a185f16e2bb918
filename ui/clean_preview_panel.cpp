#include "clean_preview_panel.h"

#include "clean_step_list.h"
#include "text_format.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace microseg::ui {

namespace clean = core::clean;

namespace {

QTableWidgetItem* cellItem(const core::Cell& cell) {
    auto* item = new QTableWidgetItem(cell ? toQString(*cell) : QObject::tr("(missing)"));
    if (!cell)
        item->setForeground(QColor(0x80, 0x80, 0x80));
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

QTableWidget* sampleTable(QWidget* parent, const QString& name) {
    auto* table = new QTableWidget(parent);
    table->setObjectName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(22);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    return table;
}

} // namespace

CleanPreviewPanel::CleanPreviewPanel(QWidget* parent) : QWidget(parent) {
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("previewSummary"));
    m_summary->setWordWrap(true);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_issues = new QLabel(this);
    m_issues->setObjectName(QStringLiteral("previewIssues"));
    m_issues->setWordWrap(true);
    m_issues->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    auto* top = new QWidget(splitter);
    m_changesBox = top;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    m_changesTitle = new QLabel(tr("Changed cells"), top);
    m_changes = sampleTable(top, QStringLiteral("previewChanges"));
    m_changes->setColumnCount(4);
    m_changes->setHorizontalHeaderLabels({tr("Row"), tr("Column"), tr("Before"), tr("After")});
    topLayout->addWidget(m_changesTitle);
    topLayout->addWidget(m_changes, 1);
    auto* bottom = new QWidget(splitter);
    m_droppedBox = bottom;
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_droppedTitle = new QLabel(tr("Rows it would drop"), bottom);
    m_dropped = sampleTable(bottom, QStringLiteral("previewDropped"));
    bottomLayout->addWidget(m_droppedTitle);
    bottomLayout->addWidget(m_dropped, 1);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_issues);
    layout->addWidget(splitter, 1);
    showMessage(tr("No step selected."));
}

void CleanPreviewPanel::showMessage(const QString& message) {
    m_summary->setText(message);
    m_summary->setStyleSheet(QString());
    m_issues->clear();
    m_issues->hide();
    m_changes->setRowCount(0);
    m_dropped->setRowCount(0);
    m_dropped->setColumnCount(0);
    m_changesBox->hide();
    m_droppedBox->hide();
}

void CleanPreviewPanel::showPreview(const clean::StepPreview& preview,
                                    const std::vector<std::string>& columns) {
    const clean::StepReport& report = preview.report;
    if (report.status == clean::StepStatus::Skipped) {
        showMessage(tr("This step cannot run: %1").arg(toQString(report.message)));
        m_summary->setStyleSheet(QStringLiteral("color: #b01c1c;"));
        return;
    }
    m_summary->setStyleSheet(QString());
    m_summary->setText(tr("Rows %1 → %2: %3")
                           .arg(formatCount(report.rowsBefore), formatCount(report.rowsAfter),
                                stepSummary(report)));
    QStringList issues;
    for (const clean::StepIssue& issue : report.issues) {
        QString line = toQString(issue.message);
        if (!issue.examples.empty()) {
            QStringList examples;
            for (const auto& example : issue.examples)
                examples << QStringLiteral("“%1”").arg(toQString(example));
            line += tr(" (e.g. %1)").arg(examples.join(QStringLiteral(", ")));
        }
        issues << line;
    }
    if (!report.columnsAdded.empty()) {
        QStringList added;
        for (const auto& column : report.columnsAdded)
            added << toQString(column);
        issues << tr("New columns: %1").arg(added.join(QStringLiteral(", ")));
    }
    for (const auto& rename : report.columnsRenamed)
        issues << tr("Renamed: %1").arg(toQString(rename));
    m_issues->setText(issues.join(QLatin1Char('\n')));
    m_issues->setVisible(!issues.isEmpty());

    m_changes->setRowCount(static_cast<int>(preview.changes.size()));
    for (int r = 0; r < static_cast<int>(preview.changes.size()); ++r) {
        const clean::CellChange& change = preview.changes[static_cast<std::size_t>(r)];
        auto* row = new QTableWidgetItem(QString::number(change.rawRow));
        row->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_changes->setItem(r, 0, row);
        m_changes->setItem(r, 1, new QTableWidgetItem(toQString(change.column)));
        m_changes->setItem(r, 2, cellItem(change.before));
        m_changes->setItem(r, 3, cellItem(change.after));
    }
    m_changes->resizeColumnsToContents();
    m_changesTitle->setText(report.cellsChanged > static_cast<std::int64_t>(preview.changes.size())
                                ? tr("Changed cells (first %1 of %2)")
                                      .arg(preview.changes.size())
                                      .arg(formatCount(report.cellsChanged))
                                : tr("Changed cells"));

    QStringList header{tr("Row")};
    for (const auto& column : columns)
        header << toQString(column);
    m_dropped->setColumnCount(static_cast<int>(header.size()));
    m_dropped->setHorizontalHeaderLabels(header);
    m_dropped->setRowCount(static_cast<int>(preview.droppedRows.size()));
    for (int r = 0; r < static_cast<int>(preview.droppedRows.size()); ++r) {
        const std::size_t i = static_cast<std::size_t>(r);
        if (i < preview.droppedRawRows.size())
            m_dropped->setItem(r, 0, new QTableWidgetItem(QString::number(preview.droppedRawRows[i])));
        const core::Row& values = preview.droppedRows[i];
        for (int c = 0; c < static_cast<int>(values.size()) && c + 1 < header.size(); ++c)
            m_dropped->setItem(r, c + 1, cellItem(values[static_cast<std::size_t>(c)]));
    }
    m_dropped->resizeColumnsToContents();
    // An empty sample gives its room to the other one.
    m_changesBox->setVisible(!preview.changes.empty() || preview.droppedRows.empty());
    m_droppedBox->setVisible(!preview.droppedRows.empty());
    m_droppedTitle->setText(report.rowsDropped > static_cast<std::int64_t>(preview.droppedRows.size())
                                ? tr("Rows it would drop (first %1 of %2)")
                                      .arg(preview.droppedRows.size())
                                      .arg(formatCount(report.rowsDropped))
                                : tr("Rows it would drop: %1").arg(formatCount(report.rowsDropped)));
}

} // namespace microseg::ui
