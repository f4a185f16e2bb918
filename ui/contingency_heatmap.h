#pragma once
// The contingency table of two runs as a heatmap: rows are run A's clusters, columns run B's,
// each cell shaded by its count as a share of the smaller of its two clusters (white to
// dark blue), with the
// count written when the cell is large enough. A cluster kept whole, or split into clusters of the
// other run, shows as dark cells. Cells keep a readable minimum size, so 50 x 50 grows and scrolls; every
// cell's exact count and shares are in its tooltip. Exportable (PNG/SVG).

#include "run_compare_tasks.h"

#include <QWidget>
#include <optional>

namespace microseg::ui {

class ContingencyHeatmap : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kMinCell = 11;

    explicit ContingencyHeatmap(QWidget* parent = nullptr);

    void setComparison(const RunComparison& comparison, const QString& nameA, const QString& nameB);
    void clear(const QString& message = {});
    [[nodiscard]] bool hasData() const noexcept { return !m_data.counts.empty(); }
    [[nodiscard]] const RunComparison& comparison() const noexcept { return m_data; }
    /// The cell's count as a share of the smaller of its two clusters (0..1): 1 when one cluster
    /// lies wholly inside the other, so nested clusters of runs with different k stand out.
    [[nodiscard]] double overlap(int row, int column) const;
    [[nodiscard]] QRectF cellRect(int row, int column) const;
    [[nodiscard]] std::optional<std::pair<int, int>> cellAt(QPointF point) const;
    [[nodiscard]] QString cellToolTip(int row, int column) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

  private:
    [[nodiscard]] QRectF gridRect() const;
    [[nodiscard]] int rows() const { return static_cast<int>(m_data.rowLabels.size()); }
    [[nodiscard]] int columns() const { return static_cast<int>(m_data.columnLabels.size()); }
    [[nodiscard]] static QString labelText(std::int32_t label);

    RunComparison m_data;
    std::vector<std::int64_t> m_rowTotals;
    std::vector<std::int64_t> m_columnTotals;
    QString m_nameA;
    QString m_nameB;
    QString m_message;
};

} // namespace microseg::ui
