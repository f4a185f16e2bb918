#include "cli_commands.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <filesystem>
#include <iostream>

#include "microseg/csv_import.h"
#include "microseg/table_reader.h"
#include "microseg/workspace.h"

namespace microseg::cli {
namespace fs = std::filesystem;
using namespace microseg::core;

namespace {

void print(const QJsonObject& object) {
    std::cout << QJsonDocument(object).toJson(QJsonDocument::Indented).toStdString();
}

std::optional<char> parseDelimiter(const std::string& text) {
    if (text == "," || text == "comma")
        return ',';
    if (text == ";" || text == "semicolon")
        return ';';
    if (text == "\t" || text == "\\t" || text == "tab" || text == "TAB")
        return '\t';
    if (text == "|" || text == "pipe")
        return '|';
    if (text.size() == 1 && static_cast<unsigned char>(text[0]) < 0x80)
        return text[0];
    return std::nullopt;
}

/// Opens the workspace named by -w, or prints why not.
std::unique_ptr<Workspace> openWorkspace(const Arguments& args, bool createIfMissing) {
    const std::string path = args.value("workspace");
    if (path.empty()) {
        fail("no workspace given (use -w WORKSPACE)", 2);
        return nullptr;
    }
    std::error_code ec;
    auto opened = (createIfMissing && !fs::exists(path, ec)) ? Workspace::create(path)
                                                            : Workspace::open(path);
    if (!opened) {
        fail(opened.error().toString());
        return nullptr;
    }
    return std::move(opened.value());
}

std::string csvQuote(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string out = "\"";
    for (char c : value) {
        out += c;
        if (c == '"')
            out += '"';
    }
    return out + "\"";
}

} // namespace

int fail(const std::string& message, int code) {
    std::cerr << "microseg-cli: error: " << message << "\n";
    return code;
}

int runImport(const Arguments& args) {
    if (args.positional.size() != 1)
        return fail("import needs exactly one FILE", 2);
    ImportRequest request;
    request.filePath = args.positional[0];
    request.datasetName = args.value("table");
    if (args.has("delimiter")) {
        const auto delimiter = parseDelimiter(args.value("delimiter"));
        if (!delimiter)
            return fail("--delimiter must be one character, or comma, semicolon, tab or pipe", 2);
        request.options.delimiter = delimiter;
    }
    if (args.has("encoding")) {
        const auto encoding = encodingFromName(args.value("encoding"));
        if (!encoding)
            return fail("unknown --encoding \"" + args.value("encoding") +
                            "\" (UTF-8, windows-1252, ISO-8859-1, UTF-16LE, UTF-16BE)",
                        2);
        request.options.encoding = encoding;
    }
    if (args.has("no-header"))
        request.options.hasHeader = false;
    else if (args.has("header"))
        request.options.hasHeader = true;
    // Check the input before creating a workspace for it.
    std::error_code ec;
    if (!fs::exists(request.filePath, ec))
        return fail(request.filePath + ": the file does not exist.");
    auto workspace = openWorkspace(args, true);
    if (!workspace)
        return 1;
    Progress progress;
    auto result = importCsv(*workspace, request, progress, CancelToken());
    if (!result)
        return fail(result.error().toString());
    const ImportReport& report = result.value();
    if (args.has("json")) {
        QJsonObject out;
        out["dataset"] = QString::fromStdString(report.dataset.name);
        out["table"] = QString::fromStdString(report.dataset.tableName);
        out["rows"] = static_cast<qint64>(report.dataset.rowCount);
        out["columns"] = static_cast<qint64>(report.dataset.columnCount);
        out["encoding"] = encodingName(report.dialect.encoding);
        out["delimiter"] = QString(QChar(report.dialect.delimiter));
        out["header"] = report.dialect.hasHeader;
        out["sha256"] = QString::fromStdString(report.dataset.sourceSha256);
        out["seconds"] = report.seconds;
        out["diagnostics"] = diagnosticCountsJson(report.diagnostics);
        print(out);
        return 0;
    }
    std::cout << "Imported " << report.dataset.rowCount << " rows x " << report.dataset.columnCount
              << " columns into dataset \"" << report.dataset.name << "\" (table "
              << report.dataset.tableName << ") in " << report.seconds << " s\n"
              << "Encoding " << encodingName(report.dialect.encoding) << " ("
              << report.dialect.encodingReason << "); delimiter "
              << delimiterName(report.dialect.delimiter) << " (" << report.dialect.delimiterReason
              << "); header " << (report.dialect.hasHeader ? "yes" : "no") << " ("
              << report.dialect.headerReason << ")\n";
    for (const auto& column : report.columns)
        std::cout << "  " << column.name << ": " << column.type.describe() << ", "
                  << column.missingCount << " missing\n";
    if (report.diagnostics.total() > 0) {
        std::cout << report.diagnostics.total() << " diagnostic(s):\n";
        int shown = 0;
        for (const auto& item : report.diagnostics.items) {
            if (++shown > 20)
                break;
            std::cout << "  line " << item.line << ": " << diagnosticKindName(item.kind) << ": "
                      << item.message << "\n";
        }
    }
    return 0;
}

int runInfo(const Arguments& args) {
    auto workspace = openWorkspace(args, false);
    if (!workspace)
        return 1;
    QJsonArray tables;
    for (const auto& tableName : workspace->tableNames()) {
        auto reader = TableReader::open(*workspace, tableName);
        if (!reader)
            return fail(reader.error().toString());
        QJsonObject table;
        table["table"] = QString::fromStdString(tableName);
        table["rows"] = static_cast<qint64>(reader.value().rowCount());
        QJsonArray columns;
        if (auto dataset = workspace->datasetByTable(tableName)) {
            table["dataset"] = QString::fromStdString(dataset->name);
            table["source_file"] = QString::fromStdString(dataset->sourceFile);
            table["sha256"] = QString::fromStdString(dataset->sourceSha256);
            table["imported_at"] = QString::fromStdString(dataset->importedAt);
            for (const auto& info : workspace->columns(dataset->id)) {
                QJsonObject column;
                column["name"] = QString::fromStdString(info.name);
                column["type"] = columnTypeName(info.type.type);
                column["type_detail"] = QString::fromStdString(info.type.describe());
                column["missing"] = static_cast<qint64>(info.missingCount);
                columns.append(column);
            }
        } else {
            for (const auto& name : reader.value().columnNames())
                columns.append(QJsonObject{{"name", QString::fromStdString(name)}});
        }
        table["columns"] = columns;
        tables.append(table);
    }
    if (args.has("json")) {
        QJsonObject out;
        out["workspace"] = QString::fromStdString(workspace->path());
        out["tables"] = tables;
        print(out);
        return 0;
    }
    std::cout << "Workspace " << workspace->path() << ": " << tables.size() << " table(s)\n";
    for (const auto& value : tables) {
        const QJsonObject table = value.toObject();
        std::cout << "\n" << table["table"].toString().toStdString() << "  ("
                  << table["rows"].toInteger() << " rows";
        if (table.contains("dataset"))
            std::cout << ", dataset \"" << table["dataset"].toString().toStdString()
                      << "\" from " << table["source_file"].toString().toStdString();
        std::cout << ")\n";
        for (const auto& c : table["columns"].toArray()) {
            const QJsonObject column = c.toObject();
            std::cout << "  " << column["name"].toString().toStdString();
            if (column.contains("type"))
                std::cout << "  " << column["type_detail"].toString().toStdString() << "  "
                          << column["missing"].toInteger() << " missing";
            std::cout << "\n";
        }
    }
    return 0;
}

int runShow(const Arguments& args) {
    auto workspace = openWorkspace(args, false);
    if (!workspace)
        return 1;
    std::string table = args.value("table");
    if (table.empty())
        return fail("show needs --table NAME", 2);
    if (auto dataset = workspace->dataset(table))
        table = dataset->tableName;
    const std::string format = args.value("format", "csv");
    if (format != "csv" && format != "json")
        return fail("--format must be csv or json", 2);
    std::int64_t limit = 20;
    if (args.has("limit")) {
        try {
            limit = std::stoll(args.value("limit"));
        } catch (...) {
            return fail("--limit must be a whole number", 2);
        }
        if (limit < 0)
            return fail("--limit must be 0 (all) or more", 2);
    }
    auto reader = TableReader::open(*workspace, table);
    if (!reader)
        return fail(reader.error().toString());
    const auto& names = reader.value().columnNames();
    const std::int64_t total = limit == 0 ? reader.value().rowCount()
                                          : std::min(limit, reader.value().rowCount());
    QJsonArray jsonRows;
    if (format == "csv") {
        for (std::size_t i = 0; i < names.size(); ++i)
            std::cout << (i ? "," : "") << csvQuote(names[i]);
        std::cout << "\n";
    }
    constexpr std::int64_t kBatch = 4096;
    for (std::int64_t offset = 0; offset < total; offset += kBatch) {
        auto rows = reader.value().fetch(offset, std::min(kBatch, total - offset));
        if (!rows)
            return fail(rows.error().toString());
        for (const auto& row : rows.value()) {
            if (format == "csv") {
                for (std::size_t i = 0; i < row.size(); ++i)
                    std::cout << (i ? "," : "") << csvQuote(row[i].value_or(""));
                std::cout << "\n";
            } else {
                QJsonObject object;
                for (std::size_t i = 0; i < row.size(); ++i)
                    object[QString::fromStdString(names[i])] =
                        row[i] ? QJsonValue(QString::fromStdString(*row[i])) : QJsonValue();
                jsonRows.append(object);
            }
        }
    }
    if (format == "json")
        std::cout << QJsonDocument(jsonRows).toJson(QJsonDocument::Indented).toStdString();
    return 0;
}

} // namespace microseg::cli
