// ScatterView's mouse, wheel and context-menu handling: zoom around the cursor, pan by drag,
// rectangle and lasso selection (Shift+drag draws a rectangle and Ctrl+drag a lasso in any
// mode), hover tooltips, masking a category by clicking its legend entry, and the export menu.

#include "scatter_view.h"

#include "chart_export.h"

#include <QContextMenuEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QSpinBox>
#include <QToolTip>
#include <QWheelEvent>
#include <cmath>

namespace microseg::ui {
namespace {

/// A press that moves less than this is a click, not a drag.
constexpr double kClickDistance = 3.0;

/// Asks for an export size in pixels; empty when cancelled.
QSize askPixelSize(QWidget* parent, const QSize& suggested) {
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Export as PNG"));
    auto* form = new QFormLayout(&dialog);
    auto* width = new QSpinBox(&dialog);
    auto* height = new QSpinBox(&dialog);
    for (QSpinBox* spin : {width, height}) {
        spin->setRange(100, 16'000);
        spin->setSuffix(QObject::tr(" px"));
    }
    width->setValue(suggested.width());
    height->setValue(suggested.height());
    form->addRow(QObject::tr("Width"), width);
    form->addRow(QObject::tr("Height"), height);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    return {width->value(), height->value()};
}

} // namespace

void ScatterView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0.0)
        zoomAt(event->position(), std::pow(1.25, steps));
    event->accept();
}

void ScatterView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    QToolTip::hideText();
    m_dragging = true;
    m_pressPos = m_lastPos = event->position();
    m_lasso.clear();
    SelectionMode mode = m_mode;
    if (event->modifiers() & Qt::ShiftModifier)
        mode = SelectionMode::Rectangle;
    else if (event->modifiers() & Qt::ControlModifier)
        mode = SelectionMode::Lasso;
    m_activeMode = mode;
    if (mode == SelectionMode::Lasso)
        m_lasso << m_pressPos;
    setCursor(mode == SelectionMode::Pan ? Qt::ClosedHandCursor : Qt::CrossCursor);
}

void ScatterView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (!m_dragging) {
        showTooltip(pos.toPoint());
        return;
    }
    if (m_activeMode == SelectionMode::Pan)
        panBy(pos - m_lastPos);
    else if (m_activeMode == SelectionMode::Lasso)
        m_lasso << pos;
    m_lastPos = pos;
    update();
}

void ScatterView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !m_dragging) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    m_lastPos = event->position();
    finishSelection(m_lastPos);
    m_dragging = false;
    m_lasso.clear();
    unsetCursor();
    update();
}

void ScatterView::finishSelection(const QPointF& end) {
    const bool click = QLineF(m_pressPos, end).length() < kClickDistance;
    if (click) {
        // A click on a legend entry masks or unmasks that category; elsewhere it clears the
        // selection (in the selection modes).
        const int entry = legendEntryAt(layoutFor(size()), m_legend, end);
        if (entry >= 0 && m_colouring == Colouring::Categories) {
            const int label = m_legendLabels[static_cast<std::size_t>(entry)];
            QSet<int> hidden = m_hidden;
            if (!hidden.remove(label))
                hidden.insert(label);
            setHiddenCategories(hidden);
            emit hiddenCategoriesChanged();
        } else if (m_activeMode != SelectionMode::Pan) {
            clearSelection();
        }
        return;
    }
    if (m_activeMode == SelectionMode::Rectangle)
        setSelection(pointsInRect(QRectF(m_pressPos, end)));
    else if (m_activeMode == SelectionMode::Lasso && m_lasso.size() >= 3)
        setSelection(pointsInLasso(m_lasso));
}

void ScatterView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape && (m_dragging || !m_selection.empty())) {
        m_dragging = false;
        m_lasso.clear();
        unsetCursor();
        clearSelection();
        update();
    } else if (event->key() == Qt::Key_Home) {
        resetView();
    } else if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Minus) {
        zoomAt(m_transform.plotRect().center(), event->key() == Qt::Key_Plus ? 1.25 : 0.8);
    } else {
        QWidget::keyPressEvent(event);
    }
}

void ScatterView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_transform.plotRect().contains(event->position()))
        resetView();
}

void ScatterView::leaveEvent(QEvent* event) {
    QToolTip::hideText();
    QWidget::leaveEvent(event);
}

QString ScatterView::defaultTooltip(std::size_t i) const {
    QString text =
        tr("Point %1<br>x = %2, y = %3").arg(i + 1).arg(m_x[i], 0, 'g', 5).arg(m_y[i], 0, 'g', 5);
    if (m_colouring == Colouring::Categories && i < m_labels.size()) {
        const int label = m_labels[i];
        text += QStringLiteral("<br>") + (label < 0                ? tr("Noise")
                                          : label < m_names.size() ? m_names[label]
                                                                   : tr("Cluster %1").arg(label));
    } else if (m_colouring == Colouring::Continuous && i < m_values.size()) {
        text += QStringLiteral("<br>%1 = %2")
                    .arg(m_legend.title.toHtmlEscaped())
                    .arg(m_values[i], 0, 'g', 6);
    }
    return text;
}

void ScatterView::showTooltip(const QPoint& pos) {
    const std::int64_t i = pointAt(pos);
    if (i < 0) {
        QToolTip::hideText();
        return;
    }
    const auto index = static_cast<std::size_t>(i);
    const QString text = m_tooltip ? m_tooltip(index) : defaultTooltip(index);
    const QPoint at = m_transform.toPixel(m_x[index], m_y[index]).toPoint();
    QToolTip::showText(mapToGlobal(pos), text, this, QRect(at - QPoint(4, 4), QSize(9, 9)));
}

void ScatterView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    QAction* reset = menu.addAction(tr("Reset view"));
    menu.addSeparator();
    QAction* png = menu.addAction(tr("Export as PNG…"));
    QAction* svg = menu.addAction(tr("Export as SVG…"));
    menu.addSeparator();
    QAction* save = menu.addAction(tr("Save View for Presentation…"));
    save->setEnabled(hasViewContent());
    QAction* chosen = menu.exec(event->globalPos());
    if (chosen == reset) {
        resetView();
        return;
    }
    if (chosen == save) {
        saveViewForPresentation(this);
        return;
    }
    if (chosen != png && chosen != svg)
        return;
    const QString base = m_title.isEmpty() ? QStringLiteral("scatter") : m_title;
    QSize pixels;
    if (chosen == png) {
        pixels = askPixelSize(this, size() * 2);
        if (pixels.isEmpty())
            return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, chosen->text(), base + (chosen == png ? ".png" : ".svg"),
        chosen == png ? tr("PNG image (*.png)") : tr("SVG image (*.svg)"));
    if (path.isEmpty())
        return;
    const bool ok = chosen == png ? exportPng(path, pixels) : exportSvg(path);
    if (!ok)
        QMessageBox::warning(this, tr("Export"), tr("Could not write %1.").arg(path));
}

} // namespace microseg::ui
