#include "microseg/column_type.h"

#include <gtest/gtest.h>

#include <initializer_list>

using namespace microseg::core;

namespace {
InferredType infer(std::initializer_list<const char*> values) {
    ColumnTypeInferrer inferrer;
    for (const char* value : values)
        inferrer.add(value);
    return inferrer.result();
}
} // namespace

TEST(ColumnType, IntegersIncludingNegativesAndInt64Limits) {
    EXPECT_EQ(infer({"1", "-42", "0", "9223372036854775807", "-9223372036854775808"}).type,
              ColumnType::Integer);
}

TEST(ColumnType, IdentifiersThatLookNumericStayText) {
    const auto zip = infer({"01234", "12345"});
    EXPECT_EQ(zip.type, ColumnType::Text);
    EXPECT_NE(zip.note.find("01234"), std::string::npos);
    EXPECT_EQ(infer({"12345678901234567890"}).type, ColumnType::Text);  // 20 digits
    EXPECT_EQ(infer({"9223372036854775808"}).type, ColumnType::Text);   // past int64
    EXPECT_EQ(infer({"+4930123456", "+441234567"}).type, ColumnType::Text);
}

TEST(ColumnType, DecimalsWithPointOrComma) {
    EXPECT_EQ(infer({"1.5", "2", "-0.25", ".5", "1e3", "2.5E-4"}).type, ColumnType::Decimal);
    const auto comma = infer({"1,5", "2", "-0,25"});
    EXPECT_EQ(comma.type, ColumnType::Decimal);
    EXPECT_EQ(comma.decimalMark, ',');
    EXPECT_EQ(infer({"1,5", "2.5"}).type, ColumnType::Text);  // two marks: not one number format
    EXPECT_EQ(infer({"12", "13"}).decimalMark, '.');
}

TEST(ColumnType, Booleans) {
    EXPECT_EQ(infer({"true", "False", "YES", "no"}).type, ColumnType::Boolean);
    EXPECT_EQ(infer({"Y", "n"}).type, ColumnType::Boolean);
    EXPECT_EQ(infer({"0", "1"}).type, ColumnType::Integer);  // numbers stay numbers
}

TEST(ColumnType, IsoDatesAndDateTimes) {
    const auto date = infer({"2011-12-09", "2010-02-28", "2012-02-29"});
    EXPECT_EQ(date.type, ColumnType::Date);
    EXPECT_EQ(date.dateFormat, "YYYY-MM-DD");
    const auto dateTime = infer({"2010-12-01 09:41:00", "2011-12-09 12:21:00"});
    EXPECT_EQ(dateTime.type, ColumnType::DateTime);
    EXPECT_EQ(dateTime.dateFormat, "YYYY-MM-DD HH:MM:SS");
    const auto iso = infer({"2024-03-01T10:00:00Z", "2024-03-02T11:30:15+01:00"});
    EXPECT_EQ(iso.type, ColumnType::DateTime);
    EXPECT_EQ(iso.dateFormat, "YYYY-MM-DDTHH:MM:SSZ");
    EXPECT_EQ(infer({"2011-02-29"}).type, ColumnType::Text);  // not a leap year
    EXPECT_EQ(infer({"2011-13-01"}).type, ColumnType::Text);
}

TEST(ColumnType, DayFirstMonthFirstAndAmbiguity) {
    const auto dayFirst = infer({"25/12/2020", "01/02/2021"});
    EXPECT_EQ(dayFirst.dateFormat, "DD/MM/YYYY");
    EXPECT_FALSE(dayFirst.ambiguousDayMonth);
    const auto monthFirst = infer({"12/25/2020", "01/02/2021"});
    EXPECT_EQ(monthFirst.dateFormat, "MM/DD/YYYY");
    EXPECT_FALSE(monthFirst.ambiguousDayMonth);
    const auto ambiguous = infer({"01/02/2021", "03/04/2021"});
    EXPECT_EQ(ambiguous.type, ColumnType::Date);
    EXPECT_TRUE(ambiguous.ambiguousDayMonth);
    EXPECT_NE(ambiguous.describe().find("ambiguous"), std::string::npos);
    EXPECT_EQ(infer({"25/12/2020", "12/25/2020"}).type, ColumnType::Text);  // no single reading
    const auto excel = infer({"12/1/2010 8:26", "12/9/2011 12:50"});
    EXPECT_EQ(excel.type, ColumnType::DateTime);
    EXPECT_EQ(excel.dateFormat, "DD/MM/YYYY HH:MM");
    EXPECT_TRUE(excel.ambiguousDayMonth);
    EXPECT_EQ(infer({"21.03.2024", "1.4.2024"}).dateFormat, "DD.MM.YYYY");
    EXPECT_EQ(infer({"3/14/2024 1:05 PM"}).dateFormat, "MM/DD/YYYY HH:MM AM/PM");
}

TEST(ColumnType, MissingValuesDoNotVote) {
    ColumnTypeInferrer inferrer;
    for (const char* value : {"", "  ", "7", "", "8"})
        inferrer.add(value);
    EXPECT_EQ(inferrer.result().type, ColumnType::Integer);
    EXPECT_EQ(inferrer.missing(), 3);
    EXPECT_EQ(inferrer.count(), 5);
    EXPECT_EQ(infer({"", ""}).type, ColumnType::Empty);
}

TEST(ColumnType, MixedValuesAreText) {
    EXPECT_EQ(infer({"12", "abc"}).type, ColumnType::Text);
    EXPECT_EQ(infer({"2020-01-01", "5"}).type, ColumnType::Text);
}

TEST(ColumnType, StorageRoundTrip) {
    InferredType type;
    type.type = ColumnType::DateTime;
    type.dateFormat = "DD/MM/YYYY HH:MM";
    type.ambiguousDayMonth = true;
    type.note = "some values have no time of day";
    const auto back = InferredType::fromStorage(type.toStorage());
    EXPECT_EQ(back.type, type.type);
    EXPECT_EQ(back.dateFormat, type.dateFormat);
    EXPECT_TRUE(back.ambiguousDayMonth);
    EXPECT_EQ(back.note, type.note);
    InferredType comma;
    comma.type = ColumnType::Decimal;
    comma.decimalMark = ',';
    EXPECT_EQ(InferredType::fromStorage(comma.toStorage()).decimalMark, ',');
}
