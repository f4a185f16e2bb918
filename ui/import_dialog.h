#pragma once
// CSV import dialog: file, encoding, delimiter, header row and dataset name; a live preview of the
// first rows under those settings with each column's inferred type; what was detected and why;
// and the reader's diagnostics. It only collects the request: the import itself runs as a job
// started by the Data page, so progress and Cancel live in the status bar.

#include "microseg/csv_import.h"
#include "microseg/workspace.h"

#include <QDialog>
#include <memory>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;
class QTreeWidget;

namespace microseg::ui {

class CsvPreviewModel;

class ImportDialog : public QDialog {
    Q_OBJECT
  public:
    static constexpr int kPreviewRows = 100;

    /// `workspace` (GUI thread) is read to propose and validate the dataset name.
    explicit ImportDialog(std::shared_ptr<const core::Workspace> workspace,
                          QWidget* parent = nullptr);
    ~ImportDialog() override;

    void setFilePath(const QString& path);
    [[nodiscard]] QString filePath() const;
    /// The options chosen (unset fields are detected by the importer).
    [[nodiscard]] core::CsvOptions options() const;
    [[nodiscard]] core::ImportRequest request() const;

    [[nodiscard]] const CsvPreviewModel* previewModel() const noexcept { return m_previewModel; }
    /// Why Import is disabled, empty when it is enabled.
    [[nodiscard]] QString problem() const { return m_problem; }

  public slots:
    /// Accepts only when the settings are valid for the path as typed.
    void accept() override;
    /// Re-reads the preview under the current settings (synchronous: a preview reads the head
    /// of the file only and takes milliseconds).
    void updatePreview();

  private:
    void browse();
    void onPathEdited();
    void showDetected(const core::CsvDialect& dialect);
    void showDiagnostics(const core::CsvDiagnostics& diagnostics, bool complete);
    void proposeName();
    void validate();

    std::shared_ptr<const core::Workspace> m_workspace;
    QLineEdit* m_path;
    QComboBox* m_encoding;
    QComboBox* m_delimiter;
    QComboBox* m_header;
    QLineEdit* m_name;
    QLabel* m_nameProblem;
    QLabel* m_detected;
    QLabel* m_previewTitle;
    QTableView* m_previewView;
    CsvPreviewModel* m_previewModel;
    QLabel* m_diagnosticsTitle;
    QTreeWidget* m_diagnostics;
    QLabel* m_previewError;
    QDialogButtonBox* m_buttons;
    QPushButton* m_importButton;
    QTimer* m_pathTimer;
    bool m_nameEdited = false; ///< the user typed a name: stop proposing one from the file
    bool m_previewOk = false;
    QString m_problem;
};

} // namespace microseg::ui
