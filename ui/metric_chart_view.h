#pragma once
// One curve of a k scan (inertia, silhouette, Davies-Bouldin or Calinski-Harabasz against k) in a
// QChartView: points are added as each k finishes, the elbow (or best k) is marked, the chosen k
// is highlighted, and a click picks the nearest k. Exportable from the context menu.

#include "presentable_view.h"

#include <QChartView>
#include <optional>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace microseg::ui {

class MetricChartView : public QChartView, public PresentableView {
    Q_OBJECT
  public:
    MetricChartView(const QString& title, const QString& yTitle, QWidget* parent = nullptr);

    void clear();
    /// Adds (k, value); NaN values are skipped. Axes follow the data.
    void addPoint(int k, double value);
    /// Marks k with a labelled diamond ("elbow k = 4"); nullopt removes the mark.
    void setMarkedK(std::optional<int> k, const QString& label);
    /// Highlights the k chosen for the run.
    void setChosenK(std::optional<int> k);

    [[nodiscard]] int pointCount() const;
    [[nodiscard]] std::optional<int> markedK() const noexcept { return m_markedK; }
    [[nodiscard]] QLineSeries* series() const noexcept { return m_line; }

    // PresentableView: the curve's points, its mark and chosen k.
    [[nodiscard]] QString viewKind() const override { return QStringLiteral("metric"); }
    [[nodiscard]] QString viewTitle() const override { return m_title; }
    [[nodiscard]] bool hasViewContent() const override { return pointCount() > 0; }
    [[nodiscard]] QJsonObject viewSettings() const override;
    bool applyViewSettings(const QJsonObject& settings) override;

  signals:
    void kClicked(int k);

  protected:
    void mousePressEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    void updateAxes();
    /// Pen widths, marker sizes and fonts for the current style (presentation mode: larger).
    void applyChartStyle();
    std::optional<double> valueAt(int k) const;

    QLineSeries* m_line;
    QScatterSeries* m_points;
    QScatterSeries* m_marked;
    QScatterSeries* m_chosen;
    QValueAxis* m_xAxis;
    QValueAxis* m_yAxis;
    std::optional<int> m_markedK;
    std::optional<int> m_chosenK;
    QString m_markLabel;
    QString m_title;
};

} // namespace microseg::ui
