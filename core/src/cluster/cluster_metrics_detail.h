#pragma once
// Internals shared by cluster_metrics.cpp and silhouette.cpp. Not a public header.

#include "microseg/cluster_metrics.h"
#include "parallel_for.h"

#include <cstdint>
#include <vector>

namespace microseg::core::detail {

/// Labels re-coded 0..clusters-1 in increasing order of the original label (as scikit-learn's
/// LabelEncoder), with noise rows (-1) dropped.
struct EncodedLabels {
    std::vector<Eigen::Index> rows;  ///< indices of the non-noise rows, increasing
    std::vector<std::int32_t> codes; ///< cluster code of each of `rows`
    std::vector<Eigen::Index> sizes; ///< rows per cluster code
    [[nodiscard]] int clusters() const { return static_cast<int>(sizes.size()); }
};

/// Checks sizes, labels >= -1, finite data and 2 <= clusters <= rows - 1 over `subset` (all rows
/// when empty); `metric` names the caller in messages.
Result<EncodedLabels> encodeLabels(const Eigen::Ref<const RowMatrix>& data,
                                   const std::vector<std::int32_t>& labels, const char* metric,
                                   const std::vector<Eigen::Index>& subset = {});

/// Lanes of the silhouette's symmetric form for these sizes (0 or 1: row blocks instead).
int silhouetteLanes(Eigen::Index rows, int clusters);

/// Silhouette of each encoded row among the encoded rows only, with `lanes` lanes (< 2: row
/// blocks against all rows). Empty when cancelled.
std::vector<double> silhouetteValues(const Eigen::Ref<const RowMatrix>& data,
                                     const EncodedLabels& e, int lanes, int threads,
                                     Progress& progress, const CancelToken& cancel);

} // namespace microseg::core::detail
