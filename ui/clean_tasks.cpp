#include "clean_tasks.h"

#include "microseg/clean/algorithm_steps.h"
#include "microseg/clean/step_registry.h"
#include "microseg/workspace.h"

namespace microseg::ui {

namespace clean = core::clean;

namespace {
/// Progress of the part [from, to] of a larger task.
core::Progress partOf(core::Progress& parent, double from, double to) {
    return core::Progress([&parent, from, to](double fraction, const std::string& text) {
        parent.report(from + (to - from) * fraction, text);
    });
}
} // namespace

core::Result<TablePtr> loadTableTask(const std::string& workspacePath, const std::string& table,
                                     core::Progress& progress, const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace)
        return workspace.error();
    auto loaded = clean::loadCleanTable(*workspace.value(), table, progress, cancel);
    if (!loaded)
        return loaded.error();
    return TablePtr(std::make_shared<clean::CleanTable>(std::move(loaded.value())));
}

core::Result<RecipeCheck> checkRecipeTask(const TablePtr& raw, const clean::Recipe& recipe,
                                          std::optional<std::size_t> selected,
                                          core::Progress& progress,
                                          const core::CancelToken& cancel) {
    const clean::StepRegistry& registry = clean::defaultStepRegistry();
    RecipeCheck check;
    auto table = std::make_shared<clean::CleanTable>(*raw);
    if (!selected || *selected >= recipe.steps.size()) {
        auto replay = clean::replayRecipe(*table, recipe, registry, {}, progress, cancel);
        if (!replay)
            return replay.error();
        check.report = std::move(replay.value());
        check.after = table;
        return check;
    }
    const std::size_t index = *selected;
    check.selected = index;
    clean::ReplayOptions head;
    head.stepCount = static_cast<std::int64_t>(index);
    core::Progress headProgress = partOf(progress, 0.0, 0.4);
    auto before = clean::replayRecipe(*table, recipe, registry, head, headProgress, cancel);
    if (!before)
        return before.error();
    check.before = std::make_shared<clean::CleanTable>(*table);
    core::Progress previewProgress = partOf(progress, 0.4, 0.6);
    auto preview = clean::previewStep(*check.before, index, recipe.steps[index], registry, {},
                                      previewProgress, cancel);
    if (!preview)
        return preview.error();
    check.preview = std::move(preview.value());
    // The rest replays on the same table with the steps already done switched off, so the
    // reports keep their positions and messages their step numbers.
    clean::Recipe tail = recipe;
    for (std::size_t i = 0; i < index; ++i)
        tail.steps[i].enabled = false;
    core::Progress tailProgress = partOf(progress, 0.6, 1.0);
    auto rest = clean::replayRecipe(*table, tail, registry, {}, tailProgress, cancel);
    if (!rest)
        return rest.error();
    check.report = std::move(rest.value());
    for (std::size_t i = 0; i < index && i < before.value().steps.size(); ++i)
        check.report.steps[i] = before.value().steps[i];
    check.report.rowsBefore = before.value().rowsBefore;
    check.after = table;
    return check;
}

core::Result<clean::CleanResult> applyRecipeTask(const std::string& workspacePath,
                                                 const clean::CleanRequest& request,
                                                 core::Progress& progress,
                                                 const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace)
        return workspace.error();
    return clean::runCleaning(*workspace.value(), request, progress, cancel);
}

core::Result<std::vector<clean::CategoryCluster>>
suggestGroupsTask(const TablePtr& table, const std::string& column,
                  const clean::CategoryClusterOptions& options, core::Progress& progress,
                  const core::CancelToken& cancel) {
    const clean::CleanColumn* cells = table->find(column);
    if (!cells)
        return core::Error{core::ErrorCode::InvalidArgument,
                           "column \"" + column + "\" does not exist at this step.", {}, 0, 0, {}};
    return clean::suggestCategoryClusters(cells->cells, options, progress, cancel);
}

core::Result<ScoredDuplicates> scoreDuplicatesTask(const TablePtr& table,
                                                   const clean::RecipeStep& step,
                                                   core::Progress& progress,
                                                   const core::CancelToken& cancel) {
    auto options = clean::dedupeOptionsFromStep(*table, step);
    if (!options)
        return options.error();
    std::vector<clean::TextColumn> cells;
    cells.reserve(table->columnCount());
    for (const clean::CleanColumn& column : table->columns())
        cells.push_back(column.cells);
    auto scored = clean::scoreCandidatePairs(cells, options.value(), progress, cancel);
    if (!scored)
        return scored.error();
    return ScoredDuplicates{std::move(scored.value()), table};
}

} // namespace microseg::ui
