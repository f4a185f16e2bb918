#include "ui_test_util.h"

#include "microseg/workspace.h"

#include <QFile>
#include <QTest>
#include <gtest/gtest.h>

namespace microseg::ui::test {

std::string customersCsv(int rows) {
    std::string csv = "id,name,amount,city\n";
    static const char* const kCities[] = {"Lisbon", "Porto", "Braga", "Faro"};
    for (int i = 1; i <= rows; ++i) {
        csv += std::to_string(i) + ",Customer " + std::to_string(i) + ',';
        if (i % 7 != 0)
            csv += std::to_string(i % 100) + '.' + std::to_string(10 + i % 90);
        csv += ',';
        if (i % 5 != 0)
            csv += kCities[i % 4];
        csv += '\n';
    }
    return csv;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const std::string& content) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        ADD_FAILURE() << "cannot write " << path.toStdString();
        return {};
    }
    file.write(content.data(), static_cast<qint64>(content.size()));
    return path;
}

QString createWorkspace(const QTemporaryDir& dir, const QString& name,
                        const std::vector<std::pair<QString, std::string>>& csvFiles) {
    const QString path = dir.filePath(name + QStringLiteral(".microseg"));
    auto workspace = core::Workspace::create(path.toStdString());
    if (!workspace.ok()) {
        ADD_FAILURE() << workspace.error().toString();
        return {};
    }
    for (const auto& [fileName, content] : csvFiles) {
        core::ImportRequest request;
        request.filePath = writeFile(dir, fileName, content).toStdString();
        core::Progress progress;
        auto report = core::importCsv(*workspace.value(), request, progress, core::CancelToken{});
        if (!report.ok()) {
            ADD_FAILURE() << report.error().toString();
            return {};
        }
    }
    return path;
}

std::shared_ptr<core::Workspace> openSharedWorkspace(const QString& path) {
    auto workspace = core::Workspace::open(path.toStdString());
    if (!workspace.ok()) {
        ADD_FAILURE() << workspace.error().toString();
        return nullptr;
    }
    return std::shared_ptr<core::Workspace>(std::move(workspace.value()));
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs) {
    return QTest::qWaitFor(condition, timeoutMs);
}

} // namespace microseg::ui::test
