// Tests of the streaming CSV reader: RFC 4180 quoting, line ends, diagnostics with their physical
// lines, limits (empty, binary, huge field, many columns), chunk boundaries, a differential test
// against a reference model, progress and hash. Encodings (also through the reader) are tested in
// text_encoding_test.cpp, dialect and header detection in csv_dialect_test.cpp, the shared
// third-party cases in csv_cases_test.cpp.

#include "microseg/csv_reader.h"
#include "test_util.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

namespace microseg::core {
namespace {

using Kind = CsvDiagnostic::Kind;
using Rows = std::vector<std::vector<std::string>>;
using Lines = std::vector<std::int64_t>;

/// Lines of the diagnostics of one kind, in the order reported.
Lines linesOf(const CsvDiagnostics& diagnostics, Kind kind) {
    Lines lines;
    for (const auto& d : diagnostics.items)
        if (d.kind == kind)
            lines.push_back(d.line);
    return lines;
}

CsvOptions commaWithHeader(bool header = true) {
    CsvOptions options;
    options.delimiter = ',';
    options.hasHeader = header;
    return options;
}

// ---------------------------------------------------------------------------------------------
// RFC 4180 quoting and line ends

TEST(CsvReader, QuotedFieldsKeepDelimitersQuotesAndLineBreaks) {
    const auto r = test::readAll("id,text,n\n"
                                 "1,\"a,b\",2\n"
                                 "2,\"say \"\"hi\"\"\",3\n"
                                 "3,\"two\nlines\",4\n"
                                 "4,\"crlf\r\ninside\",5\n"
                                 "5,\"\",6\n",
                                 commaWithHeader());
    EXPECT_EQ(r.names, (std::vector<std::string>{"id", "text", "n"}));
    EXPECT_EQ(r.rows, (Rows{{"1", "a,b", "2"},
                            {"2", "say \"hi\"", "3"},
                            {"3", "two\nlines", "4"},
                            {"4", "crlf\r\ninside", "5"},
                            {"5", "", "6"}}));
    // A record starts on the physical line after the line breaks inside the quotes before it.
    EXPECT_EQ(r.lines, (Lines{2, 3, 4, 6, 8}));
    EXPECT_EQ(r.diagnostics.total(), 0);
}

TEST(CsvReader, LfCrLfAndCrLineEndsGiveTheSameRecords) {
    for (const std::string eol : {"\n", "\r\n", "\r"}) {
        SCOPED_TRACE("line end " + std::to_string(eol.size()) + " byte(s), first " +
                     std::to_string(int(eol[0])));
        const auto r = test::readAll("a,b" + eol + "1,2" + eol + "3,\"x" + eol + "y\"" + eol,
                                     commaWithHeader());
        EXPECT_EQ(r.rows, (Rows{{"1", "2"}, {"3", "x" + eol + "y"}}));
        EXPECT_EQ(r.lines, (Lines{2, 3}));
        EXPECT_EQ(r.diagnostics.total(), 0);
        const LineBreak expected =
            eol == "\n" ? LineBreak::Lf : (eol == "\r\n" ? LineBreak::CrLf : LineBreak::Cr);
        EXPECT_EQ(r.dialect.lineBreak, expected);
    }
}

TEST(CsvReader, FinalLineWithoutLineBreakIsARecord) {
    const auto r = test::readAll("a,b\n1,2\n3,4", commaWithHeader());
    EXPECT_EQ(r.rows, (Rows{{"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(r.lines, (Lines{2, 3}));
    // Also when the last field is quoted or empty.
    EXPECT_EQ(test::readAll("a,b\n1,\"x\"", commaWithHeader()).rows, (Rows{{"1", "x"}}));
    EXPECT_EQ(test::readAll("a,b\n1,", commaWithHeader()).rows, (Rows{{"1", ""}}));
}

TEST(CsvReader, CrThenDoubledQuoteThenLfAreTwoLineBreaks) {
    // Inside quotes, CR "" LF is CR, a quote, LF: two physical line breaks, not one CRLF.
    const auto r = test::readAll("a,b\n\"x\r\"\"\ny\",1\n2,3\n", commaWithHeader());
    EXPECT_EQ(r.rows, (Rows{{"x\r\"\ny", "1"}, {"2", "3"}}));
    EXPECT_EQ(r.lines, (Lines{2, 5}));
}

TEST(CsvReader, MixedLineBreaksAreReportedOnceWithTheirLine) {
    const auto r = test::readAll("a,b\r\n1,2\r\n3,4\n5,6\r7,8\n", commaWithHeader());
    EXPECT_EQ(r.rows, (Rows{{"1", "2"}, {"3", "4"}, {"5", "6"}, {"7", "8"}}));
    EXPECT_EQ(r.lines, (Lines{2, 3, 4, 5}));
    EXPECT_EQ(linesOf(r.diagnostics, Kind::MixedLineBreaks), (Lines{3}));
    EXPECT_EQ(r.dialect.lineBreak, LineBreak::Mixed);
    // Line breaks inside quoted fields are data: they do not make the file mixed.
    const auto quoted = test::readAll("a,b\r\n1,\"x\ny\"\r\n2,3\r\n", commaWithHeader());
    EXPECT_EQ(quoted.diagnostics.count(Kind::MixedLineBreaks), 0);
    EXPECT_EQ(quoted.lines, (Lines{2, 4}));
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

TEST(CsvReader, BlankLinesAreSkippedAndCountedWithTheirLines) {
    auto reader = CsvReader::fromBytes("a,b\n\n1,2\r\n\r\n\r\n3,4\n\n\n", commaWithHeader());
    ASSERT_TRUE(reader) << reader.error().toString();
    CsvRecord record;
    Rows rows;
    Lines lines;
    while (reader.value()->next(record)) {
        rows.push_back(record.fields);
        lines.push_back(record.line);
    }
    EXPECT_EQ(rows, (Rows{{"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(lines, (Lines{3, 6}));
    EXPECT_EQ(linesOf(reader.value()->diagnostics(), Kind::BlankLine), (Lines{2, 4, 5, 7, 8}));
    EXPECT_EQ(reader.value()->blankLines(), 5);
}

TEST(CsvReader, DiagnosticsAreCappedPerKindButCountedExactly) {
    std::string bytes = "a,b\n";
    for (int i = 0; i < 250; ++i)
        bytes += "\n1,2\n";
    const auto r = test::readAll(bytes, commaWithHeader());
    EXPECT_EQ(r.rows.size(), 250u);
    EXPECT_EQ(r.diagnostics.count(Kind::BlankLine), 250);
    EXPECT_EQ(linesOf(r.diagnostics, Kind::BlankLine).size(), CsvDiagnostics::kMaxPerKind);
    EXPECT_EQ(r.diagnostics.total(), 250);
}

TEST(CsvReader, ShortRowsArePaddedAndReported) {
    const auto r = test::readAll("a,b,c\n1,2,3\n4,5\n6\n7,8,9\n", commaWithHeader());
    EXPECT_EQ(r.rows, (Rows{{"1", "2", "3"}, {"4", "5", ""}, {"6", "", ""}, {"7", "8", "9"}}));
    EXPECT_EQ(linesOf(r.diagnostics, Kind::RaggedShortRow), (Lines{3, 4}));
    EXPECT_EQ(r.diagnostics.count(Kind::RaggedLongRow), 0);
}

TEST(CsvReader, LongRowsAddExtraColumnsAndDropNoValue) {
    const auto r = test::readAll("a,b\n1,2\n3,4,5,6\n7,8\n9,10,11\n", commaWithHeader());
    EXPECT_EQ(r.names, (std::vector<std::string>{"a", "b", "extra_3", "extra_4"}));
    ASSERT_EQ(r.rows.size(), 4u);
    EXPECT_EQ(r.rows[1], (std::vector<std::string>{"3", "4", "5", "6"}));
    // Rows after the widening are padded to the new width.
    EXPECT_EQ(r.rows[2], (std::vector<std::string>{"7", "8", "", ""}));
    EXPECT_EQ(r.rows[3], (std::vector<std::string>{"9", "10", "11", ""}));
    EXPECT_EQ(linesOf(r.diagnostics, Kind::RaggedLongRow), (Lines{3, 5}));
    // "7,8" matches the header: it is not short although the table is wider by then.
    EXPECT_EQ(r.diagnostics.count(Kind::RaggedShortRow), 0);
}

TEST(CsvReader, ExtraColumnNamesDoNotCollideWithHeaderNames) {
    const auto r = test::readAll("a,extra_3\n1,2,3\n", commaWithHeader());
    ASSERT_EQ(r.names.size(), 3u);
    EXPECT_EQ(r.names[2], "extra_3_2");
    EXPECT_EQ(r.rows, (Rows{{"1", "2", "3"}}));
}

TEST(CsvReader, UnclosedQuoteKeepsRowsBeforeItAndReportsItsLine) {
    auto reader = CsvReader::fromBytes("a,b\n1,2\n3,\"open\n4,5\n6,7\n", commaWithHeader());
    ASSERT_TRUE(reader) << reader.error().toString();
    CsvRecord record;
    Rows rows;
    while (reader.value()->next(record))
        rows.push_back(record.fields);
    EXPECT_EQ(rows, (Rows{{"1", "2"}}));
    EXPECT_FALSE(reader.value()->next(record)); // stays at the end
    const auto& d = reader.value()->diagnostics();
    ASSERT_EQ(linesOf(d, Kind::UnclosedQuote), (Lines{3}));
    for (const auto& item : d.items)
        if (item.kind == Kind::UnclosedQuote) {
            EXPECT_EQ(item.column, 2);
            EXPECT_EQ(item.severity, Severity::Error);
        }
}

TEST(CsvReader, RunawayQuotedFieldStopsReadingWithoutLoadingTheRest) {
    // A stray opening quote near the top of a large file: the quoted field would swallow the
    // whole file. Past maxQuotedFieldBytes it is reported as unclosed and reading stops.
    std::string bytes = "a,b\n1,2\n3,\"stray\n";
    while (bytes.size() < 8 * (1u << 20))
        bytes += "x,y\n";
    CsvOptions options = commaWithHeader();
    options.maxQuotedFieldBytes = 1u << 20;
    auto reader = CsvReader::fromBytes(bytes, options);
    ASSERT_TRUE(reader) << reader.error().toString();
    CsvRecord record;
    Rows rows;
    while (reader.value()->next(record))
        rows.push_back(record.fields);
    EXPECT_EQ(rows, (Rows{{"1", "2"}}));
    EXPECT_EQ(linesOf(reader.value()->diagnostics(), Kind::UnclosedQuote), (Lines{3}));
    EXPECT_LT(reader.value()->fractionRead(), 0.5); // the rest was never read
    // The default limit is far above the 4 MiB fields real files hold.
    EXPECT_GE(CsvOptions{}.maxQuotedFieldBytes, std::size_t{64} << 20);
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsKeptAndReported) {
    const auto r = test::readAll("a,b\n1,5\"3\n2,x\"y\"z\n", commaWithHeader());
    EXPECT_EQ(r.rows, (Rows{{"1", "5\"3"}, {"2", "x\"y\"z"}}));
    EXPECT_EQ(linesOf(r.diagnostics, Kind::StrayQuote), (Lines{2, 3}));
}

TEST(CsvReader, TextAfterClosingQuoteIsKeptAndReported) {
    const auto r = test::readAll("a,b\n\"ab\"c,d\n\"x\ny\" ,z\n1,2\n", commaWithHeader());
    EXPECT_EQ(r.rows, (Rows{{"abc", "d"}, {"x\ny ", "z"}, {"1", "2"}}));
    EXPECT_EQ(r.lines, (Lines{2, 3, 5}));
    // Reported on the line of the closing quote, where the stray text is.
    EXPECT_EQ(linesOf(r.diagnostics, Kind::StrayQuote), (Lines{2, 4}));
}

TEST(CsvReader, DuplicateAndEmptyHeaderNamesAreMadeUniqueAndReported) {
    const auto r = test::readAll("id,Name,,name,id, id \n1,2,3,4,5,6\n", commaWithHeader());
    EXPECT_EQ(r.names,
              (std::vector<std::string>{"id", "Name", "column_3", "name_2", "id_2", "id_3"}));
    EXPECT_EQ(linesOf(r.diagnostics, Kind::EmptyHeader), (Lines{1}));
    EXPECT_EQ(r.diagnostics.count(Kind::DuplicateHeader), 3);
    std::vector<std::int64_t> columns;
    for (const auto& d : r.diagnostics.items)
        if (d.kind == Kind::DuplicateHeader)
            columns.push_back(d.column);
    EXPECT_EQ(columns, (std::vector<std::int64_t>{4, 5, 6}));
    auto reader = CsvReader::fromBytes("id,,id\n1,2,3\n", commaWithHeader());
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader.value()->originalHeader(), (std::vector<std::string>{"id", "", "id"}));
}

TEST(CsvReader, HeaderDiagnosticsNameTheHeadersOwnLine) {
    // After an Excel sep line the header is line 2; after two blank lines it is line 3.
    const auto sep = test::readAll("sep=,\nid,id\n1,2\n");
    EXPECT_EQ(linesOf(sep.diagnostics, Kind::DuplicateHeader), (Lines{2}));
    const auto blank = test::readAll("\n\nid,,id\n1,2,3\n", commaWithHeader());
    EXPECT_EQ(linesOf(blank.diagnostics, Kind::EmptyHeader), (Lines{3}));
    EXPECT_EQ(linesOf(blank.diagnostics, Kind::DuplicateHeader), (Lines{3}));
    EXPECT_EQ(blank.lines, (Lines{4}));
}

TEST(CsvReader, UnclosedQuoteInTheHeaderGivesNoColumnsRatherThanAJunkName) {
    auto reader = CsvReader::fromBytes("\"id,name\n1,2\n3,4\n", commaWithHeader());
    ASSERT_TRUE(reader) << reader.error().toString();
    EXPECT_TRUE(reader.value()->columnNames().empty());
    EXPECT_TRUE(reader.value()->originalHeader().empty());
    CsvRecord record;
    EXPECT_FALSE(reader.value()->next(record));
    EXPECT_EQ(linesOf(reader.value()->diagnostics(), Kind::UnclosedQuote), (Lines{1}));
}

TEST(CsvReader, NulBytesPastTheBinaryProbeAreRemovedAndReported) {
    std::string bytes = "a,b\n";
    while (bytes.size() < 100 * 1024)
        bytes += "xxxxxxxx,yyyyyyyy\n";
    const auto nulLine = static_cast<std::int64_t>(1 + (bytes.size() - 4) / 18 + 1);
    bytes += std::string("n\0l,z\n", 6);
    const auto r = test::readAll(bytes, commaWithHeader());
    ASSERT_FALSE(r.rows.empty());
    EXPECT_EQ(r.rows.back(), (std::vector<std::string>{"nl", "z"}));
    EXPECT_EQ(linesOf(r.diagnostics, Kind::NulByte), (Lines{nulLine}));
}

// ---------------------------------------------------------------------------------------------
// Files that are not ordinary: a clear result, never a crash or hang

TEST(CsvReader, EmptyInputsFailWithEmptyFile) {
    for (const std::string& bytes :
         {std::string(), std::string("\xEF\xBB\xBF"), std::string("\r\n\r\n"),
          std::string("\n\n\n"), std::string("sep=;\r\n\r\n")}) {
        auto reader = CsvReader::fromBytes(bytes);
        ASSERT_FALSE(reader) << "input of " << bytes.size() << " bytes";
        EXPECT_EQ(reader.error().code, ErrorCode::EmptyFile);
        EXPECT_FALSE(reader.error().message.empty());
    }
}

TEST(CsvReader, BinaryFilesFailWithBinaryFileAndSayWhatTheyAre) {
    struct Case {
        std::string bytes;
        std::string mentions;
    };
    const std::vector<Case> cases = {
        {std::string("PK\x03\x04\x14\x00\x06\x00", 8) + std::string(200, 'x'), ".xlsx"},
        {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(200, '\0'), ".xls"},
        {std::string("\x1F\x8B\x08\x00", 4) + std::string(100, 'z'), "gzip"},
        {std::string("SQLite format 3\0", 16) + std::string(100, '\0'), "SQLite"},
        {std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + std::string(64, '\x01'), "NUL"},
    };
    for (const auto& c : cases) {
        auto reader = CsvReader::fromBytes(c.bytes);
        ASSERT_FALSE(reader) << c.mentions;
        EXPECT_EQ(reader.error().code, ErrorCode::BinaryFile) << c.mentions;
        EXPECT_NE(reader.error().message.find(c.mentions), std::string::npos)
            << reader.error().message;
    }
}

TEST(CsvReader, OpenReportsMissingFilesAndFolders) {
    test::TempDir dir;
    auto missing = CsvReader::open(dir.path("nope.csv"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::FileNotFound);
    auto folder = CsvReader::open(dir.path(""));
    ASSERT_FALSE(folder);
    EXPECT_EQ(folder.error().code, ErrorCode::FileUnreadable);
}

TEST(CsvReader, FourMebibyteFieldsAreReadWhole) {
    const std::size_t size = 4u << 20;
    const std::string unquoted(size, 'u');
    std::string value; // quoted: delimiters, quotes and line breaks inside
    for (std::size_t i = 0; value.size() < size; ++i)
        value += (i % 1000 == 999) ? "\"\n" : "q,";
    std::string encoded = "\"";
    for (char c : value)
        encoded += c == '"' ? std::string("\"\"") : std::string(1, c);
    encoded += '"';
    const auto breaks = std::count(value.begin(), value.end(), '\n');

    const auto started = std::chrono::steady_clock::now();
    const auto r =
        test::readAll("a,b\n" + unquoted + "," + encoded + "\nend,x\n", commaWithHeader());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_TRUE(r.rows[0][0] == unquoted); // not EXPECT_EQ: no 4 MiB failure message
    EXPECT_EQ(r.rows[0][1].size(), value.size());
    EXPECT_TRUE(r.rows[0][1] == value);
    EXPECT_EQ(r.rows[1], (std::vector<std::string>{"end", "x"}));
    EXPECT_EQ(r.lines, (Lines{2, 3 + breaks}));
    EXPECT_EQ(r.diagnostics.total(), 0);
}

TEST(CsvReader, FiveThousandColumnsAreRead) {
    constexpr int kColumns = 5000;
    std::string header, row1, row2;
    for (int i = 0; i < kColumns; ++i) {
        const char* sep = i ? "," : "";
        header += sep + ("h" + std::to_string(i));
        row1 += sep + std::to_string(i);
        row2 += sep + std::to_string(i * 2);
    }
    const auto r = test::readAll(header + "\n" + row1 + "\n" + row2 + "\n");
    EXPECT_EQ(r.dialect.delimiter, ',');
    EXPECT_TRUE(r.dialect.hasHeader);
    ASSERT_EQ(r.names.size(), static_cast<std::size_t>(kColumns));
    EXPECT_EQ(r.names[4999], "h4999");
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.rows[1][4999], "9998");
    EXPECT_EQ(r.diagnostics.total(), 0);
}

// ---------------------------------------------------------------------------------------------
// Chunk boundaries: the reader reads 1 MiB at a time. The input below puts a quote pair, a CRLF,
// a multi-byte character, etc. exactly across each boundary and checks every row and line
// against what the generator wrote.

constexpr std::size_t kMiB = 1u << 20;

/// Writes CSV with CRLF line ends and records what a correct reader must return.
class CsvWriter {
  public:
    struct Field {
        std::string value;
        bool quoted = false;
    };

    void record(const std::vector<Field>& fields) {
        rows.push_back({});
        lines.push_back(m_line);
        bytes += encode(fields);
        for (const auto& f : fields) {
            rows.back().push_back(f.value);
            m_line += lineBreaksIn(f.value);
        }
        ++m_line;
    }
    /// Encodes one record (with its CRLF) as the file holds it.
    static std::string encode(const std::vector<Field>& fields) {
        std::string out;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i)
                out += ',';
            if (!fields[i].quoted) {
                out += fields[i].value;
                continue;
            }
            out += '"';
            for (char c : fields[i].value)
                out += c == '"' ? std::string("\"\"") : std::string(1, c);
            out += '"';
        }
        return out + "\r\n";
    }
    static std::int64_t lineBreaksIn(const std::string& value) {
        std::int64_t n = 0;
        for (std::size_t i = 0; i < value.size(); ++i)
            if (value[i] == '\n' ||
                (value[i] == '\r' && (i + 1 == value.size() || value[i + 1] != '\n')))
                ++n;
        return n;
    }

    std::string bytes;
    Rows rows;
    Lines lines;

  private:
    std::int64_t m_line = 1;
};

/// A record whose `marker` text (a substring of its encoding) must be cut by a chunk boundary
/// after `cutAfter` of its bytes. The first field is padding that moves the record into place.
struct Straddle {
    const char* what;
    std::vector<CsvWriter::Field> rest; ///< fields after the padding field
    std::string marker;
    std::size_t cutAfter;
};

std::vector<Straddle> straddles() {
    return {
        {"CRLF ending a record", {{"b"}, {"c"}}, ",c\r\n", 3},
        {"doubled quote", {{"say \"hi\" now", true}, {"c"}}, "\"\"hi", 1},
        {"doubled quote closing a field", {{"end\"", true}, {"c"}}, "\"\"\",", 2},
        {"closing quote before delimiter", {{"q", true}, {"c"}}, "q\",", 2},
        {"delimiter before opening quote", {{"opened", true}, {"c"}}, ",\"opened", 1},
        {"CRLF inside quotes", {{"two\r\nlines", true}, {"c"}}, "\r\nlines", 1},
        {"LF inside quotes", {{"two\nlines", true}, {"c"}}, "o\nlines", 2},
        {"2-byte UTF-8", {{"caf\xC3\xA9"}, {"c"}}, "\xC3\xA9", 1},
        {"3-byte UTF-8 in quotes", {{"5 \xE2\x82\xAC, ok", true}, {"c"}}, "\xE2\x82\xAC", 2},
        {"4-byte UTF-8, cut after 1", {{"\xF0\x9F\x98\x80"}, {"c"}}, "\xF0\x9F\x98\x80", 1},
        {"4-byte UTF-8, cut after 3", {{"\xF0\x9F\x98\x80"}, {"c"}}, "\xF0\x9F\x98\x80", 3},
        {"empty quoted field", {{"", true}, {"c"}}, ",\"\",c", 2},
    };
}

/// Ordinary records between the boundaries: quoted and unquoted, some with line breaks.
void fill(CsvWriter& writer, std::size_t until, std::mt19937& random) {
    // clang-format off
    static const std::vector<std::string> words = {
        "alpha", "b\u00E9ta", "\u20AC12", "x\"y", "a,b", "l1\r\nl2", "l1\nl2", "\U0001F600", "",
        "plain text", "\"quoted\"", "semi;colon"};
    // clang-format on
    while (writer.bytes.size() + 600 < until) {
        std::vector<CsvWriter::Field> fields;
        for (int i = 0; i < 3; ++i) {
            const std::string& value = words[random() % words.size()];
            const bool needsQuotes = value.find_first_of(",\"\r\n") != std::string::npos;
            fields.push_back({value, needsQuotes || random() % 4 == 0});
        }
        writer.record(fields);
    }
}

TEST(CsvReaderChunks, RecordsStraddlingEveryChunkBoundaryAreExact) {
    std::mt19937 random(20240607);
    CsvWriter writer;
    writer.record({{"p"}, {"t"}, {"u"}}); // header
    const auto kinds = straddles();
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        const std::size_t boundary = (k + 1) * kMiB;
        fill(writer, boundary, random);
        const Straddle& s = kinds[k];
        auto fields = s.rest;
        fields.insert(fields.begin(), CsvWriter::Field{"p"});
        const std::string probe = CsvWriter::encode(fields);
        const std::size_t at = probe.find(s.marker);
        ASSERT_NE(at, std::string::npos) << s.what;
        // Pad the first field so that the marker's cut lands exactly on the boundary.
        const std::size_t cut = writer.bytes.size() + at + s.cutAfter;
        ASSERT_LT(cut, boundary) << s.what;
        fields[0].value += std::string(boundary - cut, 'p');
        writer.record(fields);
        ASSERT_EQ(writer.bytes.substr(boundary - s.cutAfter, s.marker.size()), s.marker) << s.what;
    }
    fill(writer, writer.bytes.size() + 5000, random);

    const auto r = test::readAll(writer.bytes, commaWithHeader());
    EXPECT_EQ(r.dialect.encoding, TextEncoding::Utf8);
    EXPECT_EQ(r.names, (std::vector<std::string>{"p", "t", "u"}));
    const Rows expectedRows(writer.rows.begin() + 1, writer.rows.end());
    const Lines expectedLines(writer.lines.begin() + 1, writer.lines.end());
    ASSERT_EQ(r.rows.size(), expectedRows.size());
    // Compare row by row so that a failure names the first bad record, not a 10 MiB dump.
    for (std::size_t i = 0; i < expectedRows.size(); ++i) {
        ASSERT_EQ(r.rows[i], expectedRows[i]) << "record " << i << " on line " << expectedLines[i];
        ASSERT_EQ(r.lines[i], expectedLines[i]) << "record " << i;
    }
    // Valid input: no invalid bytes, mixed breaks, ragged rows, blank lines or stray quotes.
    EXPECT_EQ(r.diagnostics.total(), 0);
}

TEST(CsvReaderChunks, QuotedFieldSpanningSeveralChunksCountsItsLines) {
    // 2.5 MiB in one quoted field, with CRLF and LF breaks and doubled quotes, then a record.
    std::string value;
    std::int64_t breaks = 0;
    for (int i = 0; value.size() < 5 * kMiB / 2; ++i) {
        value += "line " + std::to_string(i) + " \"q\" ";
        value += (i % 2) ? "\r\n" : "\n";
        ++breaks;
    }
    CsvWriter writer;
    writer.record({{"a"}, {"b"}});
    writer.record({{"1"}, {value, true}});
    writer.record({{"2"}, {"after"}});
    const auto r = test::readAll(writer.bytes, commaWithHeader());
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_TRUE(r.rows[0][1] == value);
    EXPECT_EQ(r.rows[1], (std::vector<std::string>{"2", "after"}));
    EXPECT_EQ(r.lines, (Lines{2, 3 + breaks}));
    EXPECT_EQ(r.diagnostics.total(), 0);
}

// ---------------------------------------------------------------------------------------------
// Invalid bytes found after detection: reported with their physical line

TEST(CsvReaderEncoding, InvalidUtf8AfterTheFirstMebibyteIsReportedOnItsLine) {
    CsvWriter writer;
    writer.record({{"name"}, {"note"}});
    std::int64_t i = 0;
    while (writer.bytes.size() < kMiB + 300 * 1024)
        writer.record({{"r" + std::to_string(i++)}, {"caf\xC3\xA9"}});
    // An invalid byte in an unquoted field, one inside a multi-line quoted field, and a
    // truncated sequence cut by the 2 MiB chunk boundary (the decoder must not carry it over).
    const std::int64_t firstBad = writer.lines.back() + 1;
    writer.record({{"bad1"}, {"x\xFFy"}});
    writer.record({{"bad2"}, {"l1\nl2\nl3 \xC3( end", true}});
    const std::int64_t secondBad = writer.lines.back() + 2;
    while (writer.bytes.size() + 200 < 2 * kMiB)
        writer.record({{"r" + std::to_string(i++)}, {"ok"}});
    // "bad3,ppp...\xE2\x82" with the two bytes as the last of the second chunk.
    const std::size_t pad = 2 * kMiB - 2 - writer.bytes.size() - 5;
    writer.record({{"bad3"}, {std::string(pad, 'p') + "\xE2\x82"}});
    ASSERT_EQ(writer.bytes.substr(2 * kMiB - 2, 4), "\xE2\x82\r\n");
    const std::int64_t thirdBad = writer.lines.back();
    writer.record({{"last"}, {"ok"}});

    const auto r = test::readAll(writer.bytes, commaWithHeader());
    EXPECT_EQ(r.dialect.encoding, TextEncoding::Utf8);
    ASSERT_EQ(r.rows.size(), writer.rows.size() - 1);
    EXPECT_EQ(r.diagnostics.count(Kind::InvalidEncoding), 4); // FF, C3, E2, 82
    EXPECT_EQ(linesOf(r.diagnostics, Kind::InvalidEncoding),
              (Lines{firstBad, secondBad, thirdBad, thirdBad}));
    const std::string replacement = "\xEF\xBF\xBD";
    EXPECT_EQ(r.rows[static_cast<std::size_t>(firstBad - 2)][1], "x" + replacement + "y");
    EXPECT_EQ(r.rows[static_cast<std::size_t>(firstBad - 1)][1],
              "l1\nl2\nl3 " + replacement + "( end");
    EXPECT_EQ(r.rows.back(), (std::vector<std::string>{"last", "ok"}));
}

// ---------------------------------------------------------------------------------------------
// Differential test: random inputs against a small reference model of the documented rules,
// written independently of the reader (its line numbers come from byte offsets, not a counter
// kept while parsing).

struct ModelResult {
    bool emptyFile = false;
    std::size_t columns = 0; ///< header width, widened by long rows
    Rows rows;
    Lines lines, blank, stray, unclosed, invalid, shortRows, longRows;
};

/// 1-based physical line of increasing byte offsets (CRLF, CR and LF are one break each).
class LineAt {
  public:
    explicit LineAt(const std::string& text) : m_text(text) {}
    std::int64_t operator()(std::size_t offset) {
        for (; m_pos < offset; ++m_pos)
            if (m_text[m_pos] == '\n' || (m_text[m_pos] == '\r' && (m_pos + 1 == m_text.size() ||
                                                                    m_text[m_pos + 1] != '\n')))
                ++m_line;
        return m_line;
    }

  private:
    const std::string& m_text;
    std::size_t m_pos = 0;
    std::int64_t m_line = 1;
};

/// The reader's rules with delimiter ',', UTF-8 where 0xFF is the only invalid byte. Without a
/// header the first record sets the expected width.
ModelResult model(const std::string& t, bool header) {
    ModelResult m;
    if (t.find_first_not_of("\r\n") == std::string::npos) {
        m.emptyFile = true;
        return m;
    }
    LineAt lineAt(t);
    const std::size_t n = t.size();
    std::size_t i = 0, expected = 0, reportInvalidUntil = n;
    bool first = true;
    auto isEnd = [&](std::size_t p) { return t[p] == ',' || t[p] == '\r' || t[p] == '\n'; };
    auto take = [&](std::string& f) { // one byte of a field, decoded
        f +=
            static_cast<unsigned char>(t[i]) == 0xFF ? std::string("\xEF\xBF\xBD") : t.substr(i, 1);
        ++i;
    };
    auto lineBreak = [&] { i += (t[i] == '\r' && i + 1 < n && t[i + 1] == '\n') ? 2 : 1; };
    while (i < n) {
        if (t[i] == '\r' || t[i] == '\n') {
            m.blank.push_back(lineAt(i));
            lineBreak();
            continue;
        }
        const std::size_t recordStart = i;
        const std::int64_t line = lineAt(i);
        std::vector<std::string> record;
        for (;;) {
            std::string f;
            if (t[i] == '"') {
                const std::int64_t quoteLine = lineAt(i);
                bool closed = false;
                for (++i; i < n && !closed;) {
                    if (t[i] != '"') {
                        take(f);
                    } else if (i + 1 < n && t[i + 1] == '"') {
                        f += '"';
                        i += 2;
                    } else {
                        closed = true;
                        ++i;
                    }
                }
                if (!closed) {
                    m.unclosed.push_back(quoteLine);
                    reportInvalidUntil = recordStart;
                    break;
                }
                if (i < n && !isEnd(i))
                    m.stray.push_back(lineAt(i));
                while (i < n && !isEnd(i))
                    take(f);
            } else {
                const std::size_t start = i;
                while (i < n && !isEnd(i))
                    take(f);
                if (t.substr(start, i - start).find('"') != std::string::npos)
                    m.stray.push_back(lineAt(start));
            }
            record.push_back(f);
            if (i >= n)
                break;
            if (t[i] != ',') {
                lineBreak();
                break;
            }
            if (++i == n) {
                record.emplace_back(); // "a," at the end: a last, empty field
                break;
            }
        }
        if (!m.unclosed.empty())
            break;
        if (first) {
            expected = m.columns = record.size();
            first = false;
            if (header)
                continue;
        }
        if (record.size() < expected)
            m.shortRows.push_back(line);
        if (record.size() > expected)
            m.longRows.push_back(line);
        m.columns = std::max(m.columns, record.size());
        record.resize(m.columns);
        m.rows.push_back(record);
        m.lines.push_back(line);
    }
    LineAt invalidLine(t);
    for (std::size_t k = 0; k < reportInvalidUntil; ++k)
        if (static_cast<unsigned char>(t[k]) == 0xFF)
            m.invalid.push_back(invalidLine(k));
    return m;
}

std::string escaped(std::string text) {
    for (const auto& [from, to] : {std::pair{"\r", "\\r"}, {"\n", "\\n"}, {"\xFF", "\\xFF"}})
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + 2))
            text.replace(at, 1, to);
    return text;
}

/// Empty when the reader agrees with the model on `text`, else what differs.
std::string compareWithModel(const std::string& text, bool header) {
    const ModelResult m = model(text, header);
    CsvOptions options = commaWithHeader(header);
    options.encoding = TextEncoding::Utf8;
    auto opened = CsvReader::fromBytes(text, options);
    if (!opened)
        return m.emptyFile && opened.error().code == ErrorCode::EmptyFile
                   ? ""
                   : "open failed: " + opened.error().toString();
    if (m.emptyFile)
        return "opened an empty file";
    CsvReader& reader = *opened.value();
    CsvRecord record;
    Rows rows;
    Lines lines;
    while (reader.next(record)) {
        rows.push_back(record.fields);
        lines.push_back(record.line);
    }
    const auto& d = reader.diagnostics();
    // Counts are exact; the items kept are the first kMaxPerKind of each kind.
    auto same = [&](Kind kind, const Lines& expected) {
        const std::size_t kept = std::min(expected.size(), CsvDiagnostics::kMaxPerKind);
        return d.count(kind) == static_cast<std::int64_t>(expected.size()) &&
               linesOf(d, kind) == Lines(expected.begin(), expected.begin() + kept);
    };
    std::string diff;
    diff += rows == m.rows ? "" : " rows";
    diff += lines == m.lines ? "" : " lines";
    diff += same(Kind::BlankLine, m.blank) ? "" : " blank";
    diff += same(Kind::StrayQuote, m.stray) ? "" : " stray";
    diff += same(Kind::UnclosedQuote, m.unclosed) ? "" : " unclosed";
    diff += same(Kind::InvalidEncoding, m.invalid) ? "" : " invalid";
    diff += same(Kind::RaggedShortRow, m.shortRows) ? "" : " short";
    diff += same(Kind::RaggedLongRow, m.longRows) ? "" : " long";
    diff += reader.columnNames().size() == m.columns ? "" : " columns";
    return diff;
}

std::string randomCsv(std::mt19937& random, int pieces) {
    static const char* const kPieces[] = {"a", ",",    "\"",   "\r",   "\n",
                                          " ", "\r\n", "\"\"", "\xFF", "\xC3\xA9"};
    std::string text;
    for (int k = 0; k < pieces; ++k)
        text += kPieces[random() % std::size(kPieces)];
    return text;
}

TEST(CsvReaderModel, SmallRandomInputsFollowTheRules) {
    std::mt19937 random(4180);
    for (int iteration = 0; iteration < 20000; ++iteration) {
        const std::string text = randomCsv(random, static_cast<int>(random() % 30));
        const bool header = iteration % 2 == 1;
        const std::string diff = compareWithModel(text, header);
        ASSERT_EQ(diff, "") << "input \"" << escaped(text) << "\""
                            << (header ? " with header" : "");
    }
}

TEST(CsvReaderModel, MalformedRecordsAcrossChunkBoundariesFollowTheRules) {
    // Random complete records (no unclosed quote) joined into 3 MiB: stray quotes, trailing text,
    // blank lines and invalid bytes then fall on the chunk boundaries too.
    std::mt19937 random(1252);
    std::string text;
    while (text.size() < 3 * kMiB) {
        std::string piece = randomCsv(random, 1 + static_cast<int>(random() % 40));
        if (model(piece, false).unclosed.empty())
            text += piece + "\n";
    }
    EXPECT_EQ(compareWithModel(text, true), "");
}

// ---------------------------------------------------------------------------------------------
// Streaming, progress and fingerprint

TEST(CsvReader, ReadsInChunksAndFractionReadReachesOne) {
    test::TempDir dir;
    std::string bytes = "a,b\n";
    while (bytes.size() < 3 * kMiB)
        bytes += "1234567,abcdefgh\n";
    const std::string path = dir.path("big.csv");
    test::writeFile(path, bytes);
    auto opened = CsvReader::open(path, commaWithHeader());
    ASSERT_TRUE(opened) << opened.error().toString();
    auto& reader = *opened.value();
    EXPECT_EQ(reader.fileSize(), bytes.size());
    // Opening reads the first chunk only, not the whole file.
    EXPECT_LT(reader.fractionRead(), 0.5);
    EXPECT_GT(reader.fractionRead(), 0.0);
    CsvRecord record;
    double last = 0.0;
    std::int64_t rows = 0;
    while (reader.next(record)) {
        EXPECT_GE(reader.fractionRead(), last);
        last = reader.fractionRead();
        ++rows;
    }
    EXPECT_EQ(rows, static_cast<std::int64_t>((bytes.size() - 4) / 17));
    EXPECT_DOUBLE_EQ(reader.fractionRead(), 1.0);
}

TEST(CsvReader, Sha256OfEveryByteRead) {
    // Expected values from `printf 'name,age\r\nAda,36\r\n' | sha256sum`.
    auto reader = CsvReader::fromBytes("name,age\r\nAda,36\r\n");
    ASSERT_TRUE(reader);
    for (CsvRecord record; reader.value()->next(record);)
        EXPECT_EQ(record.fields.size(), 2u);
    EXPECT_EQ(reader.value()->sha256Hex(),
              "ede74721316fddcd2e8ddad491b07c436fc4e1b9e84c49042e5a517b52147aef");
    EXPECT_EQ(reader.value()->fileSize(), 18u);
    EXPECT_DOUBLE_EQ(reader.value()->fractionRead(), 1.0);
}

} // namespace
} // namespace microseg::core
