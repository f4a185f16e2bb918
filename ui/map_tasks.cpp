#include "map_tasks.h"

#include "cluster_tasks.h"
#include "microseg/embedding_store.h"
#include "microseg/feature_set.h"
#include "microseg/pca.h"
#include "microseg/run_store.h"
#include "microseg/table_reader.h"
#include "microseg/trustworthiness.h"
#include "microseg/workspace.h"
#include "microseg/workspace_matrix.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace microseg::ui {
namespace {

constexpr std::int64_t kColumnBatch = 8192;
constexpr int kTrustworthinessNeighbours = 10;
constexpr int kSnapshotEvery = 10;
constexpr Eigen::Index kSnapshotRows = 200'000;

core::Progress subProgress(core::Progress& whole, double from, double to) {
    return core::Progress([&whole, from, to](double fraction, const std::string& text) {
        whole.report(from + (to - from) * fraction, text);
    });
}

std::string compact(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

QJsonArray toJsonArray(const Eigen::VectorXd& values) {
    QJsonArray array;
    for (Eigen::Index i = 0; i < values.size(); ++i)
        array.append(values[i]);
    return array;
}

/// The source as a matrix, with its table, feature names and (for feature sets) keys.
struct Loaded {
    core::RowMatrix values;
    std::vector<std::string> columns;
    std::vector<std::string> keys;
    std::string table;
    std::vector<std::string> fields; ///< table columns the features come from
    QString label;                   ///< "shoppers" or "rfm (4 columns)" for names
};

core::Result<Loaded> loadSource(const core::Workspace& workspace, const MapSource& source,
                                core::Progress& progress, const core::CancelToken& cancel) {
    Loaded loaded;
    if (!source.featureSet.empty()) {
        auto set = core::featureSet(workspace, source.featureSet);
        if (!set.ok())
            return set.error();
        auto matrix = core::buildFeatureMatrix(workspace, set.value().spec, progress, cancel);
        if (!matrix.ok())
            return matrix.error();
        loaded.values = std::move(matrix.value().values);
        loaded.columns = std::move(matrix.value().columnNames);
        loaded.keys = std::move(matrix.value().keys);
        loaded.table = matrix.value().sourceTable;
        loaded.label = QString::fromStdString(source.featureSet);
        for (const core::Feature& feature : set.value().spec.features)
            if (std::find(loaded.fields.begin(), loaded.fields.end(), feature.column) ==
                loaded.fields.end())
                loaded.fields.push_back(feature.column);
        return loaded;
    }
    ClusterSource cluster{source.workspacePath, source.table, source.columns, source.standardise};
    auto table = loadClusterSource(cluster, progress, cancel);
    if (!table.ok())
        return table.error();
    loaded.values = std::move(table.value().values);
    loaded.columns = std::move(table.value().columns);
    loaded.table = source.table;
    loaded.fields = source.columns;
    loaded.label = QObject::tr("%1 (%n columns)", nullptr, static_cast<int>(source.columns.size()))
                       .arg(QString::fromStdString(source.table));
    return loaded;
}

core::Status runPca(const Loaded& loaded, MapResult& result, QJsonObject& quality,
                    core::Progress& progress, const core::CancelToken& cancel) {
    auto fitted = core::pca(loaded.values, core::PcaOptions{}, progress, cancel);
    if (!fitted.ok())
        return fitted.error();
    core::PcaResult& pca = fitted.value();
    result.coordinates = std::move(pca.scores);
    result.loadings = std::move(pca.loadings);
    result.explainedVarianceRatio.assign(pca.explainedVarianceRatio.data(),
                                         pca.explainedVarianceRatio.data() +
                                             pca.explainedVarianceRatio.size());
    quality.insert(QStringLiteral("explained_variance_ratio"),
                   toJsonArray(pca.explainedVarianceRatio));
    quality.insert(QStringLiteral("explained_variance"), toJsonArray(pca.explainedVariance));
    // Loadings and feature names too, so a reopened PCA shows its table and arrows.
    QJsonArray loadings, features;
    for (Eigen::Index f = 0; f < result.loadings.rows(); ++f)
        loadings.append(toJsonArray(result.loadings.row(f).transpose()));
    for (const std::string& name : loaded.columns)
        features.append(QString::fromStdString(name));
    quality.insert(QStringLiteral("loadings"), loadings);
    quality.insert(QStringLiteral("features"), features);
    return core::success();
}

core::Status runTsne(const MapRequest& request, const Loaded& loaded, std::shared_ptr<MapFeed> feed,
                     MapResult& result, QJsonObject& parameters, QJsonObject& quality,
                     core::Progress& progress, const core::CancelToken& cancel) {
    core::TsneOptions options;
    // Perplexity must stay below n: a small table gets the largest value it supports.
    const double rows = static_cast<double>(loaded.values.rows());
    options.perplexity = std::min(request.perplexity, std::max(1.0, (rows - 1.0) / 3.0));
    options.iterations = request.iterations;
    options.seed = request.seed;
    // Every few iterations; more often for large n, where one iteration takes long enough
    // that the view would otherwise move in jumps (the copy of n x 2 coordinates is cheap).
    options.snapshotEvery = std::clamp(
        static_cast<int>(kSnapshotRows / std::max<Eigen::Index>(loaded.values.rows(), 1)), 1,
        kSnapshotEvery);
    if (feed)
        options.onSnapshot = [feed](const core::TsneSnapshot& snapshot) {
            const QMutexLocker lock(&feed->mutex);
            feed->latest = snapshot;
        };
    core::Progress optimising = subProgress(progress, 0.0, 0.9);
    auto embedded = core::tsne(loaded.values, options, optimising, cancel);
    if (!embedded.ok())
        return embedded.error();
    result.coordinates = std::move(embedded.value().embedding);
    result.klDivergence = embedded.value().klDivergence;
    result.iterations = embedded.value().iterations;
    parameters.insert(QStringLiteral("perplexity"), options.perplexity);
    parameters.insert(QStringLiteral("iterations"), request.iterations);
    parameters.insert(QStringLiteral("learning_rate"), embedded.value().learningRate);
    parameters.insert(QStringLiteral("gradient"),
                      QString::fromLatin1(core::tsneGradientName(embedded.value().gradient)));
    parameters.insert(QStringLiteral("init"), QStringLiteral("pca"));
    quality.insert(QStringLiteral("kl_divergence"), result.klDivergence);
    // Trustworthiness needs k < n / 2; on a seeded sample of rows above the limit.
    const Eigen::Index n = loaded.values.rows();
    if (n > 2 * kTrustworthinessNeighbours + 1) {
        core::TrustworthinessOptions trust;
        trust.neighbours = kTrustworthinessNeighbours;
        trust.sampleRows = n > request.trustworthinessSample ? request.trustworthinessSample : 0;
        trust.seed = request.seed;
        core::Progress measuring = subProgress(progress, 0.9, 0.98);
        auto value =
            core::trustworthiness(loaded.values, result.coordinates, trust, measuring, cancel);
        if (!value.ok())
            return value.error();
        result.trustworthiness = value.value();
        quality.insert(QStringLiteral("trustworthiness"), result.trustworthiness);
        quality.insert(QStringLiteral("trustworthiness_neighbours"), kTrustworthinessNeighbours);
        if (trust.sampleRows > 0)
            quality.insert(QStringLiteral("trustworthiness_sample"),
                           static_cast<qint64>(trust.sampleRows));
    }
    return core::success();
}

std::optional<double> parseNumber(const std::string& text, char decimalMark) {
    std::string copy = text;
    if (decimalMark == ',')
        std::replace(copy.begin(), copy.end(), ',', '.');
    bool ok = false;
    const double value = QString::fromStdString(copy).trimmed().toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

} // namespace

std::string MapSource::toJson() const {
    if (!featureSet.empty())
        return compact(
            QJsonObject{{QStringLiteral("feature_set"), QString::fromStdString(featureSet)}});
    QJsonArray names;
    for (const std::string& column : columns)
        names.append(QString::fromStdString(column));
    return compact(QJsonObject{{QStringLiteral("table"), QString::fromStdString(table)},
                               {QStringLiteral("columns"), names},
                               {QStringLiteral("scale"),
                                standardise ? QStringLiteral("zscore") : QStringLiteral("none")}});
}

core::Result<MapResult> runMap(const MapRequest& request, std::shared_ptr<MapFeed> feed,
                               core::Progress& progress, const core::CancelToken& cancel) {
    if (cancel.isCancelled())
        return core::cancelledError();
    auto workspace = core::Workspace::open(request.source.workspacePath);
    if (!workspace.ok())
        return workspace.error();
    core::Progress loading = subProgress(progress, 0.0, 0.1);
    auto loaded = loadSource(*workspace.value(), request.source, loading, cancel);
    if (!loaded.ok())
        return loaded.error();

    MapResult result;
    result.method = request.method;
    result.table = loaded.value().table;
    result.keys = loaded.value().keys;
    result.columnNames = loaded.value().columns;
    result.fieldColumns = loaded.value().fields;
    QJsonObject parameters, quality;
    core::Progress embedding = subProgress(progress, 0.1, 0.97);
    const auto start = std::chrono::steady_clock::now();
    core::Status status = request.method == MapMethod::Pca
                              ? runPca(loaded.value(), result, quality, embedding, cancel)
                              : runTsne(request, loaded.value(), std::move(feed), result,
                                        parameters, quality, embedding, cancel);
    if (!status.ok())
        return status.error();
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // The last chance to stop: after this the workspace changes.
    if (cancel.isCancelled())
        return core::cancelledError();

    result.name = request.method == MapMethod::Pca
                      ? QObject::tr("PCA of %1").arg(loaded.value().label)
                      : QObject::tr("t-SNE of %1, perplexity %2 (seed %3)")
                            .arg(loaded.value().label)
                            .arg(request.perplexity, 0, 'g', 4)
                            .arg(request.seed);
    core::Embedding stored;
    stored.name = result.name.toStdString();
    stored.method = request.method == MapMethod::Pca ? "pca" : "tsne";
    stored.parametersJson = compact(parameters);
    stored.seed = static_cast<std::int64_t>(request.seed);
    stored.sourceJson = request.source.toJson();
    stored.rows = result.coordinates.rows();
    stored.dimensions = result.coordinates.cols();
    stored.qualityJson = compact(quality);
    stored.seconds = result.seconds;
    stored.coordinates = result.coordinates;
    progress.report(0.98, "Saving the map");
    auto id = core::saveEmbedding(*workspace.value(), stored);
    if (!id.ok())
        return id.error();
    result.embeddingId = id.value();
    progress.report(1.0);
    return result;
}

core::Result<MapColours> loadRunColours(const std::string& workspacePath, std::int64_t runId,
                                        std::int64_t rows) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    auto labels = core::clusteringRunLabels(*workspace.value(), runId);
    if (!labels.ok())
        return labels.error();
    if (static_cast<std::int64_t>(labels.value().size()) != rows)
        return core::Error{core::ErrorCode::InvalidArgument,
                           "The clustering run has " + std::to_string(labels.value().size()) +
                               " labels but the map has " + std::to_string(rows) + " points.",
                           {},
                           0,
                           0,
                           std::to_string(runId)};
    MapColours colours;
    colours.categorical = true;
    for (const core::ClusteringRun& run : core::clusteringRuns(*workspace.value()))
        if (run.id == runId)
            colours.title = QString::fromStdString(run.name);
    std::int32_t maxLabel = -1;
    for (std::int32_t label : labels.value())
        maxLabel = std::max(maxLabel, label);
    for (std::int32_t k = 0; k <= maxLabel; ++k)
        colours.names << QObject::tr("Cluster %1").arg(k);
    colours.labels = std::move(labels.value());
    return colours;
}

core::Result<MapColours> loadColumnColours(const std::string& workspacePath,
                                           const std::string& table, const std::string& column,
                                           core::Progress& progress,
                                           const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    auto reader = core::TableReader::open(*workspace.value(), table);
    if (!reader.ok())
        return reader.error();
    const auto& names = reader.value().columnNames();
    const auto found = std::find(names.begin(), names.end(), column);
    if (found == names.end())
        return core::Error{core::ErrorCode::NotFound,
                           "Table \"" + table + "\" has no column \"" + column + "\".",
                           {},
                           0,
                           0,
                           column};
    const auto index = static_cast<std::size_t>(found - names.begin());
    const std::vector<std::string> numeric = core::numericColumns(*workspace.value(), table);
    const bool isNumeric = std::find(numeric.begin(), numeric.end(), column) != numeric.end();
    char decimalMark = '.';
    if (auto dataset = workspace.value()->datasetByTable(table))
        for (const core::ColumnInfo& info : workspace.value()->columns(dataset->id))
            if (info.name == column)
                decimalMark = info.type.decimalMark;

    MapColours colours;
    colours.title = QString::fromStdString(column);
    colours.categorical = !isNumeric;
    std::vector<core::Cell> texts;
    const std::int64_t rows = reader.value().rowCount();
    for (std::int64_t offset = 0; offset < rows; offset += kColumnBatch) {
        if (cancel.isCancelled())
            return core::cancelledError();
        auto batch = reader.value().fetch(offset, kColumnBatch);
        if (!batch.ok())
            return batch.error();
        for (const core::Row& row : batch.value()) {
            const core::Cell& cell = index < row.size() ? row[index] : core::Cell{};
            if (isNumeric)
                colours.values.push_back(
                    cell ? parseNumber(*cell, decimalMark).value_or(std::nan("")) : std::nan(""));
            else
                texts.push_back(cell);
        }
        progress.report(static_cast<double>(offset + kColumnBatch) /
                        static_cast<double>(std::max<std::int64_t>(rows, 1)));
    }
    if (isNumeric)
        return colours;
    // Categories in name order (all of them are shown, so order helps finding one); a
    // missing value is a category of its own, listed first.
    std::map<std::string, std::int64_t> counts;
    for (const core::Cell& cell : texts)
        ++counts[cell.value_or(std::string())];
    if (static_cast<int>(counts.size()) > kMaxColourCategories)
        return core::Error{core::ErrorCode::InvalidArgument,
                           "Column \"" + column + "\" has " + std::to_string(counts.size()) +
                               " distinct values: too many to tell apart by colour (at most " +
                               std::to_string(kMaxColourCategories) + ").",
                           {},
                           0,
                           0,
                           column};
    std::map<std::string, std::int32_t> labelOf;
    for (const auto& [value, count] : counts) {
        labelOf[value] = static_cast<std::int32_t>(colours.names.size());
        colours.names << (value.empty() ? QObject::tr("(missing)") : QString::fromStdString(value));
    }
    colours.labels.reserve(texts.size());
    for (const core::Cell& cell : texts)
        colours.labels.push_back(labelOf[cell.value_or(std::string())]);
    return colours;
}

} // namespace microseg::ui

namespace microseg::ui {

core::Result<MemberRows> loadMemberRows(const std::string& workspacePath, const std::string& table,
                                        std::vector<std::int64_t> members, core::Progress& progress,
                                        const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    auto reader = core::TableReader::open(*workspace.value(), table);
    if (!reader.ok())
        return reader.error();
    std::sort(members.begin(), members.end());
    MemberRows out;
    out.header = reader.value().columnNames();
    std::size_t next = 0;
    // One forward pass over the batches that hold members, skipping the ones that hold none.
    while (next < members.size()) {
        if (cancel.isCancelled())
            return core::cancelledError();
        const std::int64_t offset = members[next] - 1;
        auto batch = reader.value().fetch(offset, kColumnBatch);
        if (!batch.ok())
            return batch.error();
        if (batch.value().empty())
            break;
        const std::int64_t end = offset + static_cast<std::int64_t>(batch.value().size());
        for (; next < members.size() && members[next] - 1 < end; ++next) {
            const core::Row& row =
                batch.value()[static_cast<std::size_t>(members[next] - 1 - offset)];
            std::vector<QString> cells;
            cells.reserve(row.size());
            for (const core::Cell& cell : row)
                cells.push_back(cell ? QString::fromStdString(*cell) : QString());
            out.members.push_back(members[next]);
            out.rows.push_back(std::move(cells));
        }
        progress.report(static_cast<double>(next) / static_cast<double>(members.size()));
    }
    return out;
}

} // namespace microseg::ui

namespace microseg::ui {

core::Result<MapResult> loadMap(const std::string& workspacePath, std::int64_t embeddingId,
                                core::Progress& progress, const core::CancelToken& cancel) {
    auto workspace = core::Workspace::open(workspacePath);
    if (!workspace.ok())
        return workspace.error();
    auto stored = core::loadEmbedding(*workspace.value(), embeddingId);
    if (!stored.ok())
        return stored.error();
    core::Embedding& embedding = stored.value();
    MapResult result;
    result.embeddingId = embedding.id;
    result.name = QString::fromStdString(embedding.name);
    result.method = embedding.method == "tsne" ? MapMethod::Tsne : MapMethod::Pca;
    result.seconds = embedding.seconds;
    result.coordinates = std::move(embedding.coordinates);

    const QJsonObject source =
        QJsonDocument::fromJson(QByteArray::fromStdString(embedding.sourceJson)).object();
    const QJsonObject quality =
        QJsonDocument::fromJson(QByteArray::fromStdString(embedding.qualityJson)).object();
    const QJsonObject parameters =
        QJsonDocument::fromJson(QByteArray::fromStdString(embedding.parametersJson)).object();
    if (source.contains(QStringLiteral("feature_set"))) {
        // The keys come from rebuilding the set: the same spec on the same table gives the
        // same rows in the same order.
        auto set =
            core::featureSet(*workspace.value(),
                             source.value(QStringLiteral("feature_set")).toString().toStdString());
        if (!set.ok())
            return set.error();
        auto matrix =
            core::buildFeatureMatrix(*workspace.value(), set.value().spec, progress, cancel);
        if (!matrix.ok())
            return matrix.error();
        result.keys = std::move(matrix.value().keys);
        result.table = matrix.value().sourceTable;
        result.columnNames = std::move(matrix.value().columnNames);
        for (const core::Feature& feature : set.value().spec.features)
            if (std::find(result.fieldColumns.begin(), result.fieldColumns.end(), feature.column) ==
                result.fieldColumns.end())
                result.fieldColumns.push_back(feature.column);
    } else {
        result.table = source.value(QStringLiteral("table")).toString().toStdString();
        for (const QJsonValue& column : source.value(QStringLiteral("columns")).toArray()) {
            result.fieldColumns.push_back(column.toString().toStdString());
            result.columnNames.push_back(result.fieldColumns.back());
        }
    }
    auto reader = core::TableReader::open(*workspace.value(), result.table);
    if (!reader.ok())
        return reader.error();
    if (reader.value().rowCount() != result.coordinates.rows())
        return core::Error{core::ErrorCode::InvalidArgument,
                           "The map has " + std::to_string(result.coordinates.rows()) +
                               " points but table \"" + result.table + "\" now has " +
                               std::to_string(reader.value().rowCount()) + " rows.",
                           {},
                           0,
                           0,
                           result.table};
    if (!result.keys.empty() &&
        static_cast<Eigen::Index>(result.keys.size()) != result.coordinates.rows())
        result.keys.clear();

    for (const QJsonValue& value :
         quality.value(QStringLiteral("explained_variance_ratio")).toArray())
        result.explainedVarianceRatio.push_back(value.toDouble());
    const QJsonArray loadings = quality.value(QStringLiteral("loadings")).toArray();
    const QJsonArray features = quality.value(QStringLiteral("features")).toArray();
    if (!loadings.isEmpty() && loadings.size() == features.size()) {
        const auto components = static_cast<Eigen::Index>(loadings.first().toArray().size());
        result.loadings.resize(loadings.size(), components);
        result.columnNames.clear();
        for (Eigen::Index f = 0; f < result.loadings.rows(); ++f) {
            const QJsonArray row = loadings.at(f).toArray();
            for (Eigen::Index c = 0; c < components; ++c)
                result.loadings(f, c) = c < row.size() ? row.at(c).toDouble() : 0.0;
            result.columnNames.push_back(features.at(f).toString().toStdString());
        }
    }
    result.klDivergence = quality.value(QStringLiteral("kl_divergence")).toDouble();
    result.trustworthiness = quality.value(QStringLiteral("trustworthiness")).toDouble();
    result.iterations = parameters.value(QStringLiteral("iterations")).toInt();
    progress.report(1.0);
    return result;
}

} // namespace microseg::ui
