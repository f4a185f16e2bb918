// Runs `microseg-cli customers` and `microseg-cli join` as people do: exit codes, JSON reports,
// errors.
#include "test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

microseg::test::CliRun cli(const QStringList& arguments) { return microseg::test::runCli(arguments); }

QString q(const std::string& text) { return QString::fromStdString(text); }

/// Six customers, a cancellation and a line without a customer.
constexpr const char* kTransactions = "InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Sku\n"
                                      "1,11,2021-02-01 10:00,2,5,A\n"
                                      "1,11,2021-02-01 10:00,1,3,B\n"
                                      "C2,11,2021-02-03 10:00,-1,5,A\n"
                                      "3,12,2021-02-04 10:00,1,7.5,A\n"
                                      "4,13,2021-02-05 10:00,3,1,C\n"
                                      "5,14,2021-02-06 10:00,1,20,A\n"
                                      "6,15,2021-02-07 10:00,4,2,B\n"
                                      "7,16,2021-02-08 10:00,1,1,A\n"
                                      "8,,2021-02-09 10:00,1,1,A\n";

struct Workbench {
    TempDir dir;
    std::string ws = dir.path("w.microseg");
    Workbench() {
        importCsv("sales", kTransactions);
        importCsv("crm", "id,segment\n11,gold\n12,silver\n99,none\n");
    }
    void importCsv(const std::string& table, const std::string& bytes) {
        const auto csv = dir.path(table + ".csv");
        writeFile(csv, bytes);
        const auto run = cli({"import", q(csv), "-w", q(ws), "--table", q(table)});
        EXPECT_EQ(run.exitCode, 0) << run.err;
    }
    microseg::test::CliRun customers(QStringList extra) {
        QStringList arguments = {"customers", "-w",       q(ws),         "--table",
                                 "sales",     "--customer", "CustomerID", "--date",
                                 "InvoiceDate", "--amount", "Quantity*UnitPrice"};
        return cli(arguments + extra);
    }
};

QJsonObject json(const std::string& out) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}

} // namespace

TEST(CustomersCli, AggregatesAndJoins) {
    Workbench w;
    auto run = w.customers({"--invoice", "InvoiceNo", "--product", "Sku", "--returns", "separate",
                            "--out", "sales_customers", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    auto report = json(run.out);
    EXPECT_EQ(report["customers"].toInt(), 6);
    EXPECT_EQ(report["missing_customer_rows"].toInt(), 1);
    EXPECT_EQ(report["return_rows"].toInt(), 1);
    EXPECT_EQ(report["returns"].toString(), "separate");

    run = cli({"join", "-w", q(w.ws), "--tables", "crm,sales_customers", "--keys", "id,customer",
               "--out", "profile", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    report = json(run.out);
    EXPECT_EQ(report["rows"].toInt(), 3);
    const auto mismatches = report["keys_not_found"].toArray();
    ASSERT_EQ(mismatches.size(), 2);
    EXPECT_EQ(mismatches[0].toObject()["count"].toInt(), 1); // 99 is not a buyer
    EXPECT_EQ(mismatches[0].toObject()["examples"].toArray()[0].toString(), "99");
    EXPECT_EQ(mismatches[1].toObject()["count"].toInt(), 4); // 13..16 have no CRM profile
    const auto columns = report["columns"].toArray();
    ASSERT_GE(columns.size(), 3);
    EXPECT_EQ(columns[2].toString(), "orders");

    run = cli({"join", "-w", q(w.ws), "--tables", "crm,sales_customers", "--keys", "id,customer",
               "--out", "profile_text"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_NE(run.out.find("not in"), std::string::npos) << run.out;
}

TEST(CustomersCli, ReportsErrors) {
    Workbench w;
    auto run = w.customers({});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.err.find("--out"), std::string::npos) << run.err;
    run = w.customers({"--out", "x", "--returns", "keep"});
    EXPECT_EQ(run.exitCode, 2);
    run = w.customers({"--out", "raw_sales"});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.err.find("already"), std::string::npos) << run.err;
    run = cli({"join", "-w", q(w.ws), "--tables", "crm,sales", "--keys", "id,CustomerID", "--out",
               "j"});
    EXPECT_EQ(run.exitCode, 1); // sales has each customer on several rows
    EXPECT_NE(run.err.find("more than once"), std::string::npos) << run.err;
    run = cli({"join", "-w", q(w.ws), "--tables", "crm,sales"});
    EXPECT_EQ(run.exitCode, 2);
}

TEST(CustomersCli, DateFormatAndHalfLife) {
    Workbench w;
    // Every date fits both day/month orders; the importer reads day first and warns.
    w.importCsv("dated", "Invoice,Customer,When,Amount\n1,a,02/03/2021,10\n2,a,04/05/2021,5\n"
                         "3,b,06/05/2021,1\n");
    const QStringList base = {"customers", "-w",   q(w.ws),   "--table",  "dated", "--customer",
                              "Customer",  "--date", "When", "--amount", "Amount", "--invoice",
                              "Invoice",   "--json"};
    auto run = cli(base + QStringList{"--out", "inferred"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_FALSE(json(run.out)["warnings"].toArray().isEmpty()) << run.out;
    run = cli(base + QStringList{"--out", "month_first", "--date-format", "MM/DD/YYYY",
                                 "--half-life", "30"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto report = json(run.out);
    EXPECT_TRUE(report["warnings"].toArray().isEmpty()) << run.out;
    EXPECT_EQ(report["half_life_days"].toDouble(), 30.0);
    EXPECT_EQ(report["analysis_date"].toString(), "2021-06-06"); // the day after June 5th
    run = cli({"show", "-w", q(w.ws), "--table", "month_first", "--format", "csv"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_NE(run.out.find("2021-02-03"), std::string::npos) << run.out; // Feb 3rd, not Mar 2nd
    EXPECT_NE(run.out.find("weighted_spend"), std::string::npos) << run.out;

    run = cli(base + QStringList{"--out", "bad", "--date-format", "YYYY-MM-DD"});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.err.find("do not parse"), std::string::npos) << run.err;
    for (const char* halfLife : {"0", "-2", "soon"}) {
        run = cli(base + QStringList{"--out", "bad", "--half-life", halfLife});
        EXPECT_EQ(run.exitCode, 2) << halfLife;
        EXPECT_NE(run.err.find("--half-life"), std::string::npos) << run.err;
    }
}
