// convert_type: explicit formats, canonical output, and values that do not convert reported.
#include "clean_fixtures.h"
#include "microseg/clean/type_steps.h"

using namespace microseg::core;
using namespace microseg::core::clean;
using namespace microseg::test;

namespace {

std::optional<std::string> convert(ColumnType type, std::string_view text, const std::string& dateFormat = {},
                                   char mark = '.', const std::string& thousands = {}) {
    ConversionFormat format;
    format.target = type;
    format.dateFormat = dateFormat;
    format.decimalMark = mark;
    format.thousandsSeparator = thousands;
    auto converter = ValueConverter::create(format);
    EXPECT_TRUE(converter.ok());
    return converter.value().convert(text);
}

} // namespace

TEST(CleanType, NumbersInCanonicalForm) {
    EXPECT_EQ(convert(ColumnType::Integer, " 42 "), "42");
    EXPECT_EQ(convert(ColumnType::Integer, "-7.00"), "-7");
    EXPECT_EQ(convert(ColumnType::Integer, "7.5"), std::nullopt);
    EXPECT_EQ(convert(ColumnType::Integer, "1,234", {}, '.', ","), "1234");
    EXPECT_EQ(convert(ColumnType::Decimal, "3,25", {}, ','), "3.25");
    EXPECT_EQ(convert(ColumnType::Decimal, "1.234,5", {}, ',', "."), "1234.5");
    EXPECT_EQ(convert(ColumnType::Decimal, "1e-7"), "1e-07");
    EXPECT_EQ(convert(ColumnType::Decimal, "12abc"), std::nullopt);
    EXPECT_EQ(convert(ColumnType::Decimal, "nan"), std::nullopt);
}

TEST(CleanType, DatesBecomeIso8601) {
    EXPECT_EQ(convert(ColumnType::Date, "31/12/2020", "DD/MM/YYYY"), "2020-12-31");
    EXPECT_EQ(convert(ColumnType::Date, "12/31/2020", "MM/DD/YYYY"), "2020-12-31");
    EXPECT_EQ(convert(ColumnType::Date, "31/12/2020", "MM/DD/YYYY"), std::nullopt);
    EXPECT_EQ(convert(ColumnType::Date, "29/02/2021", "DD/MM/YYYY"), std::nullopt);  // not a leap year
    EXPECT_EQ(convert(ColumnType::DateTime, "2010-12-01 08:26:00", "YYYY-MM-DD HH:MM:SS"), "2010-12-01T08:26:00");
    EXPECT_EQ(convert(ColumnType::DateTime, "1/2/21 3:04 PM", "DD/MM/YY HH:MM"), "2021-02-01T15:04:00");
    EXPECT_EQ(convert(ColumnType::DateTime, "2020-01-05", "YYYY-MM-DD"), "2020-01-05T00:00:00");
}

TEST(CleanType, BooleansFromConfiguredWords) {
    EXPECT_EQ(convert(ColumnType::Boolean, "Yes"), "true");
    EXPECT_EQ(convert(ColumnType::Boolean, "0"), "false");
    EXPECT_EQ(convert(ColumnType::Boolean, "maybe"), std::nullopt);
}

TEST(CleanType, ValuesThatDoNotConvertAreReportedWithExamples) {
    CleanTable table = makeTable({"age"}, {{"31"}, {"forty"}, {""}, {"~"}, {"29"}, {"forty"}, {"n/a"}});
    auto report = runOne(table, step("convert_type", {"age"}, R"({"to": "integer", "flag_column": "age_raw", "max_invalid_fraction": 0.8})"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "age"), (std::vector<std::string>{"31", "~", "~", "~", "29", "~", "~"}));
    EXPECT_EQ(table.find("age")->type, ColumnType::Integer);
    ASSERT_EQ(report.value().issues.size(), 1u);
    const StepIssue& issue = report.value().issues[0];
    EXPECT_EQ(issue.kind, "not_converted");
    EXPECT_EQ(issue.count, 3);
    EXPECT_EQ(issue.examples, (std::vector<std::string>{"forty", "n/a"}));
    EXPECT_EQ(issue.exampleRows, (std::vector<std::int64_t>{2, 6, 7}));
    EXPECT_NE(issue.message.find("3 of 5 values"), std::string::npos) << issue.message;
    EXPECT_EQ(cells(table, "age_raw"), (std::vector<std::string>{"~", "age: forty", "~", "~", "~", "age: forty", "age: n/a"}));
    EXPECT_EQ(report.value().counts["empty_text_to_missing"].toInt(), 1);
}

TEST(CleanType, TooManyFailuresMeanTheTypeNoLongerFits) {
    CleanTable table = makeTable({"d"}, {{"2020-01-01"}, {"2020-01-02"}, {"03/01/2020"}});
    auto report = runOne(table, step("convert_type", {"d"}, R"({"to": "date", "format": "DD/MM/YYYY"})"));
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.error().message.find("2 of 3 values of column \"d\" are not dates in DD/MM/YYYY"),
              std::string::npos) << report.error().message;
    EXPECT_NE(report.error().message.find("no longer fits"), std::string::npos);
    EXPECT_EQ(cells(table, "d")[0], "2020-01-01");  // the table is unchanged
    auto strict = runOne(table, step("convert_type", {"d"}, R"({"to": "date", "format": "YYYY-MM-DD", "on_invalid": "fail"})"));
    ASSERT_FALSE(strict.ok());
    EXPECT_NE(strict.error().message.find("\"03/01/2020\""), std::string::npos) << strict.error().message;
}

TEST(CleanType, BadParametersNameTheParameter) {
    EXPECT_NE(buildError(step("convert_type", {"d"}, R"({"to": "date"})")).find("\"format\" is required"), std::string::npos);
    EXPECT_NE(buildError(step("convert_type", {"d"}, R"({"to": "integer", "max_invalid_fraction": 1.5})"))
                  .find("parameter \"max_invalid_fraction\" must be a number between 0 and 1"),
              std::string::npos);
    EXPECT_NE(buildError(step("convert_type", {"d"}, R"({"to": "text"})")).find("\"to\" must be integer"), std::string::npos);
    EXPECT_NE(buildError(step("convert_type", {"d"}, R"({"to": "date", "format": "QQ"})")).find("Unknown date format"),
              std::string::npos);
}
