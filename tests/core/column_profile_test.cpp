#include "microseg/column_profile.h"

#include <gtest/gtest.h>

#include <numeric>

#include "test_util.h"

using namespace microseg::core;
using microseg::test::TempDir;
using microseg::test::workspaceWithCsv;

TEST(ColumnProfile, NumericStatisticsAndHistogram) {
    TempDir dir;
    std::string csv = "x,city\n";
    for (int i = 1; i <= 100; ++i)
        csv += std::to_string(i) + "," + (i <= 60 ? "London" : i <= 90 ? "Paris" : "Rome") + "\n";
    csv += ",London\n";  // one missing x
    auto workspace = workspaceWithCsv(dir, csv);
    Progress progress;
    auto profile = profileColumn(*workspace, "raw_t", "x", progress, CancelToken(), 10);
    ASSERT_TRUE(profile.ok()) << profile.error().toString();
    const auto& p = profile.value();
    EXPECT_EQ(p.type.type, ColumnType::Integer);
    EXPECT_EQ(p.rows, 101);
    EXPECT_EQ(p.missing, 1);
    EXPECT_EQ(p.distinct, 100);
    EXPECT_DOUBLE_EQ(*p.min, 1.0);
    EXPECT_DOUBLE_EQ(*p.max, 100.0);
    EXPECT_DOUBLE_EQ(*p.mean, 50.5);
    ASSERT_EQ(p.histogram.size(), 10u);
    std::int64_t total = 0;
    for (const auto& bin : p.histogram) {
        EXPECT_EQ(bin.count, 10);  // 1..100 in ten equal bins: ten each
        total += bin.count;
    }
    EXPECT_EQ(total, 100);
}

TEST(ColumnProfile, TopValuesMostFrequentFirst) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "city\nParis\nLondon\nLondon\nRome\nLondon\nParis\n");
    Progress progress;
    auto profile = profileColumn(*workspace, "raw_t", "city", progress, CancelToken());
    ASSERT_TRUE(profile.ok());
    const auto& top = profile.value().topValues;
    ASSERT_EQ(top.size(), 3u);
    EXPECT_EQ(top[0], (std::pair<std::string, std::int64_t>{"London", 3}));
    EXPECT_EQ(top[1], (std::pair<std::string, std::int64_t>{"Paris", 2}));
    EXPECT_EQ(profile.value().type.type, ColumnType::Text);
    EXPECT_TRUE(profile.value().histogram.empty());
}

TEST(ColumnProfile, DecimalCommaAndDates) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "amount;day\n1,5;2024-03-01\n2,5;2023-12-31\n");
    Progress progress;
    auto amount = profileColumn(*workspace, "raw_t", "amount", progress, CancelToken());
    ASSERT_TRUE(amount.ok());
    EXPECT_DOUBLE_EQ(*amount.value().mean, 2.0);
    auto day = profileColumn(*workspace, "raw_t", "day", progress, CancelToken());
    ASSERT_TRUE(day.ok());
    EXPECT_EQ(day.value().minText, "2023-12-31");
    EXPECT_EQ(day.value().maxText, "2024-03-01");
}

TEST(ColumnProfile, CancelledAndMissingColumn) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n2\n");
    Progress progress;
    CancelToken cancel;
    cancel.cancel();
    auto cancelled = profileColumn(*workspace, "raw_t", "x", progress, cancel);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_TRUE(cancelled.isCancelled());
    auto missing = profileColumn(*workspace, "raw_t", "nope", progress, CancelToken());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST(ColumnProfile, HeavyTailsAreBinnedOverTheMiddle99Percent) {
    TempDir dir;
    std::string csv = "spend\n";
    for (int i = 0; i < 1000; ++i)
        csv += std::to_string(i % 10) + "\n";
    csv += "1000000\n-5000\n";  // one outlier each way stretches min..max a thousandfold
    auto workspace = workspaceWithCsv(dir, csv);
    Progress progress;
    auto profile = profileColumn(*workspace, "raw_t", "spend", progress, CancelToken(), 9);
    ASSERT_TRUE(profile.ok());
    const auto& p = profile.value();
    EXPECT_DOUBLE_EQ(*p.min, -5000.0);
    EXPECT_DOUBLE_EQ(*p.max, 1000000.0);
    EXPECT_EQ(p.belowHistogram, 1);
    EXPECT_EQ(p.aboveHistogram, 1);
    ASSERT_EQ(p.histogram.size(), 9u);
    EXPECT_DOUBLE_EQ(p.histogram.front().lower, 0.0);
    EXPECT_DOUBLE_EQ(p.histogram.back().upper, 9.0);
    std::int64_t binned = 0;
    for (const auto& bin : p.histogram)
        binned += bin.count;
    EXPECT_EQ(binned, 1000);
}
