// Feature sets against scikit-learn 1.2.1 (tests/fixtures/make_features_reference.py): scalers,
// Yeo-Johnson lambdas and outputs, one-hot categories; plus JSON round trip, storage,
// determinism, every documented error, cancellation and progress.
#include "microseg/csv_import.h"
#include "microseg/feature_set.h"
#include "test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <gtest/gtest.h>

using namespace microseg::core;
using microseg::test::readFile;
using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

const std::string kFixtures = std::string(MICROSEG_SOURCE_DIR) + "/tests/fixtures/features/";

QJsonObject reference() {
    static const QJsonObject ref =
        QJsonDocument::fromJson(QByteArray::fromStdString(readFile(kFixtures + "reference.json")))
            .object();
    return ref;
}

std::vector<double> numbers(const QJsonValue& value) {
    std::vector<double> out;
    for (const auto& v : value.toArray())
        out.push_back(v.toDouble());
    return out;
}

struct Fixture {
    TempDir dir;
    std::unique_ptr<Workspace> workspace;
    Fixture() {
        auto created = Workspace::create(dir.path("w.microseg"));
        EXPECT_TRUE(created.ok());
        workspace = std::move(created.value());
        importFile("customers", kFixtures + "customers.csv");
    }
    void import(const std::string& name, const std::string& bytes) {
        writeFile(dir.path(name + ".csv"), bytes);
        importFile(name, dir.path(name + ".csv"));
    }
    void importFile(const std::string& name, const std::string& path) {
        ImportRequest request;
        request.filePath = path;
        request.datasetName = name;
        Progress progress;
        auto report = importCsv(*workspace, request, progress, CancelToken());
        ASSERT_TRUE(report.ok()) << report.error().toString();
    }
    Result<FeatureMatrix> build(const FeatureSpec& spec) {
        Progress progress;
        return buildFeatureMatrix(*workspace, spec, progress, CancelToken());
    }
};

FeatureSpec oneFeature(const Feature& feature, const std::string& source = "customers") {
    FeatureSpec spec;
    spec.source = source;
    spec.keyColumn = source == "customers" ? "customer_id" : "id";
    spec.features = {feature};
    return spec;
}

Feature numeric(const std::string& column, FeatureScaling scaling = FeatureScaling::None,
                FeatureTransform transform = FeatureTransform::None) {
    Feature f;
    f.column = column;
    f.scaling = scaling;
    f.transform = transform;
    return f;
}

void expectColumn(const FeatureMatrix& m, int column, const std::vector<double>& expected,
                  double tolerance, const std::string& what) {
    ASSERT_EQ(m.values.rows(), Eigen::Index(expected.size())) << what;
    for (std::size_t r = 0; r < expected.size(); ++r)
        EXPECT_NEAR(m.values(Eigen::Index(r), column), expected[r],
                    tolerance * std::max(1.0, std::abs(expected[r])))
            << what << " row " << r + 1;
}

const char* const kNumeric[] = {"monetary", "spend", "balance", "debt"};

} // namespace

TEST(FeatureSet, ScalersMatchScikitLearn) {
    Fixture fx;
    for (const char* column : kNumeric) {
        const QJsonObject ref = reference()["numeric"].toObject()[column].toObject();
        for (auto [scaling, key] : {std::pair{FeatureScaling::ZScore, "zscore"},
                                    std::pair{FeatureScaling::MinMax, "minmax"},
                                    std::pair{FeatureScaling::Robust, "robust"}}) {
            auto built = fx.build(oneFeature(numeric(column, scaling)));
            ASSERT_TRUE(built.ok()) << built.error().toString();
            const auto& m = built.value();
            const QJsonObject expected = ref[key].toObject();
            const std::string what = std::string(column) + " " + key;
            expectColumn(m, 0, numbers(expected["values"]), 1e-9, what);
            if (scaling == FeatureScaling::MinMax) {
                EXPECT_DOUBLE_EQ(m.fitted[0].center, expected["min"].toDouble()) << what;
                EXPECT_NEAR(m.fitted[0].scale,
                            expected["max"].toDouble() - expected["min"].toDouble(),
                            1e-9 * m.fitted[0].scale)
                    << what;
            } else {
                EXPECT_NEAR(m.fitted[0].center, expected["center"].toDouble(),
                            1e-9 * std::max(1.0, std::abs(m.fitted[0].center)))
                    << what;
                EXPECT_NEAR(m.fitted[0].scale, expected["scale"].toDouble(),
                            1e-9 * m.fitted[0].scale)
                    << what;
            }
        }
    }
}

TEST(FeatureSet, YeoJohnsonMatchesPowerTransformer) {
    Fixture fx;
    for (const char* column : kNumeric) {
        const QJsonObject ref = reference()["numeric"].toObject()[column].toObject();
        const QJsonObject yj = ref["yeo_johnson"].toObject();
        const double lambda = yj["lambda"].toDouble();
        // The fitted lambda (Brent on the same likelihood) to 1e-6 relative.
        auto fitted = fx.build(
            oneFeature(numeric(column, FeatureScaling::None, FeatureTransform::YeoJohnson)));
        ASSERT_TRUE(fitted.ok()) << fitted.error().toString();
        ASSERT_TRUE(fitted.value().fitted[0].lambda.has_value());
        EXPECT_NEAR(*fitted.value().fitted[0].lambda, lambda, 1e-6 * std::abs(lambda)) << column;
        EXPECT_EQ(fitted.value().spec.features[0].lambda, fitted.value().fitted[0].lambda);
        // Given scikit-learn's lambda, the transformed values to 1e-9.
        Feature given = numeric(column, FeatureScaling::None, FeatureTransform::YeoJohnson);
        given.lambda = lambda;
        auto built = fx.build(oneFeature(given));
        ASSERT_TRUE(built.ok()) << built.error().toString();
        expectColumn(built.value(), 0, numbers(yj["values"]), 1e-9, column);
        given.scaling = FeatureScaling::ZScore;
        built = fx.build(oneFeature(given));
        ASSERT_TRUE(built.ok()) << built.error().toString();
        expectColumn(built.value(), 0, numbers(ref["yeo_johnson_z"]), 1e-9, column);
        EXPECT_EQ(built.value().columnNames[0], std::string(column) + " (yeo-johnson, z)");
        if (ref.contains("log1p_z")) {
            built = fx.build(
                oneFeature(numeric(column, FeatureScaling::ZScore, FeatureTransform::Log1p)));
            ASSERT_TRUE(built.ok()) << built.error().toString();
            expectColumn(built.value(), 0, numbers(ref["log1p_z"]), 1e-9, column);
        }
    }
}

TEST(FeatureSet, YeoJohnsonFormulaBranches) {
    EXPECT_DOUBLE_EQ(yeoJohnson(3.0, 0.0), std::log1p(3.0));
    EXPECT_DOUBLE_EQ(yeoJohnson(3.0, 0.5), (std::sqrt(4.0) - 1.0) / 0.5);
    EXPECT_DOUBLE_EQ(yeoJohnson(-3.0, 2.0), -std::log1p(3.0));
    EXPECT_DOUBLE_EQ(yeoJohnson(-3.0, 1.0), -3.0); // lambda 1 is the identity
    EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 25.0), 1.75);
}

TEST(FeatureSet, OneHotMatchesOneHotEncoder) {
    Fixture fx;
    for (const char* key : {"capped", "uncapped"}) {
        const QJsonObject ref = reference()["one_hot"].toObject()[key].toObject();
        Feature f;
        f.column = "country";
        f.kind = FeatureKind::Categorical;
        f.maxLevels = ref["max_categories"].toInt();
        auto built = fx.build(oneFeature(f));
        ASSERT_TRUE(built.ok()) << built.error().toString();
        const auto& m = built.value();
        std::vector<std::string> names;
        for (const auto& name : ref["feature_names"].toArray())
            names.push_back(name.toString()
                                .replace("country_infrequent_sklearn", "country_other")
                                .replace("country_", "country=")
                                .toStdString());
        EXPECT_EQ(m.columnNames, names) << key;
        std::vector<std::string> infrequent;
        for (const auto& level : ref["infrequent"].toArray())
            infrequent.push_back(level.toString().toStdString());
        EXPECT_EQ(m.fitted[0].otherLevels, infrequent) << key;
        const QJsonArray rows = ref["values"].toArray();
        ASSERT_EQ(m.values.rows(), rows.size());
        for (qsizetype r = 0; r < rows.size(); ++r)
            for (qsizetype c = 0; c < rows[r].toArray().size(); ++c)
                EXPECT_EQ(m.values(r, c), rows[r].toArray()[c].toDouble()) << key << " row " << r;
    }
}

TEST(FeatureSet, OrdinalWeightsAndKeys) {
    Fixture fx;
    fx.import("small", "id,plan,amount\nA,pro,1\nB,basic,2\nC,plus,3\nD,basic,4\n");
    Feature plan;
    plan.column = "plan";
    plan.kind = FeatureKind::Categorical;
    plan.encoding = FeatureEncoding::Ordinal;
    plan.order = {"basic", "plus", "pro"};
    Feature amount = numeric("amount", FeatureScaling::MinMax);
    amount.weight = 2.0;
    FeatureSpec spec = oneFeature(plan, "small");
    spec.features.push_back(amount);
    auto built = fx.build(spec);
    ASSERT_TRUE(built.ok()) << built.error().toString();
    const auto& m = built.value();
    EXPECT_EQ(m.keys, (std::vector<std::string>{"A", "B", "C", "D"}));
    EXPECT_EQ(m.columnNames, (std::vector<std::string>{"plan (ordinal)", "amount (minmax, x2)"}));
    RowMatrix expected(4, 2);
    expected << 2, 0, 0, 2.0 / 3, 1, 4.0 / 3, 0, 2;
    EXPECT_TRUE(m.values.isApprox(expected, 1e-12)) << m.values;
    EXPECT_NEAR(transformValue(amount, m.fitted[1], 2.5), 1.0, 1e-12);
}

TEST(FeatureSet, JsonRoundTrip) {
    FeatureSpec spec;
    spec.source = "customers";
    spec.keyColumn = "customer_id";
    Feature a = numeric("monetary", FeatureScaling::Robust, FeatureTransform::YeoJohnson);
    a.lambda = 0.15489764013980942;
    a.weight = 1.5;
    a.impute = FeatureImpute::Median;
    Feature b;
    b.column = "country";
    b.kind = FeatureKind::Categorical;
    b.maxLevels = 4;
    b.impute = FeatureImpute::Constant;
    b.imputeValue = "unknown";
    Feature c;
    c.column = "plan";
    c.kind = FeatureKind::Categorical;
    c.encoding = FeatureEncoding::Ordinal;
    c.order = {"basic", "plus", "pro"};
    c.scaling = FeatureScaling::ZScore;
    spec.features = {a, b, c};
    const std::string json = spec.toJson();
    EXPECT_NE(json.find("\"yeo-johnson\""), std::string::npos) << json;
    auto back = FeatureSpec::fromJson(json);
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(back.value(), spec);
    EXPECT_EQ(back.value().features[0].lambda, a.lambda); // bit-identical
    EXPECT_FALSE(FeatureSpec::fromJson("[1]").ok());
    EXPECT_FALSE(FeatureSpec::fromJson(R"({"version": 99, "source": "t", "key": "k",
                                           "features": []})")
                     .ok());
    auto bad = FeatureSpec::fromJson(R"({"version": 1, "source": "t", "key": "k",
        "features": [{"column": "x", "scaling": "quantile"}]})");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("quantile"), std::string::npos);
}

TEST(FeatureSet, DeterministicAndRebuildsFromStoredLambda) {
    Fixture fx;
    FeatureSpec spec =
        oneFeature(numeric("balance", FeatureScaling::ZScore, FeatureTransform::YeoJohnson));
    Feature country;
    country.column = "country";
    country.kind = FeatureKind::Categorical;
    country.maxLevels = 3;
    spec.features.push_back(country);
    auto first = fx.build(spec), second = fx.build(spec);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_TRUE(first.value().values == second.value().values);
    auto stored = FeatureSpec::fromJson(first.value().spec.toJson());
    ASSERT_TRUE(stored.ok());
    auto rebuilt = fx.build(stored.value());
    ASSERT_TRUE(rebuilt.ok());
    EXPECT_TRUE(rebuilt.value().values == first.value().values);
    EXPECT_EQ(rebuilt.value().columnNames, first.value().columnNames);
}

TEST(FeatureSet, SaveLoadListDelete) {
    Fixture fx;
    const FeatureSpec spec = oneFeature(numeric("monetary", FeatureScaling::ZScore));
    ASSERT_TRUE(saveFeatureSet(*fx.workspace, "value_set", spec).ok());
    auto loaded = featureSet(*fx.workspace, "value_set");
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    EXPECT_EQ(loaded.value().spec, spec);
    EXPECT_FALSE(loaded.value().createdAt.empty());
    auto again = saveFeatureSet(*fx.workspace, "value_set", spec);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
    FeatureSpec changed = spec;
    changed.features[0].weight = 3.0;
    ASSERT_TRUE(saveFeatureSet(*fx.workspace, "value_set", changed, true).ok());
    EXPECT_EQ(featureSet(*fx.workspace, "value_set").value().spec, changed);
    ASSERT_TRUE(saveFeatureSet(*fx.workspace, "another", spec).ok());
    auto list = featureSets(*fx.workspace);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list.value().size(), 2u);
    EXPECT_EQ(list.value()[0].name, "another");
    EXPECT_EQ(saveFeatureSet(*fx.workspace, "bad name!", spec).error().code,
              ErrorCode::InvalidArgument);
    ASSERT_TRUE(deleteFeatureSet(*fx.workspace, "another").ok());
    EXPECT_EQ(deleteFeatureSet(*fx.workspace, "another").error().code, ErrorCode::NotFound);
    EXPECT_EQ(featureSet(*fx.workspace, "another").error().code, ErrorCode::NotFound);
    EXPECT_EQ(featureSets(*fx.workspace).value().size(), 1u);
    int audits = 0;
    for (const auto& entry : fx.workspace->auditLog())
        audits += entry.operation == "feature_set";
    EXPECT_EQ(audits, 4); // save, overwrite, save, delete
}

TEST(FeatureSet, Errors) {
    Fixture fx;
    fx.import("messy", "id,amount,flat,tag,gap\nA,1,5,x,1\nB,abc,5,y,\nC,3,5,z,3\nD,n/a,5,w,4\n");
    auto error = [&](const FeatureSpec& spec) {
        auto built = fx.build(spec);
        EXPECT_FALSE(built.ok());
        return built.ok() ? Error{} : built.error();
    };
    auto e = error(oneFeature(numeric("nope"), "messy"));
    EXPECT_EQ(e.code, ErrorCode::NotFound);
    EXPECT_NE(e.message.find("\"nope\""), std::string::npos) << e.message;
    e = error(oneFeature(numeric("amount"), "messy"));
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_NE(e.message.find("2 non-numeric values (row 2 \"abc\", row 4 \"n/a\")"),
              std::string::npos)
        << e.message;
    e = error(oneFeature(numeric("flat", FeatureScaling::ZScore), "messy"));
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_NE(e.message.find("\"flat\" is constant"), std::string::npos) << e.message;
    e = error(
        oneFeature(numeric("flat", FeatureScaling::None, FeatureTransform::YeoJohnson), "messy"));
    EXPECT_NE(e.message.find("\"flat\" is constant (5); a Yeo-Johnson"), std::string::npos)
        << e.message;
    e = error(oneFeature(numeric("gap"), "messy"));
    EXPECT_NE(e.message.find("\"gap\" has 1 missing value (row 2)"), std::string::npos)
        << e.message;
    e = error(oneFeature(numeric("id"), "messy")); // the key is never a feature
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    e = error(oneFeature(numeric("debt", FeatureScaling::None, FeatureTransform::Log1p)));
    EXPECT_NE(e.message.find("<= -1 (row 1 \"-12.6\""), std::string::npos) << e.message;
    Feature tag;
    tag.column = "tag";
    tag.kind = FeatureKind::Categorical;
    tag.encoding = FeatureEncoding::Ordinal;
    tag.order = {"x", "y", "z"};
    e = error(oneFeature(tag, "messy"));
    EXPECT_NE(e.message.find("1 value(s) outside its ordinal order (row 4 \"w\")"),
              std::string::npos)
        << e.message;
    tag.encoding = FeatureEncoding::OneHot;
    tag.scaling = FeatureScaling::ZScore;
    EXPECT_NE(error(oneFeature(tag, "messy")).message.find("one-hot encoded"), std::string::npos);
    fx.import("twice", "id,amount\nA,1\nB,2\nA,3\n");
    e = error(oneFeature(numeric("amount"), "twice"));
    EXPECT_NE(e.message.find("1 repeated value(s) (row 3 \"A\")"), std::string::npos) << e.message;
    Feature many;
    many.column = "label";
    many.kind = FeatureKind::Categorical;
    std::string csv = "id,label\n";
    for (int i = 0; i < kMaxUncappedLevels + 1; ++i)
        csv += "k" + std::to_string(i) + ",level" + std::to_string(i) + "\n";
    fx.import("wide", csv);
    e = error(oneFeature(many, "wide"));
    EXPECT_NE(e.message.find("too many to one-hot encode without a cap"), std::string::npos)
        << e.message;
    many.maxLevels = 5;
    EXPECT_EQ(fx.build(oneFeature(many, "wide")).value().values.cols(), 5);
}

TEST(FeatureSet, Imputation) {
    Fixture fx;
    fx.import("gaps", "id,x,c\nA,1,u\nB,,\nC,3,v\nD,10,u\n");
    Feature x = numeric("x");
    for (auto [impute, fill] :
         {std::pair{FeatureImpute::Mean, 14.0 / 3}, std::pair{FeatureImpute::Median, 3.0},
          std::pair{FeatureImpute::Constant, -1.0}}) {
        x.impute = impute;
        x.imputeValue = "-1";
        auto built = fx.build(oneFeature(x, "gaps"));
        ASSERT_TRUE(built.ok()) << built.error().toString();
        EXPECT_DOUBLE_EQ(built.value().values(1, 0), fill);
        EXPECT_DOUBLE_EQ(*built.value().fitted[0].imputed, fill);
    }
    Feature c;
    c.column = "c";
    c.kind = FeatureKind::Categorical;
    EXPECT_FALSE(fx.build(oneFeature(c, "gaps")).ok());
    c.impute = FeatureImpute::Constant;
    c.imputeValue = "missing";
    auto built = fx.build(oneFeature(c, "gaps"));
    ASSERT_TRUE(built.ok()) << built.error().toString();
    EXPECT_EQ(built.value().columnNames, (std::vector<std::string>{"c=missing", "c=u", "c=v"}));
}

TEST(FeatureSet, PreCancelledBuildsNothingAndProgressEndsAtOne) {
    Fixture fx;
    const FeatureSpec spec = oneFeature(numeric("monetary", FeatureScaling::ZScore));
    CancelToken cancel;
    cancel.cancel();
    Progress quiet;
    auto cancelled = buildFeatureMatrix(*fx.workspace, spec, quiet, cancel);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_TRUE(cancelled.isCancelled());
    EXPECT_TRUE(featureSets(*fx.workspace).value().empty());
    double last = -1.0;
    Progress progress([&](double fraction, const std::string&) { last = fraction; });
    ASSERT_TRUE(buildFeatureMatrix(*fx.workspace, spec, progress, CancelToken()).ok());
    EXPECT_EQ(last, 1.0);
}
