#pragma once
// Two-line list item for the Data page's table list: the name, and under it in a smaller, muted
// font the size ("54,190 rows × 8 columns") stored in kSubtitleRole.

#include <QStyledItemDelegate>

namespace microseg::ui {

class DatasetItemDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    static constexpr int kSubtitleRole = Qt::UserRole + 10;

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace microseg::ui
