#include "job.h"

namespace microseg::ui {

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
