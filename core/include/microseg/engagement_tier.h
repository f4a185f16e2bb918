#pragma once
/// @file engagement_tier.h
/// Engagement tiers by rule: a reusable, named list of ordered rules over numeric columns, e.g.
///   open_rate > 0.8 AND click_rate > 0.5 AND recency <= 30  ->  "Highly engaged"
/// applied to every row of a table; the first rule whose conditions all hold gives the row's
/// tier, else the default tier. A missing or non-numeric value makes a condition false (a rule
/// never matches on a value it cannot read); such cells are counted per column in the result so
/// that nothing is dropped silently.
///
/// Definitions are stored by name in the workspace table tier_definitions (schema 3) so that
/// they can be reused: by people, and by feature specs (feature_set.h, Feature::tiers).
///
/// Progress/cancel: applyTiers reports per batch of rows, ends at 1, and polls the cancel token
/// per batch; it only reads. Storage functions are one transaction each with a "tier_definition"
/// audit entry; a failure leaves the workspace as is.

#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/workspace.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace microseg::core {

enum class CompareOp { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };
const char* compareOpName(CompareOp op); ///< "<", "<=", ">", ">=", "==", "!="

struct TierCondition {
    std::string column;
    CompareOp op = CompareOp::Greater;
    double threshold = 0.0;
    [[nodiscard]] bool holds(double value) const noexcept;
    friend bool operator==(const TierCondition&, const TierCondition&) = default;
};

struct TierRule {
    std::string tier;
    std::vector<TierCondition> conditions; ///< all must hold (AND); none = always matches
    friend bool operator==(const TierRule&, const TierRule&) = default;
};

struct TierDefinition {
    std::string name;
    std::vector<TierRule> rules; ///< first match wins
    std::string defaultTier = "Other";

    /// {"name": ..., "rules": [{"tier": ..., "when": [{"column": c, "op": ">", "value": 0.8}]}],
    ///  "default": ...}
    [[nodiscard]] std::string toJson() const;
    static Result<TierDefinition> fromJson(const std::string& json);
    /// Every column a condition reads, in first-use order.
    [[nodiscard]] std::vector<std::string> columns() const;
    /// The tier for one row; `value(column)` is the row's number or nullopt when unreadable.
    template <typename Lookup> [[nodiscard]] const std::string& tierFor(Lookup&& value) const {
        for (const TierRule& rule : rules) {
            bool all = true;
            for (const TierCondition& c : rule.conditions) {
                const std::optional<double> v = value(c.column);
                if (!v || !c.holds(*v)) {
                    all = false;
                    break;
                }
            }
            if (all)
                return rule.tier;
        }
        return defaultTier;
    }
    friend bool operator==(const TierDefinition&, const TierDefinition&) = default;
};

struct TierAssignment {
    std::vector<std::string> tiers; ///< one per row, in table order
    std::vector<std::pair<std::string, std::int64_t>>
        counts;                                     ///< per tier, rules order, default last
    std::map<std::string, std::int64_t> unreadable; ///< column -> missing/non-numeric cells
};

/// The tier of every row of `table` (dataset or table name). NotFound names a missing column.
Result<TierAssignment> applyTiers(const Workspace& workspace, const std::string& table,
                                  const TierDefinition& definition, Progress& progress,
                                  const CancelToken& cancel);

struct TierDefinitionInfo {
    std::int64_t id = 0;
    TierDefinition definition;        ///< definition.name is the stored name
    std::string createdAt, updatedAt; ///< ISO 8601 UTC
};

/// Stores `definition` under definition.name (1 to 100 characters, not blank; rules need a tier
/// each). An existing name is AlreadyExists unless `overwrite`.
Status saveTierDefinition(Workspace& workspace, const TierDefinition& definition,
                          bool overwrite = false);
/// NotFound when there is no definition of that name.
Result<TierDefinitionInfo> tierDefinition(const Workspace& workspace, const std::string& name);
/// Every stored definition, by name.
Result<std::vector<TierDefinitionInfo>> tierDefinitions(const Workspace& workspace);
/// NotFound when there is no such definition.
Status deleteTierDefinition(Workspace& workspace, const std::string& name);

} // namespace microseg::core
