#include "microseg/embedding_store.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "test_util.h"

using namespace microseg::core;
using microseg::test::TempDir;
using microseg::test::workspaceWithCsv;

namespace {
Embedding sampleEmbedding(RowMatrix coordinates) {
    Embedding embedding;
    embedding.name = "t-SNE perplexity 30 (seed 4)";
    embedding.method = "tsne";
    embedding.parametersJson = R"({"perplexity":30,"iterations":1000})";
    embedding.seed = 4;
    embedding.sourceJson = R"({"feature_set":"rfm"})";
    embedding.rows = coordinates.rows();
    embedding.dimensions = coordinates.cols();
    embedding.qualityJson = R"({"kl_divergence":0.5})";
    embedding.seconds = 1.25;
    embedding.coordinates = std::move(coordinates);
    return embedding;
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
} // namespace

TEST(EmbeddingStore, SavesListsAndReloadsCoordinatesBitForBit) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n2\n3\n");
    RowMatrix coordinates(3, 2);
    coordinates << 1.0 / 3.0, -0.0, std::numeric_limits<double>::denorm_min(), -1e300,
        std::numeric_limits<double>::infinity(), 42.0;
    auto id = saveEmbedding(*workspace, sampleEmbedding(coordinates));
    ASSERT_TRUE(id.ok()) << id.error().toString();
    const auto listed = embeddings(*workspace);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, id.value());
    EXPECT_EQ(listed[0].method, "tsne");
    EXPECT_EQ(listed[0].seed, 4);
    EXPECT_EQ(listed[0].rows, 3);
    EXPECT_EQ(listed[0].dimensions, 2);
    EXPECT_EQ(listed[0].parametersJson, R"({"perplexity":30,"iterations":1000})");
    EXPECT_EQ(listed[0].qualityJson, R"({"kl_divergence":0.5})");
    EXPECT_DOUBLE_EQ(listed[0].seconds, 1.25);
    EXPECT_FALSE(listed[0].createdAt.empty());
    EXPECT_EQ(listed[0].coordinates.size(), 0); // listed without coordinates
    auto loaded = loadEmbedding(*workspace, id.value());
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    ASSERT_EQ(loaded.value().coordinates.rows(), 3);
    ASSERT_EQ(loaded.value().coordinates.cols(), 2);
    for (Eigen::Index i = 0; i < coordinates.size(); ++i)
        EXPECT_TRUE(sameBits(loaded.value().coordinates.data()[i], coordinates.data()[i])) << i;
    EXPECT_EQ(loaded.value().name, "t-SNE perplexity 30 (seed 4)");
    EXPECT_EQ(workspace->auditLog().back().operation, "save_embedding");
}

TEST(EmbeddingStore, NewestFirstAndDeleteIsAudited) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    const auto first = saveEmbedding(*workspace, sampleEmbedding(RowMatrix::Zero(2, 2))).value();
    const auto second = saveEmbedding(*workspace, sampleEmbedding(RowMatrix::Ones(4, 3))).value();
    auto listed = embeddings(*workspace);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].id, second);
    EXPECT_EQ(listed[0].dimensions, 3);
    ASSERT_TRUE(deleteEmbedding(*workspace, first).ok());
    EXPECT_EQ(workspace->auditLog().back().operation, "delete_embedding");
    listed = embeddings(*workspace);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, second);
    EXPECT_EQ(deleteEmbedding(*workspace, first).error().code, ErrorCode::NotFound);
    EXPECT_EQ(loadEmbedding(*workspace, first).error().code, ErrorCode::NotFound);
}

TEST(EmbeddingStore, RefusesCoordinatesThatDoNotMatchTheShape) {
    TempDir dir;
    auto workspace = workspaceWithCsv(dir, "x\n1\n");
    Embedding embedding = sampleEmbedding(RowMatrix::Zero(3, 2));
    embedding.rows = 4;
    auto id = saveEmbedding(*workspace, embedding);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(embeddings(*workspace).empty());
    const auto entries = workspace->auditLog();
    EXPECT_TRUE(entries.empty() || entries.back().operation != "save_embedding");
}
