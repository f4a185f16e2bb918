#include "microseg/csv_import.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <QJsonDocument>
#include <QJsonObject>

#include "microseg/table_reader.h"
#include "test_util.h"

using namespace microseg::core;
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
    Result<ImportReport> import(const std::string& name, const std::string& bytes,
                                CsvOptions options = {}, const CancelToken& cancel = {}) {
        const auto path = dir.path(name);
        writeFile(path, bytes);
        ImportRequest request;
        request.filePath = path;
        request.options = options;
        Progress progress;
        return importCsv(*workspace, request, progress, cancel);
    }
    std::vector<Row> rows(const std::string& table) {
        auto reader = TableReader::open(*workspace, table);
        EXPECT_TRUE(reader.ok());
        return reader.value().fetch(0, 1000).value();
    }
    /// Everything a user could see: tables, datasets, audit entries.
    std::string snapshot() {
        std::string out;
        for (const auto& table : workspace->tableNames())
            out += table + ";";
        out += std::to_string(workspace->datasets().size()) + ";" +
               std::to_string(workspace->auditLog().size());
        return out;
    }
};

} // namespace

TEST(CsvImport, StoresTextExactlyAndRecordsMetadata) {
    Fixture f;
    auto report = f.import("Customers 2024.csv",
                           "id,zip,phone,big_id,amount\n"
                           "1,01234,+49 30 1234567,12345678901234567890,\"1,5\"\n"
                           "2,00501,+1 555 0100,98765432109876543210,\n");
    ASSERT_TRUE(report.ok()) << report.error().toString();
    const auto& dataset = report.value().dataset;
    EXPECT_EQ(dataset.name, "customers_2024");
    EXPECT_EQ(dataset.tableName, "raw_customers_2024");
    EXPECT_EQ(dataset.rowCount, 2);
    EXPECT_EQ(dataset.columnCount, 5);
    EXPECT_EQ(dataset.sourceSha256.size(), 64u);
    const auto rows = f.rows("raw_customers_2024");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][1], "01234");
    EXPECT_EQ(rows[0][2], "+49 30 1234567");
    EXPECT_EQ(rows[0][3], "12345678901234567890");
    EXPECT_EQ(rows[0][4], "1,5");
    EXPECT_FALSE(rows[1][4].has_value());  // empty field = missing

    const auto columns = f.workspace->columns(dataset.id);
    ASSERT_EQ(columns.size(), 5u);
    EXPECT_EQ(columns[0].type.type, ColumnType::Integer);
    EXPECT_EQ(columns[1].type.type, ColumnType::Text);
    EXPECT_EQ(columns[2].type.type, ColumnType::Text);
    EXPECT_EQ(columns[3].type.type, ColumnType::Text);
    EXPECT_EQ(columns[4].type.type, ColumnType::Decimal);
    EXPECT_EQ(columns[4].type.decimalMark, ',');
    EXPECT_EQ(columns[4].missingCount, 1);

    const auto settings =
        QJsonDocument::fromJson(QByteArray::fromStdString(dataset.importSettings)).object();
    EXPECT_EQ(settings["encoding"].toString(), "UTF-8");
    EXPECT_EQ(settings["delimiter"].toString(), ",");
    EXPECT_TRUE(settings["header"].toBool());
    const auto log = f.workspace->auditLog();
    ASSERT_EQ(log.back().operation, "import");
    EXPECT_NE(log.back().details.find("customers_2024"), std::string::npos);
}

TEST(CsvImport, Sha256IsTheFilesFingerprint) {
    Fixture f;
    auto report = f.import("abc.csv", "abc");
    ASSERT_TRUE(report.ok());
    // sha256("abc"), FIPS 180-2 test vector.
    EXPECT_EQ(report.value().dataset.sourceSha256,
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CsvImport, PreCancelledImportLeavesTheWorkspaceAsItWas) {
    Fixture f;
    ASSERT_TRUE(f.import("first.csv", "a,b\n1,2\n").ok());
    const std::string before = f.snapshot();
    std::string big = "a,b\n";
    for (int i = 0; i < 20000; ++i)
        big += std::to_string(i) + ",x\n";
    CancelToken cancel;
    cancel.cancel();
    auto report = f.import("second.csv", big, {}, cancel);
    ASSERT_FALSE(report.ok());
    EXPECT_TRUE(report.isCancelled());
    EXPECT_EQ(f.snapshot(), before);
}

TEST(CsvImport, FailedImportLeavesTheWorkspaceAsItWas) {
    Fixture f;
    ASSERT_TRUE(f.import("first.csv", "a,b\n1,2\n").ok());
    const std::string before = f.snapshot();
    std::string wide;
    for (int i = 0; i < 5000; ++i)
        wide += (i ? "," : "") + std::string("c") + std::to_string(i);
    wide += "\n";
    for (int i = 0; i < 5000; ++i)
        wide += (i ? ",1" : "1");
    auto report = f.import("wide.csv", wide + "\n");
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().code, ErrorCode::TooManyColumns);
    EXPECT_NE(report.error().message.find("5000 columns"), std::string::npos);
    EXPECT_EQ(f.snapshot(), before);
}

TEST(CsvImport, LongRowsWidenTheTableWithoutDroppingValues) {
    Fixture f;
    auto report = f.import("ragged.csv", "a,b\n1,2\n3,4,5,6\n7\n");
    ASSERT_TRUE(report.ok()) << report.error().toString();
    EXPECT_EQ(report.value().dataset.columnCount, 4);
    const auto rows = f.rows(report.value().dataset.tableName);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_FALSE(rows[0][2].has_value());
    EXPECT_EQ(rows[1][2], "5");
    EXPECT_EQ(rows[1][3], "6");
    EXPECT_EQ(rows[2][0], "7");
    EXPECT_FALSE(rows[2][1].has_value());
    const auto& diagnostics = report.value().diagnostics;
    EXPECT_EQ(diagnostics.count(CsvDiagnostic::Kind::RaggedLongRow), 1);
    EXPECT_EQ(diagnostics.count(CsvDiagnostic::Kind::RaggedShortRow), 1);
    const auto columns = f.workspace->columns(report.value().dataset.id);
    EXPECT_EQ(columns[2].missingCount, 2);  // rows 1 and 3 lack the extra column
}

TEST(CsvImport, WideRowsAcrossBatchesKeepEveryValue) {
    // The widening row arrives deep in the file, after several parser batches.
    Fixture f;
    std::string csv = "a,b\n";
    for (int i = 0; i < 5000; ++i)
        csv += std::to_string(i) + "," + std::to_string(i * 2) + (i == 4321 ? ",extra\n" : "\n");
    auto report = f.import("deep.csv", csv);
    ASSERT_TRUE(report.ok()) << report.error().toString();
    EXPECT_EQ(report.value().dataset.rowCount, 5000);
    auto reader = TableReader::open(*f.workspace, report.value().dataset.tableName);
    const auto rows = reader.value().fetch(4320, 3).value();
    EXPECT_EQ(rows[0][0], "4320");
    EXPECT_EQ(rows[1][2], "extra");
    EXPECT_EQ(rows[2][1], "8644");
    EXPECT_EQ(f.workspace->columns(report.value().dataset.id)[2].missingCount, 4999);
}

TEST(CsvImport, AmbiguousDatesAreReported) {
    Fixture f;
    auto report = f.import("dates.csv", "d\n01/02/2020\n03/04/2020\n");
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report.value().diagnostics.count(CsvDiagnostic::Kind::AmbiguousDate), 1);
}

TEST(CsvImport, ExplicitNamesAreValidatedAndNotReused) {
    Fixture f;
    const auto path = f.dir.path("x.csv");
    writeFile(path, "a\n1\n");
    ImportRequest request;
    request.filePath = path;
    request.datasetName = "bad name!";
    Progress progress;
    auto bad = importCsv(*f.workspace, request, progress, CancelToken());
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    request.datasetName = "customers";
    ASSERT_TRUE(importCsv(*f.workspace, request, progress, CancelToken()).ok());
    auto again = importCsv(*f.workspace, request, progress, CancelToken());
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
    request.datasetName.clear();  // derived names are made unique instead
    auto derived = importCsv(*f.workspace, request, progress, CancelToken());
    ASSERT_TRUE(derived.ok());
    auto derived2 = importCsv(*f.workspace, request, progress, CancelToken());
    ASSERT_TRUE(derived2.ok());
    EXPECT_EQ(derived2.value().dataset.name, "x_2");
}

TEST(CsvImport, BadFilesGiveClearErrors) {
    Fixture f;
    auto empty = f.import("empty.csv", "");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, ErrorCode::EmptyFile);
    EXPECT_NE(empty.error().file.find("empty.csv"), std::string::npos);
    auto binary = f.import("binary.csv", std::string("\x00\x01\x02\x03garbage", 11));
    ASSERT_FALSE(binary.ok());
    EXPECT_EQ(binary.error().code, ErrorCode::BinaryFile);
    ImportRequest request;
    request.filePath = f.dir.path("does-not-exist.csv");
    Progress progress;
    auto missing = importCsv(*f.workspace, request, progress, CancelToken());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::FileNotFound);
    EXPECT_TRUE(f.workspace->datasets().empty());
}

TEST(CsvImport, ProgressIsMonotonicAndEndsAtOne) {
    Fixture f;
    std::string csv = "a,b\n";
    for (int i = 0; i < 50000; ++i)
        csv += std::to_string(i) + ",value " + std::to_string(i) + "\n";
    const auto path = f.dir.path("p.csv");
    writeFile(path, csv);
    std::vector<double> seen;
    Progress progress([&](double fraction, const std::string&) { seen.push_back(fraction); });
    ImportRequest request;
    request.filePath = path;
    ASSERT_TRUE(importCsv(*f.workspace, request, progress, CancelToken()).ok());
    ASSERT_FALSE(seen.empty());
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_LE(seen[i - 1], seen[i]);
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}

TEST(CsvImport, PreviewShowsDetectedSettingsAndTypes) {
    TempDir dir;
    const auto path = dir.path("semi.csv");
    writeFile(path, "name;amount;when\nAnn;1,5;2024-01-02\nBob;2,25;2024-02-03\n");
    auto preview = previewCsv(path);
    ASSERT_TRUE(preview.ok()) << preview.error().toString();
    EXPECT_EQ(preview.value().dialect.delimiter, ';');
    EXPECT_TRUE(preview.value().dialect.hasHeader);
    EXPECT_TRUE(preview.value().complete);
    ASSERT_EQ(preview.value().rows.size(), 2u);
    EXPECT_EQ(preview.value().types[1].type, ColumnType::Decimal);
    EXPECT_EQ(preview.value().types[1].decimalMark, ',');
    EXPECT_EQ(preview.value().types[2].type, ColumnType::Date);
    CsvOptions forced;
    forced.delimiter = ',';
    auto commas = previewCsv(path, forced);
    ASSERT_TRUE(commas.ok());
    EXPECT_EQ(commas.value().dialect.delimiter, ',');
    EXPECT_EQ(commas.value().dialect.delimiterReason, "chosen by you");
}

TEST(CsvImport, DatasetNamesFromFileNames) {
    EXPECT_EQ(datasetNameFromFile("/x/Online Retail (10%).csv"), "online_retail_10");
    EXPECT_EQ(datasetNameFromFile("2024-export.csv"), "d_2024_export");
    EXPECT_EQ(datasetNameFromFile("/x/ü.csv"), "dataset");
}

TEST(CsvImport, OnlineRetailSampleMatchesItsPublishedFigures) {
    Fixture f;
    ImportRequest request;
    request.filePath = microseg::test::sharedDir() + "/data/online_retail_sample10pct.csv";
    Progress progress;
    auto report = importCsv(*f.workspace, request, progress, CancelToken());
    ASSERT_TRUE(report.ok()) << report.error().toString();
    EXPECT_EQ(report.value().dataset.rowCount, 42647);
    EXPECT_EQ(report.value().dataset.sourceSha256,
              "9edc26510bcbbb083460da87350f9b74815365a4451ddf51b09f80620fa04784");
    const auto& columns = report.value().columns;
    ASSERT_EQ(columns.size(), 8u);
    EXPECT_EQ(columns[3].type.type, ColumnType::Integer);   // Quantity
    EXPECT_EQ(columns[4].type.type, ColumnType::DateTime);  // InvoiceDate
    EXPECT_EQ(columns[5].type.type, ColumnType::Decimal);   // UnitPrice
    EXPECT_EQ(columns[6].type.type, ColumnType::Integer);   // CustomerID
    EXPECT_EQ(report.value().diagnostics.total(), 0);
    // Description text keeps its leading/trailing and double spaces (README: 9,061 and 1,503).
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(f.workspace->db(),
                       "SELECT count(*) FROM raw_online_retail_sample10pct "
                       "WHERE Description <> trim(Description)",
                       -1, &statement, nullptr);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(statement, 0), 9061);
    sqlite3_finalize(statement);
}

TEST(CsvImport, RowsWithHugeFieldsAreStoredWhole) {
    // Each 4 MiB field fills most of a pipeline batch's text budget, so rows travel in small
    // batches; every value must still arrive whole and in order.
    Fixture f;
    const std::string big(4 << 20, 'x');
    std::string csv = "id,blob\n";
    for (int i = 0; i < 12; ++i)
        csv += std::to_string(i) + "," + big + std::to_string(i) + "\n";
    auto report = f.import("huge.csv", csv);
    ASSERT_TRUE(report.ok()) << report.error().toString();
    EXPECT_EQ(report.value().dataset.rowCount, 12);
    auto reader = TableReader::open(*f.workspace, report.value().dataset.tableName);
    const auto rows = reader.value().fetch(0, 12).value();
    ASSERT_EQ(rows.size(), 12u);
    for (int i = 0; i < 12; ++i) {
        EXPECT_EQ(rows[static_cast<std::size_t>(i)][0], std::to_string(i));
        EXPECT_EQ(rows[static_cast<std::size_t>(i)][1]->size(), big.size() + std::to_string(i).size());
    }
}
