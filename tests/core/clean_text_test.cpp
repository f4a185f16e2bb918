// Text steps on values whose right answer is known by construction.
#include "clean_fixtures.h"
#include "microseg/clean/text_steps.h"

using namespace microseg::core::clean;
using namespace microseg::test;

TEST(CleanText, TrimRemovesAsciiAndUnicodeSpacesAtBothEnds) {
    EXPECT_EQ(trimText("  a b \t"), "a b");
    EXPECT_EQ(trimText("\xC2\xA0" "caf\xC3\xA9\xE3\x80\x80"), "caf\xC3\xA9");  // NBSP, ideographic space
    EXPECT_EQ(trimText("   "), "");
    EXPECT_EQ(trimText("\xC3\xA9"), "\xC3\xA9");  // a non-space multi-byte letter at both ends stays
}

TEST(CleanText, CollapseSpacesMakesOneSpaceOfEachRun) {
    EXPECT_EQ(collapseSpaces("a  b\t\tc\n d"), "a b c d");
    EXPECT_EQ(collapseSpaces("x\xC2\xA0\xC2\xA0y"), "x y");
}

TEST(CleanText, CaseIsUnicodeAware) {
    EXPECT_EQ(changeCase("Stra\xC3\x9F" "e", TextCase::Upper), "STRASSE");
    EXPECT_EQ(changeCase("\xC3\x89T\xC3\x89", TextCase::Lower), "\xC3\xA9t\xC3\xA9");
    EXPECT_EQ(changeCase("jean-luc o'NEIL", TextCase::Title), "Jean-Luc O'neil");
    EXPECT_EQ(changeCase("ABC def", TextCase::Lower), "abc def");
}

TEST(CleanText, NfcComposesDecomposedLetters) {
    const std::string decomposed = "Cafe\xCC\x81";  // e + combining acute
    EXPECT_EQ(normalizeUnicode(decomposed), "Caf\xC3\xA9");
    EXPECT_EQ(normalizeUnicode("\xEF\xAC\x81", NormalForm::Nfkc), "fi");  // the ligature
    EXPECT_EQ(normalizeUnicode("plain"), "plain");
}

TEST(CleanText, RemoveInvisibleDropsZeroWidthAndControls) {
    EXPECT_EQ(removeInvisible("a\xE2\x80\x8B" "b\xEF\xBB\xBF" "c\xC2\xAD" "d\x01" "e"), "abcde");
    EXPECT_EQ(removeInvisible("tab\tand\nline"), "tab\tand\nline");
}

TEST(CleanText, TrimStepCountsOnlyChangedCells) {
    CleanTable table = makeTable({"name"}, {{" a"}, {"b"}, {"~"}, {"c  "}});
    auto report = runOne(table, step("trim", {"name"}));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "name"), (std::vector<std::string>{"a", "b", "~", "c"}));
    EXPECT_EQ(report.value().cellsChanged, 2);
    EXPECT_EQ(report.value().rowsChanged, 2);
}

TEST(CleanText, RegexReplaceUsesCaptureGroups) {
    CleanTable table = makeTable({"date"}, {{"31/12/2020"}, {"1/2/2021"}, {"none"}});
    auto report = runOne(table, step("regex_replace", {"date"},
                                     R"({"pattern": "^(\\d+)/(\\d+)/(\\d{4})$", "replacement": "\\3-\\2-\\1"})"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "date"), (std::vector<std::string>{"2020-12-31", "2021-2-1", "none"}));
    EXPECT_EQ(report.value().cellsChanged, 2);
}

TEST(CleanText, RegexThatDoesNotCompileIsRefusedAtItsStep) {
    const std::string message = buildError(step("regex_replace", {"a"}, R"({"pattern": "(unclosed"})"));
    EXPECT_NE(message.find("step 1 (regex_replace)"), std::string::npos) << message;
    EXPECT_NE(message.find("\"pattern\" is not a valid regular expression"), std::string::npos) << message;
    const std::string group = buildError(step("regex_replace", {"a"}, R"j({"pattern": "(a)", "replacement": "\\2"})j"));
    EXPECT_NE(group.find("group \\2"), std::string::npos) << group;
}

TEST(CleanText, SplitKeepsTheRemainderInTheLastColumn) {
    CleanTable table = makeTable({"name", "x"}, {{"Ada Lovelace King", "1"}, {"Plato", "2"}, {"~", "3"}});
    auto report = runOne(table, step("split_column", {"name"},
                                     R"({"separator": " ", "into": ["first", "last"], "keep_source": false})"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(table.columnNames(), (std::vector<std::string>{"first", "last", "x"}));
    EXPECT_EQ(cells(table, "first"), (std::vector<std::string>{"Ada", "Plato", "~"}));
    EXPECT_EQ(cells(table, "last"), (std::vector<std::string>{"Lovelace King", "~", "~"}));
    EXPECT_EQ(report.value().counts["rows_with_fewer_parts"].toInt(), 1);
}

TEST(CleanText, MergeSkipsEmptyPartsAndKeepsAllMissingAsMissing) {
    CleanTable table = makeTable({"street", "no", "city"},
                                 {{"Main St", "5", "Leeds"}, {"High St", "", "York"}, {"~", "~", "~"}});
    auto report = runOne(table, step("merge_columns", {"street", "no", "city"},
                                     R"({"into": "address", "separator": ", "})"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(cells(table, "address"), (std::vector<std::string>{"Main St, 5, Leeds", "High St, York", "~"}));
    EXPECT_EQ(table.columnNames().back(), "address");
}
