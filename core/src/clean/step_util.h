#pragma once
// Building blocks of the built-in steps, private to core/src/clean.

#include <QJsonArray>
#include <QJsonObject>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "microseg/clean/step.h"
#include "microseg/clean/step_registry.h"

namespace microseg::core::clean::detail {

inline constexpr std::size_t kCancelEvery = 16384;  ///< rows between cancel polls / progress

using RunFunction =
    std::function<Result<StepResult>(const CleanTable&, Progress&, const CancelToken&)>;

/// A step whose run() is a function (the factory captures the parsed parameters in it).
class FunctionStep final : public Step {
public:
    explicit FunctionStep(RunFunction run) : m_run(std::move(run)) {}
    Result<StepResult> run(const CleanTable& table, Progress& progress,
                           const CancelToken& cancel) const override {
        return m_run(table, progress, cancel);
    }

private:
    RunFunction m_run;
};

inline Result<std::unique_ptr<Step>> makeStep(RunFunction run) {
    return std::unique_ptr<Step>(std::make_unique<FunctionStep>(std::move(run)));
}

/// Rewrites text cells: `change(in, out)` returns true and fills `out` when the value changes.
/// Null cells stay null.
using TextChange = std::function<bool(std::string_view in, std::string& out)>;

/// A step that applies `change` to every cell of each listed column.
Result<std::unique_ptr<Step>> makeCellStep(std::vector<std::string> columns, TextChange change);

/// Runs `change` over one column (progress `from`..`to` of the step, cancel polled).
Result<CleanColumn> mapColumn(const CleanColumn& column, const TextChange& change,
                              Progress& progress, double from, double to, const CancelToken& cancel);

/// Parameter documentation entry (StepTypeInfo::params).
inline ParamInfo param(std::string name, std::string kind, std::string description,
                       std::string fallback = {}, bool required = false,
                       std::vector<std::string> choices = {}) {
    return ParamInfo{std::move(name), std::move(kind), std::move(description), std::move(choices),
                     std::move(fallback), required};
}

/// Registers `info`; a duplicate type is a programming error caught by the registry tests.
void addStep(StepRegistry& registry, StepTypeInfo info);

/// A JSON array of strings (parameter `name`), or an error naming it. `required` refuses absent.
Result<std::vector<std::string>> stringListParam(const QJsonObject& params, const char* name,
                                                 bool required);

/// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes come back as U+FFFD.
char32_t nextCodePoint(std::string_view text, std::size_t& i);
void appendUtf8(std::string& out, char32_t code);
bool isAscii(std::string_view text);
/// Unicode white space (ASCII blanks, NBSP, U+2000..U+200A, U+3000, ...).
bool isUnicodeSpace(char32_t code);

/// Flag-column helpers: "a; b" joined texts of several checks in one column.
void appendFlag(Cell& cell, std::string_view text);

} // namespace microseg::core::clean::detail
