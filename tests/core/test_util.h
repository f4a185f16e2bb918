#pragma once
// Helpers shared by the core tests: temporary folders, writing files, reading a CSV whole.

#include <QTemporaryDir>
#include <string>
#include <vector>

#include "microseg/csv_reader.h"

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

/// Path of the team's shared folder (datasets, CSV cases).
std::string sharedDir();
std::string sourceDir();

} // namespace microseg::test
