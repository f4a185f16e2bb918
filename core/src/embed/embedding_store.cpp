#include "microseg/embedding_store.h"

#include <sqlite3.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <cstring>

#include "sqlite_util.h"

namespace microseg::core {
namespace {

/// Coordinates as little-endian float64 bytes, row-major, independent of the machine's order.
std::string packCoordinates(const RowMatrix& coordinates) {
    const auto count = static_cast<std::size_t>(coordinates.size());
    std::string bytes(count * 8, '\0');
    for (std::size_t i = 0; i < count; ++i) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, coordinates.data() + i, 8);
        for (std::size_t b = 0; b < 8; ++b)
            bytes[i * 8 + b] = static_cast<char>((bits >> (8 * b)) & 0xFF);
    }
    return bytes;
}

RowMatrix unpackCoordinates(const unsigned char* bytes, Eigen::Index rows, Eigen::Index dims) {
    RowMatrix coordinates(rows, dims);
    for (std::size_t i = 0; i < static_cast<std::size_t>(coordinates.size()); ++i) {
        std::uint64_t bits = 0;
        for (std::size_t b = 0; b < 8; ++b)
            bits |= std::uint64_t(bytes[i * 8 + b]) << (8 * b);
        std::memcpy(coordinates.data() + i, &bits, 8);
    }
    return coordinates;
}

QJsonObject jsonObject(const std::string& text) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

std::string auditDetails(std::int64_t id, const Embedding& embedding) {
    QJsonObject object;
    object["embedding"] = static_cast<qint64>(id);
    object["name"] = QString::fromStdString(embedding.name);
    object["method"] = QString::fromStdString(embedding.method);
    object["parameters"] = jsonObject(embedding.parametersJson);
    object["seed"] = static_cast<qint64>(embedding.seed);
    object["source"] = jsonObject(embedding.sourceJson);
    object["rows"] = static_cast<qint64>(embedding.rows);
    object["dimensions"] = static_cast<qint64>(embedding.dimensions);
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

Error notFound(const Workspace& workspace, std::int64_t id) {
    return Error{ErrorCode::NotFound, "There is no embedding " + std::to_string(id) + ".",
                 workspace.path(), 0, 0, std::to_string(id)};
}

std::string orEmptyObject(const std::string& json) { return json.empty() ? "{}" : json; }

constexpr const char* kColumns = "id, name, method, parameters, seed, source, rows, dimensions, "
                                 "quality, seconds, created_at";

Embedding readRow(const Statement& select) {
    Embedding embedding;
    embedding.id = select.columnInt(0);
    embedding.name = select.columnText(1);
    embedding.method = select.columnText(2);
    embedding.parametersJson = select.columnText(3);
    embedding.seed = select.columnInt(4);
    embedding.sourceJson = select.columnText(5);
    embedding.rows = select.columnInt(6);
    embedding.dimensions = select.columnInt(7);
    embedding.qualityJson = select.columnText(8);
    embedding.seconds = select.columnDouble(9);
    embedding.createdAt = select.columnText(10);
    return embedding;
}

} // namespace

Result<std::int64_t> saveEmbedding(Workspace& workspace, const Embedding& embedding) {
    if (embedding.coordinates.rows() != embedding.rows ||
        embedding.coordinates.cols() != embedding.dimensions || embedding.rows < 1 ||
        embedding.dimensions < 1)
        return Error{ErrorCode::InvalidArgument,
                     "The embedding has " + std::to_string(embedding.coordinates.rows()) + " x " +
                         std::to_string(embedding.coordinates.cols()) + " coordinates for " +
                         std::to_string(embedding.rows) + " rows x " +
                         std::to_string(embedding.dimensions) + " dimensions.",
                     {}, 0, 0, embedding.name};
    if (embedding.method.empty())
        return Error{ErrorCode::InvalidArgument, "The embedding needs a method (pca, tsne).", {}, 0, 0, {}};
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement insert(db, "INSERT INTO embeddings(name, method, parameters, seed, source, rows, "
                         "dimensions, quality, seconds, created_at, coordinates) "
                         "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    insert.bind(1, embedding.name);
    insert.bind(2, embedding.method);
    insert.bind(3, orEmptyObject(embedding.parametersJson));
    insert.bind(4, embedding.seed);
    insert.bind(5, orEmptyObject(embedding.sourceJson));
    insert.bind(6, embedding.rows);
    insert.bind(7, embedding.dimensions);
    insert.bind(8, orEmptyObject(embedding.qualityJson));
    sqlite3_bind_double(insert.get(), 9, embedding.seconds);
    insert.bind(10, utcNowIso8601());
    const std::string blob = packCoordinates(embedding.coordinates);
    sqlite3_bind_blob64(insert.get(), 11, blob.data(), blob.size(), SQLITE_TRANSIENT);
    insert.step();
    if (insert.failed())
        return sqliteError(db, "saving the embedding");
    const std::int64_t id = sqlite3_last_insert_rowid(db);
    if (Status status = workspace.audit("save_embedding", auditDetails(id, embedding)); !status)
        return status.error();
    if (Status status = transaction.commit(); !status)
        return status.error();
    return id;
}

std::vector<Embedding> embeddings(const Workspace& workspace) {
    std::vector<Embedding> out;
    Statement select(workspace.db(),
                     std::string("SELECT ") + kColumns + " FROM embeddings ORDER BY id DESC");
    while (select.step())
        out.push_back(readRow(select));
    return out;
}

Result<Embedding> loadEmbedding(const Workspace& workspace, std::int64_t id) {
    Statement select(workspace.db(), std::string("SELECT ") + kColumns +
                                         ", coordinates FROM embeddings WHERE id = ?1");
    select.bind(1, id);
    if (!select.step())
        return notFound(workspace, id);
    Embedding embedding = readRow(select);
    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(select.get(), 11));
    const auto size = static_cast<std::int64_t>(sqlite3_column_bytes(select.get(), 11));
    if (embedding.rows < 0 || embedding.dimensions < 0 ||
        size != embedding.rows * embedding.dimensions * 8 || (size > 0 && !bytes))
        return Error{ErrorCode::Database,
                     "Embedding " + std::to_string(id) + " has " + std::to_string(size) +
                         " bytes of coordinates for " + std::to_string(embedding.rows) +
                         " rows x " + std::to_string(embedding.dimensions) + " dimensions.",
                     workspace.path(), 0, 0, std::to_string(id)};
    embedding.coordinates = unpackCoordinates(bytes, embedding.rows, embedding.dimensions);
    return embedding;
}

Status deleteEmbedding(Workspace& workspace, std::int64_t id) {
    sqlite3* db = workspace.db();
    Transaction transaction(db);
    Statement remove(db, "DELETE FROM embeddings WHERE id = ?1");
    remove.bind(1, id);
    remove.step();
    if (remove.failed())
        return sqliteError(db, "deleting the embedding");
    if (sqlite3_changes(db) == 0)
        return notFound(workspace, id);
    if (Status status = workspace.audit("delete_embedding",
                                        "{\"embedding\":" + std::to_string(id) + "}");
        !status)
        return status;
    return transaction.commit();
}

} // namespace microseg::core
