// microseg-cli cluster / metrics: k-means and cluster validation on the numeric columns of a CSV
// file, so that results and timings compare with other tools on identical numbers.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "cli_commands.h"
#include "microseg/cluster_metrics.h"
#include "microseg/dbscan.h"
#include "microseg/feature_set.h"
#include "microseg/gaussian_mixture.h"
#include "microseg/hdbscan.h"
#include "microseg/hierarchical.h"
#include "microseg/kmeans.h"
#include "microseg/minibatch_kmeans.h"
#include "microseg/numeric_csv.h"
#include "microseg/run_store.h"
#include "microseg/workspace.h"

namespace microseg::cli {
using namespace microseg::core;

namespace {

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream stream(text);
    for (std::string item; std::getline(stream, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

QJsonArray toJson(const std::vector<std::string>& items) {
    QJsonArray out;
    for (const auto& item : items)
        out.append(QString::fromStdString(item));
    return out;
}

bool parseInt(const Arguments& args, const std::string& name, long long fallback, long long& out) {
    if (!args.has(name)) {
        out = fallback;
        return true;
    }
    try {
        std::size_t used = 0;
        out = std::stoll(args.value(name), &used);
        return used == args.value(name).size();
    } catch (...) {
        return false;
    }
}

bool writeLabels(const std::string& path, const std::vector<std::int32_t>& labels) {
    std::ofstream out(path);
    for (const auto label : labels)
        out << label << '\n';
    return static_cast<bool>(out);
}

} // namespace

/// Loads --input (with --columns / --exclude / --scale) or explains why not.
/// The matrix of a saved feature set, rebuilt from its spec (deterministic).
std::optional<NumericTable> loadFeatureSet(const Arguments& args) {
    if (!args.has("features")) {
        fail("with -w WORKSPACE, name the feature set to cluster: --features NAME", 2);
        return std::nullopt;
    }
    auto workspace = Workspace::open(args.value("workspace"));
    if (!workspace) {
        fail(workspace.error().toString());
        return std::nullopt;
    }
    auto info = featureSet(*workspace.value(), args.value("features"));
    if (!info) {
        fail(info.error().toString());
        return std::nullopt;
    }
    Progress progress;
    auto matrix = buildFeatureMatrix(*workspace.value(), info.value().spec, progress, CancelToken());
    if (!matrix) {
        fail(matrix.error().toString());
        return std::nullopt;
    }
    NumericTable table;
    table.columns = std::move(matrix.value().columnNames);
    table.values = std::move(matrix.value().values);
    return table;
}

std::optional<NumericTable> loadNumericInput(const Arguments& args) {
    if (args.has("workspace") && args.has("input")) {
        fail("give either -w WORKSPACE --features NAME or --input FILE.csv, not both", 2);
        return std::nullopt;
    }
    if (args.has("workspace"))
        return loadFeatureSet(args);
    if (!args.has("input")) {
        fail("give the data with -w WORKSPACE --features NAME or --input FILE.csv", 2);
        return std::nullopt;
    }
    NumericCsvOptions options;
    options.columns = splitList(args.value("columns"));
    options.exclude = splitList(args.value("exclude"));
    Progress progress;
    auto table = readNumericCsv(args.value("input"), options, progress, CancelToken());
    if (!table) {
        fail(table.error().toString());
        return std::nullopt;
    }
    const std::string scale = args.value("scale", "none");
    if (scale == "zscore") {
        if (Status status = standardiseColumns(table.value().values, table.value().columns); !status) {
            fail(status.error().toString());
            return std::nullopt;
        }
    } else if (scale != "none") {
        fail("--scale must be none or zscore", 2);
        return std::nullopt;
    }
    return std::move(table.value());
}

namespace {

/// What one algorithm produced: labels (one per input row, -1 = noise), algorithm-specific JSON
/// fields, a one-line summary for people, and the seconds of the algorithm alone.
struct ClusterRun {
    std::vector<std::int32_t> labels;
    QJsonObject fields;
    std::string summary;
    double seconds = 0.0;
};

/// Runs `task` and times it; an Error result becomes a failure message.
template <typename T, typename Task>
std::optional<T> timed(Task&& task, double& seconds) {
    Progress progress;
    const auto start = std::chrono::steady_clock::now();
    Result<T> result = task(progress);
    seconds = secondsSince(start);
    if (!result) {
        fail(result.error().toString());
        return std::nullopt;
    }
    return std::move(result).value();
}

std::optional<RowMatrix> readCentres(const Arguments& args) {
    Progress quiet;
    auto centres = readNumericCsv(args.value("init-centers"), {}, quiet, CancelToken());
    if (!centres) {
        fail(centres.error().toString());
        return std::nullopt;
    }
    return std::move(centres.value().values);
}

std::optional<ClusterRun> clusterKMeans(const Arguments& args, const NumericTable& input) {
    long long k = 0, seed = 0, nInit = 0, maxIter = 0, threads = 0;
    if (!parseInt(args, "k", 8, k) || !parseInt(args, "seed", 0, seed) ||
        !parseInt(args, "n-init", 1, nInit) || !parseInt(args, "max-iter", 300, maxIter) ||
        !parseInt(args, "threads", 0, threads) || seed < 0) {
        fail("--k, --seed, --n-init, --max-iter and --threads take whole numbers", 2);
        return std::nullopt;
    }
    KMeansOptions options;
    options.k = static_cast<int>(k);
    options.seed = static_cast<std::uint64_t>(seed);
    options.nInit = static_cast<int>(nInit);
    options.maxIterations = static_cast<int>(maxIter);
    options.threads = static_cast<int>(threads);
    options.tolerance = std::atof(args.value("tol", "1e-4").c_str());
    const std::string variant = args.value("variant", "lloyd");
    if (variant != "lloyd" && variant != "elkan") {
        fail("--variant must be lloyd or elkan", 2);
        return std::nullopt;
    }
    options.algorithm = variant == "elkan" ? KMeansAlgorithm::Elkan : KMeansAlgorithm::Lloyd;
    if (args.has("init-centers")) {
        auto centres = readCentres(args);
        if (!centres)
            return std::nullopt;
        options.k = static_cast<int>(centres->rows());
        options.initialCentres = std::move(*centres);
    }
    ClusterRun run;
    auto result = timed<KMeansResult>(
        [&](Progress& progress) { return kmeans(input.values, options, progress, CancelToken()); },
        run.seconds);
    if (!result)
        return std::nullopt;
    run.labels = std::move(result->labels);
    run.fields["variant"] = QString::fromStdString(variant);
    run.fields["k"] = options.k;
    run.fields["seed"] = static_cast<qint64>(seed);
    run.fields["inertia"] = result->inertia;
    run.fields["iterations"] = result->iterations;
    run.fields["converged"] = result->converged;
    run.summary = "k-means (" + variant + "), k = " + std::to_string(options.k) + ": inertia " +
                  std::to_string(result->inertia) + " after " +
                  std::to_string(result->iterations) + " iterations" +
                  (result->converged ? "" : " (not converged)");
    return run;
}

std::optional<ClusterRun> clusterAgglomerative(const Arguments& args, const NumericTable& input) {
    const std::map<std::string, Linkage> linkages = {{"ward", Linkage::Ward},
                                                     {"average", Linkage::Average},
                                                     {"complete", Linkage::Complete},
                                                     {"single", Linkage::Single}};
    const auto linkage = linkages.find(args.value("linkage", "ward"));
    if (linkage == linkages.end()) {
        fail("--linkage must be ward, average, complete or single", 2);
        return std::nullopt;
    }
    long long k = 0;
    if (!parseInt(args, "k", 8, k)) {
        fail("--k takes a whole number", 2);
        return std::nullopt;
    }
    HierarchicalOptions options;
    options.linkage = linkage->second;
    ClusterRun run;
    auto tree = timed<LinkageTree>(
        [&](Progress& progress) {
            return agglomerative(input.values, options, progress, CancelToken());
        },
        run.seconds);
    if (!tree)
        return std::nullopt;
    // The tree is cut by height when one is given, otherwise into k clusters.
    auto labels = args.has("height") ? cutAtHeight(*tree, std::atof(args.value("height").c_str()))
                                     : cutAtClusterCount(*tree, k);
    if (!labels) {
        fail(labels.error().toString());
        return std::nullopt;
    }
    run.labels = std::move(labels.value());
    if (args.has("linkage-out")) {
        std::ofstream out(args.value("linkage-out"));
        out << "a,b,height,size\n";
        out.precision(17);
        for (const auto& merge : tree->merges)
            out << merge.a << ',' << merge.b << ',' << merge.height << ',' << merge.size << '\n';
        if (!out) {
            fail(args.value("linkage-out") + ": cannot write the merge tree");
            return std::nullopt;
        }
    }
    const std::int32_t clusters =
        run.labels.empty() ? 0 : *std::max_element(run.labels.begin(), run.labels.end()) + 1;
    run.fields["linkage"] = QString::fromStdString(linkage->first);
    run.fields["k"] = clusters;
    run.fields["last_height"] = tree->merges.empty() ? 0.0 : tree->merges.back().height;
    run.summary = std::string("agglomerative (") + linkageName(options.linkage) + "), " +
                  std::to_string(clusters) + " clusters";
    return run;
}

std::optional<ClusterRun> clusterMiniBatch(const Arguments& args, const NumericTable& input) {
    long long k = 0, seed = 0, nInit = 0, maxIter = 0, batch = 0, threads = 0;
    if (!parseInt(args, "k", 8, k) || !parseInt(args, "seed", 0, seed) ||
        !parseInt(args, "n-init", 3, nInit) || !parseInt(args, "max-iter", 100, maxIter) ||
        !parseInt(args, "batch-size", 1024, batch) || !parseInt(args, "threads", 0, threads) ||
        seed < 0) {
        fail("--k, --seed, --n-init, --max-iter, --batch-size and --threads take whole numbers", 2);
        return std::nullopt;
    }
    MiniBatchKMeansOptions options;
    options.k = static_cast<int>(k);
    options.seed = static_cast<std::uint64_t>(seed);
    options.nInit = static_cast<int>(nInit);
    options.maxIterations = static_cast<int>(maxIter);
    options.batchSize = static_cast<int>(batch);
    options.threads = static_cast<int>(threads);
    if (args.has("init-centers")) {
        auto centres = readCentres(args);
        if (!centres)
            return std::nullopt;
        options.k = static_cast<int>(centres->rows());
        options.initialCentres = std::move(*centres);
    }
    ClusterRun run;
    auto result = timed<MiniBatchKMeansResult>(
        [&](Progress& progress) {
            return miniBatchKMeans(input.values, options, progress, CancelToken());
        },
        run.seconds);
    if (!result)
        return std::nullopt;
    run.labels = std::move(result->labels);
    run.fields["k"] = options.k;
    run.fields["seed"] = static_cast<qint64>(seed);
    run.fields["batch_size"] = result->batchSize;
    run.fields["inertia"] = result->inertia;
    run.fields["steps"] = static_cast<qint64>(result->steps);
    run.fields["epochs"] = result->epochs;
    run.fields["converged"] = result->converged;
    run.summary = "mini-batch k-means, k = " + std::to_string(options.k) + ": inertia " +
                  std::to_string(result->inertia) + " after " + std::to_string(result->steps) +
                  " steps";
    return run;
}

std::optional<ClusterRun> clusterGaussianMixture(const Arguments& args, const NumericTable& input) {
    const std::map<std::string, CovarianceType> types = {{"full", CovarianceType::Full},
                                                         {"diag", CovarianceType::Diag},
                                                         {"tied", CovarianceType::Tied},
                                                         {"spherical", CovarianceType::Spherical}};
    const auto type = types.find(args.value("covariance", "full"));
    long long k = 0, seed = 0, nInit = 0, maxIter = 0, threads = 0;
    if (type == types.end() || !parseInt(args, "k", 8, k) || !parseInt(args, "seed", 0, seed) ||
        !parseInt(args, "n-init", 1, nInit) || !parseInt(args, "max-iter", 100, maxIter) ||
        !parseInt(args, "threads", 0, threads) || seed < 0) {
        fail("--covariance must be full, diag, tied or spherical; --k, --seed, --n-init, "
             "--max-iter and --threads take whole numbers",
             2);
        return std::nullopt;
    }
    GaussianMixtureOptions options;
    options.k = static_cast<int>(k);
    options.covarianceType = type->second;
    options.seed = static_cast<std::uint64_t>(seed);
    options.nInit = static_cast<int>(nInit);
    options.maxIterations = static_cast<int>(maxIter);
    options.tolerance = std::atof(args.value("tol", "1e-3").c_str());
    options.threads = static_cast<int>(threads);
    options.storeProbabilities = args.has("probabilities-out");
    ClusterRun run;
    auto result = timed<GaussianMixtureResult>(
        [&](Progress& progress) {
            return gaussianMixture(input.values, options, progress, CancelToken());
        },
        run.seconds);
    if (!result)
        return std::nullopt;
    if (options.storeProbabilities) {
        std::ofstream out(args.value("probabilities-out"));
        out.precision(17);
        for (Eigen::Index r = 0; r < result->probabilities.rows(); ++r)
            for (Eigen::Index c = 0; c < result->probabilities.cols(); ++c)
                out << result->probabilities(r, c) << (c + 1 < result->probabilities.cols() ? ',' : '\n');
        if (!out) {
            fail(args.value("probabilities-out") + ": cannot write the memberships");
            return std::nullopt;
        }
    }
    run.labels = std::move(result->labels);
    run.fields["k"] = options.k;
    run.fields["covariance"] = QString::fromStdString(type->first);
    run.fields["seed"] = static_cast<qint64>(seed);
    run.fields["log_likelihood"] = result->logLikelihood;
    run.fields["mean_log_likelihood"] = result->meanLogLikelihood;
    run.fields["bic"] = result->bic;
    run.fields["aic"] = result->aic;
    run.fields["iterations"] = result->iterations;
    run.fields["converged"] = result->converged;
    run.summary = "Gaussian mixture (" + type->first + "), k = " + std::to_string(options.k) +
                  ": log-likelihood " + std::to_string(result->logLikelihood) + ", BIC " +
                  std::to_string(result->bic);
    return run;
}

std::optional<ClusterRun> clusterDbscan(const Arguments& args, const NumericTable& input) {
    long long minSamples = 0, threads = 0;
    const double eps = std::atof(args.value("eps", "0.5").c_str());
    if (!parseInt(args, "min-samples", 5, minSamples) || !parseInt(args, "threads", 0, threads)) {
        fail("--min-samples and --threads take whole numbers", 2);
        return std::nullopt;
    }
    DbscanOptions options;
    options.eps = eps;
    options.minSamples = static_cast<int>(minSamples);
    options.threads = static_cast<int>(threads);
    ClusterRun run;
    auto result = timed<DbscanResult>(
        [&](Progress& progress) { return dbscan(input.values, options, progress, CancelToken()); },
        run.seconds);
    if (!result)
        return std::nullopt;
    run.labels = std::move(result->labels);
    run.fields["eps"] = eps;
    run.fields["min_samples"] = options.minSamples;
    run.fields["k"] = result->clusters;
    run.fields["noise"] = static_cast<qint64>(result->noise);
    run.fields["core_samples"] = static_cast<qint64>(result->coreSampleIndices.size());
    run.summary = "DBSCAN (eps " + std::to_string(eps) + ", min_samples " +
                  std::to_string(options.minSamples) + "): " + std::to_string(result->clusters) +
                  " clusters, " + std::to_string(result->noise) + " noise rows";
    return run;
}

std::optional<ClusterRun> clusterHdbscan(const Arguments& args, const NumericTable& input) {
    long long minClusterSize = 0, minSamples = 0, threads = 0;
    const std::string selection = args.value("selection", "eom");
    if (!parseInt(args, "min-cluster-size", 5, minClusterSize) ||
        !parseInt(args, "min-samples", 0, minSamples) || !parseInt(args, "threads", 0, threads) ||
        (selection != "eom" && selection != "leaf")) {
        fail("--min-cluster-size, --min-samples and --threads take whole numbers; --selection "
             "must be eom or leaf",
             2);
        return std::nullopt;
    }
    HdbscanOptions options;
    options.minClusterSize = static_cast<int>(minClusterSize);
    options.minSamples = static_cast<int>(minSamples); // 0: min_cluster_size
    options.selection = selection == "leaf" ? HdbscanSelection::Leaf : HdbscanSelection::ExcessOfMass;
    options.allowSingleCluster = args.has("allow-single-cluster");
    options.threads = static_cast<int>(threads);
    ClusterRun run;
    auto result = timed<HdbscanResult>(
        [&](Progress& progress) { return hdbscan(input.values, options, progress, CancelToken()); },
        run.seconds);
    if (!result)
        return std::nullopt;
    if (args.has("probabilities-out")) {
        std::ofstream out(args.value("probabilities-out"));
        out.precision(17);
        out << "probability,outlier_score\n";
        for (std::size_t i = 0; i < result->probabilities.size(); ++i)
            out << result->probabilities[i] << ',' << result->outlierScores[i] << '\n';
        if (!out) {
            fail(args.value("probabilities-out") + ": cannot write the memberships");
            return std::nullopt;
        }
    }
    const int effectiveMinSamples = minSamples == 0 ? options.minClusterSize : options.minSamples;
    run.labels = std::move(result->labels);
    run.fields["min_cluster_size"] = options.minClusterSize;
    run.fields["min_samples"] = effectiveMinSamples;
    run.fields["selection"] = QString::fromStdString(selection);
    run.fields["allow_single_cluster"] = options.allowSingleCluster;
    run.fields["k"] = result->clusters;
    run.fields["clusters"] = result->clusters;
    run.fields["noise"] = static_cast<qint64>(result->noise);
    run.fields["mst_weight"] = result->spanningTreeWeight;
    run.summary = "HDBSCAN (min_cluster_size " + std::to_string(options.minClusterSize) +
                  ", min_samples " + std::to_string(effectiveMinSamples) + "): " +
                  std::to_string(result->clusters) + " clusters, " +
                  std::to_string(result->noise) + " noise rows";
    return run;
}

/// Stores `run` in the workspace named by -w; returns its id.
std::optional<std::int64_t> saveRun(const Arguments& args, const std::string& algo,
                                    const ClusterRun& run, std::int64_t rows) {
    auto workspace = Workspace::open(args.value("workspace"));
    if (!workspace) {
        fail(workspace.error().toString());
        return std::nullopt;
    }
    ClusteringRun record;
    record.algorithm = algo;
    record.name = run.summary;
    record.seed = std::atoll(args.value("seed", "0").c_str());
    record.parametersJson = QJsonDocument(run.fields).toJson(QJsonDocument::Compact).toStdString();
    record.metricsJson = record.parametersJson;  // the algorithm's own figures (inertia, BIC, ...)
    record.sourceJson = QJsonDocument(QJsonObject{{"feature_set", QString::fromStdString(
                                                                      args.value("features"))}})
                            .toJson(QJsonDocument::Compact)
                            .toStdString();
    record.rows = rows;
    std::set<std::int32_t> clusters;
    for (const auto label : run.labels)
        if (label >= 0)
            clusters.insert(label);
    record.clusters = static_cast<std::int64_t>(clusters.size());
    record.seconds = run.seconds;
    record.labels = run.labels;
    auto id = saveClusteringRun(*workspace.value(), record);
    if (!id) {
        fail(id.error().toString());
        return std::nullopt;
    }
    return id.value();
}

} // namespace

int runKDistance(const Arguments& args) {
    long long k = 0;
    if (!parseInt(args, "k", 5, k) || k < 1)
        return fail("--k takes a whole number of neighbours (DBSCAN's min_samples)", 2);
    auto input = loadNumericInput(args);
    if (!input)
        return 1;
    Progress progress;
    const auto start = std::chrono::steady_clock::now();
    auto graph = kDistanceGraph(input->values, static_cast<int>(k), 0, progress, CancelToken());
    const double seconds = secondsSince(start);
    if (!graph)
        return fail(graph.error().toString());
    const KDistanceResult& result = graph.value();
    if (args.has("out")) {
        std::ofstream out(args.value("out"));
        out.precision(17);
        out << "rank,distance\n";
        for (std::size_t i = 0; i < result.sortedDescending.size(); ++i)
            out << i + 1 << ',' << result.sortedDescending[i] << '\n';
        if (!out)
            return fail(args.value("out") + ": cannot write the k-distance graph");
    }
    QJsonObject out;
    out["k"] = static_cast<int>(k);
    out["rows"] = static_cast<qint64>(input->values.rows());
    out["knee_rank"] = static_cast<qint64>(result.kneeIndex + 1);
    out["suggested_eps"] = result.suggestedEps;
    out["seconds"] = seconds;
    if (args.has("json"))
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << "\n";
    else
        std::cout << "k-distance graph (k = " << k << ", " << input->values.rows()
                  << " rows): knee at rank " << result.kneeIndex + 1 << ", suggested eps "
                  << result.suggestedEps << "\n";
    return 0;
}

int runCluster(const Arguments& args) {
    using Algorithm = std::optional<ClusterRun> (*)(const Arguments&, const NumericTable&);
    const std::map<std::string, Algorithm> algorithms = {
        {"kmeans", &clusterKMeans},
        {"minibatch", &clusterMiniBatch},
        {"agglomerative", &clusterAgglomerative},
        {"dbscan", &clusterDbscan},
        {"hdbscan", &clusterHdbscan},
        {"gmm", &clusterGaussianMixture}};
    const std::string algo = args.value("algo", "kmeans");
    const auto found = algorithms.find(algo);
    if (found == algorithms.end()) {
        std::string names;
        for (const auto& [name, function] : algorithms)
            names += (names.empty() ? "" : ", ") + name;
        return fail("unknown --algo \"" + algo + "\" (available: " + names + ")", 2);
    }
    auto input = loadNumericInput(args);
    if (!input)
        return 1;
    auto run = found->second(args, *input);
    if (!run)
        return 1;
    if (args.has("labels-out") && !writeLabels(args.value("labels-out"), run->labels))
        return fail(args.value("labels-out") + ": cannot write the labels");
    QJsonObject out = run->fields;
    if (args.has("workspace")) {
        // A run on a workspace feature set is kept there, to be listed and compared.
        auto saved = saveRun(args, algo, *run, input->values.rows());
        if (!saved)
            return 1;
        out["run_id"] = static_cast<qint64>(*saved);
    }
    out["algo"] = QString::fromStdString(algo);
    out["rows"] = static_cast<qint64>(input->values.rows());
    out["columns"] = toJson(input->columns);
    out["skipped_columns"] = toJson(input->skippedColumns);
    out["seconds"] = run->seconds;
    if (args.has("json"))
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << "\n";
    else
        std::cout << run->summary << "; " << input->values.rows() << " rows x "
                  << input->values.cols() << " columns in " << run->seconds << " s\n";
    return 0;
}

int runMetrics(const Arguments& args) {
    if (!args.has("labels"))
        return fail("metrics needs --labels FILE (one integer label per input row)", 2);
    auto input = loadNumericInput(args);
    if (!input)
        return 1;
    std::ifstream in(args.value("labels"));
    if (!in)
        return fail(args.value("labels") + ": the labels file cannot be read");
    std::vector<std::int32_t> labels;
    std::string line;
    for (std::int64_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || (number == 1 && line == "label"))
            continue;
        try {
            std::size_t used = 0;
            labels.push_back(static_cast<std::int32_t>(std::stol(line, &used)));
            if (used != line.size())
                throw std::invalid_argument(line);
        } catch (...) {
            return fail(args.value("labels") + ":" + std::to_string(number) + ": \"" + line +
                        "\" is not an integer label");
        }
    }
    if (static_cast<Eigen::Index>(labels.size()) != input->values.rows())
        return fail("the labels file has " + std::to_string(labels.size()) +
                    " labels for " + std::to_string(input->values.rows()) + " input rows");
    ClusterMetricOptions options;
    long long sample = 0;
    if (!parseInt(args, "sample", 0, sample) || sample < 0)
        return fail("--sample takes a whole number of rows (0: exact silhouette)", 2);
    Progress progress;
    QJsonObject out;
    const auto start = std::chrono::steady_clock::now();
    if (sample > 0) {
        options.sampleSize = sample;
        auto value = silhouetteSampled(input->values, labels, options, progress, CancelToken());
        if (!value)
            return fail(value.error().toString());
        out["silhouette_sampled"] = value.value();
    } else {
        auto value = silhouette(input->values, labels, options, progress, CancelToken());
        if (!value)
            return fail(value.error().toString());
        out["silhouette"] = value.value().mean;
    }
    auto db = daviesBouldin(input->values, labels, options, progress, CancelToken());
    auto ch = calinskiHarabasz(input->values, labels, options, progress, CancelToken());
    if (!db)
        return fail(db.error().toString());
    if (!ch)
        return fail(ch.error().toString());
    out["davies_bouldin"] = db.value();
    out["calinski_harabasz"] = ch.value();
    out["seconds"] = secondsSince(start);
    out["rows"] = static_cast<qint64>(input->values.rows());
    if (args.has("json")) {
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << "\n";
    } else {
        for (auto it = out.begin(); it != out.end(); ++it)
            std::cout << it.key().toStdString() << ": " << it.value().toDouble() << "\n";
    }
    return 0;
}

} // namespace microseg::cli
