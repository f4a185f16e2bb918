#pragma once
// Features page, "Feature set" tab: compose the matrix clustering uses from a per-customer table:
// the key column, then per column whether it is used, numeric or categorical, its transform
// (log1p, Yeo-Johnson), scaling (z-score, min-max, robust), encoding (one-hot with a level cap and
// "other", or ordinal), weight; engagement tiers from stored tier definitions as extra features.
// Preview builds the matrix (first rows, per-feature mean and sd); Save stores the spec by name
// in the workspace's feature sets, where the Cluster page and the CLI find it.

#include "features_tasks.h"
#include "microseg/feature_set.h"
#include "job.h"
#include "microseg/progress.h"

#include <QPointer>
#include <QWidget>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {



class FeatureSetPanel : public QWidget {
    Q_OBJECT
  public:
    /// Columns of the feature table.
    enum Column { Name, Kind, Transform, Scaling, Encoding, MaxLevels, Order, Weight, ColumnCount };

    explicit FeatureSetPanel(QWidget* parent = nullptr);

    void setWorkspace(std::shared_ptr<core::Workspace> workspace);
    /// Lists the tables again (after another tab created one), keeping the choice if it exists.
    void refreshTables(const QString& select = {});
    /// The spec the table describes (used rows only).
    [[nodiscard]] core::FeatureSpec spec() const;
    /// Builds the matrix and shows the preview (null when nothing is chosen).
    Job* startPreview(core::CancelToken token = {});
    /// Builds, then saves the spec under the chosen name (null when nothing is chosen).
    Job* startSave(core::CancelToken token = {});
    /// Shows a saved spec in the composer (its table, key and features; other columns unchecked);
    /// false with the reason in the status line when its table or a column is gone.
    bool loadSpec(const core::FeatureSpec& spec, const QString& name = {});
    /// Appends a row for the stored tier definition `name` (an engagement tier feature).
    void addTierFeature(const QString& name);
    [[nodiscard]] bool isBusy() const;

    [[nodiscard]] QComboBox* tableCombo() const noexcept { return m_table; }
    [[nodiscard]] QComboBox* keyCombo() const noexcept { return m_key; }
    [[nodiscard]] QTableWidget* featureTable() const noexcept { return m_features; }
    [[nodiscard]] QTableWidget* previewTable() const noexcept { return m_preview; }
    [[nodiscard]] QTableWidget* statsTable() const noexcept { return m_stats; }
    [[nodiscard]] QLineEdit* nameEdit() const noexcept { return m_name; }
    [[nodiscard]] QListWidget* savedList() const noexcept { return m_saved; }
    [[nodiscard]] QComboBox* tierCombo() const noexcept { return m_tiers; }
    [[nodiscard]] QLabel* statusLabel() const noexcept { return m_status; }

  signals:
    void jobStarted(microseg::ui::Job* job);
    void busyChanged();

  private:
    QWidget* buildComposer();
    QWidget* buildPreview();
    void loadColumns();
    void loadTiers();
    void openTierDialog(bool edit);
    void deleteTier();
    void loadSaved();
    void addFeatureRow(const QString& column, bool numeric, const QStringList& levels,
                       const QString& tiers = {});
    void updateRow(int row);
    void updateActions();
    void showPreview(const FeaturePreview& preview);
    Job* start(const std::string& saveAs, core::CancelToken token);

    std::shared_ptr<core::Workspace> m_workspace;
    QComboBox* m_table;
    QComboBox* m_key;
    QTableWidget* m_features;
    QComboBox* m_tiers;
    QPushButton* m_addTier;
    QPushButton* m_newTier;
    QPushButton* m_editTier;
    QPushButton* m_deleteTier;
    QPushButton* m_previewButton;
    QLineEdit* m_name;
    QCheckBox* m_overwrite;
    QPushButton* m_save;
    QLabel* m_status;
    QTableWidget* m_preview;
    QTableWidget* m_stats;
    QListWidget* m_saved;
    QPointer<Job> m_job;
};

} // namespace microseg::ui
