#include "microseg/csv_types.h"

#include <numeric>

namespace microseg::core {

const char* lineBreakName(LineBreak lineBreak) {
    switch (lineBreak) {
    case LineBreak::None: return "none";
    case LineBreak::Lf: return "LF";
    case LineBreak::CrLf: return "CRLF";
    case LineBreak::Cr: return "CR";
    case LineBreak::Mixed: return "mixed";
    }
    return "none";
}

std::string delimiterName(char delimiter) {
    switch (delimiter) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
    default: return std::string(1, delimiter);
    }
}

const char* diagnosticKindName(CsvDiagnostic::Kind kind) {
    using K = CsvDiagnostic::Kind;
    switch (kind) {
    case K::RaggedShortRow: return "ragged_short_row";
    case K::RaggedLongRow: return "ragged_long_row";
    case K::UnclosedQuote: return "unclosed_quote";
    case K::StrayQuote: return "stray_quote";
    case K::BlankLine: return "blank_line";
    case K::InvalidEncoding: return "invalid_encoding";
    case K::MixedLineBreaks: return "mixed_line_breaks";
    case K::DuplicateHeader: return "duplicate_header";
    case K::EmptyHeader: return "empty_header";
    case K::AmbiguousDate: return "ambiguous_date";
    case K::ExcelSepLine: return "excel_sep_line";
    case K::NulByte: return "nul_byte";
    }
    return "unknown";
}

void CsvDiagnostics::add(CsvDiagnostic diagnostic) {
    const auto index = static_cast<std::size_t>(diagnostic.kind);
    if (index >= counts.size())
        counts.resize(index + 1, 0);
    if (static_cast<std::size_t>(counts[index]++) < kMaxPerKind)
        items.push_back(std::move(diagnostic));
}

std::int64_t CsvDiagnostics::total() const {
    return std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
}

} // namespace microseg::core
