#pragma once
// What every validation rule shares: the action (flag, fix, drop), the flag column, counting.

#include <functional>
#include <optional>
#include <string>

#include "step_util.h"

namespace microseg::core::clean::detail {

/// A violation of one cell: why, and the value "fix" writes (missing when there is no fix).
struct Verdict {
    std::string reason;
    Cell fixed;
};

/// One violation found by a rule.
struct Finding {
    std::size_t row = 0;     ///< row position
    std::size_t column = 0;  ///< index into the step's columns: the cell that "fix" rewrites
    std::string reason;
    Cell fixed;
};

enum class Action { Flag, Fix, Drop };

struct RuleOptions {
    Action action = Action::Flag;
    std::string flagColumn = "quality_issues";
};
Result<RuleOptions> ruleOptions(const QJsonObject& params);

/// The step result of a rule's findings (in row order) under `options`.
StepResult ruleResult(const CleanTable& table, const std::vector<std::string>& columns,
                      const std::string& rule, const RuleOptions& options,
                      std::vector<Finding> findings);

using ValueCheck = std::function<std::optional<Verdict>(const Cell&)>;
/// A rule that checks each listed column's cells on their own.
Result<std::unique_ptr<Step>> makeValueRule(const RecipeStep& step, std::string rule, ValueCheck check);

} // namespace microseg::core::clean::detail
