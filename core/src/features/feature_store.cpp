// Feature sets stored by name in the workspace table feature_sets (schema 2), one transaction
// with an audit entry per change.
#include "microseg/csv_import.h"
#include "microseg/feature_set.h"
#include "sqlite_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <sqlite3.h>

namespace microseg::core {
namespace {

std::string auditJson(const std::string& name, const char* action, std::size_t features) {
    QJsonObject details;
    details["name"] = QString::fromStdString(name);
    details["action"] = action;
    details["features"] = static_cast<qint64>(features);
    return QJsonDocument(details).toJson(QJsonDocument::Compact).toStdString();
}

Error notFound(const std::string& name) {
    return Error{ErrorCode::NotFound,
                 "The workspace has no feature set named \"" + name + "\".",
                 {},
                 0,
                 0,
                 name};
}

Result<FeatureSetInfo> readRow(const Statement& row) {
    FeatureSetInfo info;
    info.id = row.columnInt(0);
    info.name = row.columnText(1);
    auto spec = FeatureSpec::fromJson(row.columnText(2));
    if (!spec) {
        Error error = spec.error();
        error.message = "Feature set \"" + info.name + "\": " + error.message;
        return error;
    }
    info.spec = std::move(spec.value());
    info.createdAt = row.columnText(3);
    info.updatedAt = row.columnText(4);
    return info;
}

constexpr const char* kSelect = "SELECT id, name, spec, created_at, updated_at FROM feature_sets";

} // namespace

Status saveFeatureSet(Workspace& workspace, const std::string& name, const FeatureSpec& spec,
                      bool overwrite) {
    if (!isValidDatasetName(name))
        return Error{ErrorCode::InvalidArgument,
                     "The feature set name \"" + name +
                         "\" must hold 1 to 100 letters, digits and underscores.",
                     {},
                     0,
                     0,
                     name};
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to save feature set " + name);
    Statement find(db, "SELECT id FROM feature_sets WHERE name = ?1");
    if (!find.valid())
        return sqliteError(db, "looking up feature set " + name);
    find.bind(1, name);
    const bool exists = find.step();
    if (exists && !overwrite)
        return Error{ErrorCode::AlreadyExists,
                     "The workspace already has a feature set named \"" + name +
                         "\"; choose another name or overwrite it.",
                     {},
                     0,
                     0,
                     name};
    const std::string now = utcNowIso8601();
    Statement write(db, exists
                            ? "UPDATE feature_sets SET spec = ?2, updated_at = ?3 WHERE name = ?1"
                            : "INSERT INTO feature_sets(name, spec, created_at, updated_at) "
                              "VALUES (?1, ?2, ?3, ?3)");
    if (!write.valid())
        return sqliteError(db, "saving feature set " + name);
    write.bind(1, name);
    write.bind(2, spec.toJson());
    write.bind(3, now);
    write.step();
    if (write.failed())
        return sqliteError(db, "saving feature set " + name);
    if (Status status = workspace.audit(
            "feature_set", auditJson(name, exists ? "overwrite" : "save", spec.features.size()));
        !status)
        return status;
    return transaction.commit();
}

Result<FeatureSetInfo> featureSet(const Workspace& workspace, const std::string& name) {
    Statement row(workspace.db(), std::string(kSelect) + " WHERE name = ?1");
    if (!row.valid())
        return sqliteError(workspace.db(), "reading feature set " + name);
    row.bind(1, name);
    if (!row.step())
        return row.failed() ? sqliteError(workspace.db(), "reading feature set " + name)
                            : notFound(name);
    return readRow(row);
}

Result<std::vector<FeatureSetInfo>> featureSets(const Workspace& workspace) {
    Statement rows(workspace.db(), std::string(kSelect) + " ORDER BY name");
    if (!rows.valid())
        return sqliteError(workspace.db(), "listing feature sets");
    std::vector<FeatureSetInfo> out;
    while (rows.step()) {
        auto info = readRow(rows);
        if (!info)
            return info.error();
        out.push_back(std::move(info.value()));
    }
    if (rows.failed())
        return sqliteError(workspace.db(), "listing feature sets");
    return out;
}

Status deleteFeatureSet(Workspace& workspace, const std::string& name) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to delete feature set " + name);
    Statement erase(db, "DELETE FROM feature_sets WHERE name = ?1");
    if (!erase.valid())
        return sqliteError(db, "deleting feature set " + name);
    erase.bind(1, name);
    erase.step();
    if (erase.failed())
        return sqliteError(db, "deleting feature set " + name);
    if (sqlite3_changes(db) == 0)
        return notFound(name);
    if (Status status = workspace.audit("feature_set", auditJson(name, "delete", 0)); !status)
        return status;
    return transaction.commit();
}

} // namespace microseg::core
