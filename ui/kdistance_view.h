#pragma once
// The k-distance graph for choosing DBSCAN's eps (Ester et al. 1996, section 4.2): every point's
// distance to its k-th nearest neighbour, sorted from largest, with the chosen eps as a horizontal
// line (points below it are core points) and the knee core::kDistanceGraph suggests marked.
// Custom-painted: thousands of points are reduced to one min..max segment per pixel column.
// Clicking the plot asks for that height as eps (epsClicked).

#include "microseg/dbscan.h"
#include "presentable_view.h"

#include <QWidget>
#include <vector>

namespace microseg::ui {

class KDistanceView : public QWidget, public PresentableView {
    Q_OBJECT
  public:
    /// One painted column: the sorted points [first, first + count).
    struct PixelColumn {
        double x = 0.0;
        double min = 0.0;
        double max = 0.0;
        std::int64_t first = 0;
        std::int64_t count = 0;
    };

    explicit KDistanceView(QWidget* parent = nullptr);

    void setData(const core::KDistanceResult& result, int k);
    void clear(const QString& message = {});
    void setEps(double eps);

    [[nodiscard]] bool hasData() const noexcept { return !m_sorted.empty(); }
    [[nodiscard]] const std::vector<double>& sortedDistances() const noexcept { return m_sorted; }
    [[nodiscard]] std::int64_t kneeIndex() const noexcept { return m_knee; }
    [[nodiscard]] double suggestedEps() const noexcept { return m_suggested; }
    [[nodiscard]] double eps() const noexcept { return m_eps; }
    [[nodiscard]] int k() const noexcept { return m_k; }
    /// The columns painted at the current size.
    [[nodiscard]] std::vector<PixelColumn> pixelColumns() const;
    /// Where the knee marker is painted (widget coordinates).
    [[nodiscard]] QPointF kneePoint() const;
    [[nodiscard]] QRectF plotRect() const;
    [[nodiscard]] double yFor(double distance) const;
    [[nodiscard]] double distanceAt(double y) const;

    // PresentableView (defined in presentable_views.cpp).
    [[nodiscard]] QString viewKind() const override;
    [[nodiscard]] QString viewTitle() const override;
    [[nodiscard]] bool hasViewContent() const override;
    [[nodiscard]] QJsonObject viewSettings() const override;
    bool applyViewSettings(const QJsonObject& settings) override;

    QSize sizeHint() const override { return {560, 380}; }
    QSize minimumSizeHint() const override { return {280, 200}; }

  signals:
    void epsClicked(double eps);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    double xFor(double index) const;
    double top() const;

    std::vector<double> m_sorted;
    std::int64_t m_knee = 0;
    double m_suggested = 0.0;
    double m_eps = 0.0;
    int m_k = 0;
    QString m_message;
};

} // namespace microseg::ui
