#pragma once
/// @file error.h
/// Expected failures are values at module boundaries: an ErrorCode, a sentence for people that
/// names the file, line, column or parameter, and the offending value. Result<T> carries either a
/// value or an Error; cancellation is an Error with code Cancelled, treated by callers as its own
/// outcome (neither success nor failure).

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace microseg::core {

enum class ErrorCode {
    Cancelled,        ///< the user cancelled: not a failure, the workspace is unchanged
    FileNotFound,
    FileUnreadable,
    EmptyFile,        ///< no bytes, or only blank lines
    BinaryFile,       ///< NUL bytes or a known binary signature
    InvalidEncoding,  ///< the forced encoding cannot decode the file
    TooManyColumns,   ///< more columns than SQLite allows in a table
    NotAWorkspace,    ///< a foreign file: refused and left byte-identical
    NewerSchema,      ///< written by a newer Microseg: refused and left byte-identical
    AlreadyExists,
    NotFound,         ///< a table, dataset or column that does not exist
    InvalidArgument,
    Database,         ///< an SQLite error that is not one of the above
    Io,
};

struct Error {
    ErrorCode code = ErrorCode::InvalidArgument;
    std::string message;  ///< complete sentence for people
    std::string file;     ///< file concerned, if any
    std::int64_t line = 0;    ///< 1-based physical line, 0 when not applicable
    std::int64_t column = 0;  ///< 1-based column, 0 when not applicable
    std::string value;    ///< the offending value, if any

    [[nodiscard]] bool isCancelled() const noexcept { return code == ErrorCode::Cancelled; }
    /// One line: "file:line:column: message" with the parts that are known.
    [[nodiscard]] std::string toString() const;
};

Error cancelledError();
const char* errorCodeName(ErrorCode code);

/// A value or an Error. Deliberately small: check ok(), then take value() or error().
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : m_data(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const noexcept { return m_data.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }
    [[nodiscard]] T& value() & { return std::get<0>(m_data); }
    [[nodiscard]] const T& value() const& { return std::get<0>(m_data); }
    [[nodiscard]] T&& value() && { return std::get<0>(std::move(m_data)); }
    [[nodiscard]] const Error& error() const { return std::get<1>(m_data); }
    [[nodiscard]] bool isCancelled() const noexcept { return !ok() && error().isCancelled(); }

private:
    std::variant<T, Error> m_data;
};

/// Result for operations without a value.
struct Done {};
using Status = Result<Done>;
inline Status success() { return Done{}; }

} // namespace microseg::core
