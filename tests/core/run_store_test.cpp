#include "microseg/run_store.h"

#include <gtest/gtest.h>

#include "test_util.h"

using namespace microseg::core;
using microseg::test::TempDir;
using microseg::test::workspaceWithCsv;

namespace {
ClusteringRun sampleRun(std::vector<std::int32_t> labels) {
    ClusteringRun run;
    run.name = "k-means k=3";
    run.algorithm = "kmeans";
    run.parametersJson = R"({"k":3})";
    run.seed = 7;
    run.sourceJson = R"({"table":"raw_t","columns":["x"],"scale":"zscore"})";
    run.rows = static_cast<std::int64_t>(labels.size());
    run.clusters = 3;
    run.metricsJson = R"({"inertia":1.5})";
    run.seconds = 0.25;
    run.labels = std::move(labels);
    return run;
}
} // namespace

TEST(RunStore, SavesListsAndReloadsLabelsExactly) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n2\n3\n");
    const std::vector<std::int32_t> labels = {0, 2, -1, 1, 2147483647, -2147483647 - 1};
    auto id = saveClusteringRun(*workspace, sampleRun(labels));
    ASSERT_TRUE(id.ok()) << id.error().toString();
    const auto runs = clusteringRuns(*workspace);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, id.value());
    EXPECT_EQ(runs[0].algorithm, "kmeans");
    EXPECT_EQ(runs[0].seed, 7);
    EXPECT_EQ(runs[0].rows, 6);
    EXPECT_DOUBLE_EQ(runs[0].seconds, 0.25);
    EXPECT_EQ(runs[0].sourceJson, R"({"table":"raw_t","columns":["x"],"scale":"zscore"})");
    EXPECT_TRUE(runs[0].labels.empty());  // listed without labels
    auto reloaded = clusteringRunLabels(*workspace, id.value());
    ASSERT_TRUE(reloaded.ok());
    EXPECT_EQ(reloaded.value(), labels);
    EXPECT_EQ(workspace->auditLog().back().operation, "save_run");
}

TEST(RunStore, NewestFirstAndDelete) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    const auto first = saveClusteringRun(*workspace, sampleRun({0, 1})).value();
    const auto second = saveClusteringRun(*workspace, sampleRun({1, 0})).value();
    auto runs = clusteringRuns(*workspace);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].id, second);
    ASSERT_TRUE(deleteClusteringRun(*workspace, first).ok());
    runs = clusteringRuns(*workspace);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, second);
    EXPECT_EQ(deleteClusteringRun(*workspace, first).error().code, ErrorCode::NotFound);
    EXPECT_EQ(clusteringRunLabels(*workspace, first).error().code, ErrorCode::NotFound);
}

TEST(RunStore, RefusesLabelsThatDoNotMatchTheRows) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    ClusteringRun run = sampleRun({0, 1, 2});
    run.rows = 4;
    auto id = saveClusteringRun(*workspace, run);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(clusteringRuns(*workspace).empty());
}

TEST(RunStore, DeletesSeveralRunsInOneTransaction) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    const auto a = saveClusteringRun(*workspace, sampleRun({0, 1})).value();
    const auto b = saveClusteringRun(*workspace, sampleRun({1, 0})).value();
    const auto c = saveClusteringRun(*workspace, sampleRun({1, 1})).value();
    // One unknown id: nothing is removed.
    const Status failed = deleteClusteringRuns(*workspace, {a, c + 100});
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::NotFound);
    EXPECT_EQ(clusteringRuns(*workspace).size(), 3u);
    ASSERT_TRUE(deleteClusteringRuns(*workspace, {a, c}).ok());
    const auto runs = clusteringRuns(*workspace);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, b);
    EXPECT_EQ(workspace->auditLog().back().operation, "delete_runs");
}

TEST(RunStore, UpdatesMetricsOfAStoredRun) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    const auto id = saveClusteringRun(*workspace, sampleRun({0, 1})).value();
    ASSERT_TRUE(updateClusteringRunMetrics(*workspace, id, R"({"inertia":1.5,"silhouette":0.4})").ok());
    EXPECT_EQ(clusteringRuns(*workspace)[0].metricsJson, R"({"inertia":1.5,"silhouette":0.4})");
    EXPECT_EQ(workspace->auditLog().back().operation, "update_run_metrics");
    EXPECT_EQ(updateClusteringRunMetrics(*workspace, id + 1, "{}").error().code, ErrorCode::NotFound);
}
