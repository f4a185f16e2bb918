// Blocking and pair scoring for fuzzy de-duplication (see fuzzy_dedupe.h).
#include "microseg/clean/fuzzy_dedupe.h"

#include "cluster/parallel_for.h"
#include "invalid_argument.h"
#include "microseg/clean/string_similarity.h"

#include <QString>
#include <algorithm>
#include <atomic>
#include <numeric>
#include <string_view>

namespace microseg::core::clean {

namespace {

bool isAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string collapseAsciiLower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pendingSpace = false;
    for (char c : s) {
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out.push_back(' ');
        pendingSpace = false;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

/// Per field, the normalised value of every row as code points (empty = missing).
std::vector<std::vector<std::u32string>> normalizedFields(const std::vector<TextColumn>& table,
                                                          const std::vector<DedupeField>& fields) {
    std::vector<std::vector<std::u32string>> out(fields.size());
    for (std::size_t f = 0; f < fields.size(); ++f) {
        const TextColumn& column = table[fields[f].column];
        out[f].resize(column.size());
        for (std::size_t r = 0; r < column.size(); ++r)
            if (column[r])
                out[f][r] = decodeUtf8(normalizeText(*column[r], fields[f].normalization));
    }
    return out;
}

std::vector<std::u32string> blockingKeys(const std::vector<TextColumn>& table,
                                         const BlockingPass& pass) {
    const std::size_t rows = table.empty() ? 0 : table[0].size();
    std::vector<std::u32string> keys(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        std::string key;
        for (std::size_t column : pass.columns) {
            const auto& cell = table[column][r];
            const std::string part = cell ? normalizeText(*cell, pass.normalization) : std::string();
            if (part.empty())
                continue;
            if (!key.empty())
                key.push_back(' ');
            key += part;
        }
        keys[r] = decodeUtf8(key);
        if (pass.prefixLength > 0 && keys[r].size() > pass.prefixLength)
            keys[r].resize(pass.prefixLength);
    }
    return keys;
}

std::uint64_t pairKey(std::uint32_t a, std::uint32_t b) {
    if (a > b)
        std::swap(a, b);
    return (std::uint64_t{a} << 32) | b;
}

/// Candidate pairs of one blocking pass, appended to `out`; returns the skipped block count.
std::size_t blockPairs(const std::vector<std::u32string>& keys, const BlockingPass& pass,
                       std::size_t maxBlockSize, std::vector<std::uint64_t>& out) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t r = 0; r < keys.size(); ++r)
        if (!keys[r].empty()) // a record without a key is in no block of this pass
            order.push_back(r);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
    std::size_t skipped = 0;
    if (pass.method == BlockingMethod::SortedNeighbourhood) {
        for (std::size_t i = 0; i < order.size(); ++i)
            for (std::size_t j = i + 1; j < std::min(order.size(), i + pass.window); ++j)
                out.push_back(pairKey(order[i], order[j]));
        return skipped;
    }
    for (std::size_t begin = 0; begin < order.size();) {
        std::size_t end = begin + 1;
        while (end < order.size() && keys[order[end]] == keys[order[begin]])
            ++end;
        if (end - begin > maxBlockSize) {
            ++skipped;
        } else {
            for (std::size_t i = begin; i < end; ++i)
                for (std::size_t j = i + 1; j < end; ++j)
                    out.push_back(pairKey(order[i], order[j]));
        }
        begin = end;
    }
    return skipped;
}

double pairScore(const std::vector<std::vector<std::u32string>>& values,
                 const std::vector<DedupeField>& fields, std::uint32_t a, std::uint32_t b) {
    double weighted = 0.0;
    double weights = 0.0;
    for (std::size_t f = 0; f < fields.size(); ++f) {
        const std::u32string& x = values[f][a];
        const std::u32string& y = values[f][b];
        if (x.empty() || y.empty())
            continue; // a field missing on either side says nothing about the pair
        double similarity = 0.0;
        switch (fields[f].comparator) {
        case FieldComparator::Exact:
            similarity = x == y ? 1.0 : 0.0;
            break;
        case FieldComparator::Levenshtein:
            similarity = levenshteinSimilarity(x, y);
            break;
        case FieldComparator::JaroWinkler:
            similarity = jaroWinklerSimilarity(x, y);
            break;
        }
        weighted += fields[f].weight * similarity;
        weights += fields[f].weight;
    }
    return weights > 0.0 ? weighted / weights : 0.0;
}

Status validate(const std::vector<TextColumn>& table, const DedupeOptions& options) {
    const std::size_t rows = table.empty() ? 0 : table[0].size();
    for (std::size_t c = 0; c < table.size(); ++c)
        if (table[c].size() != rows)
            return invalidArgument("Column " + std::to_string(c + 1) + " has " +
                                   std::to_string(table[c].size()) + " rows, column 1 has " +
                                   std::to_string(rows) + ".");
    if (rows >= 0xFFFFFFFFu)
        return invalidArgument("De-duplication handles at most 4,294,967,294 rows.");
    if (options.fields.empty())
        return invalidArgument("De-duplication needs at least one compared column.");
    if (options.blocking.empty())
        return invalidArgument("De-duplication needs at least one blocking pass.");
    for (const DedupeField& field : options.fields) {
        if (field.column >= table.size())
            return invalidArgument("Compared column " + std::to_string(field.column + 1) +
                                   " does not exist (the table has " +
                                   std::to_string(table.size()) + " columns).");
        if (!(field.weight > 0.0))
            return invalidArgument("The weight of compared column " +
                                   std::to_string(field.column + 1) + " must be > 0, not " +
                                   std::to_string(field.weight) + ".");
    }
    for (const BlockingPass& pass : options.blocking) {
        if (pass.columns.empty())
            return invalidArgument("A blocking pass needs at least one column.");
        for (std::size_t column : pass.columns)
            if (column >= table.size())
                return invalidArgument("Blocking column " + std::to_string(column + 1) +
                                       " does not exist.");
        if (pass.method == BlockingMethod::SortedNeighbourhood && pass.window < 2)
            return invalidArgument("The sorted-neighbourhood window must be >= 2, not " +
                                   std::to_string(pass.window) + ".");
    }
    if (options.maxBlockSize < 2)
        return invalidArgument("The largest block size must be >= 2.");
    return success();
}

} // namespace

std::string normalizeText(const std::string& value, TextNormalization normalization) {
    switch (normalization) {
    case TextNormalization::None:
        return value;
    case TextNormalization::Digits: {
        std::string out;
        for (char c : value)
            if (c >= '0' && c <= '9')
                out.push_back(c);
        return out;
    }
    case TextNormalization::Text:
        if (isAscii(value))
            return collapseAsciiLower(value); // the common case, without a QString round trip
        return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()))
            .toCaseFolded()
            .simplified()
            .toStdString();
    }
    return value;
}

Result<DedupeCandidates> scoreCandidatePairs(const std::vector<TextColumn>& table,
                                             const DedupeOptions& options, Progress& progress,
                                             const CancelToken& cancel) {
    if (Status valid = validate(table, options); !valid.ok())
        return valid.error();
    DedupeCandidates result;
    result.rows = table.empty() ? 0 : table[0].size();
    progress.report(0.0, "Blocking");
    std::vector<std::uint64_t> candidates;
    for (const BlockingPass& pass : options.blocking) {
        if (cancel.isCancelled())
            return cancelledError();
        result.skippedBlocks +=
            blockPairs(blockingKeys(table, pass), pass, options.maxBlockSize, candidates);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    result.comparedPairs = candidates.size();
    progress.report(0.1, "Comparing candidate pairs");
    const auto values = normalizedFields(table, options.fields);

    constexpr std::size_t kBlock = 8192;
    const int blocks = static_cast<int>((candidates.size() + kBlock - 1) / kBlock);
    std::vector<std::vector<ScoredPair>> kept(static_cast<std::size_t>(blocks));
    std::atomic<bool> stopped{false};
    std::atomic<int> done{0};
    detail::parallelFor(blocks, detail::resolveThreadCount(options.threads), [&](int block, int worker) {
        if (stopped.load(std::memory_order_relaxed) || cancel.isCancelled()) {
            stopped = true;
            return;
        }
        const std::size_t begin = static_cast<std::size_t>(block) * kBlock;
        const std::size_t end = std::min(candidates.size(), begin + kBlock);
        auto& out = kept[static_cast<std::size_t>(block)];
        for (std::size_t i = begin; i < end; ++i) {
            const auto a = static_cast<std::uint32_t>(candidates[i] >> 32);
            const auto b = static_cast<std::uint32_t>(candidates[i] & 0xFFFFFFFFu);
            const double score = pairScore(values, options.fields, a, b);
            if (score >= options.minScore)
                out.push_back({a, b, score});
        }
        const int finished = done.fetch_add(1) + 1;
        if (worker == 0)
            progress.report(0.1 + 0.85 * finished / std::max(1, blocks));
    });
    if (stopped || cancel.isCancelled())
        return cancelledError();
    for (auto& block : kept)
        result.pairs.insert(result.pairs.end(), block.begin(), block.end());
    std::sort(result.pairs.begin(), result.pairs.end(), [](const ScoredPair& x, const ScoredPair& y) {
        if (x.score != y.score)
            return x.score > y.score;
        return x.first != y.first ? x.first < y.first : x.second < y.second;
    });

    // Running group counts in score order (union-find with path halving and union by size).
    std::vector<std::uint32_t> parent(result.rows);
    std::iota(parent.begin(), parent.end(), 0u);
    std::vector<std::uint32_t> size(result.rows, 1);
    const auto find = [&](std::uint32_t x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    };
    std::uint32_t groups = 0;
    std::uint32_t grouped = 0;
    result.groupsAfter.reserve(result.pairs.size());
    result.groupedRowsAfter.reserve(result.pairs.size());
    for (const ScoredPair& pair : result.pairs) {
        std::uint32_t x = find(pair.first);
        std::uint32_t y = find(pair.second);
        if (x != y) {
            // Merging two components: each singleton joins the grouped rows; two groups become one.
            const bool xGroup = size[x] > 1;
            const bool yGroup = size[y] > 1;
            grouped += (xGroup ? 0 : 1) + (yGroup ? 0 : 1);
            if (xGroup && yGroup)
                --groups;
            else if (!xGroup && !yGroup)
                ++groups;
            if (size[x] < size[y])
                std::swap(x, y);
            parent[y] = x;
            size[x] += size[y];
        }
        result.groupsAfter.push_back(groups);
        result.groupedRowsAfter.push_back(grouped);
    }
    progress.report(1.0);
    return result;
}

} // namespace microseg::core::clean
