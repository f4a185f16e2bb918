// microseg-cli scan: k-means over a range of k with the model-selection metrics, printed as each
// k finishes (the same live delivery the Cluster page uses), then the elbow.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>

#include "cli_commands.h"
#include "microseg/k_scan.h"
#include "microseg/numeric_csv.h"

namespace microseg::cli {
using namespace microseg::core;

namespace {

/// "2..15" -> {2, 15}.
bool parseRange(const std::string& text, int& low, int& high) {
    const auto dots = text.find("..");
    if (dots == std::string::npos)
        return false;
    try {
        low = std::stoi(text.substr(0, dots));
        high = std::stoi(text.substr(dots + 2));
    } catch (...) {
        return false;
    }
    return low >= 1 && high >= low;
}

QJsonValue number(double value) { return std::isnan(value) ? QJsonValue() : QJsonValue(value); }

} // namespace

int runScan(const Arguments& args) {
    KScanOptions options;
    if (!parseRange(args.value("k", "2..15"), options.kMin, options.kMax))
        return fail("--k takes a range such as 2..15", 2);
    options.seed = static_cast<std::uint64_t>(std::atoll(args.value("seed", "0").c_str()));
    options.silhouetteSampleSize = std::atoll(args.value("sample", "10000").c_str());
    if (options.silhouetteSampleSize < 2)
        return fail("--sample takes a number of rows (2 or more)", 2);
    options.guards.minClusterSize = std::atoll(args.value("min-cluster-size", "100").c_str());
    options.guards.minSilhouette = std::atof(args.value("min-silhouette", "0.25").c_str());
    auto input = loadNumericInput(args);
    if (!input)
        return 1;
    const bool json = args.has("json");
    if (!json)
        std::cout << "   k        inertia  silhouette  davies-bouldin  calinski-harabasz   seconds\n";
    QJsonArray points;
    auto onPoint = [&](const KScanPoint& point) {
        QJsonObject object;
        object["k"] = point.k;
        object["inertia"] = point.inertia;
        object["silhouette"] = number(point.silhouette);
        object["davies_bouldin"] = number(point.daviesBouldin);
        object["calinski_harabasz"] = number(point.calinskiHarabasz);
        object["iterations"] = point.iterations;
        object["seconds"] = point.seconds;
        QJsonArray warnings;
        for (const auto& warning : point.warnings)
            warnings.append(QString::fromStdString(warning.message));
        object["warnings"] = warnings;
        points.append(object);
        if (!json) {
            std::cout << std::setw(4) << point.k << std::setw(15) << std::setprecision(6)
                      << point.inertia << std::setw(12) << point.silhouette << std::setw(16)
                      << point.daviesBouldin << std::setw(19) << point.calinskiHarabasz
                      << std::setw(10) << point.seconds << "\n";
            for (const auto& warning : point.warnings)
                std::cout << "      warning: " << warning.message << "\n";
            std::cout.flush();
        }
    };
    Progress progress;
    const auto start = std::chrono::steady_clock::now();
    auto result = kScan(input->values, options, onPoint, progress, CancelToken());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!result)
        return fail(result.error().toString());
    if (json) {
        QJsonObject out;
        out["rows"] = static_cast<qint64>(input->values.rows());
        out["points"] = points;
        out["elbow_k"] = result.value().elbowK ? QJsonValue(*result.value().elbowK) : QJsonValue();
        out["seconds"] = seconds;
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << "\n";
    } else {
        std::cout << "elbow: "
                  << (result.value().elbowK ? "k = " + std::to_string(*result.value().elbowK)
                                            : std::string("none (no bend in the curve)"))
                  << "; " << seconds << " s\n";
    }
    return 0;
}

} // namespace microseg::cli
