// RFM from a transaction table: one SELECT of the needed columns, aggregation in hash maps keyed
// by customer, pandas-exact scores (rfm_scoring.cpp), then one transaction writing the table.
#include "microseg/csv_import.h"
#include "microseg/date_parse.h"
#include "microseg/rfm.h"
#include "feature_read.h"
#include "rfm_read.h"
#include "sqlite_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <sqlite3.h>
#include <tuple>
#include <unordered_map>

namespace microseg::core {
namespace {

using namespace features; // the shared reading pieces (rfm_read.h)

constexpr std::int64_t kBatch = 8192;

/// Up to three examples and a count of rows with one kind of problem in one column.
struct Problem {
    std::int64_t count = 0;
    std::vector<std::pair<std::int64_t, std::string>> examples;
    void add(std::int64_t row, std::string_view value) {
        if (++count <= 3)
            examples.emplace_back(row, std::string(value));
    }
    [[nodiscard]] std::string describe() const {
        std::string text;
        for (const auto& [row, value] : examples)
            text += (text.empty() ? "" : ", ") + std::string("row ") + std::to_string(row) + " \"" +
                    value + "\"";
        return text;
    }
};

// Numbers and trimming as the feature builder reads them (one rule for both).
using features::parseNumber;
using features::trimmed;

std::string_view columnView(sqlite3_stmt* statement, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    return text ? std::string_view(
                      text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)))
                : std::string_view();
}

Error notFound(std::string message, std::string value) {
    return Error{ErrorCode::NotFound, std::move(message), {}, 0, 0, std::move(value)};
}

Error invalid(std::string message, std::string value = {}) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
}

SourceColumns sourceColumns(const Workspace& workspace, const std::string& table) {
    SourceColumns out;
    Statement info(workspace.db(), "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    info.bind(1, table);
    while (info.step())
        if (std::string name = info.columnText(0); name != "_row")
            out.names.push_back(std::move(name));
    out.types.resize(out.names.size());
    if (auto dataset = workspace.datasetByTable(table)) {
        out.typed = true;
        for (const auto& column : workspace.columns(dataset->id))
            if (int i = out.find(column.name); i >= 0)
                out.types[std::size_t(i)] = column.type;
    }
    return out;
}

/// The first value of `column` that is not a date, for the message when a column is not dates.
std::string firstNonDate(sqlite3* db, const std::string& table, const std::string& column,
                         std::int64_t& row) {
    Statement statement(db, "SELECT rowid, " + quoteIdentifier(column) + " FROM " +
                                quoteIdentifier(table) + " WHERE " + quoteIdentifier(column) +
                                " IS NOT NULL");
    while (statement.step()) {
        const std::string value = statement.columnText(1);
        if (classifyValue(value).dateLayout == ValueShape::DateLayout::None) {
            row = statement.columnInt(0);
            return value;
        }
    }
    return {};
}

} // namespace

namespace features {

Result<ReadPlan> planRead(const Workspace& workspace, const RfmRequest& request,
                          RfmReport& report) {
    sqlite3* db = workspace.db();
    ReadPlan plan;
    std::string table = request.table;
    if (auto dataset = workspace.dataset(table))
        table = dataset->tableName;
    if (table.empty() || !workspace.hasTable(table))
        return notFound("The workspace has no table or dataset named \"" + request.table + "\".",
                        request.table);
    report.sourceTable = table;
    const SourceColumns columns = sourceColumns(workspace, table);
    std::string available;
    for (const auto& name : columns.names)
        available += (available.empty() ? "" : ", ") + name;
    auto column = [&](const std::string& role, const std::string& name,
                      bool optional) -> Result<int> {
        if (name.empty() && optional)
            return -1;
        if (name.empty())
            return invalid("No " + role + " column given.");
        const int i = columns.find(name);
        if (i < 0)
            return notFound("Table \"" + table + "\" has no column \"" + name + "\" (for the " +
                                role + "); it has: " + available + ".",
                            name);
        return i;
    };
    // The amount: one column, or the product of two ("Quantity*UnitPrice").
    std::vector<std::string> factors;
    {
        std::string_view rest = request.amount;
        while (true) {
            const auto star = rest.find('*');
            factors.emplace_back(trimmed(rest.substr(0, star)));
            if (star == std::string_view::npos)
                break;
            rest.remove_prefix(star + 1);
        }
        if (factors.size() > 2 || std::any_of(factors.begin(), factors.end(),
                                              [](const std::string& f) { return f.empty(); }))
            return invalid("The amount must be one column or the product of two (e.g. "
                           "\"Quantity*UnitPrice\"), not \"" +
                               request.amount + "\".",
                           request.amount);
    }
    std::vector<int> indexes; // customer, date, invoice, factor 1, [factor 2], product
    for (const auto& [role, name, optional] :
         {std::tuple<std::string, std::string, bool>{"customer", request.customerColumn, false},
          {"date", request.dateColumn, false},
          {"invoice", request.invoiceColumn, true},
          {"amount", factors[0], false},
          {"amount", factors.size() > 1 ? factors[1] : std::string(), true},
          {"product", request.productColumn, true}}) {
        auto found = column(role, name, optional);
        if (!found)
            return found.error();
        indexes.push_back(found.value());
    }
    const int customerIndex = indexes[0], dateIndex = indexes[1], invoiceIndex = indexes[2];
    const int productIndex = indexes[5];
    const std::vector<int> amountIndexes =
        indexes[4] >= 0 ? std::vector<int>{indexes[3], indexes[4]} : std::vector<int>{indexes[3]};

    // The date parser: the caller's format, else the column's inferred one.
    const InferredType& dateType = columns.types[std::size_t(dateIndex)];
    auto parser = request.dateFormat.empty() ? DateParser::forType(dateType)
                                             : DateParser::forFormat(request.dateFormat);
    if (!parser) {
        Error error = parser.error();
        if (request.dateFormat.empty()) {
            std::int64_t row = 0;
            const std::string example = firstNonDate(db, table, request.dateColumn, row);
            error.message =
                "Column \"" + request.dateColumn + "\" does not hold dates (" +
                (columns.typed ? "inferred " + dateType.describe() : "no inferred type") + ")" +
                (example.empty() ? std::string(".")
                                 : "; row " + std::to_string(row) + " has \"" + example + "\".") +
                " Choose the date column or give its format.";
            error.value = example;
        }
        error.column = dateIndex + 1;
        return error;
    }
    if (request.dateFormat.empty() && dateType.ambiguousDayMonth)
        report.warnings.push_back("Column \"" + request.dateColumn + "\": dates read as " +
                                  dateType.dateFormat +
                                  "; every value also fits the other "
                                  "day/month order.");
    std::vector<char> decimalMarks;
    for (int index : amountIndexes)
        decimalMarks.push_back(columns.types[std::size_t(index)].decimalMark);

    // One SELECT of the needed columns, in row order.
    std::string sql = "SELECT rowid";
    for (int index : {customerIndex, dateIndex, invoiceIndex, amountIndexes[0],
                      amountIndexes.size() > 1 ? amountIndexes[1] : -1, productIndex})
        sql += ", " + (index >= 0 ? quoteIdentifier(columns.names[std::size_t(index)]) : "NULL");
    sql += " FROM " + quoteIdentifier(table) + " ORDER BY rowid";

    plan.table = table;
    plan.columns = columns;
    plan.customerIndex = customerIndex;
    plan.dateIndex = dateIndex;
    plan.invoiceIndex = invoiceIndex;
    plan.productIndex = productIndex;
    plan.amountIndexes = amountIndexes;
    plan.decimalMarks = std::move(decimalMarks);
    plan.dates = parser.value();
    plan.sql = std::move(sql);
    return plan;
}

/// The one pass over the rows. Every unreadable date or amount is an error, reported with
/// counts and examples (rows numbered as in the table).
Status aggregateRows(sqlite3* db, const ReadPlan& plan, const RfmRequest& request,
                     RfmReport& report, Transactions& out, Progress& progress,
                     const CancelToken& cancel) {
    Interner invoices, products;
    Interner& customers = out.customers;
    std::vector<Aggregate>& aggregates = out.aggregates;
    Problem badDates, missingDates, badAmounts, missingAmounts;
    const DateParser& dates = *plan.dates;
    const std::vector<int>& amountIndexes = plan.amountIndexes;
    const std::vector<char>& decimalMarks = plan.decimalMarks;
    const int invoiceIndex = plan.invoiceIndex, productIndex = plan.productIndex;
    Statement select(db, plan.sql);
    if (!select.valid())
        return sqliteError(db, "reading table " + plan.table);
    const double lastRow = double(std::max<std::int64_t>(
        1, queryInt(db, "SELECT max(rowid) FROM " + quoteIdentifier(plan.table)).value_or(1)));
    const bool hasInvoice = invoiceIndex >= 0;
    const std::string_view prefix = request.cancelledPrefix;
    const bool decay = request.halfLifeDays.has_value();
    progress.report(0.0, "Reading transactions");
    sqlite3_stmt* statement = select.get();
    int code = SQLITE_ROW;
    std::int64_t row = 0;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
        row = sqlite3_column_int64(statement, 0);
        if (++report.rowsRead % kBatch == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(0.8 * double(row) / lastRow, "Reading transactions");
        }
        const std::string_view customer = trimmed(columnView(statement, 1));
        if (customer.empty()) {
            ++report.missingCustomerRows;
            continue;
        }
        std::optional<DateTimeValue> when;
        if (const std::string_view text = columnView(statement, 2); text.empty()) {
            missingDates.add(row, text);
        } else if (!(when = dates.parse(text))) {
            badDates.add(row, text);
        }
        double amount = 1.0, quantity = 0.0;
        for (std::size_t f = 0; f < amountIndexes.size(); ++f) {
            const std::string_view text = columnView(statement, int(4 + f));
            const auto value = text.empty() ? std::nullopt : parseNumber(text, decimalMarks[f]);
            if (!value) {
                (text.empty() ? missingAmounts : badAmounts).add(row, text);
                amount = std::numeric_limits<double>::quiet_NaN();
                break;
            }
            if (f == 0)
                quantity = *value;
            amount = f == 0 ? *value : amount * *value;
        }
        if (!when || std::isnan(amount))
            continue;
        const std::string_view invoice = hasInvoice ? columnView(statement, 3) : std::string_view();
        const bool isReturn = quantity < 0 || (hasInvoice && !prefix.empty() &&
                                               invoice.substr(0, prefix.size()) == prefix);
        const std::uint32_t id = customers.id(customer);
        if (id == aggregates.size())
            aggregates.emplace_back();
        Aggregate& a = aggregates[id];
        const std::int64_t order = hasInvoice
                                       ? (invoice.empty() ? -1 : std::int64_t(invoices.id(invoice)))
                                       : when->totalSeconds();
        if (isReturn) {
            ++report.returnRows;
            if (request.returns == ReturnsPolicy::Exclude) {
                ++report.excludedReturnRows;
                continue;
            }
            if (request.returns == ReturnsPolicy::Separate) {
                a.returns.add(amount);
                if (order >= 0 && (a.returnOrders.empty() || a.returnOrders.back() != order))
                    a.returnOrders.push_back(order);
                continue;
            }
        }
        a.purchased = true;
        a.first = std::min(a.first, when->totalSeconds());
        a.last = std::max(a.last, when->totalSeconds());
        a.monetary.add(amount);
        if (order >= 0 && (a.orders.empty() || a.orders.back() != order))
            a.orders.push_back(order);
        if (decay) {
            const auto day = std::int32_t(floorDays(when->totalSeconds()));
            a.dayAmounts.emplace_back(day, amount);
            if (order >= 0 && (a.orderDays.empty() || a.orderDays.back() != std::pair{order, day}))
                a.orderDays.emplace_back(order, day);
        }
        if (productIndex >= 0) {
            if (const std::string_view product = columnView(statement, 6); !product.empty()) {
                const std::uint32_t p = products.id(product);
                if (a.products.empty() || a.products.back() != p)
                    a.products.push_back(p);
            }
        }
    }
    if (code != SQLITE_DONE)
        return sqliteError(db, "reading table " + plan.table);
    if (cancel.isCancelled())
        return cancelledError();

    // Every unreadable value is an error, reported with counts and examples.
    std::string problems;
    Error error = invalid("");
    auto note = [&](const Problem& problem, const std::string& columnName, int index,
                    const std::string& what) {
        if (problem.count == 0)
            return;
        if (problems.empty()) {
            error.column = index + 1;
            error.value = problem.examples[0].second;
        }
        problems +=
            (problems.empty() ? "" : " ") + std::string("Column \"") + columnName +
            "\": " + std::to_string(problem.count) + " row(s) " + what +
            (problem.examples.empty() || problem.examples[0].second.empty()
                 ? std::string(" (first at row ") + std::to_string(problem.examples[0].first) + ")."
                 : ", e.g. " + problem.describe() + ".");
    };
    note(badDates, request.dateColumn, plan.dateIndex,
         "do not parse as " + dates.format() + " dates");
    note(missingDates, request.dateColumn, plan.dateIndex, "have no date");
    const std::string amountNames = request.amount;
    note(badAmounts, amountNames, amountIndexes[0], "have a non-numeric amount");
    note(missingAmounts, amountNames, amountIndexes[0], "have no amount");
    if (!problems.empty()) {
        error.message = problems + " Rows are numbered as in the table (_row); fix or clean them "
                                   "before aggregating the transactions.";
        return error;
    }
    return success();
}

DecayedTotals decayedTotals(Aggregate& a, std::int32_t analysisDay, double halfLifeDays) {
    const auto weight = [&](std::int32_t day) {
        return std::pow(0.5, double(analysisDay - day) / halfLifeDays);
    };
    DecayedTotals out;
    KahanSum spend;
    for (const auto& [day, amount] : a.dayAmounts)
        spend.add(amount * weight(day));
    out.spend = spend.sum;
    // The earliest day of each distinct order: sort by (order, day), keep the first per order.
    std::sort(a.orderDays.begin(), a.orderDays.end());
    for (std::size_t i = 0; i < a.orderDays.size(); ++i)
        if (i == 0 || a.orderDays[i].first != a.orderDays[i - 1].first)
            out.orders += weight(a.orderDays[i].second);
    return out;
}

Status checkHalfLife(const std::optional<double>& halfLifeDays) {
    if (halfLifeDays && !(std::isfinite(*halfLifeDays) && *halfLifeDays > 0.0))
        return invalid("The half-life must be a number of days greater than 0, not " +
                           std::to_string(*halfLifeDays) + ".",
                       std::to_string(*halfLifeDays));
    return success();
}

std::vector<std::uint32_t> customerOrder(const Transactions& in, bool integerKeys,
                                         std::int64_t& withoutPurchases) {
    // Customers in key order: numeric for an integer key column, else by bytes (pandas'
    // groupby order, which is also the tie order of rank(method="first")).
    const auto& keys = in.customers.keys();
    const std::vector<Aggregate>& aggregates = in.aggregates;
    std::vector<std::uint32_t> order;
    for (std::uint32_t id = 0; id < aggregates.size(); ++id)
        if (aggregates[id].purchased)
            order.push_back(id);
        else
            ++withoutPurchases;
    if (integerKeys) {
        std::vector<std::int64_t> numbers(keys.size());
        for (std::size_t i = 0; i < keys.size(); ++i)
            std::from_chars(keys[i].data(), keys[i].data() + keys[i].size(), numbers[i]);
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return numbers[a] != numbers[b] ? numbers[a] < numbers[b] : keys[a] < keys[b];
        });
    } else {
        std::sort(order.begin(), order.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
    }
    return order;
}

} // namespace features

namespace {

/// Recency, frequency, monetary per customer in key order, then scores, codes and segments.
Status scoreCustomers(Transactions& in, bool integerKeys, const RfmRequest& request,
                      RfmReport& report) {
    const auto& keys = in.customers.keys();
    std::vector<Aggregate>& aggregates = in.aggregates;
    const std::vector<std::uint32_t> order =
        customerOrder(in, integerKeys, report.customersWithoutPurchases);
    if (order.size() < 5)
        return invalid(
            "RFM quintile scores need at least 5 customers; table \"" + report.sourceTable +
                "\" has " + std::to_string(order.size()) + " with purchases" +
                (report.missingCustomerRows ? " (" + std::to_string(report.missingCustomerRows) +
                                                  " rows without a customer key were left out)"
                                            : std::string()) +
                ".",
            std::to_string(order.size()));

    std::int64_t lastDay = std::numeric_limits<std::int64_t>::min();
    for (std::uint32_t id : order)
        lastDay = std::max(lastDay, floorDays(aggregates[id].last));
    report.analysisDate = request.analysisDate ? *request.analysisDate : std::int32_t(lastDay + 1);
    if (report.analysisDate < lastDay)
        return invalid("The analysis date " + isoDate(report.analysisDate) +
                           " is before the last transaction (" + isoDate(std::int32_t(lastDay)) +
                           "); recency would be negative.",
                       isoDate(report.analysisDate));

    report.customers.resize(order.size());
    std::vector<double> recency(order.size()), frequency(order.size()), monetary(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        Aggregate& a = aggregates[order[i]];
        RfmCustomer& c = report.customers[i];
        c.customer = std::string(keys[order[i]]);
        c.firstPurchase = std::int32_t(floorDays(a.first));
        c.lastPurchase = std::int32_t(floorDays(a.last));
        c.recency = report.analysisDate - c.lastPurchase;
        std::sort(a.orders.begin(), a.orders.end());
        c.frequency = std::unique(a.orders.begin(), a.orders.end()) - a.orders.begin();
        c.monetary = a.monetary.sum;
        c.averageOrder = c.frequency > 0 ? c.monetary / double(c.frequency) : 0.0;
        std::sort(a.products.begin(), a.products.end());
        c.distinctProducts = std::unique(a.products.begin(), a.products.end()) - a.products.begin();
        std::sort(a.returnOrders.begin(), a.returnOrders.end());
        c.returnOrders =
            std::unique(a.returnOrders.begin(), a.returnOrders.end()) - a.returnOrders.begin();
        c.returnAmount = a.returns.sum;
        recency[i] = double(c.recency);
        frequency[i] = double(c.frequency);
        monetary[i] = c.monetary;
        if (request.halfLifeDays) {
            const DecayedTotals decayed =
                decayedTotals(a, report.analysisDate, *request.halfLifeDays);
            c.weightedFrequency = decayed.orders;
            c.weightedMonetary = decayed.spend;
            frequency[i] = decayed.orders; // F and M are scored on the decayed values
            monetary[i] = decayed.spend;
        }
    }
    const auto r = quintileScores(recency), f = quintileScores(frequency),
               m = quintileScores(monetary);
    std::vector<std::int64_t> segmentCounts(request.segmentRules.size() + 1, 0);
    for (std::size_t i = 0; i < order.size(); ++i) {
        RfmCustomer& c = report.customers[i];
        c.rScore = 6 - r[i]; // the most recent fifth scores 5
        c.fScore = f[i];
        c.mScore = m[i];
        c.code = {char('0' + c.rScore), char('0' + c.fScore), char('0' + c.mScore)};
        std::size_t rule = 0;
        while (rule < request.segmentRules.size() &&
               !request.segmentRules[rule].matches(c.rScore, c.fScore, c.mScore))
            ++rule;
        c.segment = rule < request.segmentRules.size() ? request.segmentRules[rule].name
                                                       : std::string(kRfmOtherSegment);
        ++segmentCounts[rule];
    }
    for (std::size_t rule = 0; rule <= request.segmentRules.size(); ++rule)
        if (segmentCounts[rule] > 0 || rule < request.segmentRules.size())
            report.segmentCounts.emplace_back(rule < request.segmentRules.size()
                                                  ? request.segmentRules[rule].name
                                                  : std::string(kRfmOtherSegment),
                                              segmentCounts[rule]);
    return success();
}

} // namespace

Result<RfmReport> computeRfm(const Workspace& workspace, const RfmRequest& request,
                             Progress& progress, const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    if (cancel.isCancelled())
        return cancelledError();
    if (Status status = checkHalfLife(request.halfLifeDays); !status)
        return status.error();
    RfmReport report;
    report.returns = request.returns;
    report.amountExpression = request.amount;
    report.halfLifeDays = request.halfLifeDays;
    auto plan = planRead(workspace, request, report);
    if (!plan)
        return plan.error();
    Transactions transactions;
    if (Status status = aggregateRows(workspace.db(), plan.value(), request, report, transactions,
                                      progress, cancel);
        !status)
        return status.error();
    const bool integerKeys =
        plan.value().columns.types[std::size_t(plan.value().customerIndex)].type ==
        ColumnType::Integer;
    if (Status status = scoreCustomers(transactions, integerKeys, request, report); !status)
        return status.error();
    progress.report(0.8, "Scored " + std::to_string(report.customers.size()) + " customers");
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace microseg::core
