// The Microseg workbench: parses the command line and shows the main window (or, with
// --screenshot, saves a picture of it and exits). Everything else lives in ui/.
#include "error_dialog.h"
#include "launch_options.h"
#include "main_window.h"
#include "presentation_mode.h"
#include "microseg/version.h"
#include "screenshot_runner.h"

#include <QApplication>
#include <QThreadPool>
#include <cstdio>

int main(int argc, char* argv[]) {
    using namespace microseg;
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Microseg"));
    QApplication::setApplicationName(QStringLiteral("Microseg"));
    QApplication::setApplicationVersion(QString::fromStdString(core::microsegVersion()));
    const ui::LaunchOptions options = ui::parseLaunchOptions(QApplication::arguments());
    if (const int code = ui::printLaunchMessage(options); code >= 0)
        return code;

    const bool screenshot = !options.screenshot.isEmpty();
    ui::MainWindow window;
    window.setInteractive(!screenshot);
    ui::ScreenshotRunner runner(&window, options.screenshot, options.page, options.select);
    QObject::connect(
        &runner, &ui::ScreenshotRunner::finished, &app,
        [](bool ok, const QString& message) {
            if (!ok)
                std::fprintf(stderr, "microseg: screenshot failed: %s\n", qPrintable(message));
            QCoreApplication::exit(ok ? 0 : 1);
        },
        Qt::QueuedConnection); // queued: exit() only works once exec() runs
    if (screenshot)
        runner.start(); // first, so that it sees the workspace open (or fail to)
    // After the runner sized the window (full screen: a screenshot is as large as the screen),
    // before the workspace opens and the page is chosen (--page still decides what shows).
    if (options.presentation)
        window.presentationMode()->setActive(true);
    if (options.workspace.isEmpty()) {
        window.openDemoWorkspace(); // built in a background job on first run
    } else if (auto status = window.openWorkspace(options.workspace); !status.ok()) {
        if (screenshot) {
            std::fprintf(stderr, "microseg: %s\n", status.error().toString().c_str());
            return 1;
        }
        ui::showErrorDialog(&window, QObject::tr("Could not open the workspace"), status.error());
    }
    if (!screenshot) {
        window.restoreSettings();
        if (!window.selectPage(options.page))
            std::fprintf(stderr, "microseg: no page named \"%s\"\n", qPrintable(options.page));
        window.show();
    }
    const int code = QApplication::exec();
    // Jobs were cancelled on close; let their workers return before the statics they use go.
    QThreadPool::globalInstance()->waitForDone();
    return code;
}
