// Stored runs compared side by side: the adjusted Rand index equals core's on the stored labels
// and the contingency table counts every row once; a run stored without metrics (as the CLI does)
// shows "–" until its metrics are computed and stored in a job; several runs are deleted at once.

#include "cluster_page.h"
#include "cluster_sizes_view.h"
#include "contingency_heatmap.h"
#include "job.h"
#include "microseg/run_store.h"
#include "microseg/stability.h"
#include "microseg/workspace.h"
#include "run_compare_panel.h"
#include "run_compare_tasks.h"
#include "ui_test_util.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <gtest/gtest.h>
#include <cmath>
#include <sstream>

namespace microseg::ui {
namespace {

std::string groupsCsv() {
    std::ostringstream out;
    out << "name,x,y\n";
    const double centres[3][2] = {{0, 0}, {10, 10}, {20, 0}};
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < 30; ++i)
            out << "c" << g << "_" << i << "," << centres[g][0] + std::sin(i * 1.7 + g) * 0.8
                << "," << centres[g][1] + std::cos(i * 2.3 + g) * 0.8 << "\n";
    return out.str();
}

class RunCompareTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_path = test::createWorkspace(m_dir, QStringLiteral("groups"),
                                       {{QStringLiteral("groups.csv"), groupsCsv()}});
        ASSERT_FALSE(m_path.isEmpty());
        m_workspace = test::openSharedWorkspace(m_path);
        ASSERT_NE(m_workspace, nullptr);
        m_page = test::shownPage<ClusterPage>(m_workspace, QSize(1100, 760));
    }

    std::int64_t run(int k) {
        m_page->kSpin()->setValue(k);
        Job* job = m_page->startRun();
        EXPECT_NE(job, nullptr);
        EXPECT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }, 15'000));
        return core::clusteringRuns(*m_workspace).front().id;
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<core::Workspace> m_workspace;
    std::unique_ptr<ClusterPage> m_page;
};

TEST_F(RunCompareTest, AgreementEqualsCoreAndEveryRowIsCountedOnce) {
    const std::int64_t a = run(3);
    const std::int64_t b = run(2);
    // Selecting both rows enables Compare, which shows the comparison tab.
    m_page->runsTable()->selectAll();
    ASSERT_TRUE(m_page->compareButton()->isEnabled());
    m_page->compareButton()->click();
    ASSERT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }, 15'000));
    ContingencyHeatmap* heatmap = m_page->comparePanel()->contingency();
    ASSERT_TRUE(heatmap->hasData());
    const RunComparison& comparison = heatmap->comparison();
    EXPECT_EQ(comparison.runA, a);
    EXPECT_EQ(comparison.runB, b);
    const auto labelsA = core::clusteringRunLabels(*m_workspace, a).value();
    const auto labelsB = core::clusteringRunLabels(*m_workspace, b).value();
    EXPECT_DOUBLE_EQ(comparison.adjustedRand, core::adjustedRandIndex(labelsA, labelsB).value());
    ASSERT_EQ(comparison.counts.size(), 3u);
    ASSERT_EQ(comparison.counts[0].size(), 2u);
    std::int64_t total = 0;
    for (const auto& row : comparison.counts)
        for (std::int64_t count : row)
            total += count;
    EXPECT_EQ(total, 90);
    // k = 2 merges two of the three groups: every A cluster lies inside one B cluster.
    for (int r = 0; r < 3; ++r)
        EXPECT_DOUBLE_EQ(std::max(heatmap->overlap(r, 0), heatmap->overlap(r, 1)), 1.0);
    EXPECT_TRUE(m_page->comparePanel()->agreementLabel()->text().contains(
        QString::number(comparison.adjustedRand, 'f', 3)));
    EXPECT_TRUE(heatmap->cellToolTip(0, 0).contains(QStringLiteral("rows")));
    // Side by side: parameters and metrics of both runs.
    QTableWidget* table = m_page->comparePanel()->sideBySide();
    int clustersRow = -1;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->verticalHeaderItem(r)->text() == QStringLiteral("Clusters"))
            clustersRow = r;
    ASSERT_GE(clustersRow, 0);
    EXPECT_EQ(table->item(clustersRow, 0)->text(), QStringLiteral("3"));
    EXPECT_EQ(table->item(clustersRow, 1)->text(), QStringLiteral("2"));
    EXPECT_EQ(m_page->comparePanel()->sizesA()->sizes().size(), 3u);
}

TEST_F(RunCompareTest, MissingMetricsShowADashUntilComputedAndStored) {
    const std::int64_t made = run(3);
    // A run as the CLI stores it: labels and source, no validation metrics.
    core::ClusteringRun cli = core::clusteringRuns(*m_workspace).front();
    cli.labels = core::clusteringRunLabels(*m_workspace, made).value();
    cli.name = "from the CLI";
    cli.metricsJson = R"({"inertia":12.5})";
    const std::int64_t bare = core::saveClusteringRun(*m_workspace, cli).value();
    m_page->refreshRuns();
    ASSERT_EQ(m_page->runsTable()->item(0, 0)->text(), QStringLiteral("from the CLI"));
    EXPECT_EQ(m_page->runsTable()->item(0, 3)->text(), QStringLiteral("–"));
    RunComparePanel* panel = m_page->comparePanel();
    ASSERT_EQ(panel->compare(made, bare) != nullptr, true);
    ASSERT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }, 15'000));
    EXPECT_DOUBLE_EQ(panel->contingency()->comparison().adjustedRand, 1.0);
    ASSERT_TRUE(panel->computeMetricsButton()->isEnabled());
    Job* job = panel->computeMissingMetrics();
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }, 15'000));
    EXPECT_EQ(job->outcome(), Job::Outcome::Succeeded);
    // Stored, with the inertia kept, and equal to the metrics of the identical run made in-app.
    const auto runs = core::clusteringRuns(*m_workspace);
    const QJsonObject stored =
        QJsonDocument::fromJson(QByteArray::fromStdString(runs.front().metricsJson)).object();
    const QJsonObject original =
        QJsonDocument::fromJson(QByteArray::fromStdString(runs.back().metricsJson)).object();
    EXPECT_DOUBLE_EQ(stored.value(QStringLiteral("inertia")).toDouble(), 12.5);
    EXPECT_NEAR(stored.value(QStringLiteral("silhouette")).toDouble(),
                original.value(QStringLiteral("silhouette")).toDouble(), 1e-12);
    EXPECT_NEAR(stored.value(QStringLiteral("davies_bouldin")).toDouble(),
                original.value(QStringLiteral("davies_bouldin")).toDouble(), 1e-12);
    EXPECT_NE(m_page->runsTable()->item(0, 3)->text(), QStringLiteral("–"));
    EXPECT_FALSE(panel->computeMetricsButton()->isEnabled());
}

TEST_F(RunCompareTest, DeletesTheSelectedRunsTogether) {
    run(2);
    run(3);
    const std::int64_t kept = run(4);
    m_page->runsTable()->clearSelection();
    m_page->runsTable()->selectRow(1);
    m_page->runsTable()->setSelectionMode(QAbstractItemView::MultiSelection);
    m_page->runsTable()->selectRow(2);
    const std::vector<std::int64_t> ids = m_page->selectedRunIds();
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_TRUE(m_page->deleteRunsButton()->isEnabled());
    Job* job = m_page->deleteRuns(ids);
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }, 15'000));
    EXPECT_EQ(job->outcome(), Job::Outcome::Succeeded);
    const auto runs = core::clusteringRuns(*m_workspace);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, kept);
    EXPECT_EQ(m_page->runsTable()->rowCount(), 1);
    EXPECT_EQ(m_workspace->auditLog().back().operation, "delete_runs");
}

TEST(CompareLabels, ContingencyKeepsNoiseAsItsOwnRow) {
    auto result = compareLabels({-1, 0, 0, 1, 1, -1}, {0, 0, 0, 1, 1, 1});
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.value().rowLabels, (std::vector<std::int32_t>{-1, 0, 1}));
    EXPECT_EQ(result.value().counts[0], (std::vector<std::int64_t>{1, 1}));
    EXPECT_EQ(result.value().sizesA, (std::vector<std::int64_t>{2, 2}));
    EXPECT_FALSE(compareLabels({0, 1}, {0}).ok());
}

} // namespace
} // namespace microseg::ui
