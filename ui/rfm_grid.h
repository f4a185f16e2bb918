#pragma once
// The RFM grid: recency score (rows, 5 = most recent at the top) by frequency score (columns),
// each cell coloured by its customers or its revenue on a white-to-blue scale and labelled with
// the count (or revenue) and its share of the total. Hovering a cell shows both measures.

#include "features_tasks.h"

#include <QWidget>
#include <optional>

namespace microseg::ui {

class RfmGrid : public QWidget {
    Q_OBJECT
  public:
    enum class Measure { Customers, Revenue };

    explicit RfmGrid(QWidget* parent = nullptr);

    void setSummary(const RfmSummary& summary);
    void clear(const QString& message = {});
    void setMeasure(Measure measure);

    [[nodiscard]] bool hasData() const noexcept { return m_summary.has_value(); }
    [[nodiscard]] Measure measure() const noexcept { return m_measure; }
    /// The cell's value in the current measure (r, f in 1..5).
    [[nodiscard]] double cellValue(int r, int f) const;
    [[nodiscard]] QColor colorFor(double value) const;
    [[nodiscard]] QRectF cellRect(int r, int f) const;
    /// (r, f) of the cell under `point`.
    [[nodiscard]] std::optional<std::pair<int, int>> cellAt(QPointF point) const;
    [[nodiscard]] QString cellToolTip(int r, int f) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

  private:
    QRectF gridRect() const;
    [[nodiscard]] double largest() const;

    std::optional<RfmSummary> m_summary;
    Measure m_measure = Measure::Customers;
    QString m_message;
};

} // namespace microseg::ui
