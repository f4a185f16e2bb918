// microseg-cli embed: PCA scores or a t-SNE map of a feature set or the numeric columns of a CSV,
// written as coordinates; on a workspace the embedding is kept there with its parameters and seed.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli_commands.h"
#include "microseg/embedding_store.h"
#include "microseg/pca.h"
#include "microseg/trustworthiness.h"
#include "microseg/tsne.h"
#include "microseg/workspace.h"

namespace microseg::cli {
using namespace microseg::core;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

QJsonArray toJson(const Eigen::VectorXd& values) {
    QJsonArray out;
    for (const double value : values)
        out.append(value);
    return out;
}

QJsonArray toJson(const std::vector<std::string>& items) {
    QJsonArray out;
    for (const auto& item : items)
        out.append(QString::fromStdString(item));
    return out;
}

std::string compact(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

/// A whole number option, or nullopt (and a message) when it is not one.
std::optional<long long> wholeNumber(const Arguments& args, const std::string& name, long long fallback) {
    if (!args.has(name))
        return fallback;
    try {
        std::size_t used = 0;
        const long long value = std::stoll(args.value(name), &used);
        if (used == args.value(name).size())
            return value;
    } catch (...) {
    }
    fail("--" + name + " takes a whole number, not \"" + args.value(name) + "\"", 2);
    return std::nullopt;
}

std::optional<double> realNumber(const Arguments& args, const std::string& name, double fallback) {
    if (!args.has(name))
        return fallback;
    try {
        std::size_t used = 0;
        const double value = std::stod(args.value(name), &used);
        if (used == args.value(name).size())
            return value;
    } catch (...) {
    }
    fail("--" + name + " takes a number, not \"" + args.value(name) + "\"", 2);
    return std::nullopt;
}

/// What one method produced, in the shape the store and the JSON output need.
struct EmbedRun {
    RowMatrix coordinates;
    std::vector<std::string> axisNames;
    QJsonObject parameters;
    QJsonObject quality;
    std::string name;
    double seconds = 0.0;
};

std::optional<EmbedRun> runPca(const Arguments& args, const NumericTable& input) {
    const auto components = wholeNumber(args, "components", 2);
    const auto threads = wholeNumber(args, "threads", 0);
    if (!components || !threads)
        return std::nullopt;
    PcaOptions options;
    options.components = static_cast<int>(std::min<long long>(*components, input.values.cols()));
    options.threads = static_cast<int>(*threads);
    Progress progress;
    const auto start = std::chrono::steady_clock::now();
    auto result = pca(input.values, options, progress, CancelToken());
    EmbedRun run;
    run.seconds = secondsSince(start);
    if (!result) {
        fail(result.error().toString());
        return std::nullopt;
    }
    const PcaResult& fitted = result.value();
    run.coordinates = fitted.scores;
    for (Eigen::Index c = 0; c < fitted.components.rows(); ++c)
        run.axisNames.push_back("pc" + std::to_string(c + 1));
    run.parameters["components"] = static_cast<int>(fitted.components.rows());
    run.quality["explained_variance"] = toJson(fitted.explainedVariance);
    run.quality["explained_variance_ratio"] = toJson(fitted.explainedVarianceRatio);
    QJsonObject loadings;
    for (Eigen::Index f = 0; f < fitted.loadings.rows(); ++f)
        loadings[QString::fromStdString(input.columns[static_cast<std::size_t>(f)])] =
            toJson(Eigen::VectorXd(fitted.loadings.row(f).transpose()));
    run.quality["loadings"] = loadings;
    run.name = "PCA, " + std::to_string(fitted.components.rows()) + " components";
    return run;
}

std::optional<EmbedRun> runTsne(const Arguments& args, const NumericTable& input) {
    const auto perplexity = realNumber(args, "perplexity", 30.0);
    const auto exaggeration = realNumber(args, "exaggeration", 12.0);
    const auto learningRate = realNumber(args, "learning-rate", 0.0);
    const auto iterations = wholeNumber(args, "iterations", 1000);
    const auto seed = wholeNumber(args, "seed", 0);
    const auto threads = wholeNumber(args, "threads", 0);
    if (!perplexity || !exaggeration || !learningRate || !iterations || !seed || !threads)
        return std::nullopt;
    if (*seed < 0) {
        fail("--seed must not be negative", 2);
        return std::nullopt;
    }
    TsneOptions options;
    options.perplexity = *perplexity;
    options.earlyExaggeration = *exaggeration;
    options.learningRate = *learningRate;
    options.iterations = static_cast<int>(*iterations);
    options.seed = static_cast<std::uint64_t>(*seed);
    options.threads = static_cast<int>(*threads);
    const std::string init = args.value("init", "pca");
    const std::string gradient = args.value("gradient", "auto");
    if ((init != "pca" && init != "random") ||
        (gradient != "auto" && gradient != "exact" && gradient != "barnes_hut")) {
        fail("--init must be pca or random; --gradient auto, exact or barnes_hut", 2);
        return std::nullopt;
    }
    options.init = init == "pca" ? TsneInit::Pca : TsneInit::Random;
    options.gradient = gradient == "exact"        ? TsneGradient::Exact
                       : gradient == "barnes_hut" ? TsneGradient::BarnesHut
                                                  : TsneGradient::Auto;
    Progress progress;
    const auto start = std::chrono::steady_clock::now();
    auto result = tsne(input.values, options, progress, CancelToken());
    EmbedRun run;
    run.seconds = secondsSince(start);
    if (!result) {
        fail(result.error().toString());
        return std::nullopt;
    }
    run.coordinates = std::move(result.value().embedding);
    run.axisNames = {"x", "y"};
    run.parameters["perplexity"] = options.perplexity;
    run.parameters["iterations"] = options.iterations;
    run.parameters["early_exaggeration"] = options.earlyExaggeration;
    run.parameters["learning_rate"] = result.value().learningRate;
    run.parameters["init"] = QString::fromStdString(init);
    run.parameters["gradient"] = tsneGradientName(result.value().gradient);
    run.parameters["neighbours"] = result.value().neighbours;
    run.quality["kl_divergence"] = result.value().klDivergence;
    run.name = "t-SNE, perplexity " + args.value("perplexity", "30") + " (seed " +
               std::to_string(*seed) + ")";
    return run;
}

bool writeCoordinates(const std::string& path, const EmbedRun& run) {
    std::ofstream out(path);
    out.precision(17);
    for (std::size_t c = 0; c < run.axisNames.size(); ++c)
        out << run.axisNames[c] << (c + 1 < run.axisNames.size() ? ',' : '\n');
    for (Eigen::Index r = 0; r < run.coordinates.rows(); ++r)
        for (Eigen::Index c = 0; c < run.coordinates.cols(); ++c)
            out << run.coordinates(r, c) << (c + 1 < run.coordinates.cols() ? ',' : '\n');
    return static_cast<bool>(out);
}

std::optional<std::int64_t> saveInWorkspace(const Arguments& args, const std::string& method,
                                            const EmbedRun& run) {
    auto workspace = Workspace::open(args.value("workspace"));
    if (!workspace) {
        fail(workspace.error().toString());
        return std::nullopt;
    }
    Embedding embedding;
    embedding.name = run.name;
    embedding.method = method;
    embedding.parametersJson = compact(run.parameters);
    embedding.seed = std::atoll(args.value("seed", "0").c_str());
    embedding.sourceJson =
        compact(QJsonObject{{"feature_set", QString::fromStdString(args.value("features"))}});
    embedding.rows = run.coordinates.rows();
    embedding.dimensions = run.coordinates.cols();
    embedding.qualityJson = compact(run.quality);
    embedding.seconds = run.seconds;
    embedding.coordinates = run.coordinates;
    auto id = saveEmbedding(*workspace.value(), embedding);
    if (!id) {
        fail(id.error().toString());
        return std::nullopt;
    }
    return id.value();
}

} // namespace

int runEmbed(const Arguments& args) {
    const std::string method = args.value("method", "pca");
    if (method != "pca" && method != "tsne")
        return fail("--method must be pca or tsne", 2);
    const auto trustSample = wholeNumber(args, "trust-sample", 0);
    if (!trustSample)
        return 2;
    // Parameters are checked before the data is read: a typo fails at once.
    for (const char* name : {"components", "iterations", "seed", "threads"})
        if (!wholeNumber(args, name, 0))
            return 2;
    for (const char* name : {"perplexity", "exaggeration", "learning-rate"})
        if (!realNumber(args, name, 0.0))
            return 2;
    auto input = loadNumericInput(args);
    if (!input)
        return 1;
    auto run = method == "pca" ? runPca(args, *input) : runTsne(args, *input);
    if (!run)
        return 1;
    if (args.has("trustworthiness")) {
        // k = 10, the quality bar; --trust-sample N scores N seeded rows (large n).
        TrustworthinessOptions options;
        options.sampleRows = *trustSample;
        Progress progress;
        auto value = trustworthiness(input->values, run->coordinates, options, progress, CancelToken());
        if (!value)
            return fail(value.error().toString());
        run->quality["trustworthiness"] = value.value();
        if (*trustSample > 0)
            run->quality["trustworthiness_sample_rows"] = static_cast<qint64>(*trustSample);
    }
    if (args.has("out") && !writeCoordinates(args.value("out"), *run))
        return fail(args.value("out") + ": cannot write the coordinates");
    QJsonObject out;
    if (args.has("workspace")) {
        const auto id = saveInWorkspace(args, method, *run);
        if (!id)
            return 1;
        out["embedding_id"] = static_cast<qint64>(*id);
    }
    out["method"] = QString::fromStdString(method);
    out["rows"] = static_cast<qint64>(run->coordinates.rows());
    out["dimensions"] = static_cast<qint64>(run->coordinates.cols());
    out["columns"] = toJson(input->columns);
    out["parameters"] = run->parameters;
    out["quality"] = run->quality;
    out["seed"] = static_cast<qint64>(std::atoll(args.value("seed", "0").c_str()));
    out["seconds"] = run->seconds;
    if (args.has("json")) {
        std::cout << compact(out) << "\n";
        return 0;
    }
    std::cout << run->name << ": " << run->coordinates.rows() << " rows x "
              << input->values.cols() << " columns -> " << run->coordinates.cols()
              << " dimensions in " << run->seconds << " s\n";
    if (run->quality.contains("kl_divergence"))
        std::cout << "KL divergence " << run->quality["kl_divergence"].toDouble() << "\n";
    if (run->quality.contains("explained_variance_ratio")) {
        std::cout << "Explained variance ratio:";
        for (const auto& value : run->quality["explained_variance_ratio"].toArray())
            std::cout << ' ' << value.toDouble();
        std::cout << "\n";
    }
    if (run->quality.contains("trustworthiness"))
        std::cout << "Trustworthiness (k = 10) " << run->quality["trustworthiness"].toDouble() << "\n";
    return 0;
}

} // namespace microseg::cli
