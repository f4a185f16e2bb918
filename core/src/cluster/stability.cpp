// Adjusted Rand index (scikit-learn 1.2.1 arithmetic) and the seed / bootstrap stability run.
#include "microseg/stability.h"

#include "minibatch_kmeans_detail.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace microseg::core {
namespace {

using Int = __int128;

/// Labels re-coded 0..m-1 (in order of first appearance; the ARI ignores the naming).
std::vector<std::int32_t> encode(const std::vector<std::int32_t>& labels, std::int32_t& count) {
    std::unordered_map<std::int32_t, std::int32_t> codes;
    std::vector<std::int32_t> out(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto [it, inserted] = codes.emplace(labels[i], static_cast<std::int32_t>(codes.size()));
        out[i] = it->second;
    }
    count = static_cast<std::int32_t>(codes.size());
    return out;
}

/// splitmix64 finaliser: well-spread seeds for run r from one user seed.
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t run) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (run + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace

Result<double> adjustedRandIndex(const std::vector<std::int32_t>& a,
                                 const std::vector<std::int32_t>& b) {
    if (a.size() != b.size())
        return Error{ErrorCode::InvalidArgument,
                     "The adjusted Rand index compares two labellings of the same rows: " +
                         std::to_string(a.size()) + " and " + std::to_string(b.size()) +
                         " labels.",
                     {},
                     0,
                     0,
                     std::to_string(b.size())};
    std::int32_t ka = 0;
    std::int32_t kb = 0;
    const std::vector<std::int32_t> ca = encode(a, ka);
    const std::vector<std::int32_t> cb = encode(b, kb);
    // Contingency table: dense when small, hashed otherwise (k up to thousands on both sides).
    std::vector<std::int64_t> rowSums(static_cast<std::size_t>(ka), 0);
    std::vector<std::int64_t> colSums(static_cast<std::size_t>(kb), 0);
    Int sumSquares = 0;
    const auto cells = static_cast<std::uint64_t>(ka) * static_cast<std::uint64_t>(kb);
    if (cells <= (std::uint64_t{1} << 24)) {
        std::vector<std::int64_t> table(cells, 0);
        for (std::size_t i = 0; i < ca.size(); ++i)
            ++table[static_cast<std::uint64_t>(ca[i]) * static_cast<std::uint64_t>(kb) +
                    static_cast<std::uint64_t>(cb[i])];
        for (std::int64_t v : table)
            sumSquares += static_cast<Int>(v) * v;
    } else {
        std::unordered_map<std::uint64_t, std::int64_t> table;
        for (std::size_t i = 0; i < ca.size(); ++i)
            ++table[static_cast<std::uint64_t>(ca[i]) * static_cast<std::uint64_t>(kb) +
                    static_cast<std::uint64_t>(cb[i])];
        for (const auto& [cell, v] : table)
            sumSquares += static_cast<Int>(v) * v;
    }
    for (std::size_t i = 0; i < ca.size(); ++i) {
        ++rowSums[static_cast<std::size_t>(ca[i])];
        ++colSums[static_cast<std::size_t>(cb[i])];
    }
    // sklearn's pair_confusion_matrix: sum_ij n_ij * n_.j = sum_j n_.j^2, and likewise rows.
    Int rowSquares = 0;
    Int colSquares = 0;
    for (std::int64_t v : rowSums)
        rowSquares += static_cast<Int>(v) * v;
    for (std::int64_t v : colSums)
        colSquares += static_cast<Int>(v) * v;
    const Int n = static_cast<Int>(a.size());
    const Int tp = sumSquares - n;
    const Int fp = colSquares - sumSquares; // C[0, 1]
    const Int fn = rowSquares - sumSquares; // C[1, 0]
    const Int tn = n * n - fp - fn - sumSquares;
    if (fn == 0 && fp == 0)
        return 1.0;
    const Int numerator = tp * tn - fn * fp;
    const Int denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
    // Python: 2.0 * int -> float(int) * 2.0; then float / int -> float / float(int).
    return 2.0 * static_cast<double>(numerator) / static_cast<double>(denominator);
}

Result<StabilityResult> stability(const Eigen::Ref<const RowMatrix>& data,
                                  const StabilityOptions& options, Progress& progress,
                                  const CancelToken& cancel) {
    if (options.runs < 2)
        return Error{ErrorCode::InvalidArgument,
                     "A stability run needs at least 2 runs to compare; runs = " +
                         std::to_string(options.runs) + ".",
                     {},
                     0,
                     0,
                     std::to_string(options.runs)};
    if (cancel.isCancelled())
        return cancelledError();
    const Eigen::Index n = data.rows();
    const int threads = detail::resolveThreadCount(options.kmeans.threads);
    StabilityResult out;
    progress.report(0.0, "stability");
    for (int r = 0; r < options.runs; ++r) {
        const std::uint64_t seed = mixSeed(options.seed, static_cast<std::uint64_t>(r));
        KMeansOptions kmeansOptions = options.kmeans;
        kmeansOptions.seed = seed;
        kmeansOptions.initialCentres.reset();
        Progress runProgress([&](double f, const std::string&) {
            progress.report((r + 0.95 * f) / options.runs);
        });
        if (options.mode == StabilityMode::Seeds) {
            auto fit = kmeans(data, kmeansOptions, runProgress, cancel);
            if (!fit)
                return fit.error();
            out.labels.push_back(std::move(fit.value().labels));
            out.inertias.push_back(fit.value().inertia);
        } else {
            std::mt19937_64 rng(seed);
            std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
            for (Eigen::Index& i : rows)
                i = detail::uniformIndex(rng, n);
            RowMatrix sample;
            detail::gatherRows(data, rows, sample);
            auto fit = kmeans(sample, kmeansOptions, runProgress, cancel);
            if (!fit)
                return fit.error();
            if (cancel.isCancelled())
                return cancelledError();
            out.labels.push_back(detail::nearestLabels(data, fit.value().centres, threads));
            out.inertias.push_back(fit.value().inertia);
        }
        progress.report(static_cast<double>(r + 1) / options.runs);
    }
    for (int i = 0; i < options.runs; ++i)
        for (int j = i + 1; j < options.runs; ++j)
            out.pairwiseAri.push_back(
                adjustedRandIndex(out.labels[static_cast<std::size_t>(i)],
                                  out.labels[static_cast<std::size_t>(j)])
                    .value());
    out.meanAri = std::accumulate(out.pairwiseAri.begin(), out.pairwiseAri.end(), 0.0) /
                  static_cast<double>(out.pairwiseAri.size());
    out.minAri = *std::min_element(out.pairwiseAri.begin(), out.pairwiseAri.end());
    progress.report(1.0);
    return out;
}

} // namespace microseg::core
