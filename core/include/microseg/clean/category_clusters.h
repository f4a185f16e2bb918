#pragma once
/// @file category_clusters.h
/// Suggestions for a category mapping table (value -> canonical value): groups of distinct values
/// that look like spellings of one category, as OpenRefine's "Cluster and edit" finds them
/// (https://openrefine.org/docs/technical-reference/clustering-in-depth):
///
/// - Key collision, fingerprint keyer: trim, lowercase, fold accents to ASCII ("Gödel" ->
///   "godel"), remove punctuation and control characters, split on whitespace, sort the tokens,
///   drop duplicates, join with one space. "New York", "new york " and "York, New" collide.
/// - Key collision, n-gram fingerprint keyer (n = 2 by default): lowercase, remove punctuation,
///   whitespace and control characters, take the character n-grams, sort, drop duplicates, join,
///   fold accents. Catches "Krzysztof" / "Kryzysztof" style slips the token keyer misses.
/// - Nearest neighbours by Levenshtein distance (radius r, case folded first): every value with at
///   least one other value within r forms a group with those neighbours, as OpenRefine's kNN
///   clusterer does (groups equal to or contained in another group are dropped). Blocking keeps
///   it far from all-pairs: two strings within distance r share at least max(|a|, |b|) - 1 - 2r
///   character bigrams (the q-gram lemma, E. Ukkonen, "Approximate string-matching with q-grams
///   and maximal matches", Theoretical Computer Science 92, 1992), so only pairs found through an
///   inverted bigram index with enough shared bigrams, and pairs of strings too short for the
///   lemma to bite, are compared, with the banded Levenshtein of string_similarity.h. No pair
///   within r is missed.
///
/// Acronyms ("NYC" for "New York City") are beyond these methods: the analyst adds such values to
/// a group by hand in the mapping table. Each group lists its values with their row counts and
/// suggests the most frequent value as the canonical one (ties: the smallest in code-point order).
///
/// Progress/cancel contract: suggestCategoryClusters polls the token every few hundred values
/// and returns cancelledError() without a partial result.

#include "microseg/clean/plain_columns.h"
#include "microseg/error.h"
#include "microseg/progress.h"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace microseg::core::clean {

struct CategoryValue {
    std::string value;
    std::size_t count = 0; ///< rows holding exactly this value
};

/// Distinct non-missing values with their row counts, most frequent first (ties by value).
std::vector<CategoryValue> categoryValueCounts(const TextColumn& column);

std::string fingerprintKey(std::string_view value);
std::string ngramFingerprintKey(std::string_view value, std::size_t n = 2);

enum class CategoryClusterMethod { Fingerprint, NGramFingerprint, Levenshtein };

struct CategoryClusterOptions {
    CategoryClusterMethod method = CategoryClusterMethod::Fingerprint;
    std::size_t ngramSize = 2; ///< NGramFingerprint: n >= 1
    std::size_t radius = 1;    ///< Levenshtein: largest edit distance inside a group, >= 1
};

struct CategoryCluster {
    std::vector<CategoryValue> values; ///< most frequent first (ties by value), at least two
    std::string suggested;             ///< the canonical value proposed: values.front().value
    std::size_t rows = 0;              ///< rows holding any of the values
    std::string key;                   ///< the colliding key (key-collision methods), else ""
};

/// Groups of similar values, largest first (more values, then more rows, then by suggested value).
Result<std::vector<CategoryCluster>> suggestCategoryClusters(const TextColumn& column,
                                                             const CategoryClusterOptions& options,
                                                             Progress& progress,
                                                             const CancelToken& cancel);

/// The analyst's table: value -> canonical value (values not in the table stay as they are).
using CategoryMapping = std::map<std::string, std::string>;

struct MappedColumn {
    TextColumn column;
    std::size_t changed = 0; ///< cells whose value was replaced by a different one
};

MappedColumn applyCategoryMapping(const TextColumn& column, const CategoryMapping& mapping);

/// The mapping that sends every value of each accepted cluster to its suggested value.
CategoryMapping mappingFromClusters(const std::vector<CategoryCluster>& clusters);

} // namespace microseg::core::clean
