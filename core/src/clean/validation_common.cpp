// Flag, fix or drop: how a validation rule's findings become a step result.
#include "validation_common.h"

#include <algorithm>

namespace microseg::core::clean::detail {

Result<RuleOptions> ruleOptions(const QJsonObject& params) {
    RuleOptions options;
    auto action = choiceParam(params, "action", {"flag", "fix", "drop"}, "flag");
    if (!action)
        return action.error();
    options.action = action.value() == "fix" ? Action::Fix : action.value() == "drop" ? Action::Drop : Action::Flag;
    auto flag = columnNameParam(params, "flag_column", options.flagColumn);
    if (!flag)
        return flag.error();
    options.flagColumn = flag.value();
    return options;
}

StepResult ruleResult(const CleanTable& table, const std::vector<std::string>& columns,
                      const std::string& rule, const RuleOptions& options,
                      std::vector<Finding> findings) {
    StepResult result;
    std::vector<IssueCollector> collectors;
    for (const auto& name : columns)
        collectors.emplace_back("violation", name);
    std::vector<std::int64_t> perColumn(columns.size(), 0);
    std::vector<std::size_t> rows;
    for (const Finding& finding : findings) {
        collectors[finding.column].add(table.rowIds()[finding.row],
                                       table.find(columns[finding.column])->cells[finding.row]);
        ++perColumn[finding.column];
        if (rows.empty() || rows.back() != finding.row)
            rows.push_back(finding.row);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const char* outcome = options.action == Action::Flag  ? "flagged in column \"" 
                          : options.action == Action::Fix ? "fixed (missing where no fix exists)"
                                                          : "their rows dropped";
    for (std::size_t c = 0; c < columns.size(); ++c) {
        std::string message = std::to_string(perColumn[c]) + " values of column \"" + columns[c] +
                              "\" break the " + rule + " rule; " + outcome +
                              (options.action == Action::Flag ? options.flagColumn + "\"." : ".");
        auto issues = collectors[c].take(std::move(message));
        result.issues.insert(result.issues.end(), issues.begin(), issues.end());
    }
    QJsonObject perColumnCounts;
    for (std::size_t c = 0; c < columns.size(); ++c)
        perColumnCounts[QString::fromStdString(columns[c])] = static_cast<qint64>(perColumn[c]);
    result.counts["violations"] = static_cast<qint64>(findings.size());
    result.counts["rows_with_violations"] = static_cast<qint64>(rows.size());
    result.counts["by_column"] = perColumnCounts;

    switch (options.action) {
    case Action::Drop:
        result.dropRows = std::move(rows);
        break;
    case Action::Fix: {
        std::vector<CleanColumn> fixedColumns;
        std::vector<bool> touched(columns.size(), false);
        for (const Finding& finding : findings)
            touched[finding.column] = true;
        std::vector<int> slot(columns.size(), -1);
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (touched[c]) {
                slot[c] = int(fixedColumns.size());
                fixedColumns.push_back(*table.find(columns[c]));
            }
        std::int64_t cleared = 0;
        for (Finding& finding : findings) {
            cleared += finding.fixed ? 0 : 1;
            fixedColumns[std::size_t(slot[finding.column])].cells[finding.row] = std::move(finding.fixed);
        }
        result.counts["fixed"] = static_cast<qint64>(findings.size()) - cleared;
        result.counts["made_missing"] = static_cast<qint64>(cleared);
        result.replaced = std::move(fixedColumns);
        break;
    }
    case Action::Flag: {
        const CleanColumn* existing = table.find(options.flagColumn);
        CleanColumn flags = existing ? *existing
                                     : CleanColumn{options.flagColumn, ColumnType::Text,
                                                   std::vector<Cell>(table.rowCount())};
        for (const Finding& finding : findings)
            appendFlag(flags.cells[finding.row], columns[finding.column] + ": " + finding.reason);
        if (existing)
            result.replaced.push_back(std::move(flags));
        else
            result.added.push_back({std::move(flags), {}});
        break;
    }
    }
    return result;
}

Result<std::unique_ptr<Step>> makeValueRule(const RecipeStep& step, std::string rule, ValueCheck check) {
    auto options = ruleOptions(step.params);
    if (!options)
        return options.error();
    return makeStep([columns = step.columns, rule = std::move(rule), options = options.value(),
                     check = std::move(check)](const CleanTable& table, Progress& progress,
                                               const CancelToken& cancel) -> Result<StepResult> {
        std::vector<const CleanColumn*> sources;
        for (const auto& name : columns)
            sources.push_back(table.find(name));
        std::vector<Finding> findings;
        const std::size_t rows = table.rowCount();
        for (std::size_t r = 0; r < rows; ++r) {
            if (r % kCancelEvery == 0 && r > 0) {
                if (cancel.isCancelled())
                    return cancelledError();
                progress.report(double(r) / double(rows));
            }
            for (std::size_t c = 0; c < sources.size(); ++c)
                if (auto verdict = check(sources[c]->cells[r]))
                    findings.push_back({r, c, std::move(verdict->reason), std::move(verdict->fixed)});
        }
        return ruleResult(table, columns, rule, options, std::move(findings));
    });
}

} // namespace microseg::core::clean::detail
