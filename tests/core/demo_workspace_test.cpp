// The bundled demo: built from the shipped sample, it holds the transactions, an RFM table per
// customer, the log-RFM feature set and one k-means run on it, quickly and the same every time.

#include "microseg/demo_workspace.h"
#include "microseg/feature_set.h"
#include "microseg/kmeans.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"
#include "test_util.h"

#include <gtest/gtest.h>
#include <algorithm>
#include <chrono>
#include <filesystem>

namespace microseg::core {
namespace {

TEST(DemoWorkspace, HoldsCustomersFeatureSetAndAKMeansRun) {
    test::TempDir dir;
    const std::string path = dir.path("demo.microseg");
    Progress progress;
    double last = -1.0;
    progress = Progress([&last](double fraction, const std::string&) { last = fraction; });
    const auto start = std::chrono::steady_clock::now();
    auto built = ensureDemoWorkspace(path, findDemoDataset(), progress, {});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(built.ok()) << built.error().toString();
    EXPECT_EQ(built.value(), path);
    EXPECT_DOUBLE_EQ(last, 1.0);
    EXPECT_LT(seconds, 10.0); // about half a second in a release build; generous for CI
    EXPECT_FALSE(std::filesystem::exists(path + ".building"));

    auto workspace = Workspace::open(path);
    ASSERT_TRUE(workspace.ok());
    const std::vector<std::string> tables = workspace.value()->tableNames();
    ASSERT_TRUE(workspace.value()->dataset(kDemoDataset).has_value());
    EXPECT_GT(workspace.value()->dataset(kDemoDataset)->rowCount, 40'000);
    EXPECT_NE(std::find(tables.begin(), tables.end(), kDemoCustomers), tables.end());

    auto set = featureSet(*workspace.value(), kDemoFeatureSet);
    ASSERT_TRUE(set.ok()) << set.error().toString();
    EXPECT_EQ(set.value().spec.source, kDemoCustomers);
    ASSERT_EQ(set.value().spec.features.size(), 3u);
    Progress quiet;
    auto matrix = buildFeatureMatrix(*workspace.value(), set.value().spec, quiet, {});
    ASSERT_TRUE(matrix.ok()) << matrix.error().toString();
    // One row per customer of the 10 % sample (a few hundred), three log-RFM columns.
    EXPECT_GT(matrix.value().values.rows(), 300);
    EXPECT_EQ(matrix.value().values.cols(), 3);

    const std::vector<ClusteringRun> runs = clusteringRuns(*workspace.value());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.front().algorithm, "kmeans");
    EXPECT_EQ(runs.front().clusters, kDemoClusters);
    EXPECT_EQ(runs.front().seed, 0);
    EXPECT_EQ(runs.front().rows, matrix.value().values.rows());
    EXPECT_EQ(runs.front().sourceJson, std::string(R"({"feature_set":")") + kDemoFeatureSet + "\"}");
    EXPECT_NE(runs.front().metricsJson.find("silhouette"), std::string::npos);

    // The stored labels are k-means (k = 4, seed 0) on the feature set: deterministic.
    auto labels = clusteringRunLabels(*workspace.value(), runs.front().id);
    ASSERT_TRUE(labels.ok());
    KMeansOptions options;
    options.k = kDemoClusters;
    options.seed = 0;
    auto expected = kmeans(matrix.value().values, options, quiet, {});
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(labels.value(), expected.value().labels);

    // A second call finds the demo in place and leaves it alone.
    workspace.value().reset();
    auto again = ensureDemoWorkspace(path, findDemoDataset(), quiet, {});
    ASSERT_TRUE(again.ok());
    auto reopened = Workspace::open(path);
    ASSERT_TRUE(reopened.ok());
    EXPECT_EQ(clusteringRuns(*reopened.value()).size(), 1u);
}

} // namespace
} // namespace microseg::core
