#pragma once
// The Features page's background tasks, (request, Progress&, CancelToken) -> Result, run in Jobs.
// Each opens its own Workspace connection by path (SQLite connections are per thread), and the
// RFM view's summaries are pure functions of scores and rules, so editing a rule re-labels the
// customers without reading the transactions again.

#include "microseg/customer_aggregate.h"
#include "microseg/feature_set.h"
#include "microseg/progress.h"
#include "microseg/rfm.h"

#include <array>
#include <string>
#include <vector>

namespace microseg::ui {

core::Result<core::CustomerAggregateReport>
buildCustomersTask(const std::string& workspacePath, const core::CustomerAggregateRequest& request,
                   core::Progress& progress, const core::CancelToken& cancel);

/// computeRfm (nothing stored) or, with request.outputTable set, buildRfm.
core::Result<core::RfmReport> rfmTask(const std::string& workspacePath,
                                      const core::RfmRequest& request, core::Progress& progress,
                                      const core::CancelToken& cancel);

/// A built feature matrix, summarised for the preview.
struct FeaturePreview {
    core::FeatureSpec spec; ///< as applied (Yeo-Johnson lambdas fitted)
    std::vector<std::string> keys;          ///< the first rows' keys
    std::vector<std::string> columnNames;
    std::vector<std::vector<double>> rows;  ///< the first rows
    std::vector<double> means, deviations;  ///< per matrix column (population sd)
    std::int64_t rowCount = 0;
};
inline constexpr int kPreviewRows = 20;

/// Builds the matrix and summarises it; with a non-empty `saveAs` also saves the applied spec
/// as that feature set (after a successful build only).
core::Result<FeaturePreview> featureSetTask(const std::string& workspacePath,
                                            const core::FeatureSpec& spec,
                                            const std::string& saveAs, bool overwrite,
                                            core::Progress& progress,
                                            const core::CancelToken& cancel);

/// The RFM view's numbers for one set of rules: the recency x frequency grid and the segments.
struct RfmSummary {
    /// [r - 1][f - 1]: customers and revenue (sum of monetary) per recency and frequency score.
    std::array<std::array<std::int64_t, 5>, 5> customers{};
    std::array<std::array<double, 5>, 5> revenue{};
    struct Segment {
        std::string name;
        std::int64_t customers = 0;
        double revenue = 0.0;
        double meanRecency = 0.0, meanFrequency = 0.0, meanMonetary = 0.0;
    };
    std::vector<Segment> segments; ///< in rule order, then "Other" when some customer is unmatched
    std::int64_t totalCustomers = 0;
    double totalRevenue = 0.0;
};

/// Labels every customer with the first matching rule and summarises; `segment` receives each
/// customer's label (same order as `customers`).
RfmSummary summariseRfm(const std::vector<core::RfmCustomer>& customers,
                        const std::vector<core::RfmSegmentRule>& rules,
                        std::vector<std::string>* segment = nullptr);

} // namespace microseg::ui
