#include "launch_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>

namespace microseg::ui {

LaunchOptions parseLaunchOptions(const QStringList& arguments) {
    LaunchOptions options;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Microseg: customer segmentation workbench"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QCoreApplication::translate("main", "Open the workspace FILE (default: the demo)."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate(
            "main", "Save a 1280x800 picture of the window to OUT.png once the page is ready, "
                    "then exit."),
        QStringLiteral("OUT.png"));
    const QCommandLineOption page(
        QStringLiteral("page"),
        QCoreApplication::translate("main", "Show the page NAME (default: data)."),
        QStringLiteral("NAME"), QStringLiteral("data"));
    const QCommandLineOption select(
        QStringLiteral("select"),
        QCoreApplication::translate("main",
                                    "Select ITEM on the page (Data page: the column to profile; "
                                    "Features page: rfm, rfm-revenue or compose; Clean page: "
                                    "mapping, dedupe or a step number; Cluster page: runs, "
                                    "profile, box-plots, dendrogram, compare, bic, k-distance)."),
        QStringLiteral("ITEM"));
    const QCommandLineOption presentation(
        QStringLiteral("presentation"),
        QCoreApplication::translate(
            "main", "Start in presentation mode: full screen, large text, colour-blind-safe "
                    "colours, personal data masked (--page views shows the saved views)."));
    parser.addOptions({workspace, screenshot, page, select, presentation});
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QCoreApplication::translate("main", "A .microseg workspace."),
                                 QStringLiteral("[FILE]"));

    options.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        options.error = parser.errorText();
        return options;
    }
    options.showHelp = parser.isSet(help);
    options.showVersion = parser.isSet(version);
    options.workspace = parser.value(workspace);
    options.screenshot = parser.value(screenshot);
    options.page = parser.value(page);
    options.select = parser.value(select);
    options.presentation = parser.isSet(presentation);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        options.error =
            QCoreApplication::translate("main", "Only one workspace file can be opened.");
    } else if (positional.size() == 1) {
        if (!options.workspace.isEmpty())
            options.error = QCoreApplication::translate(
                "main", "Give the workspace either with --workspace or as FILE, not both.");
        options.workspace = positional.front();
    }
    if (parser.isSet(screenshot) && options.screenshot.isEmpty())
        options.error = QCoreApplication::translate("main", "--screenshot needs a file name.");
    return options;
}

} // namespace microseg::ui

namespace microseg::ui {

int printLaunchMessage(const LaunchOptions& options) {
    if (!options.ok()) {
        std::fprintf(stderr, "microseg: %s\n", qPrintable(options.error));
        return 2;
    }
    if (options.showHelp) {
        std::fputs(qPrintable(options.helpText), stdout);
        return 0;
    }
    if (options.showVersion) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                    qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    return -1;
}

} // namespace microseg::ui
