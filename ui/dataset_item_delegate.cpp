#include "dataset_item_delegate.h"

#include <QApplication>
#include <QPainter>

namespace microseg::ui {
namespace {

QFont subtitleFont(const QFont& base) {
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.88);
    return font;
}

constexpr int kPadding = 6;

} // namespace

void DatasetItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString title = opt.text;
    const QString subtitle = index.data(kSubtitleRole).toString();
    opt.text.clear();
    // The style draws the selection and focus; the two lines are drawn here.
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        opt.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QColor textColor =
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor mutedColor = textColor;
    mutedColor.setAlphaF(selected ? 0.85f : 0.6f);

    const QRect area = opt.rect.adjusted(kPadding + 2, kPadding, -kPadding, -kPadding);
    QFont titleFont = opt.font;
    titleFont.setBold(true);
    const QFontMetrics titleMetrics(titleFont);
    const QFont smallFont = subtitleFont(opt.font);
    const QFontMetrics smallMetrics(smallFont);

    painter->save();
    painter->setFont(titleFont);
    painter->setPen(textColor);
    painter->drawText(QRect(area.left(), area.top(), area.width(), titleMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      titleMetrics.elidedText(title, Qt::ElideRight, area.width()));
    painter->setFont(smallFont);
    painter->setPen(mutedColor);
    painter->drawText(QRect(area.left(), area.top() + titleMetrics.height() + 2, area.width(),
                            smallMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      smallMetrics.elidedText(subtitle, Qt::ElideRight, area.width()));
    painter->restore();
}

QSize DatasetItemDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    QFont titleFont = option.font;
    titleFont.setBold(true);
    const int height = QFontMetrics(titleFont).height() + 2 +
                       QFontMetrics(subtitleFont(option.font)).height() + 2 * kPadding;
    return {160, height};
}

} // namespace microseg::ui
