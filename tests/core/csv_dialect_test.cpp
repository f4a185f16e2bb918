// Tests of dialect detection: the sample splitter, Excel's "sep=X" line, the delimiter among
// comma, semicolon, tab and pipe, and the header guess; then the same decisions through the reader.

#include "microseg/csv_dialect.h"
#include "microseg/csv_reader.h"
#include "test_util.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace microseg::core {
namespace {

using Rows = std::vector<std::vector<std::string>>;
using Lines = std::vector<std::int64_t>;

TEST(SplitSample, QuotesBlankLinesAndLineEnds) {
    const auto records =
        splitSample("a,\"b,c\"\n\n\"x\"\"y\",2\r\n\"multi\nline\",3\r4,5", ',', '"', 100, true);
    EXPECT_EQ(records, (Rows{{"a", "b,c"}, {"x\"y", "2"}, {"multi\nline", "3"}, {"4", "5"}}));
}

TEST(SplitSample, PartialSampleDropsItsLastRecordAndRespectsTheLimit) {
    EXPECT_EQ(splitSample("a,b\n1,2", ',', '"', 100, false), (Rows{{"a", "b"}}));
    EXPECT_EQ(splitSample("a,b\n1,2", ',', '"', 100, true), (Rows{{"a", "b"}, {"1", "2"}}));
    EXPECT_EQ(splitSample("a,b\n1,\"open", ',', '"', 100, true), (Rows{{"a", "b"}}));
    EXPECT_EQ(splitSample("1\n2\n3\n4\n", ',', '"', 2, true), (Rows{{"1"}, {"2"}}));
}

TEST(ExcelSepLine, RecognisedOnlyAsAWholeFirstLine) {
    std::size_t length = 0;
    EXPECT_EQ(excelSepLine("sep=;\r\na;b\r\n", &length), ';');
    EXPECT_EQ(length, 7u);
    EXPECT_EQ(excelSepLine("SEP=|\nx|y\n", &length), '|');
    EXPECT_EQ(length, 6u);
    EXPECT_EQ(excelSepLine("sep=\t", &length), '\t');
    EXPECT_EQ(length, 5u);
    EXPECT_FALSE(excelSepLine("sep=,x,y\n", &length)); // data that happens to start so
    EXPECT_FALSE(excelSepLine("a,b\nsep=;\n", &length));
    EXPECT_FALSE(excelSepLine("sep=", &length));
}

TEST(DelimiterDetection, EachCandidate) {
    for (char d : {',', ';', '\t', '|'}) {
        std::string sample;
        for (int row = 0; row < 4; ++row)
            sample += "a" + std::to_string(row) + d + "b" + d + "c\n";
        const auto guess = detectDelimiter(sample, '"', true);
        EXPECT_EQ(guess.delimiter, d) << delimiterName(d);
        EXPECT_NE(guess.reason.find(delimiterName(d)), std::string::npos) << guess.reason;
    }
}

TEST(DelimiterDetection, MostConsistentFieldCountWinsOverMostFields) {
    // Semicolon file with decimal commas: comma splits rows unevenly.
    EXPECT_EQ(detectDelimiter("name;price;qty\nx;1,5;2\ny;2,25;3\nz;3;4\n", '"', true).delimiter,
              ';');
    // Semicolons give up to 5 fields but vary; commas give 2 on every row.
    EXPECT_EQ(detectDelimiter("a,b;c;d;e\n1,2;3\n4,5;6;7;8;9\n", '"', true).delimiter, ',');
}

TEST(DelimiterDetection, DelimitersInsideQuotesDoNotCount) {
    EXPECT_EQ(detectDelimiter("\"a;b;c\",d\n\"e;f;g\",h\n", '"', true).delimiter, ',');
    EXPECT_EQ(detectDelimiter("\"a,b,c\"|d\n\"e,f,g\"|h\n", '"', true).delimiter, '|');
}

TEST(DelimiterDetection, OneColumnFallsBackToCommaAndSaysSo) {
    const auto guess = detectDelimiter("email\na@example.org\nb@example.org\n", '"', true);
    EXPECT_EQ(guess.delimiter, ',');
    EXPECT_NE(guess.reason.find("one column"), std::string::npos) << guess.reason;
}

TEST(HeaderDetection, TypedColumnsUnderATextRowMeanHeader) {
    EXPECT_TRUE(detectHeader({{"name", "age"}, {"ann", "31"}, {"bob", "42"}}).hasHeader);
    EXPECT_TRUE(detectHeader({{"when", "n"}, {"2024-01-02", "1"}, {"2024-02-03", "2"}}).hasHeader);
    const auto guess = detectHeader({{"name", "age"}, {"ann", "31"}});
    EXPECT_NE(guess.reason.find("age"), std::string::npos) << guess.reason;
}

TEST(HeaderDetection, FirstRowOfTheSameTypesMeansNoHeader) {
    const auto guess = detectHeader({{"1", "2.5"}, {"3", "4.5"}, {"5", "6"}});
    EXPECT_FALSE(guess.hasHeader);
    EXPECT_FALSE(guess.reason.empty());
}

TEST(HeaderDetection, AllTextOrNothingAssumesHeader) {
    EXPECT_TRUE(detectHeader({{"a", "b"}, {"c", "d"}}).hasHeader);
    EXPECT_TRUE(detectHeader({}).hasHeader);
}

// ---------------------------------------------------------------------------------------------
// Through the reader

TEST(ReaderDialect, DetectsDelimiterAndHeaderAndExplains) {
    const auto r = test::readAll("id;score;name\r\n1;2,5;ann\r\n2;3,75;bob\r\n");
    EXPECT_EQ(r.dialect.delimiter, ';');
    EXPECT_TRUE(r.dialect.hasHeader);
    EXPECT_FALSE(r.dialect.delimiterReason.empty());
    EXPECT_FALSE(r.dialect.headerReason.empty());
    EXPECT_EQ(r.names, (std::vector<std::string>{"id", "score", "name"}));
    EXPECT_EQ(r.rows, (Rows{{"1", "2,5", "ann"}, {"2", "3,75", "bob"}}));
}

TEST(ReaderDialect, TabAndPipeFiles) {
    EXPECT_EQ(test::readAll("a\tb\n1\t\"x\ty\"\n").rows, (Rows{{"1", "x\ty"}}));
    const auto pipe = test::readAll("a|b|c\n1|2|3\n4|5|6\n");
    EXPECT_EQ(pipe.dialect.delimiter, '|');
    EXPECT_EQ(pipe.rows, (Rows{{"1", "2", "3"}, {"4", "5", "6"}}));
}

TEST(ReaderDialect, NumericFirstRowIsData) {
    const auto r = test::readAll("1,2.5\n3,4.5\n");
    EXPECT_FALSE(r.dialect.hasHeader);
    EXPECT_EQ(r.names, (std::vector<std::string>{"column_1", "column_2"}));
    EXPECT_EQ(r.rows, (Rows{{"1", "2.5"}, {"3", "4.5"}}));
    EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2}));
}

TEST(ReaderDialect, ExcelSepLineAfterByteOrderMarkNamesTheDelimiter) {
    const auto r = test::readAll("\xEF\xBB\xBFsep=|\r\na|b,c\r\n1|2,3\r\n");
    EXPECT_TRUE(r.dialect.excelSepLine);
    EXPECT_EQ(r.dialect.delimiter, '|');
    EXPECT_EQ(r.names, (std::vector<std::string>{"a", "b,c"}));
    EXPECT_EQ(r.lines, (std::vector<std::int64_t>{3}));
}

TEST(ReaderDialect, ChosenOptionsOverrideDetectionAndTheSepLine) {
    CsvOptions options;
    options.delimiter = ';';
    options.hasHeader = false;
    const auto r = test::readAll("sep=,\na;b,c\n", options);
    EXPECT_EQ(r.dialect.delimiter, ';');
    EXPECT_EQ(r.dialect.delimiterReason, "chosen by you");
    EXPECT_FALSE(r.dialect.hasHeader);
    EXPECT_EQ(r.rows, (Rows{{"a", "b,c"}})); // the sep line is still not data
    // Any single ASCII byte can be forced, e.g. the record separator.
    options.delimiter = '\x1E';
    EXPECT_EQ(test::readAll("a\x1E"
                            "b\r\nc\x1E"
                            "d",
                            options)
                  .rows,
              (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(ReaderDialect, OtherQuoteCharacter) {
    CsvOptions options;
    options.quote = '\'';
    options.delimiter = ',';
    options.hasHeader = true;
    const auto r = test::readAll("a,b\n'x,y','it''s'\n", options);
    EXPECT_EQ(r.rows, (Rows{{"x,y", "it's"}}));
}

TEST(ReaderDialect, WithoutHeaderColumnsAreNumberedAndTheFirstRowIsData) {
    CsvOptions noHeader;
    noHeader.delimiter = ',';
    noHeader.hasHeader = false;
    const auto r = test::readAll("1,2\n3,4\n", noHeader);
    EXPECT_EQ(r.names, (std::vector<std::string>{"column_1", "column_2"}));
    EXPECT_EQ(r.rows, (Rows{{"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(r.lines, (Lines{1, 2}));
}

TEST(ReaderDialect, ExcelSepLineIsHonouredAndNotData) {
    const auto r = test::readAll("sep=;\r\na;b\r\n1,5;2\r\n");
    EXPECT_TRUE(r.dialect.excelSepLine);
    EXPECT_EQ(r.dialect.delimiter, ';');
    EXPECT_EQ(r.names, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(r.rows, (Rows{{"1,5", "2"}}));
    EXPECT_EQ(r.lines, (Lines{3}));
    ASSERT_EQ(r.diagnostics.count(CsvDiagnostic::Kind::ExcelSepLine), 1);
    EXPECT_EQ(r.diagnostics.items.front().line, 1);
}

} // namespace
} // namespace microseg::core
