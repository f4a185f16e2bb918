// Cleaned tables and recipes in the workspace: one transaction, an audit entry, nothing written
// when cancelled or failed, and a cleaned table that traces back to raw rows.
#include "clean_fixtures.h"
#include "microseg/clean/recipe_json.h"
#include "microseg/clean/recipe_store.h"
#include "microseg/table_reader.h"
#include "test_util.h"

#include <sqlite3.h>

using namespace microseg::core;
using namespace microseg::core::clean;
using namespace microseg::test;

namespace {

constexpr const char* kCsv = "id,name,joined,spend\n"
                             "1, Ada ,31/01/2020,10.5\n"
                             "2,Bob,29/02/2020,x\n"
                             "3, Ada ,31/01/2020,10.5\n"
                             "4,Cy,01/03/2021,7\n";

Recipe recipe() {
    Recipe r;
    r.name = "customers";
    r.steps = {step("trim", {"name"}), step("drop_duplicates", {"name", "joined"}),
               step("convert_type", {"joined"}, R"({"to": "date", "format": "DD/MM/YYYY"})"),
               step("convert_type", {"spend"}, R"({"to": "decimal"})"),
               step("convert_type", {"id"}, R"({"to": "integer"})")};
    return r;
}

std::int64_t count(Workspace& workspace, const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(workspace.db(), sql.c_str(), -1, &statement, nullptr);
    std::int64_t value = -1;
    if (sqlite3_step(statement) == SQLITE_ROW)
        value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
}

} // namespace

TEST(CleanStore, RunCleaningWritesTypedTableRecordAndAudit) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    CleanRequest request{"t", recipe(), "t_clean", false, OnStepError::Skip};
    Progress progress;
    auto result = runCleaning(*workspace, request, progress, CancelToken());
    ASSERT_TRUE(result.ok()) << result.error().toString();
    EXPECT_EQ(result.value().sourceTable, "raw_t");
    EXPECT_EQ(result.value().rows, 3);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM t_clean"), 3);
    EXPECT_EQ(count(*workspace, "SELECT _raw_row FROM t_clean WHERE _row = 3"), 4);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM t_clean WHERE typeof(id) = 'integer' AND typeof(spend) IN ('real', 'null')"), 3);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM t_clean WHERE joined = '2020-02-29'"), 1);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM cleaned_tables WHERE table_name = 't_clean' AND row_count = 3"), 1);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM audit_log WHERE operation = 'clean'"), 1);
    // Raw table untouched.
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM raw_t WHERE name = ' Ada '"), 2);
    // The stored report says which values did not convert.
    const auto info = cleanedTable(*workspace, "t_clean");
    ASSERT_TRUE(info);
    EXPECT_NE(info->reportJson.find("\"not_converted\""), std::string::npos);
    EXPECT_NE(info->recipeJson.find("\"convert_type\""), std::string::npos);
    // The grid reads it like any table; cleaning it again traces to the raw rows.
    auto reader = TableReader::open(*workspace, "t_clean");
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(reader.value().columnNames().front(), "_raw_row");
    auto again = loadCleanTable(*workspace, "t_clean", progress, CancelToken());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value().rowIds(), (std::vector<std::int64_t>{1, 2, 4}));
    EXPECT_EQ(again.value().find("id")->type, ColumnType::Integer);
}

TEST(CleanStore, BooleansAreStoredAsOneAndZero) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "id,active\n1,yes\n2,No\n3,\n");
    ASSERT_TRUE(workspace);
    Recipe r;
    r.steps = {step("convert_type", {"active"}, R"({"to": "boolean"})")};
    Progress progress;
    ASSERT_TRUE(runCleaning(*workspace, {"t", r, "b", false, OnStepError::Stop}, progress, CancelToken()).ok());
    EXPECT_EQ(count(*workspace, "SELECT sum(active) FROM b WHERE typeof(active) = 'integer'"), 1);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM b WHERE active = 0"), 1);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM b WHERE active IS NULL"), 1);
}

TEST(CleanStore, ReplayingTheSameRecipeGivesTheIdenticalTable) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    Progress progress;
    ASSERT_TRUE(runCleaning(*workspace, {"raw_t", recipe(), "one", false, OnStepError::Skip}, progress, CancelToken()).ok());
    ASSERT_TRUE(runCleaning(*workspace, {"raw_t", recipe(), "two", false, OnStepError::Skip}, progress, CancelToken()).ok());
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM (SELECT * FROM one EXCEPT SELECT * FROM two)"), 0);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM two"), 3);
}

TEST(CleanStore, CancelledOrFailedCleaningLeavesTheWorkspaceUnchanged) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    const auto auditBefore = count(*workspace, "SELECT count(*) FROM audit_log");
    CancelToken cancel;
    cancel.cancel();
    Progress progress;
    auto cancelled = runCleaning(*workspace, {"t", recipe(), "t_clean", false, OnStepError::Skip}, progress, cancel);
    ASSERT_TRUE(cancelled.isCancelled());
    Recipe bad = recipe();
    bad.steps.push_back(step("trim", {"gone"}));
    auto failed = runCleaning(*workspace, {"t", bad, "t_clean", false, OnStepError::Stop}, progress, CancelToken());
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("step 6 (trim): column \"gone\""), std::string::npos);
    EXPECT_FALSE(workspace->hasTable("t_clean"));
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM cleaned_tables"), 0);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM audit_log"), auditBefore);
    // A raw table's name is never overwritten.
    auto raw = runCleaning(*workspace, {"t", recipe(), "raw_t", true, OnStepError::Skip}, progress, CancelToken());
    ASSERT_FALSE(raw.ok());
    EXPECT_EQ(raw.error().code, ErrorCode::AlreadyExists);
}

TEST(CleanStore, OverwriteReplacesOnlyACleanedTable) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    Progress progress;
    ASSERT_TRUE(runCleaning(*workspace, {"t", recipe(), "c", false, OnStepError::Skip}, progress, CancelToken()).ok());
    EXPECT_FALSE(runCleaning(*workspace, {"t", recipe(), "c", false, OnStepError::Skip}, progress, CancelToken()).ok());
    Recipe fewer = recipe();
    fewer.steps.erase(fewer.steps.begin() + 1);  // no de-duplication: 4 rows
    ASSERT_TRUE(runCleaning(*workspace, {"t", fewer, "c", true, OnStepError::Skip}, progress, CancelToken()).ok());
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM c"), 4);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM cleaned_tables"), 1);
}

TEST(CleanStore, RecipesAreSavedByNameWithTheImportSettings) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    auto base = newRecipeFor(*workspace, "t", "monthly");
    ASSERT_TRUE(base.ok());
    EXPECT_EQ(base.value().sourceDataset, "t");
    EXPECT_EQ(base.value().importSettings.value("delimiter").toString(), ",");
    Recipe r = base.value();
    r.steps = recipe().steps;
    ASSERT_TRUE(saveRecipe(*workspace, r).ok());
    r.steps.pop_back();
    ASSERT_TRUE(saveRecipe(*workspace, r).ok());  // same name: replaced
    auto loaded = loadRecipe(*workspace, "monthly");
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.value().recipe, r);
    EXPECT_EQ(storedRecipes(*workspace).size(), 1u);
    EXPECT_EQ(count(*workspace, "SELECT count(*) FROM audit_log WHERE operation = 'save_recipe'"), 2);
    ASSERT_TRUE(deleteRecipe(*workspace, "monthly").ok());
    EXPECT_FALSE(loadRecipe(*workspace, "monthly").ok());
}
