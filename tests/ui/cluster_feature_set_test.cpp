// The Cluster page on a saved feature set: the shared source picker lists it first, the k scan
// and a run use the matrix the set rebuilds (not the table's raw columns), and the run is stored
// with the feature-set source, so its profile is rebuilt from the set.

#include "cluster_page.h"
#include "cluster_views.h"
#include "job.h"
#include "matrix_source_picker.h"
#include "microseg/feature_set.h"
#include "microseg/kmeans.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"
#include "profile_heatmap.h"
#include "ui_test_util.h"

#include <QComboBox>
#include <QListWidget>
#include <QSpinBox>
#include <QTableWidget>
#include <gtest/gtest.h>
#include <cmath>
#include <sstream>

namespace microseg::ui {
namespace {

/// Three groups of 30 customers that only separate on spend once it is log-transformed (spend
/// 10, 100 and 1,000 times a small wobble), plus a visit count with no structure.
std::string customersCsv() {
    std::ostringstream out;
    out << "customer,spend,visits\n";
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < 30; ++i)
            out << "c" << g << "_" << i << "," << std::pow(10.0, g + 1) * (1.0 + 0.1 * std::sin(i * 1.3))
                << "," << 5 + (i % 3) << "\n";
    return out.str();
}

core::FeatureSpec spendSpec() {
    core::FeatureSpec spec;
    spec.source = "customers";
    spec.keyColumn = "customer";
    core::Feature spend;
    spend.column = "spend";
    spend.transform = core::FeatureTransform::Log1p;
    spend.scaling = core::FeatureScaling::ZScore;
    core::Feature visits;
    visits.column = "visits";
    visits.scaling = core::FeatureScaling::ZScore;
    visits.weight = 0.1; // down-weighted: it would otherwise blur the groups
    spec.features = {spend, visits};
    return spec;
}

TEST(ClusterFeatureSet, ScanAndRunUseTheSavedFeatureSet) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = test::createWorkspace(dir, QStringLiteral("shop"),
                                               {{QStringLiteral("customers.csv"), customersCsv()}});
    ASSERT_FALSE(path.isEmpty());
    auto opened = core::Workspace::open(path.toStdString());
    ASSERT_TRUE(opened.ok());
    std::shared_ptr<core::Workspace> workspace(std::move(opened.value()));
    ASSERT_TRUE(core::saveFeatureSet(*workspace, "spend_log", spendSpec()).ok());

    ClusterPage page;
    page.resize(1100, 760);
    page.setWorkspace(workspace);
    page.show();

    // The feature set comes first and is chosen; its columns need no ticking.
    ASSERT_EQ(page.tableCombo()->count(), 2);
    EXPECT_EQ(page.tableCombo()->currentText(), QStringLiteral("Feature set: spend_log"));
    EXPECT_EQ(page.currentFeatureSet(), QStringLiteral("spend_log"));
    EXPECT_TRUE(page.currentTable().isEmpty());
    EXPECT_TRUE(page.checkedColumns().empty());
    EXPECT_FALSE(page.columnList()->isVisibleTo(&page));

    page.kMinSpin()->setValue(2);
    page.kMaxSpin()->setValue(6);
    Job* scan = page.startScan();
    ASSERT_NE(scan, nullptr);
    ASSERT_TRUE(test::waitFor([scan] { return !scan->isRunning(); }, 10'000));
    ASSERT_EQ(scan->outcome(), Job::Outcome::Succeeded) << scan->error().toString();
    ASSERT_EQ(page.scanPoints().size(), 5u);
    // Three groups on log spend (on raw spend the 1,000s group would dwarf the other two).
    ASSERT_TRUE(page.elbowK().has_value());
    EXPECT_EQ(*page.elbowK(), 3);

    page.kSpin()->setValue(3);
    Job* run = page.startRun();
    ASSERT_NE(run, nullptr);
    ASSERT_TRUE(test::waitFor([run] { return !run->isRunning(); }, 10'000));
    ASSERT_EQ(run->outcome(), Job::Outcome::Succeeded) << run->error().toString();
    const std::vector<core::ClusteringRun> runs = core::clusteringRuns(*workspace);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.front().sourceJson, R"({"feature_set":"spend_log"})");
    EXPECT_EQ(runs.front().rows, 90);
    EXPECT_EQ(runs.front().clusters, 3);

    // The stored labels are k-means (seed 0) on the matrix the feature set rebuilds.
    core::Progress quiet;
    auto matrix = core::buildFeatureMatrix(*workspace, spendSpec(), quiet, {});
    ASSERT_TRUE(matrix.ok());
    core::KMeansOptions options;
    options.k = 3;
    options.seed = 0;
    auto expected = core::kmeans(matrix.value().values, options, quiet, {});
    ASSERT_TRUE(expected.ok());
    auto labels = core::clusteringRunLabels(*workspace, runs.front().id);
    ASSERT_TRUE(labels.ok());
    EXPECT_EQ(labels.value(), expected.value().labels);

    // The profile of the run is rebuilt from the feature set: its columns are the set's.
    ProfileHeatmap* heatmap = page.structurePanel()->heatmap();
    ASSERT_TRUE(test::waitFor([heatmap] { return heatmap->hasData(); }, 10'000));
    EXPECT_EQ(heatmap->profile().columns, matrix.value().columnNames);
    EXPECT_EQ(heatmap->rowCount(), 3);
    EXPECT_TRUE(test::waitFor([&page] { return !page.isBusy(); }));
}

} // namespace
} // namespace microseg::ui
