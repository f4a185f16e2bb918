#include "microseg/csv_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <unordered_set>

#include "byte_source.h"
#include "microseg/csv_dialect.h"
#include "sha256.h"

namespace microseg::core {
namespace {

constexpr std::size_t kChunkBytes = 1 << 20;       // bytes read per chunk
constexpr std::size_t kSampleChars = 256 * 1024;   // decoded text used for detection
constexpr std::size_t kBinaryProbeBytes = 64 * 1024;

std::string asciiLower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string trimSpaces(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

/// Known binary signatures get a message that says what the file is.
std::optional<std::string> binarySignature(std::string_view head) {
    if (head.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return "This is an Excel 97-2003 workbook (.xls), not a CSV file: save it as CSV from "
               "Excel or LibreOffice first.";
    if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4))
        return "This is a ZIP archive (an .xlsx workbook or a compressed file), not a CSV file: "
               "save or extract it as CSV first.";
    if (head.substr(0, 2) == std::string_view("\x1F\x8B", 2))
        return "This file is gzip-compressed: decompress it first.";
    if (head.substr(0, 16) == std::string_view("SQLite format 3\0", 16))
        return "This is an SQLite database, not a CSV file: open it as a workspace instead.";
    return std::nullopt;
}

} // namespace

CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::open(const std::string& path,
                                                   const CsvOptions& options) {
    auto source = openFileSource(path);
    if (!source)
        return source.error();
    return start(std::move(source.value()), options);
}

Result<std::unique_ptr<CsvReader>> CsvReader::fromBytes(std::string bytes,
                                                        const CsvOptions& options,
                                                        const std::string& name) {
    return start(memorySource(std::move(bytes), name), options);
}

Result<std::unique_ptr<CsvReader>> CsvReader::start(std::unique_ptr<ByteSource> source,
                                                    const CsvOptions& options) {
    std::unique_ptr<CsvReader> reader(new CsvReader());
    reader->m_name = source->name();
    reader->m_source = std::move(source);
    reader->m_sha = std::make_unique<Sha256State>();
    if (Status status = reader->initialise(options); !status)
        return status.error();
    return reader;
}

Status CsvReader::initialise(const CsvOptions& options) {
    auto fail = [&](ErrorCode code, std::string message) {
        return Error{code, std::move(message), m_name, 0, 0, {}};
    };
    m_quote = options.quote;
    m_maxQuotedField = options.maxQuotedFieldBytes;

    std::string head(kChunkBytes, '\0');
    std::size_t got = 0;
    while (got < head.size()) {
        const std::size_t n = m_source->read(head.data() + got, head.size() - got);
        if (n == 0)
            break;
        got += n;
    }
    head.resize(got);
    const bool complete = got < kChunkBytes;
    m_sha->add(head);
    if (head.empty())
        return fail(ErrorCode::EmptyFile, "The file is empty (0 bytes).");
    if (auto signature = binarySignature(head))
        return fail(ErrorCode::BinaryFile, *signature);

    EncodingGuess guess;
    if (options.encoding) {
        guess = {*options.encoding, bomLengthFor(*options.encoding, head), "chosen by you"};
    } else {
        guess = detectEncoding(head, complete);
    }
    const bool utf16 =
        guess.encoding == TextEncoding::Utf16Le || guess.encoding == TextEncoding::Utf16Be;
    if (!utf16) {
        const auto probe = std::string_view(head).substr(0, kBinaryProbeBytes);
        if (const auto nul = probe.find('\0'); nul != std::string_view::npos)
            return fail(ErrorCode::BinaryFile,
                        "The file holds NUL bytes (first at byte " + std::to_string(nul) +
                            "): it looks binary, not like CSV text. If it is UTF-16 text, "
                            "choose that encoding.");
    }
    m_dialect.encoding = guess.encoding;
    m_dialect.bomLength = guess.bomLength;
    m_dialect.encodingReason = guess.reason;
    m_decoder = std::make_unique<TextDecoder>(guess.encoding);
    m_decoder->decode(std::string_view(head).substr(guess.bomLength), m_text, complete);
    m_inputDone = complete;
    collectInvalid();
    while (!m_inputDone && m_text.size() < kSampleChars)
        fillText();

    std::size_t sepLength = 0;
    const auto sep = excelSepLine(m_text, &sepLength);
    // A "sep=" line is not data either: with only blank lines after it the file is empty.
    if (m_inputDone && m_text.find_first_not_of("\r\n", sep ? sepLength : 0) == std::string::npos)
        return fail(ErrorCode::EmptyFile,
                    sep ? "The file holds only an Excel \"sep=\" line and blank lines: there is no "
                          "data."
                        : "The file holds only blank lines: there is no data.");
    if (sep) {
        m_dialect.excelSepLine = true;
        m_pos = sepLength;
        m_line = 2;
        m_diagnostics.add({CsvDiagnostic::Kind::ExcelSepLine, Severity::Info, 1, 0,
                           std::string("Excel \"sep=") + *sep +
                               "\" line honoured and skipped (not data)"});
    }
    const std::string_view sample = std::string_view(m_text).substr(m_pos);
    if (options.delimiter) {
        m_dialect.delimiter = *options.delimiter;
        m_dialect.delimiterReason = "chosen by you";
    } else if (sep) {
        m_dialect.delimiter = *sep;
        m_dialect.delimiterReason = "named by the file's \"sep=\" line";
    } else {
        const auto delimiter = detectDelimiter(sample, m_quote, m_inputDone);
        m_dialect.delimiter = delimiter.delimiter;
        m_dialect.delimiterReason = delimiter.reason;
    }
    if (options.hasHeader) {
        m_dialect.hasHeader = *options.hasHeader;
        m_dialect.headerReason = "chosen by you";
    } else {
        const auto header =
            detectHeader(splitSample(sample, m_dialect.delimiter, m_quote, 50, m_inputDone));
        m_dialect.hasHeader = header.hasHeader;
        m_dialect.headerReason = header.reason;
    }
    for (char c : {m_dialect.delimiter, m_quote, '\r', '\n'})
        m_special[static_cast<unsigned char>(c)] = true;

    if (m_dialect.hasHeader) {
        parseRecord(m_header, m_headerLine);
        m_expectedFields = m_header.size();
    } else if (parseRecord(m_firstRecord, m_firstRecordLine)) {
        m_hasPending = true;
        m_expectedFields = m_firstRecord.size();
    }
    makeNames();
    if (m_sawCrLf + m_sawLf + m_sawCr == 1)
        m_dialect.lineBreak = m_sawCrLf ? LineBreak::CrLf : (m_sawLf ? LineBreak::Lf : LineBreak::Cr);
    return success();
}

void CsvReader::makeNames() {
    m_names.clear();
    std::unordered_set<std::string> used = {"_row"};  // reserved for the row number column
    for (std::size_t i = 0; i < m_expectedFields; ++i) {
        std::string base = i < m_header.size() ? trimSpaces(m_header[i]) : std::string();
        const auto column = static_cast<std::int64_t>(i + 1);
        if (base.empty()) {
            if (m_dialect.hasHeader)
                m_diagnostics.add({CsvDiagnostic::Kind::EmptyHeader, Severity::Warning,
                                   m_headerLine, column,
                                   "Empty header name in column " + std::to_string(column) +
                                       ": named column_" + std::to_string(column)});
            base = "column_" + std::to_string(column);
        }
        std::string name = base;
        // SQLite column names are case-insensitive, so uniqueness is too.
        for (int suffix = 2; used.count(asciiLower(name)); ++suffix)
            name = base + "_" + std::to_string(suffix);
        if (name != base && m_dialect.hasHeader)
            m_diagnostics.add({CsvDiagnostic::Kind::DuplicateHeader, Severity::Warning,
                               m_headerLine, column,
                               "Header \"" + base + "\" repeats: column " +
                                   std::to_string(column) + " renamed \"" + name + "\""});
        used.insert(asciiLower(name));
        m_names.push_back(std::move(name));
    }
}

bool CsvReader::fillText() {
    if (m_inputDone)
        return false;
    // Keep the current record in the buffer (invalid-byte lines are counted from its start).
    if (m_keepFrom > 0 && m_keepFrom >= m_text.size() / 2) {
        m_text.erase(0, m_keepFrom);
        m_textBase += m_keepFrom;
        m_pos -= m_keepFrom;
        m_keepFrom = 0;
    }
    std::string chunk(kChunkBytes, '\0');
    const std::size_t n = m_source->read(chunk.data(), chunk.size());
    chunk.resize(n);
    if (n == 0)
        m_inputDone = true;
    else
        m_sha->add(chunk);
    m_decoder->decode(chunk, m_text, m_inputDone);
    collectInvalid();
    return true;
}

bool CsvReader::ensure(std::size_t count) {
    while (m_text.size() - m_pos < count) {
        if (!fillText())
            return m_text.size() - m_pos >= count;
    }
    return true;
}

void CsvReader::collectInvalid() {
    for (auto& invalid : m_decoder->takeInvalid())
        m_invalid.emplace_back(invalid.outputOffset, std::move(invalid.bytes));
}

void CsvReader::consumeLineBreak() {
    if (m_text[m_pos] == '\r') {
        if (ensure(2) && m_text[m_pos + 1] == '\n') {
            m_pos += 2;
            m_sawCrLf = true;
        } else {
            m_pos += 1;
            m_sawCr = true;
        }
    } else {
        m_pos += 1;
        m_sawLf = true;
    }
    ++m_line;
    if (!m_reportedMixed && (m_sawCrLf + m_sawLf + m_sawCr) > 1) {
        m_reportedMixed = true;
        m_dialect.lineBreak = LineBreak::Mixed;
        m_diagnostics.add({CsvDiagnostic::Kind::MixedLineBreaks, Severity::Warning, m_line - 1, 0,
                           "Line ends are mixed (LF, CRLF or CR): each is read as a line break"});
    }
}

void CsvReader::appendQuoted(std::string& field, std::size_t end) {
    // Line breaks inside quoted fields still advance the physical line count.
    for (std::size_t i = m_pos; i < end; ++i) {
        const char c = m_text[i];
        if (c == '\n') {
            if (!m_pendingCr)
                ++m_line;
            m_pendingCr = false;
        } else {
            m_pendingCr = c == '\r';
            if (m_pendingCr)
                ++m_line;
        }
    }
    field.append(m_text, m_pos, end - m_pos);
    m_pos = end;
}

bool CsvReader::parseRecord(std::vector<std::string>& fields, std::int64_t& startLine) {
    if (m_stopped)
        return false;
    for (;;) {  // skip blank lines
        if (!ensure(1))
            return false;
        const char c = m_text[m_pos];
        if (c != '\n' && c != '\r')
            break;
        m_diagnostics.add({CsvDiagnostic::Kind::BlankLine, Severity::Info, m_line, 0,
                           "Blank line skipped"});
        consumeLineBreak();
    }
    m_keepFrom = m_pos;
    const std::size_t recordStartAbs = m_textBase + m_pos;
    startLine = m_line;
    const char delimiter = m_dialect.delimiter;
    std::size_t count = 0;
    for (;;) {
        if (count == fields.size())
            fields.emplace_back();
        std::string& field = fields[count];
        field.clear();
        const auto column = static_cast<std::int64_t>(count + 1);
        if (ensure(1) && m_text[m_pos] == m_quote) {
            const std::int64_t quoteLine = m_line;
            ++m_pos;
            m_pendingCr = false;
            for (;;) {
                const std::size_t q = m_text.find(m_quote, m_pos);
                if (q == std::string::npos) {
                    appendQuoted(field, m_text.size());
                    const bool runaway = field.size() > m_maxQuotedField;
                    if (runaway || !ensure(1)) {
                        const std::string what =
                            runaway ? "A quoted field grew past " +
                                          std::to_string(m_maxQuotedField >> 20) +
                                          " MiB: the quote opened here is most likely never "
                                          "closed"
                                    : "A quote opened here is never closed";
                        m_diagnostics.add(
                            {CsvDiagnostic::Kind::UnclosedQuote, Severity::Error, quoteLine,
                             column,
                             what + ": the rows before it were kept, the rest of the file (from "
                                    "line " +
                                 std::to_string(quoteLine) + ") was not read"});
                        m_stopped = true;
                        // The unfinished record is not data: a header cut off here must not
                        // become a column name holding the rest of the file.
                        fields.clear();
                        return false;
                    }
                    continue;
                }
                appendQuoted(field, q);
                ++m_pos;  // the quote
                if (ensure(1) && m_text[m_pos] == m_quote) {
                    field += m_quote;  // doubled quote
                    ++m_pos;
                    // A CR before the quotes and an LF after them are two line breaks, not one.
                    m_pendingCr = false;
                    continue;
                }
                break;
            }
            bool trailing = false;
            while (ensure(1)) {
                const char c = m_text[m_pos];
                if (c == delimiter || c == '\r' || c == '\n')
                    break;
                field += c;
                ++m_pos;
                trailing = true;
            }
            if (trailing)
                m_diagnostics.add({CsvDiagnostic::Kind::StrayQuote, Severity::Warning, m_line,
                                   column, "Text after a closing quote was kept in the field"});
        } else {
            bool sawQuote = false;
            for (;;) {
                const char* text = m_text.data();
                const std::size_t n = m_text.size();
                std::size_t i = m_pos;
                while (i < n && !m_special[static_cast<unsigned char>(text[i])])
                    ++i;
                if (i < n && text[i] == m_quote && m_quote != delimiter) {
                    sawQuote = true;  // a quote inside an unquoted field is data
                    field.append(text + m_pos, i + 1 - m_pos);
                    m_pos = i + 1;
                    continue;
                }
                field.append(text + m_pos, i - m_pos);
                m_pos = i;
                if (i < n || !fillText())
                    break;
            }
            if (sawQuote)
                m_diagnostics.add({CsvDiagnostic::Kind::StrayQuote, Severity::Warning, m_line,
                                   column, "A quote inside an unquoted field was kept as text"});
        }
        ++count;
        if (!ensure(1))
            break;  // end of file ends the record
        if (m_text[m_pos] == delimiter) {
            ++m_pos;
            if (!ensure(1)) {  // "a,b," at the very end: one more, empty, field
                if (count == fields.size())
                    fields.emplace_back();
                fields[count].clear();
                ++count;
                break;
            }
            continue;
        }
        consumeLineBreak();
        break;
    }
    fields.resize(count);
    finishRecord(fields, startLine, recordStartAbs);
    m_keepFrom = m_pos;
    return true;
}

void CsvReader::finishRecord(std::vector<std::string>& fields, std::int64_t startLine,
                             std::size_t recordStartAbs) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        auto& field = fields[i];
        if (field.find('\0') == std::string::npos)
            continue;
        field.erase(std::remove(field.begin(), field.end(), '\0'), field.end());
        m_diagnostics.add({CsvDiagnostic::Kind::NulByte, Severity::Warning, startLine,
                           static_cast<std::int64_t>(i + 1), "NUL bytes removed from the field"});
    }
    const std::uint64_t recordEndAbs = m_textBase + m_pos;
    // Invalid sequences come in offset order: count line breaks once, from where the last stopped
    // (rescanning from the record start for each made a long broken field quadratic).
    std::int64_t line = startLine;
    std::size_t scanned = recordStartAbs - m_textBase;
    while (!m_invalid.empty() && m_invalid.front().first < recordEndAbs) {
        const auto& [offset, bytes] = m_invalid.front();
        if (offset >= recordStartAbs) {
            // m_text[to] is the U+FFFD written for the sequence, so m_text[i + 1] exists.
            for (const std::size_t to = offset - m_textBase; scanned < to; ++scanned)
                if (m_text[scanned] == '\n' ||
                    (m_text[scanned] == '\r' && m_text[scanned + 1] != '\n'))
                    ++line;
        }
        std::string hex;
        for (unsigned char b : bytes) {
            hex += "0x";
            hex += "0123456789ABCDEF"[b >> 4];
            hex += "0123456789ABCDEF"[b & 15];
            hex += ' ';
        }
        if (!hex.empty())
            hex.pop_back();
        m_diagnostics.add({CsvDiagnostic::Kind::InvalidEncoding, Severity::Error, line, 0,
                           "Byte " + hex + " is not valid " + encodingName(m_dialect.encoding) +
                               ": stored as U+FFFD; choose another encoding if this is wrong"});
        m_invalid.pop_front();
    }
}

void CsvReader::normalise(CsvRecord& record) {
    // Diagnostics compare with the header's width; padding goes to the table's current width,
    // which long rows may have extended.
    const std::size_t expected = m_expectedFields;
    const std::size_t got = record.fields.size();
    if (got < expected) {
        m_diagnostics.add({CsvDiagnostic::Kind::RaggedShortRow, Severity::Warning, record.line, 0,
                           "Row has " + std::to_string(got) + " field(s), expected " +
                               std::to_string(expected) + ": padded with missing values"});
    } else if (got > expected) {
        m_diagnostics.add({CsvDiagnostic::Kind::RaggedLongRow, Severity::Warning, record.line, 0,
                           "Row has " + std::to_string(got) + " fields, expected " +
                               std::to_string(expected) + ": extra columns added"});
    }
    if (got > m_names.size()) {  // only the first row this long adds names (keeps long rows cheap)
        std::unordered_set<std::string> used;
        for (const auto& name : m_names)
            used.insert(asciiLower(name));
        for (std::size_t i = m_names.size(); i < got; ++i) {
            std::string name = "extra_" + std::to_string(i + 1);
            for (int suffix = 2; used.count(asciiLower(name)); ++suffix)
                name = "extra_" + std::to_string(i + 1) + "_" + std::to_string(suffix);
            used.insert(asciiLower(name));
            m_names.push_back(std::move(name));
        }
    }
    if (record.fields.size() < m_names.size())
        record.fields.resize(m_names.size());
}

bool CsvReader::next(CsvRecord& record) {
    if (m_hasPending) {
        record.fields = std::move(m_firstRecord);
        record.line = m_firstRecordLine;
        m_hasPending = false;
    } else if (!parseRecord(record.fields, record.line)) {
        return false;
    }
    normalise(record);
    return true;
}

double CsvReader::fractionRead() const noexcept {
    const auto size = m_source->size();
    return size == 0 ? 1.0 : double(m_source->consumed()) / double(size);
}

std::uint64_t CsvReader::fileSize() const noexcept { return m_source->size(); }

std::string CsvReader::sha256Hex() const { return m_sha->hex(); }

} // namespace microseg::core
