#pragma once
/// @file string_similarity.h
/// String comparators for category clustering and fuzzy de-duplication. All work on Unicode code
/// points (the UTF-8 input is decoded first; an invalid byte becomes U+FFFD), so "é" is one
/// character, as in Python.
///
/// Definitions follow the jellyfish library (which the fixture script re-implements independently
/// in tests/fixtures/clean/make_string_similarity_reference.py):
/// - Levenshtein distance: the minimum number of single-character insertions, deletions and
///   substitutions (V. I. Levenshtein, "Binary codes capable of correcting deletions, insertions
///   and reversals", Soviet Physics Doklady 10(8), 1966), Wagner-Fischer dynamic programme.
/// - Jaro similarity (M. A. Jaro, "Advances in record-linkage methodology as applied to matching
///   the 1985 census of Tampa, Florida", JASA 84(406), 1989): characters match when equal and at
///   most max(|a|, |b|) / 2 - 1 positions apart; t is half the matched characters out of order;
///   sim = (m/|a| + m/|b| + (m - t)/m) / 3, and 0 when m = 0 or either string is empty.
/// - Jaro-Winkler (W. E. Winkler, "String comparator metrics and enhanced decision rules in the
///   Fellegi-Sunter model of record linkage", Proc. Section on Survey Research Methods, ASA, 1990):
///   when the Jaro similarity exceeds 0.7 it is raised by l * 0.1 * (1 - sim), l the length of the
///   common prefix up to 4 characters (jellyfish's default, long_tolerance off).

#include <cstddef>
#include <string>
#include <string_view>

namespace microseg::core::clean {

/// Decodes UTF-8 into code points; malformed sequences become U+FFFD, one per bad byte.
std::u32string decodeUtf8(std::string_view text);

/// Levenshtein distance between two strings of code points.
std::size_t levenshteinDistance(std::u32string_view a, std::u32string_view b);
std::size_t levenshteinDistance(std::string_view a, std::string_view b);

/// Levenshtein distance if it is at most `maxDistance`, otherwise maxDistance + 1. Computes only a
/// band of 2 * maxDistance + 1 diagonals (Ukkonen 1985) and stops early once every cell in the
/// band exceeds the bound, so it costs O(maxDistance * length).
std::size_t boundedLevenshteinDistance(std::u32string_view a, std::u32string_view b,
                                       std::size_t maxDistance);

/// 1 - distance / max(|a|, |b|), and 1 for two empty strings: a similarity in [0, 1].
double levenshteinSimilarity(std::u32string_view a, std::u32string_view b);

double jaroSimilarity(std::u32string_view a, std::u32string_view b);
double jaroSimilarity(std::string_view a, std::string_view b);
double jaroWinklerSimilarity(std::u32string_view a, std::u32string_view b);
double jaroWinklerSimilarity(std::string_view a, std::string_view b);

} // namespace microseg::core::clean
