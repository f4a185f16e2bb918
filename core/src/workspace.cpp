#include "microseg/workspace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <fcntl.h>

#include "sqlite_util.h"
#include "workspace_schema.h"

namespace microseg::core {
namespace fs = std::filesystem;
namespace {

constexpr int kPageSize = 65536;  // SQLite's largest; see openConnection()

std::int32_t bigEndian32(const unsigned char* p) {
    return static_cast<std::int32_t>((std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
                                     (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]));
}

Error fileError(ErrorCode code, const std::string& path, std::string message) {
    return Error{code, std::move(message), path, 0, 0, {}};
}

/// fsync a file by path so a rename after it publishes complete bytes.
void syncFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string auditJson(std::initializer_list<std::pair<const char*, std::string>> fields) {
    QJsonObject object;
    for (const auto& [key, value] : fields)
        object[key] = QString::fromStdString(value);
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

std::string quoteIdentifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"')
            out += '"';
    }
    return out + "\"";
}

std::string utcNowIso8601() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

Result<WorkspaceHeader> readWorkspaceHeader(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return fileError(ErrorCode::FileNotFound, path, "The workspace file does not exist.");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fileError(ErrorCode::FileUnreadable, path, "The workspace file cannot be read.");
    unsigned char header[100] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    WorkspaceHeader out;
    if (in.gcount() < 100 || std::string_view(reinterpret_cast<char*>(header), 16) !=
                                 std::string_view("SQLite format 3\0", 16))
        return out;
    out.isSqlite = true;
    out.userVersion = bigEndian32(header + 60);
    out.applicationId = bigEndian32(header + 68);
    return out;
}

Transaction::Transaction(sqlite3* db) : m_db(db) {
    m_active = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

Transaction::~Transaction() {
    if (m_active)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::commit() {
    if (!m_active)
        return sqliteError(m_db, "starting the transaction");
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqliteError(m_db, "committing");
    m_active = false;
    return success();
}

Result<std::unique_ptr<Workspace>> Workspace::openConnection(const std::string& path,
                                                             bool create) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Error error = sqliteError(db, "opening the workspace");
        error.file = path;
        sqlite3_close(db);
        return error;
    }
    std::unique_ptr<Workspace> workspace(new Workspace(path, db));
    if (create) {
        // Page size is fixed once the file has content (and cannot change in WAL mode). Large
        // pages suit an analytics workspace: tables are mostly scanned whole, and an import then
        // writes a sixteenth of the pages (each written twice in WAL mode: log, then checkpoint).
        if (Status status = exec(db, "PRAGMA page_size = " + std::to_string(kPageSize),
                                 "setting the page size");
            !status)
            return status.error();
    }
    if (Status status = workspace->configure(); !status)
        return status.error();
    return workspace;
}

Status Workspace::configure() {
    sqlite3_busy_timeout(m_db, 10000);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    // Without this, a double-quoted name that matches no column silently becomes a string
    // literal, so a typo in a column name would give wrong answers instead of an error.
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
    return exec(m_db,
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                "PRAGMA trusted_schema=OFF; PRAGMA cache_size=-32768;",
                "configuring the workspace");
}

Result<std::unique_ptr<Workspace>> Workspace::create(const std::string& path) {
    std::error_code ec;
    if (fs::exists(path, ec))
        return fileError(ErrorCode::AlreadyExists, path,
                         "A file already exists there; choose another name.");
    auto opened = openConnection(path, true);
    if (!opened)
        return opened.error();
    auto workspace = std::move(opened.value());
    Transaction transaction(workspace->db());
    Status status = exec(workspace->db(),
                         "PRAGMA application_id = " + std::to_string(kApplicationId),
                         "marking the workspace");
    if (status)
        status = runMigrations(workspace->db(), 0);
    if (status)
        status = workspace->audit("create", auditJson({{"schema", std::to_string(kSchemaVersion)}}));
    if (status)
        status = transaction.commit();
    if (status)
        status = workspace->checkpoint();
    if (!status) {
        workspace.reset();
        fs::remove(path, ec);
        return status.error();
    }
    return workspace;
}

Result<std::unique_ptr<Workspace>> Workspace::open(const std::string& path) {
    // Judge the file by its header bytes before SQLite touches it: a refused file stays
    // byte-identical (opening it in WAL mode would already write to it).
    auto header = readWorkspaceHeader(path);
    if (!header)
        return header.error();
    if (!header.value().isSqlite)
        return fileError(ErrorCode::NotAWorkspace, path,
                         "This is not a Microseg workspace (not an SQLite database); it was left "
                         "untouched.");
    if (header.value().applicationId != kApplicationId) {
        char id[16];
        std::snprintf(id, sizeof id, "0x%08X", static_cast<unsigned>(header.value().applicationId));
        return fileError(ErrorCode::NotAWorkspace, path,
                         std::string("This SQLite database is not a Microseg workspace "
                                     "(application_id ") + id + "); it was left untouched.");
    }
    const int version = header.value().userVersion;
    if (version > kSchemaVersion)
        return fileError(ErrorCode::NewerSchema, path,
                         "This workspace was written by a newer Microseg (schema " +
                             std::to_string(version) + "; this version reads up to " +
                             std::to_string(kSchemaVersion) +
                             "). Update Microseg to open it; the file was left untouched.");
    auto opened = openConnection(path, false);
    if (!opened)
        return opened.error();
    auto workspace = std::move(opened.value());
    if (version < kSchemaVersion) {
        if (Status status = workspace->migrate(version); !status)
            return status.error();
    }
    return workspace;
}

Status Workspace::migrate(int fromVersion) {
    // Back up first: a migration is one transaction, but the backup lets people go back to an
    // older Microseg.
    const std::string backup = m_path + ".schema" + std::to_string(fromVersion) + ".bak";
    std::error_code ec;
    fs::remove(backup, ec);
    Statement vacuum(m_db, "VACUUM INTO ?1");
    vacuum.bind(1, backup);
    vacuum.step();
    if (vacuum.failed())
        return sqliteError(m_db, "backing up the workspace before migrating it");
    Transaction transaction(m_db);
    if (Status status = runMigrations(m_db, fromVersion); !status)
        return status;
    if (Status status = audit("migrate", auditJson({{"from", std::to_string(fromVersion)},
                                                    {"to", std::to_string(kSchemaVersion)},
                                                    {"backup", backup}}));
        !status)
        return status;
    if (Status status = transaction.commit(); !status)
        return status;
    return checkpoint();
}

Status Workspace::checkpoint() {
    // Header fields (application_id, user_version) live in page 1; until a checkpoint copies it
    // from the WAL, the file's own header bytes, which open() judges, would still be the old ones.
    return exec(m_db, "PRAGMA wal_checkpoint(TRUNCATE)", "checkpointing the workspace");
}

Workspace::~Workspace() {
    if (m_db)
        sqlite3_close_v2(m_db);
}

Status Workspace::saveAs(const std::string& newPath) {
    Progress progress;
    return saveAs(newPath, progress, CancelToken());
}

Status Workspace::saveAs(const std::string& newPath, Progress& progress,
                         const CancelToken& cancel) {
    std::error_code ec;
    if (fs::exists(newPath, ec) && fs::equivalent(newPath, m_path, ec))
        return fileError(ErrorCode::InvalidArgument, newPath,
                         "Save As needs a different file than the open workspace.");
    const std::string temporary = newPath + ".partial";
    fs::remove(temporary, ec);
    {
        Transaction transaction(m_db);
        if (Status status = audit("save_as", auditJson({{"to", newPath}})); !status)
            return status;
        if (Status status = transaction.commit(); !status)
            return status;
    }
    // SQLite calls this every few thousand VM steps during VACUUM INTO: report the copy's size
    // and interrupt it when cancelled.
    struct Watch {
        Progress* progress;
        const CancelToken* cancel;
        std::string file;
        double total;
    } watch{&progress, &cancel, temporary,
            double(queryInt(m_db, "PRAGMA page_count").value_or(1)) *
                double(queryInt(m_db, "PRAGMA page_size").value_or(4096))};
    sqlite3_progress_handler(
        m_db, 20000,
        [](void* data) -> int {
            auto* w = static_cast<Watch*>(data);
            if (w->cancel->isCancelled())
                return 1;
            std::error_code error;
            const auto size = fs::file_size(w->file, error);
            if (!error && w->total > 0)
                w->progress->report(0.95 * double(size) / w->total, "Copying the workspace");
            return 0;
        },
        &watch);
    Statement vacuum(m_db, "VACUUM INTO ?1");
    vacuum.bind(1, temporary);
    vacuum.step();
    sqlite3_progress_handler(m_db, 0, nullptr, nullptr);
    if (vacuum.failed() || cancel.isCancelled()) {
        Error error = cancel.isCancelled() ? cancelledError() : sqliteError(m_db, "writing the copy");
        fs::remove(temporary, ec);
        return error;
    }
    syncFile(temporary);
    for (const char* suffix : {"-wal", "-shm"})
        fs::remove(newPath + suffix, ec);
    fs::rename(temporary, newPath, ec);  // atomic on one file system
    if (ec) {
        fs::remove(temporary, ec);
        return fileError(ErrorCode::Io, newPath, "The copy could not be put in place: " + ec.message());
    }
    progress.report(1.0, "Saved");
    return success();
}

std::vector<DatasetInfo> Workspace::datasets() const {
    std::vector<DatasetInfo> out;
    Statement statement(m_db,
                        "SELECT id, name, table_name, source_file, source_sha256, import_settings, "
                        "row_count, column_count, imported_at FROM datasets ORDER BY id");
    while (statement.step()) {
        DatasetInfo info;
        info.id = statement.columnInt(0);
        info.name = statement.columnText(1);
        info.tableName = statement.columnText(2);
        info.sourceFile = statement.columnText(3);
        info.sourceSha256 = statement.columnText(4);
        info.importSettings = statement.columnText(5);
        info.rowCount = statement.columnInt(6);
        info.columnCount = statement.columnInt(7);
        info.importedAt = statement.columnText(8);
        out.push_back(std::move(info));
    }
    return out;
}

std::optional<DatasetInfo> Workspace::dataset(const std::string& name) const {
    for (auto& info : datasets())
        if (info.name == name)
            return info;
    return std::nullopt;
}

std::optional<DatasetInfo> Workspace::datasetByTable(const std::string& tableName) const {
    for (auto& info : datasets())
        if (info.tableName == tableName)
            return info;
    return std::nullopt;
}

std::vector<ColumnInfo> Workspace::columns(std::int64_t datasetId) const {
    std::vector<ColumnInfo> out;
    Statement statement(m_db,
                        "SELECT position, name, original_name, type_detail, missing_count "
                        "FROM dataset_columns WHERE dataset_id = ?1 ORDER BY position");
    statement.bind(1, datasetId);
    while (statement.step()) {
        ColumnInfo info;
        info.position = static_cast<int>(statement.columnInt(0));
        info.name = statement.columnText(1);
        info.originalName = statement.columnText(2);
        info.type = InferredType::fromStorage(statement.columnText(3));
        info.missingCount = statement.columnInt(4);
        out.push_back(std::move(info));
    }
    return out;
}

std::vector<std::string> Workspace::tableNames() const {
    std::vector<std::string> out;
    Statement statement(m_db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (statement.step()) {
        std::string name = statement.columnText(0);
        if (!isMetadataTable(name))
            out.push_back(std::move(name));
    }
    return out;
}

bool Workspace::hasTable(const std::string& tableName) const {
    Statement statement(m_db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    statement.bind(1, tableName);
    return statement.step();
}

Status Workspace::audit(const std::string& operation, const std::string& detailsJson) {
    Statement statement(m_db, "INSERT INTO audit_log(at, operation, details) VALUES (?1, ?2, ?3)");
    statement.bind(1, utcNowIso8601());
    statement.bind(2, operation);
    statement.bind(3, detailsJson);
    statement.step();
    if (statement.failed())
        return sqliteError(m_db, "writing the audit log");
    return success();
}

std::vector<AuditEntry> Workspace::auditLog(int limit) const {
    std::vector<AuditEntry> out;
    Statement statement(m_db, "SELECT id, at, operation, details FROM audit_log ORDER BY id LIMIT ?1");
    statement.bind(1, std::int64_t{limit});
    while (statement.step())
        out.push_back({statement.columnInt(0), statement.columnText(1), statement.columnText(2),
                       statement.columnText(3)});
    return out;
}

std::string Workspace::uniqueDatasetName(const std::string& wanted) const {
    const std::string base = wanted.empty() ? std::string("dataset") : wanted;
    std::string name = base;
    for (int suffix = 2; dataset(name) || hasTable("raw_" + name); ++suffix)
        name = base + "_" + std::to_string(suffix);
    return name;
}

} // namespace microseg::core
