// Runs `microseg-cli rfm` as people do: exit codes, JSON report, the stored table, errors.
#include "test_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

microseg::test::CliRun cli(const QStringList& arguments) { return microseg::test::runCli(arguments); }

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

/// Six customers on day-first dates, a cancellation and a line without a customer.
constexpr const char* kTransactions = "InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n"
                                      "1,11,01/02/2021 10:00,2,5\n"
                                      "C2,11,03/02/2021 10:00,-1,5\n"
                                      "3,12,04/02/2021 10:00,1,7.5\n"
                                      "4,13,05/02/2021 10:00,3,1\n"
                                      "5,14,06/02/2021 10:00,1,20\n"
                                      "6,15,07/02/2021 10:00,4,2\n"
                                      "7,16,08/02/2021 10:00,1,1\n"
                                      "8,,09/02/2021 10:00,1,1\n";

struct Workbench {
    TempDir dir;
    std::string ws = dir.path("w.microseg");
    Workbench() {
        const auto csv = dir.path("sales.csv");
        writeFile(csv, kTransactions);
        const auto run = cli({"import", q(csv), "-w", q(ws), "--table", "sales"});
        EXPECT_EQ(run.exitCode, 0) << run.err;
    }
    microseg::test::CliRun rfm(QStringList extra) {
        QStringList arguments = {"rfm",
                                 "-w",
                                 q(ws),
                                 "--table",
                                 "sales",
                                 "--customer",
                                 "CustomerID",
                                 "--date",
                                 "InvoiceDate",
                                 "--amount",
                                 "Quantity*UnitPrice"};
        return cli(arguments + extra);
    }
};

} // namespace

TEST(RfmCli, BuildsAndStoresTheTable) {
    Workbench w;
    auto run = w.rfm({"--invoice", "InvoiceNo", "--out", "sales_rfm", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto report = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(report["table"].toString(), "sales_rfm");
    EXPECT_EQ(report["customers"].toInt(), 6);
    EXPECT_EQ(report["missing_customer_rows"].toInt(), 1);
    EXPECT_EQ(report["return_rows"].toInt(), 1);
    EXPECT_EQ(report["returns"].toString(), "net");
    EXPECT_EQ(report["analysis_date"].toString(), "2021-02-09"); // last purchase 8 Feb + 1

    auto shown = cli({"show", "-w", q(w.ws), "--table", "sales_rfm", "--limit", "1"});
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    // Customer 11: invoices 1 and C2 (net), 10 - 5 = 5, last on 3 Feb -> recency 6.
    EXPECT_EQ(shown.out.substr(0, shown.out.find('\n')),
              "customer,recency,frequency,monetary,r_score,f_score,m_score,rfm_code,segment,"
              "first_purchase,last_purchase,average_order");
    EXPECT_EQ(shown.out.substr(shown.out.find('\n') + 1, 11), "11,6,2,5.0,");

    auto text = w.rfm({"--invoice", "InvoiceNo", "--out", "excluded", "--returns", "exclude",
                       "--analysis-date", "2021-03-01"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("RFM for 6 customers stored in table \"excluded\""), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("analysis date 2021-03-01"), std::string::npos);
    EXPECT_NE(text.out.find("1 rows without a customer key were left out"), std::string::npos);
}

TEST(RfmCli, ExplainsMistakes) {
    Workbench w;
    auto noOut = w.rfm({});
    EXPECT_EQ(noOut.exitCode, 2);
    EXPECT_NE(noOut.err.find("rfm needs --out"), std::string::npos) << noOut.err;
    auto policy = w.rfm({"--out", "x", "--returns", "keep"});
    EXPECT_EQ(policy.exitCode, 2);
    EXPECT_NE(policy.err.find("--returns must be exclude, net or separate"), std::string::npos);
    auto date = w.rfm({"--out", "x", "--analysis-date", "9/3/2021"});
    EXPECT_EQ(date.exitCode, 2);
    auto column = w.rfm({"--out", "x", "--invoice", "Invoice"});
    EXPECT_EQ(column.exitCode, 1);
    EXPECT_NE(column.err.find("no column \"Invoice\""), std::string::npos) << column.err;
    ASSERT_EQ(w.rfm({"--out", "x"}).exitCode, 0); // without invoices: distinct times
    auto again = w.rfm({"--out", "x"});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_NE(again.err.find("already has a table named \"x\""), std::string::npos) << again.err;
}
