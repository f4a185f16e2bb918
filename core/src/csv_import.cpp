#include "microseg/csv_import.h"

#include <sqlite3.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <filesystem>

#include "microseg/csv_reader.h"
#include "record_pipeline.h"
#include "sqlite_util.h"

namespace microseg::core {
namespace {

std::string importSettingsJson(const ImportRequest& request, const CsvDialect& dialect,
                               const CsvDiagnostics& diagnostics) {
    QJsonObject settings;
    settings["encoding"] = encodingName(dialect.encoding);
    settings["encoding_reason"] = QString::fromStdString(dialect.encodingReason);
    settings["delimiter"] = QString(QChar(dialect.delimiter));
    settings["delimiter_reason"] = QString::fromStdString(dialect.delimiterReason);
    settings["header"] = dialect.hasHeader;
    settings["header_reason"] = QString::fromStdString(dialect.headerReason);
    settings["quote"] = QString(QChar(request.options.quote));
    settings["excel_sep_line"] = dialect.excelSepLine;
    settings["line_break"] = lineBreakName(dialect.lineBreak);
    QJsonObject forced;
    if (request.options.encoding)
        forced["encoding"] = encodingName(*request.options.encoding);
    if (request.options.delimiter)
        forced["delimiter"] = QString(QChar(*request.options.delimiter));
    if (request.options.hasHeader)
        forced["header"] = *request.options.hasHeader;
    settings["chosen"] = forced;
    settings["diagnostics"] = diagnosticCountsJson(diagnostics);
    QJsonArray first;
    for (const auto& item : diagnostics.items) {
        if (first.size() >= 50)
            break;
        QJsonObject entry;
        entry["kind"] = diagnosticKindName(item.kind);
        entry["line"] = static_cast<qint64>(item.line);
        if (item.column > 0)
            entry["column"] = static_cast<qint64>(item.column);
        entry["message"] = QString::fromStdString(item.message);
        first.append(entry);
    }
    settings["first_diagnostics"] = first;
    return QJsonDocument(settings).toJson(QJsonDocument::Compact).toStdString();
}

/// Creates the raw table with a row-number key and triggers that make it read-only.
Status createRawTable(sqlite3* db, const std::string& table, const std::vector<std::string>& names) {
    std::string sql = "CREATE TABLE " + quoteIdentifier(table) + "(_row INTEGER PRIMARY KEY";
    for (const auto& name : names)
        sql += ", " + quoteIdentifier(name) + " TEXT";
    sql += ") STRICT;";
    for (const char* action : {"UPDATE", "DELETE"}) {
        sql += "CREATE TRIGGER " + quoteIdentifier(table + "_read_only_" + action) + " BEFORE " +
               action + " ON " + quoteIdentifier(table) +
               " BEGIN SELECT RAISE(ABORT, 'imported raw tables are read-only'); END;";
    }
    return exec(db, sql, "creating table " + table);
}

/// 1234567 -> "1,234,567", for progress texts people read while they wait.
std::string groupDigits(std::int64_t value) {
    std::string digits = std::to_string(value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

Error withFile(Error error, const std::string& file) {
    if (error.file.empty())
        error.file = file;
    return error;
}

} // namespace

QJsonObject diagnosticCountsJson(const CsvDiagnostics& diagnostics) {
    QJsonObject counts;
    for (std::size_t kind = 0; kind < diagnostics.counts.size(); ++kind)
        if (diagnostics.counts[kind] > 0)
            counts[diagnosticKindName(static_cast<CsvDiagnostic::Kind>(kind))] =
                static_cast<qint64>(diagnostics.counts[kind]);
    return counts;
}

bool isValidDatasetName(std::string_view name) {
    if (name.empty() || name.size() > 100)
        return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (!(u < 0x80 && (std::isalnum(u) || c == '_')))
            return false;
    }
    return true;
}

std::string datasetNameFromFile(const std::string& filePath) {
    std::string stem = std::filesystem::path(filePath).stem().string();
    std::string name;
    for (char c : stem) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) && u < 0x80)
            name += static_cast<char>(std::tolower(u));
        else if (!name.empty() && name.back() != '_')
            name += '_';
    }
    while (!name.empty() && name.back() == '_')
        name.pop_back();
    if (name.empty())
        name = "dataset";
    if (std::isdigit(static_cast<unsigned char>(name.front())))
        name = "d_" + name;
    if (name.size() > 60)
        name.resize(60);
    return name;
}

Result<CsvPreview> previewCsv(const std::string& path, const CsvOptions& options, int maxRows) {
    auto opened = CsvReader::open(path, options);
    if (!opened)
        return opened.error();
    CsvReader& reader = *opened.value();
    CsvPreview preview;
    CsvRecord record;
    while (static_cast<int>(preview.rows.size()) < maxRows && reader.next(record))
        preview.rows.push_back(record.fields);
    preview.complete = static_cast<int>(preview.rows.size()) < maxRows || !reader.next(record);
    preview.dialect = reader.dialect();
    preview.columnNames = reader.columnNames();
    preview.originalHeader = reader.originalHeader();
    preview.diagnostics = reader.diagnostics();
    preview.fileSize = reader.fileSize();
    std::vector<ColumnTypeInferrer> inferrers(preview.columnNames.size());
    for (auto& row : preview.rows) {
        row.resize(preview.columnNames.size());
        for (std::size_t i = 0; i < row.size(); ++i)
            inferrers[i].add(row[i]);
    }
    for (const auto& inferrer : inferrers)
        preview.types.push_back(inferrer.result());
    return preview;
}

Result<ImportReport> importCsv(Workspace& workspace, const ImportRequest& request,
                               Progress& progress, const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    const std::string& file = request.filePath;
    std::string name = request.datasetName;
    if (!name.empty() && !isValidDatasetName(name))
        return Error{ErrorCode::InvalidArgument,
                     "A dataset name may hold only letters, digits and underscores.", {}, 0, 0,
                     name};
    if (!name.empty() && (workspace.dataset(name) || workspace.hasTable("raw_" + name)))
        return Error{ErrorCode::AlreadyExists,
                     "The workspace already has a dataset named \"" + name + "\".", {}, 0, 0, name};
    if (name.empty())
        name = workspace.uniqueDatasetName(datasetNameFromFile(file));
    const std::string table = "raw_" + name;

    progress.report(0.0, "Reading " + std::filesystem::path(file).filename().string());
    auto opened = CsvReader::open(file, request.options);
    if (!opened)
        return opened.error();
    CsvReader& reader = *opened.value();
    sqlite3* db = workspace.db();
    const int maxColumns = sqlite3_limit(db, SQLITE_LIMIT_COLUMN, -1) - 1;  // one for _row
    auto tooWide = [&](std::size_t columns) {
        return Error{ErrorCode::TooManyColumns,
                     "The file has " + std::to_string(columns) +
                         " columns; a workspace table holds at most " +
                         std::to_string(maxColumns) +
                         ". Remove or split columns before importing.",
                     file, 0, 0, {}};
    };
    if (reader.columnNames().empty())
        return Error{ErrorCode::EmptyFile, "The file has no columns.", file, 0, 0, {}};
    if (reader.columnNames().size() > static_cast<std::size_t>(maxColumns))
        return tooWide(reader.columnNames().size());

    // Everything below is one transaction: cancel or failure rolls it all back.
    Transaction transaction(db);
    if (!transaction.active())
        return withFile(sqliteError(db, "starting the import (is another import running?)"), file);
    std::vector<std::string> names = reader.columnNames();
    if (Status status = createRawTable(db, table, names); !status)
        return status.error();
    auto insert = std::make_unique<Statement>(db, insertSql(quoteIdentifier(table), static_cast<int>(names.size()) + 1));

    std::int64_t rows = 0;
    RecordPipeline pipeline(reader);  // parsing runs on its own thread from here on
    RowBatch batch;
    while (pipeline.next(batch)) {
        if (batch.width > names.size()) {
            // A long row widened the table: add columns; earlier rows are missing there.
            if (batch.width > static_cast<std::size_t>(maxColumns)) {
                pipeline.stop();
                return tooWide(batch.width);
            }
            for (std::size_t i = names.size(); i < batch.width; ++i) {
                const std::string& added = batch.names[i];
                if (Status status = exec(db,
                                         "ALTER TABLE " + quoteIdentifier(table) + " ADD COLUMN " +
                                             quoteIdentifier(added) + " TEXT",
                                         "widening table " + table);
                    !status) {
                    pipeline.stop();
                    return status.error();
                }
                names.push_back(added);
            }
            insert = std::make_unique<Statement>(db, insertSql(quoteIdentifier(table), static_cast<int>(names.size()) + 1));
        }
        sqlite3_stmt* statement = insert->get();
        for (std::size_t r = 0; r < batch.rows(); ++r) {
            sqlite3_bind_int64(statement, 1, rows + 1);
            for (std::size_t i = 0; i < names.size(); ++i) {
                const std::string_view field = i < batch.width ? batch.field(r, i) : std::string_view();
                if (field.empty())
                    sqlite3_bind_null(statement, static_cast<int>(i + 2));
                else
                    sqlite3_bind_text(statement, static_cast<int>(i + 2), field.data(),
                                      static_cast<int>(field.size()), SQLITE_STATIC);
            }
            const int code = sqlite3_step(statement);
            sqlite3_reset(statement);
            if (code != SQLITE_DONE) {
                Error error = sqliteError(db, "storing the row");
                error.file = file;
                error.line = batch.lines[r];
                pipeline.stop();
                return error;
            }
            ++rows;
        }
        if (cancel.isCancelled()) {
            pipeline.stop();
            return cancelledError();
        }
        progress.report(0.97 * pipeline.fractionRead(), "Importing: " + groupDigits(rows) + " rows");
    }
    pipeline.stop();
    if (cancel.isCancelled())
        return cancelledError();
    insert.reset();
    const auto& inferrers = pipeline.inferrers();

    ImportReport report;
    report.dialect = reader.dialect();
    report.diagnostics = reader.diagnostics();
    for (std::size_t i = 0; i < names.size(); ++i) {
        ColumnInfo column;
        column.position = static_cast<int>(i);
        column.name = names[i];
        column.originalName = i < reader.originalHeader().size() ? reader.originalHeader()[i] : "";
        column.type = inferrers[i].result();
        column.missingCount = inferrers[i].missing();
        if (column.type.ambiguousDayMonth)
            report.diagnostics.add({CsvDiagnostic::Kind::AmbiguousDate, Severity::Warning, 0,
                                    static_cast<std::int64_t>(i + 1),
                                    "Column \"" + column.name + "\": every date fits both " +
                                        "day-first and month-first; read as " +
                                        column.type.dateFormat + ". Check before converting."});
        report.columns.push_back(std::move(column));
    }

    DatasetInfo& info = report.dataset;
    info.name = name;
    info.tableName = table;
    info.sourceFile = std::filesystem::absolute(file).string();
    info.sourceSha256 = reader.sha256Hex();
    info.importSettings = importSettingsJson(request, report.dialect, report.diagnostics);
    info.rowCount = rows;
    info.columnCount = static_cast<std::int64_t>(names.size());
    info.importedAt = utcNowIso8601();
    {
        Statement statement(db,
                            "INSERT INTO datasets(name, table_name, source_file, source_sha256, "
                            "import_settings, row_count, column_count, imported_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        statement.bind(1, info.name);
        statement.bind(2, info.tableName);
        statement.bind(3, info.sourceFile);
        statement.bind(4, info.sourceSha256);
        statement.bind(5, info.importSettings);
        statement.bind(6, info.rowCount);
        statement.bind(7, info.columnCount);
        statement.bind(8, info.importedAt);
        statement.step();
        if (statement.failed())
            return sqliteError(db, "recording the dataset");
        info.id = sqlite3_last_insert_rowid(db);
    }
    Statement column(db, "INSERT INTO dataset_columns(dataset_id, position, name, original_name, "
                         "inferred_type, type_detail, missing_count) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    for (const auto& c : report.columns) {
        column.reset();
        column.bind(1, info.id);
        column.bind(2, std::int64_t{c.position});
        column.bind(3, c.name);
        column.bind(4, c.originalName);
        column.bind(5, std::string(columnTypeName(c.type.type)));
        column.bind(6, c.type.toStorage());
        column.bind(7, c.missingCount);
        column.step();
        if (column.failed())
            return sqliteError(db, "recording the columns");
    }
    QJsonObject audit;
    audit["dataset"] = QString::fromStdString(info.name);
    audit["table"] = QString::fromStdString(info.tableName);
    audit["source_file"] = QString::fromStdString(info.sourceFile);
    audit["sha256"] = QString::fromStdString(info.sourceSha256);
    audit["rows"] = static_cast<qint64>(rows);
    audit["columns"] = static_cast<qint64>(names.size());
    if (Status status = workspace.audit(
            "import", QJsonDocument(audit).toJson(QJsonDocument::Compact).toStdString());
        !status)
        return status.error();
    if (cancel.isCancelled())
        return cancelledError();
    progress.report(0.99, "Committing");
    if (Status status = transaction.commit(); !status)
        return status.error();
    progress.report(1.0, "Imported " + groupDigits(rows) + " rows");
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

Result<ImportReport> importCsv(const std::string& workspacePath, const ImportRequest& request,
                               Progress& progress, const CancelToken& cancel) {
    auto workspace = Workspace::open(workspacePath);
    if (!workspace)
        return workspace.error();
    return importCsv(*workspace.value(), request, progress, cancel);
}

} // namespace microseg::core
