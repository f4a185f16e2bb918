#pragma once
// Cluster sizes as a column chart, one column per cluster in its palette colour (no "Other"):
// readable with 50 clusters (labels thinned to what fits, the count of each column in its
// tooltip), and the minimum-size guard drawn as a dashed line. Custom-painted; exportable.

#include "presentable_view.h"

#include <QColor>
#include <QWidget>
#include <cstdint>
#include <vector>

namespace microseg::ui {

class ClusterSizesView : public QWidget, public PresentableView {
    Q_OBJECT
  public:
    explicit ClusterSizesView(QWidget* parent = nullptr);

    /// `sizes[i]` is the size of cluster i; `noise` points (label -1, DBSCAN and HDBSCAN) are
    /// drawn as a last grey column labelled "noise" when there are any.
    void setSizes(const std::vector<std::int64_t>& sizes, std::int64_t noise = 0);
    void setMinimumClusterSize(std::int64_t minimum);
    /// Columns show clusters in `order` with `colors[cluster]` (super-segments); empty vectors
    /// restore 0..k-1 and the palette.
    void setClusterOrder(const std::vector<int>& order, const std::vector<QColor>& colors);
    /// The cluster drawn in column `slot`.
    [[nodiscard]] int clusterInSlot(int slot) const;
    /// The heading (default "Cluster sizes").
    void setTitle(const QString& title);
    void clear();
    [[nodiscard]] const std::vector<std::int64_t>& sizes() const noexcept { return m_sizes; }
    [[nodiscard]] std::int64_t noise() const noexcept { return m_noise; }

    // PresentableView (defined in presentable_views.cpp).
    [[nodiscard]] QString viewKind() const override;
    [[nodiscard]] QString viewTitle() const override;
    [[nodiscard]] bool hasViewContent() const override;
    [[nodiscard]] QJsonObject viewSettings() const override;
    bool applyViewSettings(const QJsonObject& settings) override;

    QSize sizeHint() const override { return {420, 260}; }
    QSize minimumSizeHint() const override { return {240, 160}; }

  protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

  private:
    [[nodiscard]] QRectF plotRect() const;
    [[nodiscard]] int clusterAt(QPointF pos) const;

    std::vector<std::int64_t> m_sizes;
    std::int64_t m_minimum = 0;
    QString m_title;
    std::vector<int> m_order;
    std::vector<QColor> m_colors;
    std::int64_t m_noise = 0;
};

} // namespace microseg::ui
