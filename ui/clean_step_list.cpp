#include "clean_step_list.h"

#include "microseg/clean/step_registry.h"
#include "text_format.h"

#include <QAbstractItemModel>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <map>

namespace microseg::ui {

namespace clean = core::clean;

namespace {
constexpr int kSkippedRole = Qt::UserRole + 1;

QString categoryTitle(const std::string& category) {
    QString title = toQString(category);
    if (!title.isEmpty())
        title[0] = title[0].toUpper();
    return title;
}
} // namespace

QString countOf(std::size_t count, const QString& one, const QString& many) {
    return formatCount(std::int64_t(count)) + QLatin1Char(' ') + (count == 1 ? one : many);
}

QString stepSummary(const clean::StepReport& report) {
    if (report.status == clean::StepStatus::Disabled)
        return QObject::tr("disabled");
    if (report.status == clean::StepStatus::Skipped)
        return QObject::tr("skipped: %1").arg(toQString(report.message));
    QStringList parts;
    if (report.cellsChanged > 0)
        parts << QObject::tr("%1 cells in %2 rows changed")
                     .arg(formatCount(report.cellsChanged), formatCount(report.rowsChanged));
    if (report.rowsDropped > 0)
        parts << QObject::tr("%1 rows dropped").arg(formatCount(report.rowsDropped));
    if (!report.columnsAdded.empty())
        parts << QObject::tr("%1 added").arg(countOf(report.columnsAdded.size(), QObject::tr("column"), QObject::tr("columns")));
    if (!report.columnsRemoved.empty())
        parts << QObject::tr("%1 removed").arg(countOf(report.columnsRemoved.size(), QObject::tr("column"), QObject::tr("columns")));
    if (!report.columnsRenamed.empty())
        parts << QObject::tr("%1 renamed").arg(countOf(report.columnsRenamed.size(), QObject::tr("column"), QObject::tr("columns")));
    for (const clean::StepIssue& issue : report.issues)
        parts << QObject::tr("%1: %2").arg(toQString(issue.kind).replace(QLatin1Char('_'), QLatin1Char(' ')),
                                          formatCount(issue.count));
    return parts.isEmpty() ? QObject::tr("no change") : parts.join(QStringLiteral(", "));
}

CleanStepList::CleanStepList(QWidget* parent) : QWidget(parent) {
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("recipeSteps"));
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setWordWrap(true);
    m_list->setSpacing(2);
    m_list->setToolTip(tr("Drag a step to move it; untick it to keep it without running it."));

    m_add = new QToolButton(this);
    m_add->setObjectName(QStringLiteral("addStep"));
    m_add->setText(tr("Add step"));
    m_add->setPopupMode(QToolButton::InstantPopup);
    m_add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(m_add);
    std::map<std::string, QMenu*> submenus;
    for (const clean::StepTypeInfo* info : clean::defaultStepRegistry().types()) {
        QMenu*& sub = submenus[info->category];
        if (!sub)
            sub = menu->addMenu(categoryTitle(info->category));
        QAction* action = sub->addAction(toQString(info->title));
        action->setToolTip(toQString(info->description));
        const QString type = toQString(info->type);
        connect(action, &QAction::triggered, this, [this, type] { emit addRequested(type); });
    }
    menu->setToolTipsVisible(true);
    m_add->setMenu(menu);
    m_up = new QPushButton(tr("Up"), this);
    m_up->setObjectName(QStringLiteral("stepUp"));
    m_down = new QPushButton(tr("Down"), this);
    m_down->setObjectName(QStringLiteral("stepDown"));
    m_delete = new QPushButton(tr("Delete"), this);
    m_delete->setObjectName(QStringLiteral("stepDelete"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addStretch(1);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addWidget(m_delete);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        updateButtons();
        if (!m_filling)
            emit currentStepChanged(row);
    });
    connect(m_list, &QListWidget::itemChanged, this, &CleanStepList::onItemChanged);
    connect(m_up, &QPushButton::clicked, this, [this] {
        if (const int row = currentStep(); row > 0)
            emit moveRequested(row, row - 1);
    });
    connect(m_down, &QPushButton::clicked, this, [this] {
        if (const int row = currentStep(); row >= 0 && row + 1 < m_stepCount)
            emit moveRequested(row, row + 1);
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (const int row = currentStep(); row >= 0)
            emit deleteRequested(row);
    });
    // A drop moves the item inside the widget; the recipe is the truth, so the move is turned
    // into a request and the list is rebuilt from the edited recipe (after the drop returns).
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this,
            [this](const QModelIndex&, int start, int, const QModelIndex&, int row) {
                if (m_filling)
                    return;
                const int to = row > start ? row - 1 : row;
                QTimer::singleShot(0, this, [this, start, to] { emit moveRequested(start, to); });
            });
    updateButtons();
}

void CleanStepList::setRecipe(const clean::Recipe& recipe, const clean::ReplayReport* report) {
    m_filling = true;
    const int current = m_list->currentRow();
    m_list->clear();
    m_stepCount = static_cast<int>(recipe.steps.size());
    const bool reportFits = report && report->steps.size() == recipe.steps.size();
    for (std::size_t i = 0; i < recipe.steps.size(); ++i) {
        const clean::RecipeStep& step = recipe.steps[i];
        const clean::StepTypeInfo* info = clean::defaultStepRegistry().find(step.type);
        QStringList columns;
        for (const auto& column : step.columns)
            columns << toQString(column);
        QString text = tr("%1. %2").arg(i + 1).arg(info ? toQString(info->title) : toQString(step.type));
        if (!columns.isEmpty())
            text += QStringLiteral(": ") + columns.join(QStringLiteral(", "));
        bool skipped = false;
        if (reportFits) {
            const clean::StepReport& stepReport = report->steps[i];
            skipped = stepReport.status == clean::StepStatus::Skipped;
            text += QStringLiteral("\n") + stepSummary(stepReport);
        } else if (!step.enabled) {
            text += QStringLiteral("\n") + tr("disabled");
        }
        auto* item = new QListWidgetItem(text, m_list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
        item->setCheckState(step.enabled ? Qt::Checked : Qt::Unchecked);
        item->setData(kSkippedRole, skipped);
        item->setToolTip(text);
        if (skipped)
            item->setForeground(QColor(0xb0, 0x1c, 0x1c));
        else if (!step.enabled)
            item->setForeground(palette().color(QPalette::PlaceholderText));
    }
    if (m_stepCount > 0)
        m_list->setCurrentRow(std::clamp(current, 0, m_stepCount - 1));
    m_filling = false;
    updateButtons();
}

void CleanStepList::selectStep(int index) {
    m_list->setCurrentRow(index);
}

int CleanStepList::currentStep() const {
    return m_list->currentRow();
}

QString CleanStepList::stepText(int index) const {
    const QListWidgetItem* item = m_list->item(index);
    return item ? item->text() : QString();
}

bool CleanStepList::isShownSkipped(int index) const {
    const QListWidgetItem* item = m_list->item(index);
    return item && item->data(kSkippedRole).toBool();
}

void CleanStepList::onItemChanged(QListWidgetItem* item) {
    if (m_filling)
        return;
    const int row = m_list->row(item);
    const bool enabled = item->checkState() == Qt::Checked;
    QTimer::singleShot(0, this, [this, row, enabled] { emit enabledToggled(row, enabled); });
}

void CleanStepList::updateButtons() {
    const int row = m_list->currentRow();
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_stepCount);
    m_delete->setEnabled(row >= 0);
}

} // namespace microseg::ui
