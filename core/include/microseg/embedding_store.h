#pragma once
/// @file embedding_store.h
/// Embeddings (PCA scores, t-SNE coordinates) kept in the workspace (`embeddings`, schema 3) with
/// the parameters and seed that made them, so a map can be reopened without recomputing it.
/// Saving and deleting are one transaction with an audit entry each; coordinates are stored as a
/// little-endian float64 BLOB, row-major (rows x dimensions x 8 bytes).

#include <cstdint>
#include <string>
#include <vector>

#include "microseg/error.h"
#include "microseg/kmeans.h" // RowMatrix
#include "microseg/workspace.h"

namespace microseg::core {

struct Embedding {
    std::int64_t id = 0;         ///< set by saveEmbedding
    std::string name;            ///< shown to people, e.g. "t-SNE perplexity 30 (seed 0)"
    std::string method;          ///< "pca" or "tsne"
    std::string parametersJson;  ///< e.g. {"perplexity":30,"iterations":1000,...}
    std::int64_t seed = 0;
    /// What was embedded: {"feature_set":"name"} or {"table":..,"columns":[..]}.
    std::string sourceJson;
    std::int64_t rows = 0;
    std::int64_t dimensions = 0;
    /// e.g. {"explained_variance_ratio":[..]} or {"kl_divergence":..,"trustworthiness":..}
    std::string qualityJson;
    double seconds = 0.0;        ///< the algorithm alone
    std::string createdAt;       ///< ISO 8601 UTC, set by saveEmbedding
    RowMatrix coordinates;       ///< rows x dimensions; empty in listings
};

/// Stores `embedding` (coordinates must be rows x dimensions) in one transaction with an audit
/// entry; returns its id.
Result<std::int64_t> saveEmbedding(Workspace& workspace, const Embedding& embedding);
/// Every stored embedding, newest first, without coordinates (they can be large).
std::vector<Embedding> embeddings(const Workspace& workspace);
/// Embedding `id` with its coordinates.
Result<Embedding> loadEmbedding(const Workspace& workspace, std::int64_t id);
/// Removes embedding `id` (one transaction, audited).
Status deleteEmbedding(Workspace& workspace, std::int64_t id);

} // namespace microseg::core
