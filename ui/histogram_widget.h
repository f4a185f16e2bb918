#pragma once
// A small painted histogram for the column profile panel: equal-width bins as bars, the value
// range under the axis and the tallest count beside it; hovering a bar tells its range and count.
// Painted rather than built with Qt Charts: at 300 px wide a chart's margins, legend and axes
// would leave little room for the bars.

#include "microseg/column_profile.h"

#include <QWidget>
#include <vector>

namespace microseg::ui {

class HistogramWidget : public QWidget {
    Q_OBJECT
  public:
    explicit HistogramWidget(QWidget* parent = nullptr);

    void setBins(std::vector<core::HistogramBin> bins);
    [[nodiscard]] const std::vector<core::HistogramBin>& bins() const noexcept { return m_bins; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

  private:
    QRectF plotArea() const;
    int binAt(QPointF position) const;

    std::vector<core::HistogramBin> m_bins;
    std::int64_t m_maxCount = 0;
};

} // namespace microseg::ui
