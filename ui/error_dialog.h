#pragma once
// The one place where the UI turns core error values into text for people.

#include "microseg/error.h"

#include <QString>

class QWidget;

namespace microseg::ui {

/// A short heading for an error code ("File not found", "Not a Microseg workspace", ...).
QString errorHeading(core::ErrorCode code);
/// The full sentence, "file:line:column: message", as core formats it.
QString errorText(const core::Error& error);

/// Shows `error` in a window-modal message box that does not block the caller (QMessageBox::open,
/// not exec), so that no nested event loop runs behind it. `action` says what failed:
/// "Import failed", "Could not open the workspace".
void showErrorDialog(QWidget* parent, const QString& action, const core::Error& error);

} // namespace microseg::ui
