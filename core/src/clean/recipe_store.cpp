// Recipes and cleaned tables in the workspace: one transaction and one audit entry per write.
#include "microseg/clean/recipe_store.h"

#include <sqlite3.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <chrono>
#include <cstdlib>
#include <set>

#include "microseg/clean/recipe_json.h"
#include "microseg/csv_import.h"
#include "sqlite_util.h"

namespace microseg::core::clean {
namespace {

using Clock = std::chrono::steady_clock;

std::string compact(const QJsonObject& json) {
    return QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString();
}

Error notFound(const std::string& what, const std::string& name) {
    return Error{ErrorCode::NotFound, "There is no " + what + " named \"" + name + "\".", {}, 0, 0, name};
}

const char* sqlType(ColumnType type) {
    switch (type) {
    case ColumnType::Integer:
    case ColumnType::Boolean: return "INTEGER";
    case ColumnType::Decimal: return "REAL";
    default: return "TEXT";
    }
}

/// Binds a canonical cell as its column's SQLite type; false if the text does not fit the type.
bool bindCell(sqlite3_stmt* statement, int index, const Cell& cell, ColumnType type) {
    if (!cell)
        return sqlite3_bind_null(statement, index) == SQLITE_OK;
    const std::string& value = *cell;
    switch (type) {
    case ColumnType::Integer: {
        char* end = nullptr;
        const long long number = std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0')
            return false;
        return sqlite3_bind_int64(statement, index, number) == SQLITE_OK;
    }
    case ColumnType::Boolean:
        if (value != "true" && value != "false")
            return false;
        return sqlite3_bind_int64(statement, index, value == "true" ? 1 : 0) == SQLITE_OK;
    case ColumnType::Decimal: {
        const auto number = parseNumber(value);
        return number && sqlite3_bind_double(statement, index, *number) == SQLITE_OK;
    }
    default:
        return sqlite3_bind_text(statement, index, value.data(), int(value.size()), SQLITE_STATIC) == SQLITE_OK;
    }
}

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = char(c + 32);
    return text;
}

/// Differences between the import settings a recipe was built with and those of the dataset it
/// is replayed on (they may explain values that no longer convert).
std::vector<std::string> importSettingWarnings(const QJsonObject& recipe, const QJsonObject& dataset) {
    std::vector<std::string> warnings;
    if (recipe.isEmpty() || dataset.isEmpty())
        return warnings;
    for (const char* key : {"encoding", "delimiter", "header", "quote"}) {
        const QJsonValue a = recipe.value(key), b = dataset.value(key);
        if (!a.isUndefined() && !b.isUndefined() && a != b)
            warnings.push_back(std::string("The recipe was built on a file imported with ") + key + " " +
                               QJsonDocument(QJsonArray{a}).toJson(QJsonDocument::Compact).toStdString() +
                               ", this dataset was imported with " +
                               QJsonDocument(QJsonArray{b}).toJson(QJsonDocument::Compact).toStdString() + ".");
    }
    return warnings;
}

} // namespace

Result<std::int64_t> saveRecipe(Workspace& workspace, const Recipe& recipe) {
    if (recipe.name.empty() || recipe.name.size() > 200)
        return Error{ErrorCode::InvalidArgument, "A recipe needs a name of 1 to 200 characters.", {}, 0, 0,
                     recipe.name};
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to save recipe " + recipe.name);
    const std::string now = utcNowIso8601();
    Statement upsert(db, "INSERT INTO cleaning_recipes(name, source_dataset, recipe, created_at, updated_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(name) DO UPDATE SET "
                         "source_dataset = excluded.source_dataset, recipe = excluded.recipe, "
                         "updated_at = excluded.updated_at");
    upsert.bind(1, recipe.name);
    upsert.bind(2, recipe.sourceDataset);
    upsert.bind(3, compact(recipeToJson(recipe)));
    upsert.bind(4, now);
    upsert.step();
    if (upsert.failed())
        return sqliteError(db, "saving recipe " + recipe.name);
    Statement select(db, "SELECT id FROM cleaning_recipes WHERE name = ?1");
    select.bind(1, recipe.name);
    const std::int64_t id = select.step() ? select.columnInt(0) : 0;
    QJsonObject details;
    details["recipe"] = QString::fromStdString(recipe.name);
    details["id"] = static_cast<qint64>(id);
    details["source_dataset"] = QString::fromStdString(recipe.sourceDataset);
    details["steps"] = static_cast<qint64>(recipe.steps.size());
    if (Status status = workspace.audit("save_recipe", compact(details)); !status)
        return status.error();
    if (Status status = transaction.commit(); !status)
        return status.error();
    return id;
}

namespace {

Result<StoredRecipe> readStored(Statement& select, const std::string& origin) {
    StoredRecipe stored;
    stored.id = select.columnInt(0);
    auto recipe = recipeFromJsonText(select.columnText(2), origin);
    if (!recipe)
        return recipe.error();
    stored.recipe = std::move(recipe.value());
    stored.recipe.name = select.columnText(1);
    stored.createdAt = select.columnText(3);
    stored.updatedAt = select.columnText(4);
    return stored;
}

} // namespace

Result<StoredRecipe> loadRecipe(const Workspace& workspace, const std::string& name) {
    Statement select(workspace.db(), "SELECT id, name, recipe, created_at, updated_at FROM cleaning_recipes "
                                     "WHERE name = ?1");
    select.bind(1, name);
    if (!select.step())
        return notFound("cleaning recipe", name);
    return readStored(select, "recipe " + name);
}

std::vector<StoredRecipe> storedRecipes(const Workspace& workspace) {
    std::vector<StoredRecipe> list;
    Statement select(workspace.db(), "SELECT id, name, recipe, created_at, updated_at FROM cleaning_recipes "
                                     "ORDER BY name");
    while (select.step())
        if (auto stored = readStored(select, "recipe"))
            list.push_back(std::move(stored.value()));
    return list;
}

Status deleteRecipe(Workspace& workspace, const std::string& name) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement remove(db, "DELETE FROM cleaning_recipes WHERE name = ?1");
    remove.bind(1, name);
    remove.step();
    if (remove.failed())
        return sqliteError(db, "deleting recipe " + name);
    if (sqlite3_changes(db) == 0)
        return notFound("cleaning recipe", name);
    QJsonObject details;
    details["recipe"] = QString::fromStdString(name);
    if (Status status = workspace.audit("delete_recipe", compact(details)); !status)
        return status;
    return transaction.commit();
}

Result<Recipe> newRecipeFor(const Workspace& workspace, const std::string& datasetOrTable,
                            const std::string& recipeName) {
    auto dataset = workspace.dataset(datasetOrTable);
    if (!dataset)
        dataset = workspace.datasetByTable(datasetOrTable);
    Recipe recipe;
    recipe.name = recipeName;
    if (dataset) {
        recipe.sourceDataset = dataset->name;
        recipe.importSettings =
            QJsonDocument::fromJson(QByteArray::fromStdString(dataset->importSettings)).object();
    } else if (workspace.hasTable(datasetOrTable)) {
        recipe.sourceDataset = datasetOrTable;
    } else {
        return notFound("dataset or table", datasetOrTable);
    }
    return recipe;
}

Status storeCleanedTable(Workspace& workspace, const CleanTable& table, const std::string& outputTable,
                         const std::string& sourceTable, const Recipe& recipe, const ReplayReport& report,
                         bool overwrite, Progress& progress, const CancelToken& cancel) {
    if (!isValidDatasetName(outputTable))
        return Error{ErrorCode::InvalidArgument,
                     "The output table name \"" + outputTable +
                         "\" must hold 1 to 100 letters, digits and underscores.", {}, 0, 0, outputTable};
    std::set<std::string> seen;
    for (const auto& column : table.columns())
        if (!seen.insert(lower(column.name)).second || column.name == "_row" || column.name == "_raw_row")
            return Error{ErrorCode::InvalidArgument,
                         "The cleaned table would have two columns named \"" + column.name +
                             "\" (names are compared regardless of case); rename one.", {}, 0, 0, column.name};
    sqlite3* db = workspace.db();
    const bool exists = workspace.hasTable(outputTable);
    const bool wasCleaned = cleanedTable(workspace, outputTable).has_value();
    if (workspace.datasetByTable(outputTable) || workspace.dataset(outputTable) || (exists && !wasCleaned))
        return Error{ErrorCode::AlreadyExists,
                     "\"" + outputTable + "\" is a raw or derived table that cleaning did not make; choose another name.",
                     {}, 0, 0, outputTable};
    if (exists && !overwrite)
        return Error{ErrorCode::AlreadyExists,
                     "The workspace already has a cleaned table \"" + outputTable +
                         "\"; choose another name or overwrite it.", {}, 0, 0, outputTable};
    Transaction transaction(db);
    if (!transaction.active())
        return sqliteError(db, "starting to store table " + outputTable);
    const std::string quoted = quoteIdentifier(outputTable);
    if (exists) {
        if (Status status = exec(db, "DROP TABLE " + quoted, "replacing table " + outputTable); !status)
            return status;
        Statement remove(db, "DELETE FROM cleaned_tables WHERE table_name = ?1");
        remove.bind(1, outputTable);
        remove.step();
        if (remove.failed())
            return sqliteError(db, "replacing table " + outputTable);
    }
    std::string create = "CREATE TABLE " + quoted + "(_row INTEGER PRIMARY KEY, _raw_row INTEGER NOT NULL";
    for (const auto& column : table.columns())
        create += ", " + quoteIdentifier(column.name) + " " + sqlType(column.type);
    if (Status status = exec(db, create + ") STRICT", "creating table " + outputTable); !status)
        return status;
    const int columns = int(table.columnCount());
    Statement insert(db, insertSql(quoted, columns + 2));
    if (!insert.valid())
        return sqliteError(db, "preparing to store table " + outputTable);
    sqlite3_stmt* s = insert.get();
    const std::size_t rows = table.rowCount();
    for (std::size_t r = 0; r < rows; ++r) {
        if (r % 4096 == 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(double(r) / double(std::max<std::size_t>(rows, 1)), "Storing " + outputTable);
        }
        sqlite3_bind_int64(s, 1, std::int64_t(r + 1));
        sqlite3_bind_int64(s, 2, table.rowIds()[r]);
        for (int c = 0; c < columns; ++c) {
            const CleanColumn& column = table.column(std::size_t(c));
            if (!bindCell(s, c + 3, column.cells[r], column.type))
                return Error{ErrorCode::InvalidArgument,
                             "Column \"" + column.name + "\" holds \"" + column.cells[r].value_or("") +
                                 "\" at raw row " + std::to_string(table.rowIds()[r]) + ", which is not " +
                                 columnTypeName(column.type) + ".", {}, 0, 0, column.cells[r].value_or("")};
        }
        const int code = sqlite3_step(s);
        sqlite3_reset(s);
        if (code != SQLITE_DONE)
            return sqliteError(db, "storing raw row " + std::to_string(table.rowIds()[r]) + " in " + outputTable);
    }
    const std::string recipeJson = compact(recipeToJson(recipe));
    const std::string reportJson = compact(replayReportToJson(report));
    Statement record(db, "INSERT INTO cleaned_tables(table_name, source_table, recipe, report, row_count, "
                         "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    record.bind(1, outputTable);
    record.bind(2, sourceTable);
    record.bind(3, recipeJson);
    record.bind(4, reportJson);
    record.bind(5, std::int64_t(rows));
    record.bind(6, utcNowIso8601());
    record.step();
    if (record.failed())
        return sqliteError(db, "recording cleaned table " + outputTable);
    QJsonObject details;
    details["table"] = QString::fromStdString(outputTable);
    details["source_table"] = QString::fromStdString(sourceTable);
    details["recipe"] = QString::fromStdString(recipe.name);
    details["steps"] = static_cast<qint64>(recipe.steps.size());
    details["skipped_steps"] = static_cast<qint64>(report.skippedCount());
    details["rows_before"] = static_cast<qint64>(report.rowsBefore);
    details["rows_after"] = static_cast<qint64>(rows);
    details["replaced"] = exists;
    if (Status status = workspace.audit("clean", compact(details)); !status)
        return status;
    if (cancel.isCancelled())
        return cancelledError();
    if (Status status = transaction.commit(); !status)
        return status;
    progress.report(1.0, "Stored " + std::to_string(rows) + " rows in " + outputTable);
    return success();
}

std::string sourceTableName(const Workspace& workspace, const std::string& datasetOrTable) {
    const auto dataset = workspace.dataset(datasetOrTable);
    return dataset ? dataset->tableName : datasetOrTable;
}

Result<CleanResult> runCleaning(Workspace& workspace, const CleanRequest& request, Progress& progress,
                                const CancelToken& cancel) {
    const auto started = Clock::now();
    const auto since = [](Clock::time_point from) {
        return std::chrono::duration<double>(Clock::now() - from).count();
    };
    CleanResult result;
    result.outputTable = request.outputTable;
    auto dataset = workspace.dataset(request.sourceTable);
    result.sourceTable = dataset ? dataset->tableName : request.sourceTable;
    if (!dataset)
        dataset = workspace.datasetByTable(result.sourceTable);
    // Refuse a bad output name before the long part.
    if (!isValidDatasetName(request.outputTable))
        return Error{ErrorCode::InvalidArgument,
                     "The output table name \"" + request.outputTable +
                         "\" must hold 1 to 100 letters, digits and underscores.", {}, 0, 0, request.outputTable};
    if (workspace.hasTable(request.outputTable) && !request.overwrite)
        return Error{ErrorCode::AlreadyExists,
                     "The workspace already has a table \"" + request.outputTable +
                         "\"; choose another name or overwrite it.", {}, 0, 0, request.outputTable};

    auto phase = Clock::now();
    Progress loadProgress([&progress](double f, const std::string& t) { progress.report(0.3 * f, t); });
    auto loaded = loadCleanTable(workspace, result.sourceTable, loadProgress, cancel);
    if (!loaded)
        return loaded.error();
    CleanTable table = std::move(loaded.value());
    result.loadSeconds = since(phase);

    phase = Clock::now();
    Progress replayProgress([&progress](double f, const std::string& t) { progress.report(0.3 + 0.4 * f, t); });
    ReplayOptions options;
    options.onError = request.onError;
    auto replayed = replayRecipe(table, request.recipe, defaultStepRegistry(), options, replayProgress, cancel);
    if (!replayed)
        return replayed.error();
    result.report = std::move(replayed.value());
    if (dataset)
        result.report.warnings = importSettingWarnings(
            request.recipe.importSettings,
            QJsonDocument::fromJson(QByteArray::fromStdString(dataset->importSettings)).object());
    result.replaySeconds = since(phase);

    phase = Clock::now();
    Progress storeProgress([&progress](double f, const std::string& t) { progress.report(0.7 + 0.3 * f, t); });
    if (Status status = storeCleanedTable(workspace, table, request.outputTable, result.sourceTable,
                                          request.recipe, result.report, request.overwrite, storeProgress, cancel);
        !status)
        return status.error();
    result.storeSeconds = since(phase);
    result.rows = static_cast<std::int64_t>(table.rowCount());
    result.seconds = since(started);
    return result;
}

Result<CleanResult> runCleaning(const std::string& workspacePath, const CleanRequest& request,
                                Progress& progress, const CancelToken& cancel) {
    auto opened = Workspace::open(workspacePath);
    if (!opened)
        return opened.error();
    return runCleaning(*opened.value(), request, progress, cancel);
}

std::vector<CleanedTableInfo> cleanedTables(const Workspace& workspace) {
    std::vector<CleanedTableInfo> list;
    Statement select(workspace.db(), "SELECT id, table_name, source_table, recipe, report, row_count, created_at "
                                     "FROM cleaned_tables ORDER BY table_name");
    while (select.step())
        list.push_back({select.columnInt(0), select.columnText(1), select.columnText(2), select.columnText(3),
                        select.columnText(4), select.columnInt(5), select.columnText(6)});
    return list;
}

std::optional<CleanedTableInfo> cleanedTable(const Workspace& workspace, const std::string& name) {
    Statement select(workspace.db(), "SELECT id, table_name, source_table, recipe, report, row_count, created_at "
                                     "FROM cleaned_tables WHERE table_name = ?1");
    select.bind(1, name);
    if (!select.step())
        return std::nullopt;
    return CleanedTableInfo{select.columnInt(0), select.columnText(1), select.columnText(2), select.columnText(3),
                            select.columnText(4), select.columnInt(5), select.columnText(6)};
}

} // namespace microseg::core::clean
