// The "outliers" recipe step over outliers.h (parameters: algorithm_steps.h).
#include "microseg/clean/algorithm_steps.h"
#include "microseg/clean/outliers.h"

#include "numeric_cells.h"
#include "step_util.h"

#include <algorithm>

namespace microseg::core::clean {
using namespace detail;

namespace {

struct OutlierParams {
    OutlierOptions options;
    std::string action;
    std::string flagColumn;
};

Result<StepResult> runOutliers(const OutlierParams& p, const std::vector<std::string>& columns,
                               const CleanTable& table, Progress& progress,
                               const CancelToken& cancel) {
    StepResult result;
    std::vector<char> drop(table.rowCount(), 0);
    const CleanColumn* existingFlags = table.find(p.flagColumn);
    CleanColumn flags = existingFlags ? *existingFlags
                                      : CleanColumn{p.flagColumn, ColumnType::Text,
                                                    std::vector<Cell>(table.rowCount())};
    qint64 total = 0;
    QJsonObject perColumn;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (cancel.isCancelled())
            return cancelledError();
        progress.report(static_cast<double>(c) / static_cast<double>(columns.size()));
        const CleanColumn& source = *table.find(columns[c]);
        IssueCollector issue("not_a_number", source.name);
        const NumericColumn numbers = numbersOf(source, table, issue);
        auto found = detectOutliers(numbers, p.options);
        if (!found)
            return Error{ErrorCode::InvalidArgument,
                         "column \"" + source.name + "\": " + found.error().message, {}, 0, 0, {}};
        const OutlierResult& r = found.value();
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < r.outlier.size(); ++i)
            if (r.outlier[i])
                rows.push_back(i);
        if (p.action == "cap" && !rows.empty())
            result.replaced.push_back(withNumbers(source, r.capped, rows));
        for (std::size_t i : rows) {
            if (p.action == "drop")
                drop[i] = 1;
            else if (p.action == "flag")
                appendFlag(flags.cells[i], source.name + ": outlier (" +
                                               (*numbers[i] < r.lower ? "below " + formatNumber(r.lower)
                                                                      : "above " + formatNumber(r.upper)) +
                                               ")");
        }
        QJsonObject figures;
        figures["below"] = static_cast<qint64>(r.below);
        figures["above"] = static_cast<qint64>(r.above);
        figures["lower"] = r.lower;
        figures["upper"] = r.upper;
        perColumn[QString::fromStdString(source.name)] = figures;
        total += static_cast<qint64>(r.count());
        auto issues = issue.take(std::to_string(issue.count()) + " values of " + source.name +
                                 " are not numbers and were not judged");
        result.issues.insert(result.issues.end(), issues.begin(), issues.end());
    }
    if (p.action == "flag" && total > 0) {
        if (existingFlags)
            result.replaced.push_back(std::move(flags));
        else
            result.added.push_back({std::move(flags), {}});
    }
    for (std::size_t i = 0; i < drop.size(); ++i)
        if (drop[i])
            result.dropRows.push_back(i);
    result.counts["outliers"] = total;
    result.counts["by_column"] = perColumn;
    progress.report(1.0);
    return result;
}

Result<std::unique_ptr<Step>> createOutliers(const RecipeStep& step) {
    OutlierParams p;
    auto method = choiceParam(step.params, "method", {"iqr", "zscore"}, "iqr");
    auto factor = numberParam(step.params, "factor", 1.5);
    auto threshold = numberParam(step.params, "threshold", 3.0);
    auto action = choiceParam(step.params, "action", {"flag", "cap", "drop"}, "flag");
    auto flagColumn = columnNameParam(step.params, "flag_column", "quality_issues");
    for (const Error* e : {method ? nullptr : &method.error(), factor ? nullptr : &factor.error(),
                           threshold ? nullptr : &threshold.error(),
                           action ? nullptr : &action.error(),
                           flagColumn ? nullptr : &flagColumn.error()})
        if (e)
            return *e;
    if (factor.value() < 0.0)
        return Error{ErrorCode::InvalidArgument, "parameter \"factor\" must be >= 0.", {}, 0, 0, {}};
    if (threshold.value() <= 0.0)
        return Error{ErrorCode::InvalidArgument, "parameter \"threshold\" must be > 0.", {}, 0, 0, {}};
    p.options.method = method.value() == "zscore" ? OutlierMethod::ZScore : OutlierMethod::Iqr;
    p.options.iqrFactor = factor.value();
    p.options.zThreshold = threshold.value();
    p.action = action.value();
    p.flagColumn = flagColumn.value();
    return makeStep([p, columns = step.columns](const CleanTable& table, Progress& progress,
                                                const CancelToken& cancel) {
        return runOutliers(p, columns, table, progress, cancel);
    });
}

} // namespace

void registerOutlierSteps(StepRegistry& registry) {
    addStep(registry,
            {"outliers", "Treat outliers", "outliers",
             "Finds values outside Tukey's IQR fences (Q1 - f IQR, Q3 + f IQR) or beyond a z-score, "
             "per column, and flags them, caps them to the fence or drops their rows.",
             1, -1,
             {param("method", "choice", "IQR fences or z-score", "iqr", false, {"iqr", "zscore"}),
              param("factor", "number", "f of the IQR fences", "1.5"),
              param("threshold", "number", "largest |z| that is not an outlier", "3"),
              param("action", "choice", "flag, cap (winsorise) or drop", "flag", false,
                    {"flag", "cap", "drop"}),
              param("flag_column", "string", "column that receives the flags", "quality_issues")},
             createOutliers});
}

} // namespace microseg::core::clean
