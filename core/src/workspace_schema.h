#pragma once
// The workspace schema as a list of migrations: migration i turns schema version i into i + 1.
// A new version appends a migration; existing ones are never edited.

#include <sqlite3.h>

#include "microseg/error.h"

namespace microseg::core {

/// Runs the migrations from `fromVersion` up to kSchemaVersion on `db`, inside the caller's
/// transaction, and sets user_version.
Status runMigrations(sqlite3* db, int fromVersion);

/// Names of the workspace's own bookkeeping tables (hidden from table lists).
bool isMetadataTable(const std::string& name);

} // namespace microseg::core
