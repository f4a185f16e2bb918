// Mini-batch k-means: partial_fit against scikit-learn 1.2.1 from the same initial centres
// (fixtures by tests/fixtures/make_minibatch_reference.py), fit() determinism and quality, the
// incremental model, and the task contract (cancel, progress, argument errors).
#include "cluster_fixtures.h"
#include "microseg/kmeans.h"
#include "microseg/minibatch_kmeans.h"

#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace microseg::core;
using microseg::test::loadJson;
using microseg::test::loadMatrix;
using microseg::test::nearRelative;

namespace {

RowMatrix blobs(Eigen::Index n, Eigen::Index d, int clusters, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    RowMatrix centres(clusters, d);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = 6.0 * normal(rng);
    RowMatrix data(n, d);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < d; ++j)
            data(i, j) = centres(i % clusters, j) + normal(rng);
    return data;
}

MiniBatchKMeansResult fit(const RowMatrix& data, const MiniBatchKMeansOptions& options) {
    Progress progress;
    CancelToken cancel;
    auto result = miniBatchKMeans(data, options, progress, cancel);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().toString());
    return result.ok() ? std::move(result).value() : MiniBatchKMeansResult{};
}

void expectPartialFitLikeSklearn(const std::string& name) {
    SCOPED_TRACE(name);
    const RowMatrix data = loadMatrix("minibatch/" + name + "_data.csv");
    const RowMatrix init = loadMatrix("minibatch/" + name + "_init.csv");
    const QJsonObject ref = loadJson("minibatch/" + name + ".json");
    const auto ends = microseg::test::toDoubles(ref["batch_ends"]);
    const QJsonArray steps = ref["steps"].toArray();
    ASSERT_EQ(static_cast<std::size_t>(steps.size()), ends.size());

    MiniBatchKMeansOptions options;
    options.k = static_cast<int>(init.rows());
    options.initialCentres = init;
    options.reassignmentRatio = 0.0;
    options.batchSize = ref["batch_size"].toInt();
    MiniBatchKMeansModel model(options);
    Eigen::Index start = 0;
    for (qsizetype s = 0; s < steps.size(); ++s) {
        SCOPED_TRACE("after batch " + std::to_string(s + 1));
        const auto end = static_cast<Eigen::Index>(ends[static_cast<std::size_t>(s)]);
        ASSERT_TRUE(model.partialFit(data.middleRows(start, end - start)).ok());
        start = end;
        const QJsonObject step = steps[s].toObject();
        const RowMatrix centres = microseg::test::toMatrix(step["centres"]);
        ASSERT_EQ(model.centres().rows(), centres.rows());
        for (Eigen::Index i = 0; i < centres.size(); ++i)
            ASSERT_TRUE(nearRelative(model.centres().data()[i], centres.data()[i], 1e-9, 1.0))
                << "centre value " << i;
        const auto counts = microseg::test::toDoubles(step["counts"]);
        for (Eigen::Index c = 0; c < model.counts().size(); ++c)
            EXPECT_EQ(model.counts()[c], counts[static_cast<std::size_t>(c)]);
        auto labels = model.predict(data);
        ASSERT_TRUE(labels.ok());
        EXPECT_EQ(labels.value(), microseg::test::toLabels(step["labels"]));
    }
    EXPECT_EQ(model.steps(), steps.size());
}

} // namespace

TEST(MiniBatchKMeans, PartialFitMatchesSklearn) {
    expectPartialFitLikeSklearn("blobs");
    expectPartialFitLikeSklearn("k20"); // includes a centre that never receives a point
}

TEST(MiniBatchKMeans, FitIsDeterministicAndThreadIndependent) {
    const RowMatrix data = blobs(20000, 5, 6, 2);
    MiniBatchKMeansOptions options;
    options.k = 6;
    options.seed = 17;
    options.threads = 1;
    const MiniBatchKMeansResult a = fit(data, options);
    options.threads = 2;
    const MiniBatchKMeansResult b = fit(data, options);
    EXPECT_EQ(a.centres, b.centres); // bitwise
    EXPECT_EQ(a.counts, b.counts);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.inertia, b.inertia);
    EXPECT_EQ(a.steps, b.steps);
    options.seed = 18;
    const MiniBatchKMeansResult c = fit(data, options);
    EXPECT_NE(a.centres, c.centres);
}

TEST(MiniBatchKMeans, InertiaWithinAFewPercentOfFullKMeans) {
    const RowMatrix data = blobs(30000, 6, 8, 3);
    KMeansOptions full;
    full.k = 8;
    full.nInit = 3;
    full.seed = 1;
    Progress progress;
    CancelToken cancel;
    auto reference = kmeans(data, full, progress, cancel);
    ASSERT_TRUE(reference.ok());
    MiniBatchKMeansOptions options;
    options.k = 8;
    options.seed = 1;
    const MiniBatchKMeansResult result = fit(data, options);
    EXPECT_TRUE(result.converged); // early stop long before 100 epochs
    EXPECT_LT(result.epochs, 100);
    EXPECT_LE(result.inertia, 1.03 * reference.value().inertia);
    EXPECT_EQ(result.labels.size(), 30000u);
}

TEST(MiniBatchKMeans, ModelFoldsInNewCustomersAfterFit) {
    const RowMatrix data = blobs(12000, 4, 5, 4);
    MiniBatchKMeansOptions options;
    options.k = 5;
    options.seed = 5;
    const MiniBatchKMeansResult result = fit(data, options);
    auto model = MiniBatchKMeansModel::fromFit(result, options);
    ASSERT_TRUE(model.ok());
    auto before = model.value().predict(data);
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(before.value(), result.labels);
    const RowMatrix newcomers = data.topRows(500);
    const double absorbed = model.value().counts().sum();
    ASSERT_TRUE(model.value().partialFit(newcomers).ok());
    EXPECT_DOUBLE_EQ(model.value().counts().sum(), absorbed + 500.0);
    EXPECT_EQ(model.value().steps(), result.steps + 1);
    // Folding in rows from the same population barely moves the centres.
    EXPECT_LT((model.value().centres() - result.centres).norm(), 0.5);
}

TEST(MiniBatchKMeans, FirstPartialFitSeedsWithKMeansPlusPlusAndReassignsEmptyCentres) {
    const RowMatrix data = blobs(3000, 3, 4, 6);
    MiniBatchKMeansOptions options;
    options.k = 4;
    options.seed = 2;
    MiniBatchKMeansModel a(options);
    MiniBatchKMeansModel b(options);
    ASSERT_TRUE(a.partialFit(data.topRows(1000)).ok());
    ASSERT_TRUE(b.partialFit(data.topRows(1000)).ok());
    EXPECT_EQ(a.centres(), b.centres());
    EXPECT_DOUBLE_EQ(a.counts().sum(), 1000.0);

    // A centre far from every row gets no point and is moved onto a row of the batch, with the
    // smallest count of the others (sklearn's reassignment).
    RowMatrix init = data.topRows(4);
    init.row(3).setConstant(1000.0);
    options.initialCentres = init;
    MiniBatchKMeansModel far(options);
    ASSERT_TRUE(far.partialFit(data.topRows(200)).ok());
    bool onARow = false;
    for (Eigen::Index i = 0; i < 200 && !onARow; ++i)
        onARow = far.centres().row(3) == data.row(i);
    EXPECT_TRUE(onARow);
    EXPECT_EQ(far.counts()[3], far.counts().head(3).minCoeff());
}

TEST(MiniBatchKMeans, PreCancelledTokenReturnsCancelled) {
    const RowMatrix data = blobs(2000, 3, 3, 1);
    Progress progress;
    CancelToken cancel;
    cancel.cancel();
    MiniBatchKMeansOptions options;
    options.k = 3;
    EXPECT_TRUE(miniBatchKMeans(data, options, progress, cancel).isCancelled());
    MiniBatchKMeansModel model(options);
    EXPECT_TRUE(model.partialFit(data, cancel).isCancelled());
    EXPECT_FALSE(model.isFitted());
}

TEST(MiniBatchKMeans, CancelDuringTheStepsReturnsCancelled) {
    const RowMatrix data = blobs(20000, 3, 6, 3);
    CancelToken cancel;
    Progress progress([&](double fraction, const std::string&) {
        if (fraction > 0.2)
            cancel.cancel();
    });
    MiniBatchKMeansOptions options;
    options.k = 6;
    options.maxNoImprovement = -1;
    EXPECT_TRUE(miniBatchKMeans(data, options, progress, cancel).isCancelled());
}

TEST(MiniBatchKMeans, ProgressEndsAtOneWithinAHundredSteps) {
    const RowMatrix data = blobs(20000, 3, 6, 3);
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    CancelToken cancel;
    MiniBatchKMeansOptions options;
    options.k = 6;
    options.maxNoImprovement = -1; // run every step
    options.maxIterations = 5;
    ASSERT_TRUE(miniBatchKMeans(data, options, progress, cancel).ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_LE(seen.size(), 110u);
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_LE(seen[i - 1], seen[i]);
}

TEST(MiniBatchKMeans, InvalidArguments) {
    const RowMatrix data = blobs(10, 2, 2, 1);
    Progress progress;
    CancelToken cancel;
    const auto code = [&](const MiniBatchKMeansOptions& options) {
        auto result = miniBatchKMeans(data, options, progress, cancel);
        return result.ok() ? ErrorCode::Cancelled : result.error().code;
    };
    MiniBatchKMeansOptions options;
    options.k = 11;
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.k = 2;
    options.batchSize = 0;
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.batchSize = 10;
    options.reassignmentRatio = -1.0;
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.reassignmentRatio = 0.01;
    options.initialCentres = RowMatrix::Zero(3, 2);
    EXPECT_EQ(code(options), ErrorCode::InvalidArgument);
    options.initialCentres.reset();

    MiniBatchKMeansModel model(options);
    EXPECT_EQ(model.predict(data).error().code, ErrorCode::InvalidArgument); // unfitted
    EXPECT_EQ(model.partialFit(data.topRows(1)).error().code, ErrorCode::InvalidArgument); // < k
    ASSERT_TRUE(model.partialFit(data).ok());
    EXPECT_EQ(model.partialFit(RowMatrix::Zero(4, 3)).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(model.predict(RowMatrix::Zero(4, 3)).error().code, ErrorCode::InvalidArgument);
    RowMatrix withNan = data;
    withNan(2, 1) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(model.partialFit(withNan).error().code, ErrorCode::InvalidArgument);
}
