#include "job.h"

#include <QThread>
#include <QThreadPool>
#include <algorithm>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace microseg::ui {

QThreadPool* jobThreadPool() {
    static QThreadPool* pool = [] {
        auto* created = new QThreadPool; // lives as long as the process, like the global pool
        created->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
        created->setObjectName(QStringLiteral("microseg-jobs"));
        return created;
    }();
    return pool;
}

namespace detail {

void yieldToTheGuiThread() {
#ifdef __linux__
    // Nice 10 for this worker thread only (Linux nice values are per thread): the GUI thread,
    // at 0, then wins the core whenever it has something to do, while a job still gets its
    // share against other programs (SCHED_IDLE, Qt's IdlePriority, would starve it instead).
    thread_local const bool lowered = [] {
        return setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10) == 0;
    }();
    (void)lowered;
#endif
}

} // namespace detail

Job::Job(QString label, core::CancelToken token, QObject* parent)
    : QObject(parent), m_token(std::move(token)), m_label(std::move(label)) {
    connect(&m_watcher, &QFutureWatcher<void>::progressValueChanged, this, [this](int value) {
        m_progressValue = value;
        emit progressChanged(m_progressValue, m_progressText);
    });
    connect(&m_watcher, &QFutureWatcher<void>::progressTextChanged, this,
            [this](const QString& text) {
                m_progressText = text;
                emit progressChanged(m_progressValue, m_progressText);
            });
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, &Job::onFinished);
}

Job::~Job() {
    // The owner is going away (page closed, workspace switched): stop the worker soon. It only
    // holds shared state, so it may finish after this object is gone.
    if (isRunning())
        cancel();
}

void Job::cancel() {
    if (!isRunning())
        return;
    m_token.cancel();
    m_watcher.future().cancel();
}

void Job::watch(const QFuture<void>& future) {
    m_watcher.setFuture(future);
}

void Job::onFinished() {
    if (!isRunning())
        return;
    m_outcome = deliver(m_error);
    emit finished(m_outcome);
}

} // namespace microseg::ui
