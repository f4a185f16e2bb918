#include "chart_export.h"

#include <QChartView>
#include <QFileDialog>
#include <QImage>
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

void installExportMenu(QWidget* widget, const QString& baseName) {
    widget->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(widget, &QWidget::customContextMenuRequested, widget,
                     [widget, baseName](const QPoint& pos) {
                         QMenu menu(widget);
                         QAction* png = menu.addAction(QObject::tr("Export as PNG…"));
                         menu.addAction(QObject::tr("Export as SVG…"));
                         QAction* chosen = menu.exec(widget->mapToGlobal(pos));
                         if (!chosen)
                             return;
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
