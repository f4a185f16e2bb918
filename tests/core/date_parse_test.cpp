#include "microseg/date_parse.h"

#include <gtest/gtest.h>

using namespace microseg::core;

namespace {

DateParser parser(const char* format) {
    auto made = DateParser::forFormat(format);
    EXPECT_TRUE(made.ok()) << format;
    return made.value();
}

DateTimeValue at(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
    return {daysFromCivil(y, m, d), hh * 3600 + mm * 60 + ss};
}

} // namespace

TEST(DateParse, DayNumbersMatchTheCalendar) {
    EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
    EXPECT_EQ(daysFromCivil(2000, 3, 1), 11017);
    EXPECT_EQ(daysFromCivil(2011, 12, 10), 15318); // Python: date(2011,12,10).toordinal()-719163
    EXPECT_EQ(daysFromCivil(1969, 12, 31), -1);
    EXPECT_EQ(isoDate(15318), "2011-12-10");
    EXPECT_EQ(isoDate(-1), "1969-12-31");
    EXPECT_EQ(isoDate(daysFromCivil(2024, 2, 29)), "2024-02-29");
    EXPECT_EQ(parseIsoDay("2011-12-10"), 15318);
    EXPECT_FALSE(parseIsoDay("2011-02-30").has_value());
    EXPECT_FALSE(parseIsoDay("10/12/2011").has_value());
}

TEST(DateParse, IsoWithAndWithoutTime) {
    const auto p = parser("YYYY-MM-DD HH:MM:SS");
    EXPECT_EQ(p.parse("2010-12-01 08:26:00"), at(2010, 12, 1, 8, 26));
    EXPECT_EQ(p.parse("2010-12-01"), at(2010, 12, 1)); // time optional per value
    EXPECT_EQ(p.parse(" 2010-12-01 23:59:59 "), at(2010, 12, 1, 23, 59, 59));
    EXPECT_EQ(p.parse("2010-12-01T08:26"), at(2010, 12, 1, 8, 26));
    EXPECT_EQ(p.parse("2010-12-01 08:26:00.250"), at(2010, 12, 1, 8, 26));
    EXPECT_FALSE(p.parse("2010-13-01").has_value());
    EXPECT_FALSE(p.parse("2010-02-29").has_value());
    EXPECT_FALSE(p.parse("2010-12-01 24:00").has_value());
    EXPECT_FALSE(p.parse("2010/12/01").has_value()); // other separator
    EXPECT_FALSE(p.parse("").has_value());
    EXPECT_FALSE(p.parse("yesterday").has_value());
    EXPECT_FALSE(p.parse("2010-12-01 8:26 PM").has_value());
}

TEST(DateParse, IsoZonesAreConvertedToUtc) {
    const auto p = parser("YYYY-MM-DDTHH:MM:SSZ");
    EXPECT_EQ(p.parse("2020-01-01T00:30:00Z"), at(2020, 1, 1, 0, 30));
    EXPECT_EQ(p.parse("2020-01-01T00:30:00+01:00"), at(2019, 12, 31, 23, 30));
    EXPECT_EQ(p.parse("2020-01-01T23:30:00-0100"), at(2020, 1, 2, 0, 30));
}

TEST(DateParse, DayFirstAndMonthFirst) {
    const auto dmy = parser("DD/MM/YYYY HH:MM");
    EXPECT_EQ(dmy.parse("01/12/2010 08:26"), at(2010, 12, 1, 8, 26));
    EXPECT_EQ(dmy.parse("1/12/2010 8:26"), at(2010, 12, 1, 8, 26));
    EXPECT_FALSE(dmy.parse("12/31/2010").has_value());
    const auto mdy = parser("MM/DD/YYYY");
    EXPECT_EQ(mdy.parse("12/1/2010 8:26"), at(2010, 12, 1, 8, 26)); // the Kaggle CSV's form
    EXPECT_EQ(mdy.parse("2/29/2012"), at(2012, 2, 29));
    EXPECT_FALSE(mdy.parse("2/29/2011").has_value());
    const auto dotted = parser("DD.MM.YYYY");
    EXPECT_EQ(dotted.parse("24.12.2023"), at(2023, 12, 24));
    const auto dashed = parser("DD-MM-YYYY");
    EXPECT_EQ(dashed.parse("04-09-2012"), at(2012, 9, 4)); // marketing_campaign's Dt_Customer
}

TEST(DateParse, TwoDigitYearsFollowPosix) {
    const auto p = parser("DD/MM/YY");
    EXPECT_EQ(p.parse("01/02/68"), at(2068, 2, 1));
    EXPECT_EQ(p.parse("01/02/69"), at(1969, 2, 1));
    EXPECT_EQ(p.parse("01/02/99"), at(1999, 2, 1));
    EXPECT_EQ(p.parse("01/02/00"), at(2000, 2, 1));
    EXPECT_FALSE(p.parse("01/02/123").has_value());
}

TEST(DateParse, AmPm) {
    const auto p = parser("MM/DD/YYYY HH:MM AM/PM");
    EXPECT_EQ(p.parse("12/1/2010 12:05 AM"), at(2010, 12, 1, 0, 5));
    EXPECT_EQ(p.parse("12/1/2010 12:05 PM"), at(2010, 12, 1, 12, 5));
    EXPECT_EQ(p.parse("12/1/2010 1:05:09 pm"), at(2010, 12, 1, 13, 5, 9));
    EXPECT_EQ(p.parse("12/1/2010 11:59PM"), at(2010, 12, 1, 23, 59));
    EXPECT_FALSE(p.parse("12/1/2010 13:05 PM").has_value());
    EXPECT_FALSE(p.parse("12/1/2010 0:05 AM").has_value());
}

TEST(DateParse, FormatsFromInferredTypes) {
    for (const char* value :
         {"2011-12-09 12:50:00", "09/12/2011 12:50", "12/31/2011", "31.12.11", "2011/12/09"}) {
        ColumnTypeInferrer inferrer;
        inferrer.add(value);
        const InferredType type = inferrer.result();
        auto p = DateParser::forType(type);
        ASSERT_TRUE(p.ok()) << value << " " << type.describe();
        EXPECT_TRUE(p.value().parse(value).has_value()) << value << " as " << type.dateFormat;
    }
    InferredType text;
    text.type = ColumnType::Text;
    auto refused = DateParser::forType(text);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("not dates"), std::string::npos);
    EXPECT_FALSE(DateParser::forFormat("HH:MM").ok());
    EXPECT_FALSE(DateParser::forFormat("DD/DD/YYYY").ok());
}
