// Runs `microseg-cli embed` as people do: CSV or workspace input, coordinates file, JSON summary,
// the embedding kept in the workspace, and the errors.
#include "microseg/embedding_store.h"
#include "microseg/pca.h"
#include "microseg/workspace.h"
#include "test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <gtest/gtest.h>
#include <sstream>

using namespace microseg::core;
using microseg::test::q;
using microseg::test::readFile;
using microseg::test::runCli;
using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

QJsonObject json(const std::string& text) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

/// 40 customers in two groups: id, spend, visits, tenure.
std::string customersCsv() {
    std::ostringstream csv;
    csv << "id,spend,visits,tenure\n";
    for (int i = 0; i < 40; ++i) {
        const bool big = i % 2 == 0;
        csv << "c" << i << ',' << (big ? 500 : 20) + 7 * std::sin(i) << ','
            << (big ? 30 : 3) + std::cos(3.0 * i) << ',' << 12 + i % 5 << '\n';
    }
    return csv.str();
}

constexpr const char* kSpec = R"({
  "version": 1, "source": "customers", "key": "id",
  "features": [
    {"column": "spend", "kind": "numeric", "scaling": "zscore"},
    {"column": "visits", "kind": "numeric", "scaling": "zscore"},
    {"column": "tenure", "kind": "numeric", "scaling": "zscore"}
  ]
})";

} // namespace

TEST(EmbedCli, PcaOfACsvWritesScoresAndExplainedVariance) {
    TempDir dir;
    const auto csv = dir.path("customers.csv");
    writeFile(csv, customersCsv());
    const auto out = dir.path("pca.csv");
    auto run = runCli({"embed", "--input", q(csv), "--exclude", "id", "--scale", "zscore",
                    "--method", "pca", "--out", q(out), "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const QJsonObject report = json(run.out);
    EXPECT_EQ(report["method"].toString(), "pca");
    EXPECT_EQ(report["rows"].toInt(), 40);
    EXPECT_EQ(report["dimensions"].toInt(), 2);
    EXPECT_TRUE(report["seconds"].isDouble());
    const QJsonArray ratio = report["quality"].toObject()["explained_variance_ratio"].toArray();
    ASSERT_EQ(ratio.size(), 2);
    EXPECT_GT(ratio[0].toDouble(), ratio[1].toDouble());
    EXPECT_TRUE(report["quality"].toObject()["loadings"].toObject().contains("spend"));
    const std::string written = readFile(out);
    EXPECT_EQ(written.substr(0, written.find('\n')), "pc1,pc2");
    EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 41);
    EXPECT_FALSE(report.contains("embedding_id")); // nothing to save into
}

TEST(EmbedCli, TsneOfAFeatureSetIsSavedWithItsParametersAndSeed) {
    TempDir dir;
    const auto csv = dir.path("customers.csv");
    const auto ws = dir.path("w.microseg");
    const auto spec = dir.path("spec.json");
    writeFile(csv, customersCsv());
    writeFile(spec, kSpec);
    ASSERT_EQ(runCli({"import", q(csv), "-w", q(ws), "--table", "customers"}).exitCode, 0);
    auto features = runCli({"features", "-w", q(ws), "--spec", q(spec), "--out", "shape"});
    ASSERT_EQ(features.exitCode, 0) << features.err;
    auto run = runCli({"embed", "-w", q(ws), "--features", "shape", "--method", "tsne",
                    "--perplexity", "8", "--seed", "3", "--iterations", "300", "--trustworthiness",
                    "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const QJsonObject report = json(run.out);
    EXPECT_EQ(report["seed"].toInt(), 3);
    EXPECT_EQ(report["parameters"].toObject()["perplexity"].toDouble(), 8.0);
    EXPECT_GT(report["quality"].toObject()["trustworthiness"].toDouble(), 0.9);
    ASSERT_TRUE(report.contains("embedding_id"));

    auto workspace = Workspace::open(ws);
    ASSERT_TRUE(workspace.ok());
    auto saved = loadEmbedding(*workspace.value(), report["embedding_id"].toInteger());
    ASSERT_TRUE(saved.ok()) << saved.error().toString();
    EXPECT_EQ(saved.value().method, "tsne");
    EXPECT_EQ(saved.value().seed, 3);
    EXPECT_EQ(saved.value().rows, 40);
    EXPECT_EQ(saved.value().coordinates.cols(), 2);
    EXPECT_EQ(json(saved.value().parametersJson)["iterations"].toInt(), 300);
    EXPECT_EQ(json(saved.value().sourceJson)["feature_set"].toString(), "shape");
    EXPECT_TRUE(json(saved.value().qualityJson).contains("kl_divergence"));

    // The same seed gives the same map.
    auto again = runCli({"embed", "-w", q(ws), "--features", "shape", "--method", "tsne",
                      "--perplexity", "8", "--seed", "3", "--iterations", "300", "--json"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    auto second = loadEmbedding(*workspace.value(), json(again.out)["embedding_id"].toInteger());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second.value().coordinates, saved.value().coordinates);
}

TEST(EmbedCli, ExplainsWrongArguments) {
    TempDir dir;
    const auto csv = dir.path("customers.csv");
    writeFile(csv, customersCsv());
    auto method = runCli({"embed", "--input", q(csv), "--method", "umap"});
    EXPECT_EQ(method.exitCode, 2);
    EXPECT_NE(method.err.find("--method"), std::string::npos);
    auto perplexity = runCli({"embed", "--input", q(csv), "--exclude", "id", "--method", "tsne",
                           "--perplexity", "40"});
    EXPECT_EQ(perplexity.exitCode, 1);
    EXPECT_NE(perplexity.err.find("perplexity"), std::string::npos);
    auto notANumber = runCli({"embed", "--input", q(csv), "--method", "tsne", "--seed", "x"});
    EXPECT_EQ(notANumber.exitCode, 2);
    auto noData = runCli({"embed", "--method", "pca"});
    EXPECT_NE(noData.exitCode, 0);
    EXPECT_NE(noData.err.find("--input"), std::string::npos);
}
