// OpenRefine-style keyers and clustering of category spellings, and the mapping table.
#include "microseg/clean/category_clusters.h"
#include "microseg/clean/string_similarity.h"

#include <QString>
#include <gtest/gtest.h>
#include <chrono>
#include <cstdlib>
#include <random>
#include <set>

using namespace microseg::core;
using namespace microseg::core::clean;

namespace {

TextColumn repeat(const std::vector<std::pair<std::string, int>>& counts) {
    TextColumn column;
    for (const auto& [value, n] : counts)
        for (int i = 0; i < n; ++i)
            column.push_back(value);
    column.push_back(std::nullopt);
    return column;
}

std::set<std::string> valuesOf(const CategoryCluster& c) {
    std::set<std::string> out;
    for (const auto& v : c.values)
        out.insert(v.value);
    return out;
}

} // namespace

TEST(CategoryClusters, FingerprintKeyerAsOpenRefineDocuments) {
    EXPECT_EQ(fingerprintKey("Tom Cruise"), "cruise tom");
    EXPECT_EQ(fingerprintKey("Cruise, Tom"), "cruise tom");
    EXPECT_EQ(fingerprintKey("  New   York "), "new york");
    EXPECT_EQ(fingerprintKey("york new york"), "new york");
    EXPECT_EQ(fingerprintKey("Gödel"), "godel");
    EXPECT_EQ(fingerprintKey("Straße Café"), "cafe strasse");
    EXPECT_EQ(fingerprintKey("A.T.&T."), "att");
    EXPECT_EQ(fingerprintKey(""), "");
}

TEST(CategoryClusters, NgramFingerprintKeyer) {
    EXPECT_EQ(ngramFingerprintKey("Paris", 2), "arispari");
    EXPECT_EQ(ngramFingerprintKey("pa ris!", 2), "arispari");
    EXPECT_EQ(ngramFingerprintKey("Krzysztof", 1), ngramFingerprintKey("Kryzysztof", 1));
    EXPECT_NE(ngramFingerprintKey("Krzysztof", 2), ngramFingerprintKey("Kryzysztof", 2));
    EXPECT_EQ(ngramFingerprintKey("é", 2), "e");
}

TEST(CategoryClusters, KeyCollisionGroupsWithCountsAndSuggestion) {
    const TextColumn column = repeat({{"New York", 5}, {"new york", 2}, {"York, New", 1},
                                      {"NYC", 4}, {"Boston", 3}, {"boston ", 1}, {"Chicago", 2}});
    Progress progress;
    auto clusters = suggestCategoryClusters(column, CategoryClusterOptions{}, progress, CancelToken());
    ASSERT_TRUE(clusters.ok());
    ASSERT_EQ(clusters.value().size(), 2u);
    const CategoryCluster& ny = clusters.value()[0];
    EXPECT_EQ(valuesOf(ny), (std::set<std::string>{"New York", "new york", "York, New"}));
    EXPECT_EQ(ny.suggested, "New York");
    EXPECT_EQ(ny.rows, 8u);
    EXPECT_EQ(ny.values[0].count, 5u);
    EXPECT_EQ(ny.key, "new york");
    EXPECT_EQ(clusters.value()[1].suggested, "Boston");

    // Accepting the groups gives the mapping table; applying it rewrites the column.
    CategoryMapping mapping = mappingFromClusters(clusters.value());
    mapping["NYC"] = "New York"; // the analyst's own edit: acronyms are beyond the keyers
    const MappedColumn mapped = applyCategoryMapping(column, mapping);
    EXPECT_EQ(mapped.changed, 2u + 1u + 4u + 1u);
    EXPECT_EQ(categoryValueCounts(mapped.column).front().value, "New York");
    EXPECT_EQ(categoryValueCounts(mapped.column).front().count, 12u);
    EXPECT_FALSE(mapped.column.back().has_value());
}

TEST(CategoryClusters, LevenshteinNeighboursFindTypos) {
    const TextColumn column =
        repeat({{"Manchester", 9}, {"Manchster", 2}, {"manchester", 1}, {"Leeds", 4},
                {"Leds", 1}, {"Lees", 1}, {"York", 3}});
    CategoryClusterOptions options;
    options.method = CategoryClusterMethod::Levenshtein;
    Progress progress;
    auto clusters = suggestCategoryClusters(column, options, progress, CancelToken());
    ASSERT_TRUE(clusters.ok());
    ASSERT_EQ(clusters.value().size(), 2u);
    EXPECT_EQ(valuesOf(clusters.value()[0]),
              (std::set<std::string>{"Manchester", "Manchster", "manchester"}));
    EXPECT_EQ(clusters.value()[0].suggested, "Manchester");
    // "Leeds", "Leds" and "Lees" are pairwise within 1: their neighbourhoods are one group.
    EXPECT_EQ(valuesOf(clusters.value()[1]), (std::set<std::string>{"Leeds", "Leds", "Lees"}));
}

TEST(CategoryClusters, BlockingMissesNoPairWithinTheRadius) {
    // Random short and long strings with edits: the bigram filter must find exactly the pairs
    // that an all-pairs comparison finds.
    std::mt19937 rng(11);
    const std::string alphabet = "abcde fg";
    std::vector<std::string> base;
    for (int i = 0; i < 150; ++i) {
        std::string s;
        const int length = std::uniform_int_distribution<int>(1, 12)(rng);
        for (int k = 0; k < length; ++k)
            s.push_back(alphabet[std::uniform_int_distribution<std::size_t>(0, 7)(rng)]);
        base.push_back(s);
        std::string edited = s;
        const std::size_t pos = std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng);
        edited[pos] = alphabet[std::uniform_int_distribution<std::size_t>(0, 7)(rng)];
        base.push_back(edited + (i % 3 == 0 ? "x" : ""));
    }
    TextColumn column(base.begin(), base.end());
    for (std::size_t radius : {1u, 2u, 3u}) {
        CategoryClusterOptions options;
        options.method = CategoryClusterMethod::Levenshtein;
        options.radius = radius;
        Progress progress;
        auto clusters = suggestCategoryClusters(column, options, progress, CancelToken());
        ASSERT_TRUE(clusters.ok());
        std::set<std::pair<std::string, std::string>> found;
        for (const auto& c : clusters.value())
            for (const auto& a : c.values)
                for (const auto& b : c.values)
                    if (a.value < b.value &&
                        levenshteinDistance(std::string_view(a.value), std::string_view(b.value)) <= radius)
                        found.insert({a.value, b.value});
        const auto distinct = categoryValueCounts(column);
        std::size_t expected = 0;
        for (std::size_t i = 0; i < distinct.size(); ++i)
            for (std::size_t j = i + 1; j < distinct.size(); ++j)
                if (levenshteinDistance(std::string_view(distinct[i].value),
                                        std::string_view(distinct[j].value)) <= radius) {
                    ++expected;
                    const auto key = std::minmax(distinct[i].value, distinct[j].value);
                    EXPECT_TRUE(found.count({key.first, key.second}))
                        << "radius " << radius << ": '" << key.first << "' / '" << key.second << "'";
                }
        EXPECT_GT(expected, 0u);
    }
}

TEST(CategoryClusters, RejectsBadOptionsAndHonoursCancel) {
    CategoryClusterOptions options;
    options.method = CategoryClusterMethod::Levenshtein;
    options.radius = 0;
    Progress progress;
    EXPECT_FALSE(suggestCategoryClusters({"a"}, options, progress, CancelToken()).ok());
    options.radius = 1;
    CancelToken cancel;
    cancel.cancel();
    EXPECT_TRUE(suggestCategoryClusters({"a", "b"}, options, progress, cancel).isCancelled());
}

/// Scaling measurement for docs/benchmarks.md: runs only when MICROSEG_CATEGORY_BENCH_VALUES is
/// set (that many distinct random words of 4 to 14 letters, half of them one typo from another).
TEST(CategoryClusters, Benchmark) {
    const char* countText = std::getenv("MICROSEG_CATEGORY_BENCH_VALUES");
    if (!countText)
        GTEST_SKIP() << "set MICROSEG_CATEGORY_BENCH_VALUES to run the benchmark";
    const int count = std::atoi(countText);
    std::mt19937 rng(5);
    TextColumn column;
    for (int i = 0; i < count / 2; ++i) {
        std::string word;
        const int length = std::uniform_int_distribution<int>(4, 14)(rng);
        for (int k = 0; k < length; ++k)
            word.push_back(static_cast<char>('a' + std::uniform_int_distribution<int>(0, 25)(rng)));
        column.push_back(word);
        word[std::uniform_int_distribution<std::size_t>(0, word.size() - 1)(rng)] = 'z';
        column.push_back(word);
    }
    for (std::size_t radius : {1u, 2u}) {
        CategoryClusterOptions options;
        options.method = CategoryClusterMethod::Levenshtein;
        options.radius = radius;
        Progress progress;
        const auto start = std::chrono::steady_clock::now();
        auto clusters = suggestCategoryClusters(column, options, progress, CancelToken());
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ASSERT_TRUE(clusters.ok());
        std::cout << "values " << count << " radius " << radius << " groups "
                  << clusters.value().size() << " seconds " << seconds << "\n";
    }
}
