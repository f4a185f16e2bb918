#pragma once
/// @file demo_workspace.h
/// The bundled demo: a workspace built on first run from the 10 % customer sample of UCI Online
/// Retail (Chen, Sain and Guo 2012; CC BY 4.0) shipped in resources/.

#include <string>

#include "microseg/error.h"
#include "microseg/progress.h"

namespace microseg::core {

/// What the demo holds besides the imported transactions: an RFM table per customer, a feature
/// set over it (log1p, then z-scored recency, frequency and monetary) and one k-means run on that
/// set, so the Cluster and Map pages open on a customer segmentation rather than on raw rows.
inline constexpr const char* kDemoDataset = "online_retail_sample";
inline constexpr const char* kDemoCustomers = "demo_customers_rfm";
inline constexpr const char* kDemoFeatureSet = "rfm_log_zscore";
inline constexpr int kDemoClusters = 4;

/// Where the demo workspace lives: $XDG_DATA_HOME/microseg/demo-2.microseg (or
/// ~/.local/share/...). "-2": demos built before the segmentation was added are not reused.
std::string defaultDemoWorkspacePath();
/// The bundled sample CSV: next to the executable's share dir, or the source tree's resources/.
std::string findDemoDataset();
/// Returns `path` after building it from `csvPath` if it does not exist yet (atomically: a
/// temporary file renamed into place, so an interrupted first run never leaves half a demo).
Result<std::string> ensureDemoWorkspace(const std::string& path, const std::string& csvPath,
                                        Progress& progress, const CancelToken& cancel);

} // namespace microseg::core
