#pragma once
/// @file csv_import.h
/// CSV preview (for the import dialog) and import into a workspace. The import streams the file
/// (bounded memory), infers column types in the same pass, and writes the raw table, its dataset
/// and column metadata and an audit entry in ONE transaction: a cancelled or failed import leaves
/// the workspace exactly as it was. Progress: fraction of file bytes read; cancel is polled every
/// batch of rows.

#include <QJsonObject>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "microseg/column_type.h"
#include "microseg/csv_types.h"
#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/workspace.h"

namespace microseg::core {

struct CsvPreview {
    CsvDialect dialect;
    std::vector<std::string> columnNames;
    std::vector<std::string> originalHeader;
    std::vector<std::vector<std::string>> rows;  ///< first rows, padded to columnNames().size()
    std::vector<InferredType> types;             ///< inferred from the previewed rows
    CsvDiagnostics diagnostics;                  ///< those met in the previewed part
    std::uint64_t fileSize = 0;
    bool complete = false;  ///< the preview reached the end of the file
};

/// Reads the first `maxRows` records under `options` (unset fields detected).
Result<CsvPreview> previewCsv(const std::string& path, const CsvOptions& options = {},
                              int maxRows = 200);

struct ImportRequest {
    std::string filePath;
    std::string datasetName;  ///< empty: derived from the file name; made unique
    CsvOptions options;
};

struct ImportReport {
    DatasetInfo dataset;
    std::vector<ColumnInfo> columns;
    CsvDialect dialect;
    CsvDiagnostics diagnostics;
    double seconds = 0.0;
};

/// Imports into an open workspace (on the calling thread's connection).
Result<ImportReport> importCsv(Workspace& workspace, const ImportRequest& request,
                               Progress& progress, const CancelToken& cancel);
/// Convenience for worker threads: opens its own connection to `workspacePath`.
Result<ImportReport> importCsv(const std::string& workspacePath, const ImportRequest& request,
                               Progress& progress, const CancelToken& cancel);

/// {"ragged_short_row": 3, ...}: the non-zero diagnostic counts by kind name (import settings,
/// the command line's JSON).
QJsonObject diagnosticCountsJson(const CsvDiagnostics& diagnostics);

/// A dataset name holds 1 to 100 ASCII letters, digits and underscores (it becomes part of a
/// table name, and people type it on the command line).
bool isValidDatasetName(std::string_view name);

/// "Online Retail (10%).csv" -> "online_retail_10": lowercase letters, digits and underscores.
std::string datasetNameFromFile(const std::string& filePath);

} // namespace microseg::core
