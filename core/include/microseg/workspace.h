#pragma once
/// @file workspace.h
/// A workspace is one SQLite file (extension .microseg) holding everything: imported raw tables
/// (immutable: triggers refuse UPDATE and DELETE), dataset and column metadata, and the audit log.
/// Every committed operation is on disk at once (WAL, synchronous=FULL): there is no unsaved state.
///
/// The file is identified by PRAGMA application_id and versioned by PRAGMA user_version. Opening
/// reads the header bytes first, without SQLite, so that a foreign or newer-schema file is refused
/// and left byte-identical. An older schema is backed up beside the file, then migrated in one
/// transaction. A Workspace is used only by the thread that opened it (one connection per thread).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "microseg/column_type.h"
#include "microseg/error.h"
#include "microseg/progress.h"

struct sqlite3;

namespace microseg::core {

inline constexpr std::int32_t kApplicationId = 0x4D534547;  // "MSEG"
inline constexpr int kSchemaVersion = 3;
inline constexpr const char* kWorkspaceExtension = ".microseg";

struct DatasetInfo {
    std::int64_t id = 0;
    std::string name;        ///< shown to people, unique
    std::string tableName;   ///< SQLite table holding the raw rows, e.g. raw_customers
    std::string sourceFile;
    std::string sourceSha256;
    std::string importSettings;  ///< JSON: encoding, delimiter, header, diagnostics summary
    std::int64_t rowCount = 0;
    std::int64_t columnCount = 0;
    std::string importedAt;  ///< ISO 8601 UTC
};

struct ColumnInfo {
    int position = 0;        ///< 0-based
    std::string name;        ///< SQL column name (unique in the table)
    std::string originalName;  ///< header cell as written in the file
    InferredType type;
    std::int64_t missingCount = 0;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;          ///< ISO 8601 UTC
    std::string operation;   ///< "import", "save_as", ...
    std::string details;     ///< JSON
};

/// What the first 100 bytes of a file say, read without opening it with SQLite.
struct WorkspaceHeader {
    bool isSqlite = false;
    std::int32_t applicationId = 0;
    std::int32_t userVersion = 0;
};
Result<WorkspaceHeader> readWorkspaceHeader(const std::string& path);

/// RAII transaction on a connection: rolls back unless commit() succeeded.
class Transaction {
public:
    explicit Transaction(sqlite3* db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Status commit();
    [[nodiscard]] bool active() const noexcept { return m_active; }

private:
    sqlite3* m_db;
    bool m_active = false;
};

class Workspace {
public:
    /// Creates a new, empty workspace; fails with AlreadyExists if `path` exists.
    static Result<std::unique_ptr<Workspace>> create(const std::string& path);
    /// Opens an existing workspace, migrating an older schema (after a backup).
    static Result<std::unique_ptr<Workspace>> open(const std::string& path);
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    [[nodiscard]] const std::string& path() const noexcept { return m_path; }
    [[nodiscard]] sqlite3* db() const noexcept { return m_db; }

    /// Copies the workspace to `newPath` (VACUUM INTO a temporary name beside it, then an atomic
    /// rename). This object keeps the original open; callers reopen the copy if they switch.
    /// Progress is the size of the copy so far over the workspace's size; a cancel interrupts the
    /// copy, removes the temporary file and leaves any existing `newPath` untouched.
    Status saveAs(const std::string& newPath, Progress& progress, const CancelToken& cancel);
    Status saveAs(const std::string& newPath);

    std::vector<DatasetInfo> datasets() const;
    std::optional<DatasetInfo> dataset(const std::string& name) const;
    std::optional<DatasetInfo> datasetByTable(const std::string& tableName) const;
    std::vector<ColumnInfo> columns(std::int64_t datasetId) const;
    /// Names of every user table (raw and derived), bookkeeping tables left out.
    std::vector<std::string> tableNames() const;
    bool hasTable(const std::string& tableName) const;

    /// Appends to the audit log; call inside the operation's transaction.
    Status audit(const std::string& operation, const std::string& detailsJson);
    std::vector<AuditEntry> auditLog(int limit = 1000) const;

    /// A dataset name not used yet, derived from `wanted` ("customers", "customers_2", ...).
    std::string uniqueDatasetName(const std::string& wanted) const;

private:
    Workspace(std::string path, sqlite3* db) : m_path(std::move(path)), m_db(db) {}
    static Result<std::unique_ptr<Workspace>> openConnection(const std::string& path, bool create);
    Status configure();
    Status checkpoint();
    Status migrate(int fromVersion);

    std::string m_path;
    sqlite3* m_db = nullptr;
};

/// Quotes an SQL identifier: "name" with embedded quotes doubled.
std::string quoteIdentifier(const std::string& name);
/// The current UTC time as ISO 8601 ("2026-11-25T06:00:00Z").
std::string utcNowIso8601();

} // namespace microseg::core
