// OpenRefine-style clustering of category spellings (see category_clusters.h).
#include "microseg/clean/category_clusters.h"

#include "invalid_argument.h"
#include "microseg/clean/string_similarity.h"

#include <QList>
#include <QString>
#include <algorithm>
#include <set>
#include <unordered_map>

namespace microseg::core::clean {

namespace {

std::u32string toCodePoints(const QString& s) {
    std::u32string out;
    for (char32_t c : s.toUcs4())
        out.push_back(c);
    return out;
}

std::string toUtf8(const std::u32string& s) {
    return QString::fromUcs4(s.data(), static_cast<qsizetype>(s.size())).toStdString();
}

/// Accents and ligatures of western scripts to ASCII: compatibility decomposition, marks dropped,
/// and the letters that do not decompose spelled out (as OpenRefine's asciify does).
std::u32string foldToAscii(const std::u32string& s) {
    const QString decomposed = QString::fromUcs4(s.data(), static_cast<qsizetype>(s.size()))
                                   .normalized(QString::NormalizationForm_KD);
    std::u32string out;
    for (char32_t c : decomposed.toUcs4()) {
        const auto category = QChar::category(c);
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing ||
            category == QChar::Mark_SpacingCombining)
            continue;
        switch (c) {
        case U'ß': out += U"ss"; break;
        case U'æ': out += U"ae"; break;
        case U'Æ': out += U"AE"; break;
        case U'œ': out += U"oe"; break;
        case U'Œ': out += U"OE"; break;
        case U'ø': out += U'o'; break;
        case U'Ø': out += U'O'; break;
        case U'ł': out += U'l'; break;
        case U'Ł': out += U'L'; break;
        case U'đ': out += U'd'; break;
        case U'Đ': out += U'D'; break;
        case U'þ': out += U"th"; break;
        case U'Þ': out += U"TH"; break;
        case U'ı': out += U'i'; break;
        default: out.push_back(c);
        }
    }
    return out;
}

bool isPunctuationOrSymbol(char32_t c) { return QChar::isPunct(c) || QChar::isSymbol(c); }
bool isControl(char32_t c) { return QChar::category(c) == QChar::Other_Control && !QChar::isSpace(c); }

std::u32string lowered(std::string_view value) {
    return toCodePoints(
        QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size())).toLower());
}

CategoryCluster makeCluster(const std::vector<CategoryValue>& values,
                            const std::vector<std::size_t>& members, std::string key) {
    CategoryCluster cluster;
    for (std::size_t m : members)
        cluster.values.push_back(values[m]);
    std::sort(cluster.values.begin(), cluster.values.end(),
              [](const CategoryValue& a, const CategoryValue& b) {
                  return a.count != b.count ? a.count > b.count : a.value < b.value;
              });
    for (const auto& v : cluster.values)
        cluster.rows += v.count;
    cluster.suggested = cluster.values.front().value;
    cluster.key = std::move(key);
    return cluster;
}

using Bigram = std::uint64_t;

/// Bigrams of a string with their multiplicities.
std::vector<std::pair<Bigram, std::uint32_t>> bigrams(const std::u32string& s) {
    std::vector<Bigram> grams;
    for (std::size_t i = 0; i + 1 < s.size(); ++i)
        grams.push_back((Bigram{s[i]} << 32) | s[i + 1]);
    std::sort(grams.begin(), grams.end());
    std::vector<std::pair<Bigram, std::uint32_t>> out;
    for (Bigram g : grams) {
        if (!out.empty() && out.back().first == g)
            ++out.back().second;
        else
            out.emplace_back(g, 1);
    }
    return out;
}

/// For each value, the values within `radius` (Levenshtein on case-folded text), by q-gram
/// count filtering; see the header for why nothing is missed.
Result<std::vector<std::vector<std::size_t>>>
levenshteinNeighbours(const std::vector<CategoryValue>& values, std::size_t radius,
                      Progress& progress, const CancelToken& cancel) {
    const std::size_t n = values.size();
    std::vector<std::u32string> folded(n);
    for (std::size_t i = 0; i < n; ++i)
        folded[i] = toCodePoints(QString::fromStdString(values[i].value).toCaseFolded());
    std::unordered_map<Bigram, std::vector<std::pair<std::uint32_t, std::uint32_t>>> index;
    std::vector<std::vector<std::pair<Bigram, std::uint32_t>>> grams(n);
    for (std::size_t i = 0; i < n; ++i) {
        grams[i] = bigrams(folded[i]);
        for (const auto& [g, m] : grams[i])
            index[g].emplace_back(static_cast<std::uint32_t>(i), m);
    }
    const std::size_t shortLength = 1 + 2 * radius; // pairs this short need no shared bigram
    std::vector<std::size_t> shortOnes;
    for (std::size_t i = 0; i < n; ++i)
        if (folded[i].size() <= shortLength)
            shortOnes.push_back(i);
    std::vector<std::vector<std::size_t>> neighbours(n);
    const auto consider = [&](std::size_t i, std::size_t j) {
        const std::size_t li = folded[i].size();
        const std::size_t lj = folded[j].size();
        if ((li > lj ? li - lj : lj - li) > radius)
            return;
        if (boundedLevenshteinDistance(folded[i], folded[j], radius) <= radius) {
            neighbours[i].push_back(j);
            neighbours[j].push_back(i);
        }
    };
    for (std::size_t a = 0; a < shortOnes.size(); ++a)
        for (std::size_t b = a + 1; b < shortOnes.size(); ++b)
            consider(shortOnes[a], shortOnes[b]);
    std::vector<std::uint32_t> shared(n, 0);
    std::vector<std::uint32_t> touched;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 256 == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(static_cast<double>(i) / static_cast<double>(n));
        }
        for (const auto& [g, m] : grams[i])
            for (const auto& [j, mj] : index[g]) {
                if (j <= i)
                    continue;
                if (shared[j] == 0)
                    touched.push_back(j);
                shared[j] += std::min(m, mj);
            }
        for (std::uint32_t j : touched) {
            const std::size_t longest = std::max(folded[i].size(), folded[j].size());
            // Pairs of two short strings were compared above.
            if (longest > shortLength && shared[j] + 1 + 2 * radius >= longest)
                consider(i, j);
            shared[j] = 0;
        }
        touched.clear();
    }
    return neighbours;
}

} // namespace

std::vector<CategoryValue> categoryValueCounts(const TextColumn& column) {
    std::map<std::string, std::size_t> counts;
    for (const auto& v : column)
        if (v)
            ++counts[*v];
    std::vector<CategoryValue> out;
    for (const auto& [value, count] : counts)
        out.push_back({value, count});
    std::stable_sort(out.begin(), out.end(), [](const CategoryValue& a, const CategoryValue& b) {
        return a.count > b.count;
    });
    return out;
}

std::string fingerprintKey(std::string_view value) {
    const std::u32string text =
        foldToAscii(toCodePoints(QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()))
                                     .trimmed()
                                     .toLower()));
    std::set<std::u32string> tokens;
    std::u32string token;
    for (char32_t c : text) {
        if (QChar::isSpace(c)) {
            if (!token.empty())
                tokens.insert(token);
            token.clear();
        } else if (!isPunctuationOrSymbol(c) && !isControl(c)) {
            token.push_back(c);
        }
    }
    if (!token.empty())
        tokens.insert(token);
    std::u32string key;
    for (const auto& t : tokens) {
        if (!key.empty())
            key.push_back(U' ');
        key += t;
    }
    return toUtf8(key);
}

std::string ngramFingerprintKey(std::string_view value, std::size_t n) {
    std::u32string text;
    for (char32_t c : lowered(value))
        if (!isPunctuationOrSymbol(c) && !isControl(c) && !QChar::isSpace(c))
            text.push_back(c);
    n = std::max<std::size_t>(n, 1);
    std::set<std::u32string> grams;
    if (text.size() < n && !text.empty())
        grams.insert(text); // shorter than one n-gram: the whole text is its only gram
    for (std::size_t i = 0; i + n <= text.size(); ++i)
        grams.insert(text.substr(i, n));
    std::u32string key;
    for (const auto& g : grams)
        key += g;
    return toUtf8(foldToAscii(key));
}

Result<std::vector<CategoryCluster>> suggestCategoryClusters(const TextColumn& column,
                                                             const CategoryClusterOptions& options,
                                                             Progress& progress,
                                                             const CancelToken& cancel) {
    if (options.method == CategoryClusterMethod::NGramFingerprint && options.ngramSize < 1)
        return invalidArgument("The n-gram size must be >= 1.");
    if (options.method == CategoryClusterMethod::Levenshtein && options.radius < 1)
        return invalidArgument("The Levenshtein radius must be >= 1.");
    const std::vector<CategoryValue> values = categoryValueCounts(column);
    std::vector<CategoryCluster> clusters;
    if (options.method == CategoryClusterMethod::Levenshtein) {
        auto neighbours = levenshteinNeighbours(values, options.radius, progress, cancel);
        if (!neighbours.ok())
            return neighbours.error();
        std::vector<std::vector<std::size_t>> groups;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (neighbours.value()[i].empty())
                continue;
            std::vector<std::size_t> group = neighbours.value()[i];
            group.push_back(i);
            std::sort(group.begin(), group.end());
            groups.push_back(std::move(group));
        }
        std::sort(groups.begin(), groups.end());
        groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
        // Drop groups inside a larger one: a superset contains the group's first member, so only
        // the groups holding that member are candidates.
        std::unordered_map<std::size_t, std::vector<std::size_t>> holding;
        for (std::size_t g = 0; g < groups.size(); ++g)
            for (std::size_t m : groups[g])
                holding[m].push_back(g);
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const bool contained = std::any_of(
                holding[groups[g].front()].begin(), holding[groups[g].front()].end(),
                [&](std::size_t h) {
                    return h != g && groups[h].size() > groups[g].size() &&
                           std::includes(groups[h].begin(), groups[h].end(), groups[g].begin(),
                                         groups[g].end());
                });
            if (!contained)
                clusters.push_back(makeCluster(values, groups[g], {}));
        }
    } else {
        std::map<std::string, std::vector<std::size_t>> byKey;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i % 1024 == 0 && cancel.isCancelled())
                return cancelledError();
            const std::string key = options.method == CategoryClusterMethod::Fingerprint
                                        ? fingerprintKey(values[i].value)
                                        : ngramFingerprintKey(values[i].value, options.ngramSize);
            byKey[key].push_back(i);
        }
        for (const auto& [key, members] : byKey)
            if (members.size() >= 2)
                clusters.push_back(makeCluster(values, members, key));
    }
    std::sort(clusters.begin(), clusters.end(), [](const CategoryCluster& a, const CategoryCluster& b) {
        if (a.values.size() != b.values.size())
            return a.values.size() > b.values.size();
        if (a.rows != b.rows)
            return a.rows > b.rows;
        return a.suggested < b.suggested;
    });
    progress.report(1.0);
    return clusters;
}

MappedColumn applyCategoryMapping(const TextColumn& column, const CategoryMapping& mapping) {
    MappedColumn out;
    out.column = column;
    for (auto& cell : out.column) {
        if (!cell)
            continue;
        const auto found = mapping.find(*cell);
        if (found != mapping.end() && found->second != *cell) {
            cell = found->second;
            ++out.changed;
        }
    }
    return out;
}

CategoryMapping mappingFromClusters(const std::vector<CategoryCluster>& clusters) {
    CategoryMapping mapping;
    for (const CategoryCluster& cluster : clusters)
        for (const CategoryValue& v : cluster.values)
            if (v.value != cluster.suggested)
                mapping[v.value] = cluster.suggested;
    return mapping;
}

} // namespace microseg::core::clean
