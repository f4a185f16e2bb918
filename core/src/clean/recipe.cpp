// Value edits of a recipe: each returns an edited copy (the GUI keeps old values for undo).
#include "microseg/clean/recipe.h"

namespace microseg::core::clean {

Recipe withStepAppended(Recipe recipe, RecipeStep step) {
    recipe.steps.push_back(std::move(step));
    return recipe;
}

Recipe withStepInserted(Recipe recipe, std::size_t index, RecipeStep step) {
    if (index <= recipe.steps.size())
        recipe.steps.insert(recipe.steps.begin() + static_cast<std::ptrdiff_t>(index), std::move(step));
    return recipe;
}

Recipe withStepReplaced(Recipe recipe, std::size_t index, RecipeStep step) {
    if (index < recipe.steps.size())
        recipe.steps[index] = std::move(step);
    return recipe;
}

Recipe withStepRemoved(Recipe recipe, std::size_t index) {
    if (index < recipe.steps.size())
        recipe.steps.erase(recipe.steps.begin() + static_cast<std::ptrdiff_t>(index));
    return recipe;
}

Recipe withStepMoved(Recipe recipe, std::size_t from, std::size_t to) {
    if (from < recipe.steps.size() && to < recipe.steps.size() && from != to) {
        RecipeStep step = std::move(recipe.steps[from]);
        recipe.steps.erase(recipe.steps.begin() + static_cast<std::ptrdiff_t>(from));
        recipe.steps.insert(recipe.steps.begin() + static_cast<std::ptrdiff_t>(to), std::move(step));
    }
    return recipe;
}

Recipe withStepEnabled(Recipe recipe, std::size_t index, bool enabled) {
    if (index < recipe.steps.size())
        recipe.steps[index].enabled = enabled;
    return recipe;
}

} // namespace microseg::core::clean
