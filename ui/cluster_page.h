#pragma once
// The Cluster page: what to cluster (a saved feature set, or a workspace table's numeric columns,
// standardised or not),
// choosing k with a k scan whose curves fill in live (elbow, silhouette, Davies-Bouldin,
// Calinski-Harabasz, guard warnings), running an algorithm (k-means, mini-batch k-means, Gaussian
// mixture, agglomerative) whose result is stored in the workspace, the list of stored runs, and
// the selected run's cluster sizes and silhouette plot. All computation runs in Jobs.

#include "microseg/k_scan.h"
#include "microseg/progress.h"
#include "workflow_page.h"

#include <QPointer>
#include <QTimer>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace microseg::ui {

class ClusterSizesView;
class KDistancePanel;
class MatrixSourcePicker;
struct ClusterSource;
class RunComparePanel;
class RunStructurePanel;
class MetricChartView;
class SilhouettePlot;
struct ScanFeed;

class ClusterPage : public WorkflowPage {
    Q_OBJECT
  public:
    /// Above this many rows the silhouette plot shows a seeded random sample of this size.
    static constexpr std::int64_t kSilhouettePlotLimit = 20'000;

    explicit ClusterPage(QWidget* parent = nullptr);
    ~ClusterPage() override;

    QString title() const override { return tr("Cluster"); }
    QIcon icon() const override;
    void setWorkspace(std::shared_ptr<core::Workspace> workspace) override;
    /// Picks the first source (a feature set when there is one, else a table); `item` "runs" shows the newest run ("profile", "box-plots",
    /// "dendrogram": with that view in front), "compare" compares the two newest runs, "k-distance" chooses DBSCAN and shows its k-distance graph, anything
    /// else runs a quick scan over the k range so the charts have something to show.
    void selectDefaultContent(const QString& item = {}) override;
    bool isBusy() const override;

    /// Starts a k scan of the chosen table and columns (null when nothing can be clustered).
    Job* startScan(core::CancelToken token = {});
    /// Runs the chosen algorithm and stores the run (null when nothing can be clustered).
    Job* startRun(core::CancelToken token = {});
    /// Reloads the runs table from the workspace.
    void refreshRuns();
    /// Shows run `id`'s views, computing its silhouette in a job.
    Job* showRun(std::int64_t id);
    /// Deletes the runs `ids` in one transaction, in a job (no confirmation: the Delete button
    /// asks first).
    Job* deleteRuns(const std::vector<std::int64_t>& ids);
    /// The ids of the runs selected in the runs table, in table order.
    [[nodiscard]] std::vector<std::int64_t> selectedRunIds() const;

    /// The checked columns of the chosen table (empty when a feature set is chosen).
    [[nodiscard]] std::vector<std::string> checkedColumns() const;
    /// The chosen table (empty when a feature set is chosen).
    [[nodiscard]] QString currentTable() const;
    /// The chosen feature set (empty when a table is chosen).
    [[nodiscard]] QString currentFeatureSet() const;
    [[nodiscard]] std::optional<int> elbowK() const noexcept { return m_elbowK; }
    [[nodiscard]] const std::vector<core::KScanPoint>& scanPoints() const noexcept {
        return m_points;
    }

    /// The source combo: "Feature set: NAME" entries first, then "Table: NAME".
    [[nodiscard]] QComboBox* tableCombo() const noexcept;
    [[nodiscard]] QListWidget* columnList() const noexcept;
    [[nodiscard]] MatrixSourcePicker* sourcePicker() const noexcept { return m_source; }
    [[nodiscard]] QSpinBox* kMinSpin() const noexcept { return m_kMin; }
    [[nodiscard]] QSpinBox* kMaxSpin() const noexcept { return m_kMax; }
    [[nodiscard]] QSpinBox* kSpin() const noexcept { return m_k; }
    [[nodiscard]] QComboBox* algorithmCombo() const noexcept { return m_algorithm; }
    [[nodiscard]] MetricChartView* elbowChart() const noexcept { return m_elbow; }
    /// BIC and AIC against k, shown for Gaussian mixture scans.
    [[nodiscard]] MetricChartView* bicChart() const noexcept { return m_bic; }
    [[nodiscard]] MetricChartView* aicChart() const noexcept { return m_aic; }
    /// What the scan fits: k-means or Gaussian mixtures.
    [[nodiscard]] QComboBox* scanModelCombo() const noexcept { return m_scanModel; }
    [[nodiscard]] QListWidget* warningList() const noexcept { return m_warnings; }
    [[nodiscard]] QTableWidget* runsTable() const noexcept { return m_runs; }
    [[nodiscard]] SilhouettePlot* silhouettePlot() const noexcept { return m_silhouettePlot; }
    [[nodiscard]] ClusterSizesView* sizesView() const noexcept { return m_sizes; }
    [[nodiscard]] QDoubleSpinBox* epsSpin() const noexcept { return m_eps; }
    [[nodiscard]] QSpinBox* minSamplesSpin() const noexcept { return m_minSamples; }
    [[nodiscard]] KDistancePanel* kDistancePanel() const noexcept { return m_kDistance; }
    [[nodiscard]] RunStructurePanel* structurePanel() const noexcept { return m_structure; }
    [[nodiscard]] RunComparePanel* comparePanel() const noexcept { return m_compare; }
    [[nodiscard]] QPushButton* compareButton() const noexcept { return m_compareButton; }
    [[nodiscard]] QPushButton* deleteRunsButton() const noexcept { return m_deleteButton; }
    /// Computes the k-distance graph of the chosen data with k = min samples (null when
    /// nothing can be clustered).
    Job* startKDistance(core::CancelToken token = {});

  private:
    QWidget* buildControls();
    QWidget* buildScanTab();
    QWidget* buildRunsTab();
    [[nodiscard]] ClusterSource currentSource() const;
    void updateActions();
    void updateAlgorithmRows();
    void clearScan(const QString& status);
    void drainScanFeed();
    void addScanPoint(const core::KScanPoint& point);
    void updateWarnings();
    void chooseK(int k);
    void setJobBusy(QPointer<Job>& slot, Job* job);
    void runSelectionChanged();
    void announceBusy();

    std::shared_ptr<core::Workspace> m_workspace;
    MatrixSourcePicker* m_source;
    QSpinBox* m_kMin;
    QSpinBox* m_kMax;
    QSpinBox* m_minClusterSize;
    QDoubleSpinBox* m_minSilhouette;
    QPushButton* m_scanButton;
    QFormLayout* m_runForm;
    QComboBox* m_algorithm;
    QSpinBox* m_k;
    QSpinBox* m_seed;
    QComboBox* m_covariance;
    QComboBox* m_linkage;
    QDoubleSpinBox* m_eps;
    QSpinBox* m_minSamples;
    QSpinBox* m_hdbscanMinClusterSize;
    QPushButton* m_runButton;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_scanStatus;
    MetricChartView* m_elbow;
    MetricChartView* m_silhouetteChart;
    MetricChartView* m_daviesBouldin;
    MetricChartView* m_calinski;
    MetricChartView* m_bic = nullptr;
    MetricChartView* m_aic = nullptr;
    QComboBox* m_scanModel = nullptr;
    QListWidget* m_warnings;
    QTableWidget* m_runs;
    QLabel* m_runStatus;
    ClusterSizesView* m_sizes;
    SilhouettePlot* m_silhouettePlot;
    KDistancePanel* m_kDistance = nullptr;
    RunStructurePanel* m_structure = nullptr;
    RunComparePanel* m_compare = nullptr;
    QPushButton* m_compareButton = nullptr;
    QPushButton* m_deleteButton = nullptr;

    std::vector<core::KScanPoint> m_points;
    std::optional<int> m_elbowK;
    std::shared_ptr<ScanFeed> m_feed;
    QTimer m_feedTimer;
    QPointer<Job> m_scanJob;
    QPointer<Job> m_runJob;
    QPointer<Job> m_viewJob;
    QPointer<Job> m_deleteJob;
    std::uint64_t m_viewGeneration = 0;
    std::int64_t m_structureRunId = 0; ///< the run the views show
    bool m_busy = false; ///< as last announced through busyChanged()
};

} // namespace microseg::ui
