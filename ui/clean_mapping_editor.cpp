#include "clean_mapping_editor.h"

#include "error_dialog.h"
#include "job.h"
#include "text_format.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace microseg::ui {

namespace clean = core::clean;

namespace {
constexpr const char* kMapType = "map_values";
}

CleanMappingEditor::CleanMappingEditor(QWidget* parent) : QWidget(parent) {
    m_info = new QLabel(this);
    m_info->setWordWrap(true);
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("groupMethod"));
    m_method->addItem(tr("Same words (fingerprint)"));
    m_method->addItem(tr("Same letter pairs (2-gram fingerprint)"));
    m_method->addItem(tr("One edit apart (Levenshtein ≤ 1)"));
    m_method->addItem(tr("Two edits apart (Levenshtein ≤ 2)"));
    m_suggest = new QPushButton(tr("Suggest groups"), this);
    m_suggest->setObjectName(QStringLiteral("suggestGroups"));
    m_groups = new QTreeWidget(this);
    m_groups->setObjectName(QStringLiteral("suggestedGroups"));
    m_groups->setColumnCount(2);
    m_groups->setHeaderLabels({tr("Group: canonical value, then its spellings"), tr("Rows")});
    m_groups->header()->setStretchLastSection(false);
    m_groups->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_groups->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_groups->setToolTip(tr("Double-click a group's first line to edit its canonical value; untick "
                            "spellings that do not belong."));
    m_accept = new QPushButton(tr("Accept group"), this);
    m_accept->setObjectName(QStringLiteral("acceptGroup"));
    m_acceptAll = new QPushButton(tr("Accept all"), this);
    m_reject = new QPushButton(tr("Reject group"), this);
    m_reject->setObjectName(QStringLiteral("rejectGroup"));
    m_mapping = new QTableWidget(0, 2, this);
    m_mapping->setObjectName(QStringLiteral("mappingTable"));
    m_mapping->setHorizontalHeaderLabels({tr("Value"), tr("Canonical value (empty: missing)")});
    m_mapping->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_mapping->verticalHeader()->hide();
    m_mapping->verticalHeader()->setDefaultSectionSize(22);
    m_addRow = new QPushButton(tr("Add row"), this);
    m_removeRow = new QPushButton(tr("Remove row"), this);

    auto* top = new QHBoxLayout;
    top->addWidget(m_method, 1);
    top->addWidget(m_suggest);
    auto* groupButtons = new QHBoxLayout;
    groupButtons->addWidget(m_accept);
    groupButtons->addWidget(m_acceptAll);
    groupButtons->addWidget(m_reject);
    groupButtons->addStretch(1);
    auto* mappingButtons = new QHBoxLayout;
    mappingButtons->addWidget(new QLabel(tr("Mapping table"), this));
    mappingButtons->addStretch(1);
    mappingButtons->addWidget(m_addRow);
    mappingButtons->addWidget(m_removeRow);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_info);
    layout->addLayout(top);
    layout->addWidget(m_groups, 3);
    layout->addLayout(groupButtons);
    layout->addLayout(mappingButtons);
    layout->addWidget(m_mapping, 2);

    connect(m_suggest, &QPushButton::clicked, this, [this] { suggest(); });
    connect(m_accept, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem* item = m_groups->currentItem()) {
            QTreeWidgetItem* group = item->parent() ? item->parent() : item;
            acceptGroup(m_groups->indexOfTopLevelItem(group));
        }
    });
    connect(m_acceptAll, &QPushButton::clicked, this, [this] {
        while (m_groups->topLevelItemCount() > 0)
            acceptGroup(0);
    });
    connect(m_reject, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem* item = m_groups->currentItem()) {
            QTreeWidgetItem* group = item->parent() ? item->parent() : item;
            rejectGroup(m_groups->indexOfTopLevelItem(group));
        }
    });
    connect(m_groups, &QTreeWidget::currentItemChanged, this, &CleanMappingEditor::updateActions);
    connect(m_mapping, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            commitMapping();
    });
    connect(m_mapping, &QTableWidget::currentCellChanged, this, &CleanMappingEditor::updateActions);
    connect(m_addRow, &QPushButton::clicked, this, [this] {
        m_filling = true;
        const int row = m_mapping->rowCount();
        m_mapping->insertRow(row);
        m_mapping->setItem(row, 0, new QTableWidgetItem);
        m_mapping->setItem(row, 1, new QTableWidgetItem);
        m_filling = false;
        m_mapping->setCurrentCell(row, 0);
        m_mapping->editItem(m_mapping->item(row, 0));
    });
    connect(m_removeRow, &QPushButton::clicked, this, [this] {
        if (const int row = m_mapping->currentRow(); row >= 0) {
            m_mapping->removeRow(row);
            commitMapping();
        }
    });
    setStep(-1, nullptr, nullptr);
}

void CleanMappingEditor::setStep(int index, const clean::RecipeStep* step, TablePtr before) {
    const bool mapping = step && step->type == kMapType;
    if (mapping && !before && index == m_index)
        before = m_before;  // a check is under way: the table shown so far still serves
    const QString column = mapping && !step->columns.empty() ? toQString(step->columns.front()) : QString();
    const bool sameStep = mapping && index == m_index && m_step.type == kMapType && step->columns == m_step.columns;
    if (!sameStep || column != m_groupsColumn) {
        m_groups->clear();
        m_groupsColumn.clear();
    }
    m_index = mapping ? index : -1;
    const bool refill = !mapping || !(sameStep && step->params == m_step.params);
    m_step = mapping ? *step : clean::RecipeStep{};
    m_before = std::move(before);
    if (!mapping)
        m_info->setText(tr("Select a “Map categories” step (or add one from Add step ▸ Categories) "
                           "to edit its mapping table and see groups of similar spellings."));
    else if (column.isEmpty())
        m_info->setText(tr("Choose the step's column first."));
    else
        m_info->setText(tr("Step %1 maps the values of <b>%2</b>. Suggestions group spellings that "
                           "look alike; accepted groups become rows of the mapping table.")
                            .arg(index + 1)
                            .arg(column.toHtmlEscaped()));
    if (refill)
        fillMapping();
    updateActions();
}

void CleanMappingEditor::fillMapping() {
    m_filling = true;
    m_mapping->setRowCount(0);
    const QJsonObject mapping = m_step.params.value(QStringLiteral("mapping")).toObject();
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
        const int row = m_mapping->rowCount();
        m_mapping->insertRow(row);
        m_mapping->setItem(row, 0, new QTableWidgetItem(it.key()));
        m_mapping->setItem(row, 1, new QTableWidgetItem(it.value().isString() ? it.value().toString() : QString()));
    }
    m_filling = false;
}

void CleanMappingEditor::commitMapping() {
    if (m_index < 0)
        return;
    QJsonObject mapping;
    for (int row = 0; row < m_mapping->rowCount(); ++row) {
        const QTableWidgetItem* value = m_mapping->item(row, 0);
        const QTableWidgetItem* canonical = m_mapping->item(row, 1);
        if (!value || value->text().isEmpty())
            continue;  // a row being typed
        const QString target = canonical ? canonical->text() : QString();
        mapping[value->text()] = target.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(target);
    }
    clean::RecipeStep edited = m_step;
    if (mapping.isEmpty())
        edited.params.remove(QStringLiteral("mapping"));
    else
        edited.params[QStringLiteral("mapping")] = mapping;
    if (edited == m_step)
        return;
    m_step = edited;
    emit stepEdited(m_index, edited);
}

Job* CleanMappingEditor::suggest() {
    if (m_index < 0 || !m_before || m_step.columns.empty() || m_job)
        return nullptr;
    clean::CategoryClusterOptions options;
    switch (m_method->currentIndex()) {
    case 1: options.method = clean::CategoryClusterMethod::NGramFingerprint; break;
    case 2: options.method = clean::CategoryClusterMethod::Levenshtein; options.radius = 1; break;
    case 3: options.method = clean::CategoryClusterMethod::Levenshtein; options.radius = 2; break;
    default: options.method = clean::CategoryClusterMethod::Fingerprint; break;
    }
    const TablePtr table = m_before;
    const std::string column = m_step.columns.front();
    m_job = runJob<std::vector<clean::CategoryCluster>>(
        this, tr("Grouping the values of %1").arg(toQString(column)),
        [table, column, options](core::Progress& progress, const core::CancelToken& cancel) {
            return suggestGroupsTask(table, column, options, progress, cancel);
        },
        std::function<void(std::vector<clean::CategoryCluster>&)>(
            [this, column](std::vector<clean::CategoryCluster>& clusters) {
                m_groupsColumn = toQString(column);
                showGroups(clusters);
            }));
    Job* job = m_job;
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        m_job = nullptr;
        if (outcome == Job::Outcome::Failed)
            m_info->setText(errorText(job->error()));
        updateActions();
        emit busyChanged(false);
    });
    emit jobStarted(job);
    emit busyChanged(true);
    updateActions();
    return job;
}

void CleanMappingEditor::showGroups(const std::vector<clean::CategoryCluster>& clusters) {
    m_groups->clear();
    // Values already in the mapping table are decided: their groups are not offered again.
    QSet<QString> mapped;
    for (int row = 0; row < m_mapping->rowCount(); ++row)
        if (const QTableWidgetItem* item = m_mapping->item(row, 0))
            mapped.insert(item->text());
    for (const clean::CategoryCluster& cluster : clusters) {
        int open = 0;
        for (const auto& value : cluster.values)
            open += mapped.contains(toQString(value.value)) ? 0 : 1;
        if (open < 2)
            continue;
        auto* group = new QTreeWidgetItem(m_groups);
        group->setText(0, toQString(cluster.suggested));
        group->setText(1, formatCount(std::int64_t(cluster.rows)));
        group->setFlags(group->flags() | Qt::ItemIsEditable);
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
        group->setToolTip(0, tr("Canonical value: double-click to edit"));
        for (const auto& value : cluster.values) {
            auto* child = new QTreeWidgetItem(group);
            child->setText(0, toQString(value.value));
            child->setText(1, formatCount(std::int64_t(value.count)));
            child->setFlags(child->flags() | Qt::ItemIsUserCheckable);
            child->setCheckState(0, mapped.contains(toQString(value.value)) ? Qt::Unchecked : Qt::Checked);
        }
        group->setExpanded(true);
    }
    if (m_groups->topLevelItemCount() == 0) {
        auto* none = new QTreeWidgetItem(m_groups);
        none->setText(0, tr("No groups of similar values in this column."));
        none->setFlags(Qt::NoItemFlags);
    }
    updateActions();
}

void CleanMappingEditor::acceptGroup(int index) {
    QTreeWidgetItem* group = m_groups->topLevelItem(index);
    if (!group || group->childCount() == 0)
        return;
    const QString canonical = group->text(0);
    m_filling = true;
    for (int i = 0; i < group->childCount(); ++i) {
        const QTreeWidgetItem* child = group->child(i);
        if (child->checkState(0) != Qt::Checked || child->text(0) == canonical)
            continue;
        const int row = m_mapping->rowCount();
        m_mapping->insertRow(row);
        m_mapping->setItem(row, 0, new QTableWidgetItem(child->text(0)));
        m_mapping->setItem(row, 1, new QTableWidgetItem(canonical));
    }
    m_filling = false;
    delete m_groups->takeTopLevelItem(index);
    commitMapping();
    updateActions();
}

void CleanMappingEditor::rejectGroup(int index) {
    delete m_groups->takeTopLevelItem(index);
    updateActions();
}

void CleanMappingEditor::updateActions() {
    const bool active = m_index >= 0;
    const bool hasGroups = m_groups->topLevelItemCount() > 0 && m_groups->topLevelItem(0)->childCount() > 0;
    m_method->setEnabled(active);
    m_suggest->setEnabled(active && m_before && !m_step.columns.empty() && !m_job);
    m_groups->setEnabled(active);
    m_accept->setEnabled(active && hasGroups && m_groups->currentItem());
    m_acceptAll->setEnabled(active && hasGroups);
    m_reject->setEnabled(active && hasGroups && m_groups->currentItem());
    m_mapping->setEnabled(active);
    m_addRow->setEnabled(active);
    m_removeRow->setEnabled(active && m_mapping->currentRow() >= 0);
}

} // namespace microseg::ui
