#pragma once
// Where a dataset came from: source file, its SHA-256, the CSV settings the import used, when it
// was imported and what the reader reported (from DatasetInfo::importSettings JSON).

#include "microseg/workspace.h"

#include <QGroupBox>
#include <optional>

class QFormLayout;
class QLabel;

namespace microseg::ui {

class DatasetInfoPanel : public QGroupBox {
    Q_OBJECT
  public:
    explicit DatasetInfoPanel(QWidget* parent = nullptr);

    /// Shows `dataset`, or hides the details for a table that is not an imported dataset.
    void setDataset(const std::optional<core::DatasetInfo>& dataset);

    /// The lines of the import settings JSON worth showing: format ("UTF-8, comma, header row")
    /// and diagnostics summary ("none", "3: 2 ragged short rows, 1 blank line"). Unknown keys are
    /// ignored so that newer workspaces still display.
    struct ImportSummary {
        QString format;
        QString formatDetails; ///< why: the detection reasons, one per line
        QString diagnostics;
        QString diagnosticsDetails; ///< the first diagnostics, "line N: kind: message"
    };
    static ImportSummary summariseImportSettings(const std::string& json);

  private:
    QLabel* addRow(const QString& label);

    QFormLayout* m_form;
    QLabel* m_source;
    QLabel* m_sha;
    QLabel* m_format;
    QLabel* m_size;
    QLabel* m_importedAt;
    QLabel* m_diagnostics;
};

} // namespace microseg::ui
