#include "cluster_box_stats.h"

#include <algorithm>
#include <cmath>

namespace microseg::ui {
namespace {

/// numpy.percentile(sorted, q) with linear interpolation, q in [0, 1].
double quantile(const std::vector<double>& sorted, double q) {
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

} // namespace

BoxStats tukeyBox(std::vector<double>& values) {
    BoxStats box;
    box.count = static_cast<std::int64_t>(values.size());
    if (values.empty())
        return box;
    std::sort(values.begin(), values.end());
    box.q1 = quantile(values, 0.25);
    box.median = quantile(values, 0.5);
    box.q3 = quantile(values, 0.75);
    const double reach = 1.5 * (box.q3 - box.q1);
    const auto low = std::lower_bound(values.begin(), values.end(), box.q1 - reach);
    const auto high = std::upper_bound(values.begin(), values.end(), box.q3 + reach);
    // The box's own quartiles lie inside the fences, so both ranges hold at least one value.
    box.lowWhisker = *low;
    box.highWhisker = *(high - 1);
    box.outliersBelow = low - values.begin();
    box.outliersAbove = values.end() - high;
    box.min = values.front();
    box.max = values.back();
    return box;
}

core::Result<ClusterBoxPlots> clusterBoxPlots(const core::RowMatrix& data,
                                              const std::vector<std::string>& columns,
                                              const std::vector<std::int32_t>& labels,
                                              core::Progress& progress,
                                              const core::CancelToken& cancel) {
    if (static_cast<std::size_t>(data.rows()) != labels.size())
        return core::Error{core::ErrorCode::InvalidArgument,
                           "The box plots need one label per row: " +
                               std::to_string(labels.size()) + " labels for " +
                               std::to_string(data.rows()) + " rows.",
                           {}, 0, 0, {}};
    std::int32_t maxLabel = -1;
    for (std::int32_t label : labels)
        maxLabel = std::max(maxLabel, label);
    const auto k = static_cast<std::size_t>(maxLabel + 1);
    ClusterBoxPlots out;
    out.columns = columns;
    out.sizes.assign(k, 0);
    for (std::int32_t label : labels)
        if (label >= 0)
            ++out.sizes[static_cast<std::size_t>(label)];
    std::vector<std::vector<double>> groups(k);
    for (std::size_t cluster = 0; cluster < k; ++cluster)
        groups[cluster].reserve(static_cast<std::size_t>(out.sizes[cluster]));
    for (Eigen::Index column = 0; column < data.cols(); ++column) {
        if (cancel.isCancelled())
            return core::cancelledError();
        for (auto& group : groups)
            group.clear();
        for (Eigen::Index row = 0; row < data.rows(); ++row) {
            const std::int32_t label = labels[static_cast<std::size_t>(row)];
            if (label >= 0 && std::isfinite(data(row, column)))
                groups[static_cast<std::size_t>(label)].push_back(data(row, column));
        }
        std::vector<BoxStats> boxes(k);
        for (std::size_t cluster = 0; cluster < k; ++cluster)
            boxes[cluster] = tukeyBox(groups[cluster]);
        out.boxes.push_back(std::move(boxes));
        progress.report(static_cast<double>(column + 1) / static_cast<double>(data.cols()),
                        "Box plots");
    }
    return out;
}

} // namespace microseg::ui
