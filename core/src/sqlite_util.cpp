#include "sqlite_util.h"

namespace microseg::core {

Error sqliteError(sqlite3* db, const std::string& context) {
    const int code = db ? sqlite3_errcode(db) : SQLITE_ERROR;
    ErrorCode errorCode = ErrorCode::Database;
    if (code == SQLITE_NOTADB)
        errorCode = ErrorCode::NotAWorkspace;
    else if (code == SQLITE_CANTOPEN || code == SQLITE_PERM || code == SQLITE_READONLY)
        errorCode = ErrorCode::Io;
    std::string message = context + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    if (code == SQLITE_FULL)
        message += " (the disk is full)";
    const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
    return Error{errorCode, message, file ? file : "", 0, 0, {}};
}

Status exec(sqlite3* db, const std::string& sql, const std::string& context) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        return sqliteError(db, context);
    }
    return success();
}

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    m_code = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(other.m_stmt), m_code(other.m_code) {
    other.m_stmt = nullptr;
}

void Statement::bind(int index, std::int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }

void Statement::bind(int index, const std::string& value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
}

void Statement::bindNull(int index) { sqlite3_bind_null(m_stmt, index); }

bool Statement::step() {
    m_code = sqlite3_step(m_stmt);
    return m_code == SQLITE_ROW;
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::columnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }

double Statement::columnDouble(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::columnText(int column) const {
    const auto* text = sqlite3_column_text(m_stmt, column);
    if (!text)
        return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::optional<std::string> Statement::columnOptionalText(int column) const {
    if (sqlite3_column_type(m_stmt, column) == SQLITE_NULL)
        return std::nullopt;
    return columnText(column);
}

bool Statement::columnIsNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::string insertSql(const std::string& table, int parameters) {
    std::string sql = "INSERT INTO " + table + " VALUES (";
    for (int i = 1; i <= parameters; ++i)
        sql += (i > 1 ? ",?" : "?") + std::to_string(i);
    return sql + ")";
}

std::optional<std::int64_t> queryInt(sqlite3* db, const std::string& sql) {
    Statement statement(db, sql);
    if (!statement.valid() || !statement.step())
        return std::nullopt;
    return statement.columnInt(0);
}

} // namespace microseg::core
