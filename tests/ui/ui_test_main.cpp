// Shared main of the UI tests: no display needed (offscreen platform unless QT_QPA_PLATFORM is
// set), and settings and the demo workspace redirected to a temporary folder so that a test run
// never touches the user's own.
#include "job.h"

#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QThreadPool>
#include <gtest/gtest.h>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       home.filePath(QStringLiteral("config")));
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MicrosegTest"));
    QApplication::setApplicationName(QStringLiteral("MicrosegTest"));
    ::testing::InitGoogleTest(&argc, argv);
    const int result = RUN_ALL_TESTS();
    // Cancelled jobs may still be returning on worker threads; let them end before statics go.
    microseg::ui::jobThreadPool()->waitForDone();
    QThreadPool::globalInstance()->waitForDone();
    return result;
}
