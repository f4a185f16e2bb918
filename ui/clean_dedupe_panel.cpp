#include "clean_dedupe_panel.h"

#include "error_dialog.h"
#include "job.h"
#include "text_format.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace microseg::ui {

namespace clean = core::clean;

namespace {
constexpr const char* kDedupeType = "fuzzy_dedupe";
constexpr int kMaxQueue = 200;  // groups listed for review at once
const QStringList kComparators{QStringLiteral("jaro_winkler"), QStringLiteral("levenshtein"),
                               QStringLiteral("exact")};
const QStringList kNormalizations{QStringLiteral("text"), QStringLiteral("digits"),
                                  QStringLiteral("none")};
const QStringList kRules{QStringLiteral("first"), QStringLiteral("most_recent"),
                         QStringLiteral("most_frequent"), QStringLiteral("longest"),
                         QStringLiteral("sum")};

QComboBox* choiceBox(const QStringList& choices, const QString& current, QWidget* parent) {
    auto* combo = new QComboBox(parent);
    combo->addItems(choices);
    combo->setCurrentIndex(std::max<int>(0, int(choices.indexOf(current))));
    return combo;
}

QTableWidget* compactTable(int columns, const QStringList& header, QWidget* parent) {
    auto* table = new QTableWidget(0, columns, parent);
    table->setHorizontalHeaderLabels(header);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(26);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    return table;
}
} // namespace

CleanDedupePanel::CleanDedupePanel(QWidget* parent) : QWidget(parent) {
    m_info = new QLabel(this);
    m_info->setWordWrap(true);
    m_fields = compactTable(4, {tr("Column"), tr("Comparator"), tr("Normalise"), tr("Weight")}, this);
    m_fields->setObjectName(QStringLiteral("dedupeFields"));
    m_fields->setMaximumHeight(120);
    m_score = new QPushButton(tr("Score pairs"), this);
    m_score->setObjectName(QStringLiteral("scorePairs"));
    m_score->setToolTip(tr("Compare the candidate pairs once; the slider then counts instantly."));
    m_threshold = new QSlider(Qt::Horizontal, this);
    m_threshold->setObjectName(QStringLiteral("dedupeThreshold"));
    m_threshold->setRange(50, 100);
    m_threshold->setValue(85);
    m_thresholdValue = new QLabel(this);
    m_thresholdValue->setMinimumWidth(90);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("dedupeCounts"));
    m_counts->setWordWrap(true);
    m_queue = new QTreeWidget(this);
    m_queue->setObjectName(QStringLiteral("reviewQueue"));
    m_queue->setColumnCount(2);
    m_queue->setHeaderLabels({tr("Group and its records"), tr("Decision")});
    m_queue->header()->setStretchLastSection(false);
    m_queue->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_queue->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_confirm = new QPushButton(tr("Confirm group"), this);
    m_confirm->setObjectName(QStringLiteral("confirmGroup"));
    m_confirm->setToolTip(tr("These records are one customer: merge them."));
    m_split = new QPushButton(tr("Split group"), this);
    m_split->setObjectName(QStringLiteral("splitGroup"));
    m_split->setToolTip(tr("These records are different customers: keep them apart."));
    m_survivorship = compactTable(2, {tr("Column"), tr("Value kept when merging")}, this);
    m_survivorship->setObjectName(QStringLiteral("survivorship"));
    m_recency = new QComboBox(this);
    m_recency->setObjectName(QStringLiteral("recencyColumn"));
    m_recency->setToolTip(tr("Orders records for the “most_recent” rule."));
    m_commitDelay = new QTimer(this);
    m_commitDelay->setSingleShot(true);
    m_commitDelay->setInterval(400);
    connect(m_commitDelay, &QTimer::timeout, this, &CleanDedupePanel::commit);

    auto* slider = new QHBoxLayout;
    slider->addWidget(new QLabel(tr("Threshold"), this));
    slider->addWidget(m_threshold, 1);
    slider->addWidget(m_thresholdValue);
    slider->addWidget(m_score);
    auto* decisions = new QHBoxLayout;
    decisions->addWidget(m_confirm);
    decisions->addWidget(m_split);
    decisions->addStretch(1);
    auto* recency = new QHBoxLayout;
    recency->addWidget(new QLabel(tr("Survivorship per column; recency from"), this));
    recency->addWidget(m_recency, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_info);
    layout->addWidget(m_fields);
    layout->addLayout(slider);
    layout->addWidget(m_counts);
    layout->addWidget(m_queue, 3);
    layout->addLayout(decisions);
    layout->addLayout(recency);
    layout->addWidget(m_survivorship, 2);

    connect(m_score, &QPushButton::clicked, this, [this] { score(); });
    connect(m_threshold, &QSlider::valueChanged, this, [this] {
        showCounts();  // live: a binary search over the scored pairs
        if (!m_threshold->isSliderDown() && !m_filling)
            m_commitDelay->start();
    });
    connect(m_threshold, &QSlider::sliderReleased, this, [this] {
        fillQueue();
        m_commitDelay->start();
    });
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem* item = m_queue->currentItem())
            decide(m_queue->indexOfTopLevelItem(item->parent() ? item->parent() : item),
                   QStringLiteral("confirm"));
    });
    connect(m_split, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem* item = m_queue->currentItem())
            decide(m_queue->indexOfTopLevelItem(item->parent() ? item->parent() : item),
                   QStringLiteral("split"));
    });
    connect(m_recency, &QComboBox::activated, this, [this] { m_commitDelay->start(); });
    setStep(-1, nullptr, nullptr);
}

double CleanDedupePanel::threshold() const {
    return m_threshold->value() / 100.0;
}

void CleanDedupePanel::setStep(int index, const clean::RecipeStep* step, TablePtr before) {
    const bool dedupe = step && step->type == kDedupeType;
    if (dedupe && !before && index == m_index)
        before = m_before;  // a check is under way: the table shown so far still serves
    const bool same = dedupe && index == m_index && *step == m_step && before == m_before;
    m_index = dedupe ? index : -1;
    m_step = dedupe ? *step : clean::RecipeStep{};
    m_before = std::move(before);
    if (!dedupe) {
        m_scored.reset();
        m_info->setText(tr("Select a “Merge fuzzy duplicates” step (Add step ▸ Rows) to tune its "
                           "score, review the groups it finds and choose what survives a merge."));
    } else {
        m_info->setText(tr("Step %1 compares records on the columns below; a pair whose weighted "
                           "score reaches the threshold is a duplicate.")
                            .arg(index + 1));
    }
    if (!same)
        fillForm();
    setEnabled(true);
    for (QWidget* widget : std::initializer_list<QWidget*>{m_fields, m_score, m_threshold, m_queue,
                                                           m_confirm, m_split, m_survivorship, m_recency})
        widget->setEnabled(dedupe);
    m_score->setEnabled(dedupe && m_before && !m_job);
}

void CleanDedupePanel::fillForm() {
    m_filling = true;
    m_commitDelay->stop();
    // Scores stay valid while only the threshold, reviews or survivorship change.
    const auto scoringPart = [](const clean::RecipeStep& step) {
        clean::RecipeStep part = step;
        for (const char* key : {"threshold", "reviews", "survivorship", "recency_column", "merge_unreviewed"})
            part.params.remove(QLatin1String(key));
        return part;
    };
    // Each check hands over a new table object; the scores stay if its content is the same.
    const auto sameTable = [](const TablePtr& a, const TablePtr& b) {
        if (a == b)
            return true;
        if (!a || !b || a->rowIds() != b->rowIds() || a->columnCount() != b->columnCount())
            return false;
        for (std::size_t c = 0; c < a->columnCount(); ++c)
            if (a->column(c).name != b->column(c).name || a->column(c).cells != b->column(c).cells)
                return false;
        return true;
    };
    if (m_scored && (m_index < 0 || scoringPart(m_step) != scoringPart(m_scoredStep) ||
                     !sameTable(m_scored->table, m_before)))
        m_scored.reset();

    m_fields->setRowCount(0);
    const QJsonArray fields = m_step.params.value(QStringLiteral("fields")).toArray();
    std::vector<QJsonObject> rows;
    if (!fields.isEmpty())
        for (const QJsonValue& value : fields)
            rows.push_back(value.toObject());
    else
        for (const auto& column : m_step.columns)
            rows.push_back(QJsonObject{{QStringLiteral("column"), toQString(column)}});
    for (const QJsonObject& field : rows) {
        const int row = m_fields->rowCount();
        m_fields->insertRow(row);
        auto* name = new QTableWidgetItem(field.value(QStringLiteral("column")).toString());
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        m_fields->setItem(row, 0, name);
        auto* comparator = choiceBox(kComparators, field.value(QStringLiteral("comparator")).toString(), m_fields);
        auto* normalize = choiceBox(kNormalizations, field.value(QStringLiteral("normalize")).toString(), m_fields);
        auto* weight = new QDoubleSpinBox(m_fields);
        weight->setRange(0.1, 10.0);
        weight->setSingleStep(0.5);
        weight->setValue(field.value(QStringLiteral("weight")).toDouble(1.0));
        m_fields->setCellWidget(row, 1, comparator);
        m_fields->setCellWidget(row, 2, normalize);
        m_fields->setCellWidget(row, 3, weight);
        connect(comparator, &QComboBox::activated, this, &CleanDedupePanel::commit);
        connect(normalize, &QComboBox::activated, this, &CleanDedupePanel::commit);
        connect(weight, &QDoubleSpinBox::editingFinished, this, &CleanDedupePanel::commit);
    }

    m_threshold->setValue(qRound(m_step.params.value(QStringLiteral("threshold")).toDouble(0.85) * 100));
    m_reviews.clear();
    for (const QJsonValue& value : m_step.params.value(QStringLiteral("reviews")).toArray()) {
        std::vector<qint64> key;
        for (const QJsonValue& row : value.toObject().value(QStringLiteral("rows")).toArray())
            key.push_back(row.toInteger());
        m_reviews[key] = value.toObject().value(QStringLiteral("decision")).toString(QStringLiteral("confirm"));
    }

    const QJsonObject rules = m_step.params.value(QStringLiteral("survivorship")).toObject();
    m_survivorship->setRowCount(0);
    m_recency->clear();
    m_recency->addItem(tr("(none)"));
    if (m_before && m_index >= 0) {
        for (const auto& name : m_before->columnNames()) {
            const QString column = toQString(name);
            const int row = m_survivorship->rowCount();
            m_survivorship->insertRow(row);
            auto* label = new QTableWidgetItem(column);
            label->setFlags(label->flags() & ~Qt::ItemIsEditable);
            m_survivorship->setItem(row, 0, label);
            auto* rule = choiceBox(kRules, rules.value(column).toString(), m_survivorship);
            m_survivorship->setCellWidget(row, 1, rule);
            connect(rule, &QComboBox::activated, this, &CleanDedupePanel::commit);
            m_recency->addItem(column);
        }
    }
    const QString recency = m_step.params.value(QStringLiteral("recency_column")).toString();
    m_recency->setCurrentIndex(std::max(0, m_recency->findText(recency)));
    m_filling = false;
    showCounts();
    fillQueue();
}

QJsonObject CleanDedupePanel::formParams() const {
    QJsonObject params = m_step.params;
    QJsonArray fields;
    for (int row = 0; row < m_fields->rowCount(); ++row) {
        QJsonObject field;
        field[QStringLiteral("column")] = m_fields->item(row, 0)->text();
        field[QStringLiteral("comparator")] = static_cast<QComboBox*>(m_fields->cellWidget(row, 1))->currentText();
        field[QStringLiteral("normalize")] = static_cast<QComboBox*>(m_fields->cellWidget(row, 2))->currentText();
        field[QStringLiteral("weight")] = static_cast<QDoubleSpinBox*>(m_fields->cellWidget(row, 3))->value();
        fields.append(field);
    }
    if (!fields.isEmpty())
        params[QStringLiteral("fields")] = fields;
    params[QStringLiteral("threshold")] = threshold();
    QJsonArray reviews;
    for (const auto& [rows, decision] : m_reviews) {
        QJsonArray raw;
        for (qint64 row : rows)
            raw.append(row);
        QJsonObject review{{QStringLiteral("rows"), raw}, {QStringLiteral("decision"), decision}};
        if (decision == QLatin1String("split"))
            review[QStringLiteral("parts")] = QJsonArray();  // every record stays on its own
        reviews.append(review);
    }
    if (reviews.isEmpty())
        params.remove(QStringLiteral("reviews"));
    else
        params[QStringLiteral("reviews")] = reviews;
    QJsonObject rules;
    for (int row = 0; row < m_survivorship->rowCount(); ++row) {
        const QString rule = static_cast<QComboBox*>(m_survivorship->cellWidget(row, 1))->currentText();
        if (rule != QLatin1String("first"))
            rules[m_survivorship->item(row, 0)->text()] = rule;
    }
    if (rules.isEmpty())
        params.remove(QStringLiteral("survivorship"));
    else
        params[QStringLiteral("survivorship")] = rules;
    if (m_recency->currentIndex() > 0)
        params[QStringLiteral("recency_column")] = m_recency->currentText();
    else
        params.remove(QStringLiteral("recency_column"));
    return params;
}

void CleanDedupePanel::commit() {
    if (m_index < 0 || m_filling)
        return;
    m_commitDelay->stop();
    clean::RecipeStep edited = m_step;
    edited.params = formParams();
    if (edited == m_step)
        return;
    m_step = edited;
    if (m_scored)
        m_scoredStep.params[QStringLiteral("threshold")] = edited.params.value(QStringLiteral("threshold"));
    emit stepEdited(m_index, edited);
}

Job* CleanDedupePanel::score() {
    if (m_index < 0 || !m_before || m_job)
        return nullptr;
    clean::RecipeStep step = m_step;
    step.params = formParams();
    const TablePtr table = m_before;
    m_job = runJob<ScoredDuplicates>(
        this, tr("Scoring duplicate pairs"),
        [table, step](core::Progress& progress, const core::CancelToken& cancel) {
            return scoreDuplicatesTask(table, step, progress, cancel);
        },
        std::function<void(ScoredDuplicates&)>([this, step](ScoredDuplicates& scored) {
            m_scored = std::move(scored);
            m_scoredStep = step;
            showCounts();
            fillQueue();
        }));
    Job* job = m_job;
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        m_job = nullptr;
        if (outcome == Job::Outcome::Failed)
            m_counts->setText(QStringLiteral("<span style='color:#b01c1c'>%1</span>")
                                  .arg(errorText(job->error()).toHtmlEscaped()));
        m_score->setEnabled(m_index >= 0 && m_before);
        emit busyChanged(false);
    });
    m_score->setEnabled(false);
    m_counts->setText(tr("Scoring candidate pairs…"));
    emit jobStarted(job);
    emit busyChanged(true);
    return job;
}

std::optional<clean::ThresholdCounts> CleanDedupePanel::currentCounts() const {
    if (!m_scored)
        return std::nullopt;
    return clean::countsAtThreshold(m_scored->candidates, threshold());
}

void CleanDedupePanel::showCounts() {
    m_thresholdValue->setText(tr("score ≥ %1").arg(threshold(), 0, 'f', 2));
    const auto counts = currentCounts();
    if (!counts) {
        m_counts->setText(m_index < 0 ? QString()
                                      : tr("Press Score pairs to count the duplicates at each threshold."));
        return;
    }
    m_counts->setText(tr("%1 pairs of %2 compared → %3 groups holding %4 records; merging removes "
                         "%5 rows.")
                          .arg(formatCount(std::int64_t(counts->pairs)),
                               formatCount(std::int64_t(m_scored->candidates.comparedPairs)),
                               formatCount(std::int64_t(counts->groups)),
                               formatCount(std::int64_t(counts->groupedRows)),
                               formatCount(std::int64_t(counts->removedRows))));
}

void CleanDedupePanel::fillQueue() {
    m_queue->clear();
    if (!m_scored || m_index < 0)
        return;
    const clean::CleanTable& table = *m_scored->table;
    std::vector<std::size_t> shown;
    for (const auto& name : m_step.columns)
        if (auto column = table.columnIndex(name))
            shown.push_back(*column);
    const auto groups = clean::duplicateGroups(m_scored->candidates, threshold());
    int listed = 0;
    for (const clean::DuplicateGroup& group : groups) {
        if (++listed > kMaxQueue)
            break;
        std::vector<qint64> key;
        for (std::uint32_t row : group.rows)
            key.push_back(table.rowIds()[row]);
        auto* item = new QTreeWidgetItem(m_queue);
        item->setText(0, tr("%1 records, scores %2–%3")
                             .arg(group.rows.size())
                             .arg(group.minPairScore, 0, 'f', 2)
                             .arg(group.maxPairScore, 0, 'f', 2));
        item->setData(0, Qt::UserRole, QVariant::fromValue(QList<qint64>(key.begin(), key.end())));
        const auto review = m_reviews.find(key);
        item->setText(1, review == m_reviews.end() ? tr("unreviewed")
                                                   : review->second == QLatin1String("split") ? tr("split")
                                                                                              : tr("confirmed"));
        for (std::size_t i = 0; i < group.rows.size(); ++i) {
            QStringList values;
            for (std::size_t column : shown) {
                const core::Cell& cell = table.column(column).cells[group.rows[i]];
                values << (cell ? toQString(*cell) : tr("(missing)"));
            }
            auto* child = new QTreeWidgetItem(item);
            child->setText(0, tr("row %1: %2").arg(key[i]).arg(values.join(QStringLiteral(" | "))));
            child->setToolTip(0, child->text(0));
        }
        item->setExpanded(listed <= 20);
    }
}

void CleanDedupePanel::decide(int index, const QString& decision) {
    QTreeWidgetItem* item = m_queue->topLevelItem(index);
    if (!item || m_index < 0)
        return;
    const QList<qint64> rows = item->data(0, Qt::UserRole).value<QList<qint64>>();
    m_reviews[std::vector<qint64>(rows.begin(), rows.end())] = decision;
    item->setText(1, decision == QLatin1String("split") ? tr("split") : tr("confirmed"));
    commit();
}

} // namespace microseg::ui
