#include "microseg/run_store.h"

#include <sqlite3.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstring>

#include "sqlite_util.h"

namespace microseg::core {
namespace {

/// Labels as little-endian int32 bytes, independent of the machine's byte order.
std::string packLabels(const std::vector<std::int32_t>& labels) {
    std::string bytes(labels.size() * 4, '\0');
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto value = static_cast<std::uint32_t>(labels[i]);
        for (int b = 0; b < 4; ++b)
            bytes[i * 4 + static_cast<std::size_t>(b)] = static_cast<char>((value >> (8 * b)) & 0xFF);
    }
    return bytes;
}

std::vector<std::int32_t> unpackLabels(const unsigned char* bytes, std::size_t size) {
    std::vector<std::int32_t> labels(size / 4);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        std::uint32_t value = 0;
        for (int b = 0; b < 4; ++b)
            value |= std::uint32_t(bytes[i * 4 + static_cast<std::size_t>(b)]) << (8 * b);
        labels[i] = static_cast<std::int32_t>(value);
    }
    return labels;
}

std::string auditDetails(std::int64_t id, const ClusteringRun& run) {
    QJsonObject object;
    object["run"] = static_cast<qint64>(id);
    object["name"] = QString::fromStdString(run.name);
    object["algorithm"] = QString::fromStdString(run.algorithm);
    object["parameters"] = QJsonDocument::fromJson(QByteArray::fromStdString(run.parametersJson)).object();
    object["source"] = QJsonDocument::fromJson(QByteArray::fromStdString(run.sourceJson)).object();
    object["rows"] = static_cast<qint64>(run.rows);
    object["clusters"] = static_cast<qint64>(run.clusters);
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

Result<std::int64_t> saveClusteringRun(Workspace& workspace, const ClusteringRun& run) {
    if (static_cast<std::int64_t>(run.labels.size()) != run.rows)
        return Error{ErrorCode::InvalidArgument,
                     "The run has " + std::to_string(run.labels.size()) + " labels for " +
                         std::to_string(run.rows) + " rows.",
                     {}, 0, 0, run.name};
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement insert(db, "INSERT INTO clustering_runs(name, algorithm, parameters, seed, source, "
                         "rows, clusters, metrics, seconds, created_at, labels) "
                         "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    insert.bind(1, run.name);
    insert.bind(2, run.algorithm);
    insert.bind(3, run.parametersJson.empty() ? std::string("{}") : run.parametersJson);
    insert.bind(4, run.seed);
    insert.bind(5, run.sourceJson.empty() ? std::string("{}") : run.sourceJson);
    insert.bind(6, run.rows);
    insert.bind(7, run.clusters);
    insert.bind(8, run.metricsJson.empty() ? std::string("{}") : run.metricsJson);
    sqlite3_bind_double(insert.get(), 9, run.seconds);
    insert.bind(10, utcNowIso8601());
    const std::string blob = packLabels(run.labels);
    sqlite3_bind_blob64(insert.get(), 11, blob.data(), blob.size(), SQLITE_TRANSIENT);
    insert.step();
    if (insert.failed())
        return sqliteError(db, "saving the clustering run");
    const std::int64_t id = sqlite3_last_insert_rowid(db);
    if (Status status = workspace.audit("save_run", auditDetails(id, run)); !status)
        return status.error();
    if (Status status = transaction.commit(); !status)
        return status.error();
    return id;
}

std::vector<ClusteringRun> clusteringRuns(const Workspace& workspace) {
    std::vector<ClusteringRun> runs;
    Statement select(workspace.db(),
                     "SELECT id, name, algorithm, parameters, seed, source, rows, clusters, "
                     "metrics, seconds, created_at FROM clustering_runs ORDER BY id DESC");
    while (select.step()) {
        ClusteringRun run;
        run.id = select.columnInt(0);
        run.name = select.columnText(1);
        run.algorithm = select.columnText(2);
        run.parametersJson = select.columnText(3);
        run.seed = select.columnInt(4);
        run.sourceJson = select.columnText(5);
        run.rows = select.columnInt(6);
        run.clusters = select.columnInt(7);
        run.metricsJson = select.columnText(8);
        run.seconds = select.columnDouble(9);
        run.createdAt = select.columnText(10);
        runs.push_back(std::move(run));
    }
    return runs;
}

Result<std::vector<std::int32_t>> clusteringRunLabels(const Workspace& workspace, std::int64_t id) {
    Statement select(workspace.db(), "SELECT labels FROM clustering_runs WHERE id = ?1");
    select.bind(1, id);
    if (!select.step())
        return Error{ErrorCode::NotFound, "There is no clustering run " + std::to_string(id) + ".",
                     workspace.path(), 0, 0, std::to_string(id)};
    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(select.get(), 0));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(select.get(), 0));
    return bytes ? unpackLabels(bytes, size) : std::vector<std::int32_t>{};
}

Status deleteClusteringRun(Workspace& workspace, std::int64_t id) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement remove(db, "DELETE FROM clustering_runs WHERE id = ?1");
    remove.bind(1, id);
    remove.step();
    if (remove.failed())
        return sqliteError(db, "deleting the clustering run");
    if (sqlite3_changes(db) == 0)
        return Error{ErrorCode::NotFound, "There is no clustering run " + std::to_string(id) + ".",
                     workspace.path(), 0, 0, std::to_string(id)};
    if (Status status = workspace.audit("delete_run", "{\"run\":" + std::to_string(id) + "}"); !status)
        return status;
    return transaction.commit();
}

Status deleteClusteringRuns(Workspace& workspace, const std::vector<std::int64_t>& ids) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement remove(db, "DELETE FROM clustering_runs WHERE id = ?1");
    QJsonArray removed;
    for (std::int64_t id : ids) {
        remove.reset();
        remove.bind(1, id);
        remove.step();
        if (remove.failed())
            return sqliteError(db, "deleting the clustering runs");
        // Returning without commit rolls the whole batch back.
        if (sqlite3_changes(db) == 0)
            return Error{ErrorCode::NotFound,
                         "There is no clustering run " + std::to_string(id) + ".",
                         workspace.path(), 0, 0, std::to_string(id)};
        removed.append(static_cast<qint64>(id));
    }
    QJsonObject details;
    details["runs"] = removed;
    if (Status status = workspace.audit(
            "delete_runs", QJsonDocument(details).toJson(QJsonDocument::Compact).toStdString());
        !status)
        return status;
    return transaction.commit();
}

Status updateClusteringRunMetrics(Workspace& workspace, std::int64_t id,
                                  const std::string& metricsJson) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement update(db, "UPDATE clustering_runs SET metrics = ?1 WHERE id = ?2");
    update.bind(1, metricsJson.empty() ? std::string("{}") : metricsJson);
    update.bind(2, id);
    update.step();
    if (update.failed())
        return sqliteError(db, "updating the metrics of the clustering run");
    if (sqlite3_changes(db) == 0)
        return Error{ErrorCode::NotFound, "There is no clustering run " + std::to_string(id) + ".",
                     workspace.path(), 0, 0, std::to_string(id)};
    QJsonObject details;
    details["run"] = static_cast<qint64>(id);
    details["metrics"] = QJsonDocument::fromJson(QByteArray::fromStdString(metricsJson)).object();
    if (Status status = workspace.audit(
            "update_run_metrics",
            QJsonDocument(details).toJson(QJsonDocument::Compact).toStdString());
        !status)
        return status;
    return transaction.commit();
}

} // namespace microseg::core
