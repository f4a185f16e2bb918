// FeatureSpec <-> readable, versioned JSON. Doubles are written shortest-round-trip (Qt 6), so a
// stored Yeo-Johnson lambda reads back bit-identical.
#include "microseg/feature_set.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <array>
#include <string_view>
#include <utility>

namespace microseg::core {
namespace {

template <typename E, std::size_t N> using Names = std::array<std::pair<E, const char*>, N>;

constexpr Names<FeatureKind, 2> kKinds{
    {{FeatureKind::Numeric, "numeric"}, {FeatureKind::Categorical, "categorical"}}};
constexpr Names<FeatureTransform, 3> kTransforms{{{FeatureTransform::None, "none"},
                                                  {FeatureTransform::Log1p, "log1p"},
                                                  {FeatureTransform::YeoJohnson, "yeo-johnson"}}};
constexpr Names<FeatureScaling, 4> kScalings{{{FeatureScaling::None, "none"},
                                              {FeatureScaling::ZScore, "zscore"},
                                              {FeatureScaling::MinMax, "minmax"},
                                              {FeatureScaling::Robust, "robust"}}};
constexpr Names<FeatureEncoding, 2> kEncodings{
    {{FeatureEncoding::OneHot, "one-hot"}, {FeatureEncoding::Ordinal, "ordinal"}}};
constexpr Names<FeatureImpute, 4> kImputes{{{FeatureImpute::None, "none"},
                                            {FeatureImpute::Constant, "constant"},
                                            {FeatureImpute::Mean, "mean"},
                                            {FeatureImpute::Median, "median"}}};

template <typename E, std::size_t N> const char* nameOf(const Names<E, N>& names, E value) {
    for (const auto& [e, name] : names)
        if (e == value)
            return name;
    return "?";
}

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

Error invalid(std::string message, std::string value = {}) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
}

/// Reads optional enum field `key` of `object` into `out`; false with `error` set when unknown.
template <typename E, std::size_t N>
bool readEnum(const QJsonObject& object, const char* key, const Names<E, N>& names, E& out,
              const std::string& where, Error& error) {
    if (!object.contains(key))
        return true;
    const std::string text = object[key].toString().toStdString();
    for (const auto& [e, name] : names)
        if (text == name) {
            out = e;
            return true;
        }
    std::string allowed;
    for (const auto& entry : names)
        allowed += (allowed.empty() ? "" : ", ") + std::string(entry.second);
    error = invalid(
        where + ": \"" + key + "\" must be one of " + allowed + ", not \"" + text + "\".", text);
    return false;
}

} // namespace

const char* featureKindName(FeatureKind kind) {
    return nameOf(kKinds, kind);
}
const char* featureTransformName(FeatureTransform t) {
    return nameOf(kTransforms, t);
}
const char* featureScalingName(FeatureScaling s) {
    return nameOf(kScalings, s);
}
const char* featureEncodingName(FeatureEncoding e) {
    return nameOf(kEncodings, e);
}
const char* featureImputeName(FeatureImpute i) {
    return nameOf(kImputes, i);
}

std::string FeatureSpec::toJson() const {
    QJsonObject root;
    root["version"] = version;
    root["source"] = q(source);
    root["key"] = q(keyColumn);
    QJsonArray list;
    for (const Feature& f : features) {
        QJsonObject o;
        o["column"] = q(f.column);
        if (!f.tiers.empty())
            o["tiers"] = q(f.tiers);
        o["kind"] = featureKindName(f.kind);
        if (f.kind == FeatureKind::Numeric) {
            o["transform"] = featureTransformName(f.transform);
            if (f.lambda)
                o["lambda"] = *f.lambda;
        } else {
            o["encoding"] = featureEncodingName(f.encoding);
            if (f.encoding == FeatureEncoding::OneHot)
                o["max_levels"] = f.maxLevels;
            QJsonArray order;
            for (const auto& level : f.order)
                order.append(q(level));
            if (f.encoding == FeatureEncoding::Ordinal)
                o["order"] = order;
        }
        o["scaling"] = featureScalingName(f.scaling);
        o["weight"] = f.weight;
        o["impute"] = featureImputeName(f.impute);
        if (f.impute == FeatureImpute::Constant)
            o["impute_value"] = q(f.imputeValue);
        list.append(o);
    }
    root["features"] = list;
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

Result<FeatureSpec> FeatureSpec::fromJson(const std::string& json) {
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromStdString(json), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return invalid("The feature spec is not a JSON object (" +
                       parseError.errorString().toStdString() + " at offset " +
                       std::to_string(parseError.offset) + ").");
    const QJsonObject root = document.object();
    FeatureSpec spec;
    spec.version = root["version"].toInt(0);
    if (spec.version < 1 || spec.version > kFeatureSpecVersion)
        return invalid("The feature spec has version " + std::to_string(spec.version) +
                           "; this Microseg reads versions 1 to " +
                           std::to_string(kFeatureSpecVersion) + ".",
                       std::to_string(spec.version));
    spec.source = root["source"].toString().toStdString();
    spec.keyColumn = root["key"].toString().toStdString();
    if (spec.source.empty())
        return invalid("The feature spec names no \"source\" table.");
    if (spec.keyColumn.empty())
        return invalid("The feature spec names no \"key\" column.");
    if (!root["features"].isArray())
        return invalid("The feature spec has no \"features\" list.");
    const QJsonArray list = root["features"].toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        Feature f;
        f.column = o["column"].toString().toStdString();
        const std::string where = "Feature " + std::to_string(i + 1) +
                                  (f.column.empty() ? "" : " (\"" + f.column + "\")");
        if (f.column.empty())
            return invalid(where + " names no \"column\".");
        f.tiers = o["tiers"].toString().toStdString();
        if (!f.tiers.empty())
            f.kind = FeatureKind::Categorical; // a tier is a category unless told otherwise
        Error error;
        if (!readEnum(o, "kind", kKinds, f.kind, where, error) ||
            !readEnum(o, "transform", kTransforms, f.transform, where, error) ||
            !readEnum(o, "scaling", kScalings, f.scaling, where, error) ||
            !readEnum(o, "encoding", kEncodings, f.encoding, where, error) ||
            !readEnum(o, "impute", kImputes, f.impute, where, error))
            return error;
        if (o.contains("lambda")) {
            if (!o["lambda"].isDouble())
                return invalid(where + ": \"lambda\" must be a number.");
            f.lambda = o["lambda"].toDouble();
        }
        f.maxLevels = o["max_levels"].toInt(0);
        if (f.maxLevels < 0 || f.maxLevels == 1)
            return invalid(where + ": \"max_levels\" must be 0 (no cap) or at least 2.",
                           std::to_string(f.maxLevels));
        for (const auto& level : o["order"].toArray())
            f.order.push_back(level.toString().toStdString());
        f.weight = o["weight"].toDouble(1.0);
        f.imputeValue = o["impute_value"].toString().toStdString();
        spec.features.push_back(std::move(f));
    }
    return spec;
}

} // namespace microseg::core
