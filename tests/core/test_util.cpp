#include "test_util.h"

#include <gtest/gtest.h>

#include "microseg/csv_import.h"

#include <QFileInfo>
#include <QProcess>
#include <fstream>
#include <sstream>

namespace microseg::test {

TempDir::TempDir() { EXPECT_TRUE(m_dir.isValid()); }

std::string TempDir::path(const std::string& name) const {
    return (m_dir.path() + "/" + QString::fromStdString(name)).toStdString();
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

ReadResult readAll(const std::string& bytes, const core::CsvOptions& options) {
    ReadResult result;
    auto reader = core::CsvReader::fromBytes(bytes, options, "test.csv");
    if (!reader) {
        ADD_FAILURE() << reader.error().toString();
        return result;
    }
    core::CsvRecord record;
    while (reader.value()->next(record)) {
        result.rows.push_back(record.fields);
        result.lines.push_back(record.line);
    }
    result.names = reader.value()->columnNames();
    result.diagnostics = reader.value()->diagnostics();
    result.dialect = reader.value()->dialect();
    return result;
}

std::unique_ptr<core::Workspace> workspaceWithCsv(const TempDir& dir, const std::string& csv) {
    writeFile(dir.path("t.csv"), csv);
    auto created = core::Workspace::create(dir.path("w.microseg"));
    if (!created.ok()) {
        ADD_FAILURE() << created.error().toString();
        return nullptr;
    }
    core::ImportRequest request;
    request.filePath = dir.path("t.csv");
    core::Progress progress;
    auto imported = core::importCsv(*created.value(), request, progress, core::CancelToken());
    EXPECT_TRUE(imported.ok()) << (imported.ok() ? "" : imported.error().toString());
    return std::move(created.value());
}

CliRun runCli(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(MICROSEG_CLI_PATH), arguments);
    process.waitForFinished(60000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput().toStdString(),
            process.readAllStandardError().toStdString()};
}

std::string sharedDir() {
    // CI and developers have the team's shared folder beside the project; without it these
    // tests cannot check anything, so they fail rather than skip.
    if (!QFileInfo::exists(QStringLiteral(MICROSEG_SHARED_DIR)))
        ADD_FAILURE() << "The shared folder " << MICROSEG_SHARED_DIR
                      << " (datasets, CSV cases) is missing: clone the project beside it, or "
                         "configure with -DMICROSEG_SHARED_DIR=PATH.";
    return MICROSEG_SHARED_DIR;
}
std::string sourceDir() { return MICROSEG_SOURCE_DIR; }

} // namespace microseg::test
