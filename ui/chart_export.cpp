#include "chart_export.h"

#include "presentable_view.h"

#include <QChartView>
#include <QFileDialog>
#include <QImage>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>

namespace microseg::ui {
namespace {

void paintInto(QWidget* widget, QPainter& painter, const QRect& target) {
    // A chart view renders its scene (vector items); any other widget paints itself.
    if (auto* view = qobject_cast<QChartView*>(widget))
        view->render(&painter, target, widget->rect());
    else
        widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
}

} // namespace

bool exportWidgetPng(QWidget* widget, const QString& path) {
    constexpr int kScale = 2;
    QImage image(widget->size() * kScale, QImage::Format_ARGB32);
    image.setDevicePixelRatio(kScale);
    image.fill(widget->palette().color(QPalette::Window));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        paintInto(widget, painter, widget->rect());
    }
    return image.save(path, "PNG");
}

bool exportWidgetSvg(QWidget* widget, const QString& path, const QString& title) {
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(widget->size());
    generator.setViewBox(widget->rect());
    generator.setTitle(title);
    generator.setDescription(QStringLiteral("Microseg"));
    QPainter painter;
    if (!painter.begin(&generator))
        return false;
    painter.fillRect(widget->rect(), widget->palette().color(QPalette::Window));
    paintInto(widget, painter, widget->rect());
    return painter.end();
}

bool saveViewForPresentation(QWidget* widget, QString name) {
    auto* view = dynamic_cast<PresentableView*>(widget);
    if (!view || !view->hasViewContent())
        return false;
    if (name.isEmpty()) {
        bool ok = false;
        name = QInputDialog::getText(widget, QObject::tr("Save View for Presentation"),
                                     QObject::tr("Name of the view:"), QLineEdit::Normal,
                                     view->viewTitle(), &ok)
                   .trimmed();
        if (!ok || name.isEmpty())
            return false;
    }
    SavedViewRequests::instance().request(view->viewKind(), name, view->viewSettings());
    return true;
}

void installExportMenu(QWidget* widget, const QString& baseName) {
    widget->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(widget, &QWidget::customContextMenuRequested, widget,
                     [widget, baseName](const QPoint& pos) {
                         QMenu menu(widget);
                         QAction* png = menu.addAction(QObject::tr("Export as PNG…"));
                         menu.addAction(QObject::tr("Export as SVG…"));
                         auto* presentable = dynamic_cast<PresentableView*>(widget);
                         QAction* save = nullptr;
                         if (presentable) {
                             menu.addSeparator();
                             save = menu.addAction(QObject::tr("Save View for Presentation…"));
                             save->setEnabled(presentable->hasViewContent());
                         }
                         QAction* chosen = menu.exec(widget->mapToGlobal(pos));
                         if (!chosen)
                             return;
                         if (chosen == save) {
                             saveViewForPresentation(widget);
                             return;
                         }
                         const bool isPng = chosen == png;
                         const QString path = QFileDialog::getSaveFileName(
                             widget, chosen->text(), baseName + (isPng ? ".png" : ".svg"),
                             isPng ? QObject::tr("PNG image (*.png)")
                                   : QObject::tr("SVG image (*.svg)"));
                         if (path.isEmpty())
                             return;
                         const bool ok = isPng ? exportWidgetPng(widget, path)
                                               : exportWidgetSvg(widget, path, baseName);
                         if (!ok)
                             QMessageBox::warning(widget, QObject::tr("Export"),
                                                  QObject::tr("Could not write %1.").arg(path));
                     });
}

} // namespace microseg::ui
