// Engagement tiers by rule (engagement_tier.h): JSON round trip and application to a table.
#include "feature_read.h"
#include "microseg/engagement_tier.h"
#include "sqlite_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <array>

namespace microseg::core {
namespace {

constexpr std::array<std::pair<CompareOp, const char*>, 6> kOps{{{CompareOp::Less, "<"},
                                                                 {CompareOp::LessEqual, "<="},
                                                                 {CompareOp::Greater, ">"},
                                                                 {CompareOp::GreaterEqual, ">="},
                                                                 {CompareOp::Equal, "=="},
                                                                 {CompareOp::NotEqual, "!="}}};

Error invalid(std::string message, std::string value = {}) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
}

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

constexpr std::int64_t kBatch = 4096;

} // namespace

const char* compareOpName(CompareOp op) {
    for (const auto& [o, name] : kOps)
        if (o == op)
            return name;
    return "?";
}

bool TierCondition::holds(double value) const noexcept {
    switch (op) {
    case CompareOp::Less:
        return value < threshold;
    case CompareOp::LessEqual:
        return value <= threshold;
    case CompareOp::Greater:
        return value > threshold;
    case CompareOp::GreaterEqual:
        return value >= threshold;
    case CompareOp::Equal:
        return value == threshold;
    case CompareOp::NotEqual:
        return value != threshold;
    }
    return false;
}

std::vector<std::string> TierDefinition::columns() const {
    std::vector<std::string> out;
    for (const auto& rule : rules)
        for (const auto& c : rule.conditions)
            if (std::find(out.begin(), out.end(), c.column) == out.end())
                out.push_back(c.column);
    return out;
}

std::string TierDefinition::toJson() const {
    QJsonObject root;
    root["version"] = 1;
    root["name"] = q(name);
    QJsonArray list;
    for (const auto& rule : rules) {
        QJsonArray when;
        for (const auto& c : rule.conditions)
            when.append(QJsonObject{
                {"column", q(c.column)}, {"op", compareOpName(c.op)}, {"value", c.threshold}});
        list.append(QJsonObject{{"tier", q(rule.tier)}, {"when", when}});
    }
    root["rules"] = list;
    root["default"] = q(defaultTier);
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

Result<TierDefinition> TierDefinition::fromJson(const std::string& json) {
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(json), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return invalid("The tier definition is not a JSON object (" +
                       parseError.errorString().toStdString() + ").");
    const QJsonObject root = document.object();
    if (root["version"].toInt(1) != 1)
        return invalid("The tier definition has an unknown version.");
    TierDefinition out;
    out.name = root["name"].toString().toStdString();
    out.defaultTier = root["default"].toString("Other").toStdString();
    const QJsonArray rules = root["rules"].toArray();
    for (qsizetype r = 0; r < rules.size(); ++r) {
        const QJsonObject o = rules[r].toObject();
        TierRule rule;
        rule.tier = o["tier"].toString().toStdString();
        const std::string where = "Tier rule " + std::to_string(r + 1);
        if (rule.tier.empty())
            return invalid(where + " names no \"tier\".");
        for (const auto& entry : o["when"].toArray()) {
            const QJsonObject c = entry.toObject();
            TierCondition condition;
            condition.column = c["column"].toString().toStdString();
            if (condition.column.empty())
                return invalid(where + " (\"" + rule.tier +
                               "\") has a condition without a column.");
            const std::string op = c["op"].toString().toStdString();
            const auto it = std::find_if(kOps.begin(), kOps.end(),
                                         [&](const auto& entry) { return op == entry.second; });
            if (it == kOps.end())
                return invalid(where + " (\"" + rule.tier +
                                   "\"): \"op\" must be <, <=, >, >=, == "
                                   "or !=, not \"" +
                                   op + "\".",
                               op);
            condition.op = it->first;
            if (!c["value"].isDouble())
                return invalid(where + " (\"" + rule.tier + "\"): the condition on \"" +
                               condition.column + "\" needs a numeric \"value\".");
            condition.threshold = c["value"].toDouble();
            rule.conditions.push_back(std::move(condition));
        }
        out.rules.push_back(std::move(rule));
    }
    return out;
}

Result<TierAssignment> applyTiers(const Workspace& workspace, const std::string& tableName,
                                  const TierDefinition& definition, Progress& progress,
                                  const CancelToken& cancel) {
    if (cancel.isCancelled())
        return cancelledError();
    auto resolved = features::resolveTable(workspace, tableName);
    if (!resolved)
        return resolved.error();
    const std::string& table = resolved.value();
    const auto available = features::tableColumns(workspace, table);
    const std::vector<std::string> columns = definition.columns();
    std::vector<char> marks;
    for (const auto& column : columns) {
        if (!available.count(column))
            return features::missingColumn(table, column, available);
        marks.push_back(available.at(column));
    }
    sqlite3* db = workspace.db();
    std::string sql = "SELECT count(*) OVER ()";
    for (const auto& column : columns)
        sql += ", " + quoteIdentifier(column);
    sql += " FROM " + quoteIdentifier(table) + " ORDER BY rowid";
    Statement statement(db, sql);
    if (!statement.valid())
        return sqliteError(db, "reading table " + table);
    TierAssignment out;
    std::map<std::string, std::int64_t> counts;
    std::vector<std::optional<double>> row(columns.size());
    std::int64_t rows = 0;
    while (statement.step()) {
        if (rows % kBatch == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(double(rows) /
                                double(std::max<std::int64_t>(1, statement.columnInt(0))),
                            "Assigning tiers");
        }
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const auto cell = statement.columnOptionalText(int(c + 1));
            row[c] =
                features::isMissing(cell) ? std::nullopt : features::parseNumber(*cell, marks[c]);
            if (!row[c])
                ++out.unreadable[columns[c]];
        }
        const std::string& tier = definition.tierFor([&](const std::string& column) {
            const auto it = std::find(columns.begin(), columns.end(), column);
            return row[std::size_t(it - columns.begin())];
        });
        ++counts[tier];
        out.tiers.push_back(tier);
        ++rows;
    }
    if (statement.failed())
        return sqliteError(db, "reading table " + table);
    for (const auto& rule : definition.rules)
        if (counts.count(rule.tier) &&
            std::none_of(out.counts.begin(), out.counts.end(),
                         [&](const auto& entry) { return entry.first == rule.tier; }))
            out.counts.emplace_back(rule.tier, counts[rule.tier]);
    if (counts.count(definition.defaultTier) &&
        std::none_of(out.counts.begin(), out.counts.end(),
                     [&](const auto& entry) { return entry.first == definition.defaultTier; }))
        out.counts.emplace_back(definition.defaultTier, counts[definition.defaultTier]);
    progress.report(1.0, "Assigned tiers to " + std::to_string(rows) + " rows");
    return out;
}

} // namespace microseg::core
