// map_values: a mapping table (value -> canonical value) for category columns.
#include <QJsonArray>
#include <unordered_map>

#include "step_util.h"

namespace microseg::core::clean {
using namespace detail;

namespace {

std::string key(std::string_view value, bool ignoreCase, bool trim) {
    if (trim) {
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
    }
    if (!ignoreCase)
        return std::string(value);
    return QString::fromUtf8(value.data(), qsizetype(value.size())).toCaseFolded().toStdString();
}

Result<std::unique_ptr<Step>> createMap(const RecipeStep& step) {
    const QJsonValue mappingValue = step.params.value("mapping");
    if (!mappingValue.isObject() || mappingValue.toObject().isEmpty())
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"mapping\" is required: an object {\"value\": \"canonical value\", ...}.", {}, 0, 0, {}};
    auto ignoreCase = boolParam(step.params, "ignore_case", false);
    auto trim = boolParam(step.params, "trim", true);
    auto unmapped = choiceParam(step.params, "unmapped", {"keep", "null"}, "keep");
    if (!ignoreCase)
        return ignoreCase.error();
    if (!trim)
        return trim.error();
    if (!unmapped)
        return unmapped.error();
    // Canonical values map to themselves, so they never count as unmapped.
    std::unordered_map<std::string, Cell> mapping;
    const QJsonObject object = mappingValue.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString() && !it.value().isNull())
            return Error{ErrorCode::InvalidArgument,
                         "parameter \"mapping\": the value for \"" + it.key().toStdString() +
                             "\" must be a text (or null for missing).", {}, 0, 0, it.key().toStdString()};
        const std::string from = key(it.key().toStdString(), ignoreCase.value(), trim.value());
        const Cell to = it.value().isNull() ? Cell() : Cell(it.value().toString().toStdString());
        if (auto [entry, inserted] = mapping.emplace(from, to); !inserted && entry->second != to)
            return Error{ErrorCode::InvalidArgument,
                         "parameter \"mapping\": \"" + it.key().toStdString() +
                             "\" maps to two different values when case or spaces are ignored.", {}, 0, 0,
                         it.key().toStdString()};
    }
    for (auto it = object.begin(); it != object.end(); ++it)
        if (it.value().isString())
            mapping.emplace(key(it.value().toString().toStdString(), ignoreCase.value(), trim.value()),
                            Cell(it.value().toString().toStdString()));
    return makeStep([columns = step.columns, mapping = std::move(mapping), ignore = ignoreCase.value(),
                     trimValues = trim.value(), toNull = unmapped.value() == "null"](
                        const CleanTable& table, Progress& progress,
                        const CancelToken& cancel) -> Result<StepResult> {
        StepResult result;
        const std::size_t rows = table.rowCount();
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const CleanColumn& source = *table.find(columns[c]);
            CleanColumn out{source.name, source.type, {}};
            out.cells.reserve(rows);
            IssueCollector missing("unmapped", source.name);
            std::int64_t mapped = 0;
            for (std::size_t r = 0; r < rows; ++r) {
                if (r % kCancelEvery == 0 && r > 0) {
                    if (cancel.isCancelled())
                        return cancelledError();
                    progress.report((double(c) + double(r) / double(rows)) / double(columns.size()));
                }
                const Cell& cell = source.cells[r];
                if (!cell) {
                    out.cells.emplace_back();
                    continue;
                }
                const auto it = mapping.find(key(*cell, ignore, trimValues));
                if (it != mapping.end()) {
                    mapped += it->second != cell ? 1 : 0;
                    out.cells.push_back(it->second);
                } else {
                    missing.add(table.rowIds()[r], cell);
                    out.cells.push_back(toNull ? Cell() : cell);
                }
            }
            const std::int64_t unmappedCount = missing.count();
            // Values kept as they are need no attention (the counts have them); values made
            // missing are reported with examples.
            if (toNull) {
                auto issues = missing.take(std::to_string(unmappedCount) + " values of column \"" +
                                           source.name + "\" are not in the mapping; they become missing.");
                result.issues.insert(result.issues.end(), issues.begin(), issues.end());
            }
            QJsonObject counts;
            counts["mapped"] = static_cast<qint64>(mapped);
            counts["unmapped"] = static_cast<qint64>(unmappedCount);
            result.counts[QString::fromStdString(source.name)] = counts;
            result.replaced.push_back(std::move(out));
        }
        return result;
    });
}

} // namespace

void registerCategorySteps(StepRegistry& registry) {
    addStep(registry, {"map_values", "Map categories", "categories",
                       "Replaces values by canonical values from a mapping table (value -> canonical value).",
                       1, -1,
                       {param("mapping", "object", "{\"value\": \"canonical value\"}; null maps to missing", "", true),
                        param("ignore_case", "boolean", "match values regardless of case", "false"),
                        param("trim", "boolean", "match values with spaces around removed", "true"),
                        param("unmapped", "choice", "values not in the mapping: keep them or make them missing", "keep", false, {"keep", "null"})},
                       createMap});
}

} // namespace microseg::core::clean
