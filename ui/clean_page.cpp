#include "clean_page.h"

#include "clean_dedupe_panel.h"
#include "clean_mapping_editor.h"
#include "clean_preview_panel.h"
#include "clean_recipe_edit.h"
#include "clean_step_editor.h"
#include "clean_step_list.h"
#include "error_dialog.h"
#include "job.h"
#include "microseg/clean/recipe_json.h"
#include "microseg/clean/recipe_store.h"
#include "microseg/workspace.h"
#include "text_format.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QShowEvent>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

namespace microseg::ui {

namespace clean = core::clean;

namespace {
constexpr int kCheckDelayMs = 250;  // debounce: typing in a field checks once, not per key
constexpr int kKeepSelection = -2;

/// A table name from a dataset name: letters, digits and underscores, "_clean" appended.
QString cleanedTableName(const QString& dataset) {
    QString name = dataset;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_]")), QStringLiteral("_"));
    return name.left(90) + QStringLiteral("_clean");
}
} // namespace

CleanPage::CleanPage(QWidget* parent) : WorkflowPage(parent) {
    m_undo = new QUndoStack(this);
    m_checkDelay = new QTimer(this);
    m_checkDelay->setSingleShot(true);
    m_checkDelay->setInterval(kCheckDelayMs);
    connect(m_checkDelay, &QTimer::timeout, this, &CleanPage::startCheck);

    m_steps = new CleanStepList(this);
    m_editor = new CleanStepEditor;
    auto* editorScroll = new QScrollArea(this);
    editorScroll->setWidgetResizable(true);
    editorScroll->setFrameShape(QFrame::NoFrame);
    editorScroll->setWidget(m_editor);
    m_preview = new CleanPreviewPanel(this);
    m_mapping = new CleanMappingEditor(this);
    m_dedupe = new CleanDedupePanel(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("cleanTabs"));
    m_tabs->addTab(m_preview, tr("Preview"));
    m_tabs->addTab(m_mapping, tr("Category mapping"));
    m_tabs->addTab(m_dedupe, tr("Duplicates"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_steps);
    splitter->addWidget(editorScroll);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 5);
    splitter->setSizes({260, 350, 530});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildTopBar());
    layout->addWidget(splitter, 1);

    connect(m_steps, &CleanStepList::currentStepChanged, this, &CleanPage::onStepSelected);
    connect(m_steps, &CleanStepList::enabledToggled, this, [this](int index, bool enabled) {
        if (index < 0 || index >= int(m_recipe.steps.size()) ||
            m_recipe.steps[std::size_t(index)].enabled == enabled)
            return;
        editRecipe(clean::withStepEnabled(m_recipe, std::size_t(index), enabled),
                   enabled ? tr("Enable step %1").arg(index + 1) : tr("Disable step %1").arg(index + 1),
                   index);
    });
    connect(m_steps, &CleanStepList::moveRequested, this, [this](int from, int to) {
        if (from == to || from < 0 || to < 0 || to >= int(m_recipe.steps.size()))
            return;
        editRecipe(clean::withStepMoved(m_recipe, std::size_t(from), std::size_t(to)),
                   tr("Move step %1").arg(from + 1), to);
    });
    connect(m_steps, &CleanStepList::deleteRequested, this, [this](int index) {
        const int count = int(m_recipe.steps.size());
        editRecipe(clean::withStepRemoved(m_recipe, std::size_t(index)),
                   tr("Delete step %1").arg(index + 1), std::min(index, count - 2));
    });
    connect(m_steps, &CleanStepList::addRequested, this, [this](const QString& type) {
        clean::RecipeStep step;
        step.type = toStdString(type);
        const int at = selectedStep() + 1;  // after the selected step: its output is the input
        editRecipe(clean::withStepInserted(m_recipe, std::size_t(at), step),
                   tr("Add step %1").arg(at + 1), at);
    });
    connect(m_editor, &CleanStepEditor::stepEdited, this, [this](const clean::RecipeStep& step) {
        replaceStep(m_editor->stepIndex(), step, tr("Edit step %1").arg(m_editor->stepIndex() + 1));
    });
    const auto panelEdit = [this](int index, const clean::RecipeStep& step, const QString& what) {
        replaceStep(index, step, what.arg(index + 1));
    };
    connect(m_mapping, &CleanMappingEditor::stepEdited, this,
            [panelEdit](int index, const clean::RecipeStep& step) {
                panelEdit(index, step, tr("Edit mapping of step %1"));
            });
    connect(m_dedupe, &CleanDedupePanel::stepEdited, this,
            [panelEdit](int index, const clean::RecipeStep& step) {
                panelEdit(index, step, tr("Edit duplicates of step %1"));
            });
    connect(m_mapping, &CleanMappingEditor::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_dedupe, &CleanDedupePanel::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_mapping, &CleanMappingEditor::busyChanged, this, &CleanPage::announceBusy);
    connect(m_dedupe, &CleanDedupePanel::busyChanged, this, &CleanPage::announceBusy);
    connect(m_undo, &QUndoStack::indexChanged, this, &CleanPage::updateActions);
    setWorkspace(nullptr);
}

CleanPage::~CleanPage() = default;

QIcon CleanPage::icon() const {
    return sidebarIcon(QStringLiteral("clean"));
}

QWidget* CleanPage::buildTopBar() {
    auto* bar = new QWidget(this);
    auto* rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 0);
    auto* first = new QHBoxLayout;
    m_dataset = new QComboBox(bar);
    m_dataset->setObjectName(QStringLiteral("cleanDataset"));
    m_dataset->setMinimumContentsLength(18);
    m_recipeName = new QLineEdit(bar);
    m_recipeName->setObjectName(QStringLiteral("recipeName"));
    m_recipeName->setPlaceholderText(tr("recipe name"));
    m_recipeName->setToolTip(tr("The recipe is saved under this name in the workspace."));
    m_save = new QPushButton(tr("Save recipe"), bar);
    m_save->setObjectName(QStringLiteral("saveRecipe"));
    m_import = new QPushButton(tr("Import…"), bar);
    m_import->setObjectName(QStringLiteral("importRecipe"));
    m_import->setToolTip(tr("Replace the recipe with one from a JSON file (undoable)."));
    m_export = new QPushButton(tr("Export…"), bar);
    m_export->setObjectName(QStringLiteral("exportRecipe"));
    m_export->setToolTip(tr("Write the recipe to a readable JSON file."));
    m_undoButton = new QPushButton(tr("Undo"), bar);
    m_undoButton->setObjectName(QStringLiteral("undoRecipe"));
    m_undoButton->setShortcut(QKeySequence::Undo);
    m_redoButton = new QPushButton(tr("Redo"), bar);
    m_redoButton->setObjectName(QStringLiteral("redoRecipe"));
    m_redoButton->setShortcut(QKeySequence::Redo);
    first->addWidget(new QLabel(tr("Dataset"), bar));
    first->addWidget(m_dataset);
    first->addSpacing(8);
    first->addWidget(new QLabel(tr("Recipe"), bar));
    first->addWidget(m_recipeName, 1);
    first->addWidget(m_save);
    first->addWidget(m_import);
    first->addWidget(m_export);
    first->addSpacing(8);
    first->addWidget(m_undoButton);
    first->addWidget(m_redoButton);

    auto* second = new QHBoxLayout;
    m_status = new QLabel(bar);
    m_status->setObjectName(QStringLiteral("cleanStatus"));
    m_status->setWordWrap(true);
    m_output = new QLineEdit(bar);
    m_output->setObjectName(QStringLiteral("cleanOutput"));
    m_output->setMinimumWidth(240);
    m_output->setToolTip(tr("The cleaned table to write (letters, digits, underscores); an earlier "
                            "cleaned table of that name is replaced, a raw table never."));
    m_apply = new QPushButton(tr("Apply recipe"), bar);
    m_apply->setObjectName(QStringLiteral("applyRecipe"));
    m_apply->setToolTip(tr("Replay the recipe on the raw table into the cleaned table "
                           "(the raw table does not change)."));
    second->addWidget(m_status, 1);
    second->addWidget(new QLabel(tr("Cleaned table"), bar));
    second->addWidget(m_output);
    second->addWidget(m_apply);
    rows->addLayout(first);
    rows->addLayout(second);

    connect(m_dataset, &QComboBox::currentIndexChanged, this, &CleanPage::selectDataset);
    connect(m_recipeName, &QLineEdit::editingFinished, this, [this] {
        m_recipe.name = toStdString(m_recipeName->text().trimmed());
        updateActions();
    });
    connect(m_output, &QLineEdit::textChanged, this, &CleanPage::updateActions);
    connect(m_undoButton, &QPushButton::clicked, m_undo, &QUndoStack::undo);
    connect(m_redoButton, &QPushButton::clicked, m_undo, &QUndoStack::redo);
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (auto status = saveRecipeByName(); !status)
            showErrorDialog(this, tr("Could not save the recipe"), status.error());
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export recipe"), toQString(m_recipe.name) + QStringLiteral(".json"),
            tr("Recipes (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        if (auto status = exportRecipeFile(path); !status)
            showErrorDialog(this, tr("Could not export the recipe"), status.error());
    });
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import recipe"), QString(),
                                                          tr("Recipes (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        if (auto status = importRecipeFile(path); !status)
            showErrorDialog(this, tr("Could not import the recipe"), status.error());
    });
    connect(m_apply, &QPushButton::clicked, this, [this] { startApply(); });
    return bar;
}

void CleanPage::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    for (Job* job : {m_loadJob.data(), m_checkJob.data(), m_applyJob.data()})
        if (job)
            job->cancel();
    m_workspace = std::move(workspace);
    m_raw.reset();
    m_check.reset();
    m_recipe = {};
    m_undo->clear();
    {
        QSignalBlocker block(m_dataset);
        m_dataset->clear();  // another workspace: nothing carries over
    }
    refreshDatasets();
}

void CleanPage::refreshDatasets() {
    const QString current = datasetName();
    QSignalBlocker block(m_dataset);
    m_dataset->clear();
    if (m_workspace)
        for (const auto& dataset : m_workspace->datasets())
            m_dataset->addItem(toQString(dataset.name), toQString(dataset.tableName));
    m_dataset->setCurrentIndex(std::max(0, m_dataset->findText(current)));
    block.unblock();
    // The same dataset still selected keeps its recipe, undo history and table.
    if (current.isEmpty() || datasetName() != current || !m_workspace)
        selectDataset(m_dataset->currentIndex());
}

QString CleanPage::datasetName() const {
    return m_dataset->currentIndex() >= 0 ? m_dataset->currentText() : QString();
}

void CleanPage::selectDataset(int index) {
    if (m_loadJob)
        m_loadJob->cancel();
    if (m_checkJob)
        m_checkJob->cancel();
    m_loadJob = nullptr;
    m_checkJob = nullptr;
    m_raw.reset();
    m_check.reset();
    m_undo->clear();
    clean::Recipe recipe;
    if (m_workspace && index >= 0) {
        const std::string dataset = toStdString(m_dataset->itemText(index));
        // The recipe last saved for this dataset, else a new one named after it.
        const clean::StoredRecipe* latest = nullptr;
        const auto stored = clean::storedRecipes(*m_workspace);
        for (const auto& candidate : stored)
            if (candidate.recipe.sourceDataset == dataset &&
                (!latest || candidate.updatedAt >= latest->updatedAt))
                latest = &candidate;
        if (!latest)  // a recipe named after the dataset, saved from elsewhere (the CLI)
            for (const auto& candidate : stored)
                if (candidate.recipe.name == dataset)
                    latest = &candidate;
        if (latest) {
            recipe = latest->recipe;
        } else if (auto created = clean::newRecipeFor(*m_workspace, dataset, dataset); created) {
            recipe = std::move(created.value());
        }
        m_output->setText(cleanedTableName(m_dataset->itemText(index)));
    } else {
        m_output->clear();
    }
    m_recipeName->setText(toQString(recipe.name));
    showRecipe(recipe, recipe.steps.empty() ? -1 : 0);
    m_status->setText(m_workspace ? (index >= 0 ? tr("Reading the dataset…")
                                                : tr("Import a dataset on the Data page first."))
                                  : tr("No workspace open."));
    // The table is read when the page is shown: opening a workspace does not read every table.
    if (isVisible())
        startLoad();
    announceBusy();
}

void CleanPage::showEvent(QShowEvent* event) {
    WorkflowPage::showEvent(event);
    // Datasets imported on the Data page meanwhile appear in the list.
    if (m_workspace && int(m_workspace->datasets().size()) != m_dataset->count())
        refreshDatasets();
    startLoad();
}

void CleanPage::startLoad() {
    const int index = m_dataset->currentIndex();
    if (!m_workspace || index < 0 || m_raw || m_loadJob)
        return;
    {
        const std::string path = m_workspace->path();
        const std::string table = toStdString(m_dataset->itemData(index).toString());
        m_loadJob = runJob<TablePtr>(
            this, tr("Reading %1").arg(m_dataset->itemText(index)),
            [path, table](core::Progress& progress, const core::CancelToken& cancel) {
                return loadTableTask(path, table, progress, cancel);
            },
            std::function<void(TablePtr&)>([this, table](TablePtr& loaded) {
                if (toStdString(m_dataset->currentData().toString()) != table)
                    return;  // read for a dataset no longer selected
                m_raw = loaded;
                startCheck();
            }));
        connect(m_loadJob, &Job::finished, this, [this, job = m_loadJob.data()](Job::Outcome outcome) {
            job->deleteLater();
            if (m_loadJob == job)
                m_loadJob = nullptr;
            if (outcome == Job::Outcome::Failed)
                m_status->setText(tr("Could not read the dataset: %1").arg(errorText(job->error())));
            announceBusy();
        });
        emit jobStarted(m_loadJob);
    }
    announceBusy();
}

void CleanPage::selectDefaultContent(const QString& item) {
    if (!m_workspace || m_dataset->count() == 0)
        return;
    if (m_dataset->currentIndex() < 0)
        m_dataset->setCurrentIndex(0);
    startLoad();
    const auto firstOfType = [this](const char* type) {
        for (std::size_t i = 0; i < m_recipe.steps.size(); ++i)
            if (m_recipe.steps[i].type == type)
                return int(i);
        return -1;
    };
    bool isNumber = false;
    const int number = item.toInt(&isNumber);
    int select = m_recipe.steps.empty() ? -1 : 0;
    if (item.compare(QLatin1String("mapping"), Qt::CaseInsensitive) == 0) {
        select = firstOfType("map_values");
        m_tabs->setCurrentWidget(m_mapping);
    } else if (item.compare(QLatin1String("dedupe"), Qt::CaseInsensitive) == 0) {
        select = firstOfType("fuzzy_dedupe");
        m_tabs->setCurrentWidget(m_dedupe);
    } else if (isNumber && number >= 1 && number <= int(m_recipe.steps.size())) {
        select = number - 1;
    }
    if (select >= 0)
        m_steps->selectStep(select);
    m_pendingSelect = item.toLower();
    if (m_raw && !isBusy())
        startCheck();
}

bool CleanPage::isBusy() const {
    return m_loadJob || m_checkJob || m_applyJob || m_checkDelay->isActive() ||
           m_mapping->isBusy() || m_dedupe->isBusy();
}

void CleanPage::announceBusy() {
    const bool busy = isBusy();
    if (busy != m_busy) {
        m_busy = busy;
        emit busyChanged(busy);
    }
    updateActions();
}

int CleanPage::selectedStep() const {
    return m_steps->currentStep();
}

void CleanPage::editRecipe(const clean::Recipe& recipe, const QString& text, int select) {
    if (recipe == m_recipe)
        return;
    const int before = selectedStep();
    const int after = select == kKeepSelection ? before : select;
    m_undo->push(new RecipeEdit(text, m_recipe, before, recipe, after,
                                [this](const clean::Recipe& value, int selected) {
                                    showRecipe(value, selected);
                                }));
}

void CleanPage::replaceStep(int index, const clean::RecipeStep& step, const QString& text) {
    if (index < 0 || index >= int(m_recipe.steps.size()))
        return;
    editRecipe(clean::withStepReplaced(m_recipe, std::size_t(index), step), text, index);
}

void CleanPage::showRecipe(const clean::Recipe& recipe, int selected) {
    m_showing = true;
    const bool nameChanged = recipe.name != m_recipe.name;
    m_recipe = recipe;
    if (nameChanged)
        m_recipeName->setText(toQString(recipe.name));
    m_checkCurrent = false;
    // The old report stays on the list while the new one is computed only if it still fits.
    m_steps->setRecipe(m_recipe, nullptr);
    if (selected >= 0 && selected < int(m_recipe.steps.size()))
        m_steps->selectStep(selected);
    m_showing = false;
    showSelectedStep();
    scheduleCheck();
    updateActions();
}

void CleanPage::onStepSelected(int) {
    if (m_showing)
        return;
    showSelectedStep();
    scheduleCheck();
}

QStringList CleanPage::columnsBefore(int index) const {
    QStringList columns;
    const clean::CleanTable* table = nullptr;
    if (m_check && m_check->before && int(m_check->selected) == index)
        table = m_check->before.get();
    else if (index == 0 || !m_check)
        table = m_raw.get();
    if (!table && m_raw)
        table = m_raw.get();
    if (table)
        for (const auto& name : table->columnNames())
            columns << toQString(name);
    return columns;
}

void CleanPage::showSelectedStep() {
    const int index = selectedStep();
    if (index < 0 || index >= int(m_recipe.steps.size())) {
        m_editor->clear();
        m_preview->showMessage(m_recipe.steps.empty()
                                   ? tr("The recipe has no steps yet: use Add step.")
                                   : tr("No step selected."));
        m_mapping->setStep(-1, nullptr, nullptr);
        m_dedupe->setStep(-1, nullptr, nullptr);
        return;
    }
    const clean::RecipeStep& step = m_recipe.steps[std::size_t(index)];
    m_editor->setStep(index, step, columnsBefore(index));
    const bool fresh = m_checkCurrent && m_check && m_check->preview && int(m_check->selected) == index;
    QString engineMessage;
    if (fresh) {
        const clean::StepReport& report = m_check->report.steps[std::size_t(index)];
        if (report.status == clean::StepStatus::Skipped)
            engineMessage = toQString(report.message);
        m_preview->showPreview(*m_check->preview, m_check->before->columnNames());
    } else {
        m_preview->showMessage(m_raw ? tr("Computing the preview…") : tr("Reading the dataset…"));
    }
    m_editor->setEngineMessage(engineMessage);
    const TablePtr before = fresh ? m_check->before : TablePtr();
    m_mapping->setStep(index, &step, before);
    m_dedupe->setStep(index, &step, before);
}

void CleanPage::scheduleCheck() {
    if (!m_raw)
        return;
    m_checkDelay->start();
    announceBusy();
}

void CleanPage::startCheck() {
    m_checkDelay->stop();
    if (!m_raw) {
        announceBusy();
        return;
    }
    if (m_checkJob)
        m_checkJob->cancel();  // its result would describe a recipe that is gone
    const TablePtr raw = m_raw;
    const clean::Recipe recipe = m_recipe;
    const int index = selectedStep();
    const std::optional<std::size_t> selected =
        index >= 0 && index < int(recipe.steps.size()) ? std::optional<std::size_t>(index) : std::nullopt;
    Job* job = runJob<RecipeCheck>(
        this, tr("Previewing the recipe"),
        [raw, recipe, selected](core::Progress& progress, const core::CancelToken& cancel) {
            return checkRecipeTask(raw, recipe, selected, progress, cancel);
        },
        std::function<void(RecipeCheck&)>([this, raw, recipe, index](RecipeCheck& check) {
            if (raw == m_raw && recipe == m_recipe && index == selectedStep())
                onChecked(check);
        }));
    m_checkJob = job;
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        if (m_checkJob == job)
            m_checkJob = nullptr;
        if (outcome == Job::Outcome::Failed)
            m_preview->showMessage(tr("The preview failed: %1").arg(errorText(job->error())));
        announceBusy();
    });
    emit jobStarted(job);
    announceBusy();
}

void CleanPage::onChecked(RecipeCheck& check) {
    m_check = std::move(check);
    m_checkCurrent = true;
    m_showing = true;
    m_steps->setRecipe(m_recipe, &m_check->report);
    m_showing = false;
    const std::size_t skipped = m_check->report.skippedCount();
    QString text = tr("%1 rows → %2 rows after %3")
                       .arg(formatCount(m_check->report.rowsBefore),
                            formatCount(m_check->after ? std::int64_t(m_check->after->rowCount())
                                                       : m_check->report.rowsAfter),
                            countOf(m_recipe.steps.size(), tr("step"), tr("steps")));
    if (skipped > 0)
        text += QStringLiteral(" — <span style='color:#b01c1c'>%1</span>")
                    .arg(tr("%1 skipped").arg(countOf(skipped, tr("step"), tr("steps"))));
    m_status->setText(text);
    showSelectedStep();
    if (m_pendingSelect == QLatin1String("mapping"))
        m_mapping->suggest();
    else if (m_pendingSelect == QLatin1String("dedupe"))
        m_dedupe->score();
    m_pendingSelect.clear();
}

core::Status CleanPage::importRecipeFile(const QString& path) {
    auto read = clean::readRecipeFile(toStdString(path));
    if (!read)
        return read.error();
    clean::Recipe recipe = std::move(read.value());
    if (recipe.name.empty())
        recipe.name = m_recipe.name;
    editRecipe(recipe, tr("Import recipe"), recipe.steps.empty() ? -1 : 0);
    return core::success();
}

core::Status CleanPage::exportRecipeFile(const QString& path) const {
    return clean::writeRecipeFile(toStdString(path), m_recipe);
}

core::Status CleanPage::saveRecipeByName() {
    if (!m_workspace)
        return core::Error{core::ErrorCode::InvalidArgument, "No workspace is open.", {}, 0, 0, {}};
    clean::Recipe recipe = m_recipe;
    recipe.name = toStdString(m_recipeName->text().trimmed());
    recipe.sourceDataset = toStdString(datasetName());
    if (recipe.name.empty())
        return core::Error{core::ErrorCode::InvalidArgument, "Give the recipe a name first.", {}, 0, 0, {}};
    auto saved = clean::saveRecipe(*m_workspace, recipe);
    if (!saved)
        return saved.error();
    m_recipe.name = recipe.name;
    m_recipe.sourceDataset = recipe.sourceDataset;
    m_status->setText(tr("Saved the recipe \"%1\".").arg(toQString(recipe.name)));
    return core::success();
}

Job* CleanPage::startApply() {
    if (!m_workspace || m_applyJob || m_dataset->currentIndex() < 0)
        return nullptr;
    clean::CleanRequest request;
    request.sourceTable = toStdString(m_dataset->currentData().toString());
    request.recipe = m_recipe;
    request.recipe.name = toStdString(m_recipeName->text().trimmed());
    request.recipe.sourceDataset = toStdString(datasetName());
    request.outputTable = toStdString(m_output->text().trimmed());
    request.overwrite = true;  // a cleaned table is derived: Apply again replaces it
    const std::string path = m_workspace->path();
    Job* job = runJob<clean::CleanResult>(
        this, tr("Cleaning into %1").arg(m_output->text().trimmed()),
        [path, request](core::Progress& progress, const core::CancelToken& cancel) {
            return applyRecipeTask(path, request, progress, cancel);
        },
        std::function<void(clean::CleanResult&)>([this](clean::CleanResult& result) {
            QString text = tr("Wrote %1: %2 rows.").arg(toQString(result.outputTable),
                                                        formatCount(result.rows));
            if (const std::size_t skipped = result.report.skippedCount(); skipped > 0)
                text += QStringLiteral(" <span style='color:#b01c1c'>%1</span>")
                            .arg(tr("%1 skipped.").arg(countOf(skipped, tr("step"), tr("steps"))));
            // The recipe that made the table is kept by name, to come back to.
            if (!m_recipeName->text().trimmed().isEmpty())
                (void)saveRecipeByName();
            m_status->setText(text);
            emit tableCreated(toQString(result.outputTable));
        }));
    m_applyJob = job;
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        m_applyJob = nullptr;
        if (outcome == Job::Outcome::Failed)
            m_status->setText(QStringLiteral("<span style='color:#b01c1c'>%1</span>")
                                  .arg(tr("Apply failed: %1").arg(errorText(job->error()).toHtmlEscaped())));
        else if (outcome == Job::Outcome::Cancelled)
            m_status->setText(tr("Apply was cancelled; the workspace is unchanged."));
        announceBusy();
    });
    emit jobStarted(job);
    announceBusy();
    return job;
}

void CleanPage::updateActions() {
    const bool open = m_workspace && m_dataset->currentIndex() >= 0;
    const QString output = m_output->text().trimmed();
    static const QRegularExpression tableName(QStringLiteral("^[A-Za-z0-9_]{1,100}$"));
    m_apply->setEnabled(open && !m_applyJob && tableName.match(output).hasMatch());
    m_save->setEnabled(open && !m_recipeName->text().trimmed().isEmpty());
    m_export->setEnabled(open);
    m_import->setEnabled(open);
    m_undoButton->setEnabled(m_undo->canUndo());
    m_redoButton->setEnabled(m_undo->canRedo());
    m_undoButton->setToolTip(m_undo->canUndo() ? m_undo->undoText() : QString());
    m_redoButton->setToolTip(m_undo->canRedo() ? m_undo->redoText() : QString());
    m_dataset->setEnabled(m_workspace != nullptr);
}

} // namespace microseg::ui
