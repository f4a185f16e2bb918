// microseg-cli bench: timings for docs/benchmarks.md. Cluster tasks mirror the task names and
// set-up of ../shared/bench/sk_bench.py (customer_id dropped, features z-scored, seed 0,
// k-means++ with one init) and print one JSON line in the same shape, so the two compare as a
// ratio measured side by side on identical data.
#include <sys/resource.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>

#include "cli_commands.h"
#include "microseg/cluster_metrics.h"
#include "microseg/csv_import.h"
#include "microseg/dbscan.h"
#include "microseg/gaussian_mixture.h"
#include "microseg/hdbscan.h"
#include "microseg/hierarchical.h"
#include "microseg/k_scan.h"
#include "microseg/kmeans.h"
#include "microseg/minibatch_kmeans.h"
#include "microseg/numeric_csv.h"
#include "microseg/pca.h"
#include "microseg/trustworthiness.h"
#include "microseg/tsne.h"

namespace microseg::cli {
using namespace microseg::core;

namespace {

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int benchImport(const Arguments& args) {
    const std::string file = args.positional[1];
    const int runs = std::max(1, std::atoi(args.value("runs", "1").c_str()));
    QTemporaryDir directory;
    if (!directory.isValid())
        return fail("cannot create a temporary folder");
    QJsonArray seconds;
    double best = 1e300;
    std::int64_t rows = 0;
    for (int run = 0; run < runs; ++run) {
        const std::string path =
            (directory.path() + "/bench" + QString::number(run) + ".microseg").toStdString();
        auto workspace = Workspace::create(path);
        if (!workspace)
            return fail(workspace.error().toString());
        ImportRequest request;
        request.filePath = file;
        Progress progress;
        auto result = importCsv(*workspace.value(), request, progress, CancelToken());
        if (!result)
            return fail(result.error().toString());
        rows = result.value().dataset.rowCount;
        seconds.append(result.value().seconds);
        best = std::min(best, result.value().seconds);
    }
    QJsonObject out;
    out["task"] = "import";
    out["file"] = QString::fromStdString(file);
    out["rows"] = static_cast<qint64>(rows);
    out["seconds"] = best;
    out["runs"] = seconds;
    out["peak_rss_mb"] = peakRssMb();
    std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << "\n";
    return 0;
}

/// k-means as sk_bench runs it: one k-means++ init, seed 0, 300 iterations, tol 1e-4.
Result<KMeansResult> benchKMeans(const RowMatrix& x, int k, KMeansAlgorithm algorithm) {
    KMeansOptions options;
    options.k = k;
    options.algorithm = algorithm;
    Progress progress;
    return kmeans(x, options, progress, CancelToken());
}

} // namespace

int runBench(const Arguments& args) {
    if (args.positional.size() != 2)
        return fail("usage: microseg-cli bench TASK FILE [--k N] (TASK: import, kmeans_lloyd, "
                    "kmeans_elkan, minibatch, kmeans_scan, gmm, ward, dbscan [--eps X], hdbscan "
                    "[--min-cluster-size N] [--min-samples N], silhouette_full, "
                    "silhouette_sampled, davies_bouldin, calinski_harabasz, pca, tsne [--trust-sample N])",
                    2);
    const std::string task = args.positional[0];
    if (task == "import")
        return benchImport(args);
    const int k = std::atoi(args.value("k", "8").c_str());

    const auto loadStart = std::chrono::steady_clock::now();
    NumericCsvOptions options;
    options.exclude = {"customer_id"};
    Progress quiet;
    auto table = readNumericCsv(args.positional[1], options, quiet, CancelToken());
    if (!table)
        return fail(table.error().toString());
    RowMatrix& x = table.value().values;
    if (Status status = standardiseColumns(x, table.value().columns); !status)
        return fail(status.error().toString());
    const double loadSeconds = secondsSince(loadStart);

    QJsonObject out;
    ClusterMetricOptions metricOptions;
    std::vector<std::int32_t> labels;
    const bool scoresLabels = task.rfind("silhouette", 0) == 0 || task == "davies_bouldin" ||
                              task == "calinski_harabasz";
    if (scoresLabels) {
        // Metric tasks score k-means labels; like sk_bench, that k-means is not timed.
        auto clustered = benchKMeans(x, k, KMeansAlgorithm::Lloyd);
        if (!clustered)
            return fail(clustered.error().toString());
        labels = std::move(clustered.value().labels);
    }
    const auto start = std::chrono::steady_clock::now();
    Progress progress;
    const CancelToken cancel;
    if (task == "kmeans_lloyd" || task == "kmeans_elkan") {
        auto result = benchKMeans(x, k, task == "kmeans_lloyd" ? KMeansAlgorithm::Lloyd
                                                               : KMeansAlgorithm::Elkan);
        if (!result)
            return fail(result.error().toString());
        out["inertia"] = result.value().inertia;
        out["iters"] = result.value().iterations;
    } else if (task == "silhouette_full") {
        auto value = silhouette(x, labels, metricOptions, progress, cancel);
        if (!value)
            return fail(value.error().toString());
        out["value"] = value.value().mean;
    } else if (task == "silhouette_sampled") {
        auto value = silhouetteSampled(x, labels, metricOptions, progress, cancel);
        if (!value)
            return fail(value.error().toString());
        out["value"] = value.value();
    } else if (task == "davies_bouldin" || task == "calinski_harabasz") {
        auto value = task == "davies_bouldin"
                         ? daviesBouldin(x, labels, metricOptions, progress, cancel)
                         : calinskiHarabasz(x, labels, metricOptions, progress, cancel);
        if (!value)
            return fail(value.error().toString());
        out["value"] = value.value();
    } else if (task == "minibatch") {
        // sk_bench: MiniBatchKMeans(k, n_init=1, random_state=0, batch_size=4096).fit(X)
        MiniBatchKMeansOptions options;
        options.k = k;
        options.nInit = 1;
        options.batchSize = 4096;
        auto result = miniBatchKMeans(x, options, progress, cancel);
        if (!result)
            return fail(result.error().toString());
        out["inertia"] = result.value().inertia;
    } else if (task == "gmm") {
        // sk_bench: GaussianMixture(k, covariance_type="full", random_state=0).fit(X)
        GaussianMixtureOptions options;
        options.k = k;
        options.storeProbabilities = false;
        auto result = gaussianMixture(x, options, progress, cancel);
        if (!result)
            return fail(result.error().toString());
        out["bic"] = result.value().bic;
        out["iters"] = result.value().iterations;
    } else if (task == "kmeans_scan") {
        // sk_bench: for k in 2..12, KMeans(k, n_init=1) + silhouette_score(sample_size=10000)
        KScanOptions options;
        options.kMin = 2;
        options.kMax = 12;
        options.computeDaviesBouldin = false;
        options.computeCalinskiHarabasz = false;
        auto result = kScan(x, options, {}, progress, cancel);
        if (!result)
            return fail(result.error().toString());
        QJsonArray scan;
        for (const auto& point : result.value().points)
            scan.append(QJsonArray{point.k, point.inertia, point.silhouette});
        out["scan"] = scan;
    } else if (task == "dbscan") {
        // sk_bench: DBSCAN(eps=argv[4] or 0.8, min_samples=10).fit(X)
        DbscanOptions options;
        options.eps = std::atof(args.value("eps", "0.8").c_str());
        options.minSamples = 10;
        auto result = dbscan(x, options, progress, cancel);
        if (!result)
            return fail(result.error().toString());
        out["clusters"] = result.value().clusters;
        out["noise"] = static_cast<qint64>(result.value().noise);
    } else if (task == "hdbscan") {
        // No scikit-learn 1.2 peer: HDBSCAN arrived in scikit-learn 1.3.
        HdbscanOptions options;
        options.minClusterSize = std::atoi(args.value("min-cluster-size", "10").c_str());
        options.minSamples = std::atoi(args.value("min-samples", "0").c_str());
        auto result = hdbscan(x, options, progress, cancel);
        if (!result)
            return fail(result.error().toString());
        out["clusters"] = result.value().clusters;
        out["noise"] = static_cast<qint64>(result.value().noise);
        out["mst_weight"] = result.value().spanningTreeWeight;
    } else if (task == "ward") {
        HierarchicalOptions options;
        auto result = agglomerative(x, options, progress, cancel);
        if (!result)
            return fail(result.error().toString());
        out["last_height"] = result.value().merges.back().height;
    } else if (task == "pca") {
        // sk_bench: PCA(2, random_state=0).fit(X); Y = m.transform(X)
        PcaOptions options;
        options.components = 2;
        auto result = pca(x, options, progress, cancel);
        if (!result)
            return fail(result.error().toString());
        out["explained"] = QJsonArray{result.value().explainedVarianceRatio[0],
                                      result.value().explainedVarianceRatio[1]};
    } else if (task == "tsne") {
        // sk_bench: TSNE(2, perplexity=30, init="pca", random_state=0, n_iter=1000,
        // learning_rate="auto").fit_transform(X); Barnes-Hut above 1,000 rows as there.
        TsneOptions options;
        options.threads = std::atoi(args.value("threads", "0").c_str());
        auto result = tsne(x, options, progress, cancel);
        if (!result)
            return fail(result.error().toString());
        out["shape"] = QJsonArray{static_cast<qint64>(x.rows()), 2};
        out["kl_divergence"] = result.value().klDivergence;
        out["gradient"] = tsneGradientName(result.value().gradient);
        if (args.has("trust-sample")) {
            // Quality, not timed: trustworthiness (k = 10) over a seeded sample of rows.
            out["seconds"] = secondsSince(start);
            TrustworthinessOptions trust;
            trust.sampleRows = std::atoll(args.value("trust-sample").c_str());
            auto value = trustworthiness(x, result.value().embedding, trust, progress, cancel);
            if (!value)
                return fail(value.error().toString());
            out["trustworthiness"] = value.value();
        }
    } else {
        return fail("unknown bench task \"" + task + "\"", 2);
    }
    if (!out.contains("seconds"))
        out["seconds"] = secondsSince(start);
    out["peer"] = "microseg";
    out["task"] = QString::fromStdString(task);
    out["n"] = static_cast<qint64>(x.rows());
    out["d"] = static_cast<qint64>(x.cols());
    out["k"] = k;
    out["load_seconds"] = loadSeconds;
    out["peak_rss_mb"] = peakRssMb();
    std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << "\n";
    return 0;
}

} // namespace microseg::cli
