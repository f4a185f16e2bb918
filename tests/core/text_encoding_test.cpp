// Tests of encoding detection and the streaming decoder, then of encodings through the reader
// (UTF-16 with a byte-order mark, windows-1252 without one).

#include "microseg/text_encoding.h"
#include "test_util.h"

#include <chrono>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace microseg::core {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD"; // U+FFFD in UTF-8
constexpr std::size_t kMiB = 1u << 20;           // the reader's chunk size
using Lines = std::vector<std::int64_t>;

Lines invalidLines(const CsvDiagnostics& diagnostics) {
    Lines lines;
    for (const auto& d : diagnostics.items)
        if (d.kind == CsvDiagnostic::Kind::InvalidEncoding)
            lines.push_back(d.line);
    return lines;
}

/// Decodes `bytes` in two chunks cut at `cut`; returns the output and the invalid sequences.
std::string decodeSplit(TextEncoding encoding, const std::string& bytes, std::size_t cut,
                        std::vector<TextDecoder::InvalidSequence>* invalid = nullptr) {
    TextDecoder decoder(encoding);
    std::string out;
    decoder.decode(std::string_view(bytes).substr(0, cut), out, false);
    decoder.decode(std::string_view(bytes).substr(cut), out, true);
    if (invalid)
        *invalid = decoder.takeInvalid();
    return out;
}

std::string decodeWhole(TextEncoding encoding, const std::string& bytes,
                        std::vector<TextDecoder::InvalidSequence>* invalid = nullptr) {
    return decodeSplit(encoding, bytes, bytes.size(), invalid);
}

/// UTF-16 code units of `units`, written little- or big-endian.
std::string utf16(const std::vector<char16_t>& units, bool bigEndian) {
    std::string out;
    for (char16_t u : units) {
        const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
        out += bigEndian ? hi : lo;
        out += bigEndian ? lo : hi;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Detection

TEST(EncodingDetection, ByteOrderMarkDecides) {
    auto g = detectEncoding("\xEF\xBB\xBF"
                            "a,b\n\xFF",
                            true); // a BOM beats the invalid byte
    EXPECT_EQ(g.encoding, TextEncoding::Utf8);
    EXPECT_EQ(g.bomLength, 3u);
    g = detectEncoding(std::string("\xFF\xFE"
                                   "a\0",
                                   4),
                       true);
    EXPECT_EQ(g.encoding, TextEncoding::Utf16Le);
    EXPECT_EQ(g.bomLength, 2u);
    g = detectEncoding(std::string("\xFE\xFF\0a", 4), true);
    EXPECT_EQ(g.encoding, TextEncoding::Utf16Be);
    EXPECT_EQ(g.bomLength, 2u);
    EXPECT_FALSE(g.reason.empty());
}

TEST(EncodingDetection, ValidUtf8ElseWindows1252) {
    EXPECT_EQ(detectEncoding("plain,ascii\n", true).encoding, TextEncoding::Utf8);
    const auto utf8 = detectEncoding("name\nZo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80\n", true);
    EXPECT_EQ(utf8.encoding, TextEncoding::Utf8);
    EXPECT_EQ(utf8.bomLength, 0u);
    const auto cp1252 = detectEncoding("name\nZo\xEB \x96 5 \x80\n", true);
    EXPECT_EQ(cp1252.encoding, TextEncoding::Windows1252);
    EXPECT_NE(cp1252.reason.find("0xEB"), std::string::npos) << cp1252.reason;
}

TEST(EncodingDetection, SequenceCutByTheEndOfAPartialSampleIsNotInvalid) {
    const std::string head = "a,b\nx,\xE2\x82"; // the euro sign's last byte is in the next chunk
    EXPECT_EQ(detectEncoding(head, false).encoding, TextEncoding::Utf8);
    EXPECT_EQ(detectEncoding(head, true).encoding, TextEncoding::Windows1252);
}

TEST(EncodingDetection, Utf16WithoutByteOrderMarkFromItsZeroBytes) {
    const std::u16string text = u"name,city\r\nann,K\u00F3w\r\n";
    const std::vector<char16_t> units(text.begin(), text.end());
    for (bool bigEndian : {false, true}) {
        const auto guess = detectEncoding(utf16(units, bigEndian), true);
        EXPECT_EQ(guess.encoding, bigEndian ? TextEncoding::Utf16Be : TextEncoding::Utf16Le);
        EXPECT_EQ(guess.bomLength, 0u);
        // Read, not refused as binary for its NUL bytes.
        const auto r = test::readAll(utf16(units, bigEndian));
        EXPECT_EQ(r.rows, (std::vector<std::vector<std::string>>{{"ann", "K\xC3\xB3w"}}));
    }
    // A few zero bytes in 8-bit text are not enough to call it UTF-16.
    EXPECT_EQ(detectEncoding(std::string("a,b\n1,\0\n2,3\n4,5\n", 14), true).encoding,
              TextEncoding::Utf8);
}

TEST(EncodingDetection, BomLengthFor) {
    EXPECT_EQ(bomLengthFor(TextEncoding::Utf8, "\xEF\xBB\xBFx"), 3u);
    EXPECT_EQ(bomLengthFor(TextEncoding::Utf8, "x"), 0u);
    EXPECT_EQ(bomLengthFor(TextEncoding::Utf16Le, "\xFF\xFEx"), 2u);
    EXPECT_EQ(bomLengthFor(TextEncoding::Utf16Be, "\xFF\xFEx"), 0u);
    EXPECT_EQ(bomLengthFor(TextEncoding::Windows1252, "\xEF\xBB\xBFx"), 0u);
}

TEST(EncodingNames, CanonicalNamesAndAliasesRoundTrip) {
    for (TextEncoding e : supportedEncodings())
        EXPECT_EQ(encodingFromName(encodingName(e)), e) << encodingName(e);
    EXPECT_EQ(encodingFromName("utf8"), TextEncoding::Utf8);
    EXPECT_EQ(encodingFromName("CP1252"), TextEncoding::Windows1252);
    EXPECT_EQ(encodingFromName("Latin-1"), TextEncoding::Latin1);
    EXPECT_EQ(encodingFromName("utf_16_be"), TextEncoding::Utf16Be);
    EXPECT_FALSE(encodingFromName("ebcdic"));
    EXPECT_EQ(supportedEncodings().size(), 5u);
}

TEST(Utf8, ValidationRejectsOverlongsSurrogatesAndValuesPastTheLastCodePoint) {
    EXPECT_TRUE(isValidUtf8(""));
    EXPECT_TRUE(isValidUtf8("\xC2\x80 \xE0\xA0\x80 \xED\x9F\xBF \xF4\x8F\xBF\xBF"));
    EXPECT_FALSE(isValidUtf8("\xC0\x80"));         // overlong NUL
    EXPECT_FALSE(isValidUtf8("\xE0\x9F\xBF"));     // overlong 3-byte
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));     // surrogate D800
    EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // U+110000
    EXPECT_FALSE(isValidUtf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(isValidUtf8("\xE2\x82"));     // truncated
    EXPECT_FALSE(isValidUtf8("abcdefgh\x80")); // lone continuation after an 8-byte run
}

TEST(Utf8, AppendUtf8EncodesEachLengthBoundary) {
    const std::vector<std::pair<char32_t, std::string>> cases = {{0x7F, "\x7F"},
                                                                 {0x80, "\xC2\x80"},
                                                                 {0x7FF, "\xDF\xBF"},
                                                                 {0x800, "\xE0\xA0\x80"},
                                                                 {0x20AC, "\xE2\x82\xAC"},
                                                                 {0xFFFF, "\xEF\xBF\xBF"},
                                                                 {0x10000, "\xF0\x90\x80\x80"},
                                                                 {0x1F600, "\xF0\x9F\x98\x80"},
                                                                 {0x10FFFF, "\xF4\x8F\xBF\xBF"}};
    for (const auto& [cp, bytes] : cases) {
        std::string out;
        appendUtf8(out, cp);
        EXPECT_EQ(out, bytes) << "U+" << std::hex << static_cast<unsigned>(cp);
    }
}

// ---------------------------------------------------------------------------------------------
// Decoder

TEST(TextDecoder, Utf8SplitAtEveryByteGivesTheSameText) {
    const std::string text = "a\xC3\xA9z \xE2\x82\xAC \xF0\x9F\x98\x80!";
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        std::vector<TextDecoder::InvalidSequence> invalid;
        EXPECT_EQ(decodeSplit(TextEncoding::Utf8, text, cut, &invalid), text) << "cut " << cut;
        EXPECT_TRUE(invalid.empty()) << "cut " << cut;
    }
}

TEST(TextDecoder, InvalidUtf8BecomesReplacementAndIsRecordedWithItsOutputOffset) {
    // "ab" FF "c" | C3 "(" | E2 82 at the very end of the input.
    const std::string bytes = "ab\xFF"
                              "c\xC3(\xE2\x82";
    for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
        std::vector<TextDecoder::InvalidSequence> invalid;
        const std::string out = decodeSplit(TextEncoding::Utf8, bytes, cut, &invalid);
        const std::string r = kReplacement;
        EXPECT_EQ(out, "ab" + r + "c" + r + "(" + r + r) << "cut " << cut;
        ASSERT_EQ(invalid.size(), 4u) << "cut " << cut;
        EXPECT_EQ(invalid[0].outputOffset, 2u);
        EXPECT_EQ(invalid[0].bytes, "\xFF");
        EXPECT_EQ(invalid[1].outputOffset, 6u);
        EXPECT_EQ(invalid[1].bytes, "\xC3");
        EXPECT_EQ(invalid[2].outputOffset, 10u);
        EXPECT_EQ(invalid[3].outputOffset, 13u);
    }
}

TEST(TextDecoder, OffsetsCountEveryEarlierChunk) {
    TextDecoder decoder(TextEncoding::Utf8);
    std::string out;
    decoder.decode("0123456789", out, false);
    out.clear(); // the reader discards parsed text; offsets stay those of the whole stream
    decoder.decode("ab\x80", out, true);
    const auto invalid = decoder.takeInvalid();
    ASSERT_EQ(invalid.size(), 1u);
    EXPECT_EQ(invalid[0].outputOffset, 12u);
    EXPECT_EQ(decoder.invalidCount(), 1u);
    EXPECT_TRUE(decoder.takeInvalid().empty()); // taken once
}

TEST(TextDecoder, Windows1252MapsTheEuroSignAndReportsUndefinedBytes) {
    std::vector<TextDecoder::InvalidSequence> invalid;
    EXPECT_EQ(decodeWhole(TextEncoding::Windows1252, "5 \x80", &invalid), "5 \xE2\x82\xAC");
    EXPECT_TRUE(invalid.empty());
    // Every defined byte 0x80..0x9F maps outside the C1 controls; ë and en dash as in D02.
    EXPECT_EQ(decodeWhole(TextEncoding::Windows1252, "Zo\xEB \x96 \x9F"),
              "Zo\xC3\xAB \xE2\x80\x93 \xC5\xB8");
    for (int b = 0x80; b <= 0x9F; ++b) {
        const std::string out = decodeWhole(TextEncoding::Windows1252, std::string(1, char(b)));
        EXPECT_FALSE(out.size() == 2 && out[0] == '\xC2') << "C1 control for 0x" << std::hex << b;
    }
    // 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined: replaced and reported, not passed through.
    const std::string out = decodeWhole(TextEncoding::Windows1252,
                                        "a\x81"
                                        "b\x9D",
                                        &invalid);
    EXPECT_EQ(out, "a" + kReplacement + "b" + kReplacement);
    ASSERT_EQ(invalid.size(), 2u);
    EXPECT_EQ(invalid[0].bytes, "\x81");
    EXPECT_EQ(invalid[1].outputOffset, 5u);
}

TEST(TextDecoder, Latin1IsTheFirst256CodePoints) {
    EXPECT_EQ(decodeWhole(TextEncoding::Latin1, "\x80\xE9\xFF"), "\xC2\x80\xC3\xA9\xC3\xBF");
}

TEST(TextDecoder, Utf16SurrogatePairSplitAtEveryByte) {
    // "a€😀b": U+1F600 is the pair D83D DE00.
    const std::vector<char16_t> units = {u'a', 0x20AC, 0xD83D, 0xDE00, u'b'};
    const std::string expected = "a\xE2\x82\xAC\xF0\x9F\x98\x80"
                                 "b";
    for (bool bigEndian : {false, true}) {
        const std::string bytes = utf16(units, bigEndian);
        const auto encoding = bigEndian ? TextEncoding::Utf16Be : TextEncoding::Utf16Le;
        for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
            std::vector<TextDecoder::InvalidSequence> invalid;
            EXPECT_EQ(decodeSplit(encoding, bytes, cut, &invalid), expected)
                << (bigEndian ? "BE" : "LE") << " cut " << cut;
            EXPECT_TRUE(invalid.empty());
        }
    }
}

TEST(TextDecoder, Utf16LoneSurrogatesAndOddBytesAreReported) {
    std::vector<TextDecoder::InvalidSequence> invalid;
    // Low surrogate alone, high surrogate followed by a letter, high surrogate at the end.
    const std::string bytes = utf16({0xDE00, u'x', 0xD83D, u'y', 0xD83D}, false);
    EXPECT_EQ(decodeWhole(TextEncoding::Utf16Le, bytes, &invalid),
              kReplacement + "x" + kReplacement + "y" + kReplacement);
    ASSERT_EQ(invalid.size(), 3u);
    EXPECT_EQ(invalid[1].outputOffset, 4u);
    EXPECT_EQ(decodeWhole(TextEncoding::Utf16Le, std::string("a\0b", 3), &invalid),
              "a" + kReplacement);
    ASSERT_EQ(invalid.size(), 1u);
    EXPECT_EQ(invalid[0].bytes, "b");
}

// ---------------------------------------------------------------------------------------------
// Through the reader

TEST(ReaderEncoding, Utf16WithByteOrderMarkIncludingASurrogatePair) {
    for (bool bigEndian : {false, true}) {
        SCOPED_TRACE(bigEndian ? "UTF-16BE" : "UTF-16LE");
        std::vector<char16_t> units = {0xFEFF}; // written in the chosen byte order
        for (char16_t c : std::u16string(u"name,city\r\nK\u00F3w,\"a,\r\n"))
            units.push_back(c);
        units.insert(units.end(), {0xD83D, 0xDE00}); // 😀 inside the quoted field
        for (char16_t c : std::u16string(u"\"\r\nZ,\u20AC\r\n"))
            units.push_back(c);
        const auto r = test::readAll(utf16(units, bigEndian));
        EXPECT_EQ(r.dialect.encoding, bigEndian ? TextEncoding::Utf16Be : TextEncoding::Utf16Le);
        EXPECT_EQ(r.dialect.bomLength, 2u);
        EXPECT_EQ(r.dialect.delimiter, ',');
        EXPECT_EQ(r.names, (std::vector<std::string>{"name", "city"}));
        EXPECT_EQ(r.rows, (std::vector<std::vector<std::string>>{
                              {"K\xC3\xB3w", "a,\r\n\xF0\x9F\x98\x80"}, {"Z", "\xE2\x82\xAC"}}));
        EXPECT_EQ(r.lines, (std::vector<std::int64_t>{2, 4}));
        EXPECT_EQ(r.diagnostics.total(), 0);
    }
}

TEST(ReaderEncoding, Utf16SurrogatePairAndCrLfAcrossChunkBoundaries) {
    // The reader reads 1 MiB of bytes at a time: put a surrogate pair across the first boundary
    // and a CR LF pair across the second, in UTF-16LE with a byte-order mark.
    std::vector<char16_t> units = {0xFEFF};
    auto add = [&](const std::u16string& s) { units.insert(units.end(), s.begin(), s.end()); };
    auto unitAt = [](std::size_t byteOffset) { return byteOffset / 2; }; // BOM is unit 0
    add(u"k,v\r\n");
    std::int64_t rows = 0;
    auto fillTo = [&](std::size_t unit) {
        while (units.size() + 40 < unit) {
            add(u"r,\u00E9t\u00E9\r\n");
            ++rows;
        }
        add(u"p,"); // padding row: its second field ends just before `unit`
        while (units.size() < unit)
            units.push_back(u'p');
        ++rows;
    };
    fillTo(unitAt(kMiB) - 1); // high surrogate in the last unit of chunk 1
    units.insert(units.end(), {0xD83D, 0xDE00});
    add(u"\r\n");
    fillTo(unitAt(2 * kMiB) - 1); // CR in the last unit of chunk 2, LF in chunk 3
    add(u"\r\nlast,\u20AC\r\n");
    rows += 1;
    ASSERT_EQ(units[unitAt(kMiB) - 1], 0xD83D);
    ASSERT_EQ(units[unitAt(2 * kMiB) - 1], u'\r');
    const auto r = test::readAll(utf16(units, false));
    EXPECT_EQ(r.dialect.encoding, TextEncoding::Utf16Le);
    ASSERT_EQ(static_cast<std::int64_t>(r.rows.size()), rows);
    EXPECT_EQ(r.diagnostics.total(), 0);
    EXPECT_EQ(r.rows.back(), (std::vector<std::string>{"last", "\xE2\x82\xAC"}));
    EXPECT_EQ(r.lines.back(), rows + 1);
    // The padding row before the first boundary ends with the emoji.
    bool sawEmoji = false;
    for (const auto& row : r.rows)
        sawEmoji = sawEmoji || row[1].ends_with("p\xF0\x9F\x98\x80");
    EXPECT_TRUE(sawEmoji);
}

TEST(ReaderEncoding, Windows1252EuroSignWithoutByteOrderMark) {
    const auto r = test::readAll("Email,Name\r\nz@example.org,Zo\xEB \x96 5 \x80\r\n");
    EXPECT_EQ(r.dialect.encoding, TextEncoding::Windows1252);
    EXPECT_EQ(r.rows, (std::vector<std::vector<std::string>>{
                          {"z@example.org", "Zo\xC3\xAB \xE2\x80\x93 5 \xE2\x82\xAC"}}));
    EXPECT_EQ(r.diagnostics.count(CsvDiagnostic::Kind::InvalidEncoding), 0);
}

TEST(ReaderEncoding, UndefinedWindows1252ByteIsReportedOnItsLine) {
    const auto r = test::readAll("a,b\n1,\xE9\n2,\"x\ny\x81\"\n3,z\n");
    EXPECT_EQ(r.dialect.encoding, TextEncoding::Windows1252);
    std::vector<std::int64_t> lines;
    for (const auto& d : r.diagnostics.items)
        if (d.kind == CsvDiagnostic::Kind::InvalidEncoding) {
            lines.push_back(d.line);
            EXPECT_NE(d.message.find("0x81"), std::string::npos) << d.message;
        }
    EXPECT_EQ(lines, (std::vector<std::int64_t>{4}));
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[1][1], "x\ny" + kReplacement);
}

TEST(ReaderEncoding, ChosenEncodingOverridesDetection) {
    CsvOptions options;
    options.encoding = TextEncoding::Latin1;
    const auto r = test::readAll("a,b\n1,\x80\n", options);
    EXPECT_EQ(r.dialect.encoding, TextEncoding::Latin1);
    EXPECT_EQ(r.rows, (std::vector<std::vector<std::string>>{{"1", "\xC2\x80"}}));
}

TEST(ReaderEncoding, ManyInvalidBytesAreReportedInLinearTime) {
    // UTF-8 for the first MiB (so detection says UTF-8), then windows-1252: one invalid byte per
    // line, plus a 1 MiB quoted field holding 100k of them. Taking each from the front of a
    // vector, and rescanning the record for each line number, made this take minutes.
    std::string bytes = "a,b\n";
    while (bytes.size() < kMiB + 100)
        bytes += "plain,text\n";
    const auto firstBadLine = static_cast<std::int64_t>((bytes.size() - 4) / 11 + 2);
    std::int64_t lines = firstBadLine;
    while (bytes.size() < 3 * kMiB) {
        bytes += "caf\xE9,x\n";
        ++lines;
    }
    bytes += "big,\"";
    for (int i = 0; i < 100000; ++i)
        bytes += "\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9\n";
    bytes += "\"\n";
    CsvOptions options;
    options.delimiter = ',';
    options.hasHeader = true;
    const auto started = std::chrono::steady_clock::now();
    const auto r = test::readAll(bytes, options);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    EXPECT_EQ(r.dialect.encoding, TextEncoding::Utf8);
    const std::int64_t cp1252Lines = lines - firstBadLine;
    EXPECT_EQ(r.diagnostics.count(CsvDiagnostic::Kind::InvalidEncoding), cp1252Lines + 900000);
    const Lines reported = invalidLines(r.diagnostics);
    ASSERT_FALSE(reported.empty());
    EXPECT_EQ(reported.front(), firstBadLine);
    EXPECT_EQ(r.rows.back()[0], "big");
    EXPECT_EQ(r.lines.back(), lines);
}

} // namespace
} // namespace microseg::core
