#pragma once
/// @file fuzzy_dedupe.h
/// Record-level fuzzy de-duplication: candidate pairs from blocking, a weighted field-by-field
/// score, duplicate groups as connected components, an analyst's review, and survivorship rules
/// that merge each group into one record.
///
/// Model. Following Fellegi and Sunter ("A theory for record linkage", JASA 64(328), 1969), a
/// pair of records is compared field by field and the field agreements are combined into one
/// score; instead of their log-likelihood agreement weights we use analyst-set weights on graded
/// similarities in [0, 1] (exact, Levenshtein, Jaro-Winkler: string_similarity.h), so the score is
/// sum_f w_f s_f / sum_f w_f over the fields present (non-empty after normalisation) in both
/// records, and 0 when no field is present in both. One threshold splits matches from non-matches.
///
/// Blocking (P. Christen, "Data Matching", Springer 2012, ch. 4): pairs are only compared when
/// they agree on some blocking key, so 100,000 records never cost 5 * 10^9 comparisons. Each pass
/// builds a key from one or more columns (normalised, optionally cut to a prefix) and either
/// compares all records with equal keys (standard blocking; blocks larger than maxBlockSize are
/// skipped and counted, since a key shared by thousands of records is no key) or sorts the
/// records by key and compares each record with the next window - 1 ones (the sorted-
/// neighbourhood method, Hernandez and Stolfo, "The merge/purge problem for large databases",
/// SIGMOD 1995). The candidate set is the union of all passes (multi-pass, so a typo in one key
/// is caught by another).
///
/// Live counts for a threshold slider: all candidate pairs are scored once; the pairs are kept
/// sorted by descending score together with the running number of groups and grouped records as
/// pairs are added in that order (a union-find pass), so countsAtThreshold() answers any
/// threshold with one binary search.
///
/// Groups at a threshold are the connected components (Boost.Graph connected_components) of the
/// graph whose edges are the pairs scoring at least the threshold. A group is identified by its
/// sorted row indices, which is how review decisions are stored in recipe parameters and found
/// again when the recipe replays on the same input.
///
/// Progress/cancel contract: scoreCandidatePairs polls the token before every block of pairs and
/// returns cancelledError() with no partial result; the other functions are fast.

#include "microseg/clean/plain_columns.h"
#include "microseg/error.h"
#include "microseg/progress.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace microseg::core::clean {

enum class FieldComparator {
    Exact,       ///< 1 when the normalised values are equal, else 0 (email, phone, postcode)
    Levenshtein, ///< 1 - distance / longer length (addresses)
    JaroWinkler, ///< Winkler 1990 (names)
};

enum class TextNormalization {
    None,   ///< compare as stored
    Text,   ///< Unicode case folding, trimmed, inner whitespace runs collapsed to one space
    Digits, ///< only the decimal digits are kept (phone numbers written in several formats)
};

struct DedupeField {
    std::size_t column = 0;
    FieldComparator comparator = FieldComparator::JaroWinkler;
    TextNormalization normalization = TextNormalization::Text;
    double weight = 1.0; ///< > 0
};

enum class BlockingMethod { Standard, SortedNeighbourhood };

struct BlockingPass {
    std::vector<std::size_t> columns; ///< key = normalised values joined with one space
    TextNormalization normalization = TextNormalization::Text;
    std::size_t prefixLength = 0; ///< keep this many code points of the key (0 = all)
    BlockingMethod method = BlockingMethod::Standard;
    std::size_t window = 10; ///< sorted neighbourhood: compare with the next window - 1 records
};

struct DedupeOptions {
    std::vector<DedupeField> fields;
    std::vector<BlockingPass> blocking;
    std::size_t maxBlockSize = 500; ///< standard blocks with more records are skipped
    double minScore = 0.5;          ///< pairs scoring lower are not kept (bounds memory)
    int threads = 0;                ///< 0 = all cores
};

struct ScoredPair {
    std::uint32_t first = 0;  ///< row index, first < second
    std::uint32_t second = 0;
    double score = 0.0;
};

struct DedupeCandidates {
    std::size_t rows = 0;
    std::size_t comparedPairs = 0; ///< distinct candidate pairs from blocking
    std::size_t skippedBlocks = 0; ///< standard blocks over maxBlockSize
    std::vector<ScoredPair> pairs; ///< score >= minScore, by descending score then (first, second)
    /// After adding pairs[0..i] to an empty graph: groups (components with >= 2 rows) and rows in
    /// them. Used by countsAtThreshold.
    std::vector<std::uint32_t> groupsAfter;
    std::vector<std::uint32_t> groupedRowsAfter;
};

/// Blocks, compares and scores. Errors (InvalidArgument): columns of unequal length, a field or
/// blocking column out of range, no fields, no blocking pass, a weight <= 0, window < 2, more than
/// 2^32 - 1 rows.
Result<DedupeCandidates> scoreCandidatePairs(const std::vector<TextColumn>& table,
                                             const DedupeOptions& options, Progress& progress,
                                             const CancelToken& cancel);

struct ThresholdCounts {
    std::size_t pairs = 0;       ///< candidate pairs scoring >= threshold
    std::size_t groups = 0;      ///< duplicate groups
    std::size_t groupedRows = 0; ///< rows in some group
    std::size_t removedRows = 0; ///< rows that merging all groups would remove
};

/// O(log pairs). Thresholds below options.minScore count only the pairs that were kept.
ThresholdCounts countsAtThreshold(const DedupeCandidates& candidates, double threshold);

struct DuplicateGroup {
    std::vector<std::uint32_t> rows; ///< increasing
    double minPairScore = 0.0;       ///< weakest and strongest edge inside the group
    double maxPairScore = 0.0;
};

/// Connected components of the pairs scoring >= threshold, ordered by their first row.
std::vector<DuplicateGroup> duplicateGroups(const DedupeCandidates& candidates, double threshold);

/// The analyst's decision about one group, keyed by the group's rows.
struct GroupReview {
    enum class Decision { Confirm, Split };
    std::vector<std::uint32_t> rows; ///< the group as it was reviewed (increasing)
    Decision decision = Decision::Confirm;
    /// Split: the sub-groups to merge separately; rows of the group in no part stay alone (an
    /// empty list rejects the whole group).
    std::vector<std::vector<std::uint32_t>> parts;
};

enum class Survivorship {
    First,        ///< first non-missing value in row order
    MostRecent,   ///< value of the most recent record (by MergeOptions::recencyColumn)
    MostFrequent, ///< most frequent non-missing value; ties go to the first seen
    Longest,      ///< longest value in code points; ties go to the first seen
    Sum,          ///< sum of the numeric values (an error names a non-numeric value)
};

struct MergeOptions {
    std::vector<Survivorship> rules; ///< one per column (missing entries mean First)
    /// Column ordering records for MostRecent: numbers, or ISO 8601 dates/times compared as
    /// text; a record without a value is the least recent. Required when any rule is MostRecent.
    std::optional<std::size_t> recencyColumn;
    bool mergeUnreviewed = true; ///< merge groups without a (still valid) review
};

struct MergeResult {
    std::vector<TextColumn> table;       ///< merged table, rows in input order of their first row
    std::vector<std::uint32_t> keptRows; ///< per output row: its input row (first of its group)
    std::vector<std::uint32_t> mergedCount; ///< per output row: input rows merged into it
    std::size_t mergedGroups = 0;
    std::size_t staleReviews = 0; ///< reviews whose rows match no current group (ignored)
};

/// Applies the reviews to the groups and merges each resulting group into its first row.
/// Errors (InvalidArgument): a split part with rows outside its group or in two parts, a Sum
/// over a non-numeric value (naming column and row), MostRecent without recencyColumn.
Result<MergeResult> mergeDuplicates(const std::vector<TextColumn>& table,
                                    const std::vector<DuplicateGroup>& groups,
                                    const std::vector<GroupReview>& reviews,
                                    const MergeOptions& options);

/// Normalises one value as the comparators and blocking keys see it.
std::string normalizeText(const std::string& value, TextNormalization normalization);

} // namespace microseg::core::clean
