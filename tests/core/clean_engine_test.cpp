// The recipe engine: replay (skip what cannot run), preview without changes, cancellation,
// determinism, recipe values and JSON, and the exact-duplicate and row steps.
#include "clean_fixtures.h"
#include "microseg/clean/recipe_json.h"

using namespace microseg::core;
using namespace microseg::core::clean;
using namespace microseg::test;

namespace {

CleanTable people() {
    return makeTable({"name", "email", "age"}, {{" Ada ", "ada@example.org", "36"},
                                                {"Bob", "bob@", "x"},
                                                {" Ada ", "ada@example.org", "36"},
                                                {"Cy", "~", "51"}});
}

Recipe sampleRecipe() {
    Recipe recipe;
    recipe.name = "people";
    recipe.steps = {step("trim", {"name"}), step("drop_duplicates", {}),
                    step("convert_type", {"age"}, R"({"to": "integer"})"),
                    step("validate_email", {"email"}, R"({"action": "flag"})")};
    return recipe;
}

Result<ReplayReport> replay(CleanTable& table, const Recipe& recipe, ReplayOptions options = {},
                            const CancelToken& cancel = CancelToken()) {
    Progress progress;
    return replayRecipe(table, recipe, defaultStepRegistry(), options, progress, cancel);
}

} // namespace

TEST(CleanEngine, ReplayAppliesStepsInOrderAndIsDeterministic) {
    CleanTable a = people(), b = people();
    auto first = replay(a, sampleRecipe());
    auto second = replay(b, sampleRecipe());
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(a.rowIds(), (std::vector<std::int64_t>{1, 2, 4}));
    EXPECT_EQ(cells(a, "name"), (std::vector<std::string>{"Ada", "Bob", "Cy"}));
    EXPECT_EQ(cells(a, "age"), (std::vector<std::string>{"36", "~", "51"}));
    EXPECT_EQ(cells(a, "quality_issues"), (std::vector<std::string>{"~", "email: not an e-mail address", "~"}));
    for (const auto& name : a.columnNames())
        EXPECT_EQ(cells(a, name), cells(b, name));
    EXPECT_EQ(first.value().rowsBefore, 4);
    EXPECT_EQ(first.value().rowsAfter, 3);
    EXPECT_EQ(first.value().steps[1].rowsDropped, 1);
    EXPECT_EQ(first.value().skippedCount(), 0u);
}

TEST(CleanEngine, StepsThatCannotRunAreListedAndTheRestApplied) {
    Recipe recipe = sampleRecipe();
    recipe.steps.insert(recipe.steps.begin() + 1, step("drop_columns", {"email"}));
    recipe.steps.push_back(step("unknown_kind", {"name"}));
    recipe.steps.push_back(step("trim", {"name"}, R"({})"));
    recipe.steps.back().enabled = false;
    CleanTable table = people();
    auto result = replay(table, recipe);
    ASSERT_TRUE(result.ok());
    const auto& steps = result.value().steps;
    ASSERT_EQ(steps.size(), 7u);
    EXPECT_EQ(steps[4].status, StepStatus::Skipped);  // validate_email: its column was dropped by step 2
    EXPECT_NE(steps[4].message.find("step 5 (validate_email): column \"email\" does not exist at this step"),
              std::string::npos) << steps[4].message;
    EXPECT_EQ(steps[5].status, StepStatus::Skipped);
    EXPECT_NE(steps[5].message.find("unknown step type"), std::string::npos);
    EXPECT_EQ(steps[6].status, StepStatus::Disabled);
    EXPECT_EQ(result.value().skippedCount(), 2u);
    EXPECT_EQ(cells(table, "age"), (std::vector<std::string>{"36", "~", "51"}));  // step 4 still applied

    CleanTable stopped = people();
    ReplayOptions stop;
    stop.onError = OnStepError::Stop;
    auto failed = replay(stopped, recipe, stop);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("step 5"), std::string::npos);
}

TEST(CleanEngine, PreviewCountsAndSamplesWithoutChangingTheTable) {
    CleanTable table = people();
    PreviewOptions options;
    options.sampleSize = 5;
    Progress progress;
    auto trim = previewStep(table, 0, step("trim", {"name"}), defaultStepRegistry(), options, progress, CancelToken());
    ASSERT_TRUE(trim.ok());
    EXPECT_EQ(trim.value().report.cellsChanged, 2);
    ASSERT_EQ(trim.value().changes.size(), 2u);
    EXPECT_EQ(trim.value().changes[0].rawRow, 1);
    EXPECT_EQ(*trim.value().changes[0].before, " Ada ");
    EXPECT_EQ(*trim.value().changes[0].after, "Ada");
    EXPECT_EQ(cells(table, "name")[0], " Ada ");  // untouched

    auto dedupe = previewStep(table, 1, step("drop_duplicates", {"email"}), defaultStepRegistry(), options,
                              progress, CancelToken());
    ASSERT_TRUE(dedupe.ok());
    EXPECT_EQ(dedupe.value().report.rowsDropped, 1);
    EXPECT_EQ(dedupe.value().droppedRawRows, (std::vector<std::int64_t>{3}));
    EXPECT_EQ(*dedupe.value().droppedRows[0][0], " Ada ");
    EXPECT_EQ(table.rowCount(), 4u);

    auto bad = previewStep(table, 2, step("validate_range", {"age"}, R"({"min": 5, "max": 1})"),
                           defaultStepRegistry(), options, progress, CancelToken());
    ASSERT_TRUE(bad.ok());
    EXPECT_EQ(bad.value().report.status, StepStatus::Skipped);
    EXPECT_NE(bad.value().report.message.find("step 3 (validate_range): parameter \"min\" is larger"),
              std::string::npos) << bad.value().report.message;
}

TEST(CleanEngine, CancelledReplayReturnsCancelled) {
    CleanTable table = people();
    CancelToken cancel;
    cancel.cancel();
    auto result = replay(table, sampleRecipe(), {}, cancel);
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.isCancelled());
}

TEST(CleanEngine, DuplicatesKeepFirstOrLastAndNullDiffersFromEmpty) {
    CleanTable table = makeTable({"k", "v"}, {{"a", "1"}, {"a", "2"}, {"~", "3"}, {"", "4"}, {"a", "5"}});
    CleanTable last = table;
    ASSERT_TRUE(runOne(table, step("drop_duplicates", {"k"})).ok());
    EXPECT_EQ(cells(table, "v"), (std::vector<std::string>{"1", "3", "4"}));
    ASSERT_TRUE(runOne(last, step("drop_duplicates", {"k"}, R"({"keep": "last"})")).ok());
    EXPECT_EQ(cells(last, "v"), (std::vector<std::string>{"3", "4", "5"}));
}

TEST(CleanEngine, RenameAndDropMissing) {
    CleanTable table = makeTable({"a", "b"}, {{"1", "~"}, {"2", " "}, {"3", "x"}});
    auto renamed = runOne(table, step("rename_column", {"b"}, R"({"to": "bee"})"));
    ASSERT_TRUE(renamed.ok());
    EXPECT_EQ(table.columnNames(), (std::vector<std::string>{"a", "bee"}));
    EXPECT_EQ(renamed.value().cellsChanged, 0);
    ASSERT_TRUE(runOne(table, step("drop_missing", {"bee"})).ok());
    EXPECT_EQ(table.rowIds(), (std::vector<std::int64_t>{3}));
    EXPECT_NE(buildError(step("rename_column", {"a", "b"}, R"({"to": "c"})")).find("takes 1 column, not 2"),
              std::string::npos);
}

TEST(CleanRecipe, ValueEditsAndJsonRoundTrip) {
    Recipe recipe = sampleRecipe();
    recipe.importSettings["delimiter"] = ";";
    const Recipe moved = withStepMoved(recipe, 3, 0);
    EXPECT_EQ(moved.steps[0].type, "validate_email");
    EXPECT_EQ(recipe.steps[0].type, "trim");  // the original value is unchanged (undo = keep it)
    EXPECT_EQ(withStepRemoved(recipe, 1).steps.size(), 3u);
    EXPECT_FALSE(withStepEnabled(recipe, 2, false).steps[2].enabled);
    EXPECT_EQ(withStepInserted(recipe, 4, step("trim", {"email"})).steps.back().columns[0], "email");

    const std::string text = recipeToJsonText(recipe);
    auto parsed = recipeFromJsonText(text, "r.json");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed.value(), recipe);
    EXPECT_EQ(recipeToJsonText(parsed.value()), text);

    auto broken = recipeFromJsonText("{\"steps\": [\n {\"type\": 3}]}", "r.json");
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().message.find("step 1: needs \"type\""), std::string::npos);
    auto syntax = recipeFromJsonText("{\n\"steps\": [,]}", "r.json");
    ASSERT_FALSE(syntax.ok());
    EXPECT_EQ(syntax.error().line, 2);
}

TEST(CleanRecipe, RegistryKnowsEveryBuiltInStep) {
    for (const char* type : {"trim", "collapse_spaces", "change_case", "normalize_unicode", "remove_invisible",
                             "regex_replace", "split_column", "merge_columns", "convert_type", "map_values",
                             "validate_email", "validate_phone", "validate_range", "validate_required",
                             "validate_regex", "validate_cross_field", "convert_currency", "scale_units",
                             "drop_duplicates", "drop_missing", "drop_columns", "rename_column"})
        EXPECT_NE(defaultStepRegistry().find(type), nullptr) << type;
}

TEST(CleanEngine, PreviewOfARecipeStepReplaysTheStepsBeforeIt) {
    const CleanTable source = people();
    Progress progress;
    auto preview = previewRecipeStep(source, sampleRecipe(), 2, defaultStepRegistry(), {}, progress, CancelToken());
    ASSERT_TRUE(preview.ok());
    EXPECT_EQ(preview.value().report.rowsBefore, 3);  // after trim and de-duplication
    EXPECT_EQ(preview.value().report.cellsChanged, 1);  // "x" does not convert
    ASSERT_EQ(preview.value().report.issues.size(), 1u);
    EXPECT_EQ(preview.value().report.issues[0].exampleRows, (std::vector<std::int64_t>{2}));
    EXPECT_EQ(source.rowCount(), 4u);
    EXPECT_FALSE(previewRecipeStep(source, sampleRecipe(), 9, defaultStepRegistry(), {}, progress, CancelToken()).ok());
}

TEST(CleanEngine, CancelDuringALongStepStopsItAndProgressMoves) {
    std::vector<std::vector<std::string>> rows(60000, std::vector<std::string>{" padded value "});
    const CleanTable big = makeTable({"v"}, rows);
    Recipe recipe;
    recipe.steps = {step("trim", {"v"}), step("change_case", {"v"}, R"({"mode": "upper"})")};
    // Progress reaches the sink part-way through, and a cancel from there stops the replay.
    CancelToken cancel;
    double last = 0.0;
    Progress progress([&](double fraction, const std::string&) {
        last = fraction;
        if (fraction > 0.2)
            cancel.cancel();
    });
    CleanTable table = big;
    auto result = replayRecipe(table, recipe, defaultStepRegistry(), {}, progress, cancel);
    ASSERT_TRUE(result.isCancelled());
    EXPECT_GT(last, 0.2);
    EXPECT_LT(last, 1.0);
    // A full run reports up to 1.
    Progress full([&](double fraction, const std::string&) { last = fraction; });
    CleanTable again = big;
    ASSERT_TRUE(replayRecipe(again, recipe, defaultStepRegistry(), {}, full, CancelToken()).ok());
    EXPECT_DOUBLE_EQ(last, 1.0);
    EXPECT_EQ(cells(again, "v")[59999], "PADDED VALUE");
}

TEST(CleanEngine, NewColumnsMayNotCollideRegardlessOfCase) {
    CleanTable table = makeTable({"Name", "x"}, {{"a b", "1"}});
    auto split = runOne(table, step("split_column", {"Name"}, R"({"separator": " ", "into": ["name", "rest"]})"));
    ASSERT_FALSE(split.ok());
    EXPECT_NE(split.error().message.find("step 1 (split_column): the new column \"name\" already exists"),
              std::string::npos) << split.error().message;
    EXPECT_EQ(table.columnCount(), 2u);
    auto recase = runOne(table, step("rename_column", {"Name"}, R"({"to": "name"})"));
    EXPECT_TRUE(recase.ok());
}
