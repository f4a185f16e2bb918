#include "microseg/clean/string_similarity.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace microseg::core::clean {

std::u32string decodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char lead = byte(i);
        std::size_t extra = 0;
        char32_t cp = 0;
        char32_t minimum = 0;
        if (lead < 0x80) {
            out.push_back(lead);
            ++i;
            continue;
        }
        if ((lead & 0xE0) == 0xC0) {
            extra = 1, cp = lead & 0x1F, minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2, cp = lead & 0x0F, minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3, cp = lead & 0x07, minimum = 0x10000;
        } else {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        bool valid = i + extra < text.size();
        for (std::size_t k = 1; valid && k <= extra; ++k) {
            if ((byte(i + k) & 0xC0) != 0x80)
                valid = false;
            else
                cp = (cp << 6) | (byte(i + k) & 0x3F);
        }
        if (!valid || cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            out.push_back(U'\uFFFD'); // one replacement per bad byte, resynchronise on the next
            ++i;
            continue;
        }
        out.push_back(cp);
        i += extra + 1;
    }
    return out;
}

std::size_t levenshteinDistance(std::u32string_view a, std::u32string_view b) {
    if (a.size() < b.size())
        std::swap(a, b); // the row is over the shorter string
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0]; // D[i-1][j-1]
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j]; // D[i-1][j]
            const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({up + 1, row[j - 1] + 1, substitute});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::size_t levenshteinDistance(std::string_view a, std::string_view b) {
    return levenshteinDistance(decodeUtf8(a), decodeUtf8(b));
}

std::size_t boundedLevenshteinDistance(std::u32string_view a, std::u32string_view b,
                                       std::size_t maxDistance) {
    if (a.size() < b.size())
        std::swap(a, b);
    const std::size_t over = maxDistance + 1;
    if (a.size() - b.size() > maxDistance)
        return over;
    const std::size_t big = std::numeric_limits<std::size_t>::max() / 2;
    // Full-width rows, but only cells with |i - j| <= maxDistance are computed; the others hold
    // `big` so that they never win a minimum.
    std::vector<std::size_t> previous(b.size() + 1, big);
    std::vector<std::size_t> current(b.size() + 1, big);
    for (std::size_t j = 0; j <= std::min(b.size(), maxDistance); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        const std::size_t lo = i > maxDistance ? i - maxDistance : 0;
        const std::size_t hi = std::min(b.size(), i + maxDistance);
        if (lo > 0)
            current[lo - 1] = big;
        std::size_t rowMinimum = big;
        for (std::size_t j = lo; j <= hi; ++j) {
            std::size_t value;
            if (j == 0) {
                value = i;
            } else {
                const std::size_t substitute =
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                value = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
            }
            current[j] = value;
            rowMinimum = std::min(rowMinimum, value);
        }
        if (hi < b.size())
            current[hi + 1] = big;
        if (rowMinimum > maxDistance)
            return over;
        std::swap(previous, current);
    }
    return std::min(previous[b.size()], over);
}

double levenshteinSimilarity(std::u32string_view a, std::u32string_view b) {
    const std::size_t longest = std::max(a.size(), b.size());
    if (longest == 0)
        return 1.0;
    return 1.0 - static_cast<double>(levenshteinDistance(a, b)) / static_cast<double>(longest);
}

namespace {

double jaroImpl(std::u32string_view a, std::u32string_view b, bool winklerize) {
    if (a.empty() || b.empty())
        return 0.0;
    const std::ptrdiff_t la = static_cast<std::ptrdiff_t>(a.size());
    const std::ptrdiff_t lb = static_cast<std::ptrdiff_t>(b.size());
    const std::ptrdiff_t range = std::max<std::ptrdiff_t>(0, std::max(la, lb) / 2 - 1);
    std::vector<char> aFlag(a.size(), 0);
    std::vector<char> bFlag(b.size(), 0);
    std::ptrdiff_t common = 0;
    for (std::ptrdiff_t i = 0; i < la; ++i) {
        const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(0, i - range);
        const std::ptrdiff_t hi = std::min(i + range, lb - 1);
        for (std::ptrdiff_t j = lo; j <= hi; ++j) {
            const auto ju = static_cast<std::size_t>(j);
            const auto iu = static_cast<std::size_t>(i);
            if (!bFlag[ju] && b[ju] == a[iu]) {
                aFlag[iu] = bFlag[ju] = 1;
                ++common;
                break;
            }
        }
    }
    if (common == 0)
        return 0.0;
    std::ptrdiff_t transpositions = 0;
    std::size_t k = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!aFlag[i])
            continue;
        while (!bFlag[k])
            ++k;
        if (a[i] != b[k])
            ++transpositions;
        ++k;
    }
    transpositions /= 2;
    const double m = static_cast<double>(common);
    double weight = (m / static_cast<double>(la) + m / static_cast<double>(lb) +
                     (m - static_cast<double>(transpositions)) / m) /
                    3.0;
    if (winklerize && weight > 0.7) {
        const std::size_t limit = std::min<std::size_t>(std::min(a.size(), b.size()), 4);
        std::size_t prefix = 0;
        while (prefix < limit && a[prefix] == b[prefix])
            ++prefix;
        weight += static_cast<double>(prefix) * 0.1 * (1.0 - weight);
    }
    return weight;
}

} // namespace

double jaroSimilarity(std::u32string_view a, std::u32string_view b) {
    return jaroImpl(a, b, false);
}
double jaroSimilarity(std::string_view a, std::string_view b) {
    return jaroImpl(decodeUtf8(a), decodeUtf8(b), false);
}
double jaroWinklerSimilarity(std::u32string_view a, std::u32string_view b) {
    return jaroImpl(a, b, true);
}
double jaroWinklerSimilarity(std::string_view a, std::string_view b) {
    return jaroImpl(decodeUtf8(a), decodeUtf8(b), true);
}

} // namespace microseg::core::clean
