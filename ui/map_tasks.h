#pragma once
// The Map page's background tasks, each (request, Progress&, CancelToken) -> Result, run in
// Jobs on their own Workspace connection: embedding a source with PCA or t-SNE (t-SNE hands
// snapshots to the GUI through a MapFeed while it optimises), storing the embedding, and
// reading what colours the points (a clustering run's labels or any column of the table).

#include "microseg/error.h"
#include "microseg/kmeans.h"
#include "microseg/progress.h"
#include "microseg/tsne.h"

#include <QMutex>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace microseg::ui {

/// What is mapped: a saved feature set, or numeric columns of a table (z-scored or not).
struct MapSource {
    std::string workspacePath;
    std::string featureSet; ///< when set, table/columns/standardise are ignored
    std::string table;
    std::vector<std::string> columns;
    bool standardise = true;
    /// {"feature_set":..} or {"table":..,"columns":[..],"scale":..}, as runs record it.
    [[nodiscard]] std::string toJson() const;
};

enum class MapMethod { Pca, Tsne };

struct MapRequest {
    MapSource source;
    MapMethod method = MapMethod::Pca;
    double perplexity = 30.0;
    int iterations = 1000;
    std::uint64_t seed = 0;
    /// Rows sampled for the t-SNE trustworthiness estimate (exact below this).
    std::int64_t trustworthinessSample = 1000;
};

/// The newest t-SNE snapshot, handed from the worker to the GUI thread (which polls it on a
/// timer): the worker never touches a QObject.
struct MapFeed {
    QMutex mutex;
    std::optional<core::TsneSnapshot> latest;
};

struct MapResult {
    std::int64_t embeddingId = 0;
    QString name;
    MapMethod method = MapMethod::Pca;
    std::string table;                    ///< point i is row i + 1 of this table
    std::vector<std::string> keys;        ///< customer keys (feature sets), else empty
    std::vector<std::string> columnNames; ///< the mapped features
    /// Table columns shown when hovering a point (what the features were made from).
    std::vector<std::string> fieldColumns;
    core::RowMatrix coordinates; ///< n x k (PCA: all components; t-SNE: 2)
    // PCA
    std::vector<double> explainedVarianceRatio;
    core::RowMatrix loadings; ///< d x k
    // t-SNE
    double klDivergence = 0.0;
    double trustworthiness = 0.0;
    int iterations = 0;
    double seconds = 0.0; ///< the algorithm alone
};

/// Loads the source, embeds it, stores the embedding (one transaction) and returns it with its
/// id. t-SNE snapshots go to `feed` (may be null) every few iterations.
core::Result<MapResult> runMap(const MapRequest& request, std::shared_ptr<MapFeed> feed,
                               core::Progress& progress, const core::CancelToken& cancel);

/// Reopens stored embedding `embeddingId` as it was shown: coordinates, quality and (PCA)
/// loadings from the store; keys and fields from its source (a feature set is rebuilt to get
/// the keys, in a job). Fails when the source no longer has the embedding's rows.
core::Result<MapResult> loadMap(const std::string& workspacePath, std::int64_t embeddingId,
                                core::Progress& progress, const core::CancelToken& cancel);

/// How points are coloured: categories (labels and their names) or continuous values.
struct MapColours {
    QString title;
    bool categorical = false;
    std::vector<std::int32_t> labels; ///< -1 = noise / missing
    QStringList names;
    std::vector<double> values; ///< NaN = missing
};

/// Categories beyond this many distinct text values are refused (they could not be told apart).
inline constexpr int kMaxColourCategories = 60;

/// Colours from clustering run `runId`, whose labels must number `rows`.
core::Result<MapColours> loadRunColours(const std::string& workspacePath, std::int64_t runId,
                                        std::int64_t rows);
/// Colours from `column` of `table`: numeric columns continuous, text columns categorical
/// (in name order; refused above kMaxColourCategories distinct values).
core::Result<MapColours> loadColumnColours(const std::string& workspacePath,
                                           const std::string& table, const std::string& column,
                                           core::Progress& progress,
                                           const core::CancelToken& cancel);

/// Rows of `table` for a selection's members (ascending 1-based row numbers), read in one pass
/// in batches: `header` is the table's columns, `rows[i]` the cells of members[i].
struct MemberRows {
    std::vector<std::string> header;
    std::vector<std::int64_t> members;
    std::vector<std::vector<QString>> rows;
};
core::Result<MemberRows> loadMemberRows(const std::string& workspacePath, const std::string& table,
                                        std::vector<std::int64_t> members, core::Progress& progress,
                                        const core::CancelToken& cancel);

} // namespace microseg::ui
