// Left join of per-customer tables on one key column each, with a report of unmatched keys.
// Keys are read into hash maps (key text -> rowid); the output is written by one INSERT ... SELECT
// through a temporary table of matched rowids, so every join is a rowid lookup.
#include "microseg/csv_import.h"
#include "microseg/customer_aggregate.h"
#include "feature_read.h"
#include "sqlite_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <set>
#include <sqlite3.h>
#include <unordered_map>

namespace microseg::core {
namespace {

constexpr std::int64_t kBatch = 8192;
constexpr std::size_t kExamples = 5;
constexpr const char* kMapTable = "temp.microseg_join_rows";

Error invalid(std::string message, std::string value = {}) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, std::move(value)};
}

struct Side {
    std::string table, key;
    std::vector<std::string> columns; // without _row
    std::vector<std::pair<std::string, std::int64_t>> rows; // key (trimmed text), rowid; in order
    std::unordered_map<std::string, std::int64_t> index;
    std::int64_t missingKeys = 0;
};

Status readSide(sqlite3* db, Side& side, Progress& progress, double from, double to,
                const CancelToken& cancel) {
    Statement select(db, "SELECT rowid, CAST(" + quoteIdentifier(side.key) + " AS TEXT) FROM " +
                             quoteIdentifier(side.table) + " ORDER BY rowid");
    if (!select.valid())
        return sqliteError(db, "reading table " + side.table);
    const double total = double(std::max<std::int64_t>(
        1, queryInt(db, "SELECT count(*) FROM " + quoteIdentifier(side.table)).value_or(1)));
    std::int64_t n = 0;
    while (select.step()) {
        if (++n % kBatch == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(from + (to - from) * double(n) / total, "Reading " + side.table);
        }
        const std::int64_t rowid = select.columnInt(0);
        std::string key(features::trimmed(select.columnText(1)));
        if (key.empty()) {
            ++side.missingKeys;
            side.rows.emplace_back(std::string(), rowid);
            continue;
        }
        if (!side.index.emplace(key, rowid).second)
            return invalid("Table \"" + side.table + "\" has the key \"" + key +
                               "\" more than once in column \"" + side.key +
                               "\"; a join needs one row per key (aggregate the table first).",
                           key);
        side.rows.emplace_back(std::move(key), rowid);
    }
    if (select.failed())
        return sqliteError(db, "reading table " + side.table);
    return success();
}

KeyMismatch mismatch(const Side& from, const Side& to) {
    KeyMismatch out;
    out.from = from.table;
    out.to = to.table;
    std::vector<const std::string*> missing;
    for (const auto& [key, rowid] : from.index)
        if (!to.index.count(key))
            missing.push_back(&key);
    out.count = std::int64_t(missing.size());
    const auto shown = std::min(missing.size(), kExamples);
    std::partial_sort(missing.begin(), missing.begin() + std::ptrdiff_t(shown), missing.end(),
                      [](const std::string* a, const std::string* b) { return *a < *b; });
    for (std::size_t i = 0; i < shown; ++i)
        out.examples.push_back(*missing[i]);
    return out;
}

std::string auditDetails(const JoinRequest& request, const JoinReport& report) {
    QJsonObject details;
    QJsonArray tables, keys, mismatches;
    for (const auto& table : report.tables)
        tables.append(QString::fromStdString(table));
    for (const auto& key : request.keys)
        keys.append(QString::fromStdString(key));
    for (const auto& m : report.mismatches) {
        QJsonObject entry;
        entry["from"] = QString::fromStdString(m.from);
        entry["to"] = QString::fromStdString(m.to);
        entry["count"] = static_cast<qint64>(m.count);
        mismatches.append(entry);
    }
    details["tables"] = tables;
    details["keys"] = keys;
    details["table"] = QString::fromStdString(report.outputTable);
    details["rows"] = static_cast<qint64>(report.rows);
    details["keys_missing"] = mismatches;
    return QJsonDocument(details).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

Result<JoinReport> joinTables(Workspace& workspace, const JoinRequest& request, Progress& progress,
                              const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    if (cancel.isCancelled())
        return cancelledError();
    if (request.tables.size() < 2)
        return invalid("A join needs at least two tables.");
    if (request.keys.size() != request.tables.size())
        return invalid("A join needs one key column per table: " +
                           std::to_string(request.tables.size()) + " tables, " +
                           std::to_string(request.keys.size()) + " keys.",
                       std::to_string(request.keys.size()));
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
    sqlite3* db = workspace.db();
    std::vector<Side> sides(request.tables.size());
    for (std::size_t i = 0; i < sides.size(); ++i) {
        Side& side = sides[i];
        side.table = request.tables[i];
        if (auto dataset = workspace.dataset(side.table))
            side.table = dataset->tableName;
        if (side.table.empty() || !workspace.hasTable(side.table))
            return Error{ErrorCode::NotFound,
                         "The workspace has no table or dataset named \"" + request.tables[i] +
                             "\".",
                         {},
                         0,
                         0,
                         request.tables[i]};
        for (std::size_t j = 0; j < i; ++j)
            if (sides[j].table == side.table)
                return invalid("Table \"" + side.table + "\" is named twice in the join.",
                               side.table);
        Statement info(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
        info.bind(1, side.table);
        while (info.step())
            if (std::string column = info.columnText(0); column != "_row")
                side.columns.push_back(std::move(column));
        side.key = request.keys[i];
        if (std::find(side.columns.begin(), side.columns.end(), side.key) == side.columns.end())
            return Error{ErrorCode::NotFound,
                         "Table \"" + side.table + "\" has no key column \"" + side.key + "\".",
                         {},
                         0,
                         0,
                         side.key};
    }
    progress.report(0.0, "Reading keys");
    const double share = 0.5 / double(sides.size());
    for (std::size_t i = 0; i < sides.size(); ++i)
        if (Status status =
                readSide(db, sides[i], progress, share * double(i), share * double(i + 1), cancel);
            !status)
            return status.error();

    JoinReport report;
    report.outputTable = name;
    for (const Side& side : sides) {
        report.tables.push_back(side.table);
        report.missingKeyRows.push_back(side.missingKeys);
    }
    for (std::size_t i = 0; i < sides.size(); ++i)
        for (std::size_t j = 0; j < sides.size(); ++j)
            if (i != j)
                report.mismatches.push_back(mismatch(sides[i], sides[j]));

    // Output columns: the first table's, then the others' without their key; a used name gets
    // the table name as prefix (and a number if that is used too).
    std::set<std::string> used{"_row"};
    std::string select = "SELECT m.n";
    for (std::size_t i = 0; i < sides.size(); ++i)
        for (const std::string& column : sides[i].columns) {
            if (i > 0 && column == sides[i].key)
                continue;
            std::string out = column;
            if (used.count(out))
                out = request.tables[i] + "_" + column;
            for (int n = 2; used.count(out); ++n)
                out = request.tables[i] + "_" + column + "_" + std::to_string(n);
            used.insert(out);
            report.columns.push_back(out);
            select += ", j" + std::to_string(i) + "." + quoteIdentifier(column);
        }
    select += " FROM " + std::string(kMapTable) + " AS m";
    for (std::size_t i = 0; i < sides.size(); ++i)
        select += " LEFT JOIN main." + quoteIdentifier(sides[i].table) + " AS j" +
                  std::to_string(i) + " ON j" + std::to_string(i) + ".rowid = m.r" +
                  std::to_string(i);
    select += " ORDER BY m.n";

    if (cancel.isCancelled())
        return cancelledError();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting the join");
    std::string map = "CREATE TABLE " + std::string(kMapTable) + "(n INTEGER PRIMARY KEY";
    for (std::size_t i = 0; i < sides.size(); ++i)
        map += ", r" + std::to_string(i) + " INTEGER";
    if (Status status = exec(db, map + ")", "preparing the join"); !status)
        return status.error();
    {
        Statement insert(db, insertSql(kMapTable, static_cast<int>(sides.size()) + 1));
        if (!insert.valid())
            return sqliteError(db, "preparing the join");
        const Side& left = sides[0];
        const double total = double(std::max<std::size_t>(1, left.rows.size()));
        for (std::size_t r = 0; r < left.rows.size(); ++r) {
            if (r % std::size_t(kBatch) == 0) {
                if (cancel.isCancelled())
                    return cancelledError();
                progress.report(0.5 + 0.25 * double(r) / total, "Matching keys");
            }
            const auto& [key, rowid] = left.rows[r];
            insert.bind(1, std::int64_t(r + 1));
            insert.bind(2, rowid);
            for (std::size_t i = 1; i < sides.size(); ++i) {
                const auto it = key.empty() ? sides[i].index.end() : sides[i].index.find(key);
                if (it == sides[i].index.end())
                    insert.bindNull(int(i + 2));
                else
                    insert.bind(int(i + 2), it->second);
            }
            insert.step();
            if (insert.failed())
                return sqliteError(db, "matching keys");
            insert.reset();
        }
    }
    std::string create = "CREATE TABLE " + quoteIdentifier(name) + "(_row INTEGER PRIMARY KEY";
    for (const auto& column : report.columns)
        create += ", " + quoteIdentifier(column);
    progress.report(0.75, "Storing " + name);
    if (Status status = exec(db, create + ")", "creating table " + name); !status)
        return status.error();
    if (Status status = exec(db, "INSERT INTO " + quoteIdentifier(name) + " " + select,
                             "storing table " + name);
        !status)
        return status.error();
    if (Status status = exec(db, "DROP TABLE " + std::string(kMapTable), "finishing the join");
        !status)
        return status.error();
    report.rows = std::int64_t(sides[0].rows.size());
    if (Status status = workspace.audit("join", auditDetails(request, report)); !status)
        return status.error();
    if (cancel.isCancelled())
        return cancelledError();
    if (Status status = transaction.commit(); !status)
        return status.error();
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.report(1.0, "Joined " + std::to_string(sides.size()) + " tables into " + name);
    return report;
}

} // namespace microseg::core
