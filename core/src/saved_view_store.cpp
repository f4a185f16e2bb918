#include "microseg/saved_view_store.h"

#include "sqlite_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <sqlite3.h>

namespace microseg::core {
namespace {

Error notFound(const Workspace& workspace, std::int64_t id) {
    return Error{ErrorCode::NotFound,
                 "There is no saved view " + std::to_string(id) + ".",
                 workspace.path(),
                 0,
                 0,
                 std::to_string(id)};
}

Status checkName(const std::string& name) {
    if (name.find_first_not_of(" \t\r\n") == std::string::npos)
        return Error{ErrorCode::InvalidArgument, "A saved view needs a name.", {}, 0, 0, name};
    return success();
}

Status checkSettings(const std::string& settingsJson) {
    QJsonParseError parseError{};
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromStdString(settingsJson), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return Error{ErrorCode::InvalidArgument,
                     "The settings of a saved view must be a JSON object" +
                         (parseError.error != QJsonParseError::NoError
                              ? " (" + parseError.errorString().toStdString() + " at offset " +
                                    std::to_string(parseError.offset) + ")."
                              : std::string(".")),
                     {},
                     0,
                     0,
                     settingsJson.substr(0, 80)};
    return success();
}

std::string auditDetails(std::int64_t id, const std::string& name) {
    QJsonObject object;
    object["view"] = static_cast<qint64>(id);
    object["name"] = QString::fromStdString(name);
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

std::vector<std::int64_t> orderedIds(sqlite3* db) {
    std::vector<std::int64_t> ids;
    Statement select(db, "SELECT id FROM saved_views ORDER BY position, id");
    while (select.step())
        ids.push_back(select.columnInt(0));
    return ids;
}

/// Writes positions 0..n-1 in the order of `ids`.
Status writePositions(sqlite3* db, const std::vector<std::int64_t>& ids) {
    Statement update(db, "UPDATE saved_views SET position = ?1 WHERE id = ?2");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        update.reset();
        update.bind(1, static_cast<std::int64_t>(i));
        update.bind(2, ids[i]);
        update.step();
        if (update.failed())
            return sqliteError(db, "renumbering the saved views");
    }
    return success();
}

SavedView readRow(const Statement& select) {
    SavedView view;
    view.id = select.columnInt(0);
    view.name = select.columnText(1);
    view.position = select.columnInt(2);
    view.kind = select.columnText(3);
    view.settingsJson = select.columnText(4);
    view.createdAt = select.columnText(5);
    return view;
}

constexpr const char* kSelectColumns =
    "SELECT id, name, position, kind, settings, created_at FROM saved_views ";

} // namespace

Result<std::int64_t> addSavedView(Workspace& workspace, const SavedView& view) {
    if (Status status = checkName(view.name); !status)
        return status.error();
    if (view.kind.empty())
        return Error{ErrorCode::InvalidArgument,
                     "A saved view needs a kind (what draws it).",
                     {},
                     0,
                     0,
                     view.name};
    if (Status status = checkSettings(view.settingsJson); !status)
        return status.error();
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    const std::int64_t position =
        queryInt(db, "SELECT COALESCE(MAX(position) + 1, 0) FROM saved_views").value_or(0);
    Statement insert(db, "INSERT INTO saved_views(name, position, kind, settings, created_at) "
                         "VALUES (?1,?2,?3,?4,?5)");
    insert.bind(1, view.name);
    insert.bind(2, position);
    insert.bind(3, view.kind);
    insert.bind(4, view.settingsJson);
    insert.bind(5, utcNowIso8601());
    insert.step();
    if (insert.failed())
        return sqliteError(db, "saving the view");
    const std::int64_t id = sqlite3_last_insert_rowid(db);
    if (Status status = workspace.audit("save_view", auditDetails(id, view.name)); !status)
        return status.error();
    if (Status status = transaction.commit(); !status)
        return status.error();
    return id;
}

std::vector<SavedView> savedViews(const Workspace& workspace) {
    std::vector<SavedView> views;
    Statement select(workspace.db(), std::string(kSelectColumns) + "ORDER BY position, id");
    while (select.step())
        views.push_back(readRow(select));
    return views;
}

Result<SavedView> savedView(const Workspace& workspace, std::int64_t id) {
    Statement select(workspace.db(), std::string(kSelectColumns) + "WHERE id = ?1");
    select.bind(1, id);
    if (!select.step())
        return notFound(workspace, id);
    return readRow(select);
}

Status renameSavedView(Workspace& workspace, std::int64_t id, const std::string& name) {
    if (Status status = checkName(name); !status)
        return status;
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement update(db, "UPDATE saved_views SET name = ?1 WHERE id = ?2");
    update.bind(1, name);
    update.bind(2, id);
    update.step();
    if (update.failed())
        return sqliteError(db, "renaming the saved view");
    if (sqlite3_changes(db) == 0)
        return notFound(workspace, id);
    if (Status status = workspace.audit("rename_view", auditDetails(id, name)); !status)
        return status;
    return transaction.commit();
}

Status updateSavedViewSettings(Workspace& workspace, std::int64_t id,
                               const std::string& settingsJson) {
    if (Status status = checkSettings(settingsJson); !status)
        return status;
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement update(db, "UPDATE saved_views SET settings = ?1 WHERE id = ?2");
    update.bind(1, settingsJson);
    update.bind(2, id);
    update.step();
    if (update.failed())
        return sqliteError(db, "updating the saved view");
    if (sqlite3_changes(db) == 0)
        return notFound(workspace, id);
    if (Status status = workspace.audit("update_view", "{\"view\":" + std::to_string(id) + "}");
        !status)
        return status;
    return transaction.commit();
}

Status moveSavedView(Workspace& workspace, std::int64_t id, std::int64_t position) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    std::vector<std::int64_t> ids = orderedIds(db);
    const auto found = std::find(ids.begin(), ids.end(), id);
    if (found == ids.end())
        return notFound(workspace, id);
    ids.erase(found);
    const auto target =
        std::clamp<std::int64_t>(position, 0, static_cast<std::int64_t>(ids.size()));
    ids.insert(ids.begin() + target, id);
    if (Status status = writePositions(db, ids); !status)
        return status;
    if (Status status =
            workspace.audit("move_view", "{\"view\":" + std::to_string(id) +
                                             ",\"position\":" + std::to_string(target) + "}");
        !status)
        return status;
    return transaction.commit();
}

Status deleteSavedView(Workspace& workspace, std::int64_t id) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement remove(db, "DELETE FROM saved_views WHERE id = ?1");
    remove.bind(1, id);
    remove.step();
    if (remove.failed())
        return sqliteError(db, "deleting the saved view");
    if (sqlite3_changes(db) == 0)
        return notFound(workspace, id);
    if (Status status = writePositions(db, orderedIds(db)); !status)
        return status;
    if (Status status = workspace.audit("delete_view", "{\"view\":" + std::to_string(id) + "}");
        !status)
        return status;
    return transaction.commit();
}

} // namespace microseg::core
