#pragma once
// The subcommands of microseg-cli. Each returns the process exit code; output goes to stdout,
// a one-line reason for failure to stderr.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "microseg/numeric_csv.h"

namespace microseg::cli {

/// Parsed command line: positional arguments and --options (value "" for flags).
struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    [[nodiscard]] bool has(const std::string& name) const { return options.count(name) > 0; }
    [[nodiscard]] std::string value(const std::string& name, const std::string& fallback = {}) const {
        auto it = options.find(name);
        return it == options.end() ? fallback : it->second;
    }
};

/// The numeric matrix named by --input FILE.csv [--columns a,b | --exclude id] [--scale zscore],
/// or nullopt after printing why not (clustering commands share it).
std::optional<core::NumericTable> loadNumericInput(const Arguments& args);

int runImport(const Arguments& args);
int runInfo(const Arguments& args);
int runShow(const Arguments& args);
int runBench(const Arguments& args);
int runCluster(const Arguments& args);
int runMetrics(const Arguments& args);
int runScan(const Arguments& args);
int runKDistance(const Arguments& args);
int runRfm(const Arguments& args);
int runFeatures(const Arguments& args);
int runCustomers(const Arguments& args);
int runJoin(const Arguments& args);
int runClean(const Arguments& args);
int runEmbed(const Arguments& args);

/// --half-life DAYS: a finite number > 0, or nullopt (defined in cli_rfm.cpp).
std::optional<double> parseHalfLife(const std::string& text);

/// Prints "microseg-cli: error: MESSAGE" on stderr and returns `code`.
int fail(const std::string& message, int code = 1);

} // namespace microseg::cli
