#pragma once
/// @file recipe_store.h
/// Recipes and cleaned tables in the workspace (schema 3 tables `cleaning_recipes` and
/// `cleaned_tables`). Every write is ONE transaction with an audit_log entry: a failed or
/// cancelled operation leaves the workspace unchanged.
///
/// A cleaned table has `_row INTEGER PRIMARY KEY` numbered 1..n (so the data grid reads it in
/// batches like a raw table), `_raw_row INTEGER NOT NULL` (the raw row it came from), then the
/// cleaned columns with SQLite types from their column types (clean_table.h); it is STRICT.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "microseg/clean/clean_table.h"
#include "microseg/clean/recipe.h"
#include "microseg/clean/recipe_engine.h"
#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/workspace.h"

namespace microseg::core::clean {

struct StoredRecipe {
    std::int64_t id = 0;
    Recipe recipe;
    std::string createdAt, updatedAt;
};

/// Saves `recipe` under recipe.name, replacing a recipe of that name (audit "save_recipe").
Result<std::int64_t> saveRecipe(Workspace& workspace, const Recipe& recipe);
Result<StoredRecipe> loadRecipe(const Workspace& workspace, const std::string& name);
std::vector<StoredRecipe> storedRecipes(const Workspace& workspace);
Status deleteRecipe(Workspace& workspace, const std::string& name);

/// A recipe with no steps for `datasetOrTable` (a dataset name or its raw table), carrying the
/// dataset's import settings.
Result<Recipe> newRecipeFor(const Workspace& workspace, const std::string& datasetOrTable,
                            const std::string& recipeName);

/// The table behind a dataset name, or `datasetOrTable` itself when it is not a dataset name.
std::string sourceTableName(const Workspace& workspace, const std::string& datasetOrTable);

struct CleanRequest {
    std::string sourceTable;  ///< a table name or a dataset name
    Recipe recipe;
    std::string outputTable;  ///< 1..100 letters, digits, underscores
    bool overwrite = false;   ///< replace an earlier cleaned table of that name (never a raw one)
    OnStepError onError = OnStepError::Skip;
};

struct CleanResult {
    std::string outputTable, sourceTable;
    ReplayReport report;
    std::int64_t rows = 0;
    double loadSeconds = 0.0, replaySeconds = 0.0, storeSeconds = 0.0, seconds = 0.0;
};

/// Loads the source table, replays the recipe and stores the cleaned table with its
/// `cleaned_tables` row (recipe JSON as replayed, report JSON) and an audit entry ("clean"), all
/// in one transaction. Progress: load 0-0.3, replay 0.3-0.7, store 0.7-1.
Result<CleanResult> runCleaning(Workspace& workspace, const CleanRequest& request,
                                Progress& progress, const CancelToken& cancel);

/// The same on a worker thread: opens its own connection to `workspacePath` (SQLite connections
/// belong to the thread that opened them).
Result<CleanResult> runCleaning(const std::string& workspacePath, const CleanRequest& request,
                                Progress& progress, const CancelToken& cancel);

/// Writes `table` as `outputTable` with its cleaned_tables row and audit entry (one transaction).
Status storeCleanedTable(Workspace& workspace, const CleanTable& table,
                         const std::string& outputTable, const std::string& sourceTable,
                         const Recipe& recipe, const ReplayReport& report, bool overwrite,
                         Progress& progress, const CancelToken& cancel);

struct CleanedTableInfo {
    std::int64_t id = 0;
    std::string tableName, sourceTable;
    std::string recipeJson, reportJson;
    std::int64_t rowCount = 0;
    std::string createdAt;
};
std::vector<CleanedTableInfo> cleanedTables(const Workspace& workspace);
std::optional<CleanedTableInfo> cleanedTable(const Workspace& workspace, const std::string& name);

} // namespace microseg::core::clean
