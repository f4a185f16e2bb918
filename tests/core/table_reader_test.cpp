#include "microseg/table_reader.h"

#include <gtest/gtest.h>

#include "test_util.h"

using namespace microseg::core;
using microseg::test::TempDir;
using microseg::test::workspaceWithCsv;

TEST(TableReader, FetchesBatchesInFileOrder) {
    TempDir dir;
    std::string csv = "n,label\n";
    for (int i = 1; i <= 10000; ++i)
        csv += std::to_string(i) + "," + (i % 10 == 0 ? "" : "row" + std::to_string(i)) + "\n";
    auto workspace = workspaceWithCsv(dir, csv);
    auto reader = TableReader::open(*workspace, "raw_t");
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(reader.value().rowCount(), 10000);
    EXPECT_EQ(reader.value().columnNames(), (std::vector<std::string>{"n", "label"}));
    auto batch = reader.value().fetch(9990, 512);
    ASSERT_TRUE(batch.ok());
    ASSERT_EQ(batch.value().size(), 10u);  // fewer at the end
    EXPECT_EQ(batch.value()[0][0], "9991");
    EXPECT_EQ(batch.value()[0][1], "row9991");
    EXPECT_FALSE(batch.value()[9][1].has_value());  // row 10000 has a missing label
    auto first = reader.value().fetch(0, 3);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first.value()[2][0], "3");
    EXPECT_TRUE(reader.value().fetch(20000, 10).value().empty());
}

TEST(TableReader, UnknownTableIsNotFound) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "a\n1\n");
    auto reader = TableReader::open(*workspace, "nope");
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error().code, ErrorCode::NotFound);
}
