// Runs the real microseg-cli binary: exit codes, stdout and the one-line reason on stderr.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "test_util.h"

using microseg::test::q;
using microseg::test::readFile;
using microseg::test::runCli;
using microseg::test::TempDir;
using microseg::test::writeFile;

TEST(Cli, ImportInfoAndShow) {
    TempDir dir;
    const auto csv = dir.path("people.csv");
    writeFile(csv, "id;name;zip\n1;\"Smith, Ann\";01234\n2;Bob;\n");
    const auto ws = dir.path("w.microseg");
    auto imported = runCli({"import", q(csv), "-w", q(ws), "--table", "people", "--json"});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    const auto report = QJsonDocument::fromJson(QByteArray::fromStdString(imported.out)).object();
    EXPECT_EQ(report["rows"].toInt(), 2);
    EXPECT_EQ(report["delimiter"].toString(), ";");

    auto info = runCli({"info", "-w", q(ws), "--json"});
    ASSERT_EQ(info.exitCode, 0) << info.err;
    const auto tables = QJsonDocument::fromJson(QByteArray::fromStdString(info.out))
                            .object()["tables"].toArray();
    ASSERT_EQ(tables.size(), 1);
    const auto table = tables[0].toObject();
    EXPECT_EQ(table["table"].toString(), "raw_people");
    EXPECT_EQ(table["rows"].toInt(), 2);
    const auto columns = table["columns"].toArray();
    ASSERT_EQ(columns.size(), 3);
    EXPECT_EQ(columns[0].toObject()["type"].toString(), "integer");
    EXPECT_EQ(columns[2].toObject()["type"].toString(), "text");
    EXPECT_EQ(columns[2].toObject()["missing"].toInt(), 1);

    auto csvOut = runCli({"show", "-w", q(ws), "--table", "people", "--format", "csv"});
    ASSERT_EQ(csvOut.exitCode, 0) << csvOut.err;
    EXPECT_EQ(csvOut.out, "id,name,zip\n1,\"Smith, Ann\",01234\n2,Bob,\n");
    auto jsonOut = runCli({"show", "-w", q(ws), "--table", "raw_people", "--format", "json",
                        "--limit", "1"});
    ASSERT_EQ(jsonOut.exitCode, 0) << jsonOut.err;
    const auto rows = QJsonDocument::fromJson(QByteArray::fromStdString(jsonOut.out)).array();
    ASSERT_EQ(rows.size(), 1);
    EXPECT_EQ(rows[0].toObject()["zip"].toString(), "01234");
}

TEST(Cli, ForcedSettings) {
    TempDir dir;
    const auto csv = dir.path("latin.csv");
    writeFile(csv, "1|caf\xe9\n2|na\xefve\n");
    const auto ws = dir.path("w.microseg");
    auto run = runCli({"import", q(csv), "-w", q(ws), "--delimiter", "pipe", "--encoding",
                    "latin1", "--no-header", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto report = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(report["rows"].toInt(), 2);
    EXPECT_FALSE(report["header"].toBool());
    auto show = runCli({"show", "-w", q(ws), "--table", "latin"});
    EXPECT_EQ(show.out, "column_1,column_2\n1,caf\xc3\xa9\n2,na\xc3\xafve\n");
}

TEST(Cli, FailuresExitNonZeroWithOneLineOnStderr) {
    TempDir dir;
    const auto ws = dir.path("w.microseg");
    auto missing = runCli({"import", q(dir.path("nope.csv")), "-w", q(ws)});
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_NE(missing.err.find("does not exist"), std::string::npos);
    EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1);

    const auto foreign = dir.path("foreign.microseg");
    writeFile(foreign, "this is not a workspace");
    auto refused = runCli({"info", "-w", q(foreign)});
    EXPECT_NE(refused.exitCode, 0);
    EXPECT_NE(refused.err.find("not a Microseg workspace"), std::string::npos);
    EXPECT_EQ(readFile(foreign), "this is not a workspace");

    writeFile(dir.path("a.csv"), "a\n1\n");
    ASSERT_EQ(runCli({"import", q(dir.path("a.csv")), "-w", q(ws)}).exitCode, 0);
    auto noTable = runCli({"show", "-w", q(ws), "--table", "nope"});
    EXPECT_NE(noTable.exitCode, 0);
    EXPECT_NE(noTable.err.find("no table named"), std::string::npos);
    EXPECT_NE(runCli({"frobnicate"}).exitCode, 0);
    EXPECT_NE(runCli({"import", q(dir.path("a.csv")), "-w", q(ws), "--delimiter", "ab"}).exitCode, 0);
    EXPECT_NE(runCli({"show", "-w", q(ws), "--table", "a", "--limit", "x"}).exitCode, 0);
}

TEST(Cli, ClusterWritesOneLabelPerInputRowFromGivenCentres) {
    TempDir dir;
    const auto csv = dir.path("points.csv");
    // Two tight groups; the id column is excluded, the text column is skipped as non-numeric.
    writeFile(csv, "id,x,y,note\n1,0,0,a\n2,0.1,0,b\n3,0,0.1,c\n4,10,10,d\n5,10.1,10,e\n6,10,10.1,f\n");
    const auto centres = dir.path("centres.csv");
    writeFile(centres, "x,y\n10,10\n0,0\n");
    const auto labels = dir.path("labels.txt");
    auto run = runCli({"cluster", "--input", q(csv), "--exclude", "id", "--algo", "kmeans",
                    "--init-centers", q(centres), "--labels-out", q(labels), "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(out["k"].toInt(), 2);
    EXPECT_EQ(out["rows"].toInt(), 6);
    EXPECT_EQ(out["skipped_columns"].toArray().size(), 1);
    // Each group's centre is (0.1/3, 0.1/3) from its corner point: squared distances
    // 2(0.1/3)^2 for the corner and (0.2/3)^2 + (0.1/3)^2 for each of the other two.
    const double a = 0.1 / 3, b = 0.2 / 3;
    const double groupInertia = 2 * a * a + 2 * (b * b + a * a);
    EXPECT_NEAR(out["inertia"].toDouble(), 2 * groupInertia, 1e-12);
    EXPECT_GE(out["seconds"].toDouble(), 0.0);
    EXPECT_EQ(readFile(labels), "1\n1\n1\n0\n0\n0\n");  // centre 0 was (10, 10)

    auto metrics = runCli({"metrics", "--input", q(csv), "--exclude", "id", "--labels", q(labels),
                        "--json"});
    ASSERT_EQ(metrics.exitCode, 0) << metrics.err;
    const auto values = QJsonDocument::fromJson(QByteArray::fromStdString(metrics.out)).object();
    EXPECT_GT(values["silhouette"].toDouble(), 0.95);
    EXPECT_LT(values["davies_bouldin"].toDouble(), 0.05);
    EXPECT_GT(values["calinski_harabasz"].toDouble(), 1000.0);
}

TEST(Cli, ClusterRefusesBadInputWithAReason) {
    TempDir dir;
    const auto csv = dir.path("gaps.csv");
    writeFile(csv, "x,y\n1,2\n3,\n5,6\n");
    auto missing = runCli({"cluster", "--input", q(csv), "--k", "2"});
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_NE(missing.err.find(":3:2:"), std::string::npos) << missing.err;  // line 3, column 2
    EXPECT_NE(missing.err.find("Missing value"), std::string::npos);
    auto tooMany = runCli({"cluster", "--input", q(csv), "--columns", "x", "--k", "9"});
    EXPECT_NE(tooMany.exitCode, 0);
    EXPECT_NE(tooMany.err.find("k"), std::string::npos);
    EXPECT_NE(runCli({"cluster", "--input", q(csv), "--algo", "magic"}).exitCode, 0);
    EXPECT_NE(runCli({"cluster", "--input", q(csv), "--columns", "nope"}).exitCode, 0);
    const auto labels = dir.path("short.txt");
    writeFile(labels, "0\n1\n");
    auto count = runCli({"metrics", "--input", q(csv), "--columns", "x", "--labels", q(labels)});
    EXPECT_NE(count.exitCode, 0);
    EXPECT_NE(count.err.find("2 labels for 3 input rows"), std::string::npos) << count.err;
}

TEST(Cli, AgglomerativeCutsTheTreeAndWritesTheLinkageMatrix) {
    TempDir dir;
    const auto csv = dir.path("points.csv");
    writeFile(csv, "x,y\n0,0\n0,1\n10,10\n10,11\n30,30\n");
    const auto labels = dir.path("labels.txt");
    const auto tree = dir.path("tree.csv");
    auto run = runCli({"cluster", "--input", q(csv), "--algo", "agglomerative", "--linkage",
                    "single", "--k", "3", "--labels-out", q(labels), "--linkage-out", q(tree),
                    "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(out["k"].toInt(), 3);
    EXPECT_EQ(out["linkage"].toString(), "single");
    // Single linkage merges (0,1) and (2,3) at height 1, then the pairs at sqrt(181).
    const std::string matrix = readFile(tree);
    EXPECT_EQ(matrix.substr(0, matrix.find('\n')), "a,b,height,size");
    EXPECT_EQ(std::count(matrix.begin(), matrix.end(), '\n'), 5);  // header + n - 1 merges
    const std::string written = readFile(labels);
    EXPECT_EQ(written[0], written[2]);  // rows 1 and 2 together
    EXPECT_EQ(written[4], written[6]);  // rows 3 and 4 together
    EXPECT_NE(written[0], written[4]);
    EXPECT_NE(written[8], written[0]);  // row 5 alone
    EXPECT_NE(runCli({"cluster", "--input", q(csv), "--algo", "agglomerative", "--linkage", "median"})
                  .exitCode,
              0);
}

namespace {
/// Two well separated groups of 60 points each, deterministic.
std::string twoGroupsCsv() {
    std::string csv = "x,y\n";
    for (int i = 0; i < 120; ++i) {
        const double base = i < 60 ? 0.0 : 20.0;
        csv += std::to_string(base + (i % 7) * 0.1) + "," + std::to_string(base + (i % 5) * 0.1) +
               "\n";
    }
    return csv;
}
} // namespace

TEST(Cli, MiniBatchAndGaussianMixtureFindTheTwoGroups) {
    TempDir dir;
    const auto csv = dir.path("groups.csv");
    writeFile(csv, twoGroupsCsv());
    for (const char* algo : {"minibatch", "gmm"}) {
        const auto labels = dir.path(std::string(algo) + ".txt");
        auto run = runCli({"cluster", "--input", q(csv), "--algo", algo, "--k", "2", "--seed", "3",
                        "--labels-out", q(labels), "--json"});
        ASSERT_EQ(run.exitCode, 0) << algo << ": " << run.err;
        const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
        EXPECT_EQ(out["algo"].toString(), algo);
        EXPECT_EQ(out["k"].toInt(), 2);
        const std::string written = readFile(labels);
        ASSERT_EQ(std::count(written.begin(), written.end(), '\n'), 120);
        // Each label line is one digit and a newline: the groups are rows 0-59 and 60-119.
        for (int row = 1; row < 120; ++row)
            EXPECT_EQ(written[2 * row] == written[0], row < 60) << algo << " row " << row;
    }
    auto gmm = runCli({"cluster", "--input", q(csv), "--algo", "gmm", "--k", "2", "--covariance",
                    "diag", "--json"});
    ASSERT_EQ(gmm.exitCode, 0) << gmm.err;
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(gmm.out)).object();
    EXPECT_TRUE(out.contains("bic"));
    EXPECT_EQ(out["covariance"].toString(), "diag");
}

TEST(Cli, ScanReportsEveryKAndTheElbow) {
    TempDir dir;
    const auto csv = dir.path("groups.csv");
    writeFile(csv, twoGroupsCsv());
    auto run = runCli({"scan", "--input", q(csv), "--k", "2..5", "--min-cluster-size", "10", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    const auto points = out["points"].toArray();
    ASSERT_EQ(points.size(), 4);
    EXPECT_EQ(points[0].toObject()["k"].toInt(), 2);
    EXPECT_GT(points[0].toObject()["silhouette"].toDouble(), 0.9);  // two groups: k = 2 is best
    for (int i = 1; i < points.size(); ++i)
        EXPECT_LE(points[i].toObject()["inertia"].toDouble(),
                  points[i - 1].toObject()["inertia"].toDouble());
    EXPECT_NE(runCli({"scan", "--input", q(csv), "--k", "5..2"}).exitCode, 0);
}

TEST(Cli, DbscanLabelsNoiseAndKDistanceSuggestsEps) {
    TempDir dir;
    const auto csv = dir.path("groups.csv");
    std::string points = twoGroupsCsv();
    points += "100,-100\n";  // far from everything: noise
    writeFile(csv, points);
    const auto labels = dir.path("labels.txt");
    auto run = runCli({"cluster", "--input", q(csv), "--algo", "dbscan", "--eps", "1", "--min-samples",
                    "5", "--labels-out", q(labels), "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(out["k"].toInt(), 2);
    EXPECT_EQ(out["noise"].toInt(), 1);
    const std::string written = readFile(labels);
    EXPECT_EQ(written.substr(written.size() - 3), "-1\n");  // the last row is noise
    auto graph = runCli({"kdistance", "--input", q(csv), "--k", "5", "--json"});
    ASSERT_EQ(graph.exitCode, 0) << graph.err;
    const auto knee = QJsonDocument::fromJson(QByteArray::fromStdString(graph.out)).object();
    EXPECT_GT(knee["suggested_eps"].toDouble(), 0.0);
    EXPECT_EQ(knee["rows"].toInt(), 121);
    EXPECT_NE(runCli({"cluster", "--input", q(csv), "--algo", "dbscan", "--eps", "-1"}).exitCode, 0);
}
