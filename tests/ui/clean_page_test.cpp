// The Clean page on a small messy customer table: the preview's counts are the engine's, Apply
// writes the cleaned table and leaves the raw one alone, a cancelled Apply leaves the workspace
// unchanged, undo/redo restore recipe values, a bad regex is reported at its step, an imported
// recipe naming a missing column lists that step as skipped, the mapping editor turns a
// suggested group into mapping rows, and the duplicate panel's live counts are the algorithm's.

#include "clean_dedupe_panel.h"
#include "clean_mapping_editor.h"
#include "clean_page.h"
#include "clean_preview_panel.h"
#include "clean_step_editor.h"
#include "clean_step_list.h"
#include "job.h"
#include "microseg/clean/algorithm_steps.h"
#include "microseg/clean/recipe_json.h"
#include "microseg/clean/recipe_store.h"
#include "microseg/clean/step_registry.h"
#include "microseg/workspace.h"
#include "text_format.h"
#include "ui_test_util.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSlider>
#include <QTableWidget>
#include <QTreeWidget>
#include <QUndoStack>
#include <gtest/gtest.h>
#include <sstream>

namespace microseg::ui {
namespace {

namespace clean = core::clean;

constexpr int kPeople = 60;

/// A made-up name per person: two words of letters from a fixed linear congruential sequence,
/// so that no two people look alike.
std::string personName(int i) {
    std::uint32_t state = 2654435761u * std::uint32_t(i) + 12345u;
    std::string name;
    for (int k = 0; k < 14; ++k) {
        state = state * 1664525u + 1013904223u;
        char letter = char('a' + (state >> 24) % 26);
        if (k == 0 || k == 7)
            letter = char(letter - 'a' + 'A');
        name += (k == 6) ? ' ' : letter;
    }
    return name;
}

/// People with stray spaces in names, three spellings of Lisbon, missing amounts (every 6th)
/// and near-duplicate records (every 10th person appears again with one letter changed).
std::string peopleCsv(int rows) {
    static const char* const kCities[] = {"Lisbon", "lisbon", "LISBON", "Porto", "Faro"};
    std::ostringstream out;
    out << "id,name,city,amount\n";
    for (int i = 1; i <= rows; ++i) {
        const std::string name = personName(i);
        out << i << ',' << (i % 4 == 0 ? "  " : "") << name << (i % 3 == 0 ? " " : "") << ','
            << kCities[i % 5] << ',';
        if (i % 6 != 0)
            out << i * 3 << ".5";
        out << '\n';
        if (i % 10 == 0) {
            std::string twin = name;
            twin[9] = twin[9] == 'x' ? 'y' : 'x';
            out << 1000 + i << ',' << twin << ',' << kCities[i % 5] << ',' << i << '\n';
        }
    }
    return out.str();
}

clean::RecipeStep step(const char* type, std::vector<std::string> columns, QJsonObject params = {}) {
    clean::RecipeStep s;
    s.type = type;
    s.columns = std::move(columns);
    s.params = std::move(params);
    return s;
}

class CleanPageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_path = test::createWorkspace(m_dir, QStringLiteral("people"),
                                       {{QStringLiteral("people.csv"), peopleCsv(kPeople)}});
        ASSERT_FALSE(m_path.isEmpty());
        auto workspace = core::Workspace::open(m_path.toStdString());
        ASSERT_TRUE(workspace.ok());
        m_workspace = std::shared_ptr<core::Workspace>(std::move(workspace.value()));
        m_page = std::make_unique<CleanPage>();
        m_page->resize(1140, 740);
        m_page->setWorkspace(m_workspace);
        m_page->show();
        m_page->selectDefaultContent();
        ASSERT_TRUE(idle());
        m_table = m_workspace->datasets().front().tableName;
    }

    bool idle() const {
        return test::waitFor([this] { return !m_page->isBusy(); }, 15'000);
    }

    static bool finished(Job* job) {
        return job && test::waitFor([job] { return !job->isRunning(); }, 15'000);
    }

    clean::CleanTable load(const std::string& table) const {
        core::Progress progress;
        auto loaded = clean::loadCleanTable(*m_workspace, table, progress, core::CancelToken{});
        EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
        return loaded.ok() ? std::move(loaded.value()) : clean::CleanTable{};
    }

    clean::Recipe threeSteps() const {
        clean::Recipe recipe = m_page->recipe();
        recipe.steps = {step("trim", {"name"}),
                        step("change_case", {"city"}, {{"mode", "title"}}),
                        step("drop_missing", {"amount"})};
        return recipe;
    }

    std::string snapshot() const {
        std::string out;
        for (const auto& table : m_workspace->tableNames())
            out += table + ";";
        out += std::to_string(clean::storedRecipes(*m_workspace).size()) + ";";
        out += std::to_string(clean::cleanedTables(*m_workspace).size()) + ";";
        return out + std::to_string(m_workspace->auditLog().size());
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::string m_table;
    std::shared_ptr<core::Workspace> m_workspace;
    std::unique_ptr<CleanPage> m_page;
};

TEST_F(CleanPageTest, PreviewCountsEqualTheEngines) {
    m_page->editRecipe(threeSteps(), QStringLiteral("three steps"), 2);
    ASSERT_TRUE(idle());
    ASSERT_TRUE(m_page->lastCheck().has_value());
    const RecipeCheck& check = *m_page->lastCheck();
    ASSERT_TRUE(check.preview.has_value());
    EXPECT_EQ(check.selected, 2u);

    // The engine directly: steps 1-2 replayed, step 3 previewed; the whole recipe replayed.
    clean::CleanTable table = load(m_table);
    const clean::StepRegistry& registry = clean::defaultStepRegistry();
    core::Progress progress;
    clean::ReplayOptions head;
    head.stepCount = 2;
    ASSERT_TRUE(clean::replayRecipe(table, m_page->recipe(), registry, head, progress, {}).ok());
    auto preview = clean::previewStep(table, 2, m_page->recipe().steps[2], registry, {}, progress, {});
    ASSERT_TRUE(preview.ok());
    const clean::StepReport& expected = preview.value().report;
    EXPECT_EQ(check.preview->report.rowsDropped, expected.rowsDropped);
    EXPECT_EQ(check.preview->report.cellsChanged, expected.cellsChanged);
    EXPECT_EQ(expected.rowsDropped, kPeople / 6);
    clean::CleanTable whole = load(m_table);
    auto replay = clean::replayRecipe(whole, m_page->recipe(), registry, {}, progress, {});
    ASSERT_TRUE(replay.ok());
    ASSERT_EQ(check.report.steps.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(check.report.steps[i].cellsChanged, replay.value().steps[i].cellsChanged) << i;
        EXPECT_EQ(check.report.steps[i].rowsDropped, replay.value().steps[i].rowsDropped) << i;
    }
    // What the panel shows: the dropped rows sample and the counts in words.
    EXPECT_EQ(m_page->previewPanel()->dropped()->rowCount(), int(preview.value().droppedRows.size()));
    EXPECT_TRUE(m_page->previewPanel()->summary()->text().contains(
        QStringLiteral("%1 rows dropped").arg(kPeople / 6)))
        << m_page->previewPanel()->summary()->text().toStdString();
    // Selecting step 1 previews the trimmed names, cell by cell.
    m_page->stepList()->selectStep(0);
    ASSERT_TRUE(idle());
    ASSERT_TRUE(m_page->lastCheck()->preview.has_value());
    EXPECT_EQ(m_page->lastCheck()->preview->report.cellsChanged, replay.value().steps[0].cellsChanged);
    EXPECT_EQ(m_page->previewPanel()->changes()->item(0, 1)->text(), "name");
    EXPECT_TRUE(m_page->stepList()->stepText(2).contains(QStringLiteral("rows dropped")));
}

TEST_F(CleanPageTest, ApplyWritesTheCleanedTableAndLeavesRawAlone) {
    const clean::CleanTable rawBefore = load(m_table);
    m_page->editRecipe(threeSteps(), QStringLiteral("three steps"));
    ASSERT_TRUE(idle());
    m_page->outputEdit()->setText(QStringLiteral("people_clean"));
    Job* job = m_page->startApply();
    ASSERT_TRUE(finished(job));
    ASSERT_EQ(job->outcome(), Job::Outcome::Succeeded) << job->error().message;
    ASSERT_TRUE(m_workspace->hasTable("people_clean"));
    const clean::CleanTable cleaned = load("people_clean");
    const int total = kPeople + kPeople / 10;
    EXPECT_EQ(cleaned.rowCount(), std::size_t(total - kPeople / 6));
    EXPECT_EQ(*cleaned.find("city")->cells.front(), "Lisbon");
    // The raw table is exactly as it was, and the recipe is stored under its name.
    const clean::CleanTable rawAfter = load(m_table);
    ASSERT_EQ(rawAfter.rowCount(), rawBefore.rowCount());
    for (std::size_t c = 0; c < rawBefore.columnCount(); ++c)
        EXPECT_EQ(rawAfter.column(c).cells, rawBefore.column(c).cells);
    auto stored = clean::loadRecipe(*m_workspace, m_page->recipe().name);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored.value().recipe.steps, m_page->recipe().steps);
    ASSERT_TRUE(clean::cleanedTable(*m_workspace, "people_clean").has_value());

    // A new page on the same workspace picks the saved recipe up for the dataset.
    CleanPage again;
    again.setWorkspace(m_workspace);
    EXPECT_EQ(again.recipe().steps, m_page->recipe().steps);
}

TEST_F(CleanPageTest, ADatasetImportedElsewhereAppearsAndTheRecipeStays) {
    m_page->editRecipe(threeSteps(), QStringLiteral("three steps"));
    ASSERT_TRUE(idle());
    m_page->hide();
    core::ImportRequest request;
    request.filePath = test::writeFile(m_dir, QStringLiteral("more.csv"), "a,b\n1,2\n").toStdString();
    core::Progress progress;
    ASSERT_TRUE(core::importCsv(*m_workspace, request, progress, core::CancelToken{}).ok());
    m_page->show();
    EXPECT_EQ(m_page->datasetCombo()->count(), 2);
    EXPECT_EQ(m_page->datasetName(), "people");
    EXPECT_EQ(m_page->recipe().steps.size(), 3u);
    EXPECT_EQ(m_page->undoStack()->count(), 1);
    ASSERT_TRUE(idle());
}

TEST_F(CleanPageTest, CancelledApplyLeavesTheWorkspaceUnchanged) {
    // A table large enough that Cancel, pressed at once, lands while the work is running.
    core::ImportRequest request;
    request.filePath = test::writeFile(m_dir, QStringLiteral("many.csv"), peopleCsv(40'000)).toStdString();
    core::Progress progress;
    ASSERT_TRUE(core::importCsv(*m_workspace, request, progress, core::CancelToken{}).ok());
    m_page->setWorkspace(m_workspace);
    m_page->datasetCombo()->setCurrentIndex(m_page->datasetCombo()->findText(QStringLiteral("many")));
    ASSERT_EQ(m_page->datasetName(), "many");
    ASSERT_TRUE(idle());
    m_page->editRecipe(threeSteps(), QStringLiteral("three steps"));
    ASSERT_TRUE(idle());
    const std::string before = snapshot();
    Job* job = m_page->startApply();
    ASSERT_NE(job, nullptr);
    job->cancel();
    ASSERT_TRUE(finished(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Cancelled);
    EXPECT_EQ(snapshot(), before);
    EXPECT_TRUE(m_page->statusLabel()->text().contains(QStringLiteral("unchanged")));
}

TEST_F(CleanPageTest, UndoAndRedoRestoreTheRecipe) {
    const clean::Recipe empty = m_page->recipe();
    emit m_page->stepList()->addRequested(QStringLiteral("trim"));
    ASSERT_EQ(m_page->recipe().steps.size(), 1u);
    m_page->editRecipe(threeSteps(), QStringLiteral("three steps"), 0);
    const clean::Recipe three = m_page->recipe();
    emit m_page->stepList()->moveRequested(0, 2);
    EXPECT_EQ(m_page->recipe().steps[2].type, "trim");
    emit m_page->stepList()->enabledToggled(1, false);
    EXPECT_FALSE(m_page->recipe().steps[1].enabled);
    emit m_page->stepList()->deleteRequested(0);
    EXPECT_EQ(m_page->recipe().steps.size(), 2u);
    const clean::Recipe last = m_page->recipe();
    // A drag in the list is a move of the recipe's step too (undone right away).
    QAbstractItemModel* model = m_page->stepList()->list()->model();
    ASSERT_TRUE(model->moveRow(QModelIndex(), 0, QModelIndex(), 2));
    ASSERT_TRUE(test::waitFor([this, &last] { return m_page->recipe() != last; }));
    EXPECT_EQ(m_page->recipe().steps[1], last.steps[0]);
    EXPECT_EQ(m_page->stepList()->stepText(1).section(QLatin1Char('.'), 0, 0), "2");
    m_page->undoStack()->undo();
    EXPECT_EQ(m_page->recipe(), last);

    QUndoStack* undo = m_page->undoStack();
    undo->undo();  // delete
    undo->undo();  // disable
    undo->undo();  // move
    EXPECT_EQ(m_page->recipe(), three);
    EXPECT_EQ(m_page->stepList()->list()->count(), 3);
    undo->undo();
    undo->undo();
    EXPECT_EQ(m_page->recipe(), empty);
    EXPECT_EQ(m_page->stepList()->list()->count(), 0);
    for (int i = 0; i < 5; ++i)
        undo->redo();
    EXPECT_EQ(m_page->recipe(), last);
    EXPECT_EQ(m_page->stepList()->list()->item(0)->checkState(), Qt::Unchecked);
    ASSERT_TRUE(idle());
}

TEST_F(CleanPageTest, ABadRegexShowsItsMessageAtTheStep) {
    clean::Recipe recipe = m_page->recipe();
    recipe.steps = {step("trim", {"name"}), step("regex_replace", {"name"}, {{"pattern", "Number"}})};
    m_page->editRecipe(recipe, QStringLiteral("two steps"), 1);
    ASSERT_TRUE(idle());
    CleanStepEditor* editor = m_page->stepEditor();
    ASSERT_EQ(editor->stepIndex(), 1);
    EXPECT_TRUE(editor->message().isEmpty()) << editor->message().toStdString();
    auto* pattern = qobject_cast<QLineEdit*>(editor->field(QStringLiteral("pattern")));
    ASSERT_NE(pattern, nullptr);
    pattern->setText(QStringLiteral("([a-z"));
    pattern->setModified(true);
    emit pattern->editingFinished();
    // At once, from the step's own check, naming the step and the parameter.
    EXPECT_TRUE(editor->message().startsWith(QStringLiteral("step 2 (regex_replace)")))
        << editor->message().toStdString();
    EXPECT_TRUE(editor->message().contains(QStringLiteral("pattern"))) << editor->message().toStdString();
    EXPECT_EQ(m_page->recipe().steps[1].params.value("pattern").toString(), "([a-z");
    // After the check the list shows the step as skipped; the step before it still applies.
    ASSERT_TRUE(idle());
    EXPECT_TRUE(m_page->stepList()->isShownSkipped(1));
    EXPECT_FALSE(m_page->stepList()->isShownSkipped(0));
    EXPECT_TRUE(m_page->stepList()->stepText(1).contains(QStringLiteral("skipped")));
    EXPECT_TRUE(m_page->previewPanel()->summary()->text().contains(QStringLiteral("cannot run")));
    // Undo brings the working pattern back.
    m_page->undoStack()->undo();
    ASSERT_TRUE(idle());
    EXPECT_FALSE(m_page->stepList()->isShownSkipped(1));
}

TEST_F(CleanPageTest, ImportedRecipeWithAMissingColumnListsTheSkippedStep) {
    clean::Recipe recipe;
    recipe.name = "from elsewhere";
    recipe.steps = {step("trim", {"name"}), step("trim", {"phone"}),
                    step("change_case", {"city"}, {{"mode", "upper"}})};
    const QString file = m_dir.filePath(QStringLiteral("recipe.json"));
    ASSERT_TRUE(clean::writeRecipeFile(file.toStdString(), recipe).ok());
    ASSERT_TRUE(m_page->importRecipeFile(file).ok());
    ASSERT_TRUE(idle());
    EXPECT_EQ(m_page->recipe().steps, recipe.steps);
    ASSERT_TRUE(m_page->lastCheck().has_value());
    EXPECT_EQ(m_page->lastCheck()->report.skippedCount(), 1u);
    EXPECT_TRUE(m_page->stepList()->isShownSkipped(1));
    EXPECT_FALSE(m_page->stepList()->isShownSkipped(2));
    EXPECT_TRUE(m_page->stepList()->stepText(1).contains(QStringLiteral("phone")));
    EXPECT_TRUE(m_page->statusLabel()->text().contains(QStringLiteral("1 step skipped")));
    // Exported again, the file reads back as the same recipe.
    const QString out = m_dir.filePath(QStringLiteral("out.json"));
    ASSERT_TRUE(m_page->exportRecipeFile(out).ok());
    auto read = clean::readRecipeFile(out.toStdString());
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read.value().steps, recipe.steps);
    // A file that is not a recipe is refused and changes nothing.
    const QString bad = test::writeFile(m_dir, QStringLiteral("bad.json"), "{\"steps\": 3}");
    EXPECT_FALSE(m_page->importRecipeFile(bad).ok());
    EXPECT_EQ(m_page->recipe().steps, recipe.steps);
}

TEST_F(CleanPageTest, AcceptedSpellingGroupBecomesMappingRows) {
    clean::Recipe recipe = m_page->recipe();
    recipe.steps = {step("map_values", {"city"}, {{"mapping", QJsonObject{{"Oporto", "Porto"}}}})};
    m_page->editRecipe(recipe, QStringLiteral("map"), 0);
    ASSERT_TRUE(idle());
    CleanMappingEditor* mapping = m_page->mappingEditor();
    ASSERT_EQ(mapping->mapping()->rowCount(), 1);
    Job* job = mapping->suggest();
    ASSERT_TRUE(finished(job));
    ASSERT_EQ(job->outcome(), Job::Outcome::Succeeded) << job->error().message;
    // Fingerprints: "Lisbon", "lisbon" and "LISBON " collide; the most frequent spelling leads.
    ASSERT_EQ(mapping->groups()->topLevelItemCount(), 1);
    QTreeWidgetItem* group = mapping->groups()->topLevelItem(0);
    EXPECT_EQ(group->childCount(), 3);
    group->setText(0, QStringLiteral("Lisboa"));  // the analyst edits the canonical value
    mapping->acceptGroup(0);
    const QJsonObject table = m_page->recipe().steps[0].params.value("mapping").toObject();
    EXPECT_EQ(table.value("Oporto").toString(), "Porto");
    EXPECT_EQ(table.value("lisbon").toString(), "Lisboa");
    EXPECT_EQ(table.value("Lisbon").toString(), "Lisboa");
    EXPECT_EQ(table.size(), 4);
    EXPECT_EQ(mapping->mapping()->rowCount(), 4);
    ASSERT_TRUE(idle());
    const auto& report = m_page->lastCheck()->report.steps.at(0);
    EXPECT_EQ(report.status, clean::StepStatus::Applied) << report.message;
    // Every Lisbon row (i % 5 in {0, 1, 2}, and each 10th person's twin) now says Lisboa.
    EXPECT_EQ(report.cellsChanged, kPeople * 3 / 5 + kPeople / 10);
    // Undo takes the accepted group back out of the table.
    m_page->undoStack()->undo();
    ASSERT_TRUE(idle());
    EXPECT_EQ(mapping->mapping()->rowCount(), 1);
}

TEST_F(CleanPageTest, DuplicateCountsFollowTheSliderAndReviewsAreStored) {
    clean::Recipe recipe = m_page->recipe();
    recipe.steps = {step("trim", {"name"}),
                    step("fuzzy_dedupe", {"name", "city"}, {{"threshold", 0.9}})};
    m_page->editRecipe(recipe, QStringLiteral("dedupe"), 1);
    ASSERT_TRUE(idle());
    CleanDedupePanel* panel = m_page->dedupePanel();
    EXPECT_EQ(panel->fieldsTable()->rowCount(), 2);
    Job* job = panel->score();
    ASSERT_TRUE(finished(job));
    ASSERT_EQ(job->outcome(), Job::Outcome::Succeeded) << job->error().message;

    // The same candidates computed directly give the same counts at every slider position.
    const TablePtr before = m_page->lastCheck()->before;
    core::Progress progress;
    auto scored = scoreDuplicatesTask(before, m_page->recipe().steps[1], progress, {});
    ASSERT_TRUE(scored.ok());
    for (int value : {60, 80, 90, 97}) {
        panel->thresholdSlider()->setSliderDown(true);  // dragging: counts only, no recipe edit
        panel->thresholdSlider()->setValue(value);
        const auto live = panel->currentCounts();
        ASSERT_TRUE(live.has_value());
        const auto expected = clean::countsAtThreshold(scored.value().candidates, value / 100.0);
        EXPECT_EQ(live->pairs, expected.pairs) << value;
        EXPECT_EQ(live->groups, expected.groups) << value;
        EXPECT_TRUE(panel->countsLabel()->text().contains(formatCount(std::int64_t(expected.groups))));
    }
    panel->thresholdSlider()->setValue(90);
    panel->thresholdSlider()->setSliderDown(false);
    emit panel->thresholdSlider()->sliderReleased();
    // Every 10th person has a one-letter twin: those are the groups at 0.9.
    ASSERT_EQ(panel->reviewQueue()->topLevelItemCount(), kPeople / 10);
    panel->decide(0, QStringLiteral("split"));
    const QJsonArray reviews = m_page->recipe().steps[1].params.value("reviews").toArray();
    ASSERT_EQ(reviews.size(), 1);
    EXPECT_EQ(reviews[0].toObject().value("decision").toString(), "split");
    EXPECT_EQ(reviews[0].toObject().value("rows").toArray().size(), 2);
    ASSERT_TRUE(idle());
    // The recipe was checked again on an equal table: the scores and the queue stay.
    EXPECT_TRUE(panel->currentCounts().has_value());
    ASSERT_EQ(panel->reviewQueue()->topLevelItemCount(), kPeople / 10);
    EXPECT_EQ(panel->reviewQueue()->topLevelItem(0)->text(1), "split");
    // Split groups stay apart: the step merges one group fewer.
    EXPECT_EQ(m_page->lastCheck()->report.steps[1].rowsDropped, kPeople / 10 - 1);
}

} // namespace
} // namespace microseg::ui
