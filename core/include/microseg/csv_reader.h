#pragma once
/// @file csv_reader.h
/// Streaming CSV reader: RFC 4180 quoting (embedded delimiters, doubled quotes, line breaks in
/// quoted fields), CRLF/LF/CR line ends, a final line without a line break. Memory stays bounded
/// by one chunk plus the current record, whatever the file size. Lenient where files in the wild
/// are broken, and every leniency is reported as a diagnostic naming the physical line:
/// - a quote inside an unquoted field is kept as text (StrayQuote),
/// - text after a closing quote is appended to the field (StrayQuote),
/// - an unclosed quote ends the read: the rows before it are kept (UnclosedQuote); so does a
///   quoted field longer than CsvOptions::maxQuotedFieldBytes, which bounds memory,
/// - blank lines are skipped and counted (BlankLine),
/// - short rows are padded, long rows widen the table: no value is dropped (Ragged*).

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "microseg/csv_types.h"
#include "microseg/error.h"

namespace microseg::core {

class ByteSource;
class TextDecoder;
struct Sha256State;

class CsvReader {
public:
    /// Opens `path`, detects what `options` leaves unset from the first bytes, reads the header.
    /// Fails with FileNotFound, FileUnreadable, EmptyFile or BinaryFile.
    static Result<std::unique_ptr<CsvReader>> open(const std::string& path,
                                                   const CsvOptions& options = {});
    /// The same over bytes in memory (tests, clipboard). `name` appears in messages.
    static Result<std::unique_ptr<CsvReader>> fromBytes(std::string bytes,
                                                        const CsvOptions& options = {},
                                                        const std::string& name = "<memory>");
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    [[nodiscard]] const CsvDialect& dialect() const noexcept { return m_dialect; }
    /// Unique, non-empty column names (from the header row, or column_1.. without one).
    [[nodiscard]] const std::vector<std::string>& columnNames() const noexcept { return m_names; }
    /// Header cells as written in the file (empty without a header row).
    [[nodiscard]] const std::vector<std::string>& originalHeader() const noexcept { return m_header; }

    /// Reads the next data record into `record`, padded to columnNames().size() fields; a long
    /// row extends columnNames() with "extra_N" names (callers widen their table). Returns false
    /// at the end of data (including after an unclosed quote).
    bool next(CsvRecord& record);

    /// Bytes of the file consumed so far, over the file size: for progress.
    [[nodiscard]] double fractionRead() const noexcept;
    [[nodiscard]] std::uint64_t fileSize() const noexcept;
    [[nodiscard]] std::int64_t blankLines() const noexcept { return m_diagnostics.count(CsvDiagnostic::Kind::BlankLine); }
    [[nodiscard]] const CsvDiagnostics& diagnostics() const noexcept { return m_diagnostics; }
    /// SHA-256 (lowercase hex) of every byte read so far; of the whole file once next() is false.
    [[nodiscard]] std::string sha256Hex() const;
    [[nodiscard]] const std::string& sourceName() const noexcept { return m_name; }

private:
    CsvReader() = default;
    static Result<std::unique_ptr<CsvReader>> start(std::unique_ptr<ByteSource> source,
                                                    const CsvOptions& options);
    Status initialise(const CsvOptions& options);
    bool fillText();  ///< decodes the next chunk into m_text; false at end of input
    bool ensure(std::size_t count);  ///< at least `count` unparsed chars, unless the input ends
    void collectInvalid();
    bool parseRecord(std::vector<std::string>& fields, std::int64_t& startLine);
    void appendQuoted(std::string& field, std::size_t end);
    void consumeLineBreak();
    void finishRecord(std::vector<std::string>& fields, std::int64_t startLine,
                      std::size_t recordStart);
    void makeNames();
    void normalise(CsvRecord& record);

    std::unique_ptr<ByteSource> m_source;
    std::unique_ptr<TextDecoder> m_decoder;
    std::unique_ptr<Sha256State> m_sha;
    std::string m_name;
    CsvDialect m_dialect;
    char m_quote = '"';
    std::size_t m_maxQuotedField = 0;
    std::vector<std::string> m_header;
    std::vector<std::string> m_names;
    CsvDiagnostics m_diagnostics;

    std::string m_text;            ///< decoded UTF-8 not yet parsed
    std::size_t m_pos = 0;         ///< parse position in m_text
    std::uint64_t m_textBase = 0;  ///< decoded offset of m_text[0] in the whole stream
    std::size_t m_keepFrom = 0;    ///< m_text before this may be discarded (record start)
    /// Pending invalid sequences, oldest first. A deque: a mis-detected file can hold one per
    /// byte, and taking them from the front of a vector made reading quadratic.
    std::deque<std::pair<std::uint64_t, std::string>> m_invalid;
    std::array<bool, 256> m_special{};  ///< delimiter, quote, CR, LF
    bool m_pendingCr = false;      ///< quoted text so far ended in CR (CRLF split over chunks)
    bool m_inputDone = false;
    bool m_stopped = false;        ///< an unclosed quote ended the data
    std::int64_t m_line = 1;       ///< current physical line
    std::int64_t m_headerLine = 1; ///< physical line of the header row (after "sep=", blank lines)
    bool m_sawLf = false, m_sawCrLf = false, m_sawCr = false, m_reportedMixed = false;
    std::size_t m_expectedFields = 0;
    std::vector<std::string> m_firstRecord;  ///< data row read ahead while detecting the header
    std::int64_t m_firstRecordLine = 0;
    bool m_hasPending = false;
};

} // namespace microseg::core
