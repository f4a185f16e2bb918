#pragma once
// The InvalidArgument error the clean algorithms (impute, outliers, dedupe, category clusters)
// return for bad options; private to core/src/clean.

#include "microseg/error.h"

#include <string>
#include <utility>

namespace microseg::core::clean {

inline Error invalidArgument(std::string message) {
    Error e;
    e.code = ErrorCode::InvalidArgument;
    e.message = std::move(message);
    return e;
}

} // namespace microseg::core::clean
