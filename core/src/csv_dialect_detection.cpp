#include "microseg/csv_dialect.h"

#include <array>
#include <map>

#include "microseg/column_type.h"
#include "microseg/csv_types.h"

namespace microseg::core {

std::vector<std::vector<std::string>> splitSample(std::string_view text, char delimiter,
                                                  char quote, std::size_t maxRecords,
                                                  bool complete) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool inQuotes = false, fieldStarted = false, recordStarted = false;
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto endField = [&] {
        record.push_back(std::move(field));
        field.clear();
        fieldStarted = false;
    };
    auto endRecord = [&] {
        endField();
        records.push_back(std::move(record));
        record.clear();
        recordStarted = false;
    };
    while (i < n && records.size() < maxRecords) {
        const char c = text[i];
        if (inQuotes) {
            if (c == quote) {
                if (i + 1 < n && text[i + 1] == quote) {
                    field += quote;
                    i += 2;
                    continue;
                }
                inQuotes = false;
            } else {
                field += c;
            }
            ++i;
            continue;
        }
        if (c == '\r' || c == '\n') {
            const std::size_t breakLength = (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
            if (recordStarted)
                endRecord();
            i += breakLength;
            continue;
        }
        recordStarted = true;
        if (c == delimiter) {
            endField();
        } else if (c == quote && !fieldStarted) {
            inQuotes = true;
            fieldStarted = true;
        } else {
            field += c;
            fieldStarted = true;
        }
        ++i;
    }
    if (recordStarted && records.size() < maxRecords && complete && !inQuotes)
        endRecord();
    return records;
}

std::optional<char> excelSepLine(std::string_view text, std::size_t* lineLength) {
    if (text.size() < 5 || (text.substr(0, 4) != "sep=" && text.substr(0, 4) != "SEP="))
        return std::nullopt;
    const char delimiter = text[4];
    std::size_t end = 5;
    if (end < text.size() && text[end] == '\r')
        ++end;
    if (end < text.size() && text[end] == '\n')
        ++end;
    if (end != text.size() && end == 5)
        return std::nullopt;  // "sep=,x..." is data, not a hint line
    if (lineLength)
        *lineLength = end;
    return delimiter;
}

DelimiterGuess detectDelimiter(std::string_view sample, char quote, bool complete) {
    constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
    struct Score {
        char delimiter;
        double consistency;
        std::size_t fields;
        std::size_t records;
    };
    std::optional<Score> best;
    for (char candidate : kCandidates) {
        const auto records = splitSample(sample, candidate, quote, 200, complete);
        if (records.empty())
            continue;
        std::map<std::size_t, std::size_t> histogram;
        for (const auto& record : records)
            ++histogram[record.size()];
        std::size_t modalFields = 0, modalCount = 0;
        for (const auto& [fields, count] : histogram)
            if (count > modalCount || (count == modalCount && fields > modalFields)) {
                modalFields = fields;
                modalCount = count;
            }
        if (modalFields < 2)
            continue;
        const Score score{candidate, double(modalCount) / double(records.size()), modalFields,
                          records.size()};
        // Prefer the most consistent field count; among equally consistent ones, more fields.
        const bool better = !best || score.consistency > best->consistency + 1e-9 ||
                            (score.consistency > best->consistency - 1e-9 &&
                             score.fields > best->fields);
        if (better)
            best = score;
    }
    if (!best)
        return {',', "no candidate splits the lines into several fields: one column, comma assumed"};
    const int percent = static_cast<int>(best->consistency * 100.0 + 0.5);
    return {best->delimiter, delimiterName(best->delimiter) + " gives " +
                                 std::to_string(best->fields) + " fields on " +
                                 std::to_string(percent) + "% of " +
                                 std::to_string(best->records) + " sampled records"};
}

HeaderGuess detectHeader(const std::vector<std::vector<std::string>>& records) {
    if (records.empty())
        return {true, "no records to judge by: header assumed"};
    const auto& first = records.front();
    int votesFor = 0, votesAgainst = 0;
    std::string evidence;
    for (std::size_t column = 0; column < first.size(); ++column) {
        ColumnTypeInferrer rest;
        for (std::size_t r = 1; r < records.size(); ++r)
            if (column < records[r].size())
                rest.add(records[r][column]);
        if (rest.count() == rest.missing() || classifyValue(first[column]).empty)
            continue;  // nothing to compare, or an empty header cell: no vote
        const ColumnType restType = rest.result().type;
        if (restType == ColumnType::Text || restType == ColumnType::Empty)
            continue;
        // The first value votes "data" when adding it keeps the column's type ("7" atop
        // integers), "header" when it breaks it ("n" or "Quantity" atop integers).
        ColumnTypeInferrer withFirst = rest;
        withFirst.add(first[column]);
        if (withFirst.result().type == restType) {
            ++votesAgainst;
        } else {
            ++votesFor;
            if (evidence.empty())
                evidence = "\"" + first[column] + "\" heads a column of " +
                           columnTypeName(restType) + " values";
        }
    }
    if (votesFor > votesAgainst)
        return {true, evidence};
    if (votesAgainst > votesFor)
        return {false, "the first row holds values of the same types as the rows below it"};
    return {true, "every column is text: the first row is taken as the header"};
}

} // namespace microseg::core
