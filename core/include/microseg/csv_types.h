#pragma once
/// @file csv_types.h
/// Options, detected dialect and diagnostics of the CSV reader.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "microseg/text_encoding.h"

namespace microseg::core {

/// What the user chose; every unset field is detected.
struct CsvOptions {
    std::optional<TextEncoding> encoding;
    std::optional<char> delimiter;  ///< one of , ; TAB | (or any single ASCII byte when forced)
    std::optional<bool> hasHeader;
    char quote = '"';
    /// A quoted field that grows past this many bytes is taken for a quote never closed: reading
    /// stops there as for an unclosed quote, so a stray quote cannot pull the rest of a large
    /// file into memory. Excel writes at most 32,767 characters per cell.
    std::size_t maxQuotedFieldBytes = std::size_t{64} << 20;
};

enum class LineBreak { None, Lf, CrLf, Cr, Mixed };
const char* lineBreakName(LineBreak lineBreak);

/// What the reader settled on, with the reasons shown in the import dialog.
struct CsvDialect {
    TextEncoding encoding = TextEncoding::Utf8;
    std::size_t bomLength = 0;
    std::string encodingReason;
    char delimiter = ',';
    std::string delimiterReason;
    bool hasHeader = true;
    std::string headerReason;
    bool excelSepLine = false;  ///< the file started with an Excel "sep=X" line (not data)
    LineBreak lineBreak = LineBreak::None;  ///< line ends seen in the sample
};

/// Printable name of a delimiter: "comma", "semicolon", "tab", "pipe" or the character.
std::string delimiterName(char delimiter);

enum class Severity { Info, Warning, Error };

struct CsvDiagnostic {
    enum class Kind {
        RaggedShortRow,   ///< fewer fields than the header: padded with missing values
        RaggedLongRow,    ///< more fields than the header: extra columns added, nothing dropped
        UnclosedQuote,    ///< quote opened and never closed: rows before it kept
        StrayQuote,       ///< a quote inside an unquoted field or after a closing quote: kept
        BlankLine,        ///< skipped and counted
        InvalidEncoding,  ///< bytes the encoding cannot decode (written as U+FFFD)
        MixedLineBreaks,  ///< LF, CRLF and CR mixed outside quoted fields
        DuplicateHeader,  ///< renamed to make it unique
        EmptyHeader,      ///< named "column_N"
        AmbiguousDate,    ///< day-first and month-first both fit every value of a column
        ExcelSepLine,     ///< a "sep=X" first line was honoured and skipped
        NulByte,          ///< NUL bytes removed from a text field
    };
    Kind kind;
    Severity severity = Severity::Warning;
    std::int64_t line = 0;    ///< 1-based physical line (0: whole file)
    std::int64_t column = 0;  ///< 1-based field number (0: whole row)
    std::string message;
};

const char* diagnosticKindName(CsvDiagnostic::Kind kind);  ///< "ragged_short_row", ...

/// Diagnostics are capped per kind to stay small on huge broken files; counts stay exact.
struct CsvDiagnostics {
    static constexpr std::size_t kMaxPerKind = 200;
    std::vector<CsvDiagnostic> items;
    std::vector<std::int64_t> counts = std::vector<std::int64_t>(16, 0);  ///< indexed by Kind

    void add(CsvDiagnostic diagnostic);
    [[nodiscard]] std::int64_t count(CsvDiagnostic::Kind kind) const {
        return counts[static_cast<std::size_t>(kind)];
    }
    [[nodiscard]] std::int64_t total() const;
};

/// One record: its fields (UTF-8) and the physical line it starts on.
struct CsvRecord {
    std::vector<std::string> fields;
    std::int64_t line = 0;
};

} // namespace microseg::core
