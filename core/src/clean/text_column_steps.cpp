// Text steps that change the set of columns: split one column into several, merge several.
#include "step_util.h"

namespace microseg::core::clean {
using namespace detail;

namespace {

Result<std::unique_ptr<Step>> createSplit(const RecipeStep& step) {
    auto separator = requiredStringParam(step.params, "separator");
    if (!separator)
        return separator.error();
    auto into = stringListParam(step.params, "into", true);
    if (!into)
        return into.error();
    auto keepSource = boolParam(step.params, "keep_source", true);
    if (!keepSource)
        return keepSource.error();
    if (into.value().size() < 2)
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"into\" must name at least two new columns.", {}, 0, 0, {}};
    for (const auto& name : into.value())
        if (name.empty() || name[0] == '_' || name.size() > 100)
            return Error{ErrorCode::InvalidArgument,
                         "parameter \"into\": \"" + name +
                             "\" is not a column name (1 to 100 characters, not starting with '_').",
                         {}, 0, 0, name};
    const std::string source = step.columns[0];
    return makeStep([source, separator = separator.value(), into = into.value(),
                     keep = keepSource.value()](const CleanTable& table, Progress& progress,
                                                const CancelToken& cancel) -> Result<StepResult> {
        const CleanColumn& column = *table.find(source);
        const std::size_t parts = into.size(), rows = table.rowCount();
        std::vector<CleanColumn> out(parts);
        for (std::size_t p = 0; p < parts; ++p) {
            out[p].name = into[p];
            out[p].cells.resize(rows);
        }
        std::int64_t fewer = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            if (r % kCancelEvery == 0 && r > 0) {
                if (cancel.isCancelled())
                    return cancelledError();
                progress.report(double(r) / double(rows));
            }
            if (!column.cells[r])
                continue;
            // At most `parts` pieces: the last keeps the remainder, separators included (like
            // pandas str.split(sep, n=parts-1)).
            std::string_view text = *column.cells[r];
            std::size_t p = 0;
            for (; p + 1 < parts; ++p) {
                const auto at = text.find(separator);
                if (at == std::string_view::npos)
                    break;
                out[p].cells[r] = std::string(text.substr(0, at));
                text.remove_prefix(at + separator.size());
            }
            out[p].cells[r] = std::string(text);
            if (p + 1 < parts)
                ++fewer;
        }
        StepResult result;
        std::string after = source;
        for (auto& column : out) {
            const std::string name = column.name;
            result.added.push_back({std::move(column), after});
            after = name;
        }
        if (!keep)
            result.removed.push_back(source);
        result.counts["rows_with_fewer_parts"] = static_cast<qint64>(fewer);
        return result;
    });
}

Result<std::unique_ptr<Step>> createMerge(const RecipeStep& step) {
    auto into = columnNameParam(step.params, "into", "");
    if (!into)
        return into.error();
    auto separator = stringParam(step.params, "separator", " ");
    auto skipEmpty = boolParam(step.params, "skip_empty", true);
    auto dropSources = boolParam(step.params, "drop_sources", false);
    if (!separator)
        return separator.error();
    if (!skipEmpty)
        return skipEmpty.error();
    if (!dropSources)
        return dropSources.error();
    return makeStep([columns = step.columns, into = into.value(), separator = separator.value(),
                     skip = skipEmpty.value(), drop = dropSources.value()](
                        const CleanTable& table, Progress& progress,
                        const CancelToken& cancel) -> Result<StepResult> {
        std::vector<const CleanColumn*> sources;
        for (const auto& name : columns)
            sources.push_back(table.find(name));
        const std::size_t rows = table.rowCount();
        CleanColumn merged{into, ColumnType::Text, {}};
        merged.cells.reserve(rows);
        for (std::size_t r = 0; r < rows; ++r) {
            if (r % kCancelEvery == 0 && r > 0) {
                if (cancel.isCancelled())
                    return cancelledError();
                progress.report(double(r) / double(rows));
            }
            std::string text;
            bool any = false;
            for (const CleanColumn* source : sources) {
                const Cell& cell = source->cells[r];
                const bool empty = !cell || cell->empty();
                if (skip && empty)
                    continue;
                if (any)
                    text += separator;
                if (cell)
                    text += *cell;
                any = any || !empty || !skip;
            }
            // Every part missing: the merged value is missing too, not an empty text.
            bool allNull = true;
            for (const CleanColumn* source : sources)
                allNull = allNull && !source->cells[r];
            if (allNull || (skip && !any))
                merged.cells.emplace_back();
            else
                merged.cells.emplace_back(std::move(text));
        }
        StepResult result;
        result.added.push_back({std::move(merged), columns.back()});
        if (drop)
            result.removed = columns;
        return result;
    });
}

} // namespace

void registerTextColumnSteps(StepRegistry& registry) {
    addStep(registry, {"split_column", "Split column", "text",
                       "Splits a column at a separator into new columns; the last new column keeps the remainder.",
                       1, 1,
                       {param("separator", "string", "the text between parts", "", true),
                        param("into", "array", "names of the new columns, in order", "", true),
                        param("keep_source", "boolean", "keep the original column", "true")},
                       createSplit});
    addStep(registry, {"merge_columns", "Merge columns", "text",
                       "Joins columns into a new column with a separator.", 2, -1,
                       {param("into", "string", "name of the new column", "", true),
                        param("separator", "string", "text between values", " "),
                        param("skip_empty", "boolean", "leave out empty values (no doubled separators)", "true"),
                        param("drop_sources", "boolean", "remove the merged columns", "false")},
                       createMerge});
}

} // namespace microseg::core::clean
