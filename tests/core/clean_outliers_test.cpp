// Outlier fences, counts and capping against pandas (tests/fixtures/clean/
// make_outliers_reference.py).
#include "cluster_fixtures.h"
#include "microseg/clean/outliers.h"

#include <QJsonArray>
#include <QJsonObject>
#include <fstream>
#include <gtest/gtest.h>

using namespace microseg::core;
using namespace microseg::core::clean;
using microseg::test::fixturePath;
using microseg::test::loadJson;
using microseg::test::nearRelative;

namespace {

NumericColumn readColumn(const std::string& file, const std::string& name) {
    std::ifstream in(fixturePath("clean/" + file));
    std::string line;
    std::getline(in, line);
    std::size_t index = 0;
    std::size_t position = 0;
    for (std::size_t start = 0;; ++position) {
        const std::size_t comma = std::min(line.find(',', start), line.size());
        if (line.substr(start, comma - start) == name) {
            index = position;
            break;
        }
        EXPECT_LT(comma, line.size()) << "no column " << name;
        start = comma + 1;
    }
    NumericColumn column;
    while (std::getline(in, line)) {
        std::size_t start = 0;
        for (std::size_t c = 0; c < index; ++c)
            start = line.find(',', start) + 1;
        const std::string cell = line.substr(start, line.find(',', start) - start);
        column.push_back(cell.empty() ? std::nullopt : std::optional<double>(std::stod(cell)));
    }
    return column;
}

} // namespace

TEST(Outliers, MatchPandasReference) {
    const QJsonArray cases = loadJson("clean/outliers_reference.json")["cases"].toArray();
    ASSERT_EQ(cases.size(), 7);
    for (const QJsonValue& value : cases) {
        const QJsonObject c = value.toObject();
        const NumericColumn column =
            readColumn(c["file"].toString().toStdString(), c["column"].toString().toStdString());
        for (const QJsonValue& ruleValue : c["rules"].toArray()) {
            const QJsonObject rule = ruleValue.toObject();
            OutlierOptions options;
            const bool iqr = rule["method"].toString() == "iqr";
            options.method = iqr ? OutlierMethod::Iqr : OutlierMethod::ZScore;
            (iqr ? options.iqrFactor : options.zThreshold) = rule["param"].toDouble();
            SCOPED_TRACE(c["column"].toString().toStdString() + " " +
                         rule["method"].toString().toStdString() + " " +
                         std::to_string(rule["param"].toDouble()));
            auto result = detectOutliers(column, options);
            ASSERT_TRUE(result.ok()) << result.error().message;
            const OutlierResult& r = result.value();
            if (iqr) {
                EXPECT_EQ(r.q1, rule["q1"].toDouble()); // same floating-point steps as numpy
                EXPECT_EQ(r.q3, rule["q3"].toDouble());
            } else {
                EXPECT_TRUE(nearRelative(r.mean, rule["mean"].toDouble(), 1e-13));
                EXPECT_TRUE(nearRelative(r.stdDev, rule["std"].toDouble(), 1e-13));
            }
            EXPECT_TRUE(nearRelative(r.lower, rule["lower"].toDouble(), 1e-12, 1.0));
            EXPECT_TRUE(nearRelative(r.upper, rule["upper"].toDouble(), 1e-12, 1.0));
            EXPECT_EQ(r.below, static_cast<std::size_t>(rule["below"].toInt()));
            EXPECT_EQ(r.above, static_cast<std::size_t>(rule["above"].toInt()));
            double cappedSum = 0.0;
            std::size_t flagged = 0;
            for (std::size_t i = 0; i < column.size(); ++i) {
                EXPECT_EQ(r.capped[i].has_value(), column[i].has_value());
                if (r.capped[i])
                    cappedSum += *r.capped[i];
                flagged += r.outlier[i] ? 1 : 0;
            }
            EXPECT_EQ(flagged, r.count());
            EXPECT_TRUE(nearRelative(cappedSum, rule["capped_sum"].toDouble(), 1e-11));
        }
    }
}

TEST(Outliers, SmallExampleAndErrors) {
    const NumericColumn column = {1, 2, 3, 4, 100, std::nullopt};
    auto r = detectOutliers(column, OutlierOptions{});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().q1, 2.0);
    EXPECT_EQ(r.value().q3, 4.0);
    EXPECT_EQ(r.value().upper, 7.0);
    EXPECT_EQ(r.value().above, 1u);
    EXPECT_EQ(*r.value().capped[4], 7.0);
    EXPECT_FALSE(r.value().capped[5].has_value());
    EXPECT_EQ(r.value().outlier, (std::vector<char>{0, 0, 0, 0, 1, 0}));

    EXPECT_FALSE(detectOutliers({std::nullopt}, OutlierOptions{}).ok());
    OutlierOptions z;
    z.method = OutlierMethod::ZScore;
    EXPECT_FALSE(detectOutliers({1.0}, z).ok());
    z.zThreshold = 0.0;
    EXPECT_FALSE(detectOutliers({1.0, 2.0}, z).ok());
    auto bad = detectOutliers({1.0, std::nan("")}, OutlierOptions{});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().line, 2);
    // A constant column has no outliers by either rule.
    z.zThreshold = 3.0;
    auto flat = detectOutliers({5.0, 5.0, 5.0}, z);
    ASSERT_TRUE(flat.ok());
    EXPECT_EQ(flat.value().count(), 0u);
}
