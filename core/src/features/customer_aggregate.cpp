// Customers from transactions: the per-customer aggregate read by RFM's transaction reader
// (rfm_read.h), stored as a table with its audit entry in one transaction.
#include "microseg/customer_aggregate.h"
#include "microseg/csv_import.h"
#include "microseg/date_parse.h"
#include "rfm_read.h"
#include "sqlite_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <limits>
#include <sqlite3.h>

namespace microseg::core {
namespace {

Error invalid(std::string message, std::string value) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
}

std::string auditDetails(const CustomerAggregateRequest& request,
                         const CustomerAggregateReport& report) {
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
    if (request.halfLifeDays) {
        details["half_life_days"] = *request.halfLifeDays;
        details["analysis_date"] = text(isoDate(report.analysisDate));
    }
    details["rows_read"] = static_cast<qint64>(report.rowsRead);
    details["missing_customer_rows"] = static_cast<qint64>(report.missingCustomerRows);
    details["return_rows"] = static_cast<qint64>(report.returnRows);
    details["customers"] = static_cast<qint64>(report.customers.size());
    details["customers_without_purchases"] = static_cast<qint64>(report.customersWithoutPurchases);
    return QJsonDocument(details).toJson(QJsonDocument::Compact).toStdString();
}

Status store(Workspace& workspace, const CustomerAggregateRequest& request,
             const CustomerAggregateReport& report, Progress& progress, const CancelToken& cancel) {
    const std::string& name = report.outputTable;
    const bool products = !request.productColumn.empty();
    const bool separate = request.returns == ReturnsPolicy::Separate;
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to store the customer table");
    std::string create = "CREATE TABLE " + quoteIdentifier(name) +
                         "(_row INTEGER PRIMARY KEY, customer TEXT NOT NULL, orders INTEGER, "
                         "first_purchase TEXT, last_purchase TEXT, total_spend REAL, "
                         "average_order REAL";
    const bool decay = request.halfLifeDays.has_value();
    const int parameters = 7 + (products ? 1 : 0) + (separate ? 2 : 0) + (decay ? 2 : 0);
    if (products)
        create += ", distinct_products INTEGER";
    if (separate)
        create += ", return_orders INTEGER, return_amount REAL";
    if (decay)
        create += ", weighted_orders REAL, weighted_spend REAL";
    if (Status status = exec(db, create + ") STRICT", "creating table " + name); !status)
        return status;
    Statement statement(db, insertSql(quoteIdentifier(name), parameters));
    if (!statement.valid())
        return sqliteError(db, "preparing to store table " + name);
    sqlite3_stmt* s = statement.get();
    const double total = double(std::max<std::size_t>(1, report.customers.size()));
    for (std::size_t i = 0; i < report.customers.size(); ++i) {
        const CustomerRow& c = report.customers[i];
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
        sqlite3_bind_int64(s, p++, c.orders);
        text(isoDate(c.firstPurchase));
        text(isoDate(c.lastPurchase));
        sqlite3_bind_double(s, p++, c.totalSpend);
        sqlite3_bind_double(s, p++, c.averageOrder);
        if (products)
            sqlite3_bind_int64(s, p++, c.distinctProducts);
        if (separate) {
            sqlite3_bind_int64(s, p++, c.returnOrders);
            sqlite3_bind_double(s, p++, c.returnAmount);
        }
        if (decay) {
            sqlite3_bind_double(s, p++, c.weightedOrders);
            sqlite3_bind_double(s, p++, c.weightedSpend);
        }
        const int code = sqlite3_step(s);
        sqlite3_reset(s);
        if (code != SQLITE_DONE)
            return sqliteError(db, "storing customer " + c.customer + " in table " + name);
    }
    if (Status status = workspace.audit("customers", auditDetails(request, report)); !status)
        return status;
    if (cancel.isCancelled())
        return cancelledError();
    return transaction.commit();
}

} // namespace

Result<CustomerAggregateReport> aggregateCustomers(Workspace& workspace,
                                                   const CustomerAggregateRequest& request,
                                                   Progress& progress, const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    if (cancel.isCancelled())
        return cancelledError();
    const std::string& name = request.outputTable;
    if (!isValidDatasetName(name))
        return invalid("The output table name \"" + name +
                           "\" must hold 1 to 100 letters, digits and underscores.",
                       name);
    if (workspace.hasTable(name) || workspace.dataset(name))
        return Error{ErrorCode::AlreadyExists,
                     "The workspace already has a table named \"" + name +
                         "\"; choose another name.",
                     {},
                     0,
                     0,
                     name};
    // The transactions are read by RFM's reader (rfm_read.h): one definition of columns, dates,
    // amounts and returns for both features.
    if (Status status = features::checkHalfLife(request.halfLifeDays); !status)
        return status.error();
    RfmRequest rfm;
    rfm.halfLifeDays = request.halfLifeDays;
    rfm.table = request.table;
    rfm.customerColumn = request.customerColumn;
    rfm.dateColumn = request.dateColumn;
    rfm.invoiceColumn = request.invoiceColumn;
    rfm.amount = request.amount;
    rfm.productColumn = request.productColumn;
    rfm.dateFormat = request.dateFormat;
    rfm.returns = request.returns;
    rfm.cancelledPrefix = request.cancelledPrefix;
    rfm.outputTable = name;
    RfmReport read; // the reader's counts and warnings
    read.returns = request.returns;
    read.amountExpression = request.amount;
    auto plan = features::planRead(workspace, rfm, read);
    if (!plan)
        return plan.error();
    features::Transactions transactions;
    if (Status status = features::aggregateRows(workspace.db(), plan.value(), rfm, read,
                                                transactions, progress, cancel);
        !status)
        return status.error();
    const bool integerKeys =
        plan.value().columns.types[std::size_t(plan.value().customerIndex)].type ==
        ColumnType::Integer;
    CustomerAggregateReport report;
    report.sourceTable = read.sourceTable;
    report.outputTable = name;
    report.returns = request.returns;
    report.rowsRead = read.rowsRead;
    report.missingCustomerRows = read.missingCustomerRows;
    report.returnRows = read.returnRows;
    report.excludedReturnRows = read.excludedReturnRows;
    report.warnings = read.warnings;
    const std::vector<std::uint32_t> order =
        features::customerOrder(transactions, integerKeys, report.customersWithoutPurchases);
    if (order.empty())
        return invalid("Table \"" + report.sourceTable + "\" has no customer with purchases" +
                           (report.missingCustomerRows
                                ? " (" + std::to_string(report.missingCustomerRows) +
                                      " rows without a customer key were left out)."
                                : std::string(".")),
                       "0");
    report.halfLifeDays = request.halfLifeDays;
    if (request.halfLifeDays) {
        std::int64_t lastDay = std::numeric_limits<std::int64_t>::min();
        for (std::uint32_t id : order)
            lastDay = std::max(lastDay, features::floorDays(transactions.aggregates[id].last));
        report.analysisDate =
            request.analysisDate ? *request.analysisDate : std::int32_t(lastDay + 1);
        if (report.analysisDate < lastDay)
            return invalid("The analysis date " + isoDate(report.analysisDate) +
                               " is before the last purchase (" + isoDate(std::int32_t(lastDay)) +
                               "); decay weights would exceed 1.",
                           isoDate(report.analysisDate));
    }
    const auto& keys = transactions.customers.keys();
    report.customers.reserve(order.size());
    for (std::uint32_t id : order) {
        features::Aggregate& a = transactions.aggregates[id];
        CustomerRow row;
        row.customer = std::string(keys[id]);
        row.firstPurchase = std::int32_t(features::floorDays(a.first));
        row.lastPurchase = std::int32_t(features::floorDays(a.last));
        std::sort(a.orders.begin(), a.orders.end());
        row.orders = std::unique(a.orders.begin(), a.orders.end()) - a.orders.begin();
        row.totalSpend = a.monetary.sum;
        row.averageOrder = row.orders > 0 ? row.totalSpend / double(row.orders) : 0.0;
        std::sort(a.products.begin(), a.products.end());
        row.distinctProducts =
            std::unique(a.products.begin(), a.products.end()) - a.products.begin();
        std::sort(a.returnOrders.begin(), a.returnOrders.end());
        row.returnOrders =
            std::unique(a.returnOrders.begin(), a.returnOrders.end()) - a.returnOrders.begin();
        row.returnAmount = a.returns.sum;
        if (request.halfLifeDays) {
            const auto decayed =
                features::decayedTotals(a, report.analysisDate, *request.halfLifeDays);
            row.weightedOrders = decayed.orders;
            row.weightedSpend = decayed.spend;
        }
        report.customers.push_back(std::move(row));
    }
    progress.report(0.8, "Aggregated " + std::to_string(report.customers.size()) + " customers");
    if (Status status = store(workspace, request, report, progress, cancel); !status)
        return status.error();
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.report(1.0, "Stored " + std::to_string(report.customers.size()) + " customers");
    return report;
}

} // namespace microseg::core
