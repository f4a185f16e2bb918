// Runs `microseg-cli cluster --algo hdbscan` as people do: labels against the reference fixture,
// the JSON summary, the run saved in a workspace, parameter errors.
#include "cluster_fixtures.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"
#include "test_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <gtest/gtest.h>
#include <sstream>

using namespace microseg::core;
using microseg::test::readFile;
using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

microseg::test::CliRun cli(const QStringList& arguments) {
    return microseg::test::runCli(arguments);
}

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

/// The fixture's points as a CSV with a header (and an id column when asked).
std::string fixtureCsv(const std::string& name, bool withId) {
    const RowMatrix x = microseg::test::loadMatrix("hdbscan/" + name + "_data.csv");
    std::string out = withId ? "id,x,y\n" : "x,y\n";
    char cell[64];
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        if (withId)
            out += "c" + std::to_string(i) + ",";
        std::snprintf(cell, sizeof cell, "%.17g,%.17g\n", x(i, 0), x(i, 1));
        out += cell;
    }
    return out;
}

std::vector<std::int32_t> parseLabels(const std::string& text) {
    std::vector<std::int32_t> labels;
    std::istringstream in(text);
    for (std::int32_t label = 0; in >> label;)
        labels.push_back(label);
    return labels;
}

} // namespace

TEST(HdbscanCli, LabelsMatchTheReferenceAndTheSummaryCountsNoise) {
    TempDir dir;
    const auto csv = dir.path("points.csv");
    writeFile(csv, fixtureCsv("blobs_noise", false));
    const auto labels = dir.path("labels.txt");
    const auto memberships = dir.path("memberships.csv");
    auto run = cli({"cluster", "--input", q(csv), "--algo", "hdbscan", "--min-cluster-size", "15",
                    "--min-samples", "5", "--labels-out", q(labels), "--probabilities-out",
                    q(memberships), "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    const QJsonObject ref = microseg::test::loadJson("hdbscan/blobs_noise.json");
    EXPECT_EQ(out["algo"].toString(), "hdbscan");
    EXPECT_EQ(out["clusters"].toInt(), ref["clusters"].toInt());
    EXPECT_EQ(out["noise"].toInt(), ref["noise"].toInt());
    EXPECT_EQ(out["min_samples"].toInt(), 5);
    EXPECT_TRUE(out.contains("seconds"));
    EXPECT_TRUE(microseg::test::nearRelative(out["mst_weight"].toDouble(),
                                             ref["mst_weight"].toDouble(), 1e-9));
    // Labels are numbered as the reference numbers them (condensed-tree order).
    EXPECT_EQ(parseLabels(readFile(labels)), microseg::test::toLabels(ref["labels"]));
    const std::string table = readFile(memberships);
    EXPECT_EQ(table.rfind("probability,outlier_score\n", 0), 0u);
    EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 341); // header + 340 rows

    // min_samples defaults to min_cluster_size.
    run = cli(
        {"cluster", "--input", q(csv), "--algo", "hdbscan", "--min-cluster-size", "15", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_EQ(
        QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object()["min_samples"].toInt(),
        15);
}

TEST(HdbscanCli, RejectsBadParameters) {
    TempDir dir;
    const auto csv = dir.path("points.csv");
    writeFile(csv, fixtureCsv("blobs_noise", false));
    auto run = cli({"cluster", "--input", q(csv), "--algo", "hdbscan", "--min-cluster-size", "1"});
    EXPECT_NE(run.exitCode, 0);
    EXPECT_NE(run.err.find("min_cluster_size = 1"), std::string::npos) << run.err;
    run = cli({"cluster", "--input", q(csv), "--algo", "hdbscan", "--min-samples", "400"});
    EXPECT_NE(run.exitCode, 0);
    EXPECT_NE(run.err.find("min_samples = 400"), std::string::npos) << run.err;
    run = cli({"cluster", "--input", q(csv), "--algo", "hdbscan", "--selection", "best"});
    EXPECT_NE(run.exitCode, 0);
    EXPECT_NE(run.err.find("eom or leaf"), std::string::npos) << run.err;
}

TEST(HdbscanCli, ARunOnAFeatureSetIsSavedInTheWorkspace) {
    TempDir dir;
    const auto csv = dir.path("customers.csv");
    writeFile(csv, fixtureCsv("blobs_noise", true));
    const auto ws = dir.path("w.microseg");
    ASSERT_EQ(cli({"import", q(csv), "-w", q(ws), "--table", "customers"}).exitCode, 0);
    const auto spec = dir.path("spec.json");
    writeFile(spec, R"({"version": 1, "source": "customers", "key": "id", "features": [
        {"column": "x", "kind": "numeric", "scaling": "zscore"},
        {"column": "y", "kind": "numeric", "scaling": "zscore"}]})");
    auto built = cli({"features", "-w", q(ws), "--spec", q(spec), "--out", "points"});
    ASSERT_EQ(built.exitCode, 0) << built.err;
    const auto labels = dir.path("labels.txt");
    auto run = cli({"cluster", "-w", q(ws), "--features", "points", "--algo", "hdbscan",
                    "--min-cluster-size", "15", "--min-samples", "5", "--labels-out", q(labels),
                    "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_GT(out["run_id"].toInt(), 0);
    EXPECT_GT(out["noise"].toInt(), 0);
    auto workspace = Workspace::open(ws);
    ASSERT_TRUE(workspace.ok());
    const auto runs = clusteringRuns(*workspace.value());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].algorithm, "hdbscan");
    EXPECT_EQ(runs[0].clusters, out["clusters"].toInt());
    auto stored = clusteringRunLabels(*workspace.value(), runs[0].id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored.value(), parseLabels(readFile(labels)));
}
