// Imputation against scikit-learn 1.2.1 (tests/fixtures/clean/make_impute_reference.py):
// KNNImputer on marketing_campaign.csv's real Income gaps and on small integers full of distance
// ties, SimpleImputer fill values, LinearRegression predictions, and numpy's argpartition.
#include "cluster_fixtures.h"
#include "microseg/clean/impute.h"

#include <QJsonArray>
#include <QJsonObject>
#include <fstream>
#include <gtest/gtest.h>
#include <chrono>
#include <cstdlib>
#include <random>
#include <set>

using namespace microseg::core;
using namespace microseg::core::clean;
using microseg::test::fixturePath;
using microseg::test::loadJson;
using microseg::test::nearRelative;

namespace {

std::vector<NumericColumn> readNumericCsv(const std::string& name) {
    std::ifstream in(fixturePath(name));
    EXPECT_TRUE(in.good()) << name;
    std::string line;
    std::getline(in, line);
    const auto columns = static_cast<std::size_t>(std::count(line.begin(), line.end(), ',') + 1);
    std::vector<NumericColumn> out(columns);
    while (std::getline(in, line)) {
        std::size_t start = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            const std::size_t comma = std::min(line.find(',', start), line.size());
            const std::string cell = line.substr(start, comma - start);
            out[c].push_back(cell.empty() ? std::nullopt : std::optional<double>(std::stod(cell)));
            start = comma + 1;
        }
    }
    return out;
}

void expectKnnMatches(const std::vector<NumericColumn>& data, const QJsonArray& cases) {
    ASSERT_FALSE(cases.isEmpty());
    for (const QJsonValue& value : cases) {
        const QJsonObject c = value.toObject();
        KnnImputeOptions options;
        options.neighbors = c["k"].toInt();
        options.weights =
            c["weights"].toString() == "distance" ? KnnWeights::Distance : KnnWeights::Uniform;
        SCOPED_TRACE("k " + std::to_string(options.neighbors) + " " +
                     c["weights"].toString().toStdString());
        Progress progress;
        auto result = knnImpute(data, options, progress, CancelToken());
        ASSERT_TRUE(result.ok()) << result.error().message;
        const QJsonArray cells = c["cells"].toArray();
        EXPECT_EQ(result.value().imputed + result.value().meanFallback,
                  static_cast<std::size_t>(cells.size()));
        for (const QJsonValue& cell : cells) {
            const QJsonArray rc = cell.toArray();
            const auto row = static_cast<std::size_t>(rc[0].toInt());
            const auto col = static_cast<std::size_t>(rc[1].toInt());
            const auto& got = result.value().columns[col][row];
            ASSERT_TRUE(got.has_value());
            EXPECT_TRUE(nearRelative(*got, rc[2].toDouble(), 1e-12, 1.0))
                << "row " << row << " column " << col;
        }
    }
}

} // namespace

TEST(KnnImpute, MatchesScikitLearnOnMarketingIncome) {
    const auto data = readNumericCsv("clean/impute_marketing.csv");
    ASSERT_EQ(data.size(), 16u);
    ASSERT_EQ(data[0].size(), 2240u);
    expectKnnMatches(data, loadJson("clean/impute_reference.json")["marketing"].toObject()["knn"].toArray());
}

TEST(KnnImpute, MatchesScikitLearnWithTiesAndNoSharedColumns) {
    const auto data = readNumericCsv("clean/impute_synthetic.csv");
    expectKnnMatches(data, loadJson("clean/impute_reference.json")["synthetic"].toObject()["knn"].toArray());
    Progress progress;
    auto result = knnImpute(data, KnnImputeOptions{}, progress, CancelToken());
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.value().meanFallback, 4u); // row 8 has nothing in common with any row
}

TEST(KnnImpute, ArgpartitionBreaksTiesAsNumpy) {
    for (const QJsonValue& value : loadJson("clean/impute_reference.json")["argpartition"].toArray()) {
        const QJsonObject c = value.toObject();
        std::vector<double> values;
        for (const QJsonValue& v : c["values"].toArray())
            values.push_back(v.isNull() ? std::nan("") : v.toDouble());
        std::vector<std::size_t> expected;
        for (const QJsonValue& v : c["first"].toArray())
            expected.push_back(static_cast<std::size_t>(v.toInt()));
        EXPECT_EQ(detail::argpartitionFirst(values, static_cast<std::size_t>(c["k"].toInt())),
                  expected)
            << "n " << values.size() << " k " << c["k"].toInt();
    }
}

TEST(KnnImpute, ThreadCountDoesNotChangeTheResult) {
    const auto data = readNumericCsv("clean/impute_synthetic.csv");
    Progress progress;
    KnnImputeOptions one;
    one.threads = 1;
    KnnImputeOptions two;
    two.threads = 2;
    auto a = knnImpute(data, one, progress, CancelToken());
    auto b = knnImpute(data, two, progress, CancelToken());
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a.value().columns, b.value().columns);
}

TEST(KnnImpute, RejectsBadInputAndHonoursCancel) {
    Progress progress;
    EXPECT_FALSE(knnImpute({}, KnnImputeOptions{}, progress, CancelToken()).ok());
    KnnImputeOptions zero;
    zero.neighbors = 0;
    EXPECT_FALSE(knnImpute({{1.0, std::nullopt}}, zero, progress, CancelToken()).ok());
    auto inf = knnImpute({{1.0, std::numeric_limits<double>::infinity()}}, KnnImputeOptions{},
                         progress, CancelToken());
    ASSERT_FALSE(inf.ok());
    EXPECT_EQ(inf.error().line, 2);
    CancelToken cancel;
    cancel.cancel();
    EXPECT_TRUE(knnImpute({{1.0, std::nullopt, 3.0}}, KnnImputeOptions{}, progress, cancel)
                    .isCancelled());
    // A column with no value is left missing and listed.
    auto empty = knnImpute({{1.0, std::nullopt, 3.0}, {std::nullopt, std::nullopt, std::nullopt}},
                           KnnImputeOptions{}, progress, CancelToken());
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty.value().emptyColumns, (std::vector<std::size_t>{1}));
    EXPECT_FALSE(empty.value().columns[1][0].has_value());
    EXPECT_DOUBLE_EQ(*empty.value().columns[0][1], 2.0);
}

TEST(SimpleImpute, MatchesSimpleImputerFillValues) {
    for (const char* name : {"marketing", "synthetic"}) {
        const auto data = readNumericCsv(std::string("clean/impute_") + name + ".csv");
        const QJsonObject simple = loadJson("clean/impute_reference.json")[name].toObject()["simple"].toObject();
        const std::pair<const char*, FillStrategy> strategies[] = {
            {"mean", FillStrategy::Mean}, {"median", FillStrategy::Median},
            {"most_frequent", FillStrategy::Mode}};
        for (const auto& [key, strategy] : strategies) {
            const QJsonArray expected = simple[key].toArray();
            for (std::size_t c = 0; c < data.size(); ++c) {
                const NumericFill fill = fillNumeric(data[c], strategy);
                ASSERT_TRUE(fill.value.has_value());
                EXPECT_TRUE(nearRelative(*fill.value, expected[static_cast<int>(c)].toDouble(), 1e-12))
                    << name << " " << key << " column " << c;
            }
        }
    }
}

TEST(SimpleImpute, ConstantModeAndDropRows) {
    const NumericColumn column = {3.0, std::nullopt, 1.0, 3.0, std::nullopt, 1.0};
    const NumericFill mode = fillNumeric(column, FillStrategy::Mode);
    EXPECT_EQ(*mode.value, 1.0); // tie between 1 and 3: the smallest, as scikit-learn
    EXPECT_EQ(mode.filled, 2u);
    EXPECT_EQ(*fillNumeric(column, FillStrategy::Constant, -1.0).column[1], -1.0);
    EXPECT_EQ(*fillNumeric(column, FillStrategy::Median).value, 2.0);

    const TextColumn text = {"b", std::nullopt, "a", "b", "a"};
    auto textMode = fillText(text, FillStrategy::Mode);
    ASSERT_TRUE(textMode.ok());
    EXPECT_EQ(*textMode.value().value, "a");
    EXPECT_EQ(*textMode.value().column[1], "a");
    EXPECT_FALSE(fillText(text, FillStrategy::Mean).ok());
    EXPECT_EQ(*fillText(text, FillStrategy::Constant, "unknown").value().column[1], "unknown");

    const TextColumn other = {"x", "y", std::nullopt, "z", "w"};
    EXPECT_EQ(rowsWithMissing(std::vector<const TextColumn*>{&text, &other}), (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(rowsWithMissing(std::vector<NumericColumn>{column}), (std::vector<std::size_t>{1, 4}));
}

TEST(RegressionImpute, MatchesLinearRegression) {
    const QJsonObject ref = loadJson("clean/impute_reference.json");
    const std::pair<const char*, QJsonObject> cases[] = {
        {"clean/impute_regression.csv", ref["regression"].toObject()},
        {"clean/impute_marketing.csv", ref["marketing"].toObject()["regression"].toObject()}};
    for (const auto& [file, c] : cases) {
        SCOPED_TRACE(file);
        const auto data = readNumericCsv(file);
        std::vector<NumericColumn> predictors;
        for (const QJsonValue& p : c["predictors"].toArray())
            predictors.push_back(data[static_cast<std::size_t>(p.toInt())]);
        auto result = regressionImpute(data[static_cast<std::size_t>(c["target"].toInt())], predictors);
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_TRUE(nearRelative(result.value().intercept, c["intercept"].toDouble(), 1e-8));
        const QJsonArray cells = c["cells"].toArray();
        EXPECT_EQ(result.value().filled, static_cast<std::size_t>(cells.size()));
        for (const QJsonValue& cell : cells) {
            const auto row = static_cast<std::size_t>(cell.toArray()[0].toInt());
            EXPECT_TRUE(nearRelative(*result.value().column[row], cell.toArray()[1].toDouble(), 1e-9))
                << "row " << row;
        }
    }
}

TEST(RegressionImpute, NamesTheIncompletePredictor) {
    auto r = regressionImpute({1.0, std::nullopt, 3.0}, {{1.0, 2.0, 3.0}, {1.0, 2.0, std::nullopt}});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("Predictor 2"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("row 3"), std::string::npos);
}

/// Scaling measurement for docs/benchmarks.md: runs only when MICROSEG_KNN_BENCH_ROWS is set
/// (rows of 10 uniform columns, 2% of cells missing, k = 5).
TEST(KnnImpute, Benchmark) {
    const char* rowsText = std::getenv("MICROSEG_KNN_BENCH_ROWS");
    if (!rowsText)
        GTEST_SKIP() << "set MICROSEG_KNN_BENCH_ROWS to run the benchmark";
    const auto rows = static_cast<std::size_t>(std::atoll(rowsText));
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> value(0.0, 1.0);
    std::vector<NumericColumn> data(10, NumericColumn(rows));
    std::size_t missing = 0;
    for (auto& column : data)
        for (auto& cell : column) {
            if (value(rng) < 0.02)
                ++missing;
            else
                cell = value(rng);
        }
    Progress progress;
    const auto start = std::chrono::steady_clock::now();
    auto result = knnImpute(data, KnnImputeOptions{}, progress, CancelToken());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.value().imputed, missing);
    std::cout << "rows " << rows << " missing cells " << missing << " seconds " << seconds << "\n";
}
