#pragma once
/// @file csv_dialect.h
/// Dialect detection on a decoded sample: Excel's "sep=X" first line, the delimiter among
/// comma, semicolon, tab and pipe (the one giving the most consistent field count over the
/// sample's records, as Python's csv.Sniffer and CleverCSV's pattern score reason), and whether
/// the first record is a header (a column whose other values are all numbers, dates or booleans
/// while the first one is not, votes header; one whose first value fits the same type votes no).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace microseg::core {

/// Splits up to `maxRecords` records of `text` with RFC 4180 quoting. Blank lines are skipped.
/// A final record cut off by the end of a partial sample is dropped when `complete` is false.
std::vector<std::vector<std::string>> splitSample(std::string_view text, char delimiter,
                                                  char quote, std::size_t maxRecords,
                                                  bool complete);

/// The delimiter named by an Excel "sep=X" first line, and the length of that line including
/// its line break.
std::optional<char> excelSepLine(std::string_view text, std::size_t* lineLength);

struct DelimiterGuess {
    char delimiter = ',';
    std::string reason;
};
DelimiterGuess detectDelimiter(std::string_view sample, char quote, bool complete);

struct HeaderGuess {
    bool hasHeader = true;
    std::string reason;
};
HeaderGuess detectHeader(const std::vector<std::vector<std::string>>& records);

} // namespace microseg::core
