// HDBSCAN on the Cluster page: chosen in the algorithm list with its two parameters (and no k
// or seed), run in a job, stored with core::hdbscan's labels, and its noise drawn as a last grey
// "noise" column of the cluster sizes.

#include "cluster_page.h"
#include "cluster_palette.h"
#include "cluster_sizes_view.h"
#include "cluster_tasks.h"
#include "job.h"
#include "microseg/hdbscan.h"
#include "microseg/numeric_csv.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"
#include "ui_test_util.h"

#include <QComboBox>
#include <QImage>
#include <QSpinBox>
#include <QTableWidget>
#include <cmath>
#include <gtest/gtest.h>
#include <sstream>

namespace microseg::ui {
namespace {

/// Three groups of 30 points in (x, y) and 4 isolated points far from them and each other.
std::string groupsWithNoiseCsv() {
    std::ostringstream out;
    out << "name,x,y\n";
    const double centres[3][2] = {{0, 0}, {10, 10}, {20, 0}};
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < 30; ++i)
            out << "c" << g << "_" << i << "," << centres[g][0] + std::sin(i * 1.7 + g) * 0.8 << ","
                << centres[g][1] + std::cos(i * 2.3 + g) * 0.8 << "\n";
    out << "n0,-12,14\nn1,32,16\nn2,8,-14\nn3,30,-12\n";
    return out.str();
}

TEST(HdbscanPage, RunsStoresAndShowsNoiseInGrey) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = test::createWorkspace(
        dir, QStringLiteral("groups"), {{QStringLiteral("groups.csv"), groupsWithNoiseCsv()}});
    ASSERT_FALSE(path.isEmpty());
    auto opened = core::Workspace::open(path.toStdString());
    ASSERT_TRUE(opened.ok());
    auto workspace = std::shared_ptr<core::Workspace>(std::move(opened.value()));
    ClusterPage page;
    page.resize(1100, 760);
    page.setWorkspace(workspace);
    page.show();

    QComboBox* algorithms = page.algorithmCombo();
    algorithms->setCurrentIndex(algorithms->findData(static_cast<int>(ClusterAlgorithm::Hdbscan)));
    ASSERT_EQ(algorithms->currentText(), QStringLiteral("HDBSCAN"));
    auto* minClusterSize = page.findChild<QSpinBox*>(QStringLiteral("hdbscanMinClusterSize"));
    ASSERT_NE(minClusterSize, nullptr);
    EXPECT_TRUE(minClusterSize->isVisible());
    EXPECT_TRUE(page.minSamplesSpin()->isVisible());
    EXPECT_FALSE(page.kSpin()->isVisible()); // HDBSCAN finds the number of clusters itself
    minClusterSize->setValue(10);
    page.minSamplesSpin()->setValue(5);

    Job* job = page.startRun();
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(test::waitFor([job] { return !job->isRunning(); }, 10'000));
    ASSERT_EQ(job->outcome(), Job::Outcome::Succeeded) << job->error().toString();
    const auto runs = core::clusteringRuns(*workspace);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.front().algorithm, "hdbscan");
    EXPECT_EQ(runs.front().clusters, 3);

    // The stored labels are core::hdbscan's on the same standardised data.
    core::Progress progress;
    auto table = core::readWorkspaceMatrix(*workspace, page.currentTable().toStdString(),
                                           {"x", "y"}, progress, {});
    ASSERT_TRUE(table.ok());
    ASSERT_TRUE(core::standardiseColumns(table.value().values, table.value().columns).ok());
    core::HdbscanOptions options;
    options.minClusterSize = 10;
    options.minSamples = 5;
    auto expected = core::hdbscan(table.value().values, options, progress, {});
    ASSERT_TRUE(expected.ok());
    auto labels = core::clusteringRunLabels(*workspace, runs.front().id);
    ASSERT_TRUE(labels.ok());
    EXPECT_EQ(labels.value(), expected.value().labels);
    EXPECT_EQ(expected.value().noise, 4);

    // The sizes view: three clusters of 30 and a grey noise column of 4.
    ClusterSizesView* sizes = page.sizesView();
    ASSERT_TRUE(test::waitFor([sizes] { return sizes->noise() > 0; }, 10'000));
    EXPECT_TRUE(test::waitFor([&page] { return !page.isBusy(); }));
    EXPECT_EQ(sizes->sizes(), (std::vector<std::int64_t>{30, 30, 30}));
    EXPECT_EQ(sizes->noise(), 4);
    const QImage image = sizes->grab().toImage();
    int grey = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            grey += image.pixelColor(x, y).rgb() == clusterColor(-1).rgb();
    EXPECT_GT(grey, 20);
}

} // namespace
} // namespace microseg::ui
