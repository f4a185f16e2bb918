// String comparators against independent Python references
// (tests/fixtures/clean/make_string_similarity_reference.py) and published textbook values.
#include "cluster_fixtures.h"
#include "microseg/clean/string_similarity.h"

#include <QJsonArray>
#include <QJsonObject>
#include <gtest/gtest.h>

using namespace microseg::core::clean;
using microseg::test::loadJson;

TEST(StringSimilarity, MatchesReferenceCases) {
    const QJsonArray cases = loadJson("clean/string_similarity.json")["cases"].toArray();
    ASSERT_GT(cases.size(), 300);
    for (const QJsonValue& value : cases) {
        const QJsonObject c = value.toObject();
        const std::string a = c["a"].toString().toStdString();
        const std::string b = c["b"].toString().toStdString();
        SCOPED_TRACE("'" + a + "' vs '" + b + "'");
        const auto expected = static_cast<std::size_t>(c["levenshtein"].toInt());
        EXPECT_EQ(levenshteinDistance(std::string_view(a), std::string_view(b)), expected);
        const std::u32string ua = decodeUtf8(a);
        const std::u32string ub = decodeUtf8(b);
        for (std::size_t bound : {0u, 1u, 2u, 3u, 6u})
            EXPECT_EQ(boundedLevenshteinDistance(ua, ub, bound), std::min(expected, bound + 1))
                << "bound " << bound;
        EXPECT_NEAR(jaroSimilarity(std::string_view(a), std::string_view(b)),
                    c["jaro"].toDouble(), 1e-12);
        EXPECT_NEAR(jaroWinklerSimilarity(std::string_view(a), std::string_view(b)),
                    c["jaro_winkler"].toDouble(), 1e-12);
    }
}

TEST(StringSimilarity, PublishedValues) {
    // Winkler (1990) and jellyfish's documentation examples.
    EXPECT_NEAR(jaroWinklerSimilarity(std::string_view("MARTHA"), "MARHTA"), 0.961111, 1e-6);
    EXPECT_NEAR(jaroSimilarity(std::string_view("MARTHA"), "MARHTA"), 0.944444, 1e-6);
    EXPECT_NEAR(jaroWinklerSimilarity(std::string_view("DWAYNE"), "DUANE"), 0.84, 1e-6);
    EXPECT_NEAR(jaroWinklerSimilarity(std::string_view("DIXON"), "DICKSONX"), 0.813333, 1e-6);
    EXPECT_EQ(levenshteinDistance(std::string_view("kitten"), "sitting"), 3u);
}

TEST(StringSimilarity, DecodesUtf8AsCodePoints) {
    EXPECT_EQ(decodeUtf8("café").size(), 4u);
    EXPECT_EQ(levenshteinDistance(std::string_view("café"), "cafe"), 1u);
    // A lone continuation byte and a truncated sequence each become one U+FFFD.
    const std::u32string bad = decodeUtf8(std::string("a\x80") + "b\xC3");
    EXPECT_EQ(bad, std::u32string(U"a\uFFFDb\uFFFD"));
}

TEST(StringSimilarity, LevenshteinSimilarityIsNormalised) {
    EXPECT_DOUBLE_EQ(levenshteinSimilarity(U"", U""), 1.0);
    EXPECT_DOUBLE_EQ(levenshteinSimilarity(U"abcd", U"abce"), 0.75);
    EXPECT_DOUBLE_EQ(levenshteinSimilarity(U"abc", U"xyz"), 0.0);
}
