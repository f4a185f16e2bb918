#pragma once
// The Map page: a two-dimensional picture of customers. What to map (a saved feature set, or
// numeric columns of a table, as on the Cluster page), PCA or t-SNE with its parameters, run as
// a Job whose t-SNE embedding moves live in the scatter view while it optimises; colour by a
// clustering run's labels or any column of the table; for PCA the scree chart, the loadings
// table and biplot arrows; rectangle and lasso selections that can be listed, opened as selected
// rows of the Data page's grid and saved as named selections in the workspace. Every map is
// stored in the workspace's embeddings and can be reopened.

#include "map_tasks.h"
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
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace microseg::core {
class TableReader;
}

namespace microseg::ui {

class MapPcaPanel;
class MapSelectionPanel;
class MatrixSourcePicker;
class ScatterView;

class MapPage : public WorkflowPage {
    Q_OBJECT
  public:
    /// Fields shown in a point's tooltip besides its key.
    static constexpr int kTooltipFields = 5;

    explicit MapPage(QWidget* parent = nullptr);
    ~MapPage() override;

    QString title() const override { return tr("Map"); }
    QIcon icon() const override;
    void setWorkspace(std::shared_ptr<core::Workspace> workspace) override;
    /// Picks the first source and runs PCA ("tsne": t-SNE; "selection": PCA, then selects the
    /// points of the first cluster and lists their rows), coloured by the newest clustering run
    /// of the same rows, or by column NAME with ",colour=NAME"; words combine, separated by
    /// commas (e.g. "tsne,selection" or "pca,colour=segment").
    void selectDefaultContent(const QString& item = {}) override;
    bool isBusy() const override;

    /// Runs the chosen method on the chosen source (null when nothing can be mapped).
    Job* startRun(core::CancelToken token = {});
    /// Shows stored embedding `id` again (null without a workspace).
    Job* openStored(std::int64_t id);
    /// Reloads the list of stored maps.
    void refreshStored();
    /// Colours the points by the colour combo's entry `index`.
    Job* applyColour(int index);

    [[nodiscard]] const std::optional<MapResult>& result() const noexcept { return m_result; }
    [[nodiscard]] QComboBox* sourceCombo() const noexcept;
    [[nodiscard]] QListWidget* columnList() const noexcept;
    [[nodiscard]] QComboBox* methodCombo() const noexcept { return m_method; }
    [[nodiscard]] QDoubleSpinBox* perplexitySpin() const noexcept { return m_perplexity; }
    [[nodiscard]] QSpinBox* iterationsSpin() const noexcept { return m_iterations; }
    [[nodiscard]] QComboBox* colourCombo() const noexcept { return m_colour; }
    [[nodiscard]] QComboBox* storedCombo() const noexcept { return m_stored; }
    [[nodiscard]] QPushButton* runButton() const noexcept { return m_run; }
    [[nodiscard]] ScatterView* scatterView() const noexcept { return m_scatter; }
    [[nodiscard]] MapPcaPanel* pcaPanel() const noexcept { return m_pca; }
    [[nodiscard]] MapSelectionPanel* selectionPanel() const noexcept { return m_selections; }
    /// Live snapshots drawn while the last t-SNE ran.
    [[nodiscard]] int liveUpdates() const noexcept { return m_liveUpdates; }
  signals:
    /// Rows (1-based) of `table` to select in the Data page's grid.
    void showRowsInDataPage(const QString& table, const std::vector<std::int64_t>& rows);

  public:
    /// The tooltip text of point i (key and fields).
    [[nodiscard]] QString tooltipFor(std::size_t i) const;

  private:
    QWidget* buildControls();
    QWidget* buildCentre();
    void updateActions();
    void updateMethodRows();
    void drainFeed();
    void showResult(MapResult& result);
    void plotComponents();
    void fillColourChoices();
    void setColours(const MapColours& colours);
    void announceBusy();

    std::shared_ptr<core::Workspace> m_workspace;
    MatrixSourcePicker* m_source;
    QComboBox* m_method;
    QDoubleSpinBox* m_perplexity;
    QSpinBox* m_iterations;
    QSpinBox* m_seed;
    QWidget* m_tsneRows;
    QPushButton* m_run;
    QComboBox* m_colour;
    QComboBox* m_stored;
    QPushButton* m_openStored;
    QLabel* m_status;
    QToolButton* m_panTool;
    QToolButton* m_rectTool;
    QToolButton* m_lassoTool;
    ScatterView* m_scatter;
    QTabWidget* m_tabs;
    MapPcaPanel* m_pca;
    MapSelectionPanel* m_selections;

    std::optional<MapResult> m_result;
    std::unique_ptr<core::TableReader> m_reader; ///< the map's table, for tooltips
    std::vector<std::string> m_readerColumns;
    std::optional<MapColours> m_colours;
    std::shared_ptr<MapFeed> m_feed;
    QTimer m_feedTimer;
    int m_liveUpdates = 0;
    QPointer<Job> m_runJob;
    QPointer<Job> m_colourJob;
    std::uint64_t m_colourGeneration = 0;
    bool m_busy = false;
    QString m_pendingColour; ///< colour choice (combo data) to apply to the next result
};

} // namespace microseg::ui
