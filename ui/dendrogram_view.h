#pragma once
// A dendrogram of a core::LinkageTree with a draggable horizontal cut line. Leaves follow
// core::dendrogramLeafOrder. Up to kFullTreeLimit observations every merge is drawn; above it
// only the top of the tree (the last kTopMerges merges), each remaining subtree drawn as one
// collapsed leaf labelled with its size (as SciPy's truncate_mode="lastp"). Dragging the cut line
// reports the number of clusters the cut makes (cutChanged), which equals core::cutAtHeight's.

#include "microseg/hierarchical.h"
#include "presentable_view.h"

#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

namespace microseg::ui {

class DendrogramView : public QWidget, public PresentableView {
    Q_OBJECT
  public:
    static constexpr std::int64_t kFullTreeLimit = 5'000;
    static constexpr int kTopMerges = 60;

    explicit DendrogramView(QWidget* parent = nullptr);

    void setTree(std::shared_ptr<const core::LinkageTree> tree);
    void clear(const QString& message = {});

    [[nodiscard]] bool hasTree() const noexcept { return m_tree != nullptr; }
    [[nodiscard]] const std::shared_ptr<const core::LinkageTree>& tree() const noexcept {
        return m_tree;
    }
    /// True when only the top of the tree is drawn.
    [[nodiscard]] bool truncated() const noexcept { return m_truncated; }
    /// Leaves drawn: observations, or collapsed subtrees when truncated.
    [[nodiscard]] int leafCount() const noexcept { return static_cast<int>(m_leaves.size()); }
    /// Sizes of the drawn leaves, left to right.
    [[nodiscard]] std::vector<std::int64_t> leafSizes() const;
    /// What the view shows, for a caption.
    [[nodiscard]] QString caption() const;

    [[nodiscard]] double cutHeight() const noexcept { return m_cut; }
    /// Clusters a cut at `height` makes: observations minus the merges at or below it.
    [[nodiscard]] std::int64_t clustersAt(double height) const;
    [[nodiscard]] std::int64_t clustersAtCut() const { return clustersAt(m_cut); }
    /// A height midway between the merges that leaves exactly `k` clusters (if any).
    [[nodiscard]] double heightForClusters(std::int64_t k) const;
    void setCutHeight(double height);

    [[nodiscard]] QRectF plotRect() const;
    [[nodiscard]] double yFor(double height) const;
    [[nodiscard]] double heightAt(double y) const;

    // PresentableView (defined in presentable_views.cpp): the merges (trees of at most
    // kSavedViewObservations) and the cut.
    static constexpr std::int64_t kSavedViewObservations = 50'000;
    [[nodiscard]] QString viewKind() const override;
    [[nodiscard]] QString viewTitle() const override;
    [[nodiscard]] bool hasViewContent() const override;
    [[nodiscard]] QJsonObject viewSettings() const override;
    bool applyViewSettings(const QJsonObject& settings) override;

    QSize sizeHint() const override { return {600, 380}; }
    QSize minimumSizeHint() const override { return {280, 200}; }

  signals:
    void cutChanged(double height, std::int64_t clusters);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

  private:
    struct Leaf {
        std::int64_t node = 0;
        std::int64_t size = 1;
    };
    double top() const;
    double xForSlot(double slot) const;

    std::shared_ptr<const core::LinkageTree> m_tree;
    bool m_truncated = false;
    std::int64_t m_firstMerge = 0;       ///< first merge drawn
    std::vector<Leaf> m_leaves;          ///< left to right
    std::vector<double> m_slot;          ///< per node (2n - 1): leaf slot or merge x in slots
    double m_cut = 0.0;
    bool m_dragging = false;
    QString m_message;
};

} // namespace microseg::ui
