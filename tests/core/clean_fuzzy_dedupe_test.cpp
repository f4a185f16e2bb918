// Fuzzy de-duplication: blocking, scoring, live counts, groups, review and survivorship, and
// precision/recall on the generated file with known duplicates
// (tests/fixtures/clean/make_dedupe_data.py --rows 2000 --seed 7).
#include "cluster_fixtures.h"
#include "microseg/clean/fuzzy_dedupe.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace microseg::core;
using namespace microseg::core::clean;

namespace {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<TextColumn> columns;
    std::size_t column(const std::string& name) const {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) -
                                        header.begin());
    }
};

/// The generator writes no quotes or commas inside values: a split on ',' reads it.
CsvTable readCsv(const std::string& path) {
    CsvTable table;
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "missing " << path;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos;
             start = comma + 1)
            cells.push_back(line.substr(start, comma - start));
        cells.push_back(line.substr(start));
        if (first) {
            table.header = cells;
            table.columns.resize(cells.size());
            first = false;
            continue;
        }
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            if (c < cells.size() && !cells[c].empty())
                table.columns[c].push_back(cells[c]);
            else
                table.columns[c].push_back(std::nullopt);
        }
    }
    return table;
}

/// The configuration of the quality bar: exact email and phone, Jaro-Winkler names,
/// Levenshtein street; blocking on email, phone, postcode and sorted names.
DedupeOptions customerOptions(const CsvTable& t) {
    DedupeOptions o;
    o.fields = {
        {t.column("first_name"), FieldComparator::JaroWinkler, TextNormalization::Text, 1.0},
        {t.column("last_name"), FieldComparator::JaroWinkler, TextNormalization::Text, 1.5},
        {t.column("email"), FieldComparator::Exact, TextNormalization::Text, 2.0},
        {t.column("phone"), FieldComparator::Exact, TextNormalization::Digits, 2.0},
        {t.column("street"), FieldComparator::Levenshtein, TextNormalization::Text, 1.5},
        {t.column("postcode"), FieldComparator::Exact, TextNormalization::Text, 1.0},
    };
    o.blocking = {
        {{t.column("email")}, TextNormalization::Text, 0, BlockingMethod::Standard, 10},
        {{t.column("phone")}, TextNormalization::Digits, 0, BlockingMethod::Standard, 10},
        {{t.column("postcode")}, TextNormalization::Text, 0, BlockingMethod::Standard, 10},
        {{t.column("last_name"), t.column("first_name")},
         TextNormalization::Text, 0, BlockingMethod::SortedNeighbourhood, 8},
    };
    return o;
}

struct Quality {
    double precision = 0;
    double recall = 0;
};

/// Pairwise precision and recall of the groups against the entity_id truth.
Quality pairQuality(const CsvTable& t, const std::vector<DuplicateGroup>& groups) {
    const TextColumn& entity = t.columns[t.column("entity_id")];
    std::map<std::string, std::size_t> sizes;
    for (const auto& e : entity)
        ++sizes[*e];
    std::size_t truePairs = 0;
    for (const auto& [id, n] : sizes)
        truePairs += n * (n - 1) / 2;
    std::size_t predicted = 0;
    std::size_t correct = 0;
    for (const DuplicateGroup& g : groups)
        for (std::size_t i = 0; i < g.rows.size(); ++i)
            for (std::size_t j = i + 1; j < g.rows.size(); ++j) {
                ++predicted;
                correct += entity[g.rows[i]] == entity[g.rows[j]] ? 1 : 0;
            }
    return {predicted ? double(correct) / double(predicted) : 1.0,
            truePairs ? double(correct) / double(truePairs) : 1.0};
}

constexpr double kThreshold = 0.75;

} // namespace

TEST(FuzzyDedupe, KnownDuplicatesPrecisionAndRecall) {
    const CsvTable t = readCsv(microseg::test::fixturePath("clean/dedupe_sample.csv"));
    ASSERT_EQ(t.columns[0].size(), 2000u);
    Progress progress;
    auto scored = scoreCandidatePairs(t.columns, customerOptions(t), progress, CancelToken());
    ASSERT_TRUE(scored.ok()) << scored.error().message;
    // Blocking compares a small fraction of the 1,999,000 possible pairs.
    EXPECT_LT(scored.value().comparedPairs, 40000u);
    const auto groups = duplicateGroups(scored.value(), kThreshold);
    const Quality q = pairQuality(t, groups);
    EXPECT_GE(q.precision, 0.95);
    EXPECT_GE(q.recall, 0.95);
    std::cout << "precision " << q.precision << " recall " << q.recall << " groups "
              << groups.size() << " compared " << scored.value().comparedPairs << "\n";
}

TEST(FuzzyDedupe, LiveCountsAgreeWithGroups) {
    const CsvTable t = readCsv(microseg::test::fixturePath("clean/dedupe_sample.csv"));
    Progress progress;
    auto scored = scoreCandidatePairs(t.columns, customerOptions(t), progress, CancelToken());
    ASSERT_TRUE(scored.ok());
    for (double threshold : {0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 1.0}) {
        const auto groups = duplicateGroups(scored.value(), threshold);
        const ThresholdCounts counts = countsAtThreshold(scored.value(), threshold);
        std::size_t grouped = 0;
        for (const auto& g : groups)
            grouped += g.rows.size();
        EXPECT_EQ(counts.groups, groups.size()) << threshold;
        EXPECT_EQ(counts.groupedRows, grouped) << threshold;
        EXPECT_EQ(counts.removedRows, grouped - groups.size()) << threshold;
        std::size_t pairs = 0;
        for (const auto& p : scored.value().pairs)
            pairs += p.score >= threshold ? 1 : 0;
        EXPECT_EQ(counts.pairs, pairs) << threshold;
    }
}

TEST(FuzzyDedupe, ScoresAreWeightedMeansOverPresentFields) {
    std::vector<TextColumn> table = {
        {"Jon Smith", "jon  SMITH", "Ann Lee", "MARTHA"},
        {"j@x.com", std::nullopt, "a@y.com", "m@z.org"},
        {"+44 7700 900123", "07700900123", "447700900123", std::nullopt},
    };
    DedupeOptions o;
    o.fields = {{0, FieldComparator::JaroWinkler, TextNormalization::Text, 1.0},
                {1, FieldComparator::Exact, TextNormalization::Text, 2.0},
                {2, FieldComparator::Exact, TextNormalization::Digits, 1.0}};
    o.blocking = {{{0}, TextNormalization::Text, 1, BlockingMethod::SortedNeighbourhood, 4}};
    o.minScore = 0.0;
    Progress progress;
    auto scored = scoreCandidatePairs(table, o, progress, CancelToken());
    ASSERT_TRUE(scored.ok());
    std::map<std::pair<int, int>, double> score;
    for (const auto& p : scored.value().pairs)
        score[{int(p.first), int(p.second)}] = p.score;
    // Rows 0 and 1: names equal after normalisation (1.0), email missing in row 1 (skipped),
    // phones differ as digits (447700900123 vs 07700900123): (1 * 1 + 1 * 0) / 2.
    EXPECT_DOUBLE_EQ(score.at({0, 1}), 0.5);
    EXPECT_EQ(scored.value().comparedPairs, 6u);
}

TEST(FuzzyDedupe, ReviewDecisionsAndSurvivorship) {
    std::vector<TextColumn> table = {
        {"Ann", "Anne", "Ann", "Bob", "Anna"},
        {"2020-01-05", "2023-02-01", "2021-07-30", "2022-01-01", "2019-12-31"},
        {"10", "2.5", std::nullopt, "7", "1"},
        {"x", "yy", "yy", "z", "zzz"},
    };
    DuplicateGroup group;
    group.rows = {0, 1, 2, 4};
    MergeOptions m;
    m.rules = {Survivorship::First, Survivorship::MostRecent, Survivorship::Sum,
               Survivorship::MostFrequent};
    m.recencyColumn = 1;
    auto merged = mergeDuplicates(table, {group}, {}, m);
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    const MergeResult& r = merged.value();
    EXPECT_EQ(r.keptRows, (std::vector<std::uint32_t>{0, 3}));
    EXPECT_EQ(r.mergedCount, (std::vector<std::uint32_t>{4, 1}));
    EXPECT_EQ(*r.table[0][0], "Ann");
    EXPECT_EQ(*r.table[1][0], "2023-02-01");
    EXPECT_EQ(*r.table[2][0], "13.5");
    EXPECT_EQ(*r.table[3][0], "yy");

    // A split keeps {0, 2} together and leaves 1 and 4 alone; a stale review is counted.
    GroupReview split{{0, 1, 2, 4}, GroupReview::Decision::Split, {{2, 0}}};
    GroupReview stale{{7, 8}, GroupReview::Decision::Confirm, {}};
    m.rules[3] = Survivorship::Longest;
    merged = mergeDuplicates(table, {group}, {split, stale}, m);
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged.value().keptRows, (std::vector<std::uint32_t>{0, 1, 3, 4}));
    EXPECT_EQ(*merged.value().table[3][0], "yy");
    EXPECT_EQ(merged.value().staleReviews, 1u);

    // Rejecting (a split with no parts) keeps every row.
    merged = mergeDuplicates(table, {group}, {{{0, 1, 2, 4}, GroupReview::Decision::Split, {}}}, m);
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged.value().keptRows.size(), 5u);

    // Unreviewed groups stay when mergeUnreviewed is off.
    m.mergeUnreviewed = false;
    merged = mergeDuplicates(table, {group}, {}, m);
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged.value().keptRows.size(), 5u);

    // Errors name what is wrong.
    m.rules = {Survivorship::Sum};
    auto bad = mergeDuplicates(table, {group}, {}, MergeOptions{{Survivorship::Sum}, {}, true});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("'Ann'"), std::string::npos) << bad.error().message;
    bad = mergeDuplicates(table, {group}, {{{0, 1, 2, 4}, GroupReview::Decision::Split, {{0, 3}}}},
                          MergeOptions{});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("row 4"), std::string::npos) << bad.error().message;
}

TEST(FuzzyDedupe, RejectsBadOptionsAndHonoursCancel) {
    std::vector<TextColumn> table = {{"a", "b"}, {"c", "d"}};
    DedupeOptions o;
    Progress progress;
    EXPECT_FALSE(scoreCandidatePairs(table, o, progress, CancelToken()).ok());
    o.fields = {{5, FieldComparator::Exact, TextNormalization::Text, 1.0}};
    o.blocking = {{{0}, TextNormalization::Text, 0, BlockingMethod::Standard, 10}};
    auto r = scoreCandidatePairs(table, o, progress, CancelToken());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("column 6"), std::string::npos);
    o.fields[0].column = 0;
    CancelToken cancel;
    cancel.cancel();
    EXPECT_TRUE(scoreCandidatePairs(table, o, progress, cancel).isCancelled());
}

TEST(FuzzyDedupe, NormalisesText) {
    EXPECT_EQ(normalizeText("  Jon   SMITH ", TextNormalization::Text), "jon smith");
    EXPECT_EQ(normalizeText("ÉMILE  Zoë", TextNormalization::Text), "émile zoë");
    EXPECT_EQ(normalizeText("(07700) 900-123", TextNormalization::Digits), "07700900123");
}

/// The 100,000-record benchmark (docs/benchmarks.md): runs only when MICROSEG_DEDUPE_BENCH_CSV
/// names a file written by make_dedupe_data.py --rows 100000 --seed 7.
TEST(FuzzyDedupe, Benchmark100k) {
    const char* path = std::getenv("MICROSEG_DEDUPE_BENCH_CSV");
    if (!path)
        GTEST_SKIP() << "set MICROSEG_DEDUPE_BENCH_CSV to run the benchmark";
    const CsvTable t = readCsv(path);
    DedupeOptions options = customerOptions(t);
    if (const char* threads = std::getenv("MICROSEG_DEDUPE_BENCH_THREADS"))
        options.threads = std::atoi(threads);
    const auto start = std::chrono::steady_clock::now();
    Progress progress;
    auto scored = scoreCandidatePairs(t.columns, options, progress, CancelToken());
    ASSERT_TRUE(scored.ok());
    const auto groups = duplicateGroups(scored.value(), kThreshold);
    auto merged = mergeDuplicates(t.columns, groups, {}, MergeOptions{});
    ASSERT_TRUE(merged.ok());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Quality q = pairQuality(t, groups);
    std::cout << "rows " << t.columns[0].size() << " compared " << scored.value().comparedPairs
              << " groups " << groups.size() << " precision " << q.precision << " recall "
              << q.recall << " seconds " << seconds << "\n";
    EXPECT_LT(seconds, 60.0);
    EXPECT_GE(q.precision, 0.95);
    EXPECT_GE(q.recall, 0.95);
}
