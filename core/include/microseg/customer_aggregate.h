#pragma once
/// @file customer_aggregate.h
/// Customers from transactions: one row per customer key of a transaction table, and joins of
/// several per-customer tables on their keys.
///
/// aggregateCustomers reads the transactions exactly as RFM does (rfm.h: the same
/// column resolution, date parsing, amount expression "Amount" or "Quantity*UnitPrice", returns
/// detection and policies, Kahan-compensated sums in row order), so its values equal the pandas
/// groupby computation in tests/fixtures/make_customers_reference.py:
///   orders         = distinct invoices (without an invoice column: distinct transaction times)
///   first/last     = date of the first and last purchase (ISO "YYYY-MM-DD")
///   total_spend    = sum of amounts; average_order = total_spend / orders
///   distinct_products (when a product column is named), and with ReturnsPolicy::Separate
///   return_orders and return_amount;
///   with a half-life h (time decay, as RFM's, rfm.h): weighted_orders and weighted_spend, the
///   weight of a purchase line being 0.5^((analysis date - its day) / h), analysis date = the
///   day after the last purchase unless given.
/// Rows without a customer key are counted (missingCustomerRows) and excluded; a table with no
/// customer with purchases is an InvalidArgument error.
///
/// joinTables left-joins several tables on one key column each (keys compared as trimmed text;
/// rows of the first table without a key are kept with no match), and reports, for every ordered
/// pair of tables, how many keys of one are missing from the other with up to 5 examples. A key
/// occurring twice in one table is an InvalidArgument error naming the table and the key.
///
/// Progress/cancel: both report fractions ending at 1 and poll the token per batch of rows; a
/// cancelled or failed call leaves the workspace unchanged. A successful one creates the output
/// table (_row INTEGER PRIMARY KEY first; name checked with isValidDatasetName) and an audit entry
/// ("customers" or "join") in one transaction.

#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/rfm.h"
#include "microseg/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace microseg::core {

struct CustomerAggregateRequest {
    std::string table; ///< dataset name or table name
    std::string customerColumn;
    std::string dateColumn;
    std::string invoiceColumn; ///< optional
    std::string amount;        ///< "Amount" or "Quantity*UnitPrice"
    std::string productColumn; ///< optional
    std::string dateFormat;    ///< optional: overrides the inferred date format
    ReturnsPolicy returns = ReturnsPolicy::Net;
    std::string cancelledPrefix = "C";
    std::optional<double> halfLifeDays;       ///< time decay (> 0 days); unset: none
    std::optional<std::int32_t> analysisDate; ///< decay reference; default: last day + 1
    std::string outputTable;
};

struct CustomerRow {
    std::string customer;
    std::int64_t orders = 0;
    std::int32_t firstPurchase = 0, lastPurchase = 0; ///< days since 1970-01-01
    double totalSpend = 0.0;
    double averageOrder = 0.0;
    std::int64_t distinctProducts = 0;
    std::int64_t returnOrders = 0; ///< Separate only
    double returnAmount = 0.0;     ///< Separate only
    double weightedOrders = 0.0, weightedSpend = 0.0; ///< with a half-life only
};

struct CustomerAggregateReport {
    std::string sourceTable;
    std::string outputTable;
    ReturnsPolicy returns = ReturnsPolicy::Net;
    std::optional<double> halfLifeDays;
    std::int32_t analysisDate = 0; ///< the decay reference (set with a half-life)
    std::int64_t rowsRead = 0;
    std::int64_t missingCustomerRows = 0;
    std::int64_t returnRows = 0;
    std::int64_t excludedReturnRows = 0;
    std::int64_t customersWithoutPurchases = 0; ///< Exclude/Separate: returns only, left out
    std::vector<std::string> warnings;
    std::vector<CustomerRow> customers; ///< in customer key order (as pandas' groupby)
    double seconds = 0.0;
};

/// Aggregates and stores the table `request.outputTable` (_row, customer, orders, first_purchase,
/// last_purchase, total_spend, average_order, [distinct_products], [return_orders,
/// return_amount], [weighted_orders, weighted_spend]) with a "customers" audit entry, in one transaction.
Result<CustomerAggregateReport> aggregateCustomers(Workspace& workspace,
                                                   const CustomerAggregateRequest& request,
                                                   Progress& progress, const CancelToken& cancel);

struct JoinRequest {
    std::vector<std::string> tables; ///< dataset or table names; the first is the left side
    std::vector<std::string> keys;   ///< one key column per table
    std::string outputTable;
};

/// Keys of table `from` that table `to` does not have.
struct KeyMismatch {
    std::string from, to;
    std::int64_t count = 0;
    std::vector<std::string> examples; ///< up to 5, in key order
};

struct JoinReport {
    std::vector<std::string> tables; ///< resolved table names
    std::string outputTable;
    std::int64_t rows = 0;
    std::vector<std::string> columns;          ///< output columns after _row
    std::vector<std::int64_t> missingKeyRows;  ///< per table: rows without a key
    std::vector<KeyMismatch> mismatches;       ///< every ordered pair of tables
    double seconds = 0.0;
};

/// Left join of the tables on their keys into `request.outputTable`: the first table's columns,
/// then each other table's columns without its key (a name already used gets the table name as
/// prefix), with a "join" audit entry, in one transaction.
Result<JoinReport> joinTables(Workspace& workspace, const JoinRequest& request, Progress& progress,
                              const CancelToken& cancel);

} // namespace microseg::core
