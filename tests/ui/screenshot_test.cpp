// The screenshot path, in process (ScreenshotRunner) and through the real executable.
#include "main_window.h"
#include "screenshot_runner.h"
#include "ui_test_util.h"
#include "workflow_page.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace microseg::ui {
namespace {

class ScreenshotTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_workspace =
            test::createWorkspace(m_dir, QStringLiteral("shot"),
                                  {{QStringLiteral("customers.csv"), test::customersCsv(300)}});
        ASSERT_FALSE(m_workspace.isEmpty());
    }

    QTemporaryDir m_dir;
    QString m_workspace;
};

TEST_F(ScreenshotTest, RunnerSavesA1280x800Png) {
    MainWindow window;
    window.setInteractive(false);
    ASSERT_TRUE(window.openWorkspace(m_workspace).ok());
    const QString out = m_dir.filePath(QStringLiteral("shot.png"));
    ScreenshotRunner runner(&window, out, QStringLiteral("Data"));
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    ASSERT_TRUE(finished.count() > 0 || finished.wait(15000));
    EXPECT_TRUE(finished.front().at(0).toBool()) << finished.front().at(1).toString().toStdString();
    const QImage image(out);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(1280, 800));
    EXPECT_FALSE(window.currentPage()->isBusy());
}

TEST_F(ScreenshotTest, RunnerFailsOnAnUnknownPage) {
    MainWindow window;
    window.setInteractive(false);
    ASSERT_TRUE(window.openWorkspace(m_workspace).ok());
    ScreenshotRunner runner(&window, m_dir.filePath(QStringLiteral("x.png")),
                            QStringLiteral("nope"));
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    ASSERT_TRUE(finished.count() > 0 || finished.wait(5000));
    EXPECT_FALSE(finished.front().at(0).toBool());
    EXPECT_TRUE(finished.front().at(1).toString().contains(QStringLiteral("unknown page")));
}

QProcessEnvironment offscreenEnvironment(const QTemporaryDir& dir) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    // Qt warns on stderr without a runtime folder; the test reads stderr.
    const QString runtime = dir.filePath(QStringLiteral("runtime"));
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    return env;
}

TEST_F(ScreenshotTest, ExecutableWritesThePngAndExitsZero) {
    const QString out = m_dir.filePath(QStringLiteral("cli.png"));
    QProcess process;
    process.setProcessEnvironment(offscreenEnvironment(m_dir));
    process.start(QStringLiteral(MICROSEG_GUI_PATH), {QStringLiteral("--workspace"), m_workspace,
                                                      QStringLiteral("--screenshot"), out});
    ASSERT_TRUE(process.waitForFinished(30000));
    EXPECT_EQ(process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(process.exitCode(), 0) << process.readAllStandardError().toStdString();
    EXPECT_EQ(QImage(out).size(), QSize(1280, 800));
}

TEST_F(ScreenshotTest, ExecutableFailsWithOneLineOnAMissingWorkspace) {
    QProcess process;
    process.setProcessEnvironment(offscreenEnvironment(m_dir));
    process.start(QStringLiteral(MICROSEG_GUI_PATH),
                  {QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("absent.microseg")),
                   QStringLiteral("--screenshot"), m_dir.filePath(QStringLiteral("no.png"))});
    ASSERT_TRUE(process.waitForFinished(30000));
    EXPECT_NE(process.exitCode(), 0);
    const QString err = QString::fromUtf8(process.readAllStandardError()).trimmed();
    EXPECT_TRUE(err.startsWith(QStringLiteral("microseg: "))) << err.toStdString();
    EXPECT_FALSE(err.contains('\n')) << err.toStdString();
    EXPECT_FALSE(QFile::exists(m_dir.filePath(QStringLiteral("no.png"))));
}

} // namespace
} // namespace microseg::ui
