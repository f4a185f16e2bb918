// The Map page on a workspace of three separated groups: PCA fills the scatter, the scree chart,
// the loadings table and the biplot arrows and stores the embedding; colours come from a
// clustering run or a column; t-SNE shows its embedding live while it runs and can be
// cancelled without storing anything; selections on the map are saved to the workspace and
// their rows listed.

#include "data_page.h"
#include "job.h"
#include "main_window.h"
#include "map_page.h"
#include "map_pca_panel.h"
#include "map_selection_panel.h"
#include "microseg/embedding_store.h"
#include "microseg/run_store.h"
#include "microseg/selection_store.h"
#include "microseg/workspace.h"
#include "scatter_view.h"
#include "screenshot_runner.h"
#include "ui_test_util.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QImage>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <cmath>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace microseg::ui {
namespace {

/// `perGroup` customers in each of three groups far apart in (x, y, z), plus a text column.
std::string groupsCsv(int perGroup) {
    std::ostringstream out;
    out << "customer,x,y,z,region\n";
    const double centres[3][3] = {{0, 0, 0}, {12, 1, -3}, {-4, 11, 6}};
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < perGroup; ++i)
            out << "c" << g << "_" << i << "," << centres[g][0] + std::sin(i * 1.7 + g) << ","
                << centres[g][1] + std::cos(i * 2.3 + g) << ","
                << centres[g][2] + std::sin(i * 0.9) * 0.7 << "," << (g == 2 ? "north" : "south")
                << "\n";
    return out.str();
}

class MapPageTest : public ::testing::Test {
  protected:
    void open(int perGroup) {
        ASSERT_TRUE(m_dir.isValid());
        m_path = test::createWorkspace(m_dir, QStringLiteral("groups"),
                                       {{QStringLiteral("groups.csv"), groupsCsv(perGroup)}});
        ASSERT_FALSE(m_path.isEmpty());
        auto workspace = core::Workspace::open(m_path.toStdString());
        ASSERT_TRUE(workspace.ok());
        m_workspace = std::shared_ptr<core::Workspace>(std::move(workspace.value()));
        m_page = std::make_unique<MapPage>();
        m_page->resize(1200, 760);
        m_page->setWorkspace(m_workspace);
        m_page->show();
        m_rows = 3 * perGroup;
    }

    static bool waitForJob(Job* job) {
        return job && test::waitFor([job] { return !job->isRunning(); }, 20'000);
    }

    Job* runPca() {
        m_page->methodCombo()->setCurrentIndex(0);
        Job* job = m_page->startRun();
        EXPECT_TRUE(waitForJob(job));
        return job;
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<core::Workspace> m_workspace;
    std::unique_ptr<MapPage> m_page;
    int m_rows = 0;
};

TEST_F(MapPageTest, PcaFillsScatterScreeLoadingsAndArrowsAndIsStored) {
    open(30);
    ASSERT_EQ(m_page->sourceCombo()->count(), 1);
    EXPECT_EQ(m_page->columnList()->count(), 3); // x, y, z: numeric only
    runPca();
    ASSERT_TRUE(m_page->result().has_value());
    const MapResult& map = *m_page->result();
    EXPECT_EQ(map.coordinates.rows(), m_rows);
    EXPECT_EQ(m_page->scatterView()->pointCount(), static_cast<std::size_t>(m_rows));
    // The scatter shows PC1 against PC2 of the stored scores.
    EXPECT_DOUBLE_EQ(m_page->scatterView()->xs()[5], map.coordinates(5, 0));
    EXPECT_DOUBLE_EQ(m_page->scatterView()->ys()[5], map.coordinates(5, 1));
    ASSERT_EQ(map.explainedVarianceRatio.size(), 3u);
    EXPECT_NEAR(map.explainedVarianceRatio[0] + map.explainedVarianceRatio[1] +
                    map.explainedVarianceRatio[2],
                1.0, 1e-9);
    EXPECT_EQ(m_page->pcaPanel()->loadingsTable()->rowCount(), 3);
    EXPECT_FALSE(m_page->pcaPanel()->screeChart()->chart()->series().isEmpty());
    EXPECT_EQ(m_page->pcaPanel()->arrows(map.coordinates).size(), 3u); // d = 3 < 5 arrows

    // Choosing PC3 on y re-plots the third component.
    m_page->pcaPanel()->yCombo()->setCurrentIndex(2);
    EXPECT_DOUBLE_EQ(m_page->scatterView()->ys()[5], map.coordinates(5, 2));

    const auto stored = core::embeddings(*m_workspace);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].method, "pca");
    EXPECT_EQ(stored[0].id, map.embeddingId);
    EXPECT_EQ(stored[0].rows, m_rows);
}

TEST_F(MapPageTest, ColoursByRunOrColumnAndTooltipShowsFields) {
    open(20);
    core::ClusteringRun run;
    run.name = "three groups";
    run.algorithm = "kmeans";
    run.rows = m_rows;
    run.clusters = 3;
    for (int i = 0; i < m_rows; ++i)
        run.labels.push_back(i / 20);
    ASSERT_TRUE(core::saveClusteringRun(*m_workspace, run).ok());
    runPca();
    // The run of the same rows is offered and chosen by default.
    ASSERT_GE(m_page->colourCombo()->count(), 3);
    EXPECT_TRUE(m_page->colourCombo()->currentText().contains(QStringLiteral("three groups")));
    ASSERT_TRUE(test::waitFor([this] { return !m_page->isBusy(); }));
    const ScatterView* scatter = m_page->scatterView();
    ASSERT_EQ(scatter->legend().kind, ScatterLegend::Kind::Categories);
    EXPECT_EQ(scatter->legend().entries.size(), 3u);

    const int region = m_page->colourCombo()->findText(QStringLiteral("Column: region"));
    ASSERT_GE(region, 0);
    m_page->colourCombo()->setCurrentIndex(region);
    ASSERT_TRUE(waitForJob(m_page->applyColour(region)));
    ASSERT_EQ(scatter->legend().entries.size(), 2u);
    EXPECT_EQ(scatter->legend().entries[0].name, QStringLiteral("north")); // name order
    EXPECT_EQ(qRgb(qRed(scatter->pointColour(45)), qGreen(scatter->pointColour(45)),
                   qBlue(scatter->pointColour(45))),
              scatter->legend().entries[0].colour.rgb()); // row 46 is in group 2, "north"

    const int x = m_page->colourCombo()->findText(QStringLiteral("Column: x"));
    ASSERT_TRUE(waitForJob(m_page->applyColour(x)));
    EXPECT_EQ(scatter->legend().kind, ScatterLegend::Kind::Continuous);
    EXPECT_NEAR(scatter->legend().scale.maximum(), 13.0, 1.0);

    const QString tip = m_page->tooltipFor(45);
    EXPECT_TRUE(tip.contains(QStringLiteral("row 46")) || tip.contains(QStringLiteral("Row 46")))
        << tip.toStdString();
    EXPECT_TRUE(tip.contains(QStringLiteral("x: "))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(QStringLiteral("z: "))) << tip.toStdString();
}

TEST_F(MapPageTest, StoredMapsReopenWithTheirViews) {
    open(20);
    runPca();
    const MapResult pca = *m_page->result();
    m_page->methodCombo()->setCurrentIndex(1);
    m_page->iterationsSpin()->setValue(300);
    ASSERT_TRUE(waitForJob(m_page->startRun()));
    ASSERT_EQ(m_page->storedCombo()->count(), 2);
    EXPECT_EQ(m_page->result()->method, MapMethod::Tsne);

    const int index = m_page->storedCombo()->findData(static_cast<qlonglong>(pca.embeddingId));
    ASSERT_GE(index, 0);
    m_page->storedCombo()->setCurrentIndex(index);
    ASSERT_TRUE(waitForJob(m_page->openStored(pca.embeddingId)));
    const MapResult& reopened = *m_page->result();
    EXPECT_EQ(reopened.method, MapMethod::Pca);
    EXPECT_EQ(reopened.table, pca.table);
    EXPECT_TRUE(reopened.coordinates.isApprox(pca.coordinates));
    EXPECT_TRUE(reopened.loadings.isApprox(pca.loadings));
    EXPECT_EQ(reopened.explainedVarianceRatio, pca.explainedVarianceRatio);
    EXPECT_EQ(m_page->pcaPanel()->loadingsTable()->rowCount(), 3);
    EXPECT_DOUBLE_EQ(m_page->scatterView()->xs()[7], pca.coordinates(7, 0));
    EXPECT_TRUE(m_page->tooltipFor(0).contains(QStringLiteral("x: ")));
}

TEST_F(MapPageTest, TsneUpdatesLiveAndCancelStoresNothing) {
    open(300);
    m_page->methodCombo()->setCurrentIndex(1);
    m_page->iterationsSpin()->setValue(3000);
    Job* job = m_page->startRun();
    ASSERT_NE(job, nullptr);
    // A snapshot is drawn while the optimisation still runs.
    ASSERT_TRUE(test::waitFor(
        [this, job] { return m_page->liveUpdates() >= 2 && job->isRunning(); }, 20'000));
    EXPECT_EQ(m_page->scatterView()->pointCount(), static_cast<std::size_t>(m_rows));
    job->cancel();
    ASSERT_TRUE(waitForJob(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Cancelled);
    EXPECT_TRUE(core::embeddings(*m_workspace).empty());
}

TEST_F(MapPageTest, TsneFinishesStoredWithQuality) {
    open(20);
    m_page->methodCombo()->setCurrentIndex(1);
    m_page->iterationsSpin()->setValue(500);
    ASSERT_TRUE(waitForJob(m_page->startRun()));
    ASSERT_TRUE(m_page->result().has_value());
    EXPECT_EQ(m_page->result()->coordinates.cols(), 2);
    EXPECT_GT(m_page->result()->trustworthiness, 0.9); // three far-apart groups
    const auto stored = core::embeddings(*m_workspace);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].method, "tsne");
    EXPECT_NE(stored[0].qualityJson.find("trustworthiness"), std::string::npos);
}

TEST_F(MapPageTest, SelectionIsSavedAndItsRowsListed) {
    open(20);
    runPca();
    ScatterView* scatter = m_page->scatterView();
    scatter->setSelection({0, 1, 2, 40});
    MapSelectionPanel* panel = m_page->selectionPanel();
    EXPECT_EQ(panel->currentSelection(), (std::vector<std::int64_t>{1, 2, 3, 41}));
    panel->nameEdit()->setText(QStringLiteral("A few"));
    EXPECT_TRUE(panel->saveButton()->isEnabled());
    panel->saveButton()->click();
    const auto saved = core::selections(*m_workspace);
    ASSERT_EQ(saved.size(), 1u);
    EXPECT_EQ(saved[0].name, "A few");
    EXPECT_EQ(core::loadSelection(*m_workspace, saved[0].id).value().members,
              (std::vector<std::int64_t>{1, 2, 3, 41}));
    EXPECT_EQ(panel->savedTable()->rowCount(), 1);
    // The same name again is refused with a reason.
    auto again = panel->saveCurrent(QStringLiteral("A few"));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, core::ErrorCode::AlreadyExists);

    ASSERT_TRUE(waitForJob(panel->showMembers(QStringLiteral("A few"), panel->currentSelection())));
    QTableWidget* members = panel->membersTable();
    ASSERT_EQ(members->rowCount(), 4);
    EXPECT_EQ(members->item(3, 0)->text(), QStringLiteral("41"));
    EXPECT_EQ(members->item(3, 1)->text(), QStringLiteral("c2_0")); // row 41 = group 2's first

    // A saved selection is drawn back on the map.
    scatter->clearSelection();
    panel->savedTable()->selectRow(0);
    emit panel->savedTable()->itemDoubleClicked(panel->savedTable()->item(0, 0));
    EXPECT_EQ(scatter->selection(), (std::vector<std::size_t>{0, 1, 2, 40}));
}

TEST_F(MapPageTest, ListedRowsOpenSelectedInTheDataGrid) {
    open(20);
    m_page.reset();
    m_workspace.reset();
    MainWindow window;
    window.setInteractive(false);
    ASSERT_TRUE(window.openWorkspace(m_path).ok());
    ASSERT_TRUE(window.selectPage(QStringLiteral("Map")));
    auto* page = qobject_cast<MapPage*>(window.currentPage());
    ASSERT_NE(page, nullptr);
    ASSERT_TRUE(waitForJob(page->startRun()));
    page->scatterView()->setSelection({2, 3, 4, 30});
    MapSelectionPanel* panel = page->selectionPanel();
    EXPECT_FALSE(panel->dataGridButton()->isEnabled()); // nothing listed yet
    ASSERT_TRUE(
        waitForJob(panel->showMembers(QStringLiteral("picked"), panel->currentSelection())));
    ASSERT_TRUE(panel->dataGridButton()->isEnabled());
    panel->dataGridButton()->click();
    EXPECT_EQ(window.currentPage(), window.dataPage());
    EXPECT_EQ(window.dataPage()->currentTable(), page->result()->table);
    std::set<int> rows;
    for (const QModelIndex& index :
         window.dataPage()->tableView()->selectionModel()->selectedRows())
        rows.insert(index.row());
    EXPECT_EQ(rows, (std::set<int>{2, 3, 4, 30}));
}

TEST_F(MapPageTest, ScreenshotOfTheMapPageWaitsForTheTsne) {
    open(20);
    m_page.reset();
    m_workspace.reset();
    MainWindow window;
    window.setInteractive(false);
    ASSERT_TRUE(window.openWorkspace(m_path).ok());
    const QString out = m_dir.filePath(QStringLiteral("map.png"));
    ScreenshotRunner runner(&window, out, QStringLiteral("map"), QStringLiteral("tsne"));
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    ASSERT_TRUE(finished.count() > 0 || finished.wait(30000));
    EXPECT_TRUE(finished.front().at(0).toBool()) << finished.front().at(1).toString().toStdString();
    EXPECT_EQ(QImage(out).size(), QSize(1280, 800));
    auto* page = qobject_cast<MapPage*>(window.currentPage());
    ASSERT_NE(page, nullptr);
    ASSERT_TRUE(page->result().has_value());
    EXPECT_EQ(page->result()->method, MapMethod::Tsne);
    EXPECT_EQ(page->scatterView()->pointCount(), 60u);
}

} // namespace
} // namespace microseg::ui
