#pragma once
// Command line of the GUI:
// microseg [--workspace FILE | FILE] [--screenshot OUT.png] [--page NAME] [--select ITEM]
//          [--presentation]

#include <QString>
#include <QStringList>

namespace microseg::ui {

struct LaunchOptions {
    QString workspace;  ///< empty: open the demo workspace
    QString screenshot; ///< empty: run interactively
    QString page = QStringLiteral("data");
    QString select; ///< an item to select on the page (Data page: a column name)
    bool presentation = false; ///< start in presentation mode (full screen, large, masked)
    bool showHelp = false;
    bool showVersion = false;
    QString helpText;
    QString error; ///< one line when the arguments are wrong

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

/// Parses `arguments` (argv[0] first, as QCoreApplication::arguments() returns them).
LaunchOptions parseLaunchOptions(const QStringList& arguments);

/// For --help, --version and wrong arguments: prints the text (errors on stderr, as one line)
/// and returns the exit code; returns -1 when the application should start.
int printLaunchMessage(const LaunchOptions& options);

} // namespace microseg::ui
