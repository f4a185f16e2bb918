#include "matrix_source_picker.h"

#include "microseg/feature_set.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"
#include "text_format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace microseg::ui {
namespace {
/// Combo data: "set:NAME" or "table:NAME".
const QString kSetPrefix = QStringLiteral("set:");
const QString kTablePrefix = QStringLiteral("table:");
} // namespace

MatrixSourcePicker::MatrixSourcePicker(const QString& objectPrefix, QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_source = new QComboBox(this);
    m_source->setObjectName(objectPrefix + QStringLiteral("Source"));
    m_source->setToolTip(tr("A feature set saved on the Features page, or numeric columns of a "
                            "table."));
    m_columnsLabel = new QLabel(tr("Numeric columns"), this);
    m_columns = new QListWidget(this);
    m_columns->setObjectName(objectPrefix + QStringLiteral("Columns"));
    m_columns->setMinimumHeight(80);
    m_columns->setMaximumHeight(150);
    m_standardise = new QCheckBox(tr("Standardise (z-score)"), this);
    m_standardise->setChecked(true);
    m_standardise->setToolTip(tr("Scale every column to mean 0 and standard deviation 1, so that "
                                 "columns in large units do not dominate the distances."));
    layout->addWidget(new QLabel(tr("Feature set or table"), this));
    layout->addWidget(m_source);
    layout->addWidget(m_columnsLabel);
    layout->addWidget(m_columns);
    layout->addWidget(m_standardise);

    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        loadColumns();
        emit sourceChanged();
    });
    connect(m_columns, &QListWidget::itemChanged, this, &MatrixSourcePicker::columnsChanged);
}

void MatrixSourcePicker::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    m_workspace = std::move(workspace);
    {
        const QSignalBlocker blocker(m_source);
        m_source->clear();
    }
    reload();
}

void MatrixSourcePicker::reload() {
    const QString previous = m_source->currentData().toString();
    {
        const QSignalBlocker blocker(m_source);
        m_source->clear();
        if (m_workspace) {
            if (auto sets = core::featureSets(*m_workspace); sets.ok())
                for (const core::FeatureSetInfo& set : sets.value())
                    m_source->addItem(tr("Feature set: %1").arg(toQString(set.name)),
                                      kSetPrefix + toQString(set.name));
            for (const std::string& table : m_workspace->tableNames())
                if (!core::numericColumns(*m_workspace, table).empty())
                    m_source->addItem(tr("Table: %1").arg(toQString(table)),
                                      kTablePrefix + toQString(table));
        }
        const int kept = m_source->findData(previous);
        if (kept >= 0)
            m_source->setCurrentIndex(kept);
    }
    loadColumns();
    emit sourceChanged();
}

void MatrixSourcePicker::loadColumns() {
    {
        const QSignalBlocker blocker(m_columns);
        m_columns->clear();
        const std::string tableName = table();
        const bool isTable = m_source->currentData().toString().startsWith(kTablePrefix);
        m_columnsLabel->setVisible(isTable);
        m_columns->setVisible(isTable);
        m_standardise->setVisible(isTable);
        if (m_workspace && isTable) {
            for (const std::string& name : core::numericColumns(*m_workspace, tableName)) {
                auto* item = new QListWidgetItem(toQString(name), m_columns);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                // Numeric identifiers (CustomerID, order_id) are keys, not behaviour: distances
                // between them mean nothing.
                const bool identifier =
                    m_uncheckIdentifiers &&
                    toQString(name).endsWith(QLatin1String("id"), Qt::CaseInsensitive);
                item->setCheckState(identifier ? Qt::Unchecked : Qt::Checked);
                if (identifier)
                    item->setToolTip(tr("Looks like an identifier, so it is not used by "
                                        "default; check it to include it."));
            }
        }
    }
    emit columnsChanged();
}

bool MatrixSourcePicker::isFeatureSet() const {
    return m_source->currentData().toString().startsWith(kSetPrefix);
}

std::string MatrixSourcePicker::featureSet() const {
    const QString data = m_source->currentData().toString();
    return data.startsWith(kSetPrefix) ? toStdString(data.mid(kSetPrefix.size())) : std::string();
}

std::string MatrixSourcePicker::table() const {
    const QString data = m_source->currentData().toString();
    return data.startsWith(kTablePrefix) ? toStdString(data.mid(kTablePrefix.size()))
                                         : std::string();
}

std::vector<std::string> MatrixSourcePicker::checkedColumns() const {
    std::vector<std::string> columns;
    if (isFeatureSet())
        return columns;
    for (int i = 0; i < m_columns->count(); ++i)
        if (m_columns->item(i)->checkState() == Qt::Checked)
            columns.push_back(toStdString(m_columns->item(i)->text()));
    return columns;
}

bool MatrixSourcePicker::standardise() const {
    return !isFeatureSet() && m_standardise->isChecked();
}

QString MatrixSourcePicker::problem() const {
    if (!m_workspace)
        return tr("Open a workspace first.");
    if (m_source->currentIndex() < 0)
        return tr("The workspace has no feature set or table with numeric columns: import a CSV "
                  "on the Data page.");
    if (!isFeatureSet() && checkedColumns().empty())
        return tr("Check at least one numeric column.");
    return {};
}

} // namespace microseg::ui
