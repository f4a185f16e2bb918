#include "table_model.h"

#include "presentation_settings.h"
#include "text_format.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <climits>

namespace microseg::ui {

namespace {
/// Rows sampled to recognise personal data by content.
constexpr std::int64_t kPersonalDataSample = 200;
} // namespace

TableModel::TableModel(QObject* parent) : QAbstractTableModel(parent) {
    connect(&PresentationSettings::instance(), &PresentationSettings::maskingChanged, this, [this] {
        if (rowCount() > 0 && columnCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                             {Qt::DisplayRole, Qt::ToolTipRole});
    });
}

void TableModel::classifyPersonalData() {
    const auto& names = m_reader->columnNames();
    std::vector<std::vector<std::string>> samples(names.size());
    if (auto rows = m_reader->fetch(0, kPersonalDataSample); rows.ok()) {
        for (const core::Row& row : rows.value()) {
            for (std::size_t c = 0; c < row.size() && c < names.size(); ++c) {
                if (row[c] && !row[c]->empty())
                    samples[c].push_back(*row[c]);
            }
        }
    }
    m_personal.clear();
    for (std::size_t c = 0; c < names.size(); ++c)
        m_personal.push_back(core::classifyColumn(names[c], samples[c]));
}

core::PersonalDataKind TableModel::personalDataKind(int section) const {
    if (section < 0 || section >= static_cast<int>(m_personal.size()))
        return core::PersonalDataKind::None;
    return m_personal[static_cast<std::size_t>(section)];
}

QString TableModel::shownText(int column, const std::string& value) const {
    if (!PresentationSettings::instance().maskPersonalData())
        return toQString(value);
    const core::PersonalDataKind kind = personalDataKind(column);
    return toQString(kind == core::PersonalDataKind::None ? core::maskEmbeddedEmails(value)
                                                          : core::maskPersonalValue(kind, value));
}

core::Status TableModel::setTable(std::shared_ptr<const core::Workspace> workspace,
                                  const std::string& tableName) {
    beginResetModel();
    m_reader.reset();
    m_columnInfo.clear();
    m_personal.clear();
    m_cache.clear();
    m_lru.clear();
    m_blockReads = 0;
    m_reportedFailure = false;
    m_workspace = std::move(workspace);
    m_tableName = tableName;

    core::Status status = core::success();
    if (m_workspace) {
        auto reader = core::TableReader::open(*m_workspace, tableName);
        if (reader.ok()) {
            m_reader.emplace(std::move(reader).value());
            m_columnInfo.resize(m_reader->columnNames().size());
            classifyPersonalData();
            if (auto dataset = m_workspace->datasetByTable(tableName)) {
                for (core::ColumnInfo& info : m_workspace->columns(dataset->id)) {
                    const auto& names = m_reader->columnNames();
                    for (std::size_t i = 0; i < names.size(); ++i) {
                        if (names[i] == info.name)
                            m_columnInfo[i] = std::move(info);
                    }
                }
            }
        } else {
            status = reader.error();
        }
    }
    endResetModel();
    return status;
}

void TableModel::clear() {
    beginResetModel();
    m_reader.reset();
    m_workspace.reset();
    m_tableName.clear();
    m_columnInfo.clear();
    m_personal.clear();
    m_cache.clear();
    m_lru.clear();
    endResetModel();
}

const core::ColumnInfo* TableModel::columnInfo(int section) const {
    if (section < 0 || section >= static_cast<int>(m_columnInfo.size()) || !m_columnInfo[section])
        return nullptr;
    return &*m_columnInfo[section];
}

std::string TableModel::columnName(int section) const {
    if (!m_reader || section < 0 || section >= columnCount())
        return {};
    return m_reader->columnNames()[section];
}

int TableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_reader)
        return 0;
    // QAbstractItemModel counts rows in int; a table beyond 2^31 rows shows its first 2^31.
    return static_cast<int>(std::min<std::int64_t>(m_reader->rowCount(), INT_MAX));
}

int TableModel::columnCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_reader)
        return 0;
    return static_cast<int>(m_reader->columnNames().size());
}

const std::vector<core::Row>& TableModel::block(int blockIndex) const {
    if (auto found = m_cache.find(blockIndex); found != m_cache.end()) {
        m_lru.splice(m_lru.begin(), m_lru, found->second.lruPosition);
        return found->second.rows;
    }
    if (static_cast<int>(m_cache.size()) >= m_cachedBlocks) {
        m_cache.erase(m_lru.back());
        m_lru.pop_back();
    }
    std::vector<core::Row> rows;
    auto fetched =
        m_reader->fetch(static_cast<std::int64_t>(blockIndex) * m_blockSize, m_blockSize);
    ++m_blockReads;
    if (fetched.ok()) {
        rows = std::move(fetched).value();
    } else if (!m_reportedFailure) {
        // Cache the empty block anyway: retrying on every paint would flood the same error.
        m_reportedFailure = true;
        emit const_cast<TableModel*>(this)->readFailed(toQString(fetched.error().toString()));
    }
    m_lru.push_front(blockIndex);
    auto& entry = m_cache[blockIndex];
    entry.rows = std::move(rows);
    entry.lruPosition = m_lru.begin();
    return entry.rows;
}

const core::Cell* TableModel::cell(int row, int column) const {
    const auto& rows = block(row / m_blockSize);
    const auto offset = static_cast<std::size_t>(row % m_blockSize);
    if (offset >= rows.size() || column >= static_cast<int>(rows[offset].size()))
        return nullptr;
    return &rows[offset][static_cast<std::size_t>(column)];
}

bool TableModel::isNumeric(int section) const {
    const core::ColumnInfo* info = columnInfo(section);
    return info && (info->type.type == core::ColumnType::Integer ||
                    info->type.type == core::ColumnType::Decimal);
}

QVariant TableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !m_reader || index.row() >= rowCount() ||
        index.column() >= columnCount())
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        const core::Cell* value = cell(index.row(), index.column());
        if (!value || !*value)
            return role == Qt::ToolTipRole ? QVariant(tr("Missing value")) : QVariant(QString());
        return shownText(index.column(), **value);
    }
    case kMissingRole: {
        const core::Cell* value = cell(index.row(), index.column());
        return !value || !*value;
    }
    case Qt::BackgroundRole: {
        // Missing cells are empty; a faint tint keeps them visible without inventing a value.
        const core::Cell* value = cell(index.row(), index.column());
        if (!value || !*value) {
            QColor tint = QGuiApplication::palette().color(QPalette::Text);
            tint.setAlpha(18);
            return QBrush(tint);
        }
        return {};
    }
    case Qt::ForegroundRole: {
        const core::Cell* value = cell(index.row(), index.column());
        if (!value || !*value)
            return QBrush(QGuiApplication::palette().color(QPalette::PlaceholderText));
        return {};
    }
    case Qt::FontRole: {
        const core::Cell* value = cell(index.row(), index.column());
        if (!value || !*value) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    }
    case Qt::TextAlignmentRole:
        return isNumeric(index.column()) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                         : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QString TableModel::headerToolTip(int section) const {
    QStringList lines;
    lines << toQString(columnName(section));
    if (const core::PersonalDataKind kind = personalDataKind(section); kind != core::PersonalDataKind::None)
        lines << tr("Personal data (%1): masked in presentation mode")
                     .arg(toQString(core::personalDataKindName(kind)));
    const core::ColumnInfo* info = columnInfo(section);
    if (!info) {
        lines << tr("Type: not recorded (derived table)");
        return lines.join('\n');
    }
    if (!info->originalName.empty() && info->originalName != info->name)
        lines << tr("Header in file: \"%1\"").arg(toQString(info->originalName));
    lines << tr("Type: %1").arg(toQString(info->type.describe()));
    if (!info->type.note.empty())
        lines << toQString(info->type.note);
    const std::int64_t rows = m_reader ? m_reader->rowCount() : 0;
    lines << tr("Missing: %1 of %2 (%3)")
                 .arg(formatCount(info->missingCount), formatCount(rows),
                      formatPercent(info->missingCount, rows));
    return lines.join('\n');
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (section < 0 || section >= columnCount())
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        // The type sits under the name, as in the import preview; details are in the tooltip.
        const QString name = toQString(columnName(section));
        const core::ColumnInfo* info = columnInfo(section);
        return info ? name + '\n' + core::columnTypeName(info->type.type) : name;
    }
    case Qt::ToolTipRole:
        return headerToolTip(section);
    case Qt::TextAlignmentRole:
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

} // namespace microseg::ui
