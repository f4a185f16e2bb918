#include "microseg/numeric_csv.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"

using namespace microseg::core;
using microseg::test::TempDir;
using microseg::test::writeFile;

TEST(NumericCsv, PicksNumericColumnsAndKeepsValuesAsTheyAre) {
    TempDir dir;
    writeFile(dir.path("a.csv"), "id,spend,name,visits\n1,10.5,Ann,3\n2,-2e1,Bob,4\n");
    Progress progress;
    NumericCsvOptions options;
    options.exclude = {"id"};
    auto table = readNumericCsv(dir.path("a.csv"), options, progress, CancelToken());
    ASSERT_TRUE(table.ok()) << table.error().toString();
    EXPECT_EQ(table.value().columns, (std::vector<std::string>{"spend", "visits"}));
    EXPECT_EQ(table.value().skippedColumns, std::vector<std::string>{"name"});
    ASSERT_EQ(table.value().values.rows(), 2);
    EXPECT_DOUBLE_EQ(table.value().values(0, 0), 10.5);
    EXPECT_DOUBLE_EQ(table.value().values(1, 0), -20.0);
    EXPECT_DOUBLE_EQ(table.value().values(1, 1), 4.0);
}

TEST(NumericCsv, NamedColumnsMustBeNumbersAndMissingValuesAreErrors) {
    TempDir dir;
    writeFile(dir.path("b.csv"), "x,y\n1,a\n2,\n");
    Progress progress;
    NumericCsvOptions named;
    named.columns = {"y"};
    auto text = readNumericCsv(dir.path("b.csv"), named, progress, CancelToken());
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().line, 2);
    EXPECT_EQ(text.error().column, 2);
    EXPECT_EQ(text.error().value, "a");
    writeFile(dir.path("c.csv"), "x,y\n1,2\n2,\n");
    auto missing = readNumericCsv(dir.path("c.csv"), {}, progress, CancelToken());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().line, 3);
    EXPECT_NE(missing.error().message.find("Missing value"), std::string::npos);
}

TEST(NumericCsv, StandardiseUsesThePopulationDeviation) {
    RowMatrix values(4, 2);
    values << 1, 5, 2, 5, 3, 5, 4, 5;
    std::vector<std::string> names = {"a", "constant"};
    RowMatrix first = values.leftCols(1);
    ASSERT_TRUE(standardiseColumns(first, {"a"}).ok());
    // mean 2.5, population variance 1.25
    EXPECT_NEAR(first(0, 0), -1.5 / std::sqrt(1.25), 1e-15);
    const Status constant = standardiseColumns(values, names);
    ASSERT_FALSE(constant.ok());
    EXPECT_NE(constant.error().message.find("\"constant\""), std::string::npos);
}

TEST(NumericCsv, PreCancelledReadIsCancelled) {
    TempDir dir;
    std::string csv = "x\n";
    for (int i = 0; i < 20000; ++i)
        csv += std::to_string(i) + "\n";
    writeFile(dir.path("d.csv"), csv);
    Progress progress;
    CancelToken cancel;
    cancel.cancel();
    auto table = readNumericCsv(dir.path("d.csv"), {}, progress, cancel);
    ASSERT_FALSE(table.ok());
    EXPECT_TRUE(table.isCancelled());
}
