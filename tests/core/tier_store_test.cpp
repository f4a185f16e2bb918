// Tier definitions stored by name (save, list, load, overwrite, delete, one audit entry each) and
// feature specs that use a stored definition as a categorical feature.
#include "microseg/engagement_tier.h"
#include "microseg/feature_set.h"
#include "test_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

using namespace microseg::core;
using microseg::test::TempDir;

namespace {

TierDefinition engagement() {
    TierDefinition d;
    d.name = "Email engagement";
    d.rules = {{"Highly engaged",
                {{"open_rate", CompareOp::Greater, 0.8},
                 {"click_rate", CompareOp::Greater, 0.5},
                 {"recency", CompareOp::LessEqual, 30}}},
               {"Engaged", {{"open_rate", CompareOp::GreaterEqual, 0.5}}}};
    d.defaultTier = "Low";
    return d;
}

// a: Highly engaged; b, c: Engaged; d, e: Low.
constexpr const char* kCsv = "id,open_rate,click_rate,recency,spend\n"
                             "a,0.9,0.6,12,10\n"
                             "b,0.85,0.4,5,20\n"
                             "c,0.6,0.9,1,30\n"
                             "d,0.1,0.0,365,40\n"
                             "e,0.2,0.1,90,50\n";

std::string lastAction(const Workspace& workspace) {
    const auto log = workspace.auditLog();
    EXPECT_EQ(log.back().operation, "tier_definition");
    return QJsonDocument::fromJson(QByteArray::fromStdString(log.back().details))
        .object()["action"]
        .toString()
        .toStdString();
}

} // namespace

TEST(TierStore, SaveListLoadOverwriteDelete) {
    TempDir dir;
    auto workspace = microseg::test::workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    const TierDefinition d = engagement();
    ASSERT_TRUE(saveTierDefinition(*workspace, d).ok());
    EXPECT_EQ(lastAction(*workspace), "save");
    auto loaded = tierDefinition(*workspace, d.name);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    EXPECT_EQ(loaded.value().definition, d);
    EXPECT_FALSE(loaded.value().createdAt.empty());

    const auto logSize = workspace->auditLog().size();
    auto again = saveTierDefinition(*workspace, d);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(workspace->auditLog().size(), logSize); // a refused save writes nothing

    TierDefinition edited = d;
    edited.rules[1].conditions[0].threshold = 0.7;
    ASSERT_TRUE(saveTierDefinition(*workspace, edited, true).ok());
    EXPECT_EQ(lastAction(*workspace), "overwrite");
    EXPECT_EQ(tierDefinition(*workspace, d.name).value().definition, edited);

    TierDefinition other = d;
    other.name = "A first";
    ASSERT_TRUE(saveTierDefinition(*workspace, other).ok());
    auto all = tierDefinitions(*workspace);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all.value().size(), 2u);
    EXPECT_EQ(all.value()[0].definition.name, "A first"); // by name
    EXPECT_EQ(all.value()[1].definition.name, d.name);

    ASSERT_TRUE(deleteTierDefinition(*workspace, d.name).ok());
    EXPECT_EQ(lastAction(*workspace), "delete");
    EXPECT_EQ(tierDefinition(*workspace, d.name).error().code, ErrorCode::NotFound);
    EXPECT_EQ(deleteTierDefinition(*workspace, d.name).error().code, ErrorCode::NotFound);
    EXPECT_EQ(tierDefinitions(*workspace).value().size(), 1u);
}

TEST(TierStore, RefusesBadDefinitions) {
    TempDir dir;
    auto workspace = microseg::test::workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    const auto logSize = workspace->auditLog().size();
    TierDefinition d = engagement();
    d.name = "  ";
    EXPECT_EQ(saveTierDefinition(*workspace, d).error().code, ErrorCode::InvalidArgument);
    d = engagement();
    d.rules[0].tier = "";
    EXPECT_EQ(saveTierDefinition(*workspace, d).error().code, ErrorCode::InvalidArgument);
    d = engagement();
    d.defaultTier = "";
    EXPECT_EQ(saveTierDefinition(*workspace, d).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(workspace->auditLog().size(), logSize);
    EXPECT_TRUE(tierDefinitions(*workspace).value().empty());
}

TEST(TierStore, FeatureSpecUsesAStoredDefinitionByName) {
    TempDir dir;
    auto workspace = microseg::test::workspaceWithCsv(dir, kCsv);
    ASSERT_TRUE(workspace);
    const std::string table = workspace->datasets().at(0).tableName;
    FeatureSpec spec;
    spec.source = table;
    spec.keyColumn = "id";
    Feature spend;
    spend.column = "spend";
    Feature tier;
    tier.column = "engagement";
    tier.tiers = "Email engagement";
    tier.kind = FeatureKind::Categorical;
    tier.encoding = FeatureEncoding::Ordinal;
    tier.order = {"Low", "Engaged", "Highly engaged"};
    spec.features = {spend, tier};

    Progress progress;
    auto missing = buildFeatureMatrix(*workspace, spec, progress, CancelToken());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("engagement"), std::string::npos);

    ASSERT_TRUE(saveTierDefinition(*workspace, engagement()).ok());
    auto built = buildFeatureMatrix(*workspace, spec, progress, CancelToken());
    ASSERT_TRUE(built.ok()) << built.error().toString();
    const FeatureMatrix& m = built.value();
    ASSERT_EQ(m.values.cols(), 2);
    const std::vector<double> expected = {2, 1, 1, 0, 0};
    for (int r = 0; r < 5; ++r)
        EXPECT_EQ(m.values(r, 1), expected[std::size_t(r)]) << r;

    // One-hot: levels in byte order; the spec round-trips through JSON with its tier name.
    spec.features[1].encoding = FeatureEncoding::OneHot;
    spec.features[1].order.clear();
    auto oneHot = buildFeatureMatrix(*workspace, spec, progress, CancelToken());
    ASSERT_TRUE(oneHot.ok()) << oneHot.error().toString();
    EXPECT_EQ(oneHot.value().columnNames,
              (std::vector<std::string>{"spend", "engagement=Engaged",
                                        "engagement=Highly engaged", "engagement=Low"}));
    auto back = FeatureSpec::fromJson(spec.toJson());
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(back.value(), spec);

    spec.features[1].kind = FeatureKind::Numeric;
    auto numeric = buildFeatureMatrix(*workspace, spec, progress, CancelToken());
    ASSERT_FALSE(numeric.ok());
    EXPECT_NE(numeric.error().message.find("categorical"), std::string::npos);
}
