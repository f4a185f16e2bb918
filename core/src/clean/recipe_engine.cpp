// Replay of a recipe and preview of one step. Steps return what they would change; this file is
// the only place a StepResult is applied, so counting and all-or-nothing are uniform.
#include "microseg/clean/recipe_engine.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace microseg::core::clean {
namespace {

using Clock = std::chrono::steady_clock;

/// Progress of a part [from, to] of a larger task.
Progress subProgress(Progress& parent, double from, double to) {
    return Progress([&parent, from, to](double fraction, const std::string& text) {
        parent.report(from + (to - from) * fraction, text);
    });
}

Error withLabel(Error error, const std::string& label) {
    if (error.message.rfind("step ", 0) != 0)
        error.message = label + error.message;
    return error;
}

/// Every column the step lists must exist in the table as it is before the step.
Status checkColumns(const CleanTable& table, std::size_t index, const RecipeStep& step) {
    for (const auto& name : step.columns) {
        if (table.find(name))
            continue;
        std::string present;
        for (const auto& column : table.columns())
            present += (present.empty() ? "" : ", ") + column.name;
        return Error{ErrorCode::NotFound,
                     stepLabel(index, step) + "column \"" + name +
                         "\" does not exist at this step (renamed or removed by an earlier step, or "
                         "not in this dataset); the columns are: " + present + ".",
                     {}, 0, 0, name};
    }
    return success();
}

/// Fills the counts of `report` from `table` (before) and `result` (not applied yet).
void countChanges(const CleanTable& table, const StepResult& result, StepReport& report,
                  std::vector<char>* rowChanged) {
    const std::size_t rows = table.rowCount();
    std::vector<char> dropped(rows, 0);
    for (std::size_t position : result.dropRows)
        if (position < rows)
            dropped[position] = 1;
    std::vector<char> changed(rows, 0);
    for (const auto& column : result.replaced) {
        const CleanColumn* old = table.find(column.name);
        if (!old || old->cells.size() != column.cells.size())
            continue;
        std::int64_t cells = 0;
        for (std::size_t r = 0; r < rows; ++r)
            if (!dropped[r] && old->cells[r] != column.cells[r]) {
                ++cells;
                changed[r] = 1;
            }
        report.cellsChanged += cells;
        if (cells > 0 || old->type != column.type)
            report.columnsChanged.push_back(column.name);
    }
    for (const auto& added : result.added) {
        report.columnsAdded.push_back(added.column.name);
        for (std::size_t r = 0; r < rows && r < added.column.cells.size(); ++r)
            if (!dropped[r] && added.column.cells[r]) {
                ++report.cellsChanged;
                changed[r] = 1;
            }
    }
    report.columnsRemoved = result.removed;
    for (const auto& [from, to] : result.renamed)
        report.columnsRenamed.push_back(from + " -> " + to);
    report.rowsBefore = static_cast<std::int64_t>(rows);
    report.rowsDropped = static_cast<std::int64_t>(result.dropRows.size());
    report.rowsAfter = report.rowsBefore - report.rowsDropped;
    report.rowsChanged = std::count(changed.begin(), changed.end(), 1);
    report.issues = result.issues;
    report.counts = result.counts;
    if (rowChanged)
        *rowChanged = std::move(changed);
}

} // namespace

const char* stepStatusName(StepStatus status) {
    switch (status) {
    case StepStatus::Applied: return "applied";
    case StepStatus::Disabled: return "disabled";
    case StepStatus::Skipped: return "skipped";
    }
    return "applied";
}

std::size_t ReplayReport::skippedCount() const {
    return static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), [](const StepReport& s) {
        return s.status == StepStatus::Skipped;
    }));
}

Status checkStepResult(const CleanTable& table, const StepResult& result) {
    const std::size_t rows = table.rowCount();
    std::set<std::string> names;
    for (const auto& name : table.columnNames())
        names.insert(name);
    for (const auto& column : result.replaced) {
        if (!names.count(column.name))
            return Error{ErrorCode::NotFound, "the step rewrote column \"" + column.name +
                                                  "\", which does not exist.", {}, 0, 0, column.name};
        if (column.cells.size() != rows)
            return Error{ErrorCode::InvalidArgument,
                         "the step rewrote column \"" + column.name + "\" with the wrong row count.", {}, 0, 0, {}};
    }
    // Column names of the table after the step, compared regardless of ASCII case as SQLite
    // compares them: "Email" next to "email" could not be stored.
    const auto fold = [](std::string name) {
        for (char& c : name)
            if (c >= 'A' && c <= 'Z')
                c = char(c + 32);
        return name;
    };
    std::set<std::string> after;
    for (const auto& name : names)
        after.insert(fold(name));
    for (const auto& added : result.added) {
        if (!after.insert(fold(added.column.name)).second)
            return Error{ErrorCode::AlreadyExists,
                         "the new column \"" + added.column.name +
                             "\" already exists (names are compared regardless of case); choose another name.",
                         {}, 0, 0, added.column.name};
        if (added.column.cells.size() != rows)
            return Error{ErrorCode::InvalidArgument,
                         "the new column \"" + added.column.name + "\" has the wrong row count.", {}, 0, 0, {}};
    }
    for (const auto& name : result.removed)
        if (!names.count(name) || !after.erase(fold(name)))
            return Error{ErrorCode::NotFound, "the step removes column \"" + name +
                                                  "\", which does not exist.", {}, 0, 0, name};
    for (const auto& [from, to] : result.renamed) {
        if (!names.count(from) || !after.erase(fold(from)))
            return Error{ErrorCode::NotFound, "the step renames column \"" + from +
                                                  "\", which does not exist.", {}, 0, 0, from};
        if (!after.insert(fold(to)).second)
            return Error{ErrorCode::AlreadyExists, "the step renames a column to \"" + to +
                                                       "\", which already exists.", {}, 0, 0, to};
    }
    for (std::size_t i = 0; i < result.dropRows.size(); ++i)
        if (result.dropRows[i] >= rows || (i > 0 && result.dropRows[i] <= result.dropRows[i - 1]))
            return Error{ErrorCode::InvalidArgument,
                         "the step's rows to drop are not ascending row positions.", {}, 0, 0, {}};
    return success();
}

Status applyStepResult(CleanTable& table, StepResult result) {
    if (Status status = checkStepResult(table, result); !status)
        return status;
    // Checked: nothing below can fail.
    for (auto& column : result.replaced)
        (void)table.replaceColumn(std::move(column));
    for (auto& added : result.added)
        (void)table.addColumn(std::move(added.column), added.after);
    for (const auto& name : result.removed)
        (void)table.removeColumn(name);
    for (const auto& [from, to] : result.renamed)
        (void)table.renameColumn(from, to);
    table.dropRows(result.dropRows);
    return success();
}

Status runStep(CleanTable& table, std::size_t index, const RecipeStep& spec, const Step& step,
               StepReport& report, Progress& progress, const CancelToken& cancel) {
    const auto started = Clock::now();
    const std::string label = stepLabel(index, spec);
    report.index = index;
    report.type = spec.type;
    if (Status status = checkColumns(table, index, spec); !status)
        return status;
    auto result = step.run(table, progress, cancel);
    if (!result)
        return result.isCancelled() ? result.error() : withLabel(result.error(), label);
    if (cancel.isCancelled())
        return cancelledError();
    StepReport counted = report;
    countChanges(table, result.value(), counted, nullptr);
    if (Status status = applyStepResult(table, std::move(result.value())); !status)
        return withLabel(status.error(), label);
    report = std::move(counted);
    report.status = StepStatus::Applied;
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return success();
}

Result<ReplayReport> replayRecipe(CleanTable& table, const Recipe& recipe,
                                  const StepRegistry& registry, const ReplayOptions& options,
                                  Progress& progress, const CancelToken& cancel) {
    const auto started = Clock::now();
    ReplayReport replay;
    replay.rowsBefore = static_cast<std::int64_t>(table.rowCount());
    const std::size_t count =
        options.stepCount < 0 ? recipe.steps.size()
                              : std::min(recipe.steps.size(), static_cast<std::size_t>(options.stepCount));
    for (std::size_t i = 0; i < count; ++i) {
        if (cancel.isCancelled())
            return cancelledError();
        const RecipeStep& spec = recipe.steps[i];
        StepReport report;
        report.index = i;
        report.type = spec.type;
        report.rowsBefore = report.rowsAfter = static_cast<std::int64_t>(table.rowCount());
        if (!spec.enabled) {
            report.status = StepStatus::Disabled;
            replay.steps.push_back(std::move(report));
            continue;
        }
        Progress stepProgress = subProgress(progress, double(i) / double(count), double(i + 1) / double(count));
        stepProgress.report(0.0, stepLabel(i, spec) + "running");
        Status status = success();
        auto step = registry.create(i, spec);
        if (!step)
            status = step.error();
        else
            status = runStep(table, i, spec, *step.value(), report, stepProgress, cancel);
        if (!status) {
            if (status.isCancelled())
                return status.error();
            if (options.onError == OnStepError::Stop)
                return status.error();
            report.status = StepStatus::Skipped;
            report.message = status.error().message;
        }
        replay.steps.push_back(std::move(report));
    }
    replay.rowsAfter = static_cast<std::int64_t>(table.rowCount());
    replay.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    progress.report(1.0, "Replayed " + std::to_string(count) + " steps");
    return replay;
}

Result<StepPreview> previewStep(const CleanTable& table, std::size_t index, const RecipeStep& spec,
                                const StepRegistry& registry, const PreviewOptions& options,
                                Progress& progress, const CancelToken& cancel) {
    const auto started = Clock::now();
    StepPreview preview;
    StepReport& report = preview.report;
    report.index = index;
    report.type = spec.type;
    report.rowsBefore = report.rowsAfter = static_cast<std::int64_t>(table.rowCount());
    const auto skip = [&](const Error& error) {
        report.status = StepStatus::Skipped;
        report.message = error.message;
        return preview;
    };
    auto step = registry.create(index, spec);
    if (!step)
        return skip(step.error());
    if (Status status = checkColumns(table, index, spec); !status)
        return skip(status.error());
    auto result = step.value()->run(table, progress, cancel);
    if (!result) {
        if (result.isCancelled())
            return result.error();
        return skip(withLabel(result.error(), stepLabel(index, spec)));
    }
    if (cancel.isCancelled())
        return cancelledError();
    StepResult& changes = result.value();
    // A result the engine could not apply is a step that cannot run.
    if (Status status = checkStepResult(table, changes); !status)
        return skip(withLabel(status.error(), stepLabel(index, spec)));
    std::vector<char> rowChanged;
    countChanges(table, changes, report, &rowChanged);
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();

    const std::size_t rows = table.rowCount();
    for (std::size_t r = 0; r < rows && preview.changes.size() < options.sampleSize; ++r) {
        if (!rowChanged[r])
            continue;
        for (const auto& column : changes.replaced) {
            const CleanColumn* old = table.find(column.name);
            if (old && old->cells[r] != column.cells[r])
                preview.changes.push_back({table.rowIds()[r], column.name, old->cells[r], column.cells[r]});
        }
        for (const auto& added : changes.added)
            if (added.column.cells[r])
                preview.changes.push_back({table.rowIds()[r], added.column.name, std::nullopt,
                                           added.column.cells[r]});
    }
    if (preview.changes.size() > options.sampleSize)
        preview.changes.resize(options.sampleSize);
    for (std::size_t position : changes.dropRows) {
        if (preview.droppedRows.size() >= options.sampleSize || position >= rows)
            break;
        preview.droppedRawRows.push_back(table.rowIds()[position]);
        Row row;
        for (const auto& column : table.columns())
            row.push_back(column.cells[position]);
        preview.droppedRows.push_back(std::move(row));
    }
    for (auto& added : changes.added) {
        NewColumn sample{CleanColumn{added.column.name, added.column.type, {}}, added.after};
        const std::size_t n = std::min(options.sampleSize, added.column.cells.size());
        sample.column.cells.assign(added.column.cells.begin(), added.column.cells.begin() + static_cast<std::ptrdiff_t>(n));
        preview.addedSample.push_back(std::move(sample));
    }
    return preview;
}

Result<StepPreview> previewRecipeStep(const CleanTable& source, const Recipe& recipe, std::size_t index,
                                      const StepRegistry& registry, const PreviewOptions& options,
                                      Progress& progress, const CancelToken& cancel) {
    if (index >= recipe.steps.size())
        return Error{ErrorCode::InvalidArgument,
                     "The recipe has " + std::to_string(recipe.steps.size()) + " steps; there is no step " +
                         std::to_string(index + 1) + ".", {}, 0, 0, std::to_string(index + 1)};
    CleanTable table = source;
    Progress before = subProgress(progress, 0.0, 0.8);
    ReplayOptions replay;
    replay.stepCount = static_cast<std::int64_t>(index);
    auto replayed = replayRecipe(table, recipe, registry, replay, before, cancel);
    if (!replayed)
        return replayed.error();
    Progress step = subProgress(progress, 0.8, 1.0);
    return previewStep(table, index, recipe.steps[index], registry, options, step, cancel);
}

} // namespace microseg::core::clean
