// The Cluster page's structure views on a small workspace of three clear groups: the k-distance
// graph equals core::kDistanceGraph with its knee marked and clicks set eps; the dendrogram's
// cuts give core::cutAtHeight's cluster counts, big trees show their top only, and a cut is
// stored as a run; the profile heatmap's cells are the per-cluster means of the z-scored data.

#include "chart_export.h"
#include "cluster_page.h"
#include "cluster_views.h"
#include "dendrogram_view.h"
#include "job.h"
#include "kdistance_view.h"
#include "microseg/dbscan.h"
#include "microseg/hierarchical.h"
#include "microseg/numeric_csv.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"
#include "profile_heatmap.h"
#include "ui_test_util.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QImage>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <gtest/gtest.h>
#include <cmath>
#include <set>
#include <sstream>

namespace microseg::ui {
namespace {

constexpr int kPerGroup = 30;

std::string groupsCsv() {
    std::ostringstream out;
    out << "name,x,y,z\n";
    const double centres[3][3] = {{0, 0, 5}, {10, 10, 0}, {20, 0, 2}};
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < kPerGroup; ++i)
            out << "c" << g << "_" << i << "," << centres[g][0] + std::sin(i * 1.7 + g) * 0.8
                << "," << centres[g][1] + std::cos(i * 2.3 + g) * 0.8 << ","
                << centres[g][2] + std::sin(i * 0.9 + 2 * g) * 0.5 << "\n";
    return out.str();
}

std::int64_t distinct(const std::vector<std::int32_t>& labels) {
    return static_cast<std::int64_t>(std::set<std::int32_t>(labels.begin(), labels.end()).size());
}

class ClusterViewsTest : public ::testing::Test {
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

    core::RowMatrix standardised() {
        core::Progress progress;
        auto table = core::readWorkspaceMatrix(*m_workspace, m_page->currentTable().toStdString(),
                                               {"x", "y", "z"}, progress, {});
        EXPECT_TRUE(table.ok());
        EXPECT_TRUE(core::standardiseColumns(table.value().values, table.value().columns).ok());
        return table.value().values;
    }

    /// Runs agglomerative (Ward) with k = 3 and waits for the run's structure views.
    std::int64_t runAgglomerative() {
        m_page->algorithmCombo()->setCurrentIndex(
            m_page->algorithmCombo()->findData(static_cast<int>(ClusterAlgorithm::Agglomerative)));
        m_page->kSpin()->setValue(3);
        Job* job = m_page->startRun();
        EXPECT_NE(job, nullptr);
        EXPECT_TRUE(waitForJob(job));
        EXPECT_EQ(job->outcome(), Job::Outcome::Succeeded);
        EXPECT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }, 10'000));
        const auto runs = core::clusteringRuns(*m_workspace);
        EXPECT_FALSE(runs.empty());
        return runs.empty() ? 0 : runs.front().id;
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<core::Workspace> m_workspace;
    std::unique_ptr<ClusterPage> m_page;
};

TEST_F(ClusterViewsTest, KDistanceGraphEqualsCoreAndMarksTheKnee) {
    m_page->minSamplesSpin()->setValue(4);
    // Choosing DBSCAN shows the k-distance tab and computes the graph in a job.
    m_page->algorithmCombo()->setCurrentIndex(
        m_page->algorithmCombo()->findData(static_cast<int>(ClusterAlgorithm::Dbscan)));
    KDistanceView* view = m_page->kDistancePanel()->view();
    ASSERT_TRUE(test::waitFor([view] { return view->hasData(); }, 10'000));
    EXPECT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }));
    EXPECT_EQ(view->k(), 4);

    core::Progress progress;
    auto expected = core::kDistanceGraph(standardised(), 4, 0, progress, {});
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(view->sortedDistances(), expected.value().sortedDescending);
    EXPECT_EQ(view->kneeIndex(), static_cast<std::int64_t>(expected.value().kneeIndex));
    EXPECT_DOUBLE_EQ(view->suggestedEps(), expected.value().suggestedEps);

    // One segment per pixel column at most, covering every point with its own min and max.
    const auto columns = view->pixelColumns();
    EXPECT_LE(static_cast<double>(columns.size()), view->plotRect().width());
    std::int64_t covered = 0;
    for (const auto& column : columns) {
        EXPECT_EQ(column.first, covered);
        covered += column.count;
        EXPECT_DOUBLE_EQ(column.max, view->sortedDistances()[static_cast<std::size_t>(column.first)]);
    }
    EXPECT_EQ(covered, 90);

    // The knee is marked: a green circle around it in the painted image.
    const QImage image = view->grab().toImage();
    const QPoint knee = view->kneePoint().toPoint();
    EXPECT_TRUE(view->plotRect().contains(view->kneePoint()));
    int green = 0;
    for (int dy = -8; dy <= 8; ++dy)
        for (int dx = -8; dx <= 8; ++dx) {
            const QPoint p = (knee + QPoint(dx, dy)) * image.devicePixelRatio();
            if (!image.rect().contains(p))
                continue;
            const QColor c = image.pixelColor(p);
            green += c.green() > 120 && c.red() < 110 && c.blue() < 110 ? 1 : 0;
        }
    EXPECT_GT(green, 4);

    // Clicking sets eps to the clicked distance, and the line follows.
    const QPointF at(view->plotRect().center().x(), view->yFor(view->sortedDistances().front() / 2));
    QTest::mouseClick(view, Qt::LeftButton, {}, at.toPoint());
    EXPECT_NEAR(m_page->epsSpin()->value(), view->distanceAt(at.toPoint().y()), 1e-4);
    EXPECT_NEAR(view->eps(), m_page->epsSpin()->value(), 1e-12);

    // A DBSCAN run with an eps between the groups' spread and their gaps finds the three groups.
    m_page->epsSpin()->setValue(0.5);
    Job* job = m_page->startRun();
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(waitForJob(job));
    ASSERT_EQ(job->outcome(), Job::Outcome::Succeeded) << job->error().toString();
    const auto runs = core::clusteringRuns(*m_workspace);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.front().algorithm, "dbscan");
    EXPECT_EQ(runs.front().clusters, 3);
    EXPECT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }, 10'000));
}

TEST_F(ClusterViewsTest, CancelledKDistanceShowsNothing) {
    core::CancelToken token;
    token.cancel();
    Job* job = m_page->startKDistance(token);
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(waitForJob(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Cancelled);
    EXPECT_FALSE(m_page->kDistancePanel()->view()->hasData());
    EXPECT_FALSE(m_page->isBusy());
}

TEST_F(ClusterViewsTest, DendrogramCutsLikeCoreAndStoresTheCut) {
    const std::int64_t id = runAgglomerative();
    DendrogramView* view = m_page->structurePanel()->dendrogram();
    m_page->structurePanel()->setCurrentIndex(2); // the Dendrogram tab
    ASSERT_TRUE(test::waitFor([view] { return view->hasTree(); }, 10'000));
    EXPECT_FALSE(view->truncated());
    EXPECT_EQ(view->leafCount(), 90);
    EXPECT_EQ(view->clustersAtCut(), 3); // starts at the run's k

    // The tree is core's, on the same standardised data.
    core::Progress progress;
    auto tree = core::agglomerative(standardised(), {}, progress, {});
    ASSERT_TRUE(tree.ok());
    ASSERT_EQ(view->tree()->merges.size(), tree.value().merges.size());
    for (std::size_t i = 0; i < tree.value().merges.size(); ++i)
        EXPECT_DOUBLE_EQ(view->tree()->merges[i].height, tree.value().merges[i].height);

    // Any cut height gives core::cutAtHeight's number of clusters, including merge heights.
    std::vector<double> heights = {0.0, 1e-3, view->tree()->merges.back().height * 2};
    for (std::size_t i = 0; i < tree.value().merges.size(); i += 7)
        heights.push_back(tree.value().merges[i].height);
    for (double fraction : {0.05, 0.2, 0.4, 0.6, 0.8, 0.99})
        heights.push_back(tree.value().merges.back().height * fraction);
    for (double h : heights) {
        auto labels = core::cutAtHeight(tree.value(), h);
        ASSERT_TRUE(labels.ok());
        EXPECT_EQ(view->clustersAt(h), distinct(labels.value())) << h;
    }

    // Dragging the line reports the live count, equal to core's at the dragged height.
    std::int64_t reported = -1;
    QObject::connect(view, &DendrogramView::cutChanged, view,
                     [&reported](double, std::int64_t clusters) { reported = clusters; });
    const int x = static_cast<int>(view->plotRect().center().x());
    QTest::mousePress(view, Qt::LeftButton, {}, QPoint(x, static_cast<int>(view->yFor(view->cutHeight()))));
    // Down to a height within the groups, where the cut makes many clusters.
    const int y = static_cast<int>(std::lround(view->yFor(tree.value().merges[40].height)));
    QMouseEvent move(QEvent::MouseMove, QPointF(x, y), view->mapToGlobal(QPointF(x, y)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &move);
    QTest::mouseRelease(view, Qt::LeftButton, {}, QPoint(x, y));
    auto dragged = core::cutAtHeight(tree.value(), view->cutHeight());
    ASSERT_TRUE(dragged.ok());
    EXPECT_NEAR(view->cutHeight(), view->heightAt(y), 1e-12);
    EXPECT_EQ(reported, distinct(dragged.value()));
    EXPECT_GT(reported, 3);

    // Applying stores a run with exactly the cut's labels.
    const double cutHeight = view->heightForClusters(5);
    view->setCutHeight(cutHeight);
    Job* save = m_page->structurePanel()->applyCut();
    ASSERT_NE(save, nullptr);
    ASSERT_TRUE(waitForJob(save));
    ASSERT_EQ(save->outcome(), Job::Outcome::Succeeded) << save->error().toString();
    const auto runs = core::clusteringRuns(*m_workspace);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_NE(runs.front().id, id);
    EXPECT_EQ(runs.front().clusters, 5);
    auto stored = core::clusteringRunLabels(*m_workspace, runs.front().id);
    auto cut = core::cutAtHeight(tree.value(), cutHeight);
    ASSERT_TRUE(stored.ok() && cut.ok());
    EXPECT_EQ(stored.value(), cut.value());
    EXPECT_EQ(m_page->runsTable()->rowCount(), 2);
    EXPECT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }, 10'000));
}

TEST(DendrogramViewTest, LargeTreesShowTheirTopWithCollapsedLeaves) {
    constexpr int kRows = 6'000;
    core::RowMatrix data(kRows, 2);
    for (int i = 0; i < kRows; ++i) {
        data(i, 0) = std::sin(i * 0.731) * 10 + (i % 5) * 30;
        data(i, 1) = std::cos(i * 1.913) * 10 + (i % 3) * 30;
    }
    core::Progress progress;
    auto tree = core::agglomerative(data, {}, progress, {});
    ASSERT_TRUE(tree.ok());
    DendrogramView view;
    view.resize(700, 420);
    view.setTree(std::make_shared<const core::LinkageTree>(tree.value()));
    EXPECT_TRUE(view.truncated());
    EXPECT_EQ(view.leafCount(), DendrogramView::kTopMerges + 1);
    std::int64_t total = 0;
    for (std::int64_t size : view.leafSizes())
        total += size;
    EXPECT_EQ(total, kRows); // every point is in one collapsed leaf
    EXPECT_TRUE(view.caption().contains(QStringLiteral("Top of the tree")));
    for (std::int64_t k : {1, 2, 15, 61, 500}) {
        const double h = view.heightForClusters(k);
        auto labels = core::cutAtHeight(tree.value(), h);
        ASSERT_TRUE(labels.ok());
        EXPECT_EQ(view.clustersAt(h), distinct(labels.value())) << k;
        EXPECT_EQ(view.clustersAt(h), k);
    }
    EXPECT_FALSE(view.grab().toImage().isNull());
}

TEST_F(ClusterViewsTest, ProfileCellsAreStandardisedMeansPerCluster) {
    const std::int64_t id = runAgglomerative();
    ProfileHeatmap* heatmap = m_page->structurePanel()->heatmap();
    ASSERT_TRUE(test::waitFor([heatmap] { return heatmap->hasData(); }, 10'000));
    auto labels = core::clusteringRunLabels(*m_workspace, id);
    ASSERT_TRUE(labels.ok());
    const core::RowMatrix data = standardised();
    ASSERT_EQ(heatmap->rowCount(), 3);
    ASSERT_EQ(heatmap->columnCount(), 3);
    for (int cluster = 0; cluster < 3; ++cluster) {
        std::int64_t size = 0;
        std::vector<double> sums(3, 0.0);
        for (Eigen::Index i = 0; i < data.rows(); ++i)
            if (labels.value()[static_cast<std::size_t>(i)] == cluster) {
                ++size;
                for (int c = 0; c < 3; ++c)
                    sums[static_cast<std::size_t>(c)] += data(i, c);
            }
        EXPECT_EQ(heatmap->profile().sizes[static_cast<std::size_t>(cluster)], size);
        for (int c = 0; c < 3; ++c)
            EXPECT_NEAR(heatmap->cellValue(cluster, c),
                        sums[static_cast<std::size_t>(c)] / static_cast<double>(size), 1e-12);
    }
    // A cell's tooltip names its value; the scale is diverging around white at 0.
    EXPECT_TRUE(heatmap->cellToolTip(0, 1).contains(QString::number(heatmap->cellValue(0, 1), 'f', 3)));
    EXPECT_EQ(heatmap->colorFor(0.0), QColor(247, 247, 247));
    EXPECT_GT(heatmap->colorFor(heatmap->range()).red(), heatmap->colorFor(heatmap->range()).blue());
    EXPECT_LT(heatmap->colorFor(-heatmap->range()).red(), heatmap->colorFor(-heatmap->range()).blue());
    const QString png = m_dir.filePath(QStringLiteral("profile.png"));
    const QString svg = m_dir.filePath(QStringLiteral("profile.svg"));
    EXPECT_TRUE(exportWidgetPng(heatmap, png));
    EXPECT_TRUE(exportWidgetSvg(heatmap, svg, QStringLiteral("profile")));
    EXPECT_TRUE(exportWidgetPng(m_page->structurePanel()->dendrogram(), png));
    EXPECT_TRUE(exportWidgetSvg(m_page->kDistancePanel()->view(), svg, QStringLiteral("k")));
}

TEST(ProfileHeatmapTest, FiftyClustersKeepReadableRowsAndHitCells) {
    ClusterProfile profile;
    profile.columns = {"recency", "frequency", "monetary", "tenure"};
    for (int r = 0; r < 50; ++r) {
        profile.sizes.push_back(100 + r);
        profile.means.push_back({std::sin(r * 0.3) * 2, std::cos(r * 0.7), r / 25.0 - 1, -0.5});
    }
    ProfileHeatmap heatmap;
    heatmap.setProfile(profile);
    EXPECT_GE(heatmap.minimumSizeHint().height(), 50 * ProfileHeatmap::kMinRowHeight);
    heatmap.resize(heatmap.sizeHint().width(), heatmap.minimumSizeHint().height());
    EXPECT_GE(heatmap.cellRect(0, 0).height(), ProfileHeatmap::kMinRowHeight - 1e-9);
    const auto cell = heatmap.cellAt(heatmap.cellRect(37, 2).center());
    ASSERT_TRUE(cell.has_value());
    EXPECT_EQ(*cell, std::make_pair(37, 2));
    EXPECT_DOUBLE_EQ(heatmap.cellValue(37, 2), 37 / 25.0 - 1);
    EXPECT_FALSE(heatmap.grab().toImage().isNull());
}

} // namespace
} // namespace microseg::ui
