// The Cluster page on a small workspace of three clear groups: columns listed, a live k scan with
// an elbow, a stored run listed and shown, the silhouette plot's aggregation and average, and a
// cancelled run that stores nothing.

#include "chart_export.h"
#include "cluster_page.h"
#include "cluster_sizes_view.h"
#include "job.h"
#include "metric_chart_view.h"
#include "microseg/cluster_metrics.h"
#include "microseg/numeric_csv.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"
#include "silhouette_plot.h"
#include "ui_test_util.h"

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QListWidget>
#include <QSpinBox>
#include <QTableWidget>
#include <gtest/gtest.h>
#include <cmath>
#include <sstream>

namespace microseg::ui {
namespace {

constexpr int kPerGroup = 30;

/// Three well separated groups of 30 points in (x, y), plus a text column that is not numeric
/// and a numeric identifier that must not be clustered by default.
std::string groupsCsv() {
    std::ostringstream out;
    out << "name,customer_id,x,y\n";
    const double centres[3][2] = {{0, 0}, {10, 10}, {20, 0}};
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < kPerGroup; ++i) {
            const double dx = std::sin(i * 1.7 + g) * 0.8;
            const double dy = std::cos(i * 2.3 + g) * 0.8;
            out << "c" << g << "_" << i << "," << 1000 + g * kPerGroup + i << ","
                << centres[g][0] + dx << "," << centres[g][1] + dy << "\n";
        }
    return out.str();
}

class ClusterPageTest : public ::testing::Test {
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

    static bool waitForJob(Job* job) {
        return test::waitFor([job] { return !job->isRunning(); }, 10'000);
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<core::Workspace> m_workspace;
    std::unique_ptr<ClusterPage> m_page;
};

TEST_F(ClusterPageTest, ListsNumericColumnsCheckedAndStandardises) {
    ASSERT_EQ(m_page->tableCombo()->count(), 1);
    QStringList columns;
    for (int i = 0; i < m_page->columnList()->count(); ++i) {
        const QListWidgetItem* item = m_page->columnList()->item(i);
        columns << item->text();
        // The identifier is listed but starts unchecked; the measurements start checked.
        EXPECT_EQ(item->checkState(), i == 0 ? Qt::Unchecked : Qt::Checked) << i;
    }
    EXPECT_EQ(columns, (QStringList{QStringLiteral("customer_id"), QStringLiteral("x"),
                                    QStringLiteral("y")}));
    EXPECT_EQ(m_page->checkedColumns(), (std::vector<std::string>{"x", "y"}));
}

TEST_F(ClusterPageTest, ScanDeliversEveryKAndMarksTheElbow) {
    m_page->kMinSpin()->setValue(2);
    m_page->kMaxSpin()->setValue(5);
    int added = 0;
    QObject::connect(m_page->elbowChart()->series(), &QXYSeries::pointAdded, m_page.get(),
                     [&added] { ++added; });
    std::vector<bool> busy;
    QObject::connect(m_page.get(), &WorkflowPage::busyChanged, m_page.get(),
                     [&busy](bool value) { busy.push_back(value); });
    Job* job = m_page->startScan();
    ASSERT_NE(job, nullptr);
    EXPECT_TRUE(m_page->isBusy());
    ASSERT_TRUE(waitForJob(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Succeeded);
    EXPECT_EQ(added, 4); // one point per k, through the callback feed
    ASSERT_EQ(m_page->scanPoints().size(), 4u);
    EXPECT_EQ(m_page->scanPoints().front().k, 2);
    EXPECT_EQ(m_page->elbowChart()->pointCount(), 4);
    ASSERT_TRUE(m_page->elbowK().has_value());
    EXPECT_EQ(*m_page->elbowK(), 3); // three clear groups
    EXPECT_EQ(m_page->elbowChart()->markedK(), m_page->elbowK());
    EXPECT_EQ(m_page->kSpin()->value(), 3); // the elbow is chosen for the run
    // 30-member clusters are under the default minimum of 100: listed as warnings.
    EXPECT_GT(m_page->warningList()->count(), 0);
    EXPECT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }));
    // What the screenshot runner waits for: busy, then idle again, announced.
    EXPECT_EQ(busy, (std::vector<bool>{true, false}));
}

TEST_F(ClusterPageTest, RunIsStoredListedAndShown) {
    m_page->kSpin()->setValue(3);
    Job* job = m_page->startRun();
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(waitForJob(job));
    ASSERT_EQ(job->outcome(), Job::Outcome::Succeeded) << job->error().toString();
    const std::vector<core::ClusteringRun> runs = core::clusteringRuns(*m_workspace);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.front().clusters, 3);
    ASSERT_EQ(m_page->runsTable()->rowCount(), 1);
    EXPECT_EQ(m_page->runsTable()->item(0, 2)->text(), QStringLiteral("3"));

    // The new run is selected: its views are computed in a job.
    SilhouettePlot* plot = m_page->silhouettePlot();
    ASSERT_TRUE(test::waitFor([plot] { return plot->hasData(); }, 10'000));
    EXPECT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }));
    EXPECT_EQ(m_page->sizesView()->sizes(), (std::vector<std::int64_t>{30, 30, 30}));

    // Its average line is core::silhouette's mean on the same (standardised) data and labels.
    core::Progress progress;
    auto table = core::readWorkspaceMatrix(*m_workspace, m_page->currentTable().toStdString(),
                                           {"x", "y"}, progress, {});
    ASSERT_TRUE(table.ok());
    ASSERT_TRUE(core::standardiseColumns(table.value().values, table.value().columns).ok());
    auto labels = core::clusteringRunLabels(*m_workspace, runs.front().id);
    ASSERT_TRUE(labels.ok());
    auto expected = core::silhouette(table.value().values, labels.value(), {}, progress, {});
    ASSERT_TRUE(expected.ok());
    EXPECT_DOUBLE_EQ(plot->average(), expected.value().mean);
    EXPECT_GT(plot->average(), 0.8);
    EXPECT_EQ(plot->pointCount(), 90);

    // Every view exports as PNG and SVG.
    for (QWidget* view : std::initializer_list<QWidget*>{plot, m_page->sizesView(),
                                                        m_page->elbowChart()}) {
        const QString png = m_dir.filePath(QStringLiteral("view.png"));
        const QString svg = m_dir.filePath(QStringLiteral("view.svg"));
        ASSERT_TRUE(exportWidgetPng(view, png));
        ASSERT_TRUE(exportWidgetSvg(view, svg, QStringLiteral("view")));
        EXPECT_FALSE(QImage(png).isNull());
        QFile file(svg);
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        EXPECT_TRUE(file.readAll().contains("<svg"));
    }
}

TEST_F(ClusterPageTest, CancelledRunStoresNothing) {
    core::CancelToken token;
    token.cancel();
    Job* job = m_page->startRun(token);
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(waitForJob(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Cancelled);
    EXPECT_TRUE(core::clusteringRuns(*m_workspace).empty());
    EXPECT_EQ(m_page->runsTable()->rowCount(), 0);
    EXPECT_FALSE(m_page->isBusy());
}

TEST_F(ClusterPageTest, CancelledScanShowsNothing) {
    core::CancelToken token;
    token.cancel();
    Job* job = m_page->startScan(token);
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(waitForJob(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Cancelled);
    EXPECT_TRUE(m_page->scanPoints().empty()); // partial results are discarded
    EXPECT_EQ(m_page->elbowChart()->pointCount(), 0);
    EXPECT_FALSE(m_page->elbowK().has_value());
    EXPECT_FALSE(m_page->isBusy());
}

TEST(SilhouettePlotTest, AggregatesOneHundredThousandPointsIntoPixelRows) {
    constexpr int kPoints = 100'000;
    std::vector<double> values(kPoints);
    std::vector<std::int32_t> labels(kPoints);
    double sum = 0.0;
    for (int i = 0; i < kPoints; ++i) {
        labels[static_cast<std::size_t>(i)] = i % 7 == 0 ? 1 : i % 3; // uneven sizes
        values[static_cast<std::size_t>(i)] = std::sin(i * 0.37) * 0.6 + 0.2;
        sum += values[static_cast<std::size_t>(i)];
    }
    SilhouettePlot plot;
    plot.resize(420, 360);
    plot.setData(values, labels, sum / kPoints, QStringLiteral("test"));
    const std::vector<SilhouettePlot::PixelRow> rows = plot.pixelRows();
    EXPECT_LE(static_cast<int>(rows.size()), plot.height());
    EXPECT_LE(static_cast<double>(rows.size()), plot.plotRect().height());
    std::int64_t covered = 0;
    for (const auto& row : rows) {
        covered += row.count;
        EXPECT_LE(row.min, row.mean + 1e-12);
        EXPECT_LE(row.mean, row.max + 1e-12);
        EXPECT_GE(row.top, plot.plotRect().top() - 1e-9);
        EXPECT_LE(row.top + row.height, plot.plotRect().bottom() + 1.0);
    }
    EXPECT_EQ(covered, kPoints); // every point is in exactly one row
    EXPECT_DOUBLE_EQ(plot.average(), sum / kPoints);
    const QImage image = plot.grab().toImage(); // paints without trouble
    EXPECT_FALSE(image.isNull());
}

} // namespace
} // namespace microseg::ui

namespace microseg::ui {
namespace {

TEST_F(ClusterPageTest, MixtureScanShowsBicAndAicAndMarksTheLowestBic) {
    m_page->kMinSpin()->setValue(2);
    m_page->kMaxSpin()->setValue(5);
    m_page->scanModelCombo()->setCurrentIndex(
        m_page->scanModelCombo()->findData(static_cast<int>(core::KScanModel::GaussianMixture)));
    EXPECT_FALSE(m_page->bicChart()->isVisibleTo(m_page.get()));
    Job* job = m_page->startScan();
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(waitForJob(job));
    ASSERT_EQ(job->outcome(), Job::Outcome::Succeeded);
    EXPECT_TRUE(m_page->bicChart()->isVisibleTo(m_page.get()));
    EXPECT_EQ(m_page->bicChart()->pointCount(), 4);
    EXPECT_EQ(m_page->aicChart()->pointCount(), 4);
    std::optional<int> lowest;
    double best = 0.0;
    for (const core::KScanPoint& point : m_page->scanPoints())
        if (!lowest || point.bic < best) {
            lowest = point.k;
            best = point.bic;
        }
    EXPECT_EQ(m_page->bicChart()->markedK(), lowest);
    EXPECT_EQ(lowest, 3); // three clear groups
    // Back to k-means: no BIC curves.
    m_page->scanModelCombo()->setCurrentIndex(0);
    job = m_page->startScan();
    ASSERT_TRUE(waitForJob(job));
    EXPECT_FALSE(m_page->bicChart()->isVisibleTo(m_page.get()));
    EXPECT_EQ(m_page->bicChart()->pointCount(), 0);
}

} // namespace
} // namespace microseg::ui
