#pragma once
// Export of a chart (a QChartView or a custom-painted widget) as PNG or SVG, offered from the
// widget's context menu ("Export as PNG…", "Export as SVG…").

#include <QString>


class QWidget;

namespace microseg::ui {

/// Writes `widget` as a PNG (twice its on-screen resolution) to `path`; false on failure.
bool exportWidgetPng(QWidget* widget, const QString& path);
/// Writes `widget` as an SVG (vector shapes; QSvgGenerator) to `path`; false on failure.
bool exportWidgetSvg(QWidget* widget, const QString& path, const QString& title);

/// Asks the saved-views list to store `widget` (a PresentableView with content) under `name`;
/// an empty name asks the user for one. False when nothing was requested.
bool saveViewForPresentation(QWidget* widget, QString name = {});

/// Gives `widget` a context menu with both exports (and, for a PresentableView, "Save View for
/// Presentation…"); `baseName` proposes the file name.
void installExportMenu(QWidget* widget, const QString& baseName);

} // namespace microseg::ui
