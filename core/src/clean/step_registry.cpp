// Step types by name, and the default registry holding every built-in step.
#include "microseg/clean/step_registry.h"

#include "microseg/clean/algorithm_steps.h"  // impute, outliers, fuzzy_dedupe (h-cleanalgo)

#include <algorithm>

namespace microseg::core::clean {

Status StepRegistry::add(StepTypeInfo info) {
    if (info.type.empty() || !info.create)
        return Error{ErrorCode::InvalidArgument, "A step type needs a name and a factory.", {}, 0, 0, {}};
    if (m_types.count(info.type))
        return Error{ErrorCode::AlreadyExists,
                     "The step type \"" + info.type + "\" is registered already.", {}, 0, 0, info.type};
    const std::string type = info.type;
    m_types.emplace(type, std::move(info));
    return success();
}

const StepTypeInfo* StepRegistry::find(const std::string& type) const {
    const auto it = m_types.find(type);
    return it == m_types.end() ? nullptr : &it->second;
}

std::vector<const StepTypeInfo*> StepRegistry::types() const {
    std::vector<const StepTypeInfo*> list;
    for (const auto& [type, info] : m_types)
        list.push_back(&info);
    std::stable_sort(list.begin(), list.end(), [](const StepTypeInfo* a, const StepTypeInfo* b) {
        return a->category < b->category;
    });
    return list;
}

Result<std::unique_ptr<Step>> StepRegistry::create(std::size_t index, const RecipeStep& step) const {
    const std::string label = stepLabel(index, step);
    const StepTypeInfo* info = find(step.type);
    if (!info)
        return Error{ErrorCode::InvalidArgument,
                     label + "unknown step type \"" + step.type + "\" (made by a newer Microseg?).",
                     {}, 0, 0, step.type};
    const int count = static_cast<int>(step.columns.size());
    if (count < info->minColumns || (info->maxColumns >= 0 && count > info->maxColumns)) {
        std::string wanted = info->minColumns == info->maxColumns
                                 ? std::to_string(info->minColumns)
                             : info->maxColumns < 0
                                 ? "at least " + std::to_string(info->minColumns)
                                 : std::to_string(info->minColumns) + " to " +
                                       std::to_string(info->maxColumns);
        return Error{ErrorCode::InvalidArgument,
                     label + "takes " + wanted + " column" + (wanted == "1" ? "" : "s") + ", not " +
                         std::to_string(count) + ".", {}, 0, 0, {}};
    }
    for (std::size_t i = 0; i < step.columns.size(); ++i)
        for (std::size_t j = i + 1; j < step.columns.size(); ++j)
            if (step.columns[i] == step.columns[j])
                return Error{ErrorCode::InvalidArgument,
                             label + "lists column \"" + step.columns[i] + "\" twice.", {}, 0, 0,
                             step.columns[i]};
    auto created = info->create(step);
    if (!created) {
        Error error = created.error();
        error.message = label + error.message;
        return error;
    }
    return created;
}

const StepRegistry& defaultStepRegistry() {
    static const StepRegistry registry = [] {
        StepRegistry r;
        registerTextSteps(r);
        registerTypeSteps(r);
        registerCategorySteps(r);
        registerValidationSteps(r);
        registerUnitSteps(r);
        registerRowSteps(r);
        registerImputeSteps(r);
        registerOutlierSteps(r);
        registerDedupeSteps(r);
        return r;
    }();
    return registry;
}

} // namespace microseg::core::clean
