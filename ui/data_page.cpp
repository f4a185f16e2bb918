#include "data_page.h"

#include "column_profile_panel.h"
#include "dataset_info_panel.h"
#include "dataset_item_delegate.h"
#include "error_dialog.h"
#include "import_dialog.h"
#include "job.h"
#include "microseg/table_reader.h"
#include "table_model.h"
#include "text_format.h"

#include <QAction>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace microseg::ui {
namespace {

constexpr int kTableRole = Qt::UserRole + 1;
constexpr int kMaxInitialColumnWidth = 260;

QLabel* makeHeading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

DataPage::DataPage(QWidget* parent) : WorkflowPage(parent) {
    // Left: datasets and tables.
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(8, 8, 4, 8);
    leftLayout->addWidget(makeHeading(tr("Datasets"), left));
    m_tableList = new QListWidget(left);
    m_tableList->setObjectName(QStringLiteral("tableList"));
    m_tableList->setItemDelegate(new DatasetItemDelegate(m_tableList));
    m_tableList->setUniformItemSizes(true);
    leftLayout->addWidget(m_tableList, 1);
    m_importButton = new QToolButton(left);
    m_importButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_importButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    leftLayout->addWidget(m_importButton);

    // Centre: the grid, or a short explanation when there is nothing to show.
    m_centre = new QStackedWidget(this);
    auto* empty = new QWidget(m_centre);
    auto* emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    m_emptyTitle = new QLabel(empty);
    QFont titleFont = m_emptyTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    m_emptyTitle->setFont(titleFont);
    m_emptyTitle->setAlignment(Qt::AlignCenter);
    m_emptyHint = new QLabel(empty);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    m_emptyImportButton = new QToolButton(empty);
    m_emptyImportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    emptyLayout->addWidget(m_emptyTitle);
    emptyLayout->addWidget(m_emptyHint);
    emptyLayout->addWidget(m_emptyImportButton, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(2);
    m_centre->addWidget(empty);

    auto* grid = new QWidget(m_centre);
    auto* gridLayout = new QVBoxLayout(grid);
    gridLayout->setContentsMargins(4, 8, 4, 8);
    // A heading in line with "Datasets" and "Column": what the grid shows and how to use it.
    auto* heading = new QHBoxLayout;
    m_tableTitle = makeHeading(QString(), grid);
    m_tableSummary = new QLabel(grid);
    m_tableSummary->setForegroundRole(QPalette::PlaceholderText);
    heading->addWidget(m_tableTitle);
    heading->addSpacing(8);
    heading->addWidget(m_tableSummary, 1);
    gridLayout->addLayout(heading);
    m_readError = new QLabel(grid);
    m_readError->setWordWrap(true);
    m_readError->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_readError->hide();
    m_model = new TableModel(this);
    m_tableView = new QTableView(grid);
    m_tableView->setObjectName(QStringLiteral("tableView"));
    m_tableView->setModel(m_model);
    m_tableView->setWordWrap(false);
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setTextElideMode(Qt::ElideRight);
    m_tableView->horizontalHeader()->setHighlightSections(true);
    m_tableView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Fixed row heights: the view never measures a million rows.
    QHeaderView* rows = m_tableView->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 8);
    gridLayout->addWidget(m_readError);
    gridLayout->addWidget(m_tableView, 1);
    m_centre->addWidget(grid);

    // Right: column profile and import details, scrollable when the window is short.
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(4, 8, 8, 8);
    m_profile = new ColumnProfilePanel(right);
    m_datasetInfo = new DatasetInfoPanel(right);
    rightLayout->addWidget(m_profile);
    rightLayout->addWidget(m_datasetInfo);
    rightLayout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(right);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_details = scroll;

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_centre);
    m_splitter->addWidget(scroll);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({220, 700, 300});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_tableList, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* current) {
        showTable(current ? toStdString(current->data(kTableRole).toString()) : std::string());
    });
    connect(m_tableView->horizontalHeader(), &QHeaderView::sectionClicked, this,
            &DataPage::profileColumn);
    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    profileColumn(current.column());
            });
    connect(m_model, &TableModel::readFailed, this, [this](const QString& message) {
        m_readError->setText(tr("Some rows could not be read: %1").arg(message));
        m_readError->show();
    });
    connect(m_profile, &ColumnProfilePanel::busyChanged, this, &WorkflowPage::busyChanged);
    updateEmptyState();
}

DataPage::~DataPage() = default;

QIcon DataPage::icon() const {
    return sidebarIcon(QStringLiteral("data"));
}

void DataPage::setImportAction(QAction* action) {
    m_importAction = action;
    m_importButton->setDefaultAction(action);
    m_emptyImportButton->setDefaultAction(action);
}

bool DataPage::isBusy() const {
    return m_profile->isBusy();
}

void DataPage::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    m_workspace = std::move(workspace);
    m_tableList->clear(); // also clears the grid through currentItemChanged
    showTable({});
    refresh();
}

void DataPage::refresh() {
    const std::string selected = currentTable();
    {
        const QSignalBlocker blocker(m_tableList);
        m_tableList->clear();
    }
    if (m_workspace) {
        std::vector<std::string> datasetTables;
        for (const core::DatasetInfo& dataset : m_workspace->datasets()) {
            auto* item = new QListWidgetItem(toQString(dataset.name));
            item->setData(kTableRole, toQString(dataset.tableName));
            item->setData(
                DatasetItemDelegate::kSubtitleRole,
                tr("%1 rows × %2 columns")
                    .arg(formatCount(dataset.rowCount), formatCount(dataset.columnCount)));
            item->setToolTip(tr("%1\nImported from %2")
                                 .arg(toQString(dataset.name), toQString(dataset.sourceFile)));
            m_tableList->addItem(item);
            datasetTables.push_back(dataset.tableName);
        }
        // Derived tables (later: cleaned data, features, segments) follow the raw datasets.
        for (const std::string& table : m_workspace->tableNames()) {
            if (std::find(datasetTables.begin(), datasetTables.end(), table) != datasetTables.end())
                continue;
            auto reader = core::TableReader::open(*m_workspace, table);
            auto* item = new QListWidgetItem(toQString(table));
            item->setData(kTableRole, toQString(table));
            item->setData(DatasetItemDelegate::kSubtitleRole,
                          reader.ok() ? tr("%1 rows × %2 columns")
                                            .arg(formatCount(reader.value().rowCount()),
                                                 formatCount(static_cast<std::int64_t>(
                                                     reader.value().columnNames().size())))
                                      : tr("cannot be read"));
            m_tableList->addItem(item);
        }
    }
    updateEmptyState();
    if (!selected.empty() && !selectTable(selected))
        showTable({});
}

bool DataPage::selectTable(const std::string& tableName) {
    const QString wanted = toQString(tableName);
    for (int row = 0; row < m_tableList->count(); ++row) {
        if (m_tableList->item(row)->data(kTableRole).toString() == wanted) {
            if (m_tableList->currentRow() == row && currentTable() == m_model->tableName())
                return true;
            m_tableList->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

std::string DataPage::currentTable() const {
    const QListWidgetItem* item = m_tableList->currentItem();
    return item ? toStdString(item->data(kTableRole).toString()) : std::string();
}

void DataPage::selectDefaultContent(const QString& item) {
    if (!m_tableList->currentItem() && m_tableList->count() > 0)
        m_tableList->setCurrentRow(0);
    for (int column = 0; !item.isEmpty() && column < m_model->columnCount(); ++column) {
        if (toQString(m_model->columnName(column)) == item) {
            m_tableView->setCurrentIndex(m_model->index(0, column));
            m_tableView->scrollTo(m_model->index(0, column));
            profileColumn(column);
        }
    }
}

void DataPage::showTable(const std::string& tableName) {
    m_profiledColumn = -1;
    m_readError->hide();
    m_profile->clear();
    if (!m_workspace || tableName.empty()) {
        m_model->clear();
        m_datasetInfo->setDataset(std::nullopt);
        updateEmptyState();
        return;
    }
    if (auto status = m_model->setTable(m_workspace, tableName); !status.ok()) {
        showErrorDialog(window(), tr("Could not show the table"), status.error());
    }
    const auto dataset = m_workspace->datasetByTable(tableName);
    m_datasetInfo->setDataset(dataset);
    m_tableTitle->setText(dataset ? toQString(dataset->name) : toQString(tableName));
    m_tableSummary->setText(
        tr("%1 rows × %2 columns · click a column to see its profile")
            .arg(formatCount(m_model->rowCount()), formatCount(m_model->columnCount())));
    updateEmptyState();
    fitColumns();
    if (m_model->columnCount() > 0) {
        // Start with the first column selected so the profile panel has something to say.
        m_tableView->setCurrentIndex(m_model->index(0, 0));
        profileColumn(0);
    }
}

void DataPage::fitColumns() {
    // Sized from the rows in view (Qt samples at most resizeContentsPrecision rows), then capped
    // so that one long text column does not push every other one out of sight.
    m_tableView->resizeColumnsToContents();
    QHeaderView* header = m_tableView->horizontalHeader();
    for (int section = 0; section < header->count(); ++section) {
        if (header->sectionSize(section) > kMaxInitialColumnWidth)
            header->resizeSection(section, kMaxInitialColumnWidth);
    }
}

void DataPage::profileColumn(int section) {
    if (!m_workspace || section < 0 || section >= m_model->columnCount() ||
        section == m_profiledColumn)
        return;
    m_profiledColumn = section;
    m_profile->showColumn(toQString(m_workspace->path()), m_model->tableName(),
                          m_model->columnName(section));
}

void DataPage::updateEmptyState() {
    const bool hasTable = m_model->columnCount() > 0 || !m_model->tableName().empty();
    if (!m_workspace) {
        m_emptyTitle->setText(tr("No workspace open"));
        m_emptyHint->setText(tr("Create a workspace with File ▸ New Workspace, or open one with "
                                "File ▸ Open."));
    } else if (m_tableList->count() == 0) {
        m_emptyTitle->setText(tr("No data yet"));
        m_emptyHint->setText(tr("Import a CSV file to start, or drop one onto this window."));
    } else {
        m_emptyTitle->setText(tr("No table selected"));
        m_emptyHint->setText(tr("Select a dataset on the left."));
    }
    m_emptyImportButton->setVisible(m_workspace && m_tableList->count() == 0);
    m_centre->setCurrentIndex(hasTable && m_workspace ? 1 : 0);
    // Without a table there is no column to profile: give the room to the explanation.
    m_details->setVisible(hasTable && m_workspace);
}

void DataPage::showImportDialog(const QString& filePath) {
    if (!m_workspace)
        return;
    auto* dialog = new ImportDialog(m_workspace, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!filePath.isEmpty())
        dialog->setFilePath(filePath);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { startImport(dialog->request()); });
    // open(), not exec(): the dialog is window-modal without a nested event loop.
    dialog->open();
}

void DataPage::startImport(const core::ImportRequest& request) {
    if (!m_workspace)
        return;
    const std::string workspacePath = m_workspace->path();
    const QString fileName = QFileInfo(toQString(request.filePath)).fileName();
    Job* job = runJob<core::ImportReport>(
        this, tr("Import of %1").arg(fileName),
        [workspacePath, request](core::Progress& progress, const core::CancelToken& cancel) {
            // core opens its own connection to the file: this runs on a worker thread.
            return core::importCsv(workspacePath, request, progress, cancel);
        },
        std::function<void(core::ImportReport&)>([this, workspacePath](core::ImportReport& report) {
            // The user may have switched workspaces while the import ran.
            if (!m_workspace || m_workspace->path() != workspacePath)
                return;
            refresh();
            selectTable(report.dataset.tableName);
        }));
    connect(job, &Job::finished, job, &QObject::deleteLater);
    emit jobStarted(job);
}

} // namespace microseg::ui
