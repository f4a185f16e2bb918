// The "impute" recipe step over impute.h (parameters: algorithm_steps.h).
#include "microseg/clean/algorithm_steps.h"
#include "microseg/clean/impute.h"

#include "numeric_cells.h"
#include "step_util.h"

#include <algorithm>

namespace microseg::core::clean {
using namespace detail;

namespace {

struct ImputeParams {
    std::string strategy;
    std::string value;
    int neighbors = 5;
    KnnWeights weights = KnnWeights::Uniform;
    std::vector<std::string> predictors;
};

Error stepError(std::string message) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, {}};
}

/// Rows of `before` that were missing and now have a value in `after`.
std::vector<std::size_t> filledRows(const NumericColumn& before, const NumericColumn& after) {
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < before.size(); ++r)
        if (!before[r] && after[r])
            rows.push_back(r);
    return rows;
}

/// Missing means NULL or blank text (what drop_missing treats as missing by default).
bool isBlank(const Cell& cell) { return !cell || cell->find_first_not_of(" \t") == std::string::npos; }

Result<StepResult> runImpute(const ImputeParams& p, const std::vector<std::string>& columns,
                             const CleanTable& table, Progress& progress, const CancelToken& cancel) {
    StepResult result;
    std::vector<const CleanColumn*> sources;
    for (const auto& name : columns)
        sources.push_back(table.find(name));
    qint64 total = 0;
    QJsonObject perColumn;
    // Numeric columns take the numerically smallest of tied modes (scikit-learn's rule), text
    // columns the smallest text.
    const bool numericSources = std::all_of(sources.begin(), sources.end(), [](const CleanColumn* c) {
        return c->type == ColumnType::Integer || c->type == ColumnType::Decimal;
    });
    const auto record = [&](const CleanColumn& source, const NumericColumn& before,
                            const NumericColumn& after) {
        const auto rows = filledRows(before, after);
        if (!rows.empty())
            result.replaced.push_back(withNumbers(source, after, rows));
        perColumn[QString::fromStdString(source.name)] = static_cast<qint64>(rows.size());
        total += static_cast<qint64>(rows.size());
    };

    if (p.strategy == "constant") {
        for (const CleanColumn* source : sources) {
            CleanColumn out = *source;
            qint64 filled = 0;
            for (auto& cell : out.cells)
                if (isBlank(cell)) {
                    cell = p.value;
                    ++filled;
                }
            if (filled > 0)
                result.replaced.push_back(std::move(out));
            perColumn[QString::fromStdString(source->name)] = filled;
            total += filled;
        }
    } else if (p.strategy == "mode" && !numericSources) {
        for (const CleanColumn* source : sources) {
            TextColumn cells = source->cells;
            for (auto& cell : cells)
                if (isBlank(cell))
                    cell.reset();
            auto fill = fillText(cells, FillStrategy::Mode);
            if (!fill)
                return fill.error();
            CleanColumn out = *source;
            std::size_t filled = 0;
            for (std::size_t r = 0; r < out.cells.size(); ++r)
                if (isBlank(out.cells[r]) && fill.value().column[r]) {
                    out.cells[r] = fill.value().column[r];
                    ++filled;
                }
            if (filled > 0)
                result.replaced.push_back(std::move(out));
            perColumn[QString::fromStdString(source->name)] = static_cast<qint64>(filled);
            total += static_cast<qint64>(filled);
        }
    } else if (p.strategy == "mean" || p.strategy == "median" || p.strategy == "mode") {
        for (const CleanColumn* source : sources) {
            IssueCollector issue("not_a_number", source->name);
            const NumericColumn numbers = numbersOf(*source, table, issue);
            NumericFill fill = fillNumeric(numbers, p.strategy == "mean" ? FillStrategy::Mean
                                           : p.strategy == "median"  ? FillStrategy::Median
                                                                     : FillStrategy::Mode);
            // Only truly missing cells are filled: a text that is not a number stays as it is.
            for (std::size_t r = 0; r < numbers.size(); ++r)
                if (!numbers[r] && !isBlank(source->cells[r]))
                    fill.column[r].reset();
            record(*source, numbers, fill.column);
            auto issues = issue.take(std::to_string(issue.count()) + " values of " + source->name +
                                     " are not numbers and were left as they are");
            result.issues.insert(result.issues.end(), issues.begin(), issues.end());
        }
    } else if (p.strategy == "knn") {
        std::vector<NumericColumn> features;
        std::vector<IssueCollector> issues;
        for (const CleanColumn* source : sources) {
            issues.emplace_back("not_a_number", source->name);
            features.push_back(numbersOf(*source, table, issues.back()));
        }
        KnnImputeOptions options;
        options.neighbors = p.neighbors;
        options.weights = p.weights;
        auto knn = knnImpute(features, options, progress, cancel);
        if (!knn)
            return knn.error();
        for (std::size_t c = 0; c < sources.size(); ++c) {
            NumericColumn after = knn.value().columns[c];
            for (std::size_t r = 0; r < after.size(); ++r)
                if (!features[c][r] && !isBlank(sources[c]->cells[r]))
                    after[r].reset();
            record(*sources[c], features[c], after);
            auto found = issues[c].take(std::to_string(issues[c].count()) + " values of " +
                                        sources[c]->name + " are not numbers: treated as missing "
                                        "for the distances and left as they are");
            result.issues.insert(result.issues.end(), found.begin(), found.end());
        }
        result.counts["mean_fallback"] = static_cast<qint64>(knn.value().meanFallback);
    } else { // regression
        std::vector<NumericColumn> predictors;
        for (const auto& name : p.predictors) {
            const CleanColumn* column = table.find(name);
            if (!column)
                return stepError("predictor column \"" + name + "\" does not exist.");
            IssueCollector issue("not_a_number", name);
            predictors.push_back(numbersOf(*column, table, issue));
            for (std::size_t r = 0; r < predictors.back().size(); ++r)
                if (!predictors.back()[r])
                    return stepError("predictor column \"" + name + "\" has no number in raw row " +
                                     std::to_string(table.rowIds()[r]) +
                                     "; regression needs complete predictors (impute them first).");
        }
        for (const CleanColumn* source : sources) {
            IssueCollector issue("not_a_number", source->name);
            const NumericColumn target = numbersOf(*source, table, issue);
            auto fit = regressionImpute(target, predictors);
            if (!fit)
                return stepError("column \"" + source->name + "\": " + fit.error().message);
            NumericColumn after = fit.value().column;
            for (std::size_t r = 0; r < after.size(); ++r)
                if (!target[r] && !isBlank(source->cells[r]))
                    after[r].reset();
            record(*source, target, after);
            auto issues = issue.take(std::to_string(issue.count()) + " values of " + source->name +
                                     " are not numbers and were left as they are");
            result.issues.insert(result.issues.end(), issues.begin(), issues.end());
        }
    }
    result.counts["filled"] = total;
    result.counts["filled_by_column"] = perColumn;
    progress.report(1.0);
    return result;
}

Result<std::unique_ptr<Step>> createImpute(const RecipeStep& step) {
    ImputeParams p;
    auto strategy = choiceParam(step.params, "strategy",
                                {"constant", "mean", "median", "mode", "knn", "regression"}, "mean");
    if (!strategy)
        return strategy.error();
    p.strategy = strategy.value();
    auto value = stringParam(step.params, "value", "");
    if (!value)
        return value.error();
    p.value = value.value();
    auto neighbors = numberParam(step.params, "neighbors", 5);
    if (!neighbors)
        return neighbors.error();
    if (neighbors.value() < 1 || neighbors.value() != std::floor(neighbors.value()))
        return stepError("parameter \"neighbors\" must be a whole number >= 1.");
    p.neighbors = static_cast<int>(neighbors.value());
    auto weights = choiceParam(step.params, "weights", {"uniform", "distance"}, "uniform");
    if (!weights)
        return weights.error();
    p.weights = weights.value() == "distance" ? KnnWeights::Distance : KnnWeights::Uniform;
    auto predictors = stringListParam(step.params, "predictors", p.strategy == "regression");
    if (!predictors)
        return predictors.error();
    p.predictors = predictors.value();
    if (p.strategy == "regression" && p.predictors.empty())
        return stepError("parameter \"predictors\" must name at least one column.");
    return makeStep([p, columns = step.columns](const CleanTable& table, Progress& progress,
                                                const CancelToken& cancel) {
        return runImpute(p, columns, table, progress, cancel);
    });
}

} // namespace

void registerImputeSteps(StepRegistry& registry) {
    addStep(registry,
            {"impute", "Fill missing values", "missing",
             "Fills missing cells with a constant, the mean, median or most frequent value, the k "
             "nearest rows (as scikit-learn's KNNImputer) or a least-squares regression on "
             "complete columns.",
             1, -1,
             {param("strategy", "choice", "how missing cells are filled", "mean", false,
                    {"constant", "mean", "median", "mode", "knn", "regression"}),
              param("value", "string", "the value written by the constant strategy"),
              param("neighbors", "integer", "k, the number of neighbours (knn)", "5"),
              param("weights", "choice", "neighbours count equally or by inverse distance (knn)",
                    "uniform", false, {"uniform", "distance"}),
              param("predictors", "array", "complete numeric columns that predict (regression)")},
             createImpute});
}

} // namespace microseg::core::clean
