#pragma once
// Draws a saved view again: makes the chart of the view's kind and hands it the stored settings.

#include <QJsonObject>
#include <QString>
#include <QStringList>

class QWidget;

namespace microseg::ui {

/// The kinds a saved view can have ("metric", "sizes", ...).
QStringList savedViewKinds();
/// A new chart showing `settings`, or null when `kind` is unknown or the settings do not fit it.
QWidget* createSavedView(const QString& kind, const QJsonObject& settings,
                         QWidget* parent = nullptr);

} // namespace microseg::ui
