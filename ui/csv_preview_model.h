#pragma once
// Table model over a CSV preview for the import dialog: the first rows as read under the current
// settings, with each column's inferred type under its name in the header.

#include "microseg/csv_import.h"
#include "microseg/personal_data.h"

#include <QAbstractTableModel>

namespace microseg::ui {

class CsvPreviewModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    using QAbstractTableModel::QAbstractTableModel;

    void setPreview(core::CsvPreview preview);
    void clear();
    [[nodiscard]] const core::CsvPreview& preview() const noexcept { return m_preview; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    core::CsvPreview m_preview;
    /// Per column, for masking in presentation mode (the dialog is modal: decided per preview).
    std::vector<core::PersonalDataKind> m_personal;
};

} // namespace microseg::ui
