// Threshold counts, duplicate groups (Boost.Graph) and survivorship merge (see fuzzy_dedupe.h).
#include "microseg/clean/fuzzy_dedupe.h"
#include "microseg/clean/string_similarity.h"

#include "invalid_argument.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

namespace microseg::core::clean {

namespace {

/// Pairs scoring >= threshold form a prefix of the descending list.
std::size_t pairsAtThreshold(const DedupeCandidates& candidates, double threshold) {
    const auto end = std::partition_point(
        candidates.pairs.begin(), candidates.pairs.end(),
        [&](const ScoredPair& p) { return p.score >= threshold; });
    return static_cast<std::size_t>(end - candidates.pairs.begin());
}

std::optional<double> parseNumber(const std::string& text) {
    std::size_t begin = text.find_first_not_of(" \t");
    std::size_t end = text.find_last_not_of(" \t");
    if (begin == std::string::npos)
        return std::nullopt;
    if (text[begin] == '+')
        ++begin;
    double value = 0.0;
    const char* first = text.data() + begin;
    const char* last = text.data() + end + 1;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last)
        return std::nullopt;
    return value;
}

/// Is record `a` more recent than record `b`? Numbers compare numerically, anything else (ISO 8601
/// dates) as text; a missing value is older than any value.
bool moreRecent(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a)
        return false;
    if (!b)
        return true;
    const auto x = parseNumber(*a);
    const auto y = parseNumber(*b);
    if (x && y)
        return *x > *y;
    return *a > *b;
}

Result<std::optional<std::string>> survivor(const TextColumn& column,
                                            const std::vector<std::uint32_t>& rows,
                                            Survivorship rule, const TextColumn* recency,
                                            std::size_t columnIndex) {
    std::vector<std::uint32_t> present;
    for (std::uint32_t r : rows)
        if (column[r])
            present.push_back(r);
    if (present.empty())
        return std::optional<std::string>();
    switch (rule) {
    case Survivorship::First:
        return column[present.front()];
    case Survivorship::MostRecent: {
        std::uint32_t best = present.front();
        for (std::uint32_t r : present)
            if (moreRecent((*recency)[r], (*recency)[best]))
                best = r;
        return column[best];
    }
    case Survivorship::MostFrequent: {
        std::map<std::string, std::size_t> counts;
        for (std::uint32_t r : present)
            ++counts[*column[r]];
        std::uint32_t best = present.front();
        for (std::uint32_t r : present) // strictly more frequent wins: ties keep the first seen
            if (counts[*column[r]] > counts[*column[best]])
                best = r;
        return column[best];
    }
    case Survivorship::Longest: {
        std::uint32_t best = present.front();
        for (std::uint32_t r : present)
            if (decodeUtf8(*column[r]).size() > decodeUtf8(*column[best]).size())
                best = r;
        return column[best];
    }
    case Survivorship::Sum: {
        double sum = 0.0;
        for (std::uint32_t r : present) {
            const auto value = parseNumber(*column[r]);
            if (!value) {
                Error e = invalidArgument("Survivorship rule 'sum' needs numbers, but column " +
                                          std::to_string(columnIndex + 1) + " has '" + *column[r] +
                                          "' in row " + std::to_string(r + 1) + ".");
                e.line = r + 1;
                e.column = static_cast<std::int64_t>(columnIndex + 1);
                e.value = *column[r];
                return e;
            }
            sum += *value;
        }
        char buffer[32];
        const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, sum);
        return std::optional<std::string>(std::string(buffer, ec == std::errc() ? ptr : buffer));
    }
    }
    return column[present.front()];
}

} // namespace

ThresholdCounts countsAtThreshold(const DedupeCandidates& candidates, double threshold) {
    ThresholdCounts counts;
    counts.pairs = pairsAtThreshold(candidates, threshold);
    if (counts.pairs == 0)
        return counts;
    counts.groups = candidates.groupsAfter[counts.pairs - 1];
    counts.groupedRows = candidates.groupedRowsAfter[counts.pairs - 1];
    counts.removedRows = counts.groupedRows - counts.groups;
    return counts;
}

std::vector<DuplicateGroup> duplicateGroups(const DedupeCandidates& candidates, double threshold) {
    const std::size_t count = pairsAtThreshold(candidates, threshold);
    // Only rows that take part in some pair become vertices, so the graph is small.
    std::vector<std::uint32_t> rows;
    rows.reserve(2 * count);
    for (std::size_t i = 0; i < count; ++i) {
        rows.push_back(candidates.pairs[i].first);
        rows.push_back(candidates.pairs[i].second);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const auto vertex = [&](std::uint32_t row) {
        return static_cast<std::size_t>(std::lower_bound(rows.begin(), rows.end(), row) -
                                        rows.begin());
    };
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
    Graph graph(rows.size());
    for (std::size_t i = 0; i < count; ++i)
        boost::add_edge(vertex(candidates.pairs[i].first), vertex(candidates.pairs[i].second),
                        graph);
    std::vector<int> component(rows.size());
    const int components = rows.empty() ? 0 : boost::connected_components(graph, component.data());
    // Boost numbers components in vertex order, i.e. by their first row: the order we want.
    std::vector<DuplicateGroup> groups(static_cast<std::size_t>(components));
    for (std::size_t v = 0; v < rows.size(); ++v)
        groups[static_cast<std::size_t>(component[v])].rows.push_back(rows[v]);
    std::vector<bool> seen(groups.size(), false);
    for (std::size_t i = 0; i < count; ++i) {
        const ScoredPair& pair = candidates.pairs[i];
        const auto g = static_cast<std::size_t>(component[vertex(pair.first)]);
        if (!seen[g]) {
            groups[g].minPairScore = groups[g].maxPairScore = pair.score;
            seen[g] = true;
        }
        groups[g].minPairScore = std::min(groups[g].minPairScore, pair.score);
        groups[g].maxPairScore = std::max(groups[g].maxPairScore, pair.score);
    }
    return groups;
}

Result<MergeResult> mergeDuplicates(const std::vector<TextColumn>& table,
                                    const std::vector<DuplicateGroup>& groups,
                                    const std::vector<GroupReview>& reviews,
                                    const MergeOptions& options) {
    const std::size_t rowCount = table.empty() ? 0 : table[0].size();
    const auto ruleOf = [&](std::size_t c) {
        return c < options.rules.size() ? options.rules[c] : Survivorship::First;
    };
    const bool needsRecency = std::any_of(options.rules.begin(), options.rules.end(),
                                          [](Survivorship s) { return s == Survivorship::MostRecent; });
    if (needsRecency && (!options.recencyColumn || *options.recencyColumn >= table.size()))
        return invalidArgument(
            "Survivorship rule 'most recent' needs an existing column that orders the "
            "records by recency.");
    MergeResult result;
    std::map<std::vector<std::uint32_t>, const GroupReview*> reviewOf;
    for (const GroupReview& review : reviews)
        reviewOf[review.rows] = &review;
    std::size_t usedReviews = 0;

    std::vector<std::vector<std::uint32_t>> sets; // the groups that will be merged
    for (const DuplicateGroup& group : groups) {
        const auto found = reviewOf.find(group.rows);
        if (found == reviewOf.end()) {
            if (options.mergeUnreviewed)
                sets.push_back(group.rows);
            continue;
        }
        ++usedReviews;
        const GroupReview& review = *found->second;
        if (review.decision == GroupReview::Decision::Confirm) {
            sets.push_back(group.rows);
            continue;
        }
        std::vector<std::uint32_t> used;
        for (const auto& part : review.parts) {
            for (std::uint32_t r : part) {
                if (!std::binary_search(group.rows.begin(), group.rows.end(), r))
                    return invalidArgument("A split of the group starting at row " +
                                           std::to_string(group.rows.front() + 1) + " names row " +
                                           std::to_string(r + 1) + ", which is not in that group.");
                used.push_back(r);
            }
            std::vector<std::uint32_t> sorted = part;
            std::sort(sorted.begin(), sorted.end());
            if (sorted.size() >= 2)
                sets.push_back(std::move(sorted));
        }
        std::sort(used.begin(), used.end());
        if (std::adjacent_find(used.begin(), used.end()) != used.end())
            return invalidArgument("A split of the group starting at row " +
                                   std::to_string(group.rows.front() + 1) +
                                   " puts one row into two parts.");
    }
    result.staleReviews = reviews.size() - usedReviews;

    std::vector<std::int64_t> setOf(rowCount, -1);
    for (std::size_t s = 0; s < sets.size(); ++s)
        for (std::uint32_t r : sets[s])
            setOf[r] = static_cast<std::int64_t>(s);
    result.mergedGroups = sets.size();
    result.table.assign(table.size(), TextColumn());
    const TextColumn* recency = options.recencyColumn && *options.recencyColumn < table.size()
                                    ? &table[*options.recencyColumn]
                                    : nullptr;
    for (std::uint32_t r = 0; r < rowCount; ++r) {
        const std::int64_t s = setOf[r];
        if (s >= 0 && sets[static_cast<std::size_t>(s)].front() != r)
            continue; // merged into its group's first row
        result.keptRows.push_back(r);
        if (s < 0) {
            result.mergedCount.push_back(1);
            for (std::size_t c = 0; c < table.size(); ++c)
                result.table[c].push_back(table[c][r]);
            continue;
        }
        const auto& members = sets[static_cast<std::size_t>(s)];
        result.mergedCount.push_back(static_cast<std::uint32_t>(members.size()));
        for (std::size_t c = 0; c < table.size(); ++c) {
            auto value = survivor(table[c], members, ruleOf(c), recency, c);
            if (!value.ok())
                return value.error();
            result.table[c].push_back(std::move(value).value());
        }
    }
    return result;
}

} // namespace microseg::core::clean
