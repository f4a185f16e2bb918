// Engagement tier definitions stored by name in the workspace table tier_definitions (schema 3),
// one transaction with an audit entry per change (as feature sets, feature_store.cpp).
#include "microseg/engagement_tier.h"
#include "named_document_store.h"

#include <algorithm>
#include <cctype>

namespace microseg::core {
namespace {

constexpr NamedDocumentTable kTierDefinitions{"tier_definitions", "definition", "tier definition",
                                              "tier_definition", "rules"};

Error invalid(std::string message, std::string value) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
}

Result<TierDefinitionInfo> readRow(const Statement& row) {
    TierDefinitionInfo info;
    info.id = row.columnInt(0);
    const std::string name = row.columnText(1);
    auto definition = TierDefinition::fromJson(row.columnText(2));
    if (!definition) {
        Error error = definition.error();
        error.message = "Tier definition \"" + name + "\": " + error.message;
        return error;
    }
    info.definition = std::move(definition.value());
    info.definition.name = name; // the row's name is authoritative
    info.createdAt = row.columnText(3);
    info.updatedAt = row.columnText(4);
    return info;
}

bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

} // namespace

Status saveTierDefinition(Workspace& workspace, const TierDefinition& definition, bool overwrite) {
    const std::string& name = definition.name;
    if (blank(name) || name.size() > 100)
        return invalid("A tier definition needs a name of 1 to 100 characters.", name);
    for (std::size_t r = 0; r < definition.rules.size(); ++r)
        if (blank(definition.rules[r].tier))
            return invalid("Tier definition \"" + name + "\": rule " + std::to_string(r + 1) +
                               " names no tier.",
                           name);
    if (blank(definition.defaultTier))
        return invalid("Tier definition \"" + name + "\" needs a default tier.", name);
    return saveNamedDocument(workspace, kTierDefinitions, name, definition.toJson(),
                             definition.rules.size(), overwrite);
}

Result<TierDefinitionInfo> tierDefinition(const Workspace& workspace, const std::string& name) {
    return loadNamedDocument<TierDefinitionInfo>(workspace, kTierDefinitions, name, readRow);
}

Result<std::vector<TierDefinitionInfo>> tierDefinitions(const Workspace& workspace) {
    return listNamedDocuments<TierDefinitionInfo>(workspace, kTierDefinitions, readRow);
}

Status deleteTierDefinition(Workspace& workspace, const std::string& name) {
    return deleteNamedDocument(workspace, kTierDefinitions, name);
}

} // namespace microseg::core
