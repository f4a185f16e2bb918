#include "presentation_mode.h"

#include "cluster_palette.h"
#include "presentation_settings.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QMainWindow>
#include <QScreen>

namespace microseg::ui {

PresentationMode::PresentationMode(QMainWindow* window) : QObject(window), m_window(window) {
    m_toggle = new QAction(tr("&Presentation Mode"), this);
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(Qt::Key_F5));
    m_toggle->setToolTip(tr("Full screen, large text, thick lines, colour-blind-safe colours and "
                            "personal data masked; arrow keys step through saved views (F5)"));
    connect(m_toggle, &QAction::toggled, this, &PresentationMode::setActive);

    m_mask = new QAction(tr("&Mask Personal Data"), this);
    m_mask->setCheckable(true);
    m_mask->setToolTip(tr("Show emails, phone numbers, names and addresses masked "
                          "(always on in presentation mode)"));
    connect(m_mask, &QAction::toggled, this, &PresentationMode::applyMasking);

    // Window-wide keys that only exist while presenting, so the arrows keep their usual meaning
    // in grids and lists otherwise.
    m_leave = new QAction(tr("Leave Presentation Mode"), this);
    m_leave->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(m_leave, &QAction::triggered, this, [this] { setActive(false); });
    m_next = new QAction(tr("Next View"), this);
    m_next->setShortcuts({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
    connect(m_next, &QAction::triggered, this, [this] { emit stepRequested(+1); });
    m_previous = new QAction(tr("Previous View"), this);
    m_previous->setShortcuts({QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)});
    connect(m_previous, &QAction::triggered, this, [this] { emit stepRequested(-1); });
    for (QAction* action : {m_toggle, m_leave, m_next, m_previous}) {
        action->setShortcutContext(Qt::WindowShortcut);
        m_window->addAction(action); // works with the menu bar hidden too
    }
    for (QAction* action : {m_leave, m_next, m_previous})
        action->setEnabled(false);
}

PresentationMode::~PresentationMode() {
    // Leave the application as it was found (tests create several windows in one process).
    if (m_active) {
        QApplication::setFont(m_normalFont);
        setClusterPaletteKind(ClusterPaletteKind::Standard);
        PresentationSettings::instance().setChartScales(1.0, 1.0);
        PresentationSettings::instance().setMaskPersonalData(false);
    }
}

void PresentationMode::setActive(bool active) {
    if (active == m_active)
        return;
    m_active = active;
    if (active) {
        m_normalFont = QApplication::font();
        QFont large = m_normalFont;
        if (large.pointSizeF() > 0)
            large.setPointSizeF(large.pointSizeF() * kFontScale);
        else
            large.setPixelSize(static_cast<int>(large.pixelSize() * kFontScale));
        QApplication::setFont(large);
        setClusterPaletteKind(ClusterPaletteKind::ColourBlindSafe);
        PresentationSettings::instance().setChartScales(kLineScale, kMarkerScale);
        if (m_fullScreenAllowed) {
            m_wasMaximized = m_window->isMaximized();
            m_window->showFullScreen();
            // A window drawn off screen (--screenshot) gets no size from the window system.
            if (m_window->testAttribute(Qt::WA_DontShowOnScreen) && m_window->screen())
                m_window->resize(m_window->screen()->size());
        }
    } else {
        QApplication::setFont(m_normalFont);
        setClusterPaletteKind(ClusterPaletteKind::Standard);
        PresentationSettings::instance().setChartScales(1.0, 1.0);
        if (m_fullScreenAllowed) {
            if (m_wasMaximized)
                m_window->showMaximized();
            else
                m_window->showNormal();
        }
    }
    // Grid columns keep the widths people gave them; grow them with the text so values stay
    // readable instead of eliding ("Fe…").
    const double ratio = active ? kFontScale : 1.0 / kFontScale;
    for (QWidget* widget : QApplication::allWidgets()) {
        auto* header = qobject_cast<QHeaderView*>(widget);
        if (!header || header->orientation() != Qt::Horizontal)
            continue;
        for (int section = 0; section < header->count(); ++section) {
            if (header->sectionResizeMode(section) == QHeaderView::Interactive)
                header->resizeSection(section,
                                      static_cast<int>(header->sectionSize(section) * ratio));
        }
    }
    // Before the event loop runs (--presentation at start-up) Qt does not tell existing widgets
    // about a new application font; tell them, so every window resolves its fonts again.
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        QEvent fontChange(QEvent::ApplicationFontChange);
        QCoreApplication::sendEvent(widget, &fontChange);
    }
    applyMasking();
    for (QAction* action : {m_leave, m_next, m_previous})
        action->setEnabled(active);
    m_mask->setEnabled(!active);
    {
        const QSignalBlocker blocker(m_toggle);
        m_toggle->setChecked(active);
    }
    // Custom-painted charts read the palette and line widths while painting.
    for (QWidget* widget : QApplication::allWidgets())
        widget->update();
    emit activeChanged(active);
}

void PresentationMode::setMaskPersonalData(bool mask) {
    m_mask->setChecked(mask);
}

void PresentationMode::applyMasking() {
    PresentationSettings::instance().setMaskPersonalData(m_active || m_mask->isChecked());
}

} // namespace microseg::ui
