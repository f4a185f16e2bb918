// Stores an RFM result as a workspace table, with its audit entry, in one transaction.
#include "microseg/csv_import.h"
#include "microseg/date_parse.h"
#include "microseg/rfm.h"
#include "sqlite_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <sqlite3.h>

namespace microseg::core {
namespace {

std::string auditDetails(const RfmRequest& request, const RfmReport& report) {
    QJsonObject details;
    const auto text = [](const std::string& value) { return QString::fromStdString(value); };
    details["source_table"] = text(report.sourceTable);
    details["table"] = text(report.outputTable);
    details["customer"] = text(request.customerColumn);
    details["date"] = text(request.dateColumn);
    if (!request.dateFormat.empty())
        details["date_format"] = text(request.dateFormat);
    details["invoice"] = text(request.invoiceColumn);
    details["amount"] = text(request.amount);
    details["product"] = text(request.productColumn);
    details["returns"] = returnsPolicyName(request.returns);
    details["cancelled_prefix"] = text(request.cancelledPrefix);
    details["analysis_date"] = text(isoDate(report.analysisDate));
    details["analysis_date_given"] = request.analysisDate.has_value();
    if (request.halfLifeDays)
        details["half_life_days"] = *request.halfLifeDays;
    details["rows_read"] = static_cast<qint64>(report.rowsRead);
    details["missing_customer_rows"] = static_cast<qint64>(report.missingCustomerRows);
    details["return_rows"] = static_cast<qint64>(report.returnRows);
    details["customers"] = static_cast<qint64>(report.customers.size());
    details["customers_without_purchases"] = static_cast<qint64>(report.customersWithoutPurchases);
    details["scores"] = "pd.qcut(x.rank(method=\"first\"), 5, labels=[1..5]); recency reversed";
    QJsonArray rules;
    for (const auto& rule : request.segmentRules) {
        QJsonObject entry;
        entry["name"] = text(rule.name);
        entry["r"] = QJsonArray{rule.rMin, rule.rMax};
        entry["f"] = QJsonArray{rule.fMin, rule.fMax};
        entry["m"] = QJsonArray{rule.mMin, rule.mMax};
        rules.append(entry);
    }
    details["segment_rules"] = rules;
    return QJsonDocument(details).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

Result<RfmReport> buildRfm(Workspace& workspace, const RfmRequest& request, Progress& progress,
                           const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    const std::string& name = request.outputTable;
    if (!isValidDatasetName(name))
        return Error{ErrorCode::InvalidArgument,
                     "The output table name \"" + name +
                         "\" must hold 1 to 100 letters, digits and underscores.",
                     {},
                     0,
                     0,
                     name};
    if (workspace.hasTable(name) || workspace.dataset(name))
        return Error{ErrorCode::AlreadyExists,
                     "The workspace already has a table named \"" + name +
                         "\"; choose another name.",
                     {},
                     0,
                     0,
                     name};
    auto computed = computeRfm(workspace, request, progress, cancel);
    if (!computed)
        return computed.error();
    RfmReport report = std::move(computed.value());
    report.outputTable = name;
    const bool products = !request.productColumn.empty();
    const bool separate = request.returns == ReturnsPolicy::Separate;

    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to store the RFM table");
    std::string create = "CREATE TABLE " + quoteIdentifier(name) +
                         "(_row INTEGER PRIMARY KEY, customer TEXT NOT NULL, recency INTEGER, "
                         "frequency INTEGER, monetary REAL, r_score INTEGER, f_score INTEGER, "
                         "m_score INTEGER, rfm_code TEXT, segment TEXT, first_purchase TEXT, "
                         "last_purchase TEXT, average_order REAL";
    const bool decay = request.halfLifeDays.has_value();
    int parameters = 13 + (products ? 1 : 0) + (separate ? 2 : 0) + (decay ? 2 : 0);
    if (products)
        create += ", distinct_products INTEGER";
    if (separate)
        create += ", return_orders INTEGER, return_amount REAL";
    if (decay)
        create += ", weighted_frequency REAL, weighted_monetary REAL";
    if (Status status = exec(db, create + ") STRICT", "creating table " + name); !status)
        return status.error();
    Statement statement(db, insertSql(quoteIdentifier(name), parameters));
    if (!statement.valid())
        return sqliteError(db, "preparing to store table " + name);
    sqlite3_stmt* s = statement.get();
    const double total = double(report.customers.size());
    for (std::size_t i = 0; i < report.customers.size(); ++i) {
        const RfmCustomer& c = report.customers[i];
        if (i % 4096 == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(0.8 + 0.18 * double(i) / total, "Storing " + name);
        }
        int p = 1;
        const auto text = [&](const std::string& value) {
            sqlite3_bind_text(s, p++, value.data(), int(value.size()), SQLITE_TRANSIENT);
        };
        sqlite3_bind_int64(s, p++, std::int64_t(i + 1));
        text(c.customer);
        sqlite3_bind_int64(s, p++, c.recency);
        sqlite3_bind_int64(s, p++, c.frequency);
        sqlite3_bind_double(s, p++, c.monetary);
        sqlite3_bind_int64(s, p++, c.rScore);
        sqlite3_bind_int64(s, p++, c.fScore);
        sqlite3_bind_int64(s, p++, c.mScore);
        text(c.code);
        text(c.segment);
        text(isoDate(c.firstPurchase));
        text(isoDate(c.lastPurchase));
        sqlite3_bind_double(s, p++, c.averageOrder);
        if (products)
            sqlite3_bind_int64(s, p++, c.distinctProducts);
        if (separate) {
            sqlite3_bind_int64(s, p++, c.returnOrders);
            sqlite3_bind_double(s, p++, c.returnAmount);
        }
        if (decay) {
            sqlite3_bind_double(s, p++, c.weightedFrequency);
            sqlite3_bind_double(s, p++, c.weightedMonetary);
        }
        const int code = sqlite3_step(s);
        sqlite3_reset(s);
        if (code != SQLITE_DONE)
            return sqliteError(db, "storing customer " + c.customer + " in table " + name);
    }
    if (Status status = workspace.audit("rfm", auditDetails(request, report)); !status)
        return status.error();
    if (cancel.isCancelled())
        return cancelledError();
    if (Status status = transaction.commit(); !status)
        return status.error();
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.report(1.0,
                    "Stored RFM for " + std::to_string(report.customers.size()) + " customers");
    return report;
}

} // namespace microseg::core
