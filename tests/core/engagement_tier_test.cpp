// Engagement tiers by rule: first match wins, default tier, unreadable cells counted, JSON round
// trip, a missing column, cancellation and progress.
#include "microseg/csv_import.h"
#include "microseg/engagement_tier.h"
#include "test_util.h"

#include <gtest/gtest.h>

using namespace microseg::core;
using microseg::test::TempDir;

namespace {

TierDefinition engagement() {
    TierDefinition d;
    d.name = "engagement";
    d.rules = {{"Highly engaged",
                {{"open_rate", CompareOp::Greater, 0.8},
                 {"click_rate", CompareOp::Greater, 0.5},
                 {"recency", CompareOp::LessEqual, 30}}},
               {"Engaged", {{"open_rate", CompareOp::GreaterEqual, 0.5}}},
               {"Dormant", {{"recency", CompareOp::Greater, 180}}}};
    d.defaultTier = "Low";
    return d;
}

// Row: a highly engaged; b opens but clicks too little -> Engaged; c (0.8 is not > 0.8) Engaged;
// d dormant; e nothing -> Low; f missing open rate: rules 1-2 fail, recency 10 -> Low.
constexpr const char* kCsv = "id,open_rate,click_rate,recency\n"
                             "a,0.9,0.6,12\n"
                             "b,0.85,0.4,5\n"
                             "c,0.8,0.9,1\n"
                             "d,0.1,0.0,365\n"
                             "e,0.2,0.1,90\n"
                             "f,,0.7,10\n";

} // namespace

TEST(EngagementTier, FirstMatchWinsWithDefault) {
    TempDir dir;
    auto workspace = microseg::test::workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    const std::string table = workspace->datasets().at(0).tableName;
    double last = -1;
    Progress progress([&](double fraction, const std::string&) { last = fraction; });
    auto result = applyTiers(*workspace, table, engagement(), progress, CancelToken());
    ASSERT_TRUE(result.ok()) << result.error().toString();
    EXPECT_EQ(result.value().tiers, (std::vector<std::string>{"Highly engaged", "Engaged",
                                                              "Engaged", "Dormant", "Low", "Low"}));
    const std::vector<std::pair<std::string, std::int64_t>> counts = {
        {"Highly engaged", 1}, {"Engaged", 2}, {"Dormant", 1}, {"Low", 2}};
    EXPECT_EQ(result.value().counts, counts);
    EXPECT_EQ(result.value().unreadable.at("open_rate"), 1);
    EXPECT_EQ(last, 1.0);
}

TEST(EngagementTier, JsonRoundTrip) {
    const TierDefinition d = engagement();
    auto back = TierDefinition::fromJson(d.toJson());
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(back.value(), d);
    auto bad = TierDefinition::fromJson(
        R"({"rules": [{"tier": "X", "when": [{"column": "a", "op": "~", "value": 1}]}]})");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("\"op\""), std::string::npos);
}

TEST(EngagementTier, MissingColumnAndCancel) {
    TempDir dir;
    auto workspace = microseg::test::workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    const std::string table = workspace->datasets().at(0).tableName;
    TierDefinition d = engagement();
    d.rules[0].conditions.push_back({"clicks_7d", CompareOp::Greater, 1});
    Progress progress;
    auto missing = applyTiers(*workspace, table, d, progress, CancelToken());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("clicks_7d"), std::string::npos);
    CancelToken cancel;
    cancel.cancel();
    EXPECT_TRUE(applyTiers(*workspace, table, engagement(), progress, cancel).isCancelled());
}
