#include "microseg/trustworthiness.h"

#include <gtest/gtest.h>

#include "cluster_fixtures.h"

using namespace microseg::core;
using microseg::test::loadJson;
using microseg::test::loadMatrix;

namespace {
double trust(const RowMatrix& x, const RowMatrix& y, TrustworthinessOptions options) {
    Progress progress;
    auto value = trustworthiness(x, y, options, progress, CancelToken());
    EXPECT_TRUE(value.ok()) << value.error().toString();
    return value.ok() ? value.value() : -1.0;
}
} // namespace

TEST(Trustworthiness, MatchesScikitLearn) {
    const RowMatrix x = loadMatrix("embed/trust_data.csv");
    const RowMatrix y = loadMatrix("embed/trust_embedding.csv");
    const QJsonObject reference = loadJson("embed/trust.json");
    TrustworthinessOptions options;
    options.neighbours = 5;
    EXPECT_NEAR(trust(x, y, options), reference["k5"].toDouble(), 1e-12);
    options.neighbours = 10;
    const double k10 = trust(x, y, options);
    EXPECT_NEAR(k10, reference["k10"].toDouble(), 1e-12);
    options.threads = 1;
    EXPECT_EQ(trust(x, y, options), k10);
}

TEST(Trustworthiness, IsOneWhenTheEmbeddingKeepsEveryNeighbourhood) {
    const RowMatrix x = loadMatrix("embed/trust_data.csv");
    // A uniform scaling keeps every distance order.
    const RowMatrix y = 3.0 * x;
    EXPECT_DOUBLE_EQ(trust(x, y, {}), 1.0);
    // Reversing the rows' coordinates ruins it.
    const RowMatrix shuffled = x.colwise().reverse();
    EXPECT_LT(trust(x, shuffled, {}), 0.7);
}

TEST(Trustworthiness, SampledRowsEstimateTheExactValue) {
    const RowMatrix x = loadMatrix("embed/trust_data.csv");
    const RowMatrix y = loadMatrix("embed/trust_embedding.csv");
    const double exact = trust(x, y, {});
    TrustworthinessOptions options;
    options.sampleRows = 200; // all rows: exact
    EXPECT_EQ(trust(x, y, options), exact);
    options.sampleRows = 120;
    options.seed = 3;
    const double sampled = trust(x, y, options);
    EXPECT_NEAR(sampled, exact, 0.02);
    EXPECT_NE(sampled, exact);
    EXPECT_EQ(trust(x, y, options), sampled); // seeded
}

TEST(Trustworthiness, RejectsBadArguments) {
    const RowMatrix x = RowMatrix::Random(10, 3);
    Progress progress;
    TrustworthinessOptions options;
    options.neighbours = 5; // needs k < n / 2
    auto tooMany = trustworthiness(x, x, options, progress, CancelToken());
    ASSERT_FALSE(tooMany.ok());
    EXPECT_EQ(tooMany.error().code, ErrorCode::InvalidArgument);
    options.neighbours = 2;
    auto mismatch = trustworthiness(x, x.topRows(9), options, progress, CancelToken());
    ASSERT_FALSE(mismatch.ok());
    CancelToken cancel;
    cancel.cancel();
    EXPECT_TRUE(trustworthiness(x, x, options, progress, cancel).isCancelled());
}
