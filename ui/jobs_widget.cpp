#include "jobs_widget.h"

#include "error_dialog.h"
#include "job.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace microseg::ui {

JobsWidget::JobsWidget(QWidget* parent) : QWidget(parent), m_layout(new QHBoxLayout(this)) {
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(16);
    setVisible(false);
}

void JobsWidget::addJob(Job* job) {
    auto* entry = new QWidget(this);
    entry->setObjectName(QStringLiteral("jobEntry"));
    auto* layout = new QHBoxLayout(entry);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    auto* label = new QLabel(job->label(), entry);
    label->setMinimumWidth(260); // steady width while the progress text changes
    auto* bar = new QProgressBar(entry);
    // A busy indicator until the task reports real progress (some report none at all).
    bar->setRange(0, job->progressValue() > 0 ? Job::kProgressMax : 0);
    bar->setValue(job->progressValue());
    bar->setFixedWidth(140);
    bar->setTextVisible(false);
    auto* cancel = new QToolButton(entry);
    cancel->setText(tr("Cancel"));
    cancel->setObjectName(QStringLiteral("cancelJobButton"));
    cancel->setToolTip(tr("Stop \"%1\"; nothing is changed").arg(job->label()));
    layout->addWidget(label);
    layout->addWidget(bar);
    layout->addWidget(cancel);

    connect(cancel, &QToolButton::clicked, job, [job, cancel] {
        cancel->setEnabled(false);
        job->cancel();
    });
    connect(job, &Job::progressChanged, bar, [job, label, bar](int value, const QString& text) {
        if (value > 0 && bar->maximum() == 0)
            bar->setRange(0, Job::kProgressMax);
        bar->setValue(value);
        label->setText(text.isEmpty() ? job->label() : job->label() + QStringLiteral(": ") + text);
    });
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        removeJob(job);
        switch (outcome) {
        case Job::Outcome::Cancelled:
            emit statusMessage(tr("Cancelled"), 5000);
            break;
        case Job::Outcome::Failed:
            showErrorDialog(window(), tr("%1 failed").arg(job->label()), job->error());
            break;
        case Job::Outcome::Succeeded:
            emit statusMessage(tr("%1: done").arg(job->label()), 4000);
            break;
        case Job::Outcome::Running:
            break;
        }
    });
    // A job destroyed while running (its owner went away) must not leave a dead entry behind.
    connect(job, &QObject::destroyed, this, [this, job] { removeJob(job); });

    m_entries.insert(job, entry);
    m_layout->addWidget(entry);
    setVisible(true);
    emit runningCountChanged(runningCount());
}

void JobsWidget::cancelAll() {
    const QList<Job*> jobs = m_entries.keys();
    for (Job* job : jobs)
        job->cancel();
}

void JobsWidget::removeJob(Job* job) {
    QWidget* entry = m_entries.take(job);
    if (!entry)
        return;
    entry->deleteLater();
    setVisible(!m_entries.isEmpty());
    emit runningCountChanged(runningCount());
}

} // namespace microseg::ui
