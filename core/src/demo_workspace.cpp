#include "microseg/demo_workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <filesystem>

#include "microseg/cluster_metrics.h"
#include "microseg/csv_import.h"
#include "microseg/feature_set.h"
#include "microseg/kmeans.h"
#include "microseg/rfm.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>

namespace microseg::core {
namespace fs = std::filesystem;

namespace {
constexpr const char* kDemoFile = "online_retail_sample10pct.csv";

std::string compactJson(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

/// Reports a step's progress into [from, to] of the whole.
Progress subProgress(Progress& whole, double from, double to) {
    return Progress([&whole, from, to](double fraction, const std::string& text) {
        whole.report(from + (to - from) * fraction, text);
    });
}

/// The segmentation a person would make on the Features and Cluster pages: RFM per customer
/// (returns excluded, so monetary is what was bought), log1p + z-scored recency, frequency and
/// monetary as a feature set, and k-means (k = 4, seed 0) on it, stored as the CLI stores it.
Status addDemoSegmentation(Workspace& workspace, Progress& progress, const CancelToken& cancel) {
    RfmRequest rfm;
    rfm.table = kDemoDataset;
    rfm.customerColumn = "CustomerID";
    rfm.dateColumn = "InvoiceDate";
    rfm.invoiceColumn = "InvoiceNo";
    rfm.amount = "Quantity*UnitPrice";
    rfm.productColumn = "StockCode";
    rfm.returns = ReturnsPolicy::Exclude;
    rfm.outputTable = kDemoCustomers;
    Progress rfmProgress = subProgress(progress, 0.0, 0.5);
    if (auto built = buildRfm(workspace, rfm, rfmProgress, cancel); !built)
        return built.error();

    FeatureSpec spec;
    spec.source = kDemoCustomers;
    spec.keyColumn = "customer";
    for (const char* column : {"recency", "frequency", "monetary"}) {
        Feature feature;
        feature.column = column;
        feature.transform = FeatureTransform::Log1p;
        feature.scaling = FeatureScaling::ZScore;
        spec.features.push_back(feature);
    }
    if (Status saved = saveFeatureSet(workspace, kDemoFeatureSet, spec); !saved)
        return saved;
    Progress building = subProgress(progress, 0.5, 0.7);
    auto matrix = buildFeatureMatrix(workspace, spec, building, cancel);
    if (!matrix)
        return matrix.error();
    const RowMatrix& data = matrix.value().values;

    KMeansOptions options;
    options.k = kDemoClusters;
    options.seed = 0;
    Progress clustering = subProgress(progress, 0.7, 0.9);
    const auto start = std::chrono::steady_clock::now();
    auto result = kmeans(data, options, clustering, cancel);
    if (!result)
        return result.error();
    ClusteringRun run;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.name = "k-means k=" + std::to_string(kDemoClusters) + " (seed 0)";
    run.algorithm = "kmeans";
    run.parametersJson = compactJson(
        QJsonObject{{"k", kDemoClusters}, {"variant", QStringLiteral("lloyd")}});
    run.seed = 0;
    // The source as `microseg-cli cluster --features NAME` records it: views rebuild the set.
    run.sourceJson = compactJson(QJsonObject{{"feature_set", QString::fromLatin1(kDemoFeatureSet)}});
    run.rows = data.rows();
    run.clusters = kDemoClusters;
    QJsonObject metrics{{"inertia", result.value().inertia}};
    Progress quiet;
    if (auto score = silhouette(data, result.value().labels, {}, quiet, cancel); score)
        metrics.insert("silhouette", score.value().mean);
    if (auto db = daviesBouldin(data, result.value().labels, {}, quiet, cancel); db)
        metrics.insert("davies_bouldin", db.value());
    if (auto ch = calinskiHarabasz(data, result.value().labels, {}, quiet, cancel); ch)
        metrics.insert("calinski_harabasz", ch.value());
    if (cancel.isCancelled())
        return cancelledError();
    run.metricsJson = compactJson(metrics);
    run.labels = std::move(result.value().labels);
    if (auto id = saveClusteringRun(workspace, run); !id)
        return id.error();
    progress.report(1.0);
    return success();
}
} // namespace

std::string defaultDemoWorkspacePath() {
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + "/.local/share";
    return (base + "/microseg/demo-2.microseg").toStdString();
}

std::string findDemoDataset() {
    std::vector<std::string> candidates;
    if (QCoreApplication::instance()) {
        const QString appDir = QCoreApplication::applicationDirPath();
        candidates.push_back((appDir + "/../share/microseg/" + kDemoFile).toStdString());
    }
    candidates.push_back(std::string(MICROSEG_SOURCE_RESOURCES) + "/" + kDemoFile);
    for (const auto& candidate : candidates) {
        std::error_code ec;
        if (fs::exists(candidate, ec))
            return fs::weakly_canonical(candidate, ec).string();
    }
    return candidates.back();
}

Result<std::string> ensureDemoWorkspace(const std::string& path, const std::string& csvPath,
                                        Progress& progress, const CancelToken& cancel) {
    std::error_code ec;
    if (fs::exists(path, ec))
        return path;
    fs::create_directories(fs::path(path).parent_path(), ec);
    const std::string building = path + ".building";
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(building + suffix, ec);
    {
        auto created = Workspace::create(building);
        if (!created)
            return created.error();
        ImportRequest request;
        request.filePath = csvPath;
        request.datasetName = kDemoDataset;
        Progress importing = subProgress(progress, 0.0, 0.8);
        auto imported = importCsv(*created.value(), request, importing, cancel);
        Progress segmenting = subProgress(progress, 0.8, 1.0);
        const Status segmented =
            imported ? addDemoSegmentation(*created.value(), segmenting, cancel) : success();
        if (!imported || !segmented) {
            created.value().reset();
            for (const char* suffix : {"", "-wal", "-shm"})
                fs::remove(building + suffix, ec);
            return imported ? segmented.error() : imported.error();
        }
    }  // closing the connection checkpoints the WAL into the file
    fs::rename(building, path, ec);
    if (ec)
        return Error{ErrorCode::Io, "The demo workspace could not be put in place: " + ec.message(),
                     path, 0, 0, {}};
    return path;
}

} // namespace microseg::core
