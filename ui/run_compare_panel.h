#pragma once
// Two stored runs side by side: their parameters, data and metrics in one table (a metric a run
// was stored without shows "–" until "Compute missing metrics" fills it in, in a Job), their
// cluster sizes, and how they agree: the adjusted Rand index and the contingency table of their
// labels as a heatmap. The comparison itself runs in a Job.

#include "microseg/progress.h"
#include "microseg/run_store.h"

#include <QPointer>
#include <QWidget>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace microseg::ui {

class ClusterSizesView;
class ContingencyHeatmap;
class Job;

class RunComparePanel : public QWidget {
    Q_OBJECT
  public:
    explicit RunComparePanel(QWidget* parent = nullptr);

    /// The runs to choose from (newest first, as core::clusteringRuns) in workspace `path`.
    void setRuns(const std::string& path, const std::vector<core::ClusteringRun>& runs);
    /// Chooses runs `a` and `b` and compares them in a Job (null when one is unknown or a == b).
    Job* compare(std::int64_t a, std::int64_t b);
    /// Computes and stores the metrics the two chosen runs lack, in a Job (null when none lack).
    Job* computeMissingMetrics();
    [[nodiscard]] bool isBusy() const;

    [[nodiscard]] QComboBox* runACombo() const noexcept { return m_runA; }
    [[nodiscard]] QComboBox* runBCombo() const noexcept { return m_runB; }
    [[nodiscard]] QTableWidget* sideBySide() const noexcept { return m_table; }
    [[nodiscard]] QLabel* agreementLabel() const noexcept { return m_agreement; }
    [[nodiscard]] ContingencyHeatmap* contingency() const noexcept { return m_contingency; }
    [[nodiscard]] ClusterSizesView* sizesA() const noexcept { return m_sizesA; }
    [[nodiscard]] ClusterSizesView* sizesB() const noexcept { return m_sizesB; }
    [[nodiscard]] QPushButton* computeMetricsButton() const noexcept { return m_computeMetrics; }

  signals:
    void jobStarted(microseg::ui::Job* job);
    void busyChanged();
    /// Metrics were stored for these runs: the runs list should be reloaded.
    void runsChanged();

  private:
    [[nodiscard]] std::optional<core::ClusteringRun> runById(std::int64_t id) const;
    void choiceChanged();
    void fillTable();
    void updateButtons();

    QComboBox* m_runA;
    QComboBox* m_runB;
    QPushButton* m_computeMetrics;
    QTableWidget* m_table;
    QLabel* m_agreement;
    ClusterSizesView* m_sizesA;
    ClusterSizesView* m_sizesB;
    ContingencyHeatmap* m_contingency;
    std::string m_path;
    std::vector<core::ClusteringRun> m_runs;
    QPointer<Job> m_job;
    QPointer<Job> m_metricsJob;
    std::uint64_t m_generation = 0;
};

} // namespace microseg::ui
