// validate_cross_field: rules over two columns of a row ("an e-mail domain without an e-mail",
// "a birth date after the first order").
#include "microseg/date_parse.h"
#include "validation_common.h"

namespace microseg::core::clean {
using namespace detail;

namespace {

bool blank(const Cell& cell) {
    return !cell || cell->find_first_not_of(" \t") == std::string::npos;
}

/// -1, 0, 1 comparing two values as numbers when both are, else as ISO 8601 dates or date-times
/// (the date first, then the rest of the text, which orders ISO times); nullopt if neither.
std::optional<int> compareValues(const std::string& a, const std::string& b) {
    const auto x = parseNumber(a), y = parseNumber(b);
    if (x && y)
        return *x < *y ? -1 : *x > *y ? 1 : 0;
    const auto dayA = parseIsoDay(std::string_view(a).substr(0, 10));
    const auto dayB = parseIsoDay(std::string_view(b).substr(0, 10));
    if (!dayA || !dayB)
        return std::nullopt;
    if (*dayA != *dayB)
        return *dayA < *dayB ? -1 : 1;
    const int rest = a.compare(std::min<std::size_t>(10, a.size()), std::string::npos, b,
                               std::min<std::size_t>(10, b.size()), std::string::npos);
    return rest < 0 ? -1 : rest > 0 ? 1 : 0;
}

Result<std::unique_ptr<Step>> createCrossField(const RecipeStep& step) {
    auto rule = choiceParam(step.params, "rule", {"requires", "not_after", "not_before"}, "");
    if (!rule)
        return rule.error();
    if (rule.value().empty())
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"rule\" is required (requires, not_after or not_before).", {}, 0, 0, {}};
    auto options = ruleOptions(step.params);
    if (!options)
        return options.error();
    return makeStep([columns = step.columns, rule = rule.value(), options = options.value()](
                        const CleanTable& table, Progress& progress,
                        const CancelToken& cancel) -> Result<StepResult> {
        const CleanColumn& first = *table.find(columns[0]);
        const CleanColumn& second = *table.find(columns[1]);
        const std::string reason = rule == "requires" ? "given without " + second.name
                                   : rule == "not_after" ? "after " + second.name
                                                         : "before " + second.name;
        std::vector<Finding> findings;
        std::int64_t notComparable = 0;
        const std::size_t rows = table.rowCount();
        for (std::size_t r = 0; r < rows; ++r) {
            if (r % kCancelEvery == 0 && r > 0) {
                if (cancel.isCancelled())
                    return cancelledError();
                progress.report(double(r) / double(rows));
            }
            const Cell& a = first.cells[r];
            const Cell& b = second.cells[r];
            if (blank(a))
                continue;
            if (rule == "requires") {
                if (blank(b))
                    findings.push_back({r, 0, reason, std::nullopt});
                continue;
            }
            if (blank(b))
                continue;
            const auto order = compareValues(*a, *b);
            if (!order) {
                ++notComparable;
                continue;
            }
            if ((rule == "not_after" && *order > 0) || (rule == "not_before" && *order < 0))
                findings.push_back({r, 0, reason, std::nullopt});
        }
        StepResult result = ruleResult(table, {columns[0]}, "cross-field " + rule, options, std::move(findings));
        result.counts["not_comparable"] = static_cast<qint64>(notComparable);
        return result;
    });
}

} // namespace

void registerCrossFieldSteps(StepRegistry& registry) {
    addStep(registry, {"validate_cross_field", "Check two fields together", "validation",
                       "requires: the first column may only have a value when the second has one; "
                       "not_after / not_before: the first value must not be after / before the second "
                       "(numbers, or ISO dates and date-times). Fix: the first value becomes missing.",
                       2, 2,
                       {param("rule", "choice", "the relation between the two columns", "", true,
                              {"requires", "not_after", "not_before"}),
                        param("action", "choice", "flag the violations, fix them or drop their rows", "flag",
                              false, {"flag", "fix", "drop"}),
                        param("flag_column", "string", "column that receives the flags", "quality_issues")},
                       createCrossField});
}

} // namespace microseg::core::clean
