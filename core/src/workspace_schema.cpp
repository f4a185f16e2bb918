#include "workspace_schema.h"

#include <array>
#include <string>

#include "microseg/workspace.h"
#include "sqlite_util.h"

namespace microseg::core {
namespace {

// Version 1: datasets with their columns, and the audit log.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE datasets(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  table_name TEXT NOT NULL UNIQUE,
  source_file TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  import_settings TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  column_count INTEGER NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;
CREATE TABLE dataset_columns(
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  original_name TEXT NOT NULL,
  inferred_type TEXT NOT NULL,
  type_detail TEXT NOT NULL,
  missing_count INTEGER NOT NULL,
  PRIMARY KEY(dataset_id, position)
) STRICT;
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  operation TEXT NOT NULL,
  details TEXT NOT NULL
) STRICT;
)sql";

// Version 2: saved feature sets (issue 4) and clustering runs with their labels (issue 5).
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE feature_sets(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE clustering_runs(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  parameters TEXT NOT NULL,
  seed INTEGER NOT NULL,
  source TEXT NOT NULL,
  rows INTEGER NOT NULL,
  clusters INTEGER NOT NULL,
  metrics TEXT NOT NULL,
  seconds REAL NOT NULL,
  created_at TEXT NOT NULL,
  labels BLOB NOT NULL
) STRICT;
)sql";

// Version 3: cleaning recipes and the tables they derive (issue 3), engagement tier definitions
// (issue 4), embeddings, named selections of rows and saved views for presentations (issue 6).
// Structured parameters live in JSON text so a step or a view can gain a field without a
// migration; row sets and coordinates are little-endian blobs like clustering_runs.labels.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE cleaning_recipes(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  source_dataset TEXT NOT NULL,
  recipe TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE cleaned_tables(
  id INTEGER PRIMARY KEY,
  table_name TEXT NOT NULL UNIQUE,
  source_table TEXT NOT NULL,
  recipe TEXT NOT NULL,
  report TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE tier_definitions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE embeddings(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  method TEXT NOT NULL,
  parameters TEXT NOT NULL,
  seed INTEGER NOT NULL,
  source TEXT NOT NULL,
  rows INTEGER NOT NULL,
  dimensions INTEGER NOT NULL,
  quality TEXT NOT NULL,
  seconds REAL NOT NULL,
  created_at TEXT NOT NULL,
  coordinates BLOB NOT NULL
) STRICT;
CREATE TABLE selections(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  rows INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  members BLOB NOT NULL
) STRICT;
CREATE TABLE saved_views(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
)sql";

constexpr std::array<const char*, kSchemaVersion> kMigrations = {kSchemaV1, kSchemaV2, kSchemaV3};

} // namespace

Status runMigrations(sqlite3* db, int fromVersion) {
    for (int version = fromVersion; version < kSchemaVersion; ++version) {
        if (Status status = exec(db, kMigrations[static_cast<std::size_t>(version)],
                                 "migrating the workspace to schema " + std::to_string(version + 1));
            !status)
            return status;
    }
    return exec(db, "PRAGMA user_version = " + std::to_string(kSchemaVersion),
                "setting the schema version");
}

bool isMetadataTable(const std::string& name) {
    return name == "datasets" || name == "dataset_columns" || name == "audit_log" ||
           name == "feature_sets" || name == "clustering_runs" || name == "cleaning_recipes" ||
           name == "cleaned_tables" || name == "tier_definitions" || name == "embeddings" ||
           name == "selections" || name == "saved_views" || name.rfind("sqlite_", 0) == 0;
}

} // namespace microseg::core
