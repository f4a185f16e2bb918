#include "microseg/progress.h"

#include <gtest/gtest.h>

#include <vector>

using namespace microseg::core;

TEST(CancelToken, CopiesShareTheFlag) {
    CancelToken token;
    const CancelToken copy = token;
    EXPECT_FALSE(copy.isCancelled());
    token.cancel();
    EXPECT_TRUE(copy.isCancelled());
}

TEST(Progress, ThrottlesSmallStepsAndClamps) {
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); }, 0.1);
    for (int i = 0; i <= 1000; ++i)
        progress.report(i / 1000.0);
    progress.report(2.0);  // clamped to 1, and 1 was already reported
    ASSERT_GE(seen.size(), 10u);
    EXPECT_LE(seen.size(), 12u);
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_LT(seen[i - 1], seen[i]);
}

TEST(Progress, ForwardsTextChangesEvenWithoutProgress) {
    std::vector<std::string> texts;
    Progress progress([&](double, const std::string& text) { texts.push_back(text); });
    progress.report(0.5, "reading");
    progress.report(0.5, "writing");
    progress.report(0.5);
    EXPECT_EQ(texts, (std::vector<std::string>{"reading", "writing"}));
}

TEST(Progress, NeverGoesBackwards) {
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); }, 0.0);
    progress.report(0.5);
    progress.report(0.5 - 1e-15, "next phase");  // rounding from a different formula
    progress.report(0.25);
    progress.report(0.75);
    EXPECT_EQ(seen, (std::vector<double>{0.5, 0.5, 0.75}));
}

TEST(Progress, DefaultConstructedDiscards) {
    Progress progress;
    progress.report(0.3);
    EXPECT_DOUBLE_EQ(progress.fraction(), 0.3);
}
