#include "csv_preview_model.h"

#include "presentation_settings.h"
#include "text_format.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

namespace microseg::ui {

void CsvPreviewModel::setPreview(core::CsvPreview preview) {
    beginResetModel();
    m_preview = std::move(preview);
    m_personal.clear();
    for (std::size_t c = 0; c < m_preview.columnNames.size(); ++c) {
        std::vector<std::string> sample;
        for (const auto& row : m_preview.rows) {
            if (c < row.size() && !row[c].empty())
                sample.push_back(row[c]);
        }
        m_personal.push_back(core::classifyColumn(m_preview.columnNames[c], sample));
    }
    endResetModel();
}

void CsvPreviewModel::clear() {
    setPreview({});
}

int CsvPreviewModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_preview.rows.size());
}

int CsvPreviewModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_preview.columnNames.size());
}

QVariant CsvPreviewModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const auto& row = m_preview.rows[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<std::size_t>(index.column());
    const bool present = column < row.size() && !row[column].empty();
    switch (role) {
    case Qt::DisplayRole:
        if (!present)
            return QString();
        if (PresentationSettings::instance().maskPersonalData()) {
            const core::PersonalDataKind kind =
                column < m_personal.size() ? m_personal[column] : core::PersonalDataKind::None;
            return toQString(kind == core::PersonalDataKind::None
                                 ? core::maskEmbeddedEmails(row[column])
                                 : core::maskPersonalValue(kind, row[column]));
        }
        return toQString(row[column]);
    case Qt::BackgroundRole:
        if (!present) {
            // An empty field becomes a missing value on import: tint it as the data grid does.
            QColor tint = QGuiApplication::palette().color(QPalette::Text);
            tint.setAlpha(18);
            return QBrush(tint);
        }
        return {};
    case Qt::TextAlignmentRole: {
        const bool numeric = column < m_preview.types.size() &&
                             (m_preview.types[column].type == core::ColumnType::Integer ||
                              m_preview.types[column].type == core::ColumnType::Decimal);
        return numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                       : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
    default:
        return {};
    }
}

QVariant CsvPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (section < 0 || section >= columnCount())
        return {};
    const auto column = static_cast<std::size_t>(section);
    const QString name = toQString(m_preview.columnNames[column]);
    const QString type =
        column < m_preview.types.size() ? toQString(m_preview.types[column].describe()) : QString();
    switch (role) {
    case Qt::DisplayRole:
        return type.isEmpty() ? name : name + '\n' + type;
    case Qt::ToolTipRole: {
        QStringList lines{name};
        if (column < m_preview.originalHeader.size() &&
            m_preview.originalHeader[column] != m_preview.columnNames[column])
            lines << tr("Header in file: \"%1\"").arg(toQString(m_preview.originalHeader[column]));
        if (!type.isEmpty())
            lines << tr("Inferred type (from the previewed rows): %1").arg(type);
        if (column < m_preview.types.size() && !m_preview.types[column].note.empty())
            lines << toQString(m_preview.types[column].note);
        return lines.join('\n');
    }
    default:
        return {};
    }
}

} // namespace microseg::ui
