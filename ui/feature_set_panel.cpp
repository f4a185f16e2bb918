#include "feature_set_panel.h"

#include "error_dialog.h"
#include "job.h"
#include "microseg/engagement_tier.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"
#include "text_format.h"
#include "tier_dialog.h"
#include "transaction_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <optional>

namespace microseg::ui {
namespace {

constexpr int kTiersRole = Qt::UserRole + 1;
constexpr int kMaxListedLevels = 50;
constexpr int kDefaultMaxLevels = 10;

QComboBox* enumCombo(QWidget* parent, const std::vector<std::pair<QString, int>>& items) {
    auto* combo = new QComboBox(parent);
    for (const auto& [text, value] : items)
        combo->addItem(text, value);
    return combo;
}

/// Up to kMaxListedLevels + 1 distinct values of a column, in byte order (the one-hot order).
QStringList distinctValues(const core::Workspace& workspace, const std::string& table,
                           const std::string& column) {
    QStringList out;
    if (auto levels = core::distinctLevels(workspace, table, column, kMaxListedLevels + 1))
        for (const auto& level : levels.value())
            out << toQString(level);
    return out;
}

/// Three decimals, without the "-0.000" of a tiny negative number.
QString formatValue(double value) {
    return QString::number(std::abs(value) < 5e-4 ? 0.0 : value, 'f', 3);
}

QTableWidgetItem* numberItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

FeatureSetPanel::FeatureSetPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(buildComposer());
    splitter->addWidget(buildPreview());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);
    setWorkspace(nullptr);
}

QWidget* FeatureSetPanel::buildComposer() {
    auto* box = new QGroupBox(tr("Compose a feature set from a per-customer table"));
    auto* layout = new QVBoxLayout(box);
    auto* source = new QHBoxLayout;
    m_table = new QComboBox(box);
    m_table->setObjectName(QStringLiteral("featureTable"));
    m_table->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_key = new QComboBox(box);
    m_key->setObjectName(QStringLiteral("featureKey"));
    m_key->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_key->setToolTip(tr("The customer id: carried through to label rows, never a feature."));
    source->addWidget(new QLabel(tr("Table"), box));
    source->addWidget(m_table);
    source->addSpacing(12);
    source->addWidget(new QLabel(tr("Customer key"), box));
    source->addWidget(m_key);
    source->addStretch(1);
    layout->addLayout(source);

    m_features = new QTableWidget(0, ColumnCount, box);
    m_features->setObjectName(QStringLiteral("featureColumns"));
    m_features->setHorizontalHeaderLabels({tr("Column (check to use)"), tr("Kind"), tr("Transform"),
                                           tr("Scaling"), tr("Encoding"), tr("Max levels"),
                                           tr("Order, lowest first"), tr("Weight")});
    m_features->horizontalHeaderItem(MaxLevels)
        ->setToolTip(tr("One-hot: at most this many columns; the rarest levels go to \"other\" "
                        "(0 = no cap)."));
    m_features->horizontalHeaderItem(Order)->setToolTip(
        tr("Ordinal: the levels separated by commas, lowest first (coded 0, 1, 2, ...)."));
    m_features->horizontalHeaderItem(Weight)->setToolTip(
        tr("Multiplies the feature after scaling: 2 counts it twice as much in distances."));
    m_features->verticalHeader()->hide();
    m_features->setSelectionMode(QAbstractItemView::NoSelection);
    m_features->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_features->horizontalHeader()->setSectionResizeMode(Order, QHeaderView::Stretch);
    layout->addWidget(m_features, 1);

    auto* actions = new QHBoxLayout;
    m_tiers = new QComboBox(box);
    m_tiers->setObjectName(QStringLiteral("tierDefinitions"));
    m_tiers->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_tiers->setToolTip(tr("Engagement tier definitions stored in the workspace."));
    m_addTier = new QPushButton(tr("Add tier feature"), box);
    m_addTier->setObjectName(QStringLiteral("addTierFeature"));
    m_newTier = new QPushButton(tr("New…"), box);
    m_newTier->setObjectName(QStringLiteral("newTierDefinition"));
    m_newTier->setToolTip(tr("Write a new tier definition: rules over numeric columns."));
    m_editTier = new QPushButton(tr("Edit…"), box);
    m_editTier->setObjectName(QStringLiteral("editTierDefinition"));
    m_editTier->setToolTip(tr("Change the chosen tier definition's rules."));
    m_deleteTier = new QPushButton(tr("Delete"), box);
    m_deleteTier->setObjectName(QStringLiteral("deleteTierDefinition"));
    m_deleteTier->setToolTip(tr("Remove the chosen tier definition from the workspace."));
    m_previewButton = new QPushButton(tr("Preview"), box);
    m_previewButton->setObjectName(QStringLiteral("previewFeatures"));
    m_name = new QLineEdit(QStringLiteral("features"), box);
    m_name->setObjectName(QStringLiteral("featureSetName"));
    m_name->setMaximumWidth(180);
    m_overwrite = new QCheckBox(tr("Overwrite"), box);
    m_save = new QPushButton(tr("Save feature set"), box);
    m_save->setObjectName(QStringLiteral("saveFeatureSet"));
    actions->addWidget(new QLabel(tr("Tiers"), box));
    actions->addWidget(m_tiers);
    actions->addWidget(m_addTier);
    actions->addWidget(m_newTier);
    actions->addWidget(m_editTier);
    actions->addWidget(m_deleteTier);
    actions->addStretch(1);
    actions->addWidget(m_previewButton);
    actions->addSpacing(12);
    actions->addWidget(new QLabel(tr("Name"), box));
    actions->addWidget(m_name);
    actions->addWidget(m_overwrite);
    actions->addWidget(m_save);
    layout->addLayout(actions);

    connect(m_table, &QComboBox::currentIndexChanged, this, &FeatureSetPanel::loadColumns);
    connect(m_key, &QComboBox::currentIndexChanged, this, &FeatureSetPanel::loadColumns);
    connect(m_features, &QTableWidget::itemChanged, this, &FeatureSetPanel::updateActions);
    connect(m_name, &QLineEdit::textChanged, this, &FeatureSetPanel::updateActions);
    connect(m_addTier, &QPushButton::clicked, this,
            [this] { addTierFeature(m_tiers->currentText()); });
    connect(m_newTier, &QPushButton::clicked, this, [this] { openTierDialog(false); });
    connect(m_editTier, &QPushButton::clicked, this, [this] { openTierDialog(true); });
    connect(m_deleteTier, &QPushButton::clicked, this, &FeatureSetPanel::deleteTier);
    connect(m_previewButton, &QPushButton::clicked, this, [this] { startPreview(); });
    connect(m_save, &QPushButton::clicked, this, [this] { startSave(); });
    return box;
}

QWidget* FeatureSetPanel::buildPreview() {
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_status = new QLabel(box);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("featureStatus"));
    layout->addWidget(m_status);
    auto* row = new QHBoxLayout;
    m_preview = new QTableWidget(0, 0, box);
    m_preview->setObjectName(QStringLiteral("featurePreview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->hide();
    m_preview->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_preview->setAlternatingRowColors(true);
    m_stats = new QTableWidget(0, 3, box);
    m_stats->setObjectName(QStringLiteral("featureStats"));
    m_stats->setHorizontalHeaderLabels({tr("Matrix column"), tr("Mean"), tr("SD")});
    m_stats->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_stats->verticalHeader()->hide();
    m_stats->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_stats->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_stats->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_saved = new QListWidget(box);
    m_saved->setObjectName(QStringLiteral("savedFeatureSets"));
    m_saved->setToolTip(tr("Double-click a feature set to load it into the composer."));
    connect(m_saved, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        if (!m_workspace)
            return;
        const QString name = item->data(Qt::UserRole).toString();
        auto stored = core::featureSet(*m_workspace, toStdString(name));
        if (!stored) {
            showErrorDialog(this, tr("Could not read the feature set"), stored.error());
            return;
        }
        loadSpec(stored.value().spec, name);
    });
    auto* savedColumn = new QVBoxLayout;
    savedColumn->addWidget(new QLabel(tr("Saved feature sets"), box));
    savedColumn->addWidget(m_saved, 1);
    row->addWidget(m_preview, 5);
    row->addWidget(m_stats, 3);
    row->addLayout(savedColumn, 2);
    layout->addLayout(row, 1);
    return box;
}

void FeatureSetPanel::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    if (m_job)
        m_job->cancel();
    m_workspace = std::move(workspace);
    refreshTables();
    loadTiers();
    loadSaved();
    m_preview->setRowCount(0);
    m_preview->setColumnCount(0);
    m_stats->setRowCount(0);
    m_status->setText(m_workspace ? tr("Check the columns to use and choose how each is "
                                       "prepared; Preview builds the matrix, Save stores the "
                                       "recipe for clustering.")
                                  : tr("Open a workspace to compose a feature set."));
}

void FeatureSetPanel::refreshTables(const QString& select) {
    const QString keep = select.isEmpty() ? m_table->currentText() : select;
    {
        const QSignalBlocker blocker(m_table);
        m_table->clear();
        if (m_workspace)
            for (const auto& table : m_workspace->tableNames())
                m_table->addItem(toQString(table));
        const int found = m_table->findText(keep);
        if (found >= 0)
            m_table->setCurrentIndex(found);
    }
    {
        const QSignalBlocker blocker(m_key);
        m_key->clear();
        if (m_workspace && m_table->currentIndex() >= 0) {
            for (const auto& column :
                 tableColumnNames(*m_workspace, toStdString(m_table->currentText())))
                m_key->addItem(toQString(column));
            for (const char* hint : {"customer", "Customer", "id", "ID"}) {
                const int found = m_key->findText(QLatin1String(hint), Qt::MatchContains);
                if (found >= 0) {
                    m_key->setCurrentIndex(found);
                    break;
                }
            }
        }
    }
    loadColumns();
}

void FeatureSetPanel::loadColumns() {
    m_features->setRowCount(0);
    if (m_workspace && m_table->currentIndex() >= 0) {
        const std::string table = toStdString(m_table->currentText());
        const auto numeric = core::numericColumns(*m_workspace, table);
        for (const auto& column : tableColumnNames(*m_workspace, table)) {
            if (toQString(column) == m_key->currentText())
                continue;
            const bool isNumeric = std::find(numeric.begin(), numeric.end(), column) != numeric.end();
            addFeatureRow(toQString(column), isNumeric,
                          isNumeric ? QStringList() : distinctValues(*m_workspace, table, column));
        }
    }
    updateActions();
}

void FeatureSetPanel::loadTiers() {
    m_tiers->clear();
    if (m_workspace)
        if (auto stored = core::tierDefinitions(*m_workspace))
            for (const auto& info : stored.value())
                m_tiers->addItem(toQString(info.definition.name));
    updateActions();
}

bool FeatureSetPanel::loadSpec(const core::FeatureSpec& spec, const QString& name) {
    if (!m_workspace)
        return false;
    if (m_table->findText(toQString(spec.source)) < 0) {
        m_status->setText(tr("The table \"%1\" of this feature set is not in the workspace.")
                              .arg(toQString(spec.source)));
        return false;
    }
    refreshTables(toQString(spec.source));
    m_key->setCurrentText(toQString(spec.keyColumn)); // reloads the rows
    for (int row = 0; row < m_features->rowCount(); ++row)
        m_features->item(row, Name)->setCheckState(Qt::Unchecked);
    QStringList missing;
    for (const core::Feature& f : spec.features) {
        int row = -1;
        for (int r = 0; r < m_features->rowCount() && row < 0; ++r) {
            const QTableWidgetItem* item = m_features->item(r, Name);
            if (item->data(Qt::UserRole).toString() == toQString(f.column) &&
                item->data(kTiersRole).toString() == toQString(f.tiers))
                row = r;
        }
        if (row < 0 && !f.tiers.empty()) {
            addTierFeature(toQString(f.tiers));
            row = m_features->rowCount() - 1;
        }
        if (row < 0 || m_features->item(row, Name)->data(kTiersRole).toString() !=
                           toQString(f.tiers)) {
            missing << toQString(f.column);
            continue;
        }
        const auto select = [&](Column column, int value) {
            auto* combo = qobject_cast<QComboBox*>(m_features->cellWidget(row, column));
            combo->setCurrentIndex(combo->findData(value));
        };
        select(Kind, int(f.kind));
        select(Transform, int(f.transform));
        select(Encoding, int(f.encoding));
        select(Scaling, int(f.scaling));
        qobject_cast<QSpinBox*>(m_features->cellWidget(row, MaxLevels))->setValue(f.maxLevels);
        QStringList order;
        for (const auto& level : f.order)
            order << toQString(level);
        if (!order.isEmpty())
            qobject_cast<QLineEdit*>(m_features->cellWidget(row, Order))
                ->setText(order.join(QStringLiteral(", ")));
        qobject_cast<QDoubleSpinBox*>(m_features->cellWidget(row, Weight))->setValue(f.weight);
        m_features->item(row, Name)->setCheckState(Qt::Checked);
    }
    if (!name.isEmpty())
        m_name->setText(name);
    m_overwrite->setChecked(!name.isEmpty());
    const QString what = name.isEmpty() ? tr("the feature set") : QStringLiteral("\"%1\"").arg(name);
    m_status->setText(missing.isEmpty()
                          ? tr("Loaded %1: change it, then preview or save.").arg(what)
                          : tr("Loaded %1, but these features could not be placed: %2.")
                                .arg(what, missing.join(QStringLiteral(", "))));
    updateActions();
    return missing.isEmpty();
}

void FeatureSetPanel::openTierDialog(bool edit) {
    if (!m_workspace)
        return;
    std::optional<core::TierDefinition> existing;
    if (edit) {
        auto stored = core::tierDefinition(*m_workspace, toStdString(m_tiers->currentText()));
        if (!stored) {
            showErrorDialog(this, tr("Could not read the tier definition"), stored.error());
            return;
        }
        existing = std::move(stored.value().definition);
    }
    auto* dialog = new TierDialog(*m_workspace, this, existing ? &*existing : nullptr);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, edit] {
        const QString name = toQString(dialog->definition().name);
        loadTiers();
        m_tiers->setCurrentText(name);
        if (!edit)
            addTierFeature(name);
    });
    dialog->open();
}

void FeatureSetPanel::deleteTier() {
    if (!m_workspace || m_tiers->currentIndex() < 0)
        return;
    const QString name = m_tiers->currentText();
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete tier definition"),
                                tr("Delete the tier definition \"%1\"? Feature sets that use it "
                                   "can no longer be rebuilt until a definition of that name "
                                   "exists again.")
                                    .arg(name),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, name] {
        if (box->standardButton(box->clickedButton()) != QMessageBox::Yes || !m_workspace)
            return;
        if (core::Status deleted = core::deleteTierDefinition(*m_workspace, toStdString(name));
            !deleted) {
            showErrorDialog(this, tr("Could not delete the tier definition"), deleted.error());
            return;
        }
        loadTiers();
    });
    box->open(); // window-modal without a nested event loop
}

void FeatureSetPanel::loadSaved() {
    m_saved->clear();
    if (m_workspace)
        if (auto sets = core::featureSets(*m_workspace))
            for (const auto& info : sets.value())
            {
                auto* item = new QListWidgetItem(tr("%1 (%2, %3 features)")
                                                     .arg(toQString(info.name),
                                                          toQString(info.spec.source))
                                                     .arg(info.spec.features.size()),
                                                 m_saved);
                item->setData(Qt::UserRole, toQString(info.name));
            }
}

void FeatureSetPanel::addTierFeature(const QString& name) {
    if (!m_workspace || name.isEmpty())
        return;
    auto stored = core::tierDefinition(*m_workspace, toStdString(name));
    if (!stored) {
        showErrorDialog(this, tr("Could not add the tier feature"), stored.error());
        return;
    }
    // Lowest first: the default tier, then the rules from last to first (rules are usually
    // written from the most engaged down).
    const core::TierDefinition& definition = stored.value().definition;
    QStringList levels{toQString(definition.defaultTier)};
    for (auto rule = definition.rules.rbegin(); rule != definition.rules.rend(); ++rule)
        if (!levels.contains(toQString(rule->tier)))
            levels << toQString(rule->tier);
    addFeatureRow(name, false, levels, name);
    m_features->scrollToBottom();
}

void FeatureSetPanel::addFeatureRow(const QString& column, bool numeric, const QStringList& levels,
                                    const QString& tiers) {
    const QSignalBlocker blocker(m_features); // the row is complete only at the end
    const int row = m_features->rowCount();
    m_features->insertRow(row);
    auto* name = new QTableWidgetItem(tiers.isEmpty() ? column : tr("%1 (tiers)").arg(column));
    name->setFlags((name->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsEditable);
    const bool identifier = column.endsWith(QLatin1String("id"), Qt::CaseInsensitive);
    const bool manyLevels = !numeric && levels.size() > kMaxListedLevels;
    name->setCheckState((numeric && !identifier) || !tiers.isEmpty() ? Qt::Checked : Qt::Unchecked);
    name->setData(Qt::UserRole, column);
    name->setData(kTiersRole, tiers);
    if (manyLevels)
        name->setToolTip(tr("More than %1 distinct values: one-hot encode it with a level cap.")
                             .arg(kMaxListedLevels));
    m_features->setItem(row, Name, name);

    QComboBox* kind = enumCombo(m_features, {{tr("Numeric"), int(core::FeatureKind::Numeric)},
                                             {tr("Categorical"), int(core::FeatureKind::Categorical)}});
    kind->setCurrentIndex(numeric ? 0 : 1);
    kind->setEnabled(tiers.isEmpty());
    QComboBox* transform =
        enumCombo(m_features, {{tr("None"), int(core::FeatureTransform::None)},
                               {tr("log1p"), int(core::FeatureTransform::Log1p)},
                               {tr("Yeo-Johnson"), int(core::FeatureTransform::YeoJohnson)}});
    QComboBox* scaling = enumCombo(m_features, {{tr("None"), int(core::FeatureScaling::None)},
                                                {tr("z-score"), int(core::FeatureScaling::ZScore)},
                                                {tr("Min-max"), int(core::FeatureScaling::MinMax)},
                                                {tr("Robust"), int(core::FeatureScaling::Robust)}});
    scaling->setCurrentIndex(numeric ? 1 : 0);
    QComboBox* encoding =
        enumCombo(m_features, {{tr("One-hot"), int(core::FeatureEncoding::OneHot)},
                               {tr("Ordinal"), int(core::FeatureEncoding::Ordinal)}});
    auto* maxLevels = new QSpinBox(m_features);
    maxLevels->setRange(0, 1000);
    maxLevels->setValue(kDefaultMaxLevels);
    auto* order = new QLineEdit(manyLevels ? QString() : levels.join(QStringLiteral(", ")),
                                m_features);
    order->setPlaceholderText(tr("a, b, c"));
    auto* weight = new QDoubleSpinBox(m_features);
    weight->setRange(0.0, 100.0);
    weight->setSingleStep(0.5);
    weight->setValue(1.0);
    m_features->setCellWidget(row, Kind, kind);
    m_features->setCellWidget(row, Transform, transform);
    m_features->setCellWidget(row, Scaling, scaling);
    m_features->setCellWidget(row, Encoding, encoding);
    m_features->setCellWidget(row, MaxLevels, maxLevels);
    m_features->setCellWidget(row, Order, order);
    m_features->setCellWidget(row, Weight, weight);
    const auto refresh = [this, name] { updateRow(m_features->row(name)); };
    for (QComboBox* combo : {kind, transform, scaling, encoding})
        connect(combo, &QComboBox::currentIndexChanged, this, refresh);
    updateRow(row);
}

void FeatureSetPanel::updateRow(int row) {
    if (row < 0)
        return;
    auto* kind = qobject_cast<QComboBox*>(m_features->cellWidget(row, Kind));
    auto* scaling = qobject_cast<QComboBox*>(m_features->cellWidget(row, Scaling));
    auto* encoding = qobject_cast<QComboBox*>(m_features->cellWidget(row, Encoding));
    const bool numeric = kind->currentData().toInt() == int(core::FeatureKind::Numeric);
    const bool oneHot = encoding->currentData().toInt() == int(core::FeatureEncoding::OneHot);
    // Only the settings that apply to this kind are enabled (the core refuses the others).
    m_features->cellWidget(row, Transform)->setEnabled(numeric);
    encoding->setEnabled(!numeric);
    m_features->cellWidget(row, MaxLevels)->setEnabled(!numeric && oneHot);
    m_features->cellWidget(row, Order)->setEnabled(!numeric && !oneHot);
    const bool scalable = numeric || !oneHot;
    if (!scalable && scaling->currentIndex() != 0)
        scaling->setCurrentIndex(0);
    scaling->setEnabled(scalable);
    updateActions();
}

core::FeatureSpec FeatureSetPanel::spec() const {
    core::FeatureSpec spec;
    spec.source = toStdString(m_table->currentText());
    spec.keyColumn = toStdString(m_key->currentText());
    for (int row = 0; row < m_features->rowCount(); ++row) {
        const QTableWidgetItem* name = m_features->item(row, Name);
        if (!name || name->checkState() != Qt::Checked || !m_features->cellWidget(row, Weight))
            continue;
        const auto data = [&](Column column) {
            return qobject_cast<QComboBox*>(m_features->cellWidget(row, column))->currentData().toInt();
        };
        core::Feature f;
        f.column = toStdString(name->data(Qt::UserRole).toString());
        f.tiers = toStdString(name->data(kTiersRole).toString());
        f.kind = static_cast<core::FeatureKind>(data(Kind));
        if (f.kind == core::FeatureKind::Numeric) {
            f.transform = static_cast<core::FeatureTransform>(data(Transform));
        } else {
            f.encoding = static_cast<core::FeatureEncoding>(data(Encoding));
            if (f.encoding == core::FeatureEncoding::OneHot) {
                const int cap = qobject_cast<QSpinBox*>(m_features->cellWidget(row, MaxLevels))->value();
                f.maxLevels = cap == 1 ? 2 : cap;
            } else {
                const QString text =
                    qobject_cast<QLineEdit*>(m_features->cellWidget(row, Order))->text();
                for (const QString& level : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
                    if (!level.trimmed().isEmpty())
                        f.order.push_back(toStdString(level.trimmed()));
            }
        }
        f.scaling = static_cast<core::FeatureScaling>(data(Scaling));
        f.weight = qobject_cast<QDoubleSpinBox*>(m_features->cellWidget(row, Weight))->value();
        spec.features.push_back(std::move(f));
    }
    return spec;
}

bool FeatureSetPanel::isBusy() const {
    return m_job && m_job->isRunning();
}

void FeatureSetPanel::updateActions() {
    QString why;
    if (!m_workspace)
        why = tr("Open a workspace first.");
    else if (m_table->currentIndex() < 0)
        why = tr("The workspace has no table yet.");
    else if (spec().features.empty())
        why = tr("Check at least one column to use.");
    const bool busy = isBusy();
    m_previewButton->setEnabled(why.isEmpty() && !busy);
    m_previewButton->setToolTip(!why.isEmpty() ? why
                                               : tr("Build the matrix and show its first rows "
                                                    "and each column's mean and sd."));
    QString saveWhy = why;
    if (saveWhy.isEmpty() && m_name->text().trimmed().isEmpty())
        saveWhy = tr("Name the feature set.");
    m_save->setEnabled(saveWhy.isEmpty() && !busy);
    m_save->setToolTip(!saveWhy.isEmpty() ? saveWhy
                                          : tr("Build the matrix once (fitting Yeo-Johnson), then "
                                               "store the recipe under this name."));
    const bool anyTier = m_workspace && m_tiers->count() > 0;
    m_addTier->setEnabled(anyTier);
    m_editTier->setEnabled(anyTier);
    m_deleteTier->setEnabled(anyTier);
    m_newTier->setEnabled(m_workspace != nullptr);
}

Job* FeatureSetPanel::startPreview(core::CancelToken token) {
    return start({}, std::move(token));
}

Job* FeatureSetPanel::startSave(core::CancelToken token) {
    if (m_name->text().trimmed().isEmpty())
        return nullptr;
    return start(toStdString(m_name->text().trimmed()), std::move(token));
}

Job* FeatureSetPanel::start(const std::string& saveAs, core::CancelToken token) {
    updateActions();
    if (!m_previewButton->isEnabled())
        return nullptr;
    const core::FeatureSpec spec = this->spec();
    const bool overwrite = m_overwrite->isChecked();
    const std::string path = m_workspace->path();
    Job* job = runJob<FeaturePreview>(
        this,
        saveAs.empty() ? tr("Feature matrix of %1").arg(m_table->currentText())
                       : tr("Saving feature set %1").arg(toQString(saveAs)),
        [path, spec, saveAs, overwrite](core::Progress& progress, const core::CancelToken& cancel) {
            return featureSetTask(path, spec, saveAs, overwrite, progress, cancel);
        },
        std::function<void(FeaturePreview&)>([this, path, saveAs](FeaturePreview& preview) {
            if (!m_workspace || m_workspace->path() != path)
                return;
            showPreview(preview);
            if (!saveAs.empty()) {
                loadSaved();
                m_status->setText(m_status->text() + QLatin1Char(' ') +
                                  tr("Saved as feature set \"%1\": the Cluster page and "
                                     "microseg-cli --features %1 use it.")
                                      .arg(toQString(saveAs)));
            }
        }),
        std::move(token));
    m_job = job;
    connect(job, &Job::finished, this, [this, job, saveAs](Job::Outcome outcome) {
        job->deleteLater();
        if (outcome == Job::Outcome::Failed)
            showErrorDialog(this,
                            saveAs.empty() ? tr("Could not build the feature matrix")
                                           : tr("Could not save the feature set"),
                            job->error());
        else if (outcome == Job::Outcome::Cancelled)
            m_status->setText(tr("Cancelled: nothing was saved."));
        updateActions();
        emit busyChanged();
    });
    updateActions();
    emit busyChanged();
    emit jobStarted(job);
    return job;
}

void FeatureSetPanel::showPreview(const FeaturePreview& preview) {
    m_status->setText(tr("%1 rows x %2 matrix columns; the first %3 rows:")
                          .arg(formatCount(preview.rowCount))
                          .arg(preview.columnNames.size())
                          .arg(preview.rows.size()));
    m_preview->clear();
    m_preview->setColumnCount(int(preview.columnNames.size()) + 1);
    QStringList headers{toQString(preview.spec.keyColumn)};
    for (const auto& name : preview.columnNames)
        headers << toQString(name);
    m_preview->setHorizontalHeaderLabels(headers);
    m_preview->setRowCount(int(preview.rows.size()));
    for (int r = 0; r < int(preview.rows.size()); ++r) {
        m_preview->setItem(r, 0, new QTableWidgetItem(toQString(preview.keys[std::size_t(r)])));
        for (int c = 0; c < int(preview.columnNames.size()); ++c)
            m_preview->setItem(
                r, c + 1,
                numberItem(formatValue(preview.rows[std::size_t(r)][std::size_t(c)])));
    }
    m_preview->resizeColumnsToContents();
    m_stats->setRowCount(int(preview.columnNames.size()));
    for (int c = 0; c < int(preview.columnNames.size()); ++c) {
        m_stats->setItem(c, 0, new QTableWidgetItem(toQString(preview.columnNames[std::size_t(c)])));
        m_stats->setItem(c, 1, numberItem(formatValue(preview.means[std::size_t(c)])));
        m_stats->setItem(c, 2,
                         numberItem(formatValue(preview.deviations[std::size_t(c)])));
    }
}

} // namespace microseg::ui
