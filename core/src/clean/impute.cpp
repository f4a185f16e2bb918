// Simple fills, drop-rows and regression imputation (see impute.h).
#include "microseg/clean/impute.h"

#include "invalid_argument.h"

#include <Eigen/Dense>
#include <algorithm>
#include <map>

namespace microseg::core::clean {

namespace {

/// Copies `column` into result.column with every missing cell set to result.value (when there
/// is one), counting the cells in result.filled (NumericFill and TextFill alike).
template <typename Column, typename Fill> void fillMissing(const Column& column, Fill& result) {
    result.column = column;
    if (!result.value)
        return;
    for (auto& v : result.column)
        if (!v) {
            v = *result.value;
            ++result.filled;
        }
}

template <typename T> std::optional<T> mostFrequent(const std::vector<std::optional<T>>& column) {
    std::map<T, std::size_t> counts; // ordered: the first maximum is the smallest tied value
    for (const auto& v : column)
        if (v)
            ++counts[*v];
    std::optional<T> best;
    std::size_t bestCount = 0;
    for (const auto& [value, count] : counts)
        if (count > bestCount) {
            best = value;
            bestCount = count;
        }
    return best;
}

} // namespace

NumericFill fillNumeric(const NumericColumn& column, FillStrategy strategy, double constant) {
    NumericFill result;
    std::vector<double> present;
    for (const auto& v : column)
        if (v)
            present.push_back(*v);
    switch (strategy) {
    case FillStrategy::Constant:
        result.value = constant;
        break;
    case FillStrategy::Mean:
        if (!present.empty()) {
            double sum = 0.0;
            for (double v : present)
                sum += v;
            result.value = sum / static_cast<double>(present.size());
        }
        break;
    case FillStrategy::Median:
        if (!present.empty()) {
            std::sort(present.begin(), present.end());
            const std::size_t n = present.size();
            result.value = n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2.0;
        }
        break;
    case FillStrategy::Mode:
        result.value = mostFrequent(column);
        break;
    }
    fillMissing(column, result);
    return result;
}

Result<TextFill> fillText(const TextColumn& column, FillStrategy strategy,
                          const std::string& constant) {
    TextFill result;
    if (strategy == FillStrategy::Mean || strategy == FillStrategy::Median)
        return invalidArgument(
            "A text column can be filled with a constant or its most frequent value, "
            "not its mean or median.");
    result.value = strategy == FillStrategy::Constant ? std::optional<std::string>(constant)
                                                      : mostFrequent(column);
    fillMissing(column, result);
    return result;
}

std::vector<std::size_t> rowsWithMissing(const std::vector<const TextColumn*>& columns) {
    std::vector<std::size_t> rows;
    const std::size_t n = columns.empty() ? 0 : columns[0]->size();
    for (std::size_t r = 0; r < n; ++r)
        if (std::any_of(columns.begin(), columns.end(),
                        [&](const TextColumn* c) { return !(*c)[r].has_value(); }))
            rows.push_back(r);
    return rows;
}

std::vector<std::size_t> rowsWithMissing(const std::vector<NumericColumn>& columns) {
    std::vector<std::size_t> rows;
    const std::size_t n = columns.empty() ? 0 : columns[0].size();
    for (std::size_t r = 0; r < n; ++r)
        if (std::any_of(columns.begin(), columns.end(),
                        [&](const NumericColumn& c) { return !c[r].has_value(); }))
            rows.push_back(r);
    return rows;
}

Result<RegressionImputeResult> regressionImpute(const NumericColumn& target,
                                                const std::vector<NumericColumn>& predictors) {
    if (predictors.empty())
        return invalidArgument("Regression imputation needs at least one predictor column.");
    const std::size_t n = target.size();
    for (std::size_t p = 0; p < predictors.size(); ++p) {
        if (predictors[p].size() != n)
            return invalidArgument("Predictor " + std::to_string(p + 1) + " has " +
                                   std::to_string(predictors[p].size()) + " rows, the target " +
                                   std::to_string(n) + ".");
        for (std::size_t r = 0; r < n; ++r)
            if (!predictors[p][r]) {
                Error e =
                    invalidArgument("Predictor " + std::to_string(p + 1) +
                                    " has a missing value in row " + std::to_string(r + 1) +
                                    "; regression imputation needs complete predictor columns.");
                e.line = static_cast<std::int64_t>(r + 1);
                return e;
            }
    }
    std::vector<std::size_t> train;
    for (std::size_t r = 0; r < n; ++r)
        if (target[r])
            train.push_back(r);
    if (train.size() < 2)
        return invalidArgument(
            "Regression imputation needs at least two rows where the target is present, "
            "found " +
            std::to_string(train.size()) + ".");
    const auto m = static_cast<Eigen::Index>(train.size());
    const auto d = static_cast<Eigen::Index>(predictors.size());
    Eigen::MatrixXd x(m, d);
    Eigen::VectorXd y(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        const std::size_t r = train[static_cast<std::size_t>(i)];
        y(i) = *target[r];
        for (Eigen::Index j = 0; j < d; ++j)
            x(i, j) = *predictors[static_cast<std::size_t>(j)][r];
    }
    // Centre, then least squares without intercept (what LinearRegression does); the complete
    // orthogonal decomposition gives the minimum-norm solution when columns are collinear.
    const Eigen::RowVectorXd xMean = x.colwise().mean();
    const double yMean = y.mean();
    x.rowwise() -= xMean;
    y.array() -= yMean;
    const Eigen::VectorXd coef = x.completeOrthogonalDecomposition().solve(y);
    RegressionImputeResult result;
    result.intercept = yMean - xMean.dot(coef);
    result.coefficients.assign(coef.data(), coef.data() + coef.size());
    result.trainingRows = train.size();
    result.column = target;
    for (std::size_t r = 0; r < n; ++r) {
        if (target[r])
            continue;
        double prediction = result.intercept;
        for (std::size_t j = 0; j < predictors.size(); ++j)
            prediction += coef(static_cast<Eigen::Index>(j)) * *predictors[j][r];
        result.column[r] = prediction;
        ++result.filled;
    }
    return result;
}

} // namespace microseg::core::clean
