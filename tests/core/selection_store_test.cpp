#include "microseg/selection_store.h"
#include "test_util.h"

#include <gtest/gtest.h>

using namespace microseg::core;
using microseg::test::TempDir;
using microseg::test::workspaceWithCsv;

namespace {
Selection sample(std::string name, std::vector<std::int64_t> members) {
    Selection selection;
    selection.name = std::move(name);
    selection.sourceJson = R"({"table":"raw_t","method":"tsne"})";
    selection.members = std::move(members);
    return selection;
}
} // namespace

TEST(SelectionStore, SavesListsAndReloadsMembersSortedWithoutRepeats) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n2\n3\n");
    const std::int64_t big = 5'000'000'000; // more than 32 bits survive the BLOB
    auto id = saveSelection(*workspace, sample("High spenders", {7, 3, 3, 1, big}));
    ASSERT_TRUE(id.ok()) << id.error().toString();
    const auto listed = selections(*workspace);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, id.value());
    EXPECT_EQ(listed[0].name, "High spenders");
    EXPECT_EQ(listed[0].rows, 4);
    EXPECT_EQ(listed[0].sourceJson, R"({"table":"raw_t","method":"tsne"})");
    EXPECT_FALSE(listed[0].createdAt.empty());
    EXPECT_TRUE(listed[0].members.empty()); // listed without members
    auto loaded = loadSelection(*workspace, id.value());
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.value().members, (std::vector<std::int64_t>{1, 3, 7, big}));
    const auto log = workspace->auditLog();
    EXPECT_EQ(log.back().operation, "save_selection");
    EXPECT_NE(log.back().details.find("High spenders"), std::string::npos);
}

TEST(SelectionStore, RefusesBadInputAndTakenNamesUnlessReplacing) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    EXPECT_EQ(saveSelection(*workspace, sample("  ", {1})).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_EQ(saveSelection(*workspace, sample("empty", {})).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_EQ(saveSelection(*workspace, sample("zero", {0, 2})).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_TRUE(selections(*workspace).empty());

    ASSERT_TRUE(saveSelection(*workspace, sample("a", {1, 2})).ok());
    auto again = saveSelection(*workspace, sample("a", {5}));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
    EXPECT_NE(again.error().message.find("\"a\""), std::string::npos);
    auto replaced = saveSelection(*workspace, sample("a", {5}), true);
    ASSERT_TRUE(replaced.ok());
    const auto listed = selections(*workspace);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(loadSelection(*workspace, replaced.value()).value().members,
              (std::vector<std::int64_t>{5}));
}

TEST(SelectionStore, NewestFirstAndDelete) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    const auto first = saveSelection(*workspace, sample("first", {1})).value();
    const auto second = saveSelection(*workspace, sample("second", {2})).value();
    auto listed = selections(*workspace);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].id, second);
    ASSERT_TRUE(deleteSelection(*workspace, first).ok());
    EXPECT_EQ(workspace->auditLog().back().operation, "delete_selection");
    listed = selections(*workspace);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].name, "second");
    EXPECT_EQ(deleteSelection(*workspace, first).error().code, ErrorCode::NotFound);
    EXPECT_EQ(loadSelection(*workspace, 999).error().code, ErrorCode::NotFound);
}
