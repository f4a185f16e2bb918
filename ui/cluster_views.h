#pragma once
// The Cluster page's structure views, each a panel that runs its own Job: the k-distance graph
// for choosing DBSCAN's eps (KDistancePanel), and for a stored run its cluster profile heatmap and,
// per-feature box plots, grouping into super-segments and, for agglomerative runs, its dendrogram with a draggable cut that can be stored as a new run
// (RunStructurePanel, a tab widget the page adds its other run views to).

#include "cluster_tasks.h"
#include "cluster_view_tasks.h"
#include "microseg/progress.h"
#include "super_segments.h"

#include <QPointer>
#include <QTabWidget>
#include <QWidget>
#include <cstdint>
#include <optional>
#include <string>

class QLabel;
class QPushButton;
class QSpinBox;

namespace microseg::ui {

class ClusterBoxPlotsView;
class DendrogramView;
class Job;
class KDistanceView;
class ProfileHeatmap;

class KDistancePanel : public QWidget {
    Q_OBJECT
  public:
    explicit KDistancePanel(QWidget* parent = nullptr);

    /// Computes core::kDistanceGraph of `source` with `k` (= min_samples) in a Job.
    Job* compute(const ClusterSource& source, int k, core::CancelToken token = {});
    void clear(const QString& message = {});
    [[nodiscard]] bool isBusy() const;
    [[nodiscard]] KDistanceView* view() const noexcept { return m_view; }
    [[nodiscard]] QPushButton* computeButton() const noexcept { return m_compute; }

  signals:
    /// The Compute button was pressed: the page answers with compute().
    void computeRequested();
    void jobStarted(microseg::ui::Job* job);
    void busyChanged();

  private:
    QLabel* m_status;
    QPushButton* m_compute;
    KDistanceView* m_view;
    QPointer<Job> m_job;
    std::uint64_t m_generation = 0;
};

class RunStructurePanel : public QTabWidget {
    Q_OBJECT
  public:
    explicit RunStructurePanel(QWidget* parent = nullptr);

    /// Computes the profile (and for agglomerative runs the merge tree) of `run` in a Job.
    Job* showRun(const std::string& workspacePath, const core::ClusteringRun& run);
    /// Stores the dendrogram's current cut as a new run, in a Job (null without a tree).
    Job* applyCut();
    void clear(const QString& message = {});
    [[nodiscard]] bool isBusy() const;

    [[nodiscard]] ProfileHeatmap* heatmap() const noexcept { return m_heatmap; }
    [[nodiscard]] ClusterBoxPlotsView* boxPlots() const noexcept { return m_boxPlots; }
    /// Super-segments to group the clusters into (0 = none).
    [[nodiscard]] QSpinBox* superSegmentSpin() const noexcept { return m_superSegments; }
    [[nodiscard]] const SuperSegments& superSegments() const noexcept { return m_segments; }
    [[nodiscard]] DendrogramView* dendrogram() const noexcept { return m_dendrogram; }
    [[nodiscard]] QPushButton* applyCutButton() const noexcept { return m_apply; }

  signals:
    void jobStarted(microseg::ui::Job* job);
    void busyChanged();
    /// A cut was stored as run `id`.
    void runSaved(qint64 id);

    /// The super-segments (order and colours) changed: other views of the run may follow them.
    void superSegmentsChanged();

  private:
    void updateCutControls();
    void applySuperSegments();

    ProfileHeatmap* m_heatmap;
    ClusterBoxPlotsView* m_boxPlots;
    QSpinBox* m_superSegments;
    std::shared_ptr<const core::LinkageTree> m_centroidTree;
    std::vector<std::int64_t> m_sizes;
    SuperSegments m_segments;
    QLabel* m_profileStatus;
    DendrogramView* m_dendrogram;
    QLabel* m_dendrogramStatus;
    QPushButton* m_apply;
    std::string m_path;
    std::optional<core::ClusteringRun> m_run;
    QPointer<Job> m_job;
    QPointer<Job> m_saveJob;
    std::uint64_t m_generation = 0;
};

} // namespace microseg::ui
