#pragma once
/// @file selection_store.h
/// Named selections of rows (drawn with a rectangle or lasso on a map, issue 6) kept in the
/// workspace (`selections`, schema 3), from which segments are later built. Members are the
/// 1-based row numbers of the source table (its `_row`), stored ascending and without repeats
/// as a little-endian int64 BLOB. Saving and deleting are one transaction with an audit entry.

#include "microseg/error.h"
#include "microseg/workspace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace microseg::core {

struct Selection {
    std::int64_t id = 0; ///< set by saveSelection
    std::string name;    ///< unique in the workspace
    /// Where the rows come from: {"table":"raw_x"} plus, for a map, {"embedding":..} or
    /// {"method":"tsne",...}: enough to show the rows again.
    std::string sourceJson;
    std::int64_t rows = 0;             ///< number of members (set by saveSelection)
    std::string createdAt;             ///< ISO 8601 UTC, set by saveSelection
    std::vector<std::int64_t> members; ///< ascending 1-based row numbers; empty in listings
};

/// Stores `selection` in one transaction with an audit entry and returns its id. Members are
/// sorted and repeats dropped; an empty name, no members, a row number below 1 or a name already
/// taken (AlreadyExists, unless `replace`, which overwrites that selection) is an error.
Result<std::int64_t> saveSelection(Workspace& workspace, const Selection& selection,
                                   bool replace = false);
/// Every stored selection, newest first, without members.
std::vector<Selection> selections(const Workspace& workspace);
/// Selection `id` with its members.
Result<Selection> loadSelection(const Workspace& workspace, std::int64_t id);
/// Removes selection `id` (one transaction, audited).
Status deleteSelection(Workspace& workspace, std::int64_t id);

} // namespace microseg::core
