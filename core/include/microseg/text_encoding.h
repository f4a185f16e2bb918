#pragma once
/// @file text_encoding.h
/// Encoding detection and streaming decoding to UTF-8. Detection rule: a byte-order mark decides
/// (UTF-8, UTF-16 LE/BE); otherwise text that is valid UTF-8 is UTF-8; otherwise windows-1252
/// (where 0x80 is the euro sign). Undecodable bytes are never silently replaced: the decoder
/// writes U+FFFD and records where, so the reader can report the physical line.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace microseg::core {

enum class TextEncoding { Utf8, Utf16Le, Utf16Be, Windows1252, Latin1 };

/// Canonical name ("UTF-8", "UTF-16LE", "UTF-16BE", "windows-1252", "ISO-8859-1").
const char* encodingName(TextEncoding encoding);
/// Parses a name case-insensitively, accepting common aliases ("utf8", "cp1252", "latin1", ...).
std::optional<TextEncoding> encodingFromName(std::string_view name);
/// Every encoding the importer supports, in the order the import dialog lists them.
std::vector<TextEncoding> supportedEncodings();

struct EncodingGuess {
    TextEncoding encoding = TextEncoding::Utf8;
    std::size_t bomLength = 0;  ///< bytes of byte-order mark to skip (0 when none)
    std::string reason;         ///< for people: "UTF-8 byte-order mark", "valid UTF-8", ...
};

/// Guesses the encoding from the first bytes of a file. `complete` tells whether `head` is the
/// whole file (an incomplete trailing UTF-8 sequence is then invalid rather than cut off).
EncodingGuess detectEncoding(std::string_view head, bool complete);

/// Length of the byte-order mark of `encoding` at the start of `head`, 0 if none.
std::size_t bomLengthFor(TextEncoding encoding, std::string_view head);

/// Streaming decoder to UTF-8. Feed chunks in order; a sequence split between chunks is carried
/// over. Each undecodable sequence becomes U+FFFD in the output and is recorded as an offset into
/// the total output produced so far.
class TextDecoder {
public:
    explicit TextDecoder(TextEncoding encoding) : m_encoding(encoding) {}

    /// Appends the UTF-8 form of `bytes` to `out`. `final` flushes a pending partial sequence.
    void decode(std::string_view bytes, std::string& out, bool final);

    struct InvalidSequence {
        std::uint64_t outputOffset;  ///< offset of the U+FFFD in the whole decoded stream
        std::string bytes;           ///< the raw bytes that did not decode
    };
    /// Takes the invalid sequences recorded since the last call.
    std::vector<InvalidSequence> takeInvalid();
    [[nodiscard]] std::uint64_t invalidCount() const noexcept { return m_invalidCount; }
    [[nodiscard]] TextEncoding encoding() const noexcept { return m_encoding; }

private:
    void decodeUtf8(std::string_view bytes, std::string& out, bool final);
    void decodeUtf16(std::string_view bytes, std::string& out, bool final, bool bigEndian);
    void decodeSingleByte(std::string_view bytes, std::string& out);
    void markInvalid(std::string_view bytes, std::string& out);
    /// `input` preceded by the sequence carried over from the last chunk (stored in `joined`).
    std::string_view withPending(std::string_view input, std::string& joined);

    TextEncoding m_encoding;
    std::string m_pending;  ///< incomplete sequence carried to the next chunk
    std::uint64_t m_outputBase = 0;  ///< bytes output before the current decode() call
    std::size_t m_invalidStart = 0;  ///< size of `out` when the current decode() call began
    std::uint64_t m_invalidCount = 0;
    std::vector<InvalidSequence> m_invalid;
};

/// Appends the UTF-8 encoding of code point `cp` to `out`.
void appendUtf8(std::string& out, char32_t cp);
/// True when `text` is entirely valid UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool isValidUtf8(std::string_view text);

} // namespace microseg::core
