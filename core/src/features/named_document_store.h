// Private helper for the workspace tables that hold one JSON document per unique name with
// created_at/updated_at (feature_sets, tier_definitions): save-or-overwrite, load, list and
// delete, each change in one transaction with an audit entry. The caller parses the JSON.
#pragma once

#include "microseg/error.h"
#include "microseg/workspace.h"
#include "sqlite_util.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace microseg::core {

/// Describes one named-document table and how its rows are named in messages and the audit log.
struct NamedDocumentTable {
    const char* table;          ///< e.g. "feature_sets"
    const char* documentField;  ///< the JSON column, e.g. "spec"
    const char* noun;           ///< for messages, e.g. "feature set"
    const char* auditOperation; ///< e.g. "feature_set"
    const char* countKey;       ///< audit detail counting the document's parts, e.g. "features"
};

Error namedDocumentNotFound(const NamedDocumentTable& table, const std::string& name);

/// Inserts the document, or replaces it when `overwrite` (AlreadyExists otherwise). `parts` is
/// recorded in the audit entry under table.countKey. The name must be validated by the caller.
Status saveNamedDocument(Workspace& workspace, const NamedDocumentTable& table,
                         const std::string& name, const std::string& documentJson,
                         std::size_t parts, bool overwrite);

Status deleteNamedDocument(Workspace& workspace, const NamedDocumentTable& table,
                           const std::string& name);

/// "SELECT id, name, <document>, created_at, updated_at FROM <table>": the column order the
/// row readers below rely on.
std::string namedDocumentSelect(const NamedDocumentTable& table);

/// Reads the row named `name` with readRow(const Statement&) -> Result<Info>.
template <typename Info, typename ReadRow>
Result<Info> loadNamedDocument(const Workspace& workspace, const NamedDocumentTable& table,
                               const std::string& name, ReadRow readRow) {
    const std::string context = std::string("reading ") + table.noun + " " + name;
    Statement row(workspace.db(), namedDocumentSelect(table) + " WHERE name = ?1");
    if (!row.valid())
        return sqliteError(workspace.db(), context);
    row.bind(1, name);
    if (!row.step())
        return row.failed() ? sqliteError(workspace.db(), context)
                            : namedDocumentNotFound(table, name);
    return readRow(row);
}

/// Reads every row, ordered by name; the first row readRow refuses stops the listing.
template <typename Info, typename ReadRow>
Result<std::vector<Info>> listNamedDocuments(const Workspace& workspace,
                                             const NamedDocumentTable& table, ReadRow readRow) {
    const std::string context = std::string("listing ") + table.noun + "s";
    Statement rows(workspace.db(), namedDocumentSelect(table) + " ORDER BY name");
    if (!rows.valid())
        return sqliteError(workspace.db(), context);
    std::vector<Info> out;
    while (rows.step()) {
        auto info = readRow(rows);
        if (!info)
            return info.error();
        out.push_back(std::move(info.value()));
    }
    if (rows.failed())
        return sqliteError(workspace.db(), context);
    return out;
}

} // namespace microseg::core
