#pragma once
// Grid model over one workspace table. Rows are read from SQLite in blocks on demand and kept in
// a small LRU cache, so the view scrolls smoothly over millions of rows while memory stays at a
// few tens of thousands of rows. A block of 512 rows by rowid takes well under a millisecond,
// which is why a missing block is loaded synchronously inside data() (the fetchMore protocol
// would make the scrollbar grow as the user scrolls instead of showing the real size).

#include "microseg/personal_data.h"
#include "microseg/table_reader.h"
#include "microseg/workspace.h"

#include <QAbstractTableModel>
#include <algorithm>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace microseg::ui {

class TableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    static constexpr int kDefaultBlockSize = 512;
    static constexpr int kDefaultCachedBlocks = 64;
    /// data(index, kMissingRole) is true for a missing value (SQL NULL).
    static constexpr int kMissingRole = Qt::UserRole + 1;

    explicit TableModel(QObject* parent = nullptr);

    /// Shows `tableName`. On failure the model is left empty and the error is returned.
    core::Status setTable(std::shared_ptr<const core::Workspace> workspace,
                          const std::string& tableName);
    void clear();
    /// Tuning for tests; takes effect at the next setTable().
    void setBlockSize(int rows) { m_blockSize = std::max(1, rows); }
    void setCachedBlocks(int blocks) { m_cachedBlocks = std::max(1, blocks); }

    [[nodiscard]] const std::string& tableName() const noexcept { return m_tableName; }
    /// Stored metadata of column `section` when the table is a dataset's raw table.
    [[nodiscard]] const core::ColumnInfo* columnInfo(int section) const;
    [[nodiscard]] std::string columnName(int section) const;
    /// Personal data found in column `section` (header and the first rows): its values are
    /// masked while PresentationSettings::maskPersonalData() is on; emails written inside other
    /// text are masked too.
    [[nodiscard]] core::PersonalDataKind personalDataKind(int section) const;
    [[nodiscard]] int cachedBlockCount() const noexcept { return static_cast<int>(m_cache.size()); }
    /// Blocks read from the database since setTable(): lets tests see the cache working.
    [[nodiscard]] std::int64_t blockReads() const noexcept { return m_blockReads; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  signals:
    /// Reading a block failed (emitted once per table; the rows show as empty).
    void readFailed(const QString& message);

  private:
    struct Block {
        std::vector<core::Row> rows;
        std::list<int>::iterator lruPosition;
    };
    const core::Cell* cell(int row, int column) const;
    const std::vector<core::Row>& block(int blockIndex) const;
    QString headerToolTip(int section) const;
    void classifyPersonalData();
    QString shownText(int column, const std::string& value) const;
    bool isNumeric(int section) const;

    std::shared_ptr<const core::Workspace> m_workspace;
    std::optional<core::TableReader> m_reader;
    std::string m_tableName;
    std::vector<std::optional<core::ColumnInfo>> m_columnInfo; ///< by section
    std::vector<core::PersonalDataKind> m_personal;           ///< by section
    int m_blockSize = kDefaultBlockSize;
    int m_cachedBlocks = kDefaultCachedBlocks;

    // The cache is filled from const data(): it is a memo of the table, not model state.
    mutable std::unordered_map<int, Block> m_cache;
    mutable std::list<int> m_lru; ///< most recently used first
    mutable std::int64_t m_blockReads = 0;
    mutable bool m_reportedFailure = false;
};

} // namespace microseg::ui
