// Job: the three outcomes (success, failure, cancellation), progress, and the task boundary.
#include "job.h"
#include "jobs_widget.h"
#include "ui_test_util.h"

#include <QSignalSpy>
#include <QToolButton>
#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
#include <stdexcept>
#include <thread>

namespace microseg::ui {
namespace {

using core::CancelToken;
using core::Progress;
using core::Result;

bool waitFinished(Job* job) {
    return test::waitFor([job] { return !job->isRunning(); }, 5000);
}

TEST(Job, SuccessHandsTheValueToTheHandlerAndReportsProgress) {
    QObject owner;
    int received = 0;
    Job* job = runJob<int>(
        &owner, QStringLiteral("answer"),
        [](Progress& progress, const CancelToken&) -> Result<int> {
            progress.report(0.5, "half way");
            return 42;
        },
        std::function<void(int&)>([&received](int& value) { received = value; }));
    QSignalSpy finished(job, &Job::finished);
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Succeeded);
    EXPECT_EQ(received, 42);
    ASSERT_EQ(finished.count(), 1);
    EXPECT_EQ(finished.front().front().value<Job::Outcome>(), Job::Outcome::Succeeded);
    EXPECT_EQ(job->progressValue(), 500);
    EXPECT_EQ(job->progressText(), QStringLiteral("half way"));
}

TEST(Job, TokenCancelledUpFrontGivesCancelledAndNoValue) {
    QObject owner;
    CancelToken token;
    token.cancel();
    bool handlerCalled = false;
    std::atomic<bool> sawCancel{false};
    Job* job = runJob<int>(
        &owner, QStringLiteral("cancelled"),
        [&sawCancel](Progress&, const CancelToken& cancel) -> Result<int> {
            if (cancel.isCancelled()) {
                sawCancel = true;
                return core::cancelledError();
            }
            return 1;
        },
        std::function<void(int&)>([&handlerCalled](int&) { handlerCalled = true; }), token);
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Cancelled);
    EXPECT_TRUE(sawCancel);
    EXPECT_FALSE(handlerCalled);
}

TEST(Job, ErrorBecomesFailedWithTheError) {
    QObject owner;
    Job* job = runJob<int>(
        &owner, QStringLiteral("failing"), [](Progress&, const CancelToken&) -> Result<int> {
            return core::Error{core::ErrorCode::FileNotFound, "No such file.", "x.csv", 0, 0, {}};
        });
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Failed);
    EXPECT_EQ(job->error().code, core::ErrorCode::FileNotFound);
    EXPECT_EQ(job->error().toString(), "x.csv: No such file.");
}

TEST(Job, CancelStopsARunningTask) {
    QObject owner;
    std::atomic<bool> started{false};
    Job* job = runJob<int>(&owner, QStringLiteral("long"),
                           [&started](Progress&, const CancelToken& cancel) -> Result<int> {
                               started = true;
                               const auto deadline =
                                   std::chrono::steady_clock::now() + std::chrono::seconds(5);
                               while (!cancel.isCancelled()) {
                                   if (std::chrono::steady_clock::now() > deadline)
                                       return 0; // not cancelled: the test fails below
                                   std::this_thread::sleep_for(std::chrono::milliseconds(1));
                               }
                               return core::cancelledError();
                           });
    ASSERT_TRUE(test::waitFor([&started] { return started.load(); }));
    job->cancel();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Cancelled);
}

TEST(Job, ExceptionInTheTaskBecomesAFailure) {
    QObject owner;
    Job* job = runJob<int>(&owner, QStringLiteral("throwing"),
                           [](Progress&, const CancelToken&) -> Result<int> {
                               throw std::runtime_error("broken precondition");
                           });
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Failed);
    EXPECT_NE(job->error().message.find("broken precondition"), std::string::npos);
}

TEST(JobsWidget, ListsARunningJobAndItsCancelButtonCancelsIt) {
    JobsWidget jobs;
    QObject owner;
    Job* job = runJob<int>(
        &owner, QStringLiteral("waiting"), [](Progress&, const CancelToken& cancel) -> Result<int> {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (!cancel.isCancelled() && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return core::cancelledError();
        });
    QSignalSpy messages(&jobs, &JobsWidget::statusMessage);
    jobs.addJob(job);
    EXPECT_EQ(jobs.runningCount(), 1);
    EXPECT_FALSE(jobs.isHidden());
    auto* cancel = jobs.findChild<QToolButton*>(QStringLiteral("cancelJobButton"));
    ASSERT_NE(cancel, nullptr);
    cancel->click();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(job->outcome(), Job::Outcome::Cancelled);
    EXPECT_EQ(jobs.runningCount(), 0);
    EXPECT_TRUE(jobs.isHidden());
    ASSERT_EQ(messages.count(), 1);
    EXPECT_EQ(messages.front().front().toString(), QStringLiteral("Cancelled"));
}

} // namespace
} // namespace microseg::ui
