#pragma once
/// @file recipe_json.h
/// The readable JSON form of recipes and replay reports (docs/cleaning.md):
///   {"format": "microseg-cleaning-recipe", "version": 1, "name": ..., "source_dataset": ...,
///    "import_settings": {...}, "steps": [{"type": ..., "columns": [...], "params": {...},
///    "enabled": true, "note": ...}, ...]}
/// Parsing names the step (1-based) and key at fault; unknown step types are accepted here (the
/// replay skips them with a message), so a recipe from a newer Microseg still loads.

#include <QJsonObject>
#include <string>

#include "microseg/clean/recipe.h"
#include "microseg/clean/recipe_engine.h"
#include "microseg/error.h"

namespace microseg::core::clean {

QJsonObject recipeToJson(const Recipe& recipe);
/// Readable JSON text with a final newline: one block per step, type first, parameters on one
/// line; keys in a fixed order, so equal recipes give equal text.
std::string recipeToJsonText(const Recipe& recipe);
/// `origin` names the file or table in messages.
Result<Recipe> recipeFromJson(const QJsonObject& json, const std::string& origin = {});
Result<Recipe> recipeFromJsonText(const std::string& text, const std::string& origin = {});
Result<Recipe> readRecipeFile(const std::string& path);
Status writeRecipeFile(const std::string& path, const Recipe& recipe);

QJsonObject stepIssueToJson(const StepIssue& issue);
QJsonObject stepReportToJson(const StepReport& report);
QJsonObject replayReportToJson(const ReplayReport& report);

} // namespace microseg::core::clean
