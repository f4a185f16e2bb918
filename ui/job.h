#pragma once
// One shape for every long task in the UI: a core function
// (Progress&, const CancelToken&) -> Result<T> runs on jobThreadPool() through
// QtConcurrent::run with a QPromise; a QFutureWatcher owned by the Job brings progress and the
// outcome back to the GUI thread. Cancellation is its own outcome, neither success nor failure.

#include "microseg/error.h"
#include "microseg/progress.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <functional>
#include <memory>
#include <optional>

class QThreadPool;

namespace microseg::ui {

/// The pool jobs run on: one thread per core, apart from QThreadPool::globalInstance(). Qt's
/// raster paint engine splits large fills over the global pool and waits for them on the GUI
/// thread, so jobs occupying the global pool would stall painting (measured: 3.4 s with a k scan
/// and a run in flight on 2 cores).
QThreadPool* jobThreadPool();

/// A running (or finished) background task. Created by runJob(); owned by the QObject given
/// there, so a page that goes away takes its jobs with it (they are cancelled, see ~Job()).
class Job : public QObject {
    Q_OBJECT
  public:
    enum class Outcome { Running, Succeeded, Failed, Cancelled };
    Q_ENUM(Outcome)

    /// Progress values run over 0..kProgressMax (a fraction of 1 in thousandths).
    static constexpr int kProgressMax = 1000;

    ~Job() override;

    [[nodiscard]] const QString& label() const noexcept { return m_label; }
    [[nodiscard]] Outcome outcome() const noexcept { return m_outcome; }
    [[nodiscard]] bool isRunning() const noexcept { return m_outcome == Outcome::Running; }
    /// The failure when outcome() is Failed.
    [[nodiscard]] const core::Error& error() const noexcept { return m_error; }
    [[nodiscard]] int progressValue() const noexcept { return m_progressValue; }
    [[nodiscard]] const QString& progressText() const noexcept { return m_progressText; }

  public slots:
    /// Asks the task to stop: the token is what the core function polls; cancelling the future
    /// as well skips a task still queued in the thread pool.
    void cancel();

  signals:
    void progressChanged(int value, const QString& text);
    /// Emitted once, after the success handler (if any) ran.
    void finished(microseg::ui::Job::Outcome outcome);

  protected:
    Job(QString label, core::CancelToken token, QObject* parent);
    void watch(const QFuture<void>& future);
    /// Called on the GUI thread when the future has finished: returns the outcome and, for a
    /// success, hands the value to the typed handler.
    virtual Outcome deliver(core::Error& error) = 0;

    core::CancelToken m_token;

  private:
    void onFinished();

    QString m_label;
    QFutureWatcher<void> m_watcher;
    Outcome m_outcome = Outcome::Running;
    core::Error m_error;
    int m_progressValue = 0;
    QString m_progressText;
};

namespace detail {

/// Lowers the calling worker thread's scheduling priority (once per thread) so that the GUI
/// thread is not kept waiting for a core by jobs.
void yieldToTheGuiThread();

template <typename T> class TypedJob final : public Job {
  public:
    using Task = std::function<core::Result<T>(core::Progress&, const core::CancelToken&)>;
    using SuccessHandler = std::function<void(T&)>;

    TypedJob(QString label, core::CancelToken token, QObject* parent, SuccessHandler onSuccess)
        : Job(std::move(label), std::move(token), parent), m_onSuccess(std::move(onSuccess)) {}

    void start(Task task) {
        // The worker writes its result here; QFuture's finished state orders that write before
        // deliver() reads it on the GUI thread. Shared so that a Job destroyed early does not
        // leave the worker writing into freed memory.
        auto slot = m_result;
        core::CancelToken token = m_token;
        watch(QtConcurrent::run(jobThreadPool(), [task = std::move(task), slot, token](QPromise<void>& promise) {
            yieldToTheGuiThread();
            promise.setProgressRange(0, kProgressMax);
            core::Progress progress([&promise](double fraction, const std::string& text) {
                promise.setProgressValueAndText(static_cast<int>(fraction * kProgressMax),
                                                QString::fromStdString(text));
            });
            try {
                slot->emplace(task(progress, token));
            } catch (const std::exception& e) {
                // The task boundary: a broken precondition inside an algorithm becomes an error
                // value here instead of terminating the application.
                slot->emplace(core::Error{core::ErrorCode::InvalidArgument,
                                          std::string("Internal error: ") + e.what(),
                                          {},
                                          0,
                                          0,
                                          {}});
            }
        }));
    }

  protected:
    Outcome deliver(core::Error& error) override {
        // A task skipped while still queued leaves no result: it was cancelled before it began.
        // A result that arrived is trusted over the token: a Cancel pressed after an import
        // committed must not report "nothing changed".
        if (!m_result->has_value() || (*m_result)->isCancelled())
            return Outcome::Cancelled;
        core::Result<T>& result = **m_result;
        if (!result.ok()) {
            error = result.error();
            return Outcome::Failed;
        }
        if (m_onSuccess)
            m_onSuccess(result.value());
        return Outcome::Succeeded;
    }

  private:
    std::shared_ptr<std::optional<core::Result<T>>> m_result =
        std::make_shared<std::optional<core::Result<T>>>();
    SuccessHandler m_onSuccess;
};

} // namespace detail

/// Starts `task` on the thread pool. `onSuccess` runs on the GUI thread with the value; failures
/// and cancellation arrive through Job::finished. The task must not touch GUI-thread objects (in
/// particular not the GUI's Workspace: a worker opens its own connection). Pass `token` to share
/// a token created beforehand (for example one already cancelled).
template <typename T, typename Task>
Job* runJob(QObject* owner, const QString& label, Task task, std::function<void(T&)> onSuccess = {},
            core::CancelToken token = {}) {
    auto* job = new detail::TypedJob<T>(label, std::move(token), owner, std::move(onSuccess));
    job->start(typename detail::TypedJob<T>::Task(std::move(task)));
    return job;
}

} // namespace microseg::ui
