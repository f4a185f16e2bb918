// Builds a feature matrix from a FeatureSpec: one SELECT of the key and feature columns in row
// order, then per feature imputation, transform, encoding, scaling and weight (feature_set.h).
#include "feature_read.h"
#include "microseg/engagement_tier.h"
#include "microseg/feature_set.h"
#include "sqlite_util.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sqlite3.h>
#include <sstream>

namespace microseg::core {
namespace {

using features::isMissing;
using features::parseNumber;
using features::trimmed;

constexpr std::int64_t kBatch = 4096;
using Column = std::vector<std::optional<std::string>>;

Error invalid(std::string message, std::string value = {}) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
}

/// A count and up to three examples ("row 4 \"abc\"") of one problem in one column.
struct Problem {
    std::int64_t count = 0;
    std::string examples;
    void add(std::int64_t row, const std::string& value) {
        if (++count <= 3)
            examples += (examples.empty() ? "" : ", ") + std::string("row ") + std::to_string(row) +
                        (value.empty() ? "" : " \"" + value + "\"");
    }
};

std::string formatNumber(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

/// Checks what can be checked without data.
Status checkSpec(const FeatureSpec& spec) {
    if (spec.features.empty())
        return invalid("The feature spec has no features.");
    for (const Feature& f : spec.features) {
        const std::string where = "Feature \"" + f.column + "\"";
        if (f.column == spec.keyColumn)
            return invalid(where +
                               " is the key column; the key is carried through, never a feature.",
                           f.column);
        if (!std::isfinite(f.weight))
            return invalid(where + " has a weight that is not a finite number.", f.column);
        if (!f.tiers.empty() && f.kind != FeatureKind::Categorical)
            return invalid(where + " takes its values from the tier definition \"" + f.tiers +
                               "\" and is categorical; encode it one-hot or ordinal.",
                           f.column);
        if (f.kind == FeatureKind::Categorical) {
            if (f.transform != FeatureTransform::None)
                return invalid(where + " is categorical; transforms apply to numeric features.",
                               f.column);
            if (f.encoding == FeatureEncoding::OneHot && f.scaling != FeatureScaling::None)
                return invalid(where + " is one-hot encoded; scaling applies to numeric and "
                                       "ordinal features.",
                               f.column);
            if (f.encoding == FeatureEncoding::Ordinal && f.order.empty())
                return invalid(where + " is ordinal but gives no \"order\" of its levels.",
                               f.column);
            if (f.impute == FeatureImpute::Mean || f.impute == FeatureImpute::Median)
                return invalid(where + " is categorical; impute it with a constant.", f.column);
        }
    }
    return success();
}

/// Fits and applies the scaling of `values` in place (center and scale into `fitted`).
Status scale(const Feature& f, std::vector<double>& values, FittedFeature& fitted) {
    if (f.scaling == FeatureScaling::None)
        return success();
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (values.empty() || *lo == *hi)
        return invalid("Column \"" + f.column + "\" is constant (" +
                           (values.empty() ? std::string("no rows") : formatNumber(*lo)) +
                           ") and cannot be scaled (" + featureScalingName(f.scaling) +
                           "); leave it out or set \"scaling\": \"none\".",
                       f.column);
    const double n = double(values.size());
    if (f.scaling == FeatureScaling::ZScore) {
        // StandardScaler (_incremental_mean_and_var): mean, then the corrected sum of squares.
        double sum = 0.0;
        for (double v : values)
            sum += v;
        const double mean = sum / n;
        double squares = 0.0, correction = 0.0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
            correction += v - mean;
        }
        fitted.center = mean;
        fitted.scale = std::sqrt((squares - correction * correction / n) / n);
    } else if (f.scaling == FeatureScaling::MinMax) {
        fitted.center = *lo;
        fitted.scale = *hi - *lo;
    } else {
        fitted.center = percentile(values, 50.0);
        fitted.scale = percentile(values, 75.0) - percentile(values, 25.0);
        if (fitted.scale == 0.0)
            return invalid("Column \"" + f.column +
                               "\" has an interquartile range of 0 and "
                               "cannot be scaled robustly; use z-score or min-max scaling.",
                           f.column);
    }
    if (fitted.scale == 0.0 || !std::isfinite(fitted.scale))
        return invalid("Column \"" + f.column + "\" cannot be scaled (scale " +
                           formatNumber(fitted.scale) + ").",
                       f.column);
    for (double& v : values)
        v = (v - fitted.center) / fitted.scale;
    return success();
}

/// The numeric values of a numeric feature after imputation and transform.
Result<std::vector<double>> numericValues(Feature& f, const Column& cells, char decimalMark,
                                          FittedFeature& fitted) {
    std::vector<double> values(cells.size());
    std::vector<std::size_t> missing;
    Problem bad, absent;
    std::vector<double> present;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (isMissing(cells[i])) {
            missing.push_back(i);
            absent.add(std::int64_t(i + 1), {});
            continue;
        }
        if (auto v = parseNumber(*cells[i], decimalMark)) {
            values[i] = *v;
            present.push_back(*v);
        } else {
            bad.add(std::int64_t(i + 1), *cells[i]);
        }
    }
    if (bad.count > 0)
        return invalid("Column \"" + f.column + "\" has " + std::to_string(bad.count) +
                           " non-numeric value" + (bad.count > 1 ? "s" : "") + " (" + bad.examples +
                           ") but is a numeric feature.",
                       f.column);
    if (!missing.empty()) {
        double fill = 0.0;
        if (f.impute == FeatureImpute::None)
            return invalid("Column \"" + f.column + "\" has " + std::to_string(absent.count) +
                               " missing value" + (absent.count > 1 ? "s" : "") + " (" +
                               absent.examples +
                               "); set \"impute\" to constant, mean or median, or clean the table.",
                           f.column);
        if (f.impute == FeatureImpute::Constant) {
            const auto v = parseNumber(f.imputeValue, '.');
            if (!v)
                return invalid("Feature \"" + f.column + "\": the impute value \"" + f.imputeValue +
                                   "\" is not a number.",
                               f.imputeValue);
            fill = *v;
        } else if (present.empty()) {
            return invalid("Column \"" + f.column + "\" has no values to impute from.", f.column);
        } else if (f.impute == FeatureImpute::Mean) {
            for (double v : present)
                fill += v;
            fill /= double(present.size());
        } else {
            fill = percentile(present, 50.0);
        }
        fitted.imputed = fill;
        for (std::size_t i : missing)
            values[i] = fill;
    }
    if (f.transform == FeatureTransform::Log1p) {
        Problem low;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i] <= -1.0)
                low.add(std::int64_t(i + 1), formatNumber(values[i]));
        if (low.count > 0)
            return invalid("Column \"" + f.column + "\" has " + std::to_string(low.count) +
                               " value(s) <= -1 (" + low.examples +
                               ") where log1p is undefined; use yeo-johnson.",
                           f.column);
        for (double& v : values)
            v = std::log1p(v);
    } else if (f.transform == FeatureTransform::YeoJohnson) {
        if (!f.lambda) {
            if (std::all_of(values.begin(), values.end(),
                            [&](double v) { return v == values.front(); }))
                return invalid("Column \"" + f.column + "\" is constant (" +
                                   formatNumber(values.front()) +
                                   "); a Yeo-Johnson lambda cannot be fitted to it.",
                               f.column);
            f.lambda = fitYeoJohnsonLambda(values);
        }
        fitted.lambda = f.lambda;
        for (double& v : values)
            v = yeoJohnson(v, *f.lambda);
    }
    return values;
}

/// The text of a categorical feature, missing values imputed with the constant.
Result<std::vector<std::string>> categoricalValues(const Feature& f, const Column& cells) {
    std::vector<std::string> out(cells.size());
    Problem absent;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (isMissing(cells[i])) {
            absent.add(std::int64_t(i + 1), {});
            out[i] = f.imputeValue;
        } else {
            out[i] = std::string(trimmed(*cells[i]));
        }
    }
    if (absent.count > 0 && f.impute != FeatureImpute::Constant)
        return invalid("Column \"" + f.column + "\" has " + std::to_string(absent.count) +
                           " missing value(s) (" + absent.examples +
                           "); set \"impute\": \"constant\" with an \"impute_value\".",
                       f.column);
    return out;
}

/// One-hot levels as OneHotEncoder(max_categories=maxLevels): categories in byte order; when
/// there are more than maxLevels, the n - maxLevels + 1 least frequent (a stable sort of the
/// counts, so among equal counts the earlier levels) go to "other", which comes last.
Status oneHotLevels(const Feature& f, const std::vector<std::string>& texts,
                    FittedFeature& fitted) {
    std::map<std::string, std::int64_t> counts;
    for (const auto& t : texts)
        ++counts[t];
    const int n = int(counts.size());
    if (f.maxLevels == 0 && n > kMaxUncappedLevels)
        return invalid("Column \"" + f.column + "\" has " + std::to_string(n) +
                           " distinct values, too many to one-hot encode without a cap; set "
                           "\"max_levels\" (the least frequent go to \"other\").",
                       f.column);
    std::vector<std::pair<std::string, std::int64_t>> sorted(counts.begin(), counts.end());
    std::vector<bool> infrequent(sorted.size(), false);
    if (f.maxLevels > 0 && n > f.maxLevels) {
        std::vector<std::size_t> order(sorted.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return sorted[a].second < sorted[b].second;
        });
        for (int i = 0; i < n - f.maxLevels + 1; ++i)
            infrequent[order[std::size_t(i)]] = true;
    }
    for (std::size_t i = 0; i < sorted.size(); ++i)
        (infrequent[i] ? fitted.otherLevels : fitted.levels).push_back(sorted[i].first);
    if (!fitted.otherLevels.empty())
        fitted.levels.push_back(kOtherLevel);
    return success();
}

std::string columnLabel(const Feature& f) {
    std::vector<std::string> parts;
    if (f.kind == FeatureKind::Numeric && f.transform != FeatureTransform::None)
        parts.emplace_back(featureTransformName(f.transform));
    if (f.kind == FeatureKind::Categorical)
        parts.emplace_back("ordinal");
    if (f.scaling == FeatureScaling::ZScore)
        parts.emplace_back("z");
    else if (f.scaling != FeatureScaling::None)
        parts.emplace_back(featureScalingName(f.scaling));
    if (f.weight != 1.0)
        parts.push_back("x" + formatNumber(f.weight));
    std::string label = f.column;
    for (std::size_t i = 0; i < parts.size(); ++i)
        label += (i == 0 ? " (" : ", ") + parts[i];
    return parts.empty() ? label : label + ")";
}

} // namespace

Result<FeatureMatrix> buildFeatureMatrix(const Workspace& workspace, const FeatureSpec& spec,
                                         Progress& progress, const CancelToken& cancel) {
    if (cancel.isCancelled())
        return cancelledError();
    if (Status status = checkSpec(spec); !status)
        return status.error();
    FeatureMatrix out;
    out.spec = spec;
    auto resolved = features::resolveTable(workspace, spec.source);
    if (!resolved)
        return resolved.error();
    const std::string table = resolved.value();
    out.sourceTable = table;
    const auto columns = features::tableColumns(workspace, table);
    // Table columns to read; a tier feature reads its definition's columns instead (applyTiers).
    std::vector<std::string> needed = {spec.keyColumn};
    std::vector<std::size_t> dataIndex; // per feature: its column in `data`
    std::vector<std::optional<TierDefinition>> tierDefinitions(spec.features.size());
    for (std::size_t fi = 0; fi < spec.features.size(); ++fi) {
        const Feature& f = spec.features[fi];
        dataIndex.push_back(needed.size());
        if (f.tiers.empty()) {
            needed.push_back(f.column);
            continue;
        }
        auto stored = tierDefinition(workspace, f.tiers);
        if (!stored) {
            Error error = stored.error();
            error.message = "Feature \"" + f.column + "\": " + error.message;
            return error;
        }
        for (const auto& name : stored.value().definition.columns())
            if (!columns.count(name))
                return features::missingColumn(table, name, columns);
        tierDefinitions[fi] = std::move(stored.value().definition);
        dataIndex.back() = std::size_t(-1); // filled after the read
    }
    for (const auto& name : needed)
        if (!columns.count(name))
            return features::missingColumn(table, name, columns);

    // Read every needed column in row order (row numbers in messages are 1-based table rows).
    sqlite3* db = workspace.db();
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < needed.size(); ++i)
        sql += (i ? ", " : "") + quoteIdentifier(needed[i]);
    sql += " FROM " + quoteIdentifier(table) + " ORDER BY rowid";
    const double total = double(std::max<std::int64_t>(
        1, queryInt(db, "SELECT count(*) FROM " + quoteIdentifier(table)).value_or(1)));
    std::vector<Column> data(needed.size());
    Statement statement(db, sql);
    if (!statement.valid())
        return sqliteError(db, "reading table " + table);
    std::int64_t rows = 0;
    while (statement.step()) {
        if (rows % kBatch == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(0.7 * double(rows) / total, "Reading " + table);
        }
        for (std::size_t c = 0; c < needed.size(); ++c)
            data[c].push_back(statement.columnOptionalText(int(c)));
        ++rows;
    }
    if (statement.failed())
        return sqliteError(db, "reading table " + table);
    if (rows == 0)
        return invalid("Table \"" + table + "\" has no rows.", table);
    for (std::size_t fi = 0; fi < spec.features.size(); ++fi) {
        if (!tierDefinitions[fi])
            continue;
        Progress quiet; // a short pass of the same rows; the read above carries the progress
        auto assigned = applyTiers(workspace, table, *tierDefinitions[fi], quiet, cancel);
        if (!assigned)
            return assigned.error();
        dataIndex[fi] = data.size();
        Column& tiers = data.emplace_back();
        for (auto& tier : assigned.value().tiers)
            tiers.emplace_back(std::move(tier));
    }
    Problem missingKeys;
    for (std::size_t i = 0; i < data[0].size(); ++i) {
        if (isMissing(data[0][i]))
            missingKeys.add(std::int64_t(i + 1), {});
        else
            out.keys.emplace_back(trimmed(*data[0][i]));
    }
    if (missingKeys.count > 0)
        return invalid("The key column \"" + spec.keyColumn + "\" has " +
                           std::to_string(missingKeys.count) + " missing value(s) (" +
                           missingKeys.examples + "); every row needs a customer id.",
                       spec.keyColumn);
    {
        std::map<std::string_view, std::size_t> seen;
        Problem duplicates;
        for (std::size_t i = 0; i < out.keys.size(); ++i)
            if (!seen.emplace(out.keys[i], i).second)
                duplicates.add(std::int64_t(i + 1), out.keys[i]);
        if (duplicates.count > 0)
            return invalid("The key column \"" + spec.keyColumn + "\" has " +
                               std::to_string(duplicates.count) + " repeated value(s) (" +
                               duplicates.examples + "); a feature set needs one row per customer.",
                           spec.keyColumn);
    }

    // Fit and apply each feature; blocks holds each feature's columns (column-major).
    std::vector<std::vector<double>> blocks;
    for (std::size_t fi = 0; fi < spec.features.size(); ++fi) {
        if (cancel.isCancelled())
            return cancelledError();
        progress.report(0.7 + 0.3 * double(fi) / double(spec.features.size()), "Fitting features");
        Feature& f = out.spec.features[fi];
        const Column& cells = data[dataIndex[fi]];
        FittedFeature fitted;
        fitted.column = f.column;
        fitted.firstColumn = int(out.columnNames.size());
        if (f.kind == FeatureKind::Categorical && f.encoding == FeatureEncoding::OneHot) {
            auto texts = categoricalValues(f, cells);
            if (!texts)
                return texts.error();
            if (Status status = oneHotLevels(f, texts.value(), fitted); !status)
                return status.error();
            std::map<std::string, std::size_t> index;
            for (std::size_t l = 0; l < fitted.levels.size(); ++l)
                index[fitted.levels[l]] = l;
            for (const auto& other : fitted.otherLevels)
                index[other] = fitted.levels.size() - 1;
            const std::size_t first = blocks.size();
            for (const auto& level : fitted.levels) {
                blocks.emplace_back(std::size_t(rows), 0.0);
                out.columnNames.push_back(
                    f.column + "=" + level +
                    (f.weight != 1.0 ? " (x" + formatNumber(f.weight) + ")" : ""));
            }
            for (std::size_t r = 0; r < texts.value().size(); ++r)
                blocks[first + index[texts.value()[r]]][r] = f.weight;
            fitted.columnCount = int(fitted.levels.size());
        } else {
            std::vector<double> values;
            if (f.kind == FeatureKind::Numeric) {
                auto numbers = numericValues(f, cells, columns.at(f.column), fitted);
                if (!numbers)
                    return numbers.error();
                values = std::move(numbers.value());
            } else {
                auto texts = categoricalValues(f, cells);
                if (!texts)
                    return texts.error();
                Problem unknown;
                for (std::size_t r = 0; r < texts.value().size(); ++r) {
                    const auto it = std::find(f.order.begin(), f.order.end(), texts.value()[r]);
                    if (it == f.order.end())
                        unknown.add(std::int64_t(r + 1), texts.value()[r]);
                    values.push_back(double(it - f.order.begin()));
                }
                if (unknown.count > 0)
                    return invalid(
                        "Column \"" + f.column + "\" has " + std::to_string(unknown.count) +
                            " value(s) outside its ordinal order (" + unknown.examples + ").",
                        f.column);
                fitted.levels = f.order;
            }
            if (Status status = scale(f, values, fitted); !status)
                return status.error();
            for (double& v : values)
                v *= f.weight;
            blocks.push_back(std::move(values));
            out.columnNames.push_back(columnLabel(f));
        }
        out.fitted.push_back(std::move(fitted));
    }
    out.values.resize(rows, Eigen::Index(blocks.size()));
    for (std::size_t c = 0; c < blocks.size(); ++c)
        for (std::int64_t r = 0; r < rows; ++r)
            out.values(r, Eigen::Index(c)) = blocks[c][std::size_t(r)];
    progress.report(1.0, "Built " + std::to_string(rows) + " x " + std::to_string(blocks.size()) +
                             " feature matrix");
    return out;
}

} // namespace microseg::core
