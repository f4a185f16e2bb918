#pragma once
// Per-feature distributions by cluster for the box plots of the cluster profile: Tukey's box
// (J. W. Tukey, "Exploratory Data Analysis", 1977): quartiles by numpy's default linear
// interpolation (numpy.percentile), whiskers at the most extreme values within 1.5 IQR of the
// box, and the number of values beyond them. Values are in the feature's own units (not
// standardised), so an analyst reads "monetary 120 to 480" directly. Noise (-1) is left out.

#include "microseg/error.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace microseg::ui {

struct BoxStats {
    std::int64_t count = 0; ///< values in the cluster; 0 leaves every other field 0
    double q1 = 0.0;
    double median = 0.0;
    double q3 = 0.0;
    double lowWhisker = 0.0;  ///< smallest value >= q1 - 1.5 IQR
    double highWhisker = 0.0; ///< largest value <= q3 + 1.5 IQR
    std::int64_t outliersBelow = 0;
    std::int64_t outliersAbove = 0;
    double min = 0.0;
    double max = 0.0;
};

/// Tukey's box of `values` (sorted in place).
BoxStats tukeyBox(std::vector<double>& values);

struct ClusterBoxPlots {
    std::vector<std::string> columns;
    std::vector<std::int64_t> sizes;         ///< per cluster 0..k-1
    std::vector<std::vector<BoxStats>> boxes; ///< [column][cluster]
};

/// The boxes of every column of `data` for every cluster of `labels` (0..k-1, -1 = noise).
/// Polls `cancel` per column; a cancelled call returns cancelledError().
core::Result<ClusterBoxPlots> clusterBoxPlots(const core::RowMatrix& data,
                                              const std::vector<std::string>& columns,
                                              const std::vector<std::int32_t>& labels,
                                              core::Progress& progress,
                                              const core::CancelToken& cancel);

} // namespace microseg::ui
