#pragma once
/// @file step.h
/// The step interface. A step is built once from its RecipeStep (parameters parsed and checked
/// then: a regex that does not compile or a threshold outside 0..1 fails at construction, naming
/// the parameter), and run on a CleanTable it must NOT modify: it returns a StepResult saying what
/// would change (columns rewritten, added, removed or renamed, rows to drop, values it could not
/// handle).
/// The engine (recipe_engine.h) applies a result, counts the changed cells and rows for previews
/// and reports, and rolls nothing back because nothing was applied before the step succeeded.
///
/// Contract for implementers (built-in steps and h-cleanalgo's):
///  - run() is a pure function of (table, parameters): same input, same output (seed any RNG
///    from the parameters).
///  - The engine has checked that every name in RecipeStep::columns exists before run() is called.
///  - Rewritten columns keep their row count; rows are dropped only through `dropRows`.
///  - Long loops report progress in [0, 1] and poll the cancel token (return cancelledError()).
///  - Values that could not be handled are reported as StepIssues with counts and examples, never
///    silently nulled.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <QJsonObject>

#include "microseg/clean/clean_table.h"
#include "microseg/clean/recipe.h"
#include "microseg/error.h"
#include "microseg/progress.h"

namespace microseg::core::clean {

/// Values a step reported without failing: "not_converted", "violation", "unknown_currency", ...
struct StepIssue {
    std::string kind;     ///< short identifier, stable (tests and the GUI key on it)
    std::string column;   ///< column concerned ("" for the whole row)
    std::string message;  ///< sentence for people: "12 values are not dates in DD/MM/YYYY"
    std::int64_t count = 0;
    std::vector<std::string> examples;     ///< first distinct offending values (at most 10)
    std::vector<std::int64_t> exampleRows; ///< raw `_row` of the first offending rows (at most 10)
};

inline constexpr std::size_t kMaxIssueExamples = 10;

/// Collects a StepIssue while scanning rows: keeps the count, the first distinct examples and rows.
class IssueCollector {
public:
    IssueCollector(std::string kind, std::string column) : m_kind(std::move(kind)), m_column(std::move(column)) {}
    void add(std::int64_t rawRow, const Cell& value);
    [[nodiscard]] std::int64_t count() const noexcept { return m_issue.count; }
    /// The issue with `message` set, or nothing when count() is 0.
    [[nodiscard]] std::vector<StepIssue> take(std::string message);

private:
    std::string m_kind, m_column;
    StepIssue m_issue;
};

struct NewColumn {
    CleanColumn column;
    std::string after;  ///< insert after this column; "" appends at the end
};

struct StepResult {
    std::vector<CleanColumn> replaced;  ///< existing columns (same name): new cells and type
    std::vector<NewColumn> added;       ///< columns that do not exist yet
    std::vector<std::string> removed;   ///< existing columns to drop (applied after `added`)
    std::vector<std::pair<std::string, std::string>> renamed;  ///< (from, to), applied last
    std::vector<std::size_t> dropRows;  ///< row positions (0-based, ascending, unique) to drop
    std::vector<StepIssue> issues;
    QJsonObject counts;  ///< step-specific figures for the report, e.g. {"violations": 3}
};

class Step {
public:
    virtual ~Step() = default;
    /// What the step would change in `table` (which it must not modify).
    virtual Result<StepResult> run(const CleanTable& table, Progress& progress,
                                   const CancelToken& cancel) const = 0;
};

/// "step 3 (convert_type): " - the prefix of every message about a step (index 0-based, shown
/// 1-based).
std::string stepLabel(std::size_t index, const RecipeStep& step);

/// Helpers for step factories: parameter reading with messages that name the parameter.
/// Each returns InvalidArgument "parameter \"name\" must be ..." when present with a wrong type.
Result<std::string> stringParam(const QJsonObject& params, const char* name, std::string fallback);
Result<std::string> requiredStringParam(const QJsonObject& params, const char* name);
Result<double> numberParam(const QJsonObject& params, const char* name, double fallback);
Result<bool> boolParam(const QJsonObject& params, const char* name, bool fallback);
/// A number in [0, 1] ("a threshold outside 0..1" is refused here).
Result<double> fractionParam(const QJsonObject& params, const char* name, double fallback);
/// One of `choices`; the message lists them.
Result<std::string> choiceParam(const QJsonObject& params, const char* name,
                                const std::vector<std::string>& choices, std::string fallback);
/// A new column name: non-empty, at most 100 characters, not starting with '_'.
Result<std::string> columnNameParam(const QJsonObject& params, const char* name, std::string fallback);

} // namespace microseg::core::clean
