// Row and column housekeeping: exact duplicates, rows with missing values, drop/rename columns.
#include <unordered_set>

#include "step_util.h"

namespace microseg::core::clean {
using namespace detail;

namespace {

/// The key of a row over `columns`: each cell length-prefixed (NULL distinct from ""), so no two
/// different rows share a key.
void appendKey(std::string& key, const Cell& cell) {
    if (!cell) {
        key += "N;";
        return;
    }
    key += std::to_string(cell->size());
    key += ':';
    key += *cell;
}

Result<std::unique_ptr<Step>> createDropDuplicates(const RecipeStep& step) {
    auto keep = choiceParam(step.params, "keep", {"first", "last"}, "first");
    if (!keep)
        return keep.error();
    return makeStep([columns = step.columns, keepLast = keep.value() == "last"](
                        const CleanTable& table, Progress& progress,
                        const CancelToken& cancel) -> Result<StepResult> {
        std::vector<const CleanColumn*> keyColumns;
        if (columns.empty())
            for (const auto& column : table.columns())
                keyColumns.push_back(&column);
        else
            for (const auto& name : columns)
                keyColumns.push_back(table.find(name));
        const std::size_t rows = table.rowCount();
        std::unordered_set<std::string> seen;
        seen.reserve(rows);
        std::vector<std::size_t> drop;
        std::string key;
        for (std::size_t i = 0; i < rows; ++i) {
            if (i % kCancelEvery == 0 && i > 0) {
                if (cancel.isCancelled())
                    return cancelledError();
                progress.report(double(i) / double(rows));
            }
            const std::size_t r = keepLast ? rows - 1 - i : i;
            key.clear();
            for (const CleanColumn* column : keyColumns)
                appendKey(key, column->cells[r]);
            if (!seen.insert(key).second)
                drop.push_back(r);
        }
        if (keepLast)
            std::reverse(drop.begin(), drop.end());
        StepResult result;
        result.counts["duplicates"] = static_cast<qint64>(drop.size());
        result.counts["distinct"] = static_cast<qint64>(seen.size());
        result.dropRows = std::move(drop);
        return result;
    });
}

Result<std::unique_ptr<Step>> createDropMissing(const RecipeStep& step) {
    auto how = choiceParam(step.params, "how", {"any", "all"}, "any");
    auto blank = boolParam(step.params, "blank_is_missing", true);
    if (!how)
        return how.error();
    if (!blank)
        return blank.error();
    return makeStep([columns = step.columns, all = how.value() == "all", blankMissing = blank.value()](
                        const CleanTable& table, Progress&, const CancelToken& cancel) -> Result<StepResult> {
        std::vector<const CleanColumn*> sources;
        for (const auto& name : columns)
            sources.push_back(table.find(name));
        const auto isMissing = [blankMissing](const Cell& cell) {
            if (!cell)
                return true;
            return blankMissing && cell->find_first_not_of(" \t") == std::string::npos;
        };
        StepResult result;
        for (std::size_t r = 0; r < table.rowCount(); ++r) {
            if (r % kCancelEvery == 0 && cancel.isCancelled())
                return cancelledError();
            std::size_t missing = 0;
            for (const CleanColumn* column : sources)
                missing += isMissing(column->cells[r]) ? 1 : 0;
            if (all ? missing == sources.size() : missing > 0)
                result.dropRows.push_back(r);
        }
        result.counts["rows_dropped"] = static_cast<qint64>(result.dropRows.size());
        return result;
    });
}

Result<std::unique_ptr<Step>> createRename(const RecipeStep& step) {
    auto to = columnNameParam(step.params, "to", "");
    if (!to)
        return to.error();
    return makeStep([from = step.columns[0], to = to.value()](const CleanTable&, Progress&,
                                                             const CancelToken&) -> Result<StepResult> {
        StepResult result;
        if (from != to)
            result.renamed.emplace_back(from, to);
        return result;
    });
}

} // namespace

void registerRowSteps(StepRegistry& registry) {
    addStep(registry, {"drop_duplicates", "Remove exact duplicates", "rows",
                       "Drops rows equal to an earlier (or later) row on the chosen columns (all columns when none).",
                       0, -1,
                       {param("keep", "choice", "which row of each group of equal rows stays", "first", false, {"first", "last"})},
                       createDropDuplicates});
    addStep(registry, {"drop_missing", "Drop rows with missing values", "rows",
                       "Drops rows where any (or all) of the chosen columns is missing.", 1, -1,
                       {param("how", "choice", "any or all of the columns missing", "any", false, {"any", "all"}),
                        param("blank_is_missing", "boolean", "a text of only spaces counts as missing", "true")},
                       createDropMissing});
    addStep(registry, {"drop_columns", "Remove columns", "columns", "Removes the chosen columns.", 1, -1, {},
                       [](const RecipeStep& step) {
                           return makeStep([columns = step.columns](const CleanTable&, Progress&,
                                                                    const CancelToken&) -> Result<StepResult> {
                               StepResult result;
                               result.removed = columns;
                               return result;
                           });
                       }});
    addStep(registry, {"rename_column", "Rename column", "columns", "Gives a column a new name.", 1, 1,
                       {param("to", "string", "the new name", "", true)}, createRename});
}

} // namespace microseg::core::clean
