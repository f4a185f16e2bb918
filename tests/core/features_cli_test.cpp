// Runs `microseg-cli features` as people do: exit codes, the JSON summary, the saved set, errors.
#include "microseg/feature_set.h"
#include "microseg/run_store.h"
#include "test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

using namespace microseg::core;
using microseg::test::q;
using microseg::test::readFile;
using microseg::test::runCli;
using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

constexpr const char* kSpec = R"({
  "version": 1, "source": "customers", "key": "id",
  "features": [
    {"column": "spend", "kind": "numeric", "transform": "yeo-johnson", "scaling": "zscore"},
    {"column": "country", "kind": "categorical", "encoding": "one-hot", "max_levels": 2,
     "weight": 0.5}
  ]
})";

struct Workbench {
    TempDir dir;
    std::string ws = dir.path("w.microseg");
    std::string spec = dir.path("spec.json");
    Workbench() {
        const auto csv = dir.path("customers.csv");
        writeFile(csv, "id,spend,country\na,10,UK\nb,250,UK\nc,0,DE\nd,35.5,FR\ne,1200,UK\n");
        writeFile(spec, kSpec);
        const auto run = runCli({"import", q(csv), "-w", q(ws), "--table", "customers"});
        EXPECT_EQ(run.exitCode, 0) << run.err;
    }
    microseg::test::CliRun features(QStringList extra) {
        return runCli(QStringList{"features", "-w", q(ws), "--spec", q(spec)} + extra);
    }
};

} // namespace

TEST(FeaturesCli, BuildsSavesAndReports) {
    Workbench w;
    auto run = w.features({"--out", "spend_set", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto report = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(report["name"].toString(), "spend_set");
    EXPECT_EQ(report["rows"].toInt(), 5);
    EXPECT_EQ(report["columns"].toInt(), 3);
    EXPECT_EQ(report["column_names"].toArray()[2].toString(), "country=other (x0.5)");
    const double lambda = report["features"].toArray()[0].toObject()["lambda"].toDouble();
    // The saved spec carries the fitted lambda, so a rebuild does not refit.
    auto opened = Workspace::open(w.ws);
    ASSERT_TRUE(opened.ok());
    auto saved = featureSet(*opened.value(), "spend_set");
    ASSERT_TRUE(saved.ok()) << saved.error().toString();
    ASSERT_TRUE(saved.value().spec.features[0].lambda.has_value());
    EXPECT_EQ(*saved.value().spec.features[0].lambda, lambda);
    opened.value().reset();
    // Text output; an existing name needs --overwrite.
    run = w.features({"--out", "spend_set"});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.err.find("already has a feature set"), std::string::npos) << run.err;
    run = w.features({"--out", "spend_set", "--overwrite"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_NE(run.out.find("5 rows x 3 columns"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("spend: yeo-johnson lambda"), std::string::npos) << run.out;
}

TEST(FeaturesCli, Errors) {
    Workbench w;
    EXPECT_EQ(w.features({}).exitCode, 2); // no --out
    writeFile(w.spec, R"({"version": 1, "source": "customers", "key": "id",
                          "features": [{"column": "missing_col"}]})");
    auto run = w.features({"--out", "bad"});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.err.find("no column \"missing_col\""), std::string::npos) << run.err;
    writeFile(w.spec, "not json");
    run = w.features({"--out", "bad"});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.err.find("not a JSON object"), std::string::npos) << run.err;
    auto opened = Workspace::open(w.ws);
    ASSERT_TRUE(opened.ok());
    EXPECT_TRUE(featureSets(*opened.value()).value().empty());
}

TEST(FeaturesCli, ClusteringAFeatureSetSavesTheRunInTheWorkspace) {
    Workbench w;
    ASSERT_EQ(w.features({"--out", "shoppers"}).exitCode, 0);
    const auto labels = w.dir.path("labels.txt");
    auto run = runCli({"cluster", "-w", q(w.ws), "--features", "shoppers", "--algo", "kmeans", "--k",
                    "2", "--labels-out", q(labels), "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(out["rows"].toInt(), 5);
    EXPECT_GT(out["run_id"].toInt(), 0);
    auto workspace = Workspace::open(w.ws);
    ASSERT_TRUE(workspace.ok());
    const auto runs = clusteringRuns(*workspace.value());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, out["run_id"].toInt());
    EXPECT_EQ(runs[0].sourceJson, R"({"feature_set":"shoppers"})");
    EXPECT_EQ(runs[0].clusters, 2);
    auto stored = clusteringRunLabels(*workspace.value(), runs[0].id);
    ASSERT_TRUE(stored.ok());
    std::string expected;
    for (auto label : stored.value())
        expected += std::to_string(label) + "\n";
    EXPECT_EQ(readFile(labels), expected);
    EXPECT_NE(runCli({"cluster", "-w", q(w.ws), "--features", "nope"}).exitCode, 0);
    EXPECT_NE(runCli({"scan", "-w", q(w.ws)}).exitCode, 0);  // which feature set?
}
