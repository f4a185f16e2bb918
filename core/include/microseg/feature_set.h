#pragma once
/// @file feature_set.h
/// Feature sets: the saved, named recipe that turns a customer table into the matrix clustering
/// consumes, rebuilt deterministically from the (immutable) table and the recipe.
///
/// A FeatureSpec names a source table, a key column (the customer id: carried through as text,
/// never a feature; every row needs one and no two rows share one) and an ordered list of
/// features. Each feature is processed in this order:
///   1. read: numeric (the column's decimal mark honoured) or categorical text;
///   2. impute a missing value (none = a missing value is an error naming row and column;
///      constant, mean or median of the present values, as scikit-learn's SimpleImputer);
///   3. transform (numeric): none, log1p, or Yeo-Johnson (I.-K. Yeo and R. A. Johnson, "A new
///      family of power transformations to improve normality or symmetry", Biometrika 87(4),
///      2000). The lambda is fitted by maximum likelihood exactly as scikit-learn 1.2's
///      PowerTransformer(method="yeo-johnson", standardize=False): SciPy's Brent minimiser
///      (bracket from (-2, 2), tol 1.48e-8) on the same negative log-likelihood. The fitted
///      lambda is stored in the spec so that rebuilds apply it without refitting;
///   4. encode (categorical): one-hot, levels in byte order, at most `maxLevels` columns with the
///      least frequent levels merged into "other" (OneHotEncoder(max_categories=maxLevels)), or
///      ordinal by an explicit order (0, 1, ...; a value outside the order is an error);
///   5. scale (numeric and ordinal): none, z-score (population std, StandardScaler), min-max
///      (MinMaxScaler to [0, 1]) or robust ((x - median) / IQR, RobustScaler with
///      quantile_range (25, 75), numpy's linear percentiles). A constant column chosen for scaling
///      (or a zero IQR for robust scaling) is an InvalidArgument error naming it;
///   6. multiply by the feature's weight.
/// A feature may instead be an engagement tier (Feature::tiers names a tier definition stored in
/// the workspace, engagement_tier.h): its values are each row's tier, it is categorical (one-hot,
/// or ordinal by an order of the tiers) and `column` is only its name in the matrix. The
/// definition is read at build time, so editing it changes later rebuilds.
///
/// Progress/cancel: buildFeatureMatrix reports reading per batch of rows (0..0.7) and fitting per
/// feature (0.7..1), ends at 1, and polls the cancel token per batch and per feature. Storage
/// functions are one transaction each, with an audit entry; a failure leaves the workspace as is.

#include "microseg/error.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"
#include "microseg/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace microseg::core {

inline constexpr int kFeatureSpecVersion = 1;
/// Without a cap, a one-hot feature with more distinct levels than this is refused.
inline constexpr int kMaxUncappedLevels = 50;
inline constexpr const char* kOtherLevel = "other";

enum class FeatureKind { Numeric, Categorical };
enum class FeatureTransform { None, Log1p, YeoJohnson };
enum class FeatureScaling { None, ZScore, MinMax, Robust };
enum class FeatureEncoding { OneHot, Ordinal };
enum class FeatureImpute { None, Constant, Mean, Median };

/// Names as written in JSON: "numeric", "log1p", "yeo-johnson", "zscore", "minmax", "robust",
/// "one-hot", "ordinal", "constant", "mean", "median", "none".
const char* featureKindName(FeatureKind kind);
const char* featureTransformName(FeatureTransform transform);
const char* featureScalingName(FeatureScaling scaling);
const char* featureEncodingName(FeatureEncoding encoding);
const char* featureImputeName(FeatureImpute impute);

struct Feature {
    std::string column;
    FeatureKind kind = FeatureKind::Numeric;
    FeatureTransform transform = FeatureTransform::None;
    std::optional<double> lambda; ///< Yeo-Johnson: stored after fitting; unset = fit it
    FeatureScaling scaling = FeatureScaling::None;
    FeatureEncoding encoding = FeatureEncoding::OneHot;
    int maxLevels = 0;              ///< one-hot: max columns incl. "other"; 0 = no cap
    std::vector<std::string> order; ///< ordinal: the levels, lowest first
    double weight = 1.0;
    FeatureImpute impute = FeatureImpute::None;
    std::string imputeValue; ///< Constant: the text put in place of a missing value
    std::string tiers;       ///< a stored tier definition's name: the feature is the row's tier
    friend bool operator==(const Feature&, const Feature&) = default;
};

struct FeatureSpec {
    int version = kFeatureSpecVersion;
    std::string source;    ///< dataset name or table name
    std::string keyColumn; ///< customer id: carried through, never a feature
    std::vector<Feature> features;

    /// Readable, indented JSON: {"version": 1, "source": ..., "key": ..., "features": [...]}.
    [[nodiscard]] std::string toJson() const;
    /// Parses toJson()'s format; unknown names, a missing field or a newer version are
    /// InvalidArgument errors naming the feature and field.
    static Result<FeatureSpec> fromJson(const std::string& json);
    friend bool operator==(const FeatureSpec&, const FeatureSpec&) = default;
};

/// What was fitted for one feature, enough to transform new rows the same way.
struct FittedFeature {
    std::string column;
    std::optional<double> imputed;        ///< numeric mean/median/constant used for missing values
    std::optional<double> lambda;         ///< Yeo-Johnson
    double center = 0.0, scale = 1.0;     ///< scaled = (x - center) / scale, then * weight
    std::vector<std::string> levels;      ///< one-hot columns (last "other" when capped) / order
    std::vector<std::string> otherLevels; ///< one-hot: levels merged into "other"
    int firstColumn = 0, columnCount = 1; ///< where the feature sits in the matrix
};

struct FeatureMatrix {
    std::vector<std::string> keys;        ///< one per row, in table order
    std::vector<std::string> columnNames; ///< "country=United Kingdom", "monetary (log1p, z)"
    RowMatrix values;                     ///< keys.size() x columnNames.size()
    std::vector<FittedFeature> fitted;    ///< one per spec feature, in spec order
    FeatureSpec spec;                     ///< the spec as applied, Yeo-Johnson lambdas filled in
    std::string sourceTable;              ///< the resolved SQLite table
};

/// Builds the matrix; the same spec on the same table gives the identical matrix.
Result<FeatureMatrix> buildFeatureMatrix(const Workspace& workspace, const FeatureSpec& spec,
                                         Progress& progress, const CancelToken& cancel);

/// The distinct trimmed, non-empty values of a column in byte order (the order one-hot encoding
/// uses), at most `limit` of them: what a person chooses an ordinal order or a level cap from.
Result<std::vector<std::string>> distinctLevels(const Workspace& workspace,
                                                const std::string& table,
                                                const std::string& column, int limit);

// Numeric building blocks (pure, exposed for tests and for applying to new rows).
/// Yeo-Johnson transform of one value (scikit-learn's _yeo_johnson_transform).
double yeoJohnson(double x, double lambda);
/// Maximum-likelihood lambda (scikit-learn's _yeo_johnson_optimize via scipy.optimize.brent).
double fitYeoJohnsonLambda(const std::vector<double>& values);
/// numpy.percentile(values, q) with linear interpolation; `values` need not be sorted.
double percentile(std::vector<double> values, double q);
/// A numeric value through imputation-free steps 3, 5 and 6 of `feature` with `fitted` params.
double transformValue(const Feature& feature, const FittedFeature& fitted, double value);

struct FeatureSetInfo {
    std::int64_t id = 0;
    std::string name;
    FeatureSpec spec;
    std::string createdAt, updatedAt; ///< ISO 8601 UTC
};

/// Stores `spec` as `name` (isValidDatasetName); an existing name is AlreadyExists unless
/// `overwrite`. One transaction with a "feature_set" audit entry.
Status saveFeatureSet(Workspace& workspace, const std::string& name, const FeatureSpec& spec,
                      bool overwrite = false);
Result<FeatureSetInfo> featureSet(const Workspace& workspace, const std::string& name);
/// Every feature set, by name.
Result<std::vector<FeatureSetInfo>> featureSets(const Workspace& workspace);
/// NotFound when there is no such set. One transaction with an audit entry.
Status deleteFeatureSet(Workspace& workspace, const std::string& name);

} // namespace microseg::core
