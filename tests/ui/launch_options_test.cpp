// The GUI's command line.
#include "launch_options.h"

#include <gtest/gtest.h>

namespace microseg::ui {
namespace {

LaunchOptions parse(QStringList arguments) {
    arguments.prepend(QStringLiteral("microseg"));
    return parseLaunchOptions(arguments);
}

TEST(LaunchOptions, DefaultsToTheDemoOnTheDataPage) {
    const LaunchOptions options = parse({});
    ASSERT_TRUE(options.ok()) << options.error.toStdString();
    EXPECT_TRUE(options.workspace.isEmpty());
    EXPECT_TRUE(options.screenshot.isEmpty());
    EXPECT_EQ(options.page, QStringLiteral("data"));
}

TEST(LaunchOptions, ReadsWorkspaceScreenshotAndPage) {
    const LaunchOptions options =
        parse({QStringLiteral("--workspace"), QStringLiteral("a.microseg"),
               QStringLiteral("--screenshot"), QStringLiteral("out.png"), QStringLiteral("--page"),
               QStringLiteral("Data"), QStringLiteral("--select"), QStringLiteral("Quantity")});
    ASSERT_TRUE(options.ok()) << options.error.toStdString();
    EXPECT_EQ(options.workspace, QStringLiteral("a.microseg"));
    EXPECT_EQ(options.screenshot, QStringLiteral("out.png"));
    EXPECT_EQ(options.page, QStringLiteral("Data"));
    EXPECT_EQ(options.select, QStringLiteral("Quantity"));
}

TEST(LaunchOptions, AcceptsAPositionalWorkspace) {
    const LaunchOptions options = parse({QStringLiteral("b.microseg")});
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options.workspace, QStringLiteral("b.microseg"));
}

TEST(LaunchOptions, RejectsTwoWorkspacesAndUnknownOptions) {
    EXPECT_FALSE(parse({QStringLiteral("--workspace"), QStringLiteral("a.microseg"),
                        QStringLiteral("b.microseg")})
                     .ok());
    EXPECT_FALSE(parse({QStringLiteral("a.microseg"), QStringLiteral("b.microseg")}).ok());
    EXPECT_FALSE(parse({QStringLiteral("--frobnicate")}).ok());
    EXPECT_FALSE(parse({QStringLiteral("--screenshot")}).ok());
}

} // namespace
} // namespace microseg::ui
