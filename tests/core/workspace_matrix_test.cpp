#include "microseg/workspace_matrix.h"

#include <gtest/gtest.h>

#include "test_util.h"

using namespace microseg::core;
using microseg::test::TempDir;
using microseg::test::workspaceWithCsv;

TEST(WorkspaceMatrix, ReadsNumericColumnsInTableOrder) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "id;name;spend;visits\n01;Ann;1,5;3\n02;Bob;-2,25;4\n");
    EXPECT_EQ(numericColumns(*workspace, "raw_t"), (std::vector<std::string>{"spend", "visits"}));
    Progress progress;
    auto table = readWorkspaceMatrix(*workspace, "raw_t", {"visits", "spend"}, progress, CancelToken());
    ASSERT_TRUE(table.ok()) << table.error().toString();
    ASSERT_EQ(table.value().values.rows(), 2);
    EXPECT_DOUBLE_EQ(table.value().values(0, 0), 3.0);
    EXPECT_DOUBLE_EQ(table.value().values(0, 1), 1.5);  // decimal comma
    EXPECT_DOUBLE_EQ(table.value().values(1, 1), -2.25);
}

TEST(WorkspaceMatrix, MissingAndTextValuesNameTheRowAndColumn) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "a,b\n1,2\n3,\n");
    Progress progress;
    auto missing = readWorkspaceMatrix(*workspace, "raw_t", {"a", "b"}, progress, CancelToken());
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("Row 2"), std::string::npos) << missing.error().message;
    EXPECT_NE(missing.error().message.find("\"b\""), std::string::npos);
    auto unknown = readWorkspaceMatrix(*workspace, "raw_t", {"nope"}, progress, CancelToken());
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
    CancelToken cancel;
    cancel.cancel();
    auto cancelled = readWorkspaceMatrix(*workspace, "raw_t", {"a"}, progress, cancel);
    EXPECT_TRUE(cancelled.isCancelled());
}
