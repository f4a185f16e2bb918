// microseg-cli features: builds a feature set from a JSON spec once (to validate it and fit the
// Yeo-Johnson lambdas), then saves the spec with its fitted lambdas under a name.
#include "cli_commands.h"
#include "microseg/feature_set.h"
#include "microseg/workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <iostream>

namespace microseg::cli {
using namespace microseg::core;

namespace {

QJsonArray textArray(const std::vector<std::string>& values) {
    QJsonArray out;
    for (const auto& value : values)
        out.append(QString::fromStdString(value));
    return out;
}

/// One line per feature: "monetary: yeo-johnson lambda 0.155, zscore center 4.1 scale 1.2".
std::string describe(const Feature& f, const FittedFeature& p) {
    std::string text = f.column + ": ";
    if (f.kind == FeatureKind::Categorical && f.encoding == FeatureEncoding::OneHot) {
        text += "one-hot " + std::to_string(p.levels.size()) + " columns";
        if (!p.otherLevels.empty())
            text += " (" + std::to_string(p.otherLevels.size()) + " levels in \"other\")";
    } else {
        text += f.kind == FeatureKind::Categorical ? "ordinal" : featureTransformName(f.transform);
        if (p.lambda)
            text += " lambda " + std::to_string(*p.lambda);
        text += std::string(", ") + featureScalingName(f.scaling);
        if (f.scaling != FeatureScaling::None)
            text += " center " + std::to_string(p.center) + " scale " + std::to_string(p.scale);
    }
    if (p.imputed)
        text += ", missing -> " + std::to_string(*p.imputed);
    if (f.weight != 1.0)
        text += ", weight " + std::to_string(f.weight);
    return text;
}

} // namespace

int runFeatures(const Arguments& args) {
    const std::string path = args.value("workspace");
    const std::string specPath = args.value("spec");
    const std::string name = args.value("out");
    if (path.empty() || specPath.empty() || name.empty())
        return fail("features needs -w WORKSPACE --spec FILE.json --out NAME", 2);
    QFile file(QString::fromStdString(specPath));
    if (!file.open(QIODevice::ReadOnly))
        return fail(specPath + ": cannot read the spec file");
    auto spec = FeatureSpec::fromJson(file.readAll().toStdString());
    if (!spec)
        return fail(specPath + ": " + spec.error().message);
    auto opened = Workspace::open(path);
    if (!opened)
        return fail(opened.error().toString());
    Workspace& workspace = *opened.value();
    Progress progress;
    auto built = buildFeatureMatrix(workspace, spec.value(), progress, CancelToken());
    if (!built)
        return fail(built.error().toString());
    const FeatureMatrix& m = built.value();
    if (Status saved = saveFeatureSet(workspace, name, m.spec, args.has("overwrite")); !saved)
        return fail(saved.error().toString());
    if (args.has("json")) {
        QJsonObject out;
        out["name"] = QString::fromStdString(name);
        out["source_table"] = QString::fromStdString(m.sourceTable);
        out["rows"] = static_cast<qint64>(m.values.rows());
        out["columns"] = static_cast<qint64>(m.values.cols());
        out["column_names"] = textArray(m.columnNames);
        QJsonArray features;
        for (std::size_t i = 0; i < m.fitted.size(); ++i) {
            const FittedFeature& p = m.fitted[i];
            QJsonObject entry;
            entry["column"] = QString::fromStdString(p.column);
            entry["center"] = p.center;
            entry["scale"] = p.scale;
            if (p.lambda)
                entry["lambda"] = *p.lambda;
            if (p.imputed)
                entry["imputed"] = *p.imputed;
            if (!p.levels.empty())
                entry["levels"] = textArray(p.levels);
            if (!p.otherLevels.empty())
                entry["other_levels"] = textArray(p.otherLevels);
            features.append(entry);
        }
        out["features"] = features;
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    std::cout << "Feature set \"" << name << "\" saved: " << m.values.rows() << " rows x "
              << m.values.cols() << " columns from table \"" << m.sourceTable << "\"\n";
    for (std::size_t i = 0; i < m.fitted.size(); ++i)
        std::cout << "  " << describe(m.spec.features[i], m.fitted[i]) << "\n";
    return 0;
}

} // namespace microseg::cli
