#pragma once
// Helpers for the UI tests: small CSV files written on the spot and workspaces filled through the
// real core import, in a temporary folder per test.

#include "microseg/csv_import.h"
#include "microseg/workspace.h"

#include <QSize>
#include <QString>
#include <QTemporaryDir>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace microseg::ui::test {

/// `rows` customers: id (1..rows), name, amount (decimal; empty on every 7th row), city (empty on
/// every 5th row).
std::string customersCsv(int rows);
inline int missingAmounts(int rows) {
    return rows / 7;
}

/// Writes `content` to `name` inside `dir`; returns the path.
QString writeFile(const QTemporaryDir& dir, const QString& name, const std::string& content);

/// Creates a workspace at `dir/name.microseg` and imports each CSV into it; fails the current
/// test (ADD_FAILURE) and returns an empty string on error.
QString createWorkspace(const QTemporaryDir& dir, const QString& name,
                        const std::vector<std::pair<QString, std::string>>& csvFiles = {});

/// Opens the workspace at `path` for a page's setWorkspace; fails the current test
/// (ADD_FAILURE) and returns null on error.
std::shared_ptr<core::Workspace> openSharedWorkspace(const QString& path);

/// A new `Page` (a WorkflowPage) resized to `size`, given `workspace` and shown: how the page
/// tests start.
template <typename Page>
std::unique_ptr<Page> shownPage(std::shared_ptr<core::Workspace> workspace, QSize size) {
    auto page = std::make_unique<Page>();
    page->resize(size);
    page->setWorkspace(std::move(workspace));
    page->show();
    return page;
}

/// Runs the event loop until `condition` holds or `timeoutMs` passes (tests only).
bool waitFor(const std::function<bool()>& condition, int timeoutMs = 5000);

} // namespace microseg::ui::test
