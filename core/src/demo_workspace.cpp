#include "microseg/demo_workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <filesystem>

#include "microseg/csv_import.h"
#include "microseg/workspace.h"

namespace microseg::core {
namespace fs = std::filesystem;

namespace {
constexpr const char* kDemoFile = "online_retail_sample10pct.csv";
}

std::string defaultDemoWorkspacePath() {
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + "/.local/share";
    return (base + "/microseg/demo.microseg").toStdString();
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
        request.datasetName = "online_retail_sample";
        auto imported = importCsv(*created.value(), request, progress, cancel);
        if (!imported) {
            created.value().reset();
            for (const char* suffix : {"", "-wal", "-shm"})
                fs::remove(building + suffix, ec);
            return imported.error();
        }
    }  // closing the connection checkpoints the WAL into the file
    fs::rename(building, path, ec);
    if (ec)
        return Error{ErrorCode::Io, "The demo workspace could not be put in place: " + ec.message(),
                     path, 0, 0, {}};
    return path;
}

} // namespace microseg::core
