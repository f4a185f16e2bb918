#pragma once
// The cluster profile heatmap: rows are clusters, columns are features, each cell the cluster's
// mean of the z-scored feature on a diverging blue-white-red scale (symmetric around 0, legend
// below), each row labelled with its cluster colour and its size at the row's end. Rows keep a
// readable minimum height: with many clusters the widget grows and its scroll area scrolls.
// Hovering a cell shows its exact value.

#include "cluster_view_tasks.h"

#include "presentable_view.h"

#include <QWidget>
#include <optional>

namespace microseg::ui {

class ProfileHeatmap : public QWidget, public PresentableView {
    Q_OBJECT
  public:
    static constexpr int kMinRowHeight = 14;

    explicit ProfileHeatmap(QWidget* parent = nullptr);

    void setProfile(const ClusterProfile& profile);
    void clear(const QString& message = {});

    [[nodiscard]] bool hasData() const noexcept { return !m_profile.means.empty(); }
    [[nodiscard]] int rowCount() const noexcept { return static_cast<int>(m_profile.means.size()); }
    [[nodiscard]] int columnCount() const noexcept {
        return static_cast<int>(m_profile.columns.size());
    }
    [[nodiscard]] double cellValue(int row, int column) const;
    [[nodiscard]] const ClusterProfile& profile() const noexcept { return m_profile; }
    /// The colour scale runs over [-range, range].
    [[nodiscard]] double range() const noexcept { return m_range; }
    [[nodiscard]] QColor colorFor(double value) const;
    [[nodiscard]] QRectF cellRect(int row, int column) const;
    [[nodiscard]] std::optional<std::pair<int, int>> cellAt(QPointF point) const;
    /// The text of the tooltip over cell (row, column).
    [[nodiscard]] QString cellToolTip(int row, int column) const;

    // PresentableView (defined in presentable_views.cpp).
    [[nodiscard]] QString viewKind() const override;
    [[nodiscard]] QString viewTitle() const override;
    [[nodiscard]] bool hasViewContent() const override;
    [[nodiscard]] QJsonObject viewSettings() const override;
    bool applyViewSettings(const QJsonObject& settings) override;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

  private:
    QRectF gridRect() const;
    int labelWidth() const;
    int sizeWidth() const;
    int headerHeight() const;
    int legendHeight() const;

    ClusterProfile m_profile;
    double m_range = 1.0;
    QString m_message;
};

} // namespace microseg::ui
