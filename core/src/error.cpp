#include "microseg/error.h"

namespace microseg::core {

std::string Error::toString() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) {
            out += ':' + std::to_string(line);
            if (column > 0)
                out += ':' + std::to_string(column);
        }
        out += ": ";
    } else if (line > 0) {
        out += "line " + std::to_string(line);
        if (column > 0)
            out += ", column " + std::to_string(column);
        out += ": ";
    }
    out += message;
    return out;
}

Error cancelledError() {
    return Error{ErrorCode::Cancelled, "Cancelled; nothing was changed.", {}, 0, 0, {}};
}

const char* errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::FileNotFound: return "file_not_found";
    case ErrorCode::FileUnreadable: return "file_unreadable";
    case ErrorCode::EmptyFile: return "empty_file";
    case ErrorCode::BinaryFile: return "binary_file";
    case ErrorCode::InvalidEncoding: return "invalid_encoding";
    case ErrorCode::TooManyColumns: return "too_many_columns";
    case ErrorCode::NotAWorkspace: return "not_a_workspace";
    case ErrorCode::NewerSchema: return "newer_schema";
    case ErrorCode::AlreadyExists: return "already_exists";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::Database: return "database";
    case ErrorCode::Io: return "io";
    }
    return "unknown";
}

} // namespace microseg::core
