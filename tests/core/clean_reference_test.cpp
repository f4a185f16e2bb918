// The reference recipe replayed on the 10% Online Retail sample against pandas
// (tests/fixtures/clean/make_clean_reference.py): per-step row and cell counts and the result.
#include "microseg/clean/recipe_json.h"
#include "microseg/clean/recipe_store.h"
#include "microseg/csv_import.h"
#include "test_util.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace microseg::core;
using namespace microseg::core::clean;

namespace {

std::string queryText(Workspace& workspace, const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(workspace.db(), sql.c_str(), -1, &statement, nullptr);
    std::string value;
    if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0))
        value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    return value;
}

} // namespace

TEST(CleanReference, OnlineRetailSampleMatchesPandas) {
    const std::string fixtures = microseg::test::sourceDir() + "/tests/fixtures/clean/";
    const QJsonObject reference =
        QJsonDocument::fromJson(QByteArray::fromStdString(microseg::test::readFile(fixtures + "clean_reference.json")))
            .object();
    auto recipe = readRecipeFile(fixtures + "reference_recipe.json");
    ASSERT_TRUE(recipe.ok()) << recipe.error().toString();

    microseg::test::TempDir dir;
    auto created = Workspace::create(dir.path("w.microseg"));
    ASSERT_TRUE(created.ok());
    Workspace& workspace = *created.value();
    ImportRequest request;
    request.filePath = microseg::test::sourceDir() + "/resources/online_retail_sample10pct.csv";
    request.datasetName = "retail";
    Progress progress;
    ASSERT_TRUE(importCsv(workspace, request, progress, CancelToken()).ok());

    auto result = runCleaning(workspace, {"retail", recipe.value(), "retail_clean", false, OnStepError::Stop},
                              progress, CancelToken());
    ASSERT_TRUE(result.ok()) << result.error().toString();
    const QJsonArray steps = reference["steps"].toArray();
    ASSERT_EQ(result.value().report.steps.size(), std::size_t(steps.size()));
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QJsonObject expected = steps[i].toObject();
        const StepReport& got = result.value().report.steps[std::size_t(i)];
        SCOPED_TRACE(expected["step"].toString().toStdString());
        EXPECT_EQ(got.rowsBefore, expected["rows_before"].toInteger());
        EXPECT_EQ(got.rowsAfter, expected["rows_after"].toInteger());
        if (expected.contains("cells_changed")) {
            EXPECT_EQ(got.cellsChanged, expected["cells_changed"].toInteger());
        }
        if (expected.contains("rows_dropped")) {
            EXPECT_EQ(got.rowsDropped, expected["rows_dropped"].toInteger());
        }
    }
    const QJsonObject summary = reference["summary"].toObject();
    EXPECT_EQ(result.value().rows, summary["rows"].toInteger());
    EXPECT_EQ(queryText(workspace, "SELECT sum(CAST(Quantity AS INTEGER)) FROM retail_clean"),
              std::to_string(summary["quantity_sum"].toInteger()));
    EXPECT_EQ(queryText(workspace, "SELECT min(InvoiceDate) FROM retail_clean"), summary["first_date"].toString().toStdString());
    EXPECT_EQ(queryText(workspace, "SELECT max(InvoiceDate) FROM retail_clean"), summary["last_date"].toString().toStdString());
    EXPECT_EQ(queryText(workspace, "SELECT count(DISTINCT Description) FROM retail_clean"),
              std::to_string(summary["distinct_descriptions"].toInteger()));
}
