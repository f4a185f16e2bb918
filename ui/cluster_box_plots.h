#pragma once
// The per-feature distributions of a run's clusters as box plots (small multiples): one panel per
// feature, one Tukey box per cluster in the cluster's colour (quartile box, median line, whiskers
// at 1.5 IQR, a small mark where values lie beyond a whisker). Each panel's value axis spans the
// boxes of most clusters and their whiskers, so one far-off tiny cluster does not squash the rest
// (what lies beyond is clipped and marked); the exact figures, outlier
// counts included, are in each box's tooltip. Panels are laid out in as many columns as fit and
// keep a readable height, so with many features the widget grows and its scroll area scrolls;
// 50 clusters get 50 slots with labels thinned to what fits. Exportable (PNG/SVG).

#include "cluster_box_stats.h"

#include <QColor>
#include <QWidget>
#include <functional>
#include <optional>
#include <vector>

namespace microseg::ui {

class ClusterBoxPlotsView : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kPanelHeight = 200;
    static constexpr int kPanelMinWidth = 480;

    explicit ClusterBoxPlotsView(QWidget* parent = nullptr);

    void setData(const ClusterBoxPlots& data);
    void clear(const QString& message = {});
    /// Slots left to right show clusters in `order` (all of 0..k-1), e.g. grouped by
    /// super-segment, with `colors[cluster]`; empty vectors restore 0..k-1 and the palette.
    /// `segmentOf[cluster]` (optional) draws separators between super-segments.
    void setClusterOrder(const std::vector<int>& order, const std::vector<QColor>& colors,
                         const std::vector<int>& segmentOf = {});

    [[nodiscard]] bool hasData() const noexcept { return !m_data.boxes.empty(); }
    [[nodiscard]] const ClusterBoxPlots& data() const noexcept { return m_data; }
    [[nodiscard]] int panelColumns() const;
    [[nodiscard]] QRectF plotRect(int feature) const;
    /// (feature, cluster) of the box under `point`.
    [[nodiscard]] std::optional<std::pair<int, int>> boxAt(QPointF point) const;
    [[nodiscard]] QString boxToolTip(int feature, int cluster) const;
    [[nodiscard]] const std::vector<int>& clusterOrder() const noexcept { return m_order; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

  private:
    [[nodiscard]] int clusterCount() const;
    [[nodiscard]] int headerHeight() const;
    [[nodiscard]] QColor colorOf(int cluster) const;
    void paintPanel(QPainter& painter, int feature) const;
    void paintBox(QPainter& painter, const BoxStats& box, const QColor& color, double cx,
                  double boxWidth, const QRectF& plot, const std::function<double(double)>& y) const;

    ClusterBoxPlots m_data;
    std::vector<int> m_order;
    std::vector<QColor> m_colors;
    std::vector<int> m_segmentOf;
    QString m_message;
    int m_columns = 1;
};

} // namespace microseg::ui
