#include "error_dialog.h"

#include "text_format.h"

#include <QMessageBox>

namespace microseg::ui {

QString errorHeading(core::ErrorCode code) {
    using core::ErrorCode;
    switch (code) {
    case ErrorCode::Cancelled:
        return QObject::tr("Cancelled");
    case ErrorCode::FileNotFound:
        return QObject::tr("File not found");
    case ErrorCode::FileUnreadable:
        return QObject::tr("File cannot be read");
    case ErrorCode::EmptyFile:
        return QObject::tr("The file is empty");
    case ErrorCode::BinaryFile:
        return QObject::tr("Not a text file");
    case ErrorCode::InvalidEncoding:
        return QObject::tr("Wrong text encoding");
    case ErrorCode::TooManyColumns:
        return QObject::tr("Too many columns");
    case ErrorCode::NotAWorkspace:
        return QObject::tr("Not a Microseg workspace");
    case ErrorCode::NewerSchema:
        return QObject::tr("Workspace from a newer Microseg");
    case ErrorCode::AlreadyExists:
        return QObject::tr("Already exists");
    case ErrorCode::NotFound:
        return QObject::tr("Not found");
    case ErrorCode::InvalidArgument:
        return QObject::tr("Invalid input");
    case ErrorCode::Database:
        return QObject::tr("Database error");
    case ErrorCode::Io:
        return QObject::tr("Input/output error");
    }
    return QObject::tr("Error");
}

QString errorText(const core::Error& error) {
    return toQString(error.toString());
}

void showErrorDialog(QWidget* parent, const QString& action, const core::Error& error) {
    auto* box =
        new QMessageBox(QMessageBox::Warning, action,
                        QStringLiteral("<b>%1</b>").arg(errorHeading(error.code).toHtmlEscaped()),
                        QMessageBox::Ok, parent);
    box->setInformativeText(errorText(error));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->open();
}

} // namespace microseg::ui
