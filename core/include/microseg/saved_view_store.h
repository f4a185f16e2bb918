#pragma once
/// @file saved_view_store.h
/// Saved views (schema 3 table `saved_views`): a chart with the settings needed to draw it again
/// (kind such as "elbow", "silhouette", "scatter"; settings as a JSON object), kept in the order
/// a presenter steps through them. Positions are always 0..n-1 without gaps. Every change is one
/// transaction with an audit entry; settings that are not a JSON object are refused.

#include "microseg/error.h"
#include "microseg/workspace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace microseg::core {

struct SavedView {
    std::int64_t id = 0;       ///< set by addSavedView
    std::string name;          ///< shown in the list and as the slide's title
    std::int64_t position = 0; ///< 0-based place in the presentation order
    std::string kind;          ///< what draws it: "elbow", "silhouette", "sizes", "scatter", ...
    std::string settingsJson;  ///< a JSON object the view is re-rendered from
    std::string createdAt;     ///< ISO 8601 UTC
};

/// Appends `view` (its id, position and createdAt are ignored) and returns its id.
Result<std::int64_t> addSavedView(Workspace& workspace, const SavedView& view);
/// Every saved view in presentation order.
std::vector<SavedView> savedViews(const Workspace& workspace);
/// Saved view `id`, or NotFound.
Result<SavedView> savedView(const Workspace& workspace, std::int64_t id);
Status renameSavedView(Workspace& workspace, std::int64_t id, const std::string& name);
/// Replaces the settings of view `id` (a JSON object).
Status updateSavedViewSettings(Workspace& workspace, std::int64_t id,
                               const std::string& settingsJson);
/// Moves view `id` to `position` (clamped to 0..n-1); the others close up around it.
Status moveSavedView(Workspace& workspace, std::int64_t id, std::int64_t position);
/// Removes view `id`; the views after it move up one place.
Status deleteSavedView(Workspace& workspace, std::int64_t id);

} // namespace microseg::core
