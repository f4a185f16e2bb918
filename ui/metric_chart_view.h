#pragma once
// One curve of a k scan (inertia, silhouette, Davies-Bouldin or Calinski-Harabasz against k) in a
// QChartView: points are added as each k finishes, the elbow (or best k) is marked, the chosen k
// is highlighted, and a click picks the nearest k. Exportable from the context menu.

#include <QChartView>
#include <optional>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace microseg::ui {

class MetricChartView : public QChartView {
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

  signals:
    void kClicked(int k);

  protected:
    void mousePressEvent(QMouseEvent* event) override;

  private:
    void updateAxes();
    std::optional<double> valueAt(int k) const;

    QLineSeries* m_line;
    QScatterSeries* m_points;
    QScatterSeries* m_marked;
    QScatterSeries* m_chosen;
    QValueAxis* m_xAxis;
    QValueAxis* m_yAxis;
    std::optional<int> m_markedK;
    QString m_markLabel;
    QString m_title;
};

} // namespace microseg::ui
