#pragma once
/// @file step_registry.h
/// Step types by name: each with a title, category, parameter documentation for the GUI, the
/// number of columns it takes, and a factory that builds a Step from a RecipeStep, checking the
/// parameters (messages name the parameter; the engine prefixes the step). The default registry
/// holds every built-in step; more steps are added with add() by a `registerXSteps(StepRegistry&)`
/// function of the module that owns them, called from defaultStepRegistry().

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "microseg/clean/recipe.h"
#include "microseg/clean/step.h"
#include "microseg/error.h"

namespace microseg::core::clean {

struct ParamInfo {
    std::string name;         ///< key in RecipeStep::params
    std::string kind;         ///< "string", "number", "integer", "boolean", "choice", "object", "array"
    std::string description;  ///< one sentence, shown as the GUI's tooltip
    std::vector<std::string> choices;  ///< kind "choice"
    std::string defaultValue;  ///< as text; "" when required or none
    bool required = false;
};

using StepFactory = std::function<Result<std::unique_ptr<Step>>(const RecipeStep& step)>;

struct StepTypeInfo {
    std::string type;         ///< "trim"
    std::string title;        ///< "Trim spaces"
    std::string category;     ///< "text", "types", "categories", "validation", "units", "rows", "missing", "outliers"
    std::string description;  ///< one or two sentences for people
    int minColumns = 1;
    int maxColumns = -1;      ///< -1: any number
    std::vector<ParamInfo> params;
    StepFactory create;
};

class StepRegistry {
public:
    /// Fails with AlreadyExists when the type is registered already.
    Status add(StepTypeInfo info);
    [[nodiscard]] const StepTypeInfo* find(const std::string& type) const;
    /// All types, ordered by category then type.
    [[nodiscard]] std::vector<const StepTypeInfo*> types() const;
    /// Builds the step: unknown type, wrong column count and bad parameters are InvalidArgument
    /// errors whose message starts with stepLabel(index, step).
    [[nodiscard]] Result<std::unique_ptr<Step>> create(std::size_t index, const RecipeStep& step) const;

private:
    std::map<std::string, StepTypeInfo> m_types;
};

/// The registry with every built-in step type (built once, then shared read-only).
const StepRegistry& defaultStepRegistry();

// Registration functions of the built-in modules (each adds its step types).
void registerTextSteps(StepRegistry& registry);        // text_steps.h
void registerTypeSteps(StepRegistry& registry);        // type_steps.h
void registerCategorySteps(StepRegistry& registry);    // category_steps.h
void registerValidationSteps(StepRegistry& registry);  // validation_steps.h
void registerUnitSteps(StepRegistry& registry);        // unit_steps.h
void registerRowSteps(StepRegistry& registry);         // row_steps.h

} // namespace microseg::core::clean
