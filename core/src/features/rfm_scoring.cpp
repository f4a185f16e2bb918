// RFM scores by quintiles of rank (pandas-exact), named segments, returns-policy names.
#include "microseg/rfm.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace microseg::core {

const char* returnsPolicyName(ReturnsPolicy policy) {
    switch (policy) {
    case ReturnsPolicy::Exclude:
        return "exclude";
    case ReturnsPolicy::Net:
        return "net";
    case ReturnsPolicy::Separate:
        return "separate";
    }
    return "net";
}

std::optional<ReturnsPolicy> returnsPolicyFromName(std::string_view name) {
    for (auto policy : {ReturnsPolicy::Exclude, ReturnsPolicy::Net, ReturnsPolicy::Separate})
        if (name == returnsPolicyName(policy))
            return policy;
    return std::nullopt;
}

// The eleven named segments of the marketing literature, as tabulated by Putler ("RFM Analysis
// For Successful Customer Segmentation", putler.com) and as score ranges per letter in the R
// package rfm (A. Hebbali, rfm_segment() vignette). Both tables overlap, and in their published
// order some segments can never match (rfm's "Can't Lose Them" comes after "At Risk", which
// covers it; "New Customers" and "Promising" after "Potential Loyalist"). Here the more specific
// rules come first so that every segment is reachable; scores matching no rule are "Other".
std::vector<RfmSegmentRule> defaultRfmSegmentRules() {
    return {
        {"Champions", 4, 5, 4, 5, 4, 5},
        {"Loyal", 2, 5, 3, 5, 3, 5},
        {"New Customers", 4, 5, 1, 1, 1, 1},
        {"Promising", 3, 4, 1, 1, 1, 1},
        {"Potential Loyalist", 3, 5, 1, 3, 1, 3},
        {"Need Attention", 2, 3, 2, 3, 2, 3},
        {"About To Sleep", 2, 3, 1, 2, 1, 2},
        {"Cannot Lose Them", 1, 1, 4, 5, 4, 5},
        {"At Risk", 1, 2, 2, 5, 2, 5},
        {"Lost", 1, 1, 1, 1, 1, 1},
        {"Hibernating", 1, 2, 1, 2, 1, 2},
    };
}

std::string rfmSegment(const std::vector<RfmSegmentRule>& rules, int r, int f, int m) {
    for (const auto& rule : rules)
        if (rule.matches(r, f, m))
            return rule.name;
    return kRfmOtherSegment;
}

std::vector<int> quintileScores(const std::vector<double>& values) {
    const std::size_t n = values.size();
    if (n < 5)
        return {};
    // rank(method="first"): ascending value, ties in the given order.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    // np.quantile(ranks, np.linspace(0, 1, 6)) with numpy's "linear" method: virtual index
    // (n - 1) * q, gamma its fractional part, and numpy's _lerp (which interpolates from the
    // upper neighbour when gamma >= 0.5). Ranks are 1..n, so neighbours differ by exactly 1.
    double edges[6];
    for (int k = 0; k <= 5; ++k) {
        const double q = k == 5 ? 1.0 : double(k) * 0.2; // np.linspace(0, 1, 6)
        const double virtualIndex = double(n - 1) * q;
        if (virtualIndex >= double(n - 1)) {
            edges[k] = double(n);
            continue;
        }
        const double previous = std::floor(virtualIndex);
        const double gamma = virtualIndex - previous;
        const double a = previous + 1.0, b = previous + 2.0, diff = b - a;
        edges[k] = gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
    }
    // bins.searchsorted(rank, side="left"), the lowest edge included in the first bin.
    std::vector<int> scores(n);
    for (std::size_t position = 0; position < n; ++position) {
        const double rank = double(position + 1);
        int label = int(std::lower_bound(edges, edges + 6, rank) - edges);
        if (rank == edges[0])
            label = 1;
        scores[order[position]] = std::clamp(label, 1, 5);
    }
    return scores;
}

} // namespace microseg::core
