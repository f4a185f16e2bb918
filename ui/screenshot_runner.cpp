#include "screenshot_runner.h"

#include "main_window.h"
#include "workflow_page.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>

namespace microseg::ui {

ScreenshotRunner::ScreenshotRunner(MainWindow* window, QString outputPath, QString pageName,
                                   QString selectItem, QObject* parent)
    : QObject(parent), m_window(window), m_outputPath(std::move(outputPath)),
      m_pageName(std::move(pageName)), m_selectItem(std::move(selectItem)) {
    m_timeout.setSingleShot(true);
}

void ScreenshotRunner::setTimeouts(int pageMs, int workspaceMs) {
    m_pageTimeoutMs = pageMs;
    m_workspaceTimeoutMs = workspaceMs;
}

void ScreenshotRunner::start() {
    if (!m_window) {
        fail(tr("no window"));
        return;
    }
    // Laid out and painted like a shown window, without appearing on the user's screen.
    m_window->setAttribute(Qt::WA_DontShowOnScreen);
    m_window->resize(kWidth, kHeight);
    m_window->show();
    if (m_window->workspace()) {
        onWorkspaceReady();
        return;
    }
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        fail(tr("the workspace did not open within %1 s").arg(m_workspaceTimeoutMs / 1000));
    });
    m_timeout.start(m_workspaceTimeoutMs);
    m_connections << connect(m_window, &MainWindow::workspaceChanged, this, [this] {
        if (m_window->workspace())
            onWorkspaceReady();
    });
    m_connections << connect(m_window, &MainWindow::workspaceFailed, this,
                             [this](const QString& reason) { fail(reason); });
}

void ScreenshotRunner::onWorkspaceReady() {
    disconnectAll();
    m_timeout.disconnect();
    if (!m_window->selectPage(m_pageName)) {
        QStringList names;
        for (const WorkflowPage* page : m_window->pages())
            names << page->title().toLower();
        fail(tr("unknown page \"%1\" (pages: %2)").arg(m_pageName, names.join(", ")));
        return;
    }
    WorkflowPage* page = m_window->currentPage();
    page->selectDefaultContent(m_selectItem);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { fail(tr("the page was still busy after %1 s").arg(m_pageTimeoutMs / 1000)); });
    m_timeout.start(m_pageTimeoutMs);
    if (!page->isBusy()) {
        QTimer::singleShot(0, this, &ScreenshotRunner::capture);
        return;
    }
    m_connections << connect(page, &WorkflowPage::busyChanged, this, [this, page](bool busy) {
        // Capture from the event loop, after the results' own layout requests were posted.
        if (!busy && !page->isBusy())
            QTimer::singleShot(0, this, &ScreenshotRunner::capture);
    });
}

void ScreenshotRunner::capture() {
    if (m_done || !m_window)
        return;
    WorkflowPage* page = m_window->currentPage();
    if (page && page->isBusy())
        return; // busy again (a new job started): wait for its busyChanged(false)
    disconnectAll();
    m_timeout.stop();
    // Layouts are activated through posted LayoutRequest events; deliver those before painting.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QPixmap pixmap = m_window->grab();
    const QFileInfo target(m_outputPath);
    if (!target.absoluteDir().exists()) {
        fail(tr("the folder of %1 does not exist").arg(m_outputPath));
        return;
    }
    if (!pixmap.save(m_outputPath, "PNG")) {
        fail(tr("could not write %1").arg(m_outputPath));
        return;
    }
    m_done = true;
    emit finished(true, m_outputPath);
}

void ScreenshotRunner::fail(const QString& reason) {
    if (m_done)
        return;
    m_done = true;
    disconnectAll();
    m_timeout.stop();
    emit finished(false, reason);
}

void ScreenshotRunner::disconnectAll() {
    for (const auto& connection : m_connections)
        disconnect(connection);
    m_connections.clear();
}

} // namespace microseg::ui
