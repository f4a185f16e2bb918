#pragma once
// The silhouette plot (Rousseeuw 1987): one horizontal bar per point, sorted within clusters,
// clusters stacked and coloured, the average as a dashed line. Custom-painted so it stays
// readable at 100,000 points: each cluster's sorted values are aggregated into pixel rows, and
// each row draws the mean of its points as a bar and their min..max range as a faint band.

#include "presentable_view.h"

#include <QWidget>
#include <cstdint>
#include <vector>

namespace microseg::ui {

class SilhouettePlot : public QWidget, public PresentableView {
    Q_OBJECT
  public:
    /// One painted row: the points [first, first + count) of a cluster's sorted values.
    struct PixelRow {
        int cluster = 0;
        double top = 0.0;    ///< widget y of the row's top
        double height = 0.0; ///< at most one pixel when the cluster has more points than rows
        double min = 0.0;
        double mean = 0.0;
        double max = 0.0;
        std::int64_t count = 0;
    };

    explicit SilhouettePlot(QWidget* parent = nullptr);

    /// `values` and `labels` per point (NaN values, i.e. noise, are left out); `average` is the
    /// line drawn (core::silhouette's mean); `note` says what was computed (all points, sample).
    void setData(const std::vector<double>& values, const std::vector<std::int32_t>& labels,
                 double average, const QString& note);
    void clear(const QString& message = {});

    [[nodiscard]] bool hasData() const noexcept { return !m_clusters.empty(); }
    [[nodiscard]] double average() const noexcept { return m_average; }
    [[nodiscard]] std::int64_t pointCount() const noexcept { return m_points; }
    /// The rows painted at the current size (what paintEvent draws).
    [[nodiscard]] std::vector<PixelRow> pixelRows() const;
    /// The plot area (inside the axes and labels).
    [[nodiscard]] QRectF plotRect() const;
    /// Widget x of a silhouette value.
    [[nodiscard]] double xFor(double value) const;

    // PresentableView (defined in presentable_views.cpp).
    [[nodiscard]] QString viewKind() const override;
    [[nodiscard]] QString viewTitle() const override;
    [[nodiscard]] bool hasViewContent() const override;
    [[nodiscard]] QJsonObject viewSettings() const override;
    bool applyViewSettings(const QJsonObject& settings) override;

    QSize sizeHint() const override { return {420, 360}; }
    QSize minimumSizeHint() const override { return {240, 200}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    struct Cluster {
        int label = 0;
        std::vector<double> sorted; ///< descending, as silhouette plots are drawn
    };
    double gap() const;

    std::vector<Cluster> m_clusters;
    std::int64_t m_points = 0;
    double m_average = 0.0;
    double m_lowest = 0.0;
    QString m_note;
    QString m_message;
};

} // namespace microseg::ui
