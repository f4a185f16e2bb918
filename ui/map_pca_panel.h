#pragma once
// The PCA side of the Map page: a scree chart (explained variance per component, bars, and the
// cumulative share, a line), the loadings table (each feature's correlation-style loading on the
// first components, coloured by sign and size), which components to plot, and the biplot
// arrows of the features that load most on the plotted pair.

#include "microseg/kmeans.h"
#include "scatter_overlay.h"

#include <QWidget>
#include <string>
#include <vector>

class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace microseg::ui {

class MapPcaPanel : public QWidget {
    Q_OBJECT
  public:
    /// Components shown in the loadings table.
    static constexpr int kTableComponents = 6;

    explicit MapPcaPanel(QWidget* parent = nullptr);

    void setResult(std::vector<std::string> columns, std::vector<double> explainedRatio,
                   core::RowMatrix loadings);
    void clear(const QString& message);

    /// The components plotted on x and y (0-based).
    [[nodiscard]] int xComponent() const;
    [[nodiscard]] int yComponent() const;
    /// Arrows for the plotted pair, scaled so the longest reaches the 95th percentile of the
    /// points' distance from the centre; empty when arrows are switched off.
    [[nodiscard]] std::vector<ScatterArrow> arrows(const core::RowMatrix& scores) const;

    [[nodiscard]] QChartView* screeChart() const noexcept { return m_scree; }
    [[nodiscard]] QTableWidget* loadingsTable() const noexcept { return m_loadingsTable; }
    [[nodiscard]] QComboBox* xCombo() const noexcept { return m_x; }
    [[nodiscard]] QComboBox* yCombo() const noexcept { return m_y; }
    [[nodiscard]] QCheckBox* arrowsCheck() const noexcept { return m_showArrows; }

  signals:
    /// The plotted components or the arrows changed.
    void viewChanged();

  private:
    void fillScree();
    void fillLoadings();

    std::vector<std::string> m_columns;
    std::vector<double> m_ratio;
    core::RowMatrix m_loadingMatrix;
    QLabel* m_status;
    QWidget* m_content; ///< everything but the status, hidden while there is no PCA
    QChartView* m_scree;
    QTableWidget* m_loadingsTable;
    QComboBox* m_x;
    QComboBox* m_y;
    QCheckBox* m_showArrows;
    QSpinBox* m_arrowCount;
};

/// The `count` features with the longest loading vectors on components (x, y), strongest first.
std::vector<int> strongestFeatures(const core::RowMatrix& loadings, int x, int y, int count);

} // namespace microseg::ui
