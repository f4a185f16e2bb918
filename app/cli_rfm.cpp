// microseg-cli rfm: RFM scores and segments from a transaction table, stored as a new table.
#include "cli_commands.h"
#include "cli_transaction_report.h"
#include "microseg/date_parse.h"
#include "microseg/rfm.h"
#include "microseg/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <charconv>
#include <cmath>
#include <iostream>

namespace microseg::cli {
using namespace microseg::core;

std::optional<double> parseHalfLife(const std::string& text) {
    double days = 0.0;
    const char* end = text.data() + text.size();
    const auto [last, error] = std::from_chars(text.data(), end, days);
    if (error != std::errc() || last != end || !std::isfinite(days) || days <= 0.0)
        return std::nullopt;
    return days;
}

int runRfm(const Arguments& args) {
    const std::string path = args.value("workspace");
    if (path.empty())
        return fail("no workspace given (use -w WORKSPACE)", 2);
    RfmRequest request;
    request.table = args.value("table");
    request.customerColumn = args.value("customer");
    request.dateColumn = args.value("date");
    request.amount = args.value("amount");
    request.outputTable = args.value("out");
    request.invoiceColumn = args.value("invoice");
    request.productColumn = args.value("product");
    request.dateFormat = args.value("date-format");
    for (const char* required : {"table", "customer", "date", "amount", "out"})
        if (args.value(required).empty())
            return fail(std::string("rfm needs --") + required +
                            " (rfm -w WS --table T --customer C --date D --amount EXPR --out NAME)",
                        2);
    if (args.has("analysis-date")) {
        const auto day = parseIsoDay(args.value("analysis-date"));
        if (!day)
            return fail("--analysis-date must be a date YYYY-MM-DD, not \"" +
                            args.value("analysis-date") + "\"",
                        2);
        request.analysisDate = *day;
    }
    if (args.has("half-life")) {
        const auto halfLife = parseHalfLife(args.value("half-life"));
        if (!halfLife)
            return fail("--half-life must be a number of days greater than 0, not \"" +
                            args.value("half-life") + "\"",
                        2);
        request.halfLifeDays = *halfLife;
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
    auto result = buildRfm(*opened.value(), request, progress, CancelToken());
    if (!result)
        return fail(result.error().toString());
    const RfmReport& report = result.value();
    if (args.has("json")) {
        QJsonObject out;
        addTransactionReportJson(out, report);
        out["analysis_date"] = QString::fromStdString(isoDate(report.analysisDate));
        if (report.halfLifeDays)
            out["half_life_days"] = *report.halfLifeDays;
        out["seconds"] = report.seconds;
        QJsonObject segments;
        for (const auto& [name, count] : report.segmentCounts)
            segments[QString::fromStdString(name)] = static_cast<qint64>(count);
        out["segments"] = segments;
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    std::cout << "RFM for " << report.customers.size() << " customers stored in table \""
              << report.outputTable << "\" (" << report.rowsRead << " rows of "
              << report.sourceTable << ", analysis date " << isoDate(report.analysisDate)
              << ", returns " << returnsPolicyName(report.returns) << ") in " << report.seconds
              << " s\n";
    printTransactionReportNotes(report);
    for (const auto& [name, count] : report.segmentCounts)
        std::cout << "  " << name << ": " << count << "\n";
    return 0;
}

} // namespace microseg::cli
