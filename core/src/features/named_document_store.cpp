#include "named_document_store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <sqlite3.h>

namespace microseg::core {
namespace {

std::string auditJson(const NamedDocumentTable& table, const std::string& name, const char* action,
                      std::size_t parts) {
    QJsonObject details;
    details["name"] = QString::fromStdString(name);
    details["action"] = action;
    details[table.countKey] = static_cast<qint64>(parts);
    return QJsonDocument(details).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

Error namedDocumentNotFound(const NamedDocumentTable& table, const std::string& name) {
    return Error{ErrorCode::NotFound,
                 std::string("The workspace has no ") + table.noun + " named \"" + name + "\".",
                 {},
                 0,
                 0,
                 name};
}

std::string namedDocumentSelect(const NamedDocumentTable& table) {
    return std::string("SELECT id, name, ") + table.documentField +
           ", created_at, updated_at FROM " + table.table;
}

Status saveNamedDocument(Workspace& workspace, const NamedDocumentTable& table,
                         const std::string& name, const std::string& documentJson,
                         std::size_t parts, bool overwrite) {
    const std::string noun = table.noun;
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to save " + noun + " " + name);
    Statement find(db, std::string("SELECT id FROM ") + table.table + " WHERE name = ?1");
    if (!find.valid())
        return sqliteError(db, "looking up " + noun + " " + name);
    find.bind(1, name);
    const bool exists = find.step();
    if (exists && !overwrite)
        return Error{ErrorCode::AlreadyExists,
                     "The workspace already has a " + noun + " named \"" + name +
                         "\"; choose another name or overwrite it.",
                     {},
                     0,
                     0,
                     name};
    const std::string now = utcNowIso8601();
    const std::string sql =
        exists ? std::string("UPDATE ") + table.table + " SET " + table.documentField +
                     " = ?2, updated_at = ?3 WHERE name = ?1"
               : std::string("INSERT INTO ") + table.table + "(name, " + table.documentField +
                     ", created_at, updated_at) VALUES (?1, ?2, ?3, ?3)";
    Statement write(db, sql);
    if (!write.valid())
        return sqliteError(db, "saving " + noun + " " + name);
    write.bind(1, name);
    write.bind(2, documentJson);
    write.bind(3, now);
    write.step();
    if (write.failed())
        return sqliteError(db, "saving " + noun + " " + name);
    if (Status status = workspace.audit(
            table.auditOperation, auditJson(table, name, exists ? "overwrite" : "save", parts));
        !status)
        return status;
    return transaction.commit();
}

Status deleteNamedDocument(Workspace& workspace, const NamedDocumentTable& table,
                           const std::string& name) {
    const std::string noun = table.noun;
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to delete " + noun + " " + name);
    Statement erase(db, std::string("DELETE FROM ") + table.table + " WHERE name = ?1");
    if (!erase.valid())
        return sqliteError(db, "deleting " + noun + " " + name);
    erase.bind(1, name);
    erase.step();
    if (erase.failed())
        return sqliteError(db, "deleting " + noun + " " + name);
    if (sqlite3_changes(db) == 0)
        return namedDocumentNotFound(table, name);
    if (Status status = workspace.audit(table.auditOperation, auditJson(table, name, "delete", 0));
        !status)
        return status;
    return transaction.commit();
}

} // namespace microseg::core
