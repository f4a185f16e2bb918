#pragma once
// Helpers shared by the core tests: temporary folders, writing files, reading a CSV whole.

#include <QStringList>
#include <QTemporaryDir>
#include <memory>
#include <string>
#include <vector>

#include "microseg/csv_reader.h"
#include "microseg/workspace.h"

namespace microseg::test {

/// A temporary folder removed at the end of the test.
class TempDir {
public:
    TempDir();
    [[nodiscard]] std::string path(const std::string& name) const;

private:
    QTemporaryDir m_dir;
};

/// Writes `bytes` to `path` exactly.
void writeFile(const std::string& path, const std::string& bytes);
/// Reads a whole file as bytes.
std::string readFile(const std::string& path);

struct ReadResult {
    std::vector<std::string> names;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::int64_t> lines;
    core::CsvDiagnostics diagnostics;
    core::CsvDialect dialect;
};
/// Reads every record of `bytes` (the test fails on an open error).
ReadResult readAll(const std::string& bytes, const core::CsvOptions& options = {});

/// A new workspace `w.microseg` in `dir` with `csv` imported from `t.csv` (table raw_t); the test
/// fails if either step does.
std::unique_ptr<core::Workspace> workspaceWithCsv(const TempDir& dir, const std::string& csv);

/// What a run of the microseg-cli binary gave: exit code (-1 if it crashed), stdout, stderr.
struct CliRun {
    int exitCode = -1;
    std::string out, err;
};
/// Runs the microseg-cli built with the tests (MICROSEG_CLI_PATH) with `arguments`.
CliRun runCli(const QStringList& arguments);

/// `text` as a QString, for building CLI argument lists.
inline QString q(const std::string& text) {
    return QString::fromStdString(text);
}

/// Path of the team's shared folder (datasets, CSV cases).
std::string sharedDir();
std::string sourceDir();

} // namespace microseg::test
