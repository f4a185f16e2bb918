// RFM against pandas (tests/fixtures/make_rfm_reference.py) and on small hand-made tables
// whose values are worked out by hand in the comments.
#include "microseg/csv_import.h"
#include "microseg/date_parse.h"
#include "microseg/rfm.h"
#include "microseg/table_reader.h"
#include "test_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <functional>
#include <gtest/gtest.h>
#include <map>

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
    std::string import(const std::string& name, const std::string& bytes) {
        const auto path = dir.path(name + ".csv");
        writeFile(path, bytes);
        return importFile(name, path);
    }
    std::string importFile(const std::string& name, const std::string& path) {
        ImportRequest request;
        request.filePath = path;
        request.datasetName = name;
        Progress progress;
        auto report = importCsv(*workspace, request, progress, CancelToken());
        EXPECT_TRUE(report.ok()) << report.error().toString();
        return name;
    }
    std::string snapshot() {
        std::string out;
        for (const auto& table : workspace->tableNames())
            out += table + ";";
        return out + std::to_string(workspace->auditLog().size());
    }
};

/// Line items with returns: a cancellation (C1001), a return on a plain invoice (1009, negative
/// quantity), a customer with returns only (F) and a row without a customer.
std::string transactions(const std::function<std::string(int, int, int, int)>& date) {
    struct Line {
        const char* invoice;
        const char* customer;
        int month, day, hour;
        const char* quantity;
        const char* price;
        const char* product;
    };
    const Line lines[] = {
        {"1001", "A", 1, 1, 10, "2", "5.0", "P1"},  {"1001", "A", 1, 1, 10, "1", "3.0", "P2"},
        {"C1001", "A", 1, 5, 9, "-1", "3.0", "P2"}, {"1002", "B", 1, 2, 11, "10", "1.5", "P1"},
        {"1003", "B", 1, 20, 12, "4", "2.5", "P3"}, {"1004", "C", 1, 10, 8, "1", "100", "P4"},
        {"1005", "D", 1, 15, 15, "3", "2", "P1"},   {"1006", "E", 1, 18, 16, "5", "1", "P2"},
        {"C1007", "F", 1, 25, 10, "-2", "4", "P1"}, {"1008", "", 1, 26, 10, "1", "1", "P1"},
        {"1009", "D", 1, 21, 9, "-1", "2", "P1"},
    };
    std::string csv = "Invoice,Customer,When,Qty,Price,Product\n";
    for (const auto& l : lines)
        csv += std::string(l.invoice) + "," + l.customer + "," +
               date(2021, l.month, l.day, l.hour) + "," + l.quantity + "," + l.price + "," +
               l.product + "\n";
    return csv;
}

std::string isoDateTime(int y, int m, int d, int h) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:00", y, m, d, h);
    return buffer;
}

RfmRequest request(const std::string& table, const std::string& out) {
    RfmRequest r;
    r.table = table;
    r.customerColumn = "Customer";
    r.dateColumn = "When";
    r.invoiceColumn = "Invoice";
    r.amount = "Qty*Price";
    r.productColumn = "Product";
    r.outputTable = out;
    return r;
}

std::map<std::string, RfmCustomer> byCustomer(const RfmReport& report) {
    std::map<std::string, RfmCustomer> out;
    for (const auto& c : report.customers)
        out[c.customer] = c;
    return out;
}

Result<RfmReport> build(Fixture& f, const RfmRequest& r, const CancelToken& cancel = {}) {
    Progress progress;
    return buildRfm(*f.workspace, r, progress, cancel);
}

} // namespace

TEST(Rfm, QuintileScoresMatchPandasForEveryCount) {
    const auto fixture =
        readAll(readFile(microseg::test::sourceDir() + "/tests/fixtures/rfm/qcut_rank_labels.csv"));
    ASSERT_EQ(fixture.rows.size(), 1996u);
    for (const auto& row : fixture.rows) {
        const std::size_t n = std::stoul(row[0]);
        std::vector<double> values(n, 1.0); // all tied: rank(method="first") is the row order
        const auto scores = quintileScores(values);
        ASSERT_EQ(scores.size(), n);
        std::vector<std::size_t> counts(6, 0);
        for (std::size_t i = 0; i < n; ++i) {
            ++counts[std::size_t(scores[i])];
            if (i > 0) {
                ASSERT_GE(scores[i], scores[i - 1]) << "n=" << n;
            }
        }
        for (int label = 1; label <= 5; ++label)
            ASSERT_EQ(counts[std::size_t(label)], std::stoul(row[std::size_t(label)]))
                << "n=" << n << " label " << label;
    }
    EXPECT_TRUE(quintileScores({1, 2, 3, 4}).empty());
    EXPECT_EQ(quintileScores({50, 10, 40, 20, 30}), (std::vector<int>{5, 1, 4, 2, 3}));
}

TEST(Rfm, MatchesPandasOnTheOnlineRetailSample) {
    Fixture f;
    f.importFile("retail", microseg::test::sharedDir() + "/data/online_retail_sample10pct.csv");
    RfmRequest r;
    r.table = "retail";
    r.customerColumn = "CustomerID";
    r.dateColumn = "InvoiceDate";
    r.invoiceColumn = "InvoiceNo";
    r.amount = "Quantity*UnitPrice";
    r.outputTable = "retail_rfm";
    auto built = build(f, r);
    ASSERT_TRUE(built.ok()) << built.error().toString();
    const RfmReport& report = built.value();
    EXPECT_EQ(isoDate(report.analysisDate), "2011-12-10");
    EXPECT_EQ(report.rowsRead, 42647);
    EXPECT_EQ(report.missingCustomerRows, 0);
    EXPECT_EQ(report.returnRows, 923); // README: 923 cancellation lines, all negative quantities
    const auto reference = readAll(
        readFile(microseg::test::sourceDir() + "/tests/fixtures/rfm/online_retail_sample_rfm.csv"));
    ASSERT_EQ(reference.names.front(), "CustomerID");
    ASSERT_EQ(reference.rows.size(), 437u);
    ASSERT_EQ(report.customers.size(), 437u);
    for (std::size_t i = 0; i < reference.rows.size(); ++i) {
        const auto& expected = reference.rows[i];
        const RfmCustomer& c = report.customers[i]; // same order: CustomerID ascending
        ASSERT_EQ(c.customer, expected[0]);
        EXPECT_EQ(c.recency, std::stoi(expected[1])) << c.customer;
        EXPECT_EQ(c.frequency, std::stoll(expected[2])) << c.customer;
        const double monetary = std::stod(expected[3]);
        EXPECT_LE(std::abs(c.monetary - monetary), 1e-9 * std::max(1.0, std::abs(monetary)))
            << c.customer;
        EXPECT_EQ(c.rScore, std::stoi(expected[4])) << c.customer;
        EXPECT_EQ(c.fScore, std::stoi(expected[5])) << c.customer;
        EXPECT_EQ(c.mScore, std::stoi(expected[6])) << c.customer;
        EXPECT_EQ(c.code, expected[7]) << c.customer;
        EXPECT_EQ(isoDate(c.firstPurchase), expected[8]) << c.customer;
        EXPECT_EQ(isoDate(c.lastPurchase), expected[9]) << c.customer;
    }
    // The stored table: _row first (hidden by the reader), then the documented columns.
    auto reader = TableReader::open(*f.workspace, "retail_rfm");
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(reader.value().rowCount(), 437);
    const std::vector<std::string> names = {
        "customer", "recency",  "frequency", "monetary",       "r_score",       "f_score",
        "m_score",  "rfm_code", "segment",   "first_purchase", "last_purchase", "average_order"};
    EXPECT_EQ(reader.value().columnNames(), names);
    const auto rows = reader.value().fetch(0, 1).value();
    EXPECT_EQ(rows[0][0], reference.rows[0][0]);
    EXPECT_EQ(rows[0][7], reference.rows[0][7]);
    const auto log = f.workspace->auditLog();
    ASSERT_EQ(log.back().operation, "rfm");
    const auto details =
        QJsonDocument::fromJson(QByteArray::fromStdString(log.back().details)).object();
    EXPECT_EQ(details["amount"].toString(), "Quantity*UnitPrice");
    EXPECT_EQ(details["returns"].toString(), "net");
    EXPECT_EQ(details["analysis_date"].toString(), "2011-12-10");
    EXPECT_EQ(details["customers"].toInt(), 437);
}

TEST(Rfm, NetPolicyCountsReturnsAsNegativeAmounts) {
    Fixture f;
    f.import("t", transactions(isoDateTime));
    std::vector<double> fractions;
    Progress progress([&](double fraction, const std::string&) { fractions.push_back(fraction); });
    auto built = buildRfm(*f.workspace, request("t", "rfm"), progress, CancelToken());
    ASSERT_TRUE(built.ok()) << built.error().toString();
    ASSERT_FALSE(fractions.empty());
    EXPECT_EQ(fractions.back(), 1.0);
    const auto& report = built.value();
    EXPECT_EQ(report.missingCustomerRows, 1); // counted and left out, never silently
    EXPECT_EQ(report.returnRows, 3);
    EXPECT_EQ(isoDate(report.analysisDate), "2021-01-26"); // F's return on the 25th, + 1 day
    auto c = byCustomer(report);
    ASSERT_EQ(c.size(), 6u);
    // A: invoices 1001 and C1001, 10 + 3 - 3, last line on the 5th.
    EXPECT_EQ(c["A"].recency, 21);
    EXPECT_EQ(c["A"].frequency, 2);
    EXPECT_DOUBLE_EQ(c["A"].monetary, 10.0);
    EXPECT_EQ(c["A"].distinctProducts, 2);
    EXPECT_EQ(c["A"].code, "133");
    EXPECT_EQ(c["D"].monetary, 4.0); // 6 - 2 (negative quantity on a plain invoice)
    EXPECT_EQ(c["D"].code, "551");
    EXPECT_DOUBLE_EQ(c["D"].averageOrder, 2.0);
    EXPECT_EQ(c["F"].monetary, -8.0);
    EXPECT_EQ(c["F"].recency, 1);
    EXPECT_EQ(c["F"].code, "521");
    EXPECT_EQ(c["B"].code, "444");
    EXPECT_EQ(c["C"].code, "215");
    EXPECT_EQ(c["E"].code, "312");
}

TEST(Rfm, ExcludeAndSeparatePolicies) {
    Fixture f;
    f.import("t", transactions(isoDateTime));
    auto r = request("t", "rfm_exclude");
    r.returns = ReturnsPolicy::Exclude;
    auto excluded = build(f, r);
    ASSERT_TRUE(excluded.ok()) << excluded.error().toString();
    EXPECT_EQ(excluded.value().excludedReturnRows, 3);
    EXPECT_EQ(excluded.value().customersWithoutPurchases, 1); // F returned only
    EXPECT_EQ(isoDate(excluded.value().analysisDate), "2021-01-21");
    auto c = byCustomer(excluded.value());
    ASSERT_EQ(c.size(), 5u);
    EXPECT_EQ(c["A"].recency, 20);
    EXPECT_EQ(c["A"].frequency, 1);
    EXPECT_EQ(c["A"].monetary, 13.0);
    // Scores worked out by hand (5 customers: one per quintile), segments from the default table.
    EXPECT_EQ(c["A"].code, "113");
    EXPECT_EQ(c["A"].segment, "Other");
    EXPECT_EQ(c["B"].code, "554");
    EXPECT_EQ(c["B"].segment, "Champions");
    EXPECT_EQ(c["C"].code, "225");
    EXPECT_EQ(c["C"].segment, "At Risk");
    EXPECT_EQ(c["D"].code, "332");
    EXPECT_EQ(c["D"].segment, "Potential Loyalist");
    EXPECT_EQ(c["E"].code, "441");

    r.returns = ReturnsPolicy::Separate;
    r.outputTable = "rfm_separate";
    auto separate = build(f, r);
    ASSERT_TRUE(separate.ok()) << separate.error().toString();
    auto s = byCustomer(separate.value());
    ASSERT_EQ(s.size(), 5u);
    EXPECT_EQ(s["A"].code, "113");
    EXPECT_EQ(s["A"].returnOrders, 1);
    EXPECT_EQ(s["A"].returnAmount, -3.0);
    EXPECT_EQ(s["D"].returnOrders, 1);
    EXPECT_EQ(s["D"].returnAmount, -2.0);
    EXPECT_EQ(s["B"].returnOrders, 0);
    auto reader = TableReader::open(*f.workspace, "rfm_separate");
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(reader.value().columnNames().back(), "return_amount");
}

TEST(Rfm, DateLayoutsGiveTheSameResult) {
    const auto dayFirst = [](int y, int m, int d, int h) {
        return std::to_string(d) + "/" + std::to_string(m) + "/" + std::to_string(y) + " " +
               std::to_string(h) + ":30";
    };
    const auto monthFirstAmPm = [](int y, int m, int d, int h) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%02d/%02d/%02d %d:15 %s", m, d, y % 100,
                      h % 12 == 0 ? 12 : h % 12, h < 12 ? "AM" : "PM");
        return std::string(buffer);
    };
    Fixture f;
    f.import("iso", transactions(isoDateTime));
    f.import("dmy", transactions(dayFirst));
    f.import("mdy", transactions(monthFirstAmPm));
    auto iso = build(f, request("iso", "r_iso"));
    auto dmy = build(f, request("dmy", "r_dmy"));
    auto mdy = build(f, request("mdy", "r_mdy"));
    ASSERT_TRUE(iso.ok() && dmy.ok() && mdy.ok());
    for (const auto* other : {&dmy.value(), &mdy.value()}) {
        ASSERT_EQ(other->customers.size(), iso.value().customers.size());
        EXPECT_EQ(other->analysisDate, iso.value().analysisDate);
        for (std::size_t i = 0; i < other->customers.size(); ++i) {
            EXPECT_EQ(other->customers[i].recency, iso.value().customers[i].recency);
            EXPECT_EQ(other->customers[i].code, iso.value().customers[i].code);
        }
    }
    // An explicit analysis date moves recency, not the scores' order.
    auto r = request("iso", "r_later");
    r.analysisDate = daysFromCivil(2021, 2, 25);
    auto later = build(f, r);
    ASSERT_TRUE(later.ok());
    EXPECT_EQ(byCustomer(later.value())["A"].recency, 51);
    r.outputTable = "r_early";
    r.analysisDate = daysFromCivil(2021, 1, 2);
    auto early = build(f, r);
    ASSERT_FALSE(early.ok());
    EXPECT_NE(early.error().message.find("before the last transaction"), std::string::npos);
}

TEST(Rfm, NonNumericAmountsAreCountedWithExamples) {
    Fixture f;
    std::string csv = transactions(isoDateTime);
    csv += "1010,B,2021-01-03 10:00,two,1,P1\n1011,C,2021-01-03 10:00,3,n/a,P1\n";
    f.import("t", csv);
    const std::string before = f.snapshot();
    auto built = build(f, request("t", "rfm"));
    ASSERT_FALSE(built.ok());
    const Error& error = built.error();
    EXPECT_EQ(error.code, ErrorCode::InvalidArgument);
    EXPECT_NE(error.message.find("2 row(s) have a non-numeric amount"), std::string::npos)
        << error.message;
    EXPECT_NE(error.message.find("row 12 \"two\""), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("row 13 \"n/a\""), std::string::npos) << error.message;
    EXPECT_EQ(error.line, 0); // rows are not file lines: named in the message instead
    EXPECT_EQ(error.value, "two");
    EXPECT_EQ(f.snapshot(), before);
}

TEST(Rfm, DatesThatDoNotParseAreNamed) {
    Fixture f;
    std::string csv = transactions(isoDateTime);
    csv += "1010,B,last tuesday,1,1,P1\n";
    f.import("t", csv);
    auto built = build(f, request("t", "rfm"));
    ASSERT_FALSE(built.ok());
    EXPECT_NE(built.error().message.find("does not hold dates"), std::string::npos)
        << built.error().message;
    EXPECT_NE(built.error().message.find("row 12 has \"last tuesday\""), std::string::npos)
        << built.error().message;
    // A forced format that does not fit: every row counted, examples named.
    f.import("iso", transactions(isoDateTime));
    auto r = request("iso", "rfm");
    r.dateFormat = "DD/MM/YYYY";
    auto forced = build(f, r);
    ASSERT_FALSE(forced.ok());
    EXPECT_NE(forced.error().message.find("10 row(s) do not parse as DD/MM/YYYY dates, e.g. row 1 "
                                          "\"2021-01-01 10:00\""),
              std::string::npos)
        << forced.error().message;
}

TEST(Rfm, RefusesBadRequests) {
    Fixture f;
    f.import("t", transactions(isoDateTime));
    auto r = request("t", "rfm");
    r.amount = "Qty*Price*Qty";
    EXPECT_EQ(build(f, r).error().code, ErrorCode::InvalidArgument);
    r = request("t", "rfm");
    r.customerColumn = "Client";
    auto missing = build(f, r);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("no column \"Client\""), std::string::npos);
    EXPECT_EQ(build(f, request("nowhere", "rfm")).error().code, ErrorCode::NotFound);
    EXPECT_EQ(build(f, request("t", "bad name")).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(build(f, request("t", "raw_t")).error().code, ErrorCode::AlreadyExists);
    ASSERT_TRUE(build(f, request("raw_t", "rfm")).ok()); // by table name too
    EXPECT_EQ(build(f, request("t", "rfm")).error().code, ErrorCode::AlreadyExists);
}

TEST(Rfm, NeedsFiveCustomers) {
    Fixture f;
    f.import("t", "Invoice,Customer,When,Qty,Price,Product\n"
                  "1,A,2021-01-01,1,1,P\n2,B,2021-01-02,1,1,P\n3,C,2021-01-03,1,1,P\n"
                  "4,D,2021-01-04,1,1,P\n5,,2021-01-05,1,1,P\n");
    auto built = build(f, request("t", "rfm"));
    ASSERT_FALSE(built.ok());
    EXPECT_NE(built.error().message.find("at least 5 customers"), std::string::npos);
    EXPECT_NE(built.error().message.find("has 4"), std::string::npos);
    EXPECT_NE(built.error().message.find("1 rows without a customer key"), std::string::npos);
}

TEST(Rfm, PreCancelledBuildLeavesTheWorkspaceUnchanged) {
    Fixture f;
    f.import("t", transactions(isoDateTime));
    const std::string before = f.snapshot();
    CancelToken cancel;
    cancel.cancel();
    auto built = build(f, request("t", "rfm"), cancel);
    ASSERT_FALSE(built.ok());
    EXPECT_TRUE(built.isCancelled());
    EXPECT_EQ(f.snapshot(), before);
    EXPECT_FALSE(f.workspace->hasTable("rfm"));
}

TEST(Rfm, DefaultSegmentsAreAllReachable) {
    const auto rules = defaultRfmSegmentRules();
    ASSERT_EQ(rules.size(), 11u);
    std::map<std::string, int> hits;
    for (int r = 1; r <= 5; ++r)
        for (int f = 1; f <= 5; ++f)
            for (int m = 1; m <= 5; ++m)
                ++hits[rfmSegment(rules, r, f, m)];
    for (const auto& rule : rules)
        EXPECT_GT(hits[rule.name], 0) << rule.name;
    EXPECT_EQ(rfmSegment(rules, 5, 5, 5), "Champions");
    EXPECT_EQ(rfmSegment(rules, 1, 1, 1), "Lost");
    EXPECT_EQ(rfmSegment(rules, 1, 5, 5), "Cannot Lose Them");
    EXPECT_EQ(rfmSegment(rules, 5, 1, 1), "New Customers");
    EXPECT_EQ(rfmSegment(rules, 2, 1, 1), "About To Sleep");
    // Editable: a custom table wins over the default, unmatched scores are "Other".
    const std::vector<RfmSegmentRule> custom = {{"Top", 5, 5, 1, 5, 1, 5}};
    EXPECT_EQ(rfmSegment(custom, 5, 1, 1), "Top");
    EXPECT_EQ(rfmSegment(custom, 4, 1, 1), "Other");
    EXPECT_EQ(returnsPolicyFromName("separate"), ReturnsPolicy::Separate);
    EXPECT_FALSE(returnsPolicyFromName("keep").has_value());
}

TEST(Rfm, CancelDuringTheReadLeavesTheWorkspaceUnchanged) {
    Fixture f;
    f.importFile("retail", microseg::test::sharedDir() + "/data/online_retail_sample10pct.csv");
    const std::string before = f.snapshot();
    CancelToken cancel;
    double last = 0.0;
    Progress progress(
        [&](double fraction, const std::string&) {
            last = fraction;
            if (fraction > 0.1)
                cancel.cancel();  // as the UI's Cancel button would, part-way through
        },
        0.0);
    RfmRequest r;
    r.table = "retail";
    r.customerColumn = "CustomerID";
    r.dateColumn = "InvoiceDate";
    r.invoiceColumn = "InvoiceNo";
    r.amount = "Quantity*UnitPrice";
    r.outputTable = "retail_rfm";
    auto built = buildRfm(*f.workspace, r, progress, cancel);
    ASSERT_FALSE(built.ok());
    EXPECT_TRUE(built.isCancelled());
    EXPECT_GT(last, 0.1);
    EXPECT_LT(last, 0.8);  // stopped while reading
    EXPECT_EQ(f.snapshot(), before);
}

TEST(Rfm, DecimalCommaAmountsAndASingleAmountColumn) {
    Fixture f;
    std::string csv = "Customer;When;Amount\n";
    for (int i = 0; i < 6; ++i)
        csv += "c" + std::to_string(i) + ";2021-03-0" + std::to_string(i + 1) + ";" +
               std::to_string(i) + ",25\n";
    csv += "c5;2021-03-09;-1,5\n";  // a negative amount is a return
    f.import("eu", csv);
    RfmRequest r;
    r.table = "eu";
    r.customerColumn = "Customer";
    r.dateColumn = "When";
    r.amount = "Amount";
    r.outputTable = "eu_rfm";
    auto built = build(f, r);
    ASSERT_TRUE(built.ok()) << built.error().toString();
    auto c = byCustomer(built.value());
    EXPECT_EQ(c["c2"].monetary, 2.25);
    EXPECT_EQ(c["c5"].monetary, 3.75);  // 5.25 - 1.5, net
    EXPECT_EQ(c["c5"].frequency, 2);    // no invoice column: distinct transaction times
    EXPECT_EQ(built.value().returnRows, 1);
}

TEST(Rfm, TimeDecayMatchesPandas) {
    Fixture f;
    f.importFile("retail", microseg::test::sharedDir() + "/data/online_retail_sample10pct.csv");
    RfmRequest r;
    r.table = "retail";
    r.customerColumn = "CustomerID";
    r.dateColumn = "InvoiceDate";
    r.invoiceColumn = "InvoiceNo";
    r.amount = "Quantity*UnitPrice";
    r.halfLifeDays = 90.0;
    r.outputTable = "retail_rfm_decay";
    auto built = build(f, r);
    ASSERT_TRUE(built.ok()) << built.error().toString();
    const RfmReport& report = built.value();
    const auto reference = readAll(readFile(microseg::test::sourceDir() +
                                            "/tests/fixtures/rfm/online_retail_sample_rfm_decay90.csv"));
    ASSERT_EQ(reference.names.at(1), "weighted_frequency");
    ASSERT_EQ(report.customers.size(), reference.rows.size());
    for (std::size_t i = 0; i < reference.rows.size(); ++i) {
        const auto& e = reference.rows[i];
        const RfmCustomer& c = report.customers[i];
        ASSERT_EQ(c.customer, e[0]);
        const double frequency = std::stod(e[1]), monetary = std::stod(e[2]);
        EXPECT_LE(std::abs(c.weightedFrequency - frequency), 1e-12 * std::max(1.0, frequency))
            << c.customer;
        EXPECT_LE(std::abs(c.weightedMonetary - monetary), 1e-9 * std::max(1.0, std::abs(monetary)))
            << c.customer;
        EXPECT_EQ(c.fScore, std::stoi(e[3])) << c.customer;
        EXPECT_EQ(c.mScore, std::stoi(e[4])) << c.customer;
        EXPECT_LE(c.weightedFrequency, double(c.frequency) + 1e-12) << c.customer; // weights <= 1
    }
    auto reader = TableReader::open(*f.workspace, "retail_rfm_decay");
    ASSERT_TRUE(reader.ok());
    const auto names = reader.value().columnNames();
    ASSERT_GE(names.size(), 2u);
    EXPECT_EQ(names[names.size() - 2], "weighted_frequency");
    EXPECT_EQ(names.back(), "weighted_monetary");
    const auto details = QJsonDocument::fromJson(
                             QByteArray::fromStdString(f.workspace->auditLog().back().details))
                             .object();
    EXPECT_EQ(details["half_life_days"].toDouble(), 90.0);
}

TEST(Rfm, TimeDecayHalvesPerHalfLife) {
    // Customer a buys 10 on day 0 and 10 on day 10; the analysis date is day 20 and the half-life
    // 10 days: weights 0.25 and 0.5, weighted monetary 7.5, weighted frequency 0.75.
    Fixture f;
    f.import("t", "Invoice,Customer,When,Amount\n"
                  "1,a,2021-01-01,10\n2,a,2021-01-11,10\n3,b,2021-01-05,1\n4,c,2021-01-06,2\n"
                  "5,d,2021-01-07,3\n6,e,2021-01-08,4\n");
    RfmRequest r;
    r.table = "t";
    r.customerColumn = "Customer";
    r.dateColumn = "When";
    r.invoiceColumn = "Invoice";
    r.amount = "Amount";
    r.halfLifeDays = 10.0;
    r.analysisDate = daysFromCivil(2021, 1, 21);
    r.outputTable = "out";
    auto built = build(f, r);
    ASSERT_TRUE(built.ok()) << built.error().toString();
    EXPECT_DOUBLE_EQ(built.value().customers[0].weightedMonetary, 7.5);
    EXPECT_DOUBLE_EQ(built.value().customers[0].weightedFrequency, 0.75);
    EXPECT_EQ(built.value().customers[0].frequency, 2);
    r.halfLifeDays = 0.0;
    r.outputTable = "out2";
    auto refused = build(f, r);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("half-life"), std::string::npos);
    EXPECT_FALSE(f.workspace->hasTable("out2"));
}
