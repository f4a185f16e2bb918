#pragma once
// Presentation mode for running a workshop from a laptop on a projector: the window goes full
// screen, the application font grows (1.6x), chart lines get thicker and markers larger, clusters
// take the colour-blind-safe palette, and personal data (emails, phone numbers, names,
// addresses) is masked wherever values are shown. F5 toggles it, Esc leaves it, and the Left
// and Right arrow keys step through the workspace's saved views on the stage. Masking can also
// be switched on by itself ("Mask Personal Data").

#include <QFont>
#include <QObject>

class QAction;
class QMainWindow;

namespace microseg::ui {

class PresentationMode : public QObject {
    Q_OBJECT
  public:
    static constexpr double kFontScale = 1.6;
    static constexpr double kLineScale = 2.0;
    static constexpr double kMarkerScale = 1.7;

    explicit PresentationMode(QMainWindow* window);
    ~PresentationMode() override;

    [[nodiscard]] bool isActive() const noexcept { return m_active; }
    void setActive(bool active);
    /// Masking on its own, outside presentation mode.
    void setMaskPersonalData(bool mask);
    /// When false, presentation mode leaves the window geometry alone (screenshots, tests).
    void setFullScreenAllowed(bool allowed) { m_fullScreenAllowed = allowed; }

    [[nodiscard]] QAction* toggleAction() const noexcept { return m_toggle; }
    [[nodiscard]] QAction* maskAction() const noexcept { return m_mask; }
    [[nodiscard]] QAction* leaveAction() const noexcept { return m_leave; }
    [[nodiscard]] QAction* nextAction() const noexcept { return m_next; }
    [[nodiscard]] QAction* previousAction() const noexcept { return m_previous; }

  signals:
    void activeChanged(bool active);
    /// The arrow keys: show the next (+1) or previous (-1) saved view.
    void stepRequested(int delta);

  private:
    void applyMasking();

    QMainWindow* m_window;
    QAction* m_toggle;
    QAction* m_mask;
    QAction* m_leave;
    QAction* m_next;
    QAction* m_previous;
    bool m_active = false;
    bool m_fullScreenAllowed = true;
    bool m_wasMaximized = false;
    QFont m_normalFont;
};

} // namespace microseg::ui
