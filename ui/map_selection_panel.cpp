#include "map_selection_panel.h"

#include "job.h"
#include "map_tasks.h"
#include "microseg/selection_store.h"
#include "microseg/workspace.h"
#include "presentation_settings.h"
#include "text_format.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace microseg::ui {
namespace {
constexpr int kSelectionIdRole = Qt::UserRole + 1;

QTableWidget* makeTable(QWidget* parent, const QString& objectName) {
    auto* table = new QTableWidget(parent);
    table->setObjectName(objectName);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}
} // namespace

MapSelectionPanel::MapSelectionPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_currentLabel = new QLabel(this);
    m_currentLabel->setWordWrap(true);
    layout->addWidget(m_currentLabel);
    auto* saveRow = new QHBoxLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("selectionName"));
    m_name->setPlaceholderText(tr("Name of the selection"));
    m_save = new QPushButton(tr("Save selection"), this);
    m_save->setObjectName(QStringLiteral("saveSelection"));
    m_inspect = new QPushButton(tr("List rows"), this);
    saveRow->addWidget(m_name, 1);
    saveRow->addWidget(m_save);
    saveRow->addWidget(m_inspect);
    layout->addLayout(saveRow);

    auto* savedTitle = new QLabel(tr("Saved selections"), this);
    QFont bold = savedTitle->font();
    bold.setBold(true);
    savedTitle->setFont(bold);
    layout->addWidget(savedTitle);
    m_saved = makeTable(this, QStringLiteral("savedSelections"));
    m_saved->setColumnCount(3);
    m_saved->setHorizontalHeaderLabels({tr("Name"), tr("Rows"), tr("Created")});
    m_saved->setSelectionMode(QAbstractItemView::SingleSelection);
    m_saved->setMaximumHeight(150);
    layout->addWidget(m_saved);
    auto* savedButtons = new QHBoxLayout;
    m_showSaved = new QPushButton(tr("Show on map and list rows"), this);
    m_deleteSaved = new QPushButton(tr("Delete"), this);
    savedButtons->addWidget(m_showSaved);
    savedButtons->addWidget(m_deleteSaved);
    savedButtons->addStretch(1);
    layout->addLayout(savedButtons);

    auto* membersRow = new QHBoxLayout;
    m_membersLabel = new QLabel(this);
    m_membersLabel->setWordWrap(true);
    m_inGrid = new QPushButton(tr("Show in Data page"), this);
    m_inGrid->setToolTip(tr("Select these rows in the Data page's grid of the whole table."));
    m_inGrid->setEnabled(false);
    membersRow->addWidget(m_membersLabel, 1);
    membersRow->addWidget(m_inGrid);
    layout->addLayout(membersRow);
    m_members = makeTable(this, QStringLiteral("selectionMembers"));
    layout->addWidget(m_members, 1);
    connect(&PresentationSettings::instance(), &PresentationSettings::maskingChanged, m_members,
            [this] { applyPersonalDataMasking(m_members, 1); });

    connect(m_save, &QPushButton::clicked, this, [this] {
        auto saved = saveCurrent(m_name->text());
        if (!saved.ok())
            QMessageBox::warning(this, tr("Save selection"), toQString(saved.error().message));
    });
    connect(m_name, &QLineEdit::returnPressed, m_save, &QPushButton::click);
    connect(m_name, &QLineEdit::textChanged, this, &MapSelectionPanel::updateActions);
    connect(m_inspect, &QPushButton::clicked, this,
            [this] { showMembers(tr("Selected on the map"), m_current); });
    connect(m_saved, &QTableWidget::itemSelectionChanged, this, &MapSelectionPanel::updateActions);
    connect(m_saved, &QTableWidget::itemDoubleClicked, this, [this] { showSaved(true); });
    connect(m_showSaved, &QPushButton::clicked, this, [this] { showSaved(true); });
    connect(m_deleteSaved, &QPushButton::clicked, this, &MapSelectionPanel::deleteSaved);
    connect(m_inGrid, &QPushButton::clicked, this,
            [this] { emit showInDataGrid(toQString(m_listedTable), m_listedRows); });
    setCurrentSelection({});
}

void MapSelectionPanel::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    if (m_job)
        m_job->cancel();
    m_workspace = std::move(workspace);
    m_table.clear();
    m_sourceJson.clear();
    m_members->clear();
    m_members->setRowCount(0);
    m_members->setColumnCount(0);
    m_membersLabel->clear();
    m_listedRows.clear();
    m_inGrid->setEnabled(false);
    setCurrentSelection({});
    refresh();
}

void MapSelectionPanel::setMap(std::string table, std::string sourceJson) {
    m_table = std::move(table);
    m_sourceJson = std::move(sourceJson);
    setCurrentSelection({});
}

void MapSelectionPanel::setCurrentSelection(std::vector<std::int64_t> rows) {
    m_current = std::move(rows);
    m_currentLabel->setText(
        m_table.empty() ? tr("Run a map, then select points with the rectangle or lasso tool.")
        : m_current.empty()
            ? tr("No points selected: drag with the rectangle or lasso tool (or hold Shift or "
                 "Ctrl while dragging).")
            : tr("%1 points selected (rows of %2).")
                  .arg(formatCount(static_cast<std::int64_t>(m_current.size())),
                       toQString(m_table)));
    updateActions();
}

void MapSelectionPanel::updateActions() {
    const bool haveSelection = m_workspace && !m_table.empty() && !m_current.empty();
    m_save->setEnabled(haveSelection && !m_name->text().trimmed().isEmpty());
    m_save->setToolTip(haveSelection ? tr("Store these rows under the name; segments are built "
                                          "from saved selections.")
                                     : tr("Select points on the map first."));
    m_inspect->setEnabled(haveSelection);
    const bool savedChosen = !m_saved->selectedItems().isEmpty();
    m_showSaved->setEnabled(savedChosen);
    m_deleteSaved->setEnabled(savedChosen);
}

core::Result<std::int64_t> MapSelectionPanel::saveCurrent(const QString& name) {
    if (!m_workspace || m_table.empty())
        return core::Error{core::ErrorCode::InvalidArgument, "Run a map first.", {}, 0, 0, {}};
    core::Selection selection;
    selection.name = name.trimmed().toStdString();
    QJsonObject source = QJsonDocument::fromJson(QByteArray::fromStdString(m_sourceJson)).object();
    source.insert(QStringLiteral("rows_of"), toQString(m_table));
    selection.sourceJson = QJsonDocument(source).toJson(QJsonDocument::Compact).toStdString();
    selection.members = m_current;
    auto id = core::saveSelection(*m_workspace, selection);
    if (id.ok()) {
        refresh();
        m_name->clear();
        for (int row = 0; row < m_saved->rowCount(); ++row)
            if (m_saved->item(row, 0)->data(kSelectionIdRole).toLongLong() == id.value())
                m_saved->selectRow(row);
    }
    return id;
}

void MapSelectionPanel::refresh() {
    const QSignalBlocker blocker(m_saved);
    m_saved->setRowCount(0);
    if (m_workspace) {
        const std::vector<core::Selection> saved = core::selections(*m_workspace);
        m_saved->setRowCount(static_cast<int>(saved.size()));
        for (int row = 0; row < static_cast<int>(saved.size()); ++row) {
            const core::Selection& selection = saved[static_cast<std::size_t>(row)];
            auto* name = new QTableWidgetItem(toQString(selection.name));
            name->setData(kSelectionIdRole, static_cast<qlonglong>(selection.id));
            m_saved->setItem(row, 0, name);
            auto* count = new QTableWidgetItem(formatCount(selection.rows));
            count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_saved->setItem(row, 1, count);
            m_saved->setItem(row, 2, new QTableWidgetItem(toQString(selection.createdAt)));
        }
        m_saved->resizeColumnsToContents();
    }
    updateActions();
}

void MapSelectionPanel::showSaved(bool alsoOnMap) {
    const QList<QTableWidgetItem*> chosen = m_saved->selectedItems();
    if (chosen.isEmpty() || !m_workspace)
        return;
    const std::int64_t id =
        m_saved->item(chosen.front()->row(), 0)->data(kSelectionIdRole).toLongLong();
    auto selection = core::loadSelection(*m_workspace, id);
    if (!selection.ok()) {
        m_membersLabel->setText(toQString(selection.error().message));
        return;
    }
    const QJsonObject source =
        QJsonDocument::fromJson(QByteArray::fromStdString(selection.value().sourceJson)).object();
    const std::string table = source.value(QStringLiteral("rows_of")).toString().toStdString();
    if (alsoOnMap && table == m_table)
        emit selectOnMap(selection.value().members);
    // Rows are listed from the selection's own table, whatever map is shown.
    const std::string shownTable = m_table;
    if (!table.empty())
        m_table = table;
    showMembers(toQString(selection.value().name), selection.value().members);
    m_table = shownTable;
}

void MapSelectionPanel::deleteSaved() {
    const QList<QTableWidgetItem*> chosen = m_saved->selectedItems();
    if (chosen.isEmpty() || !m_workspace)
        return;
    const std::int64_t id =
        m_saved->item(chosen.front()->row(), 0)->data(kSelectionIdRole).toLongLong();
    if (core::Status status = core::deleteSelection(*m_workspace, id); !status.ok())
        QMessageBox::warning(this, tr("Delete selection"), toQString(status.error().message));
    refresh();
}

Job* MapSelectionPanel::showMembers(const QString& title, std::vector<std::int64_t> rows) {
    if (!m_workspace || m_table.empty() || rows.empty())
        return nullptr;
    if (m_job)
        m_job->cancel();
    const std::uint64_t generation = ++m_generation;
    const auto total = static_cast<std::int64_t>(rows.size());
    m_listedTable = m_table;
    m_listedRows = rows;
    m_inGrid->setEnabled(true);
    if (rows.size() > static_cast<std::size_t>(kMemberRowLimit))
        rows.resize(static_cast<std::size_t>(kMemberRowLimit));
    m_membersLabel->setText(tr("%1: reading rows…").arg(title));
    const std::string path = m_workspace->path();
    const std::string table = m_table;
    Job* job = runJob<MemberRows>(
        this, tr("Rows of \"%1\"").arg(title),
        [path, table, rows](core::Progress& progress, const core::CancelToken& cancel) {
            return loadMemberRows(path, table, rows, progress, cancel);
        },
        std::function<void(MemberRows&)>([this, generation, title, total, table](MemberRows& read) {
            if (generation != m_generation)
                return;
            m_members->clear();
            m_members->setColumnCount(static_cast<int>(read.header.size()) + 1);
            QStringList headers{tr("Row")};
            for (const std::string& column : read.header)
                headers << toQString(column);
            m_members->setHorizontalHeaderLabels(headers);
            m_members->setRowCount(static_cast<int>(read.rows.size()));
            for (int r = 0; r < static_cast<int>(read.rows.size()); ++r) {
                auto* number = new QTableWidgetItem(
                    QString::number(read.members[static_cast<std::size_t>(r)]));
                number->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                m_members->setItem(r, 0, number);
                const auto& cells = read.rows[static_cast<std::size_t>(r)];
                for (int c = 0; c < static_cast<int>(cells.size()); ++c)
                    m_members->setItem(r, c + 1,
                                       new QTableWidgetItem(cells[static_cast<std::size_t>(c)]));
            }
            applyPersonalDataMasking(m_members, 1); // presentation mode: no emails on the screen
            m_members->resizeColumnsToContents();
            m_membersLabel->setText(
                read.rows.size() < static_cast<std::size_t>(total)
                    ? tr("%1: the first %2 of %3 rows of %4.")
                          .arg(title, formatCount(static_cast<std::int64_t>(read.rows.size())),
                               formatCount(total), toQString(table))
                    : tr("%1: %2 rows of %3.").arg(title, formatCount(total), toQString(table)));
        }));
    connect(job, &Job::finished, this, [this, job, generation, title](Job::Outcome outcome) {
        job->deleteLater();
        if (generation == m_generation && outcome == Job::Outcome::Failed)
            m_membersLabel->setText(tr("%1: %2").arg(title, toQString(job->error().message)));
        if (m_job == job) {
            m_job = nullptr;
            emit busyChanged(isBusy());
        }
    });
    m_job = job;
    emit jobStarted(job);
    emit busyChanged(true);
    return job;
}

bool MapSelectionPanel::isBusy() const {
    return m_job && m_job->isRunning();
}

void selectGridRows(QTableView* view, const std::vector<std::int64_t>& rows) {
    QAbstractItemModel* model = view->model();
    if (!model || rows.empty())
        return;
    const int columns = model->columnCount();
    const int count = model->rowCount();
    QItemSelection selection;
    std::size_t i = 0;
    while (i < rows.size()) {
        std::size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        const int first = static_cast<int>(rows[i] - 1), last = static_cast<int>(rows[j] - 1);
        if (first >= 0 && last < count && columns > 0)
            selection.select(model->index(first, 0), model->index(last, columns - 1));
        i = j + 1;
    }
    view->selectionModel()->select(selection,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (rows.front() >= 1 && rows.front() <= count)
        view->scrollTo(model->index(static_cast<int>(rows.front() - 1), 0),
                       QAbstractItemView::PositionAtTop);
}

} // namespace microseg::ui
