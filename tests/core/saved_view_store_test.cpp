#include "microseg/saved_view_store.h"
#include "test_util.h"

#include <gtest/gtest.h>

using namespace microseg::core;
using microseg::test::TempDir;
using microseg::test::workspaceWithCsv;

namespace {
SavedView view(const std::string& name, const std::string& kind = "elbow") {
    SavedView v;
    v.name = name;
    v.kind = kind;
    v.settingsJson = R"({"run":1,"metric":"silhouette"})";
    return v;
}

std::vector<std::string> names(const Workspace& workspace) {
    std::vector<std::string> result;
    for (const SavedView& v : savedViews(workspace))
        result.push_back(v.name + "@" + std::to_string(v.position));
    return result;
}
} // namespace

TEST(SavedViewStore, AddsInOrderWithSettingsAndAudit) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    auto first = addSavedView(*workspace, view("Elbow"));
    auto second = addSavedView(*workspace, view("Silhouette k=4", "silhouette"));
    ASSERT_TRUE(first.ok()) << first.error().toString();
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(names(*workspace), (std::vector<std::string>{"Elbow@0", "Silhouette k=4@1"}));
    auto stored = savedView(*workspace, second.value());
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored.value().kind, "silhouette");
    EXPECT_EQ(stored.value().settingsJson, R"({"run":1,"metric":"silhouette"})");
    EXPECT_FALSE(stored.value().createdAt.empty());
    EXPECT_EQ(workspace->auditLog().back().operation, "save_view");
}

TEST(SavedViewStore, RefusesBadInput) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    SavedView noName = view("  ");
    EXPECT_EQ(addSavedView(*workspace, noName).error().code, ErrorCode::InvalidArgument);
    SavedView badJson = view("v");
    badJson.settingsJson = "[1,2]";
    EXPECT_EQ(addSavedView(*workspace, badJson).error().code, ErrorCode::InvalidArgument);
    badJson.settingsJson = "{\"a\":";
    const auto broken = addSavedView(*workspace, badJson);
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().message.find("offset"), std::string::npos) << broken.error().message;
    SavedView noKind = view("v", "");
    EXPECT_FALSE(addSavedView(*workspace, noKind).ok());
    EXPECT_TRUE(savedViews(*workspace).empty());
    EXPECT_EQ(savedView(*workspace, 42).error().code, ErrorCode::NotFound);
    EXPECT_EQ(renameSavedView(*workspace, 42, "x").error().code, ErrorCode::NotFound);
    EXPECT_EQ(deleteSavedView(*workspace, 42).error().code, ErrorCode::NotFound);
    EXPECT_EQ(moveSavedView(*workspace, 42, 0).error().code, ErrorCode::NotFound);
}

TEST(SavedViewStore, RenameUpdateMoveAndDeleteKeepPositionsDense) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    std::vector<std::int64_t> ids;
    for (const char* name : {"a", "b", "c", "d"})
        ids.push_back(addSavedView(*workspace, view(name)).value());
    ASSERT_TRUE(moveSavedView(*workspace, ids[3], 0).ok());
    EXPECT_EQ(names(*workspace), (std::vector<std::string>{"d@0", "a@1", "b@2", "c@3"}));
    ASSERT_TRUE(moveSavedView(*workspace, ids[3], 99).ok()); // clamped to the end
    EXPECT_EQ(names(*workspace), (std::vector<std::string>{"a@0", "b@1", "c@2", "d@3"}));
    ASSERT_TRUE(moveSavedView(*workspace, ids[0], 2).ok());
    EXPECT_EQ(names(*workspace), (std::vector<std::string>{"b@0", "c@1", "a@2", "d@3"}));
    EXPECT_EQ(workspace->auditLog().back().operation, "move_view");

    ASSERT_TRUE(deleteSavedView(*workspace, ids[2]).ok());
    EXPECT_EQ(names(*workspace), (std::vector<std::string>{"b@0", "a@1", "d@2"}));
    ASSERT_TRUE(renameSavedView(*workspace, ids[1], "Bee").ok());
    ASSERT_TRUE(updateSavedViewSettings(*workspace, ids[1], R"({"k":5})").ok());
    EXPECT_FALSE(updateSavedViewSettings(*workspace, ids[1], "nope").ok());
    EXPECT_EQ(savedView(*workspace, ids[1]).value().settingsJson, R"({"k":5})");
    EXPECT_EQ(names(*workspace), (std::vector<std::string>{"Bee@0", "a@1", "d@2"}));
    // A new view goes after the last one.
    ASSERT_TRUE(addSavedView(*workspace, view("e")).ok());
    EXPECT_EQ(names(*workspace).back(), "e@3");
}

TEST(SavedViewStore, ViewsSurviveReopening) {
    TempDir dir;
    std::string path;
    {
        auto workspace = workspaceWithCsv(dir, "x\n1\n");
        path = workspace->path();
        ASSERT_TRUE(addSavedView(*workspace, view("kept", "sizes")).ok());
    }
    auto reopened = Workspace::open(path);
    ASSERT_TRUE(reopened.ok());
    const auto views = savedViews(*reopened.value());
    ASSERT_EQ(views.size(), 1u);
    EXPECT_EQ(views[0].name, "kept");
    EXPECT_EQ(views[0].kind, "sizes");
}
