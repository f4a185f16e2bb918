#include "microseg/workspace.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "microseg/csv_import.h"
#include "test_util.h"

using namespace microseg::core;
using microseg::test::readFile;
using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

std::int64_t pragmaInt(sqlite3* db, const char* pragma) {
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, (std::string("PRAGMA ") + pragma).c_str(), -1, &statement, nullptr);
    std::int64_t value = -1;
    if (sqlite3_step(statement) == SQLITE_ROW)
        value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
}

std::string pragmaText(sqlite3* db, const char* pragma) {
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, (std::string("PRAGMA ") + pragma).c_str(), -1, &statement, nullptr);
    std::string value;
    if (sqlite3_step(statement) == SQLITE_ROW)
        value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    return value;
}

/// Makes a plain SQLite file with the given header values, outside Microseg.
void makeSqliteFile(const std::string& path, std::int32_t applicationId, int userVersion) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const std::string sql = "CREATE TABLE t(x); INSERT INTO t VALUES (1); PRAGMA application_id = " +
                            std::to_string(applicationId) +
                            "; PRAGMA user_version = " + std::to_string(userVersion) + ";";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

std::unique_ptr<Workspace> importSmall(const std::string& path, const std::string& csv) {
    auto created = Workspace::create(path);
    EXPECT_TRUE(created.ok());
    ImportRequest request;
    request.filePath = csv;
    Progress progress;
    auto imported = importCsv(*created.value(), request, progress, CancelToken());
    EXPECT_TRUE(imported.ok()) << (imported.ok() ? "" : imported.error().toString());
    return std::move(created.value());
}

} // namespace

TEST(Workspace, CreateMarksTheFileAndSetsPragmas) {
    TempDir dir;
    const auto path = dir.path("w.microseg");
    auto created = Workspace::create(path);
    ASSERT_TRUE(created.ok()) << created.error().toString();
    sqlite3* db = created.value()->db();
    EXPECT_EQ(pragmaInt(db, "application_id"), kApplicationId);
    EXPECT_EQ(pragmaInt(db, "user_version"), kSchemaVersion);
    EXPECT_EQ(pragmaText(db, "journal_mode"), "wal");
    EXPECT_EQ(pragmaInt(db, "synchronous"), 2);  // FULL
    EXPECT_EQ(pragmaInt(db, "foreign_keys"), 1);
    EXPECT_EQ(pragmaInt(db, "trusted_schema"), 0);
    const auto header = readWorkspaceHeader(path);
    ASSERT_TRUE(header.ok());
    EXPECT_TRUE(header.value().isSqlite);
    EXPECT_EQ(header.value().applicationId, kApplicationId);
    ASSERT_EQ(created.value()->auditLog().size(), 1u);
    EXPECT_EQ(created.value()->auditLog()[0].operation, "create");
}

TEST(Workspace, CreateRefusesAnExistingFile) {
    TempDir dir;
    const auto path = dir.path("exists.microseg");
    writeFile(path, "keep me");
    auto created = Workspace::create(path);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(readFile(path), "keep me");
}

TEST(Workspace, ReopensWhatWasCommitted) {
    TempDir dir;
    const auto path = dir.path("w.microseg");
    const auto csv = dir.path("c.csv");
    writeFile(csv, "id,name\n1,Ann\n2,Bob\n");
    importSmall(path, csv).reset();
    auto reopened = Workspace::open(path);
    ASSERT_TRUE(reopened.ok()) << reopened.error().toString();
    ASSERT_EQ(reopened.value()->datasets().size(), 1u);
    EXPECT_EQ(reopened.value()->datasets()[0].rowCount, 2);
    EXPECT_EQ(reopened.value()->tableNames(), std::vector<std::string>{"raw_c"});
}

TEST(Workspace, ForeignSqliteFileIsRefusedAndLeftByteIdentical) {
    TempDir dir;
    const auto path = dir.path("foreign.db");
    makeSqliteFile(path, 0x12345678, 0);
    const std::string before = readFile(path);
    auto opened = Workspace::open(path);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::NotAWorkspace);
    EXPECT_NE(opened.error().message.find("not a Microseg workspace"), std::string::npos);
    EXPECT_EQ(readFile(path), before);
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(Workspace, NewerSchemaIsRefusedAndLeftByteIdentical) {
    TempDir dir;
    const auto path = dir.path("newer.microseg");
    makeSqliteFile(path, kApplicationId, kSchemaVersion + 1);
    const std::string before = readFile(path);
    auto opened = Workspace::open(path);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::NewerSchema);
    EXPECT_NE(opened.error().message.find("newer Microseg"), std::string::npos);
    EXPECT_EQ(readFile(path), before);
}

TEST(Workspace, NonSqliteFilesAreRefused) {
    TempDir dir;
    const auto text = dir.path("notes.microseg");
    writeFile(text, "just some text, not a database at all, long enough to have a header......"
                    "..........................................................................");
    auto opened = Workspace::open(text);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::NotAWorkspace);
    auto missing = Workspace::open(dir.path("missing.microseg"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::FileNotFound);
}

TEST(Workspace, OlderSchemaIsBackedUpThenMigrated) {
    TempDir dir;
    const auto path = dir.path("old.microseg");
    makeSqliteFile(path, kApplicationId, 0);  // a schema-0 workspace: marked, no tables yet
    auto opened = Workspace::open(path);
    ASSERT_TRUE(opened.ok()) << opened.error().toString();
    EXPECT_EQ(pragmaInt(opened.value()->db(), "user_version"), kSchemaVersion);
    EXPECT_TRUE(opened.value()->datasets().empty());  // the datasets table now exists
    EXPECT_TRUE(std::filesystem::exists(path + ".schema0.bak"));
    const auto backup = readWorkspaceHeader(path + ".schema0.bak");
    ASSERT_TRUE(backup.ok());
    EXPECT_EQ(backup.value().userVersion, 0);
    const auto log = opened.value()->auditLog();
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.back().operation, "migrate");
}

TEST(Workspace, RawTablesRefuseUpdateAndDelete) {
    TempDir dir;
    const auto csv = dir.path("c.csv");
    writeFile(csv, "id,name\n1,Ann\n");
    auto workspace = importSmall(dir.path("w.microseg"), csv);
    char* message = nullptr;
    EXPECT_NE(sqlite3_exec(workspace->db(), "UPDATE raw_c SET name = 'x'", nullptr, nullptr, &message),
              SQLITE_OK);
    ASSERT_NE(message, nullptr);
    EXPECT_NE(std::string(message).find("read-only"), std::string::npos);
    sqlite3_free(message);
    EXPECT_NE(sqlite3_exec(workspace->db(), "DELETE FROM raw_c", nullptr, nullptr, nullptr),
              SQLITE_OK);
}

TEST(Workspace, SaveAsWritesACompleteCopyAtomically) {
    TempDir dir;
    const auto csv = dir.path("c.csv");
    writeFile(csv, "id,name\n1,Ann\n2,Bob\n");
    auto workspace = importSmall(dir.path("w.microseg"), csv);
    const auto copyPath = dir.path("copy.microseg");
    writeFile(copyPath, "an older file to be replaced");
    ASSERT_TRUE(workspace->saveAs(copyPath).ok());
    EXPECT_FALSE(std::filesystem::exists(copyPath + ".partial"));
    auto copy = Workspace::open(copyPath);
    ASSERT_TRUE(copy.ok()) << copy.error().toString();
    ASSERT_EQ(copy.value()->datasets().size(), 1u);
    EXPECT_EQ(copy.value()->datasets()[0].rowCount, 2);
    EXPECT_EQ(pragmaText(copy.value()->db(), "journal_mode"), "wal");
    EXPECT_EQ(copy.value()->auditLog().back().operation, "save_as");
    EXPECT_FALSE(workspace->saveAs(workspace->path()).ok());  // not onto itself
}

TEST(Workspace, UniqueDatasetNamesAndIdentifierQuoting) {
    TempDir dir;
    const auto csv = dir.path("c.csv");
    writeFile(csv, "id\n1\n");
    auto workspace = importSmall(dir.path("w.microseg"), csv);
    EXPECT_EQ(workspace->uniqueDatasetName("c"), "c_2");
    EXPECT_EQ(workspace->uniqueDatasetName("other"), "other");
    EXPECT_EQ(quoteIdentifier("a\"b"), "\"a\"\"b\"");
}

TEST(Workspace, UsesLargePagesForScans) {
    TempDir dir;
    auto created = Workspace::create(dir.path("w.microseg"));
    ASSERT_TRUE(created.ok());
    EXPECT_EQ(pragmaInt(created.value()->db(), "page_size"), 65536);
}

TEST(Workspace, CancelledSaveAsLeavesTheTargetUntouched) {
    TempDir dir;
    const auto csv = dir.path("c.csv");
    writeFile(csv, "id,name\n1,Ann\n");
    auto workspace = importSmall(dir.path("w.microseg"), csv);
    const auto target = dir.path("target.microseg");
    writeFile(target, "the previous file");
    CancelToken cancel;
    cancel.cancel();
    Progress progress;
    const Status status = workspace->saveAs(target, progress, cancel);
    ASSERT_FALSE(status.ok());
    EXPECT_TRUE(status.isCancelled());
    EXPECT_EQ(readFile(target), "the previous file");
    EXPECT_FALSE(std::filesystem::exists(target + ".partial"));
}

TEST(Workspace, SaveAsReportsProgressToTheEnd) {
    TempDir dir;
    const auto csv = dir.path("c.csv");
    std::string rows = "id,name\n";
    for (int i = 0; i < 20000; ++i)
        rows += std::to_string(i) + ",customer number " + std::to_string(i) + "\n";
    writeFile(csv, rows);
    auto workspace = importSmall(dir.path("w.microseg"), csv);
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    ASSERT_TRUE(workspace->saveAs(dir.path("copy.microseg"), progress, CancelToken()).ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}

TEST(Workspace, SchemaOneIsMigratedToTheCurrentSchema) {
    TempDir dir;
    const auto path = dir.path("v1.microseg");
    {
        auto created = Workspace::create(path);
        ASSERT_TRUE(created.ok());
        // Make it a schema-1 workspace: without the tables schemas 2 and 3 added.
        ASSERT_EQ(sqlite3_exec(created.value()->db(),
                               "DROP TABLE feature_sets; DROP TABLE clustering_runs; "
                               "DROP TABLE cleaning_recipes; DROP TABLE cleaned_tables; "
                               "DROP TABLE tier_definitions; DROP TABLE embeddings; "
                               "DROP TABLE selections; DROP TABLE saved_views; "
                               "PRAGMA user_version = 1; PRAGMA wal_checkpoint(TRUNCATE);",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
    }
    ASSERT_EQ(readWorkspaceHeader(path).value().userVersion, 1);
    auto opened = Workspace::open(path);
    ASSERT_TRUE(opened.ok()) << opened.error().toString();
    EXPECT_EQ(pragmaInt(opened.value()->db(), "user_version"), kSchemaVersion);
    EXPECT_EQ(readWorkspaceHeader(path).value().userVersion, kSchemaVersion);  // on disk too
    EXPECT_TRUE(std::filesystem::exists(path + ".schema1.bak"));
    for (const char* table : {"clustering_runs", "cleaning_recipes", "embeddings", "saved_views"})
        EXPECT_EQ(sqlite3_exec(opened.value()->db(),
                               ("SELECT count(*) FROM " + std::string(table)).c_str(), nullptr,
                               nullptr, nullptr),
                  SQLITE_OK)
            << table;
    EXPECT_TRUE(opened.value()->tableNames().empty());  // bookkeeping tables stay hidden
}
