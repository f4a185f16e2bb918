// Engagement tier definitions stored by name in the workspace table tier_definitions (schema 3),
// one transaction with an audit entry per change (as feature sets, feature_store.cpp).
#include "microseg/engagement_tier.h"
#include "sqlite_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cctype>
#include <sqlite3.h>

namespace microseg::core {
namespace {

std::string auditJson(const std::string& name, const char* action, std::size_t rules) {
    QJsonObject details;
    details["name"] = QString::fromStdString(name);
    details["action"] = action;
    details["rules"] = static_cast<qint64>(rules);
    return QJsonDocument(details).toJson(QJsonDocument::Compact).toStdString();
}

Error notFound(const std::string& name) {
    return Error{ErrorCode::NotFound,
                 "The workspace has no tier definition named \"" + name + "\".",
                 {},
                 0,
                 0,
                 name};
}

Error invalid(std::string message, std::string value) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
}

Result<TierDefinitionInfo> readRow(const Statement& row) {
    TierDefinitionInfo info;
    info.id = row.columnInt(0);
    const std::string name = row.columnText(1);
    auto definition = TierDefinition::fromJson(row.columnText(2));
    if (!definition) {
        Error error = definition.error();
        error.message = "Tier definition \"" + name + "\": " + error.message;
        return error;
    }
    info.definition = std::move(definition.value());
    info.definition.name = name; // the row's name is authoritative
    info.createdAt = row.columnText(3);
    info.updatedAt = row.columnText(4);
    return info;
}

constexpr const char* kSelect =
    "SELECT id, name, definition, created_at, updated_at FROM tier_definitions";

bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

} // namespace

Status saveTierDefinition(Workspace& workspace, const TierDefinition& definition, bool overwrite) {
    const std::string& name = definition.name;
    if (blank(name) || name.size() > 100)
        return invalid("A tier definition needs a name of 1 to 100 characters.", name);
    for (std::size_t r = 0; r < definition.rules.size(); ++r)
        if (blank(definition.rules[r].tier))
            return invalid("Tier definition \"" + name + "\": rule " + std::to_string(r + 1) +
                               " names no tier.",
                           name);
    if (blank(definition.defaultTier))
        return invalid("Tier definition \"" + name + "\" needs a default tier.", name);
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to save tier definition " + name);
    Statement find(db, "SELECT id FROM tier_definitions WHERE name = ?1");
    if (!find.valid())
        return sqliteError(db, "looking up tier definition " + name);
    find.bind(1, name);
    const bool exists = find.step();
    if (exists && !overwrite)
        return Error{ErrorCode::AlreadyExists,
                     "The workspace already has a tier definition named \"" + name +
                         "\"; choose another name or overwrite it.",
                     {},
                     0,
                     0,
                     name};
    const std::string now = utcNowIso8601();
    Statement write(db, exists ? "UPDATE tier_definitions SET definition = ?2, updated_at = ?3 "
                                 "WHERE name = ?1"
                               : "INSERT INTO tier_definitions(name, definition, created_at, "
                                 "updated_at) VALUES (?1, ?2, ?3, ?3)");
    if (!write.valid())
        return sqliteError(db, "saving tier definition " + name);
    write.bind(1, name);
    write.bind(2, definition.toJson());
    write.bind(3, now);
    write.step();
    if (write.failed())
        return sqliteError(db, "saving tier definition " + name);
    if (Status status =
            workspace.audit("tier_definition", auditJson(name, exists ? "overwrite" : "save",
                                                         definition.rules.size()));
        !status)
        return status;
    return transaction.commit();
}

Result<TierDefinitionInfo> tierDefinition(const Workspace& workspace, const std::string& name) {
    Statement row(workspace.db(), std::string(kSelect) + " WHERE name = ?1");
    if (!row.valid())
        return sqliteError(workspace.db(), "reading tier definition " + name);
    row.bind(1, name);
    if (!row.step())
        return row.failed() ? sqliteError(workspace.db(), "reading tier definition " + name)
                            : notFound(name);
    return readRow(row);
}

Result<std::vector<TierDefinitionInfo>> tierDefinitions(const Workspace& workspace) {
    Statement rows(workspace.db(), std::string(kSelect) + " ORDER BY name");
    if (!rows.valid())
        return sqliteError(workspace.db(), "listing tier definitions");
    std::vector<TierDefinitionInfo> out;
    while (rows.step()) {
        auto info = readRow(rows);
        if (!info)
            return info.error();
        out.push_back(std::move(info.value()));
    }
    if (rows.failed())
        return sqliteError(workspace.db(), "listing tier definitions");
    return out;
}

Status deleteTierDefinition(Workspace& workspace, const std::string& name) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to delete tier definition " + name);
    Statement erase(db, "DELETE FROM tier_definitions WHERE name = ?1");
    if (!erase.valid())
        return sqliteError(db, "deleting tier definition " + name);
    erase.bind(1, name);
    erase.step();
    if (erase.failed())
        return sqliteError(db, "deleting tier definition " + name);
    if (sqlite3_changes(db) == 0)
        return notFound(name);
    if (Status status = workspace.audit("tier_definition", auditJson(name, "delete", 0)); !status)
        return status;
    return transaction.commit();
}

} // namespace microseg::core
