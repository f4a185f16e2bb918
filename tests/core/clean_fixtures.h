#pragma once
// Small tables and one-step runs for the cleaning tests.

#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <initializer_list>
#include <string>
#include <vector>

#include "microseg/clean/recipe_engine.h"
#include "microseg/clean/step_registry.h"

namespace microseg::test {

using core::clean::CleanColumn;
using core::clean::CleanTable;
using core::clean::RecipeStep;

/// A table with raw rows 1..n; "~" stands for a missing cell.
inline CleanTable makeTable(const std::vector<std::string>& names,
                            const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::int64_t> ids;
    for (std::size_t r = 0; r < rows.size(); ++r)
        ids.push_back(std::int64_t(r + 1));
    CleanTable table(ids);
    for (std::size_t c = 0; c < names.size(); ++c) {
        CleanColumn column{names[c], core::ColumnType::Text, {}};
        for (const auto& row : rows)
            column.cells.push_back(row[c] == "~" ? core::Cell() : core::Cell(row[c]));
        EXPECT_TRUE(table.addColumn(std::move(column)).ok());
    }
    return table;
}

/// The cells of a column with "~" for missing.
inline std::vector<std::string> cells(const CleanTable& table, const std::string& name) {
    std::vector<std::string> out;
    const CleanColumn* column = table.find(name);
    EXPECT_NE(column, nullptr) << name;
    if (column)
        for (const auto& cell : column->cells)
            out.push_back(cell ? *cell : "~");
    return out;
}

inline RecipeStep step(const std::string& type, std::vector<std::string> columns,
                       const std::string& paramsJson = "{}") {
    QJsonParseError error;
    const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(paramsJson), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << paramsJson;
    return RecipeStep{type, std::move(columns), document.object(), true, {}};
}

/// Builds and runs one step on `table` (in place); the report says what it did.
inline core::Result<core::clean::StepReport> runOne(CleanTable& table, const RecipeStep& spec) {
    auto built = core::clean::defaultStepRegistry().create(0, spec);
    if (!built)
        return built.error();
    core::clean::StepReport report;
    core::Progress progress;
    if (auto status = core::clean::runStep(table, 0, spec, *built.value(), report, progress,
                                           core::CancelToken());
        !status)
        return status.error();
    return report;
}

/// The error message of building `spec` (empty if it builds).
inline std::string buildError(const RecipeStep& spec) {
    auto built = core::clean::defaultStepRegistry().create(0, spec);
    return built ? std::string() : built.error().message;
}

} // namespace microseg::test
