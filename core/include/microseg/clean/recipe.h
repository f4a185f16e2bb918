#pragma once
/// @file recipe.h
/// A cleaning recipe is a value: the import settings of the source file and an ordered list of
/// steps, each with a type, the columns it touches and its parameters (a JSON object). The raw
/// table is never modified; the cleaned table is derived from the raw table plus the recipe, and
/// replaying the same recipe on the same table gives the identical table. Editing a recipe (add,
/// disable, reorder, edit, delete a step) makes a new value, so undo/redo is keeping old values.
/// JSON form: recipe_json.h; storage in the workspace: recipe_store.h.

#include <QJsonObject>
#include <string>
#include <vector>

namespace microseg::core::clean {

inline constexpr int kRecipeFormatVersion = 1;

struct RecipeStep {
    std::string type;                  ///< registered step type, e.g. "trim", "convert_type"
    std::vector<std::string> columns;  ///< the columns it reads or rewrites, in order
    QJsonObject params;                ///< type-specific parameters (docs/cleaning.md)
    bool enabled = true;               ///< a disabled step is kept in the recipe but not run
    std::string note;                  ///< free text from the analyst

    friend bool operator==(const RecipeStep&, const RecipeStep&) = default;
};

struct Recipe {
    std::string name;            ///< unique in a workspace's cleaning_recipes
    std::string sourceDataset;   ///< dataset it was built on (informative on replay)
    QJsonObject importSettings;  ///< the source dataset's import settings (datasets.import_settings)
    std::vector<RecipeStep> steps;

    friend bool operator==(const Recipe&, const Recipe&) = default;
};

// Value edits for the GUI; each returns the edited copy and leaves `recipe` alone. Indexes out of
// range leave the copy unchanged.
Recipe withStepAppended(Recipe recipe, RecipeStep step);
Recipe withStepInserted(Recipe recipe, std::size_t index, RecipeStep step);
Recipe withStepReplaced(Recipe recipe, std::size_t index, RecipeStep step);
Recipe withStepRemoved(Recipe recipe, std::size_t index);
Recipe withStepMoved(Recipe recipe, std::size_t from, std::size_t to);
Recipe withStepEnabled(Recipe recipe, std::size_t index, bool enabled);

} // namespace microseg::core::clean
