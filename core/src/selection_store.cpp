#include "microseg/selection_store.h"

#include "sqlite_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <sqlite3.h>

namespace microseg::core {
namespace {

/// Row numbers as little-endian int64 bytes, independent of the machine's byte order.
std::string packMembers(const std::vector<std::int64_t>& members) {
    std::string bytes(members.size() * 8, '\0');
    for (std::size_t i = 0; i < members.size(); ++i) {
        const auto value = static_cast<std::uint64_t>(members[i]);
        for (int b = 0; b < 8; ++b)
            bytes[i * 8 + static_cast<std::size_t>(b)] =
                static_cast<char>((value >> (8 * b)) & 0xFF);
    }
    return bytes;
}

std::vector<std::int64_t> unpackMembers(const unsigned char* bytes, std::size_t size) {
    std::vector<std::int64_t> members(size / 8);
    for (std::size_t i = 0; i < members.size(); ++i) {
        std::uint64_t value = 0;
        for (int b = 0; b < 8; ++b)
            value |= std::uint64_t(bytes[i * 8 + static_cast<std::size_t>(b)]) << (8 * b);
        members[i] = static_cast<std::int64_t>(value);
    }
    return members;
}

/// A selection without its members from columns id, name, source, rows, created_at.
Selection readSummary(const Statement& row) {
    Selection selection;
    selection.id = row.columnInt(0);
    selection.name = row.columnText(1);
    selection.sourceJson = row.columnText(2);
    selection.rows = row.columnInt(3);
    selection.createdAt = row.columnText(4);
    return selection;
}

std::string auditDetails(std::int64_t id, const std::string& name, const std::string& sourceJson,
                         std::int64_t rows) {
    QJsonObject object;
    object["selection"] = static_cast<qint64>(id);
    object["name"] = QString::fromStdString(name);
    object["source"] = QJsonDocument::fromJson(QByteArray::fromStdString(sourceJson)).object();
    object["rows"] = static_cast<qint64>(rows);
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

Error notFound(const Workspace& workspace, std::int64_t id) {
    return Error{ErrorCode::NotFound,
                 "There is no selection " + std::to_string(id) + ".",
                 workspace.path(),
                 0,
                 0,
                 std::to_string(id)};
}

} // namespace

Result<std::int64_t> saveSelection(Workspace& workspace, const Selection& selection, bool replace) {
    const std::string& name = selection.name;
    if (name.find_first_not_of(" \t\r\n") == std::string::npos)
        return Error{ErrorCode::InvalidArgument, "A selection needs a name.", {}, 0, 0, name};
    std::vector<std::int64_t> members = selection.members;
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    if (members.empty())
        return Error{ErrorCode::InvalidArgument,
                     "The selection \"" + name + "\" has no rows: select some points first.",
                     {},
                     0,
                     0,
                     name};
    if (members.front() < 1)
        return Error{ErrorCode::InvalidArgument,
                     "Row numbers start at 1; the selection \"" + name + "\" has row " +
                         std::to_string(members.front()) + ".",
                     {},
                     0,
                     0,
                     std::to_string(members.front())};

    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement existing(db, "SELECT id FROM selections WHERE name = ?1");
    existing.bind(1, name);
    if (existing.step()) {
        if (!replace)
            return Error{ErrorCode::AlreadyExists,
                         "A selection named \"" + name + "\" already exists: choose another name.",
                         workspace.path(),
                         0,
                         0,
                         name};
        Statement remove(db, "DELETE FROM selections WHERE id = ?1");
        remove.bind(1, existing.columnInt(0));
        remove.step();
        if (remove.failed())
            return sqliteError(db, "replacing the selection \"" + name + "\"");
    }
    const std::string source =
        selection.sourceJson.empty() ? std::string("{}") : selection.sourceJson;
    const auto rows = static_cast<std::int64_t>(members.size());
    Statement insert(db, "INSERT INTO selections(name, source, rows, created_at, members) "
                         "VALUES (?1,?2,?3,?4,?5)");
    insert.bind(1, name);
    insert.bind(2, source);
    insert.bind(3, rows);
    insert.bind(4, utcNowIso8601());
    const std::string blob = packMembers(members);
    sqlite3_bind_blob64(insert.get(), 5, blob.data(), blob.size(), SQLITE_TRANSIENT);
    insert.step();
    if (insert.failed())
        return sqliteError(db, "saving the selection \"" + name + "\"");
    const std::int64_t id = sqlite3_last_insert_rowid(db);
    if (Status status = workspace.audit("save_selection", auditDetails(id, name, source, rows));
        !status)
        return status.error();
    if (Status status = transaction.commit(); !status)
        return status.error();
    return id;
}

std::vector<Selection> selections(const Workspace& workspace) {
    std::vector<Selection> out;
    Statement select(workspace.db(), "SELECT id, name, source, rows, created_at FROM selections "
                                     "ORDER BY id DESC");
    while (select.step()) {
        out.push_back(readSummary(select));
    }
    return out;
}

Result<Selection> loadSelection(const Workspace& workspace, std::int64_t id) {
    Statement select(workspace.db(), "SELECT id, name, source, rows, created_at, members "
                                     "FROM selections WHERE id = ?1");
    select.bind(1, id);
    if (!select.step())
        return notFound(workspace, id);
    Selection selection = readSummary(select);
    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(select.get(), 5));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(select.get(), 5));
    if (bytes)
        selection.members = unpackMembers(bytes, size);
    return selection;
}

Status deleteSelection(Workspace& workspace, std::int64_t id) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement remove(db, "DELETE FROM selections WHERE id = ?1");
    remove.bind(1, id);
    remove.step();
    if (remove.failed())
        return sqliteError(db, "deleting the selection");
    if (sqlite3_changes(db) == 0)
        return notFound(workspace, id);
    if (Status status =
            workspace.audit("delete_selection", "{\"selection\":" + std::to_string(id) + "}");
        !status)
        return status;
    return transaction.commit();
}

} // namespace microseg::core
