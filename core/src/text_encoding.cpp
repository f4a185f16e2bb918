#include "microseg/text_encoding.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace microseg::core {
namespace {

// windows-1252 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/// Length of the valid UTF-8 sequence at p (1..4), 0 if invalid, -1 if cut off by the end.
int utf8SequenceLength(const unsigned char* p, std::size_t available) {
    const unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    int length = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0)
            lo = 0xA0;  // no overlongs
        if (c == 0xED)
            hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;  // nothing past U+10FFFF
    } else {
        return 0;
    }
    for (int i = 1; i < length; ++i) {
        if (static_cast<std::size_t>(i) >= available)
            return -1;
        const unsigned char b = p[i];
        const unsigned char low = (i == 1) ? lo : 0x80;
        const unsigned char high = (i == 1) ? hi : 0xBF;
        if (b < low || b > high)
            return 0;
    }
    return length;
}

/// Position of the first non-ASCII byte at or after `i`, 8 bytes at a time.
std::size_t skipAscii(const unsigned char* data, std::size_t i, std::size_t n) {
    while (i + 8 <= n) {
        std::uint64_t word;
        std::memcpy(&word, data + i, 8);
        if (word & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    while (i < n && data[i] < 0x80)
        ++i;
    return i;
}

std::string lower(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != '-' && c != '_' && c != ' ')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool looksLikeUtf16WithoutBom(std::string_view head, bool& bigEndian) {
    // ASCII-heavy UTF-16 text has a zero in every other byte; real 8-bit text has almost none.
    const std::size_t pairs = std::min<std::size_t>(head.size() / 2, 4096);
    if (pairs < 4)
        return false;
    std::size_t zeroEven = 0, zeroOdd = 0;
    for (std::size_t i = 0; i < pairs; ++i) {
        zeroEven += head[2 * i] == '\0';
        zeroOdd += head[2 * i + 1] == '\0';
    }
    if (zeroOdd * 10 >= pairs * 7 && zeroEven * 10 < pairs) {
        bigEndian = false;
        return true;
    }
    if (zeroEven * 10 >= pairs * 7 && zeroOdd * 10 < pairs) {
        bigEndian = true;
        return true;
    }
    return false;
}

} // namespace

const char* encodingName(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::Utf8: return "UTF-8";
    case TextEncoding::Utf16Le: return "UTF-16LE";
    case TextEncoding::Utf16Be: return "UTF-16BE";
    case TextEncoding::Windows1252: return "windows-1252";
    case TextEncoding::Latin1: return "ISO-8859-1";
    }
    return "UTF-8";
}

std::optional<TextEncoding> encodingFromName(std::string_view name) {
    const std::string key = lower(name);
    if (key == "utf8")
        return TextEncoding::Utf8;
    if (key == "utf16le" || key == "utf16")
        return TextEncoding::Utf16Le;
    if (key == "utf16be")
        return TextEncoding::Utf16Be;
    if (key == "windows1252" || key == "cp1252" || key == "win1252" || key == "ansi")
        return TextEncoding::Windows1252;
    if (key == "iso88591" || key == "latin1" || key == "l1")
        return TextEncoding::Latin1;
    return std::nullopt;
}

std::vector<TextEncoding> supportedEncodings() {
    return {TextEncoding::Utf8, TextEncoding::Windows1252, TextEncoding::Latin1,
            TextEncoding::Utf16Le, TextEncoding::Utf16Be};
}

std::size_t bomLengthFor(TextEncoding encoding, std::string_view head) {
    auto starts = [&](std::string_view bom) { return head.substr(0, bom.size()) == bom; };
    switch (encoding) {
    case TextEncoding::Utf8: return starts("\xEF\xBB\xBF") ? 3 : 0;
    case TextEncoding::Utf16Le: return starts("\xFF\xFE") ? 2 : 0;
    case TextEncoding::Utf16Be: return starts("\xFE\xFF") ? 2 : 0;
    default: return 0;
    }
}

EncodingGuess detectEncoding(std::string_view head, bool complete) {
    if (head.substr(0, 3) == "\xEF\xBB\xBF")
        return {TextEncoding::Utf8, 3, "UTF-8 byte-order mark"};
    if (head.substr(0, 2) == "\xFF\xFE")
        return {TextEncoding::Utf16Le, 2, "UTF-16LE byte-order mark"};
    if (head.substr(0, 2) == "\xFE\xFF")
        return {TextEncoding::Utf16Be, 2, "UTF-16BE byte-order mark"};
    bool bigEndian = false;
    if (looksLikeUtf16WithoutBom(head, bigEndian))
        return {bigEndian ? TextEncoding::Utf16Be : TextEncoding::Utf16Le, 0,
                "every other byte is zero (UTF-16 without byte-order mark)"};

    const auto* data = reinterpret_cast<const unsigned char*>(head.data());
    const std::size_t n = head.size();
    bool ascii = true;
    for (std::size_t i = skipAscii(data, 0, n); i < n; i = skipAscii(data, i, n)) {
        ascii = false;
        const int length = utf8SequenceLength(data + i, n - i);
        if (length == -1 && !complete)
            break;  // cut off by the end of the sample, not invalid
        if (length <= 0)
            return {TextEncoding::Windows1252, 0,
                    "not valid UTF-8 (byte 0x" +
                        std::string{"0123456789ABCDEF"[data[i] >> 4]} +
                        std::string{"0123456789ABCDEF"[data[i] & 15]} + " at offset " +
                        std::to_string(i) + "), read as windows-1252"};
        i += static_cast<std::size_t>(length);
    }
    return {TextEncoding::Utf8, 0, ascii ? "plain ASCII (read as UTF-8)" : "valid UTF-8"};
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool isValidUtf8(std::string_view text) {
    const auto* data = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = skipAscii(data, 0, n); i < n; i = skipAscii(data, i, n)) {
        const int length = utf8SequenceLength(data + i, n - i);
        if (length <= 0)
            return false;
        i += static_cast<std::size_t>(length);
    }
    return true;
}

void TextDecoder::decode(std::string_view bytes, std::string& out, bool final) {
    const std::size_t start = out.size();
    m_invalidStart = start;
    switch (m_encoding) {
    case TextEncoding::Utf8: decodeUtf8(bytes, out, final); break;
    case TextEncoding::Utf16Le: decodeUtf16(bytes, out, final, false); break;
    case TextEncoding::Utf16Be: decodeUtf16(bytes, out, final, true); break;
    case TextEncoding::Windows1252:
    case TextEncoding::Latin1: decodeSingleByte(bytes, out); break;
    }
    m_outputBase += out.size() - start;
}

std::vector<TextDecoder::InvalidSequence> TextDecoder::takeInvalid() {
    std::vector<InvalidSequence> taken;
    taken.swap(m_invalid);
    return taken;
}

void TextDecoder::markInvalid(std::string_view bytes, std::string& out) {
    m_invalid.push_back({m_outputBase + (out.size() - m_invalidStart), std::string(bytes)});
    ++m_invalidCount;
    appendUtf8(out, 0xFFFD);
}

std::string_view TextDecoder::withPending(std::string_view input, std::string& joined) {
    if (m_pending.empty())
        return input;
    joined = m_pending + std::string(input);
    m_pending.clear();
    return joined;
}

void TextDecoder::decodeUtf8(std::string_view input, std::string& out, bool final) {
    std::string joined;
    input = withPending(input, joined);
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    const std::size_t n = input.size();
    std::size_t i = 0;
    std::size_t runStart = 0;  // valid bytes are copied in runs, not one by one
    while (i < n) {
        i = skipAscii(data, i, n);
        if (i >= n)
            break;
        const int length = utf8SequenceLength(data + i, n - i);
        if (length > 0) {
            i += static_cast<std::size_t>(length);
            continue;
        }
        out.append(input.data() + runStart, i - runStart);
        if (length == -1 && !final) {
            m_pending.assign(input.data() + i, n - i);
            return;
        }
        // One invalid byte at a time, like the WHATWG decoder's maximal-subpart rule in spirit.
        markInvalid(input.substr(i, 1), out);
        ++i;
        runStart = i;
    }
    out.append(input.data() + runStart, n - runStart);
}

void TextDecoder::decodeUtf16(std::string_view input, std::string& out, bool final,
                              bool bigEndian) {
    std::string joined;
    input = withPending(input, joined);
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    const std::size_t n = input.size();
    auto unit = [&](std::size_t i) -> char16_t {
        return bigEndian ? static_cast<char16_t>((data[i] << 8) | data[i + 1])
                         : static_cast<char16_t>((data[i + 1] << 8) | data[i]);
    };
    std::size_t i = 0;
    while (i + 1 < n) {
        const char16_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= n) {
                if (!final)
                    break;  // the low surrogate is in the next chunk
                markInvalid(input.substr(i, 2), out);
                i += 2;
                continue;
            }
            const char16_t low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                appendUtf8(out, 0x10000 + ((char32_t(u) - 0xD800) << 10) + (low - 0xDC00));
                i += 4;
            } else {
                markInvalid(input.substr(i, 2), out);
                i += 2;
            }
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            markInvalid(input.substr(i, 2), out);
            i += 2;
        } else {
            appendUtf8(out, u);
            i += 2;
        }
    }
    if (i < n) {
        if (final)
            markInvalid(input.substr(i), out);
        else
            m_pending.assign(input.data() + i, n - i);
    }
}

void TextDecoder::decodeSingleByte(std::string_view input, std::string& out) {
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    const std::size_t n = input.size();
    out.reserve(out.size() + n + n / 8);
    std::size_t i = 0;
    while (i < n) {
        const std::size_t asciiEnd = skipAscii(data, i, n);
        out.append(input.data() + i, asciiEnd - i);
        i = asciiEnd;
        if (i >= n)
            break;
        const unsigned char c = data[i];
        if (m_encoding == TextEncoding::Windows1252 && c >= 0x80 && c <= 0x9F) {
            const char16_t cp = kCp1252High[c - 0x80];
            if (cp == 0)
                markInvalid(input.substr(i, 1), out);
            else
                appendUtf8(out, cp);
        } else {
            appendUtf8(out, c);  // Latin-1 is the first 256 code points
        }
        ++i;
    }
}

} // namespace microseg::core
