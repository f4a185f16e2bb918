#pragma once
// `microseg --screenshot OUT.png`: once the window has a workspace, resize it to exactly
// 1280x800, show the requested page with its first item selected, wait (on signals, never by
// sleeping) until the page's background work has finished, grab the window and save the PNG.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace microseg::ui {

class MainWindow;

class ScreenshotRunner : public QObject {
    Q_OBJECT
  public:
    static constexpr int kWidth = 1280;
    static constexpr int kHeight = 800;

    ScreenshotRunner(MainWindow* window, QString outputPath, QString pageName,
                     QString selectItem = {}, QObject* parent = nullptr);

    /// How long the page may stay busy once shown (default 10 s) and how long opening the
    /// workspace may take, which includes building the demo on first run (default 120 s).
    void setTimeouts(int pageMs, int workspaceMs);

    /// Starts; finished() follows. Call with the workspace already open, or with it being opened
    /// (MainWindow::openDemoWorkspace): the runner then waits for workspaceChanged().
    void start();

  signals:
    /// `message` is the saved path on success, else one line saying what went wrong.
    void finished(bool ok, const QString& message);

  private:
    void onWorkspaceReady();
    void capture();
    void fail(const QString& reason);
    void disconnectAll();

    QPointer<MainWindow> m_window;
    QString m_outputPath;
    QString m_pageName;
    QString m_selectItem;
    int m_pageTimeoutMs = 10'000;
    int m_workspaceTimeoutMs = 120'000;
    QTimer m_timeout;
    QList<QMetaObject::Connection> m_connections;
    bool m_done = false;
};

} // namespace microseg::ui
