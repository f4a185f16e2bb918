#pragma once
// The Clean page's background work, (inputs, Progress&, CancelToken) -> Result, run in Jobs. The
// raw table is read once per dataset into an immutable CleanTable shared by every later task, so
// editing a step re-runs only the recipe, never the read. Nothing here touches the GUI's
// Workspace: storing opens its own connection by path.

#include "microseg/clean/category_clusters.h"
#include "microseg/clean/clean_table.h"
#include "microseg/clean/fuzzy_dedupe.h"
#include "microseg/clean/recipe.h"
#include "microseg/clean/recipe_engine.h"
#include "microseg/clean/recipe_store.h"

#include <memory>
#include <optional>
#include <string>

namespace microseg::ui {

using TablePtr = std::shared_ptr<const core::clean::CleanTable>;

core::Result<TablePtr> loadTableTask(const std::string& workspacePath, const std::string& table,
                                     core::Progress& progress, const core::CancelToken& cancel);

/// The whole recipe checked on the raw table, and the selected step's preview.
struct RecipeCheck {
    core::clean::ReplayReport report;  ///< one StepReport per step, as Apply would produce
    std::optional<core::clean::StepPreview> preview;  ///< the selected step, when there is one
    std::size_t selected = 0;
    TablePtr before;  ///< the table just before the selected step (mapping and duplicate panels)
    TablePtr after;   ///< the table after all steps
};

/// Replays steps [0, selected), previews the selected step on that table, then replays the rest.
/// Without a selection (or an empty recipe) it replays everything.
core::Result<RecipeCheck> checkRecipeTask(const TablePtr& raw, const core::clean::Recipe& recipe,
                                          std::optional<std::size_t> selected,
                                          core::Progress& progress,
                                          const core::CancelToken& cancel);

/// runCleaning on a connection of its own: the cleaned table and its record in one transaction.
core::Result<core::clean::CleanResult> applyRecipeTask(const std::string& workspacePath,
                                                       const core::clean::CleanRequest& request,
                                                       core::Progress& progress,
                                                       const core::CancelToken& cancel);

/// Category clusters for one column of `table`.
core::Result<std::vector<core::clean::CategoryCluster>>
suggestGroupsTask(const TablePtr& table, const std::string& column,
                  const core::clean::CategoryClusterOptions& options, core::Progress& progress,
                  const core::CancelToken& cancel);

/// Every candidate pair of a fuzzy_dedupe step scored once; thresholds are then answered from it.
struct ScoredDuplicates {
    core::clean::DedupeCandidates candidates;
    TablePtr table;  ///< the table the row indexes refer to
};
core::Result<ScoredDuplicates> scoreDuplicatesTask(const TablePtr& table,
                                                   const core::clean::RecipeStep& step,
                                                   core::Progress& progress,
                                                   const core::CancelToken& cancel);

} // namespace microseg::ui
