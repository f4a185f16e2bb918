// k-nearest-neighbour imputation matching scikit-learn's KNNImputer (see impute.h).
#include "microseg/clean/impute.h"

#include "cluster/parallel_for.h"
#include "invalid_argument.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

namespace microseg::core::clean {

namespace detail {

namespace {

/// numpy's float ordering for sorting: NaN after every number.
inline bool npLess(double a, double b) { return a < b || (b != b && a == a); }

/// Selection over positions `idx[0..num)` into `v`, reproducing numpy 1.24's introselect for
/// argpartition step by step (median-of-3 quickselect, O(n k) selection for k < 3, median of
/// medians of 5 after 2 log2(n) rounds), so that equal values end up in the same places.
class Introselect {
public:
    explicit Introselect(const double* values) : v(values) {}

    void select(std::size_t* idx, std::ptrdiff_t num, std::ptrdiff_t kth) const {
        std::ptrdiff_t low = 0;
        std::ptrdiff_t high = num - 1;
        if (kth - low < 3) {
            smallKth(idx, num, kth);
            return;
        }
        if (kth == num - 1) { // the maximum: numpy takes the last of equal maxima
            std::ptrdiff_t best = low;
            double bestValue = at(idx, low);
            for (std::ptrdiff_t k = low + 1; k < num; ++k)
                if (!npLess(at(idx, k), bestValue)) {
                    best = k;
                    bestValue = at(idx, k);
                }
            std::swap(idx[kth], idx[best]);
            return;
        }
        int depthLimit = 0;
        for (auto u = static_cast<std::size_t>(num); u >>= 1;)
            ++depthLimit;
        depthLimit *= 2;
        while (low + 1 < high) {
            std::ptrdiff_t ll = low + 1;
            std::ptrdiff_t hh = high;
            if (depthLimit > 0 || hh - ll < 5) {
                medianOfThreeToLow(idx, low, low + (high - low) / 2, high);
            } else {
                const std::ptrdiff_t mid = ll + medianOfMedians(idx + ll, hh - ll);
                std::swap(idx[mid], idx[low]);
                --ll;
                ++hh;
            }
            --depthLimit;
            const double pivot = at(idx, low);
            for (;;) { // partition without bound checks: the ends hold sentinels
                do
                    ++ll;
                while (npLess(at(idx, ll), pivot));
                do
                    --hh;
                while (npLess(pivot, at(idx, hh)));
                if (hh < ll)
                    break;
                std::swap(idx[ll], idx[hh]);
            }
            std::swap(idx[low], idx[hh]);
            if (hh >= kth)
                high = hh - 1;
            if (hh <= kth)
                low = ll;
        }
        if (high == low + 1 && npLess(at(idx, high), at(idx, low)))
            std::swap(idx[high], idx[low]);
    }

private:
    const double* v;

    double at(const std::size_t* idx, std::ptrdiff_t i) const { return v[idx[i]]; }

    void smallKth(std::size_t* idx, std::ptrdiff_t num, std::ptrdiff_t kth) const {
        for (std::ptrdiff_t i = 0; i <= kth; ++i) {
            std::ptrdiff_t best = i;
            double bestValue = at(idx, i);
            for (std::ptrdiff_t k = i + 1; k < num; ++k)
                if (npLess(at(idx, k), bestValue)) {
                    best = k;
                    bestValue = at(idx, k);
                }
            std::swap(idx[i], idx[best]);
        }
    }

    /// Median of idx[low], idx[mid], idx[high] to `low`, the smallest to `low + 1`.
    void medianOfThreeToLow(std::size_t* idx, std::ptrdiff_t low, std::ptrdiff_t mid,
                            std::ptrdiff_t high) const {
        if (npLess(at(idx, high), at(idx, mid)))
            std::swap(idx[high], idx[mid]);
        if (npLess(at(idx, high), at(idx, low)))
            std::swap(idx[high], idx[low]);
        if (npLess(at(idx, low), at(idx, mid)))
            std::swap(idx[low], idx[mid]);
        std::swap(idx[mid], idx[low + 1]);
    }

    std::ptrdiff_t medianOfFive(std::size_t* s) const {
        if (npLess(at(s, 1), at(s, 0)))
            std::swap(s[1], s[0]);
        if (npLess(at(s, 4), at(s, 3)))
            std::swap(s[4], s[3]);
        if (npLess(at(s, 3), at(s, 0)))
            std::swap(s[3], s[0]);
        if (npLess(at(s, 4), at(s, 1)))
            std::swap(s[4], s[1]);
        if (npLess(at(s, 2), at(s, 1)))
            std::swap(s[2], s[1]);
        if (npLess(at(s, 3), at(s, 2)))
            return npLess(at(s, 3), at(s, 1)) ? 1 : 3;
        return 2;
    }

    std::ptrdiff_t medianOfMedians(std::size_t* s, std::ptrdiff_t num) const {
        const std::ptrdiff_t groups = num / 5;
        for (std::ptrdiff_t i = 0, left = 0; i < groups; ++i, left += 5) {
            const std::ptrdiff_t m = medianOfFive(s + left);
            std::swap(s[left + m], s[i]);
        }
        if (groups > 2)
            select(s, groups, groups / 2);
        return groups / 2;
    }
};

} // namespace

std::vector<std::size_t> argpartitionFirst(const std::vector<double>& values, std::size_t k) {
    std::vector<std::size_t> idx(values.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    k = std::min(k, values.size());
    if (k == 0)
        return {};
    Introselect(values.data())
        .select(idx.data(), static_cast<std::ptrdiff_t>(idx.size()),
                static_cast<std::ptrdiff_t>(k) - 1);
    idx.resize(k);
    return idx;
}

double pairwiseSum(const double* a, std::size_t n) {
    if (n < 8) {
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            sum += a[i];
        return sum;
    }
    if (n <= 128) {
        double r[8];
        std::copy(a, a + 8, r);
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (std::size_t j = 0; j < 8; ++j)
                r[j] += a[i + j];
        double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            sum += a[i];
        return sum;
    }
    std::size_t half = n / 2;
    half -= half % 8;
    return pairwiseSum(a, half) + pairwiseSum(a + half, n - half);
}

} // namespace detail

Result<KnnImputeResult> knnImpute(const std::vector<NumericColumn>& columns,
                                  const KnnImputeOptions& options, Progress& progress,
                                  const CancelToken& cancel) {
    if (columns.empty())
        return invalidArgument("KNN imputation needs at least one column.");
    if (options.neighbors < 1)
        return invalidArgument("The number of neighbours must be >= 1, not " +
                               std::to_string(options.neighbors) + ".");
    if (options.threads < 0)
        return invalidArgument("threads must be >= 0.");
    const std::size_t n = columns[0].size();
    const std::size_t d = columns.size();
    // Row-major copy with NaN for missing: the distance loop reads whole rows.
    std::vector<double> x(n * d);
    for (std::size_t c = 0; c < d; ++c) {
        if (columns[c].size() != n)
            return invalidArgument("Column " + std::to_string(c + 1) + " has " +
                                   std::to_string(columns[c].size()) + " rows, column 1 has " +
                                   std::to_string(n) + ".");
        for (std::size_t r = 0; r < n; ++r) {
            const auto& v = columns[c][r];
            if (v && !std::isfinite(*v)) {
                Error e = invalidArgument("Column " + std::to_string(c + 1) + " row " +
                                          std::to_string(r + 1) + " is not a finite number.");
                e.line = static_cast<std::int64_t>(r + 1);
                e.column = static_cast<std::int64_t>(c + 1);
                return e;
            }
            x[r * d + c] = v ? *v : std::nan("");
        }
    }
    KnnImputeResult result;
    result.columns = columns;
    std::vector<std::vector<std::size_t>> donors(d);
    std::vector<double> columnMean(d, std::nan(""));
    std::vector<std::size_t> receivers;
    for (std::size_t c = 0; c < d; ++c) {
        std::vector<double> filled(n, 0.0); // numpy's masked mean sums the column with zeros
        for (std::size_t r = 0; r < n; ++r)
            if (!std::isnan(x[r * d + c])) {
                donors[c].push_back(r);
                filled[r] = x[r * d + c];
            }
        if (donors[c].empty())
            result.emptyColumns.push_back(c);
        else
            columnMean[c] = detail::pairwiseSum(filled.data(), n) * 1.0 /
                            static_cast<double>(donors[c].size());
    }
    std::vector<char> complete(n, 1);
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < d; ++c)
            if (std::isnan(x[r * d + c])) {
                receivers.push_back(r);
                complete[r] = 0;
                break;
            }

    constexpr std::size_t kBlock = 32;
    const int blocks = static_cast<int>((receivers.size() + kBlock - 1) / kBlock);
    const int threads = core::detail::resolveThreadCount(options.threads);
    std::vector<std::size_t> imputedPerBlock(static_cast<std::size_t>(blocks), 0);
    std::vector<std::size_t> meanPerBlock(static_cast<std::size_t>(blocks), 0);
    std::atomic<bool> stopped{false};
    std::atomic<int> finished{0};
    const auto k = static_cast<std::size_t>(options.neighbors);
    progress.report(0.0, "Imputing from nearest neighbours");
    core::detail::parallelFor(blocks, threads, [&](int block, int worker) {
        if (stopped.load(std::memory_order_relaxed) || cancel.isCancelled()) {
            stopped = true;
            return;
        }
        std::vector<double> distance(n);
        std::vector<std::size_t> present;
        std::vector<double> candidate;
        std::vector<double> donorValues;
        std::vector<double> weights;
        const std::size_t begin = static_cast<std::size_t>(block) * kBlock;
        const std::size_t end = std::min(receivers.size(), begin + kBlock);
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t r = receivers[i];
            const double* xr = &x[r * d];
            present.clear();
            for (std::size_t c = 0; c < d; ++c)
                if (!std::isnan(xr[c]))
                    present.push_back(c);
            for (std::size_t j = 0; j < n; ++j) {
                const double* xj = &x[j * d];
                double sum = 0.0;
                if (complete[j]) { // the common case: only the receiver's gaps to skip
                    for (std::size_t c : present) {
                        const double diff = xr[c] - xj[c];
                        sum += diff * diff;
                    }
                    // Same operation order as scikit-learn: divide by the shared count, then scale.
                    distance[j] = present.empty()
                                      ? std::nan("")
                                      : std::sqrt(sum / static_cast<double>(present.size()) *
                                                  static_cast<double>(d));
                    continue;
                }
                std::size_t shared = 0;
                for (std::size_t c : present) {
                    if (std::isnan(xj[c]))
                        continue;
                    const double diff = xr[c] - xj[c];
                    sum += diff * diff;
                    ++shared;
                }
                distance[j] = shared == 0 ? std::nan("")
                                          : std::sqrt(sum / static_cast<double>(shared) *
                                                      static_cast<double>(d));
            }
            for (std::size_t c = 0; c < d; ++c) {
                if (!std::isnan(xr[c]) || donors[c].empty())
                    continue;
                const auto& pool = donors[c];
                candidate.resize(pool.size());
                bool anyDefined = false;
                for (std::size_t p = 0; p < pool.size(); ++p) {
                    candidate[p] = distance[pool[p]];
                    anyDefined = anyDefined || !std::isnan(candidate[p]);
                }
                auto& cell = result.columns[c][r];
                if (!anyDefined) {
                    cell = columnMean[c];
                    ++meanPerBlock[static_cast<std::size_t>(block)];
                    continue;
                }
                const auto chosen = detail::argpartitionFirst(candidate, k);
                donorValues.resize(chosen.size());
                for (std::size_t s = 0; s < chosen.size(); ++s)
                    donorValues[s] = x[pool[chosen[s]] * d + c];
                if (options.weights == KnnWeights::Uniform) {
                    cell = detail::pairwiseSum(donorValues.data(), donorValues.size()) * 1.0 /
                           static_cast<double>(donorValues.size());
                } else {
                    weights.resize(chosen.size());
                    bool exact = false;
                    for (std::size_t s = 0; s < chosen.size(); ++s)
                        exact = exact || candidate[chosen[s]] == 0.0;
                    for (std::size_t s = 0; s < chosen.size(); ++s) {
                        const double dist = candidate[chosen[s]];
                        // A donor at distance 0 takes all the weight; NaN distances weigh 0.
                        weights[s] = exact ? (dist == 0.0 ? 1.0 : 0.0)
                                           : (std::isnan(dist) ? 0.0 : 1.0 / dist);
                    }
                    std::vector<double> products(chosen.size());
                    for (std::size_t s = 0; s < chosen.size(); ++s)
                        products[s] = donorValues[s] * weights[s];
                    cell = detail::pairwiseSum(products.data(), products.size()) /
                           detail::pairwiseSum(weights.data(), weights.size());
                }
                ++imputedPerBlock[static_cast<std::size_t>(block)];
            }
        }
        const int done = finished.fetch_add(1) + 1;
        if (worker == 0)
            progress.report(static_cast<double>(done) / std::max(1, blocks));
    });
    if (stopped || cancel.isCancelled())
        return cancelledError();
    for (int b = 0; b < blocks; ++b) {
        result.imputed += imputedPerBlock[static_cast<std::size_t>(b)];
        result.meanFallback += meanPerBlock[static_cast<std::size_t>(b)];
    }
    progress.report(1.0);
    return result;
}

} // namespace microseg::core::clean
