// Customers from transactions against pandas (tests/fixtures/make_customers_reference.py), and
// joins of per-customer tables on small hand-made tables.
#include "microseg/csv_import.h"
#include "microseg/customer_aggregate.h"
#include "microseg/date_parse.h"
#include "microseg/table_reader.h"
#include "test_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <gtest/gtest.h>

using namespace microseg::core;
using microseg::test::readAll;
using microseg::test::readFile;
using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

struct Fixture {
    TempDir dir;
    std::unique_ptr<Workspace> workspace;
    Fixture() {
        auto created = Workspace::create(dir.path("w.microseg"));
        EXPECT_TRUE(created.ok());
        workspace = std::move(created.value());
    }
    void import(const std::string& name, const std::string& bytes) {
        const auto path = dir.path(name + ".csv");
        writeFile(path, bytes);
        importFile(name, path);
    }
    void importFile(const std::string& name, const std::string& path) {
        ImportRequest request;
        request.filePath = path;
        request.datasetName = name;
        Progress progress;
        auto report = importCsv(*workspace, request, progress, CancelToken());
        ASSERT_TRUE(report.ok()) << report.error().toString();
    }
    std::string snapshot() const {
        std::string out;
        for (const auto& table : workspace->tableNames())
            out += table + ";";
        return out + std::to_string(workspace->auditLog().size());
    }
};

CustomerAggregateRequest retailRequest(ReturnsPolicy policy, const std::string& out) {
    CustomerAggregateRequest r;
    r.table = "retail";
    r.customerColumn = "CustomerID";
    r.dateColumn = "InvoiceDate";
    r.invoiceColumn = "InvoiceNo";
    r.amount = "Quantity*UnitPrice";
    r.productColumn = "StockCode";
    r.returns = policy;
    r.outputTable = out;
    return r;
}

void expectMoney(double actual, const std::string& expected, const std::string& what) {
    const double value = std::stod(expected);
    EXPECT_LE(std::abs(actual - value), 1e-9 * std::max(1.0, std::abs(value))) << what;
}

std::string cell(const Row& row, std::size_t i) { return row.at(i).value_or("<null>"); }

} // namespace

TEST(CustomerAggregate, MatchesPandasForEveryReturnsPolicy) {
    Fixture f;
    f.importFile("retail", microseg::test::sharedDir() + "/data/online_retail_sample10pct.csv");
    for (ReturnsPolicy policy : {ReturnsPolicy::Net, ReturnsPolicy::Exclude, ReturnsPolicy::Separate}) {
        const std::string name = returnsPolicyName(policy);
        SCOPED_TRACE(name);
        std::vector<double> fractions;
        Progress progress([&](double fraction, const std::string&) { fractions.push_back(fraction); });
        auto built = aggregateCustomers(*f.workspace, retailRequest(policy, "customers_" + name),
                                        progress, CancelToken());
        ASSERT_TRUE(built.ok()) << built.error().toString();
        ASSERT_FALSE(fractions.empty());
        EXPECT_EQ(fractions.back(), 1.0);
        const CustomerAggregateReport& report = built.value();
        EXPECT_EQ(report.rowsRead, 42647);
        EXPECT_EQ(report.missingCustomerRows, 0);
        EXPECT_EQ(report.returnRows, 923);
        const auto reference = readAll(readFile(microseg::test::sourceDir() +
                                                "/tests/fixtures/customers/online_retail_sample_customers_" +
                                                name + ".csv"));
        ASSERT_EQ(reference.names.front(), "CustomerID");
        ASSERT_EQ(report.customers.size(), reference.rows.size());
        EXPECT_EQ(report.customersWithoutPurchases, policy == ReturnsPolicy::Net ? 0 : 1);
        const bool separate = policy == ReturnsPolicy::Separate;
        for (std::size_t i = 0; i < reference.rows.size(); ++i) {
            const auto& e = reference.rows[i];
            const CustomerRow& c = report.customers[i];
            ASSERT_EQ(c.customer, e[0]);
            EXPECT_EQ(c.orders, std::stoll(e[1])) << c.customer;
            EXPECT_EQ(isoDate(c.firstPurchase), e[2]) << c.customer;
            EXPECT_EQ(isoDate(c.lastPurchase), e[3]) << c.customer;
            expectMoney(c.totalSpend, e[4], c.customer);
            expectMoney(c.averageOrder, e[5], c.customer);
            EXPECT_EQ(c.distinctProducts, std::stoll(e[6])) << c.customer;
            if (separate) {
                EXPECT_EQ(c.returnOrders, std::stoll(e[7])) << c.customer;
                expectMoney(c.returnAmount, e[8], c.customer);
            }
        }
        // The stored table: _row first (hidden by the reader), then the documented columns.
        auto reader = TableReader::open(*f.workspace, "customers_" + name);
        ASSERT_TRUE(reader.ok());
        EXPECT_EQ(reader.value().rowCount(), std::int64_t(reference.rows.size()));
        std::vector<std::string> columns = {"customer",      "orders",      "first_purchase",
                                            "last_purchase", "total_spend", "average_order",
                                            "distinct_products"};
        if (separate) {
            columns.push_back("return_orders");
            columns.push_back("return_amount");
        }
        EXPECT_EQ(reader.value().columnNames(), columns);
        const auto rows = reader.value().fetch(0, 1).value();
        EXPECT_EQ(cell(rows[0], 0), reference.rows[0][0]);
        EXPECT_EQ(cell(rows[0], 2), reference.rows[0][2]);
        const auto log = f.workspace->auditLog();
        ASSERT_EQ(log.back().operation, "customers");
        const auto details =
            QJsonDocument::fromJson(QByteArray::fromStdString(log.back().details)).object();
        EXPECT_EQ(details["returns"].toString().toStdString(), name);
        EXPECT_EQ(details["customers"].toInt(), int(reference.rows.size()));
    }
}

TEST(CustomerAggregate, MissingCustomerKeysAreCountedAndExcluded) {
    Fixture f;
    std::string csv = "Invoice,Customer,When,Amount\n";
    for (int i = 0; i < 6; ++i)
        csv += "I" + std::to_string(i) + ",c" + std::to_string(i) + ",2021-03-0" +
               std::to_string(i + 1) + "," + std::to_string(i + 1) + "\n";
    csv += "I9,,2021-03-08,100\nI10, ,2021-03-09,100\nI11,c1,2021-03-09,4\n";
    f.import("t", csv);
    CustomerAggregateRequest r;
    r.table = "t";
    r.customerColumn = "Customer";
    r.dateColumn = "When";
    r.invoiceColumn = "Invoice";
    r.amount = "Amount";
    r.outputTable = "t_customers";
    Progress progress;
    auto built = aggregateCustomers(*f.workspace, r, progress, CancelToken());
    ASSERT_TRUE(built.ok()) << built.error().toString();
    EXPECT_EQ(built.value().missingCustomerRows, 2);
    ASSERT_EQ(built.value().customers.size(), 6u);
    const CustomerRow& c1 = built.value().customers[1];
    EXPECT_EQ(c1.customer, "c1");
    EXPECT_EQ(c1.orders, 2);
    EXPECT_EQ(c1.totalSpend, 6.0);
    EXPECT_EQ(c1.averageOrder, 3.0);
    EXPECT_EQ(isoDate(c1.firstPurchase), "2021-03-02");
    EXPECT_EQ(isoDate(c1.lastPurchase), "2021-03-09");
}

TEST(CustomerAggregate, SmallTablesAndSeparateReturns) {
    Fixture f;
    // a: one order of two lines and a cancellation; b: a purchase and a negative-quantity return
    // on a plain invoice; c: returns only (left out with Separate).
    f.import("t", "Invoice,Customer,When,Qty,Price,Sku\n"
                  "1,a,2021-01-01 10:00,2,5,P1\n1,a,2021-01-01 10:00,1,3,P2\n"
                  "C1,a,2021-01-05 09:00,-1,3,P2\n2,b,2021-01-02 11:00,4,2.5,P1\n"
                  "3,b,2021-01-03 12:00,-1,2.5,P1\nC4,c,2021-01-04 12:00,-2,4,P3\n");
    CustomerAggregateRequest r;
    r.table = "t";
    r.customerColumn = "Customer";
    r.dateColumn = "When";
    r.invoiceColumn = "Invoice";
    r.amount = "Qty * Price";
    r.productColumn = "Sku";
    r.returns = ReturnsPolicy::Separate;
    r.outputTable = "sep";
    Progress progress;
    auto built = aggregateCustomers(*f.workspace, r, progress, CancelToken());
    ASSERT_TRUE(built.ok()) << built.error().toString();
    const auto& c = built.value().customers;
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(built.value().customersWithoutPurchases, 1);
    EXPECT_EQ(built.value().returnRows, 3);
    EXPECT_EQ(c[0].orders, 1);
    EXPECT_EQ(c[0].totalSpend, 13.0);
    EXPECT_EQ(c[0].distinctProducts, 2);
    EXPECT_EQ(c[0].returnOrders, 1);
    EXPECT_EQ(c[0].returnAmount, -3.0);
    EXPECT_EQ(isoDate(c[0].lastPurchase), "2021-01-01");
    EXPECT_EQ(c[1].totalSpend, 10.0);
    EXPECT_EQ(c[1].returnOrders, 1);
    EXPECT_EQ(c[1].returnAmount, -2.5);
    r.returns = ReturnsPolicy::Net;
    r.outputTable = "net";
    built = aggregateCustomers(*f.workspace, r, progress, CancelToken());
    ASSERT_TRUE(built.ok()) << built.error().toString();
    ASSERT_EQ(built.value().customers.size(), 3u);
    EXPECT_EQ(built.value().customers[0].orders, 2); // the cancellation counts as an order
    EXPECT_EQ(built.value().customers[0].totalSpend, 10.0);
    EXPECT_EQ(built.value().customers[0].averageOrder, 5.0);
    EXPECT_EQ(isoDate(built.value().customers[0].lastPurchase), "2021-01-05");
    r.returns = ReturnsPolicy::Exclude;
    r.outputTable = "excl";
    built = aggregateCustomers(*f.workspace, r, progress, CancelToken());
    ASSERT_TRUE(built.ok()) << built.error().toString();
    EXPECT_EQ(built.value().customers.size(), 2u);
    EXPECT_EQ(built.value().excludedReturnRows, 3);
    EXPECT_EQ(built.value().customers[1].totalSpend, 10.0);
}

TEST(CustomerAggregate, ErrorsAndAPreCancelledTokenLeaveTheWorkspaceUnchanged) {
    Fixture f;
    f.import("t", "Invoice,Customer,When,Amount\nI1,a,2021-01-01,abc\nI2,b,2021-01-02,3\n");
    const std::string before = f.snapshot();
    CustomerAggregateRequest r;
    r.table = "t";
    r.customerColumn = "Customer";
    r.dateColumn = "When";
    r.amount = "Amount";
    r.outputTable = "bad name";
    Progress progress;
    auto result = aggregateCustomers(*f.workspace, r, progress, CancelToken());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    r.outputTable = "raw_t";
    result = aggregateCustomers(*f.workspace, r, progress, CancelToken());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::AlreadyExists);
    r.outputTable = "out";
    r.customerColumn = "Client";
    result = aggregateCustomers(*f.workspace, r, progress, CancelToken());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::NotFound);
    EXPECT_EQ(result.error().value, "Client");
    r.customerColumn = "Customer";
    result = aggregateCustomers(*f.workspace, r, progress, CancelToken());
    ASSERT_FALSE(result.ok()); // "abc" is not an amount
    EXPECT_EQ(result.error().value, "abc");
    CancelToken cancelled;
    cancelled.cancel();
    result = aggregateCustomers(*f.workspace, r, progress, cancelled);
    EXPECT_TRUE(result.isCancelled());
    EXPECT_EQ(f.snapshot(), before);
}

namespace {

void importJoinTables(Fixture& f) {
    f.import("crm", "id,name,age\n1,Ann,30\n2,Bob,40\n3,Cy,50\n4,Di,60\n");
    f.import("agg", "customer,orders,name\n2,5,B\n3,1,C\n4,2,D\n5,9,E\n");
    f.import("eng", "cid,open_rate\n6,0.1\n1,0.5\n3,0.9\n");
}

} // namespace

TEST(JoinTables, LeftJoinWithAReportOfUnmatchedKeys) {
    Fixture f;
    importJoinTables(f);
    std::vector<double> fractions;
    Progress progress([&](double fraction, const std::string&) { fractions.push_back(fraction); });
    JoinRequest request{{"crm", "agg", "eng"}, {"id", "customer", "cid"}, "joined"};
    auto joined = joinTables(*f.workspace, request, progress, CancelToken());
    ASSERT_TRUE(joined.ok()) << joined.error().toString();
    ASSERT_FALSE(fractions.empty());
    EXPECT_EQ(fractions.back(), 1.0);
    const JoinReport& report = joined.value();
    EXPECT_EQ(report.rows, 4);
    const std::vector<std::string> columns = {"id", "name", "age", "orders", "agg_name",
                                              "open_rate"};
    EXPECT_EQ(report.columns, columns);
    ASSERT_EQ(report.mismatches.size(), 6u);
    // crm {1,2,3,4}, agg {2,3,4,5}, eng {6,1,3}
    const std::vector<std::pair<std::int64_t, std::vector<std::string>>> expected = {
        {1, {"1"}},           // crm -> agg
        {2, {"2", "4"}},      // crm -> eng
        {1, {"5"}},           // agg -> crm
        {3, {"2", "4", "5"}}, // agg -> eng
        {1, {"6"}},           // eng -> crm
        {2, {"1", "6"}},      // eng -> agg
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(report.mismatches[i].count, expected[i].first) << i;
        EXPECT_EQ(report.mismatches[i].examples, expected[i].second) << i;
    }
    EXPECT_EQ(report.mismatches[0].from, report.tables[0]);
    EXPECT_EQ(report.mismatches[0].to, report.tables[1]);
    auto reader = TableReader::open(*f.workspace, "joined");
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(reader.value().columnNames(), columns);
    const auto rows = reader.value().fetch(0, 10).value();
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(cell(rows[0], 0), "1");
    EXPECT_EQ(cell(rows[0], 1), "Ann");
    EXPECT_EQ(cell(rows[0], 3), "<null>"); // no aggregate for customer 1
    EXPECT_EQ(cell(rows[0], 5), "0.5");
    EXPECT_EQ(cell(rows[1], 3), "5");
    EXPECT_EQ(cell(rows[1], 4), "B");
    EXPECT_EQ(cell(rows[1], 5), "<null>");
    EXPECT_EQ(cell(rows[2], 5), "0.9");
    EXPECT_EQ(cell(rows[3], 3), "2");
    EXPECT_EQ(f.workspace->auditLog().back().operation, "join");
}

TEST(JoinTables, DuplicateKeysAndBadRequestsAreErrorsAndLeaveTheWorkspaceUnchanged) {
    Fixture f;
    importJoinTables(f);
    f.import("dup", "key,x\n7,a\n8,b\n7,c\n");
    const std::string before = f.snapshot();
    Progress progress;
    auto joined = joinTables(*f.workspace, {{"crm", "dup"}, {"id", "key"}, "j"}, progress,
                             CancelToken());
    ASSERT_FALSE(joined.ok());
    EXPECT_EQ(joined.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(joined.error().value, "7");
    EXPECT_NE(joined.error().message.find("raw_dup"), std::string::npos)
        << joined.error().message;
    joined = joinTables(*f.workspace, {{"crm"}, {"id"}, "j"}, progress, CancelToken());
    EXPECT_FALSE(joined.ok());
    joined = joinTables(*f.workspace, {{"crm", "agg"}, {"id"}, "j"}, progress, CancelToken());
    EXPECT_FALSE(joined.ok());
    joined = joinTables(*f.workspace, {{"crm", "nope"}, {"id", "k"}, "j"}, progress, CancelToken());
    ASSERT_FALSE(joined.ok());
    EXPECT_EQ(joined.error().code, ErrorCode::NotFound);
    joined =
        joinTables(*f.workspace, {{"crm", "agg"}, {"id", "cust"}, "j"}, progress, CancelToken());
    ASSERT_FALSE(joined.ok());
    EXPECT_EQ(joined.error().value, "cust");
    joined = joinTables(*f.workspace, {{"crm", "agg"}, {"id", "customer"}, "raw_crm"}, progress,
                        CancelToken());
    ASSERT_FALSE(joined.ok());
    EXPECT_EQ(joined.error().code, ErrorCode::AlreadyExists);
    CancelToken cancelled;
    cancelled.cancel();
    joined = joinTables(*f.workspace, {{"crm", "agg"}, {"id", "customer"}, "j"}, progress,
                        cancelled);
    EXPECT_TRUE(joined.isCancelled());
    EXPECT_EQ(f.snapshot(), before);
}

TEST(CustomerAggregate, TimeDecayMatchesPandas) {
    Fixture f;
    f.importFile("retail", microseg::test::sharedDir() + "/data/online_retail_sample10pct.csv");
    CustomerAggregateRequest request = retailRequest(ReturnsPolicy::Net, "customers_decay");
    request.halfLifeDays = 90.0;
    Progress progress;
    auto built = aggregateCustomers(*f.workspace, request, progress, CancelToken());
    ASSERT_TRUE(built.ok()) << built.error().toString();
    EXPECT_EQ(isoDate(built.value().analysisDate), "2011-12-10");
    const auto reference =
        readAll(readFile(microseg::test::sourceDir() +
                         "/tests/fixtures/customers/online_retail_sample_customers_decay90.csv"));
    ASSERT_EQ(reference.names, (std::vector<std::string>{"CustomerID", "weighted_orders",
                                                         "weighted_spend"}));
    ASSERT_EQ(built.value().customers.size(), reference.rows.size());
    for (std::size_t i = 0; i < reference.rows.size(); ++i) {
        const CustomerRow& c = built.value().customers[i];
        ASSERT_EQ(c.customer, reference.rows[i][0]);
        expectMoney(c.weightedOrders, reference.rows[i][1], c.customer);
        expectMoney(c.weightedSpend, reference.rows[i][2], c.customer);
    }
    auto reader = TableReader::open(*f.workspace, "customers_decay");
    ASSERT_TRUE(reader.ok());
    const auto names = reader.value().columnNames();
    EXPECT_EQ(names[names.size() - 2], "weighted_orders");
    EXPECT_EQ(names.back(), "weighted_spend");
}

TEST(CustomerAggregate, TimeDecayRefusesABadHalfLifeOrAnEarlyAnalysisDate) {
    Fixture f;
    f.import("t", "Invoice,Customer,When,Amount\n1,a,2021-03-01,10\n2,b,2021-03-05,5\n");
    CustomerAggregateRequest request;
    request.table = "t";
    request.customerColumn = "Customer";
    request.dateColumn = "When";
    request.invoiceColumn = "Invoice";
    request.amount = "Amount";
    request.outputTable = "c";
    const std::string before = f.snapshot();
    Progress progress;
    for (double halfLife : {0.0, -3.0, std::nan("")}) {
        request.halfLifeDays = halfLife;
        auto refused = aggregateCustomers(*f.workspace, request, progress, CancelToken());
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    }
    request.halfLifeDays = 7.0;
    request.analysisDate = daysFromCivil(2021, 3, 2);
    auto early = aggregateCustomers(*f.workspace, request, progress, CancelToken());
    ASSERT_FALSE(early.ok());
    EXPECT_NE(early.error().message.find("before the last purchase"), std::string::npos);
    EXPECT_EQ(f.snapshot(), before);
    // A week before the analysis date counts half.
    request.analysisDate = daysFromCivil(2021, 3, 8);
    auto built = aggregateCustomers(*f.workspace, request, progress, CancelToken());
    ASSERT_TRUE(built.ok()) << built.error().toString();
    EXPECT_DOUBLE_EQ(built.value().customers[0].weightedSpend, 10.0 * std::pow(0.5, 1.0));
    EXPECT_DOUBLE_EQ(built.value().customers[1].weightedOrders, std::pow(0.5, 3.0 / 7.0));
}
