// microseg-cli customers / join: one row per customer from transactions, and joins of
// per-customer tables with a report of unmatched keys.
#include "cli_commands.h"
#include "cli_transaction_report.h"
#include "microseg/customer_aggregate.h"
#include "microseg/date_parse.h"
#include "microseg/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <iostream>

namespace microseg::cli {
using namespace microseg::core;

namespace {

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        out.push_back(text.substr(start, comma == std::string::npos ? comma : comma - start));
        if (comma == std::string::npos)
            return out;
        start = comma + 1;
    }
}

QJsonArray strings(const std::vector<std::string>& values) {
    QJsonArray out;
    for (const auto& value : values)
        out.append(QString::fromStdString(value));
    return out;
}

} // namespace

int runCustomers(const Arguments& args) {
    const std::string path = args.value("workspace");
    if (path.empty())
        return fail("no workspace given (use -w WORKSPACE)", 2);
    for (const char* required : {"table", "customer", "date", "amount", "out"})
        if (args.value(required).empty())
            return fail(std::string("customers needs --") + required +
                            " (customers -w WS --table T --customer C --date D --amount EXPR "
                            "--out NAME)",
                        2);
    CustomerAggregateRequest request;
    request.table = args.value("table");
    request.customerColumn = args.value("customer");
    request.dateColumn = args.value("date");
    request.amount = args.value("amount");
    request.outputTable = args.value("out");
    request.invoiceColumn = args.value("invoice");
    request.productColumn = args.value("product");
    request.dateFormat = args.value("date-format");
    if (args.has("half-life")) {
        const auto halfLife = parseHalfLife(args.value("half-life"));
        if (!halfLife)
            return fail("--half-life must be a number of days greater than 0, not \"" +
                            args.value("half-life") + "\"",
                        2);
        request.halfLifeDays = *halfLife;
    }
    if (args.has("analysis-date")) {
        const auto day = parseIsoDay(args.value("analysis-date"));
        if (!day)
            return fail("--analysis-date must be a date YYYY-MM-DD, not \"" +
                            args.value("analysis-date") + "\"",
                        2);
        request.analysisDate = *day;
    }
    if (args.has("returns")) {
        const auto policy = returnsPolicyFromName(args.value("returns"));
        if (!policy)
            return fail("--returns must be exclude, net or separate", 2);
        request.returns = *policy;
    }
    auto opened = Workspace::open(path);
    if (!opened)
        return fail(opened.error().toString());
    Progress progress;
    auto result = aggregateCustomers(*opened.value(), request, progress, CancelToken());
    if (!result)
        return fail(result.error().toString());
    const CustomerAggregateReport& report = result.value();
    if (args.has("json")) {
        QJsonObject out;
        addTransactionReportJson(out, report);
        if (report.halfLifeDays) {
            out["half_life_days"] = *report.halfLifeDays;
            out["analysis_date"] = QString::fromStdString(isoDate(report.analysisDate));
        }
        out["seconds"] = report.seconds;
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    std::cout << report.customers.size() << " customers stored in table \"" << report.outputTable
              << "\" (" << report.rowsRead << " rows of " << report.sourceTable << ", returns "
              << returnsPolicyName(report.returns) << ") in " << report.seconds << " s\n";
    if (report.halfLifeDays)
        std::cout << "time decay: half-life " << *report.halfLifeDays << " days before "
                  << isoDate(report.analysisDate) << "\n";
    printTransactionReportNotes(report);
    return 0;
}

int runJoin(const Arguments& args) {
    const std::string path = args.value("workspace");
    if (path.empty())
        return fail("no workspace given (use -w WORKSPACE)", 2);
    for (const char* required : {"tables", "keys", "out"})
        if (args.value(required).empty())
            return fail(std::string("join needs --") + required +
                            " (join -w WS --tables A,B,C --keys ka,kb,kc --out NAME)",
                        2);
    JoinRequest request;
    request.tables = splitList(args.value("tables"));
    request.keys = splitList(args.value("keys"));
    request.outputTable = args.value("out");
    auto opened = Workspace::open(path);
    if (!opened)
        return fail(opened.error().toString());
    Progress progress;
    auto result = joinTables(*opened.value(), request, progress, CancelToken());
    if (!result)
        return fail(result.error().toString());
    const JoinReport& report = result.value();
    if (args.has("json")) {
        QJsonObject out;
        out["table"] = QString::fromStdString(report.outputTable);
        out["tables"] = strings(report.tables);
        out["rows"] = static_cast<qint64>(report.rows);
        out["columns"] = strings(report.columns);
        QJsonArray missingKeyRows, mismatches;
        for (std::int64_t count : report.missingKeyRows)
            missingKeyRows.append(static_cast<qint64>(count));
        for (const auto& m : report.mismatches) {
            QJsonObject entry;
            entry["from"] = QString::fromStdString(m.from);
            entry["to"] = QString::fromStdString(m.to);
            entry["count"] = static_cast<qint64>(m.count);
            entry["examples"] = strings(m.examples);
            mismatches.append(entry);
        }
        out["missing_key_rows"] = missingKeyRows;
        out["keys_not_found"] = mismatches;
        out["seconds"] = report.seconds;
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    std::cout << report.rows << " rows with " << report.columns.size()
              << " columns stored in table \"" << report.outputTable << "\"\n";
    for (const auto& m : report.mismatches) {
        std::cout << "  keys of " << m.from << " not in " << m.to << ": " << m.count;
        for (std::size_t i = 0; i < m.examples.size(); ++i)
            std::cout << (i == 0 ? " (e.g. " : ", ") << m.examples[i];
        std::cout << (m.examples.empty() ? "\n" : ")\n");
    }
    for (std::size_t i = 0; i < report.tables.size(); ++i)
        if (report.missingKeyRows[i] > 0)
            std::cout << "  " << report.tables[i] << ": " << report.missingKeyRows[i]
                      << " rows without a key\n";
    return 0;
}

} // namespace microseg::cli
