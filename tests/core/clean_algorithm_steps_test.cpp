// The impute, outliers and fuzzy_dedupe recipe steps: parameters, what they change, and a
// de-duplication review that replays from the recipe JSON.
#include "clean_fixtures.h"
#include "microseg/clean/algorithm_steps.h"
#include "microseg/clean/recipe_json.h"

#include <QJsonArray>

using namespace microseg::core;
using namespace microseg::core::clean;
using namespace microseg::test;

TEST(AlgorithmSteps, Registered) {
    for (const char* type : {"impute", "outliers", "fuzzy_dedupe"})
        EXPECT_NE(defaultStepRegistry().find(type), nullptr) << type;
}

TEST(AlgorithmSteps, ImputeStrategies) {
    const auto base = [] {
        return makeTable({"age", "city", "x"},
                         {{"30", "Leeds", "1"}, {"~", "~", "2"}, {"41", "York", "3"},
                          {"n/a", "Leeds", "4"}, {" ", "~", "5"}});
    };
    CleanTable table = base();
    auto report = runOne(table, step("impute", {"age"}, R"({"strategy": "mean"})"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "age"), (std::vector<std::string>{"30", "35.5", "41", "n/a", "35.5"}));
    ASSERT_EQ(report.value().issues.size(), 1u); // "n/a" is reported, not silently replaced
    EXPECT_EQ(report.value().issues[0].kind, "not_a_number");
    EXPECT_EQ(report.value().counts["filled"].toInt(), 2);

    table = base();
    ASSERT_TRUE(runOne(table, step("impute", {"city"}, R"({"strategy": "mode"})")).ok());
    EXPECT_EQ(cells(table, "city"), (std::vector<std::string>{"Leeds", "Leeds", "York", "Leeds", "Leeds"}));

    table = base();
    ASSERT_TRUE(runOne(table, step("impute", {"city"}, R"({"strategy": "constant", "value": "unknown"})")).ok());
    EXPECT_EQ(cells(table, "city")[1], "unknown");

    table = base();
    ASSERT_TRUE(runOne(table, step("impute", {"age"}, R"({"strategy": "regression", "predictors": ["x"]})")).ok());
    // OLS through (1, 30) and (3, 41): 24.5 + 5.5 x.
    EXPECT_EQ(cells(table, "age")[1], "35.5");
    EXPECT_EQ(cells(table, "age")[4], "52");

    table = base();
    auto knn = runOne(table, step("impute", {"age", "x"}, R"({"strategy": "knn", "neighbors": 1})"));
    ASSERT_TRUE(knn.ok()) << knn.error().message;
    EXPECT_EQ(cells(table, "age")[1], "30"); // row 2 (x = 2) is nearest to x = 1 (first of a tie)

    EXPECT_NE(buildError(step("impute", {"age"}, R"({"strategy": "median_of_means"})")), "");
    EXPECT_NE(buildError(step("impute", {"age"}, R"({"strategy": "regression"})")), "");
    EXPECT_NE(buildError(step("impute", {"age"}, R"({"strategy": "knn", "neighbors": 0})")), "");
}

TEST(AlgorithmSteps, OutliersFlagCapDrop) {
    const auto base = [] {
        return makeTable({"v"}, {{"1"}, {"2"}, {"3"}, {"4"}, {"100"}, {"~"}});
    };
    CleanTable table = base();
    auto report = runOne(table, step("outliers", {"v"}));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "quality_issues")[4], "v: outlier (above 7)");
    EXPECT_EQ(report.value().counts["outliers"].toInt(), 1);

    table = base();
    ASSERT_TRUE(runOne(table, step("outliers", {"v"}, R"({"action": "cap"})")).ok());
    EXPECT_EQ(cells(table, "v"), (std::vector<std::string>{"1", "2", "3", "4", "7", "~"}));

    table = base();
    ASSERT_TRUE(runOne(table, step("outliers", {"v"}, R"({"action": "drop", "method": "zscore", "threshold": 1.5})")).ok());
    EXPECT_EQ(table.rowCount(), 5u);
    EXPECT_EQ(table.rowIds(), (std::vector<std::int64_t>{1, 2, 3, 4, 6}));

    EXPECT_NE(buildError(step("outliers", {"v"}, R"({"factor": -1})")), "");
}

TEST(AlgorithmSteps, FuzzyDedupeWithReviewReplaysFromJson) {
    const CleanTable original = makeTable(
        {"name", "email", "spent", "seen"},
        {{"Jon Smith", "jon@x.com", "10", "2021-01-01"},
         {"Ann Lee", "ann@y.com", "5", "2020-05-05"},
         {"jon  SMITH", "jon@x.com", "15", "2023-03-03"},
         {"Jonn Smith", "~", "1", "2022-02-02"},
         {"Bob Ray", "bob@z.com", "7", "2019-09-09"}});
    const std::string fields =
        R"("fields": [{"column": "name", "comparator": "jaro_winkler", "weight": 1},
                      {"column": "email", "comparator": "exact", "weight": 2}],
           "blocking": [{"columns": ["name"], "method": "sorted_neighbourhood", "window": 5}],
           "threshold": 0.85, "survivorship": {"spent": "sum", "seen": "most_recent", "name": "longest"},
           "recency_column": "seen")";
    RecipeStep spec = step("fuzzy_dedupe", {"name", "email"}, "{" + fields + "}");

    // The GUI's view: candidates, live counts and groups from the step's own parameters.
    auto options = dedupeOptionsFromStep(original, spec);
    ASSERT_TRUE(options.ok()) << options.error().message;
    Progress progress;
    auto scored = scoreCandidatePairs([&] {
        std::vector<TextColumn> cols;
        for (const auto& c : original.columns())
            cols.push_back(c.cells);
        return cols;
    }(), options.value(), progress, CancelToken());
    ASSERT_TRUE(scored.ok());
    const auto groups = duplicateGroups(scored.value(), 0.85);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].rows, (std::vector<std::uint32_t>{0, 2, 3}));
    EXPECT_EQ(countsAtThreshold(scored.value(), 0.85).removedRows, 2u);

    // Unreviewed: the whole group merges into raw row 1 with the survivorship rules.
    CleanTable merged = original;
    auto report = runOne(merged, spec);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(merged.rowIds(), (std::vector<std::int64_t>{1, 2, 5}));
    EXPECT_EQ(cells(merged, "spent")[0], "26");
    EXPECT_EQ(cells(merged, "seen")[0], "2023-03-03");
    EXPECT_EQ(cells(merged, "name")[0], "jon  SMITH");

    // The analyst splits off raw row 4; the decision lives in the recipe and replays from JSON.
    GroupReview split{groups[0].rows, GroupReview::Decision::Split, {{0, 2}}};
    spec.params["reviews"] = reviewsToJson({split}, original);
    Recipe recipe;
    recipe.name = "dedupe";
    recipe.steps.push_back(spec);
    auto reread = recipeFromJsonText(recipeToJsonText(recipe));
    ASSERT_TRUE(reread.ok());
    CleanTable replayed = original;
    auto replay = replayRecipe(replayed, reread.value(), defaultStepRegistry(), ReplayOptions{},
                               progress, CancelToken());
    ASSERT_TRUE(replay.ok());
    EXPECT_EQ(replay.value().steps[0].status, StepStatus::Applied) << replay.value().steps[0].message;
    EXPECT_EQ(replayed.rowIds(), (std::vector<std::int64_t>{1, 2, 4, 5}));
    EXPECT_EQ(cells(replayed, "spent")[0], "25");

    // A column that does not exist is refused with its name.
    RecipeStep bad = step("fuzzy_dedupe", {"name"}, R"({"fields": [{"column": "nope"}]})");
    CleanTable copy = original;
    auto failed = runOne(copy, bad);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("nope"), std::string::npos);
}

TEST(AlgorithmSteps, AcceptedClustersBecomeAMapValuesStep) {
    CleanTable table = makeTable({"city"}, {{"New York"}, {"new york"}, {"York, New"}, {"New York"}, {"Leeds"}});
    Progress progress;
    auto clusters = suggestCategoryClusters(table.column(0).cells, CategoryClusterOptions{}, progress,
                                            CancelToken());
    ASSERT_TRUE(clusters.ok());
    RecipeStep map{"map_values", {"city"}, mapValuesParams(mappingFromClusters(clusters.value())), true, {}};
    auto report = runOne(table, map);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "city"),
              (std::vector<std::string>{"New York", "New York", "New York", "New York", "Leeds"}));
}

TEST(AlgorithmSteps, NumericModeBreaksTiesByValue) {
    CleanTable table = makeTable({"n"}, {{"10"}, {"9"}, {"10"}, {"9"}, {"~"}});
    CleanColumn typed = table.column(0);
    typed.type = ColumnType::Integer;
    ASSERT_TRUE(table.replaceColumn(typed).ok());
    ASSERT_TRUE(runOne(table, step("impute", {"n"}, R"({"strategy": "mode"})")).ok());
    EXPECT_EQ(cells(table, "n")[4], "9"); // as text "10" < "9"; as numbers 9 < 10
}
