#pragma once
// Status-bar strip listing the running jobs, each with its label, a progress bar and a Cancel
// button. Several jobs may run at once; an entry disappears when its job finishes.

#include <QHash>
#include <QWidget>

class QHBoxLayout;

namespace microseg::ui {

class Job;

class JobsWidget : public QWidget {
    Q_OBJECT
  public:
    explicit JobsWidget(QWidget* parent = nullptr);

    /// Shows `job` until it finishes. When it finishes, a cancellation is reported as a status
    /// message and a failure in an error dialog titled "<label> failed".
    void addJob(Job* job);
    [[nodiscard]] int runningCount() const noexcept { return static_cast<int>(m_entries.size()); }
    /// Cancels every listed job (on quit).
    void cancelAll();

  signals:
    /// A short outcome for the status bar ("Cancelled", "Import finished").
    void statusMessage(const QString& text, int timeoutMs);
    void runningCountChanged(int count);

  private:
    void removeJob(Job* job);

    QHBoxLayout* m_layout;
    QHash<Job*, QWidget*> m_entries;
};

} // namespace microseg::ui
