#pragma once
/// @file recipe_engine.h
/// Runs recipes on a CleanTable: replay of a whole recipe (what `microseg-cli clean` and "Apply"
/// do) and the preview of one step (what it would change, without changing anything).
///
/// Replay applies the steps it can and lists those it cannot (a missing column, bad parameters,
/// a type that no longer fits) rather than failing whole; with OnStepError::Stop it stops at the
/// first such step instead. A skipped step changes nothing. Cancellation returns cancelledError()
/// and the caller discards the table.

#include <cstdint>
#include <string>
#include <vector>

#include <QJsonObject>

#include "microseg/clean/clean_table.h"
#include "microseg/clean/recipe.h"
#include "microseg/clean/step.h"
#include "microseg/clean/step_registry.h"
#include "microseg/error.h"
#include "microseg/progress.h"

namespace microseg::core::clean {

enum class StepStatus {
    Applied,
    Disabled,  ///< enabled == false: not run
    Skipped,   ///< could not run (message says why); the table is as before the step
};
const char* stepStatusName(StepStatus status);  ///< "applied", "disabled", "skipped"

/// What one step did (or, in a preview, would do).
struct StepReport {
    std::size_t index = 0;  ///< 0-based position in the recipe
    std::string type;
    StepStatus status = StepStatus::Applied;
    std::string message;  ///< why it was skipped: starts with stepLabel()
    std::int64_t rowsBefore = 0, rowsAfter = 0;
    std::int64_t rowsDropped = 0;
    std::int64_t rowsChanged = 0;   ///< kept rows with at least one cell changed
    std::int64_t cellsChanged = 0;  ///< cells of existing columns whose value changed
    std::vector<std::string> columnsChanged;  ///< existing columns with a changed cell or type
    std::vector<std::string> columnsAdded, columnsRemoved;
    std::vector<std::string> columnsRenamed;  ///< "old -> new"
    std::vector<StepIssue> issues;
    QJsonObject counts;  ///< the step's own figures
    double seconds = 0.0;
};

struct ReplayReport {
    std::vector<StepReport> steps;  ///< one per recipe step (up to the replayed range)
    std::int64_t rowsBefore = 0, rowsAfter = 0;
    std::vector<std::string> warnings;  ///< e.g. import settings that differ from the recipe's
    double seconds = 0.0;
    [[nodiscard]] std::size_t skippedCount() const;
};

enum class OnStepError { Skip, Stop };

struct ReplayOptions {
    OnStepError onError = OnStepError::Skip;
    /// Replay only steps [0, stepCount); -1 = all. A preview of step i replays [0, i) first.
    std::int64_t stepCount = -1;
};

/// Replays `recipe` on `table` in place. Fails only when cancelled, or with OnStepError::Stop on
/// the first step that cannot run (the table then holds the result of the steps before it).
Result<ReplayReport> replayRecipe(CleanTable& table, const Recipe& recipe,
                                  const StepRegistry& registry, const ReplayOptions& options,
                                  Progress& progress, const CancelToken& cancel);

/// One changed cell in a preview sample.
struct CellChange {
    std::int64_t rawRow = 0;
    std::string column;
    Cell before, after;
};

struct StepPreview {
    StepReport report;  ///< counts as if applied; status Skipped with the message if it cannot run
    std::vector<CellChange> changes;          ///< first changed cells in row order
    std::vector<std::int64_t> droppedRawRows;  ///< first rows it would drop
    std::vector<Row> droppedRows;              ///< their values, in `table` column order
    std::vector<NewColumn> addedSample;        ///< added columns, cells cut to `sampleSize` rows
};

struct PreviewOptions {
    std::size_t sampleSize = 20;  ///< changed cells and dropped rows shown
};

/// What `step` (at position `index` in its recipe, for messages) would do to `table`, the table
/// as it is before the step. Nothing is modified. Fails only when cancelled.
Result<StepPreview> previewStep(const CleanTable& table, std::size_t index, const RecipeStep& step,
                                const StepRegistry& registry, const PreviewOptions& options,
                                Progress& progress, const CancelToken& cancel);

/// The preview of recipe step `index` on `source` (the table before the recipe): replays steps
/// [0, index) on a copy first (progress 0-0.8), then previews the step. Earlier steps that cannot
/// run are skipped as in a replay. `source` is not modified.
Result<StepPreview> previewRecipeStep(const CleanTable& source, const Recipe& recipe, std::size_t index,
                                      const StepRegistry& registry, const PreviewOptions& options,
                                      Progress& progress, const CancelToken& cancel);

/// Runs a built step on `table` and applies its result, filling `report` (the counts). Used by
/// replay; exposed for tests of individual steps. On error the table is unchanged.
Status runStep(CleanTable& table, std::size_t index, const RecipeStep& spec, const Step& step,
               StepReport& report, Progress& progress, const CancelToken& cancel);

/// Applies a step's result to `table` (replaced, then added, then removed, then renamed columns,
/// then dropped rows). Fails (table unchanged) when the result names columns that do not fit.
Status applyStepResult(CleanTable& table, StepResult result);
/// The checks of applyStepResult without applying anything.
Status checkStepResult(const CleanTable& table, const StepResult& result);

} // namespace microseg::core::clean
