#include "microseg/tsne.h"

#include <gtest/gtest.h>

#include "cluster_fixtures.h"
#include "microseg/numeric_csv.h"
#include "microseg/trustworthiness.h"
#include "test_util.h"

using namespace microseg::core;
using microseg::test::loadJson;
using microseg::test::loadMatrix;

namespace {

TsneResult embed(const RowMatrix& x, const TsneOptions& options) {
    Progress progress;
    auto result = tsne(x, options, progress, CancelToken());
    EXPECT_TRUE(result.ok()) << result.error().toString();
    return std::move(result).value();
}

double trust10(const RowMatrix& x, const RowMatrix& y) {
    Progress progress;
    auto value = trustworthiness(x, y, {}, progress, CancelToken());
    EXPECT_TRUE(value.ok());
    return value.value();
}

RowMatrix standardisedWholesale() {
    Progress progress;
    auto table = readNumericCsv(microseg::test::sharedDir() + "/data/Wholesale_customers_data.csv",
                                {}, progress, CancelToken());
    EXPECT_TRUE(table.ok()) << table.error().toString();
    EXPECT_TRUE(standardiseColumns(table.value().values, table.value().columns).ok());
    return table.value().values;
}

} // namespace

TEST(Tsne, ExactAffinitiesMatchScikitLearn) {
    const RowMatrix x = loadMatrix("embed/affinity_data.csv");
    const RowMatrix reference = loadMatrix("embed/affinity_exact.csv");
    auto p = tsneAffinities(x, 5.0, TsneGradient::Exact);
    ASSERT_TRUE(p.ok()) << p.error().toString();
    ASSERT_EQ(p.value().rows(), reference.rows());
    EXPECT_LT((p.value() - reference).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_NEAR(p.value().sum(), 1.0, 1e-12);
}

TEST(Tsne, NearestNeighbourAffinitiesMatchScikitLearn) {
    const RowMatrix x = loadMatrix("embed/affinity_data.csv");
    const RowMatrix reference = loadMatrix("embed/affinity_nn.csv");
    auto p = tsneAffinities(x, 5.0, TsneGradient::BarnesHut);
    ASSERT_TRUE(p.ok()) << p.error().toString();
    EXPECT_LT((p.value() - reference).cwiseAbs().maxCoeff(), 1e-12);
    // Same sparsity pattern: 16 neighbours per row, symmetrised.
    EXPECT_EQ((p.value().array() > 0).count(), (reference.array() > 0).count());
    EXPECT_TRUE(p.value().isApprox(p.value().transpose(), 1e-15));
}

TEST(Tsne, ExactObjectiveMatchesScikitLearn) {
    const RowMatrix p = loadMatrix("embed/affinity_exact.csv");
    const RowMatrix y = loadMatrix("embed/objective_embedding.csv");
    const QJsonObject reference = loadJson("embed/objective.json");
    const TsneObjective objective = tsneObjective(p, y, TsneGradient::Exact);
    EXPECT_NEAR(objective.klDivergence, reference["kl"].toDouble(), 1e-12);
    const QJsonArray gradient = reference["gradient_times_4"].toArray();
    ASSERT_EQ(objective.gradient.rows(), gradient.size());
    for (int i = 0; i < gradient.size(); ++i)
        for (int c = 0; c < 2; ++c) // our convention is dC/dy / 4
            EXPECT_NEAR(4.0 * objective.gradient(i, c), gradient[i].toArray()[c].toDouble(), 1e-12);
}

TEST(Tsne, BarnesHutGradientApproachesTheExactOne) {
    const RowMatrix p = loadMatrix("embed/affinity_exact.csv");
    const RowMatrix y = loadMatrix("embed/objective_embedding.csv");
    const TsneObjective exact = tsneObjective(p, y, TsneGradient::Exact);
    // A vanishing angle summarises nothing: the same sums in another order.
    const TsneObjective tiny = tsneObjective(p, y, TsneGradient::BarnesHut, 1e-9);
    EXPECT_NEAR(tiny.klDivergence, exact.klDivergence, 1e-12);
    EXPECT_LT((tiny.gradient - exact.gradient).cwiseAbs().maxCoeff(), 1e-14);
    const TsneObjective coarse = tsneObjective(p, y, TsneGradient::BarnesHut, 0.5);
    const double error = (coarse.gradient - exact.gradient).norm() / exact.gradient.norm();
    EXPECT_GT(error, 0.0);
    EXPECT_LT(error, 0.05);
    EXPECT_NEAR(coarse.klDivergence, exact.klDivergence, 0.01 * exact.klDivergence);
}

TEST(Tsne, ReachesScikitLearnTrustworthinessWithBothGradients) {
    const QJsonObject bars = loadJson("embed/tsne_bar.json");
    const std::pair<const char*, RowMatrix> cases[] = {
        {"blobs", loadMatrix("embed/tsne_blobs.csv")}, {"wholesale", standardisedWholesale()}};
    for (const auto& [name, x] : cases) {
        for (const TsneGradient gradient : {TsneGradient::Exact, TsneGradient::BarnesHut}) {
            TsneOptions options;
            options.gradient = gradient;
            const TsneResult result = embed(x, options);
            EXPECT_EQ(result.gradient, gradient);
            EXPECT_EQ(result.embedding.rows(), x.rows());
            EXPECT_GE(trust10(x, result.embedding), bars[name].toDouble() - 0.01)
                << name << " " << tsneGradientName(gradient);
            EXPECT_GT(result.klDivergence, 0.0);
            EXPECT_LT(result.klDivergence, 2.0);
        }
    }
}

TEST(Tsne, BitwiseIdenticalForAnyThreadCount) {
    const RowMatrix x = loadMatrix("embed/tsne_blobs.csv");
    TsneOptions options;
    options.gradient = TsneGradient::BarnesHut;
    options.iterations = 300;
    options.threads = 1;
    const TsneResult one = embed(x, options);
    options.threads = 3;
    const TsneResult three = embed(x, options);
    EXPECT_EQ(one.embedding, three.embedding);
    EXPECT_EQ(one.klDivergence, three.klDivergence);
}

TEST(Tsne, SeedDrivesRandomInitialisation) {
    const RowMatrix x = loadMatrix("embed/affinity_data.csv");
    TsneOptions options;
    options.init = TsneInit::Random;
    options.perplexity = 5.0;
    options.iterations = 50;
    options.seed = 1;
    const RowMatrix a = embed(x, options).embedding;
    EXPECT_EQ(embed(x, options).embedding, a);
    options.seed = 2;
    EXPECT_NE(embed(x, options).embedding, a);
}

TEST(Tsne, SnapshotsReportProgressAndCancelStopsTheRun) {
    const RowMatrix x = loadMatrix("embed/tsne_blobs.csv");
    TsneOptions options;
    options.gradient = TsneGradient::BarnesHut;
    options.iterations = 100;
    options.exaggerationIterations = 50;
    options.snapshotEvery = 25;
    std::vector<int> seen;
    std::vector<bool> exaggerating;
    options.onSnapshot = [&](const TsneSnapshot& snapshot) {
        seen.push_back(snapshot.iteration);
        exaggerating.push_back(snapshot.exaggerating);
        EXPECT_EQ(snapshot.iterations, 100);
        EXPECT_EQ(snapshot.coordinates.rows(), x.rows());
        EXPECT_EQ(snapshot.coordinates.cols(), 2);
        EXPECT_GT(snapshot.klDivergence, 0.0);
    };
    const TsneResult result = embed(x, options);
    EXPECT_EQ(seen, (std::vector<int>{25, 50, 75, 100}));
    EXPECT_EQ(exaggerating, (std::vector<bool>{true, false, false, false}));
    EXPECT_EQ(result.iterations, 100);

    CancelToken cancel;
    int calls = 0;
    options.onSnapshot = [&](const TsneSnapshot&) {
        ++calls;
        cancel.cancel();
    };
    Progress progress;
    EXPECT_TRUE(tsne(x, options, progress, cancel).isCancelled());
    EXPECT_EQ(calls, 1);
}

TEST(Tsne, LearningRateFollowsBelkinaWithScikitLearnsFloor) {
    TsneOptions options;
    EXPECT_DOUBLE_EQ(tsneLearningRate(options, 24000), 2000.0);
    EXPECT_DOUBLE_EQ(tsneLearningRate(options, 300), 200.0);
    options.learningRate = 10.0;
    EXPECT_DOUBLE_EQ(tsneLearningRate(options, 24000), 10.0);
}

TEST(Tsne, RejectsBadParameters) {
    const RowMatrix x = loadMatrix("embed/affinity_data.csv");
    Progress progress;
    TsneOptions options;
    options.perplexity = 50.0; // needs perplexity < n = 50
    EXPECT_EQ(tsne(x, options, progress, CancelToken()).error().code, ErrorCode::InvalidArgument);
    options.perplexity = 5.0;
    EXPECT_EQ(tsne(x.leftCols(1), options, progress, CancelToken()).error().code,
              ErrorCode::InvalidArgument); // PCA initialisation of one column
    options.init = TsneInit::Random;
    EXPECT_TRUE(tsne(x.leftCols(1), options, progress, CancelToken()).ok());
    options.gradient = TsneGradient::Exact;
    EXPECT_EQ(tsne(RowMatrix::Zero(kTsneExactLimitRows + 1, 2), options, progress, CancelToken())
                  .error()
                  .code,
              ErrorCode::InvalidArgument);
}

TEST(Tsne, DuplicateRowsStayFiniteAndProgressReachesTheEnd) {
    // 60 distinct customers, each present 5 times: zero distances everywhere in the neighbour
    // lists, coincident points in the quadtree.
    const RowMatrix distinct = loadMatrix("embed/tsne_blobs.csv").topRows(60);
    RowMatrix x(300, distinct.cols());
    for (Eigen::Index i = 0; i < 300; ++i)
        x.row(i) = distinct.row(i % 60);
    std::vector<double> fractions;
    Progress progress([&](double fraction, const std::string&) { fractions.push_back(fraction); });
    for (const TsneGradient gradient : {TsneGradient::Exact, TsneGradient::BarnesHut}) {
        TsneOptions options;
        options.gradient = gradient;
        options.iterations = 300;
        auto result = tsne(x, options, progress, CancelToken());
        ASSERT_TRUE(result.ok()) << result.error().toString();
        EXPECT_TRUE(result.value().embedding.allFinite()) << tsneGradientName(gradient);
        EXPECT_TRUE(std::isfinite(result.value().klDivergence));
        // Copies of one row end up together: far closer to each other than to the rest.
        const RowMatrix& y = result.value().embedding;
        EXPECT_LT((y.row(0) - y.row(60)).norm(), 0.05 * (y.colwise().maxCoeff() - y.colwise().minCoeff()).norm());
    }
    ASSERT_FALSE(fractions.empty());
    EXPECT_EQ(fractions.back(), 1.0);
}

TEST(Tsne, BarnesHutOnALargeTreeMatchesTheExactRepulsion) {
    // Above 4,096 points the quadtree's quadrants are built in parallel and spliced: with a
    // vanishing angle its sums must still equal the exact ones. P = 0 leaves the repulsion alone.
    constexpr Eigen::Index n = 4200;
    RowMatrix y(n, 2);
    for (Eigen::Index i = 0; i < n; ++i) {
        y(i, 0) = 20.0 * std::sin(0.7 * static_cast<double>(i)) + std::cos(1.3 * static_cast<double>(i));
        y(i, 1) = 15.0 * std::cos(0.3 * static_cast<double>(i)) + std::sin(2.1 * static_cast<double>(i));
    }
    const RowMatrix p = RowMatrix::Zero(n, n);
    const TsneObjective exact = tsneObjective(p, y, TsneGradient::Exact);
    const TsneObjective tree = tsneObjective(p, y, TsneGradient::BarnesHut, 1e-9, 2);
    const double scale = exact.gradient.cwiseAbs().maxCoeff();
    EXPECT_LT((tree.gradient - exact.gradient).cwiseAbs().maxCoeff(), 1e-12 * scale);
    const TsneObjective coarse = tsneObjective(p, y, TsneGradient::BarnesHut, 0.5, 2);
    EXPECT_LT((coarse.gradient - exact.gradient).norm() / exact.gradient.norm(), 0.05);
}
