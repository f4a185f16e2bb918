// Validation rules (flag, fix, drop), categories and units on tables with known answers.
#include "clean_fixtures.h"
#include "microseg/clean/unit_steps.h"
#include "microseg/clean/validation_steps.h"

using namespace microseg::core;
using namespace microseg::core::clean;
using namespace microseg::test;

TEST(CleanValidation, EmailAndPhoneShapes) {
    EXPECT_TRUE(isEmailShape("ada@example.org"));
    EXPECT_TRUE(isEmailShape("first.last+tag@mail.example.co.uk"));
    EXPECT_FALSE(isEmailShape("ada@localhost"));
    EXPECT_FALSE(isEmailShape("ada.example.org"));
    EXPECT_FALSE(isEmailShape("a b@example.org"));
    EXPECT_EQ(fixEmail(" Ada@Example.ORG "), "ada@example.org");
    EXPECT_EQ(fixEmail("mailto:ada@example.org"), "ada@example.org");
    EXPECT_EQ(fixEmail("nobody"), std::nullopt);
    EXPECT_TRUE(isPhoneShape("+44 20 7946 0958"));
    EXPECT_TRUE(isPhoneShape("(030) 123-4567"));
    EXPECT_FALSE(isPhoneShape("12345"));
    EXPECT_FALSE(isPhoneShape("call me"));
    EXPECT_EQ(fixPhone("+44 (0)20 7946 0958 ext"), "+4402079460958");
    EXPECT_EQ(fixPhone("tel. 030 123 4567"), "0301234567");
    EXPECT_EQ(fixPhone("12-34"), std::nullopt);
}

TEST(CleanValidation, FlagWritesReasonsToTheFlagColumnAndCounts) {
    CleanTable table = makeTable({"email"}, {{"ada@example.org"}, {"bad"}, {"~"}, {"x@y"}});
    auto report = runOne(table, step("validate_email", {"email"}));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "quality_issues"),
              (std::vector<std::string>{"~", "email: not an e-mail address", "~", "email: not an e-mail address"}));
    EXPECT_EQ(report.value().counts["violations"].toInt(), 2);
    EXPECT_EQ(cells(table, "email")[1], "bad");  // flag changes nothing else
    // A second rule appends to the same flag column.
    auto second = runOne(table, step("validate_required", {"email"}));
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(cells(table, "quality_issues")[2], "email: missing");
}

TEST(CleanValidation, RangeFixClampsAndDropRemovesRows) {
    CleanTable table = makeTable({"age"}, {{"30"}, {"-2"}, {"140"}, {"abc"}, {"~"}});
    CleanTable copy = table;
    auto fixed = runOne(table, step("validate_range", {"age"}, R"({"min": 0, "max": 120, "action": "fix"})"));
    ASSERT_TRUE(fixed.ok()) << fixed.error().message;
    EXPECT_EQ(cells(table, "age"), (std::vector<std::string>{"30", "0", "120", "~", "~"}));
    EXPECT_EQ(fixed.value().counts["fixed"].toInt(), 2);
    EXPECT_EQ(fixed.value().counts["made_missing"].toInt(), 1);
    auto dropped = runOne(copy, step("validate_range", {"age"}, R"({"min": 0, "max": 120, "action": "drop"})"));
    ASSERT_TRUE(dropped.ok());
    EXPECT_EQ(copy.rowIds(), (std::vector<std::int64_t>{1, 5}));
    EXPECT_EQ(dropped.value().rowsDropped, 3);
}

TEST(CleanValidation, CrossFieldRules) {
    CleanTable table = makeTable({"domain", "email", "birth", "first_order"},
                                 {{"example.org", "ada@example.org", "1990-01-01", "2020-05-01"},
                                  {"example.org", "~", "2021-03-01", "2020-05-01"},
                                  {"~", "~", "1980-01-01", "~"}});
    auto requires_ = runOne(table, step("validate_cross_field", {"domain", "email"}, R"({"rule": "requires"})"));
    ASSERT_TRUE(requires_.ok()) << requires_.error().message;
    auto order = runOne(table, step("validate_cross_field", {"birth", "first_order"},
                                    R"({"rule": "not_after", "action": "fix"})"));
    ASSERT_TRUE(order.ok());
    EXPECT_EQ(cells(table, "quality_issues"), (std::vector<std::string>{"~", "domain: given without email", "~"}));
    EXPECT_EQ(cells(table, "birth"), (std::vector<std::string>{"1990-01-01", "~", "1980-01-01"}));
}

TEST(CleanValidation, RegexRuleAndBadParameters) {
    CleanTable table = makeTable({"zip"}, {{"12345"}, {"1234a"}});
    auto report = runOne(table, step("validate_regex", {"zip"}, R"({"pattern": "[0-9]{5}", "action": "drop"})"));
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(table.rowIds(), (std::vector<std::int64_t>{1}));
    EXPECT_NE(buildError(step("validate_regex", {"zip"}, R"({"pattern": "[0-9"})")).find("not a valid regular expression"),
              std::string::npos);
    EXPECT_NE(buildError(step("validate_email", {"zip"}, R"({"action": "delete"})")).find("\"action\" must be flag, fix or drop"),
              std::string::npos);
    EXPECT_NE(buildError(step("validate_required", {"zip"}, R"({"action": "fix"})")).find("fill_value"), std::string::npos);
}

TEST(CleanCategories, MappingTableToCanonicalValues) {
    CleanTable table = makeTable({"country"}, {{"UK"}, {" u.k. "}, {"United Kingdom"}, {"France"}, {"??"}});
    auto report = runOne(table, step("map_values", {"country"},
                                     R"({"mapping": {"UK": "United Kingdom", "U.K.": "United Kingdom", "??": null},
                                         "ignore_case": true})"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "country"),
              (std::vector<std::string>{"United Kingdom", "United Kingdom", "United Kingdom", "France", "~"}));
    EXPECT_EQ(report.value().counts["country"].toObject()["unmapped"].toInt(), 1);  // France
    EXPECT_EQ(report.value().cellsChanged, 3);
}

TEST(CleanUnits, CurrencyWithRatesTable) {
    CleanTable table = makeTable({"amount", "cur"}, {{"10", "USD"}, {"2.5", "EUR"}, {"3", "JPY"}, {"x", "USD"}});
    auto report = runOne(table, step("convert_currency", {"amount", "cur"},
                                     R"({"target": "EUR", "rates": {"USD": 0.9}, "decimals": 2})"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "amount"), (std::vector<std::string>{"9.00", "2.50", "~", "~"}));
    EXPECT_EQ(cells(table, "cur"), (std::vector<std::string>{"EUR", "EUR", "JPY", "USD"}));
    ASSERT_EQ(report.value().issues.size(), 2u);
    EXPECT_EQ(report.value().issues[0].kind, "not_a_number");
    EXPECT_EQ(report.value().issues[1].kind, "unknown_currency");
    EXPECT_EQ(report.value().issues[1].examples, (std::vector<std::string>{"JPY"}));
}

TEST(CleanUnits, ScalingByUnitsAndFactor) {
    EXPECT_DOUBLE_EQ(*unitFactor("kg", "g"), 1000.0);
    EXPECT_DOUBLE_EQ(*unitFactor("in", "cm"), 2.54);
    EXPECT_DOUBLE_EQ(*unitFactor("lb", "kg"), 0.45359237);
    EXPECT_EQ(unitFactor("kg", "m"), std::nullopt);
    CleanTable table = makeTable({"w"}, {{"1500"}, {"250"}, {"~"}});
    auto report = runOne(table, step("scale_units", {"w"}, R"({"from": "g", "to": "kg"})"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "w"), (std::vector<std::string>{"1.5", "0.25", "~"}));
    EXPECT_EQ(table.find("w")->type, ColumnType::Decimal);
    EXPECT_NE(buildError(step("scale_units", {"w"}, R"({"from": "g", "to": "m"})")).find("cannot convert"), std::string::npos);
}

TEST(CleanNumbers, FixedRoundingIsHalfAwayFromZeroOnTheDecimalText) {
    EXPECT_EQ(formatFixed(2.675, 2), "2.68");
    EXPECT_EQ(formatFixed(-2.5, 0), "-3");
    EXPECT_EQ(formatFixed(9.999, 2), "10.00");
    EXPECT_EQ(formatFixed(-0.001, 2), "0.00");
    EXPECT_EQ(formatNumber(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(parseNumber(" -1.5e3 "), -1500.0);
    EXPECT_EQ(parseNumber("1,5"), std::nullopt);
    EXPECT_EQ(parseNumber("1,5", ','), 1.5);
    EXPECT_EQ(parseNumber("inf"), std::nullopt);
}
