#pragma once
// Thin RAII helpers over the SQLite C API, private to core.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "microseg/error.h"

namespace microseg::core {

/// Converts the connection's last error into an Error with `context` ("creating table x").
Error sqliteError(sqlite3* db, const std::string& context);

/// Runs one or more statements without results.
Status exec(sqlite3* db, const std::string& sql, const std::string& context);

/// A prepared statement, finalized on destruction.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    [[nodiscard]] bool valid() const noexcept { return m_stmt != nullptr; }
    [[nodiscard]] sqlite3_stmt* get() const noexcept { return m_stmt; }

    void bind(int index, std::int64_t value);
    void bind(int index, const std::string& value);  ///< copied (SQLITE_TRANSIENT)
    void bindNull(int index);
    /// SQLITE_ROW -> true, SQLITE_DONE -> false; errors -> false with lastCode() set.
    bool step();
    void reset();
    [[nodiscard]] int lastCode() const noexcept { return m_code; }
    [[nodiscard]] bool failed() const noexcept {
        return m_code != SQLITE_ROW && m_code != SQLITE_DONE && m_code != SQLITE_OK;
    }

    [[nodiscard]] std::int64_t columnInt(int column) const;
    [[nodiscard]] double columnDouble(int column) const;
    [[nodiscard]] std::string columnText(int column) const;
    [[nodiscard]] std::optional<std::string> columnOptionalText(int column) const;
    [[nodiscard]] bool columnIsNull(int column) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    int m_code = SQLITE_OK;
};

/// "INSERT INTO <table> VALUES (?1,?2,...,?n)". `table` is used as written: quote a user-given
/// name with quoteIdentifier() first.
std::string insertSql(const std::string& table, int parameters);

/// Single value of a query (first column of the first row), or nullopt.
std::optional<std::int64_t> queryInt(sqlite3* db, const std::string& sql);

} // namespace microseg::core
