// microseg-cli clean: replay a cleaning recipe on a table, preview one step, save/export recipes.
#include "cli_commands.h"
#include "microseg/clean/recipe_engine.h"
#include "microseg/clean/recipe_json.h"
#include "microseg/clean/recipe_store.h"
#include "microseg/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <iostream>

namespace microseg::cli {
using namespace microseg::core;
using namespace microseg::core::clean;

namespace {

QJsonValue cellJson(const Cell& cell) {
    return cell ? QJsonValue(QString::fromStdString(*cell)) : QJsonValue(QJsonValue::Null);
}

std::string cellText(const Cell& cell) {
    return cell ? "\"" + *cell + "\"" : std::string("(missing)");
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& value : values)
        out += (out.empty() ? "" : ", ") + value;
    return out;
}

void printStep(const StepReport& step, const std::vector<std::string>& columns) {
    std::cout << "  step " << step.index + 1 << " " << step.type;
    if (!columns.empty())
        std::cout << " [" << joined(columns) << "]";
    std::cout << ": " << stepStatusName(step.status);
    if (step.status == StepStatus::Skipped) {
        std::cout << ": " << step.message << "\n";
        return;
    }
    if (step.status == StepStatus::Applied)
        std::cout << ", " << step.cellsChanged << " cells in " << step.rowsChanged << " rows changed, "
                  << step.rowsDropped << " rows dropped";
    if (!step.columnsAdded.empty())
        std::cout << ", added " << joined(step.columnsAdded);
    if (!step.columnsRemoved.empty())
        std::cout << ", removed " << joined(step.columnsRemoved);
    if (!step.columnsRenamed.empty())
        std::cout << ", renamed " << joined(step.columnsRenamed);
    std::cout << "\n";
    for (const auto& issue : step.issues) {
        std::cout << "      " << issue.message;
        if (!issue.examples.empty())
            std::cout << " e.g. \"" << issue.examples.front() << "\"" << (issue.examples.size() > 1 ? ", ..." : "");
        std::cout << "\n";
    }
}

/// The recipe of --recipe FILE or --recipe-name NAME, or nullopt after printing why not.
std::optional<Recipe> loadRecipeArgument(const Arguments& args, const Workspace& workspace) {
    if (args.has("recipe") == args.has("recipe-name")) {
        fail("give the recipe with --recipe FILE.json or --recipe-name NAME (one of them)", 2);
        return std::nullopt;
    }
    if (args.has("recipe")) {
        auto recipe = readRecipeFile(args.value("recipe"));
        if (!recipe) {
            fail(recipe.error().toString());
            return std::nullopt;
        }
        return recipe.value();
    }
    auto stored = loadRecipe(workspace, args.value("recipe-name"));
    if (!stored) {
        fail(stored.error().toString());
        return std::nullopt;
    }
    return stored.value().recipe;
}

int runPreview(const Arguments& args, Workspace& workspace, const Recipe& recipe, const std::string& table) {
    const std::string which = args.value("preview");
    std::size_t index = 0;
    try {
        index = std::stoul(which);
    } catch (...) {
        index = 0;
    }
    if (index < 1 || index > recipe.steps.size())
        return fail("--preview needs a step number from 1 to " + std::to_string(recipe.steps.size()) +
                        ", not \"" + which + "\"", 2);
    const auto started = std::chrono::steady_clock::now();
    Progress progress;
    auto loaded = loadCleanTable(workspace, sourceTableName(workspace, table), progress, CancelToken());
    if (!loaded)
        return fail(loaded.error().toString());
    CleanTable data = std::move(loaded.value());
    ReplayOptions options;
    options.stepCount = static_cast<std::int64_t>(index - 1);
    auto before = replayRecipe(data, recipe, defaultStepRegistry(), options, progress, CancelToken());
    if (!before)
        return fail(before.error().toString());
    PreviewOptions previewOptions;
    if (args.has("sample"))
        previewOptions.sampleSize = std::size_t(std::max(1, std::atoi(args.value("sample").c_str())));
    auto preview = previewStep(data, index - 1, recipe.steps[index - 1], defaultStepRegistry(),
                               previewOptions, progress, CancelToken());
    if (!preview)
        return fail(preview.error().toString());
    const StepPreview& p = preview.value();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (args.has("json")) {
        QJsonObject out = stepReportToJson(p.report);
        QJsonArray changes;
        for (const auto& change : p.changes)
            changes.append(QJsonObject{{"raw_row", static_cast<qint64>(change.rawRow)},
                                       {"column", QString::fromStdString(change.column)},
                                       {"before", cellJson(change.before)},
                                       {"after", cellJson(change.after)}});
        out["sample_changes"] = changes;
        QJsonArray dropped;
        for (std::size_t i = 0; i < p.droppedRows.size(); ++i) {
            QJsonArray values;
            for (const auto& cell : p.droppedRows[i])
                values.append(cellJson(cell));
            dropped.append(QJsonObject{{"raw_row", static_cast<qint64>(p.droppedRawRows[i])}, {"values", values}});
        }
        out["sample_dropped"] = dropped;
        QJsonArray columns;
        for (const auto& name : data.columnNames())
            columns.append(QString::fromStdString(name));
        out["columns"] = columns;
        out["seconds"] = seconds;
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    std::cout << "Preview of step " << index << " (" << recipe.steps[index - 1].type << ") on " << table
              << " after " << index - 1 << " earlier steps (" << data.rowCount() << " rows); nothing written\n";
    printStep(p.report, recipe.steps[index - 1].columns);
    for (const auto& change : p.changes)
        std::cout << "    raw row " << change.rawRow << " " << change.column << ": " << cellText(change.before)
                  << " -> " << cellText(change.after) << "\n";
    for (std::size_t i = 0; i < p.droppedRows.size(); ++i) {
        std::cout << "    drops raw row " << p.droppedRawRows[i] << ":";
        for (const auto& cell : p.droppedRows[i])
            std::cout << " " << cellText(cell);
        std::cout << "\n";
    }
    return 0;
}

} // namespace

int runClean(const Arguments& args) {
    const std::string path = args.value("workspace");
    if (path.empty())
        return fail("no workspace given (use -w WORKSPACE)", 2);
    auto opened = Workspace::open(path);
    if (!opened)
        return fail(opened.error().toString());
    Workspace& workspace = *opened.value();
    if (args.has("list-steps")) {
        QJsonArray types;
        for (const StepTypeInfo* info : defaultStepRegistry().types()) {
            if (!args.has("json")) {
                std::cout << info->category << "\t" << info->type << "\t" << info->title << "\n";
                continue;
            }
            QJsonArray params;
            for (const ParamInfo& param : info->params) {
                QJsonArray choices;
                for (const auto& choice : param.choices)
                    choices.append(QString::fromStdString(choice));
                params.append(QJsonObject{{"name", QString::fromStdString(param.name)},
                                          {"kind", QString::fromStdString(param.kind)},
                                          {"description", QString::fromStdString(param.description)},
                                          {"default", QString::fromStdString(param.defaultValue)},
                                          {"required", param.required},
                                          {"choices", choices}});
            }
            types.append(QJsonObject{{"type", QString::fromStdString(info->type)},
                                     {"title", QString::fromStdString(info->title)},
                                     {"category", QString::fromStdString(info->category)},
                                     {"description", QString::fromStdString(info->description)},
                                     {"min_columns", info->minColumns},
                                     {"max_columns", info->maxColumns},
                                     {"params", params}});
        }
        if (args.has("json"))
            std::cout << QJsonDocument(types).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    auto loaded = loadRecipeArgument(args, workspace);
    if (!loaded)
        return 2;
    Recipe recipe = std::move(*loaded);
    const std::string source = args.value("table");
    // The source dataset's import settings become part of a recipe that lacks them.
    if (!source.empty() && recipe.importSettings.isEmpty())
        if (auto base = newRecipeFor(workspace, source, recipe.name)) {
            recipe.importSettings = base.value().importSettings;
            if (recipe.sourceDataset.empty())
                recipe.sourceDataset = base.value().sourceDataset;
        }
    if (args.has("save-recipe")) {
        recipe.name = args.value("save-recipe");
        auto saved = saveRecipe(workspace, recipe);
        if (!saved)
            return fail(saved.error().toString());
        std::cout << "Saved recipe \"" << recipe.name << "\" (" << recipe.steps.size() << " steps)\n";
    }
    if (args.has("export-recipe")) {
        if (Status status = writeRecipeFile(args.value("export-recipe"), recipe); !status)
            return fail(status.error().toString());
        std::cout << "Wrote recipe to " << args.value("export-recipe") << "\n";
    }
    if (args.has("preview")) {
        if (source.empty())
            return fail("--preview needs --table T", 2);
        return runPreview(args, workspace, recipe, source);
    }
    if (!args.has("out")) {
        if (args.has("save-recipe") || args.has("export-recipe"))
            return 0;
        return fail("clean needs --out NAME (or --preview N, --save-recipe NAME, --export-recipe FILE)", 2);
    }
    if (source.empty())
        return fail("clean needs --table T (the table or dataset to clean)", 2);
    CleanRequest request;
    request.sourceTable = source;
    request.recipe = recipe;
    request.outputTable = args.value("out");
    request.overwrite = args.has("overwrite");
    request.onError = args.has("stop-on-error") ? OnStepError::Stop : OnStepError::Skip;
    Progress progress;
    auto result = runCleaning(workspace, request, progress, CancelToken());
    if (!result)
        return fail(result.error().toString());
    const CleanResult& r = result.value();
    if (const auto skipped = r.report.skippedCount())
        std::cerr << "microseg-cli: warning: " << skipped << " of " << recipe.steps.size()
                  << " steps could not be applied (listed in the report)\n";
    if (args.has("json")) {
        QJsonObject out = replayReportToJson(r.report);
        out["table"] = QString::fromStdString(r.outputTable);
        out["source_table"] = QString::fromStdString(r.sourceTable);
        out["rows"] = static_cast<qint64>(r.rows);
        out["load_seconds"] = r.loadSeconds;
        out["replay_seconds"] = r.replaySeconds;
        out["store_seconds"] = r.storeSeconds;
        out["seconds"] = r.seconds;
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    std::cout << "Cleaned " << r.sourceTable << " (" << r.report.rowsBefore << " rows) into table \""
              << r.outputTable << "\" (" << r.rows << " rows) in " << r.seconds << " s (load "
              << r.loadSeconds << " s, replay " << r.replaySeconds << " s, store " << r.storeSeconds << " s)\n";
    for (const auto& step : r.report.steps)
        printStep(step, step.index < recipe.steps.size() ? recipe.steps[step.index].columns
                                                         : std::vector<std::string>{});
    for (const auto& warning : r.report.warnings)
        std::cout << "warning: " << warning << "\n";
    return 0;
}

} // namespace microseg::cli
