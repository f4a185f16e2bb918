#pragma once
/// @file progress.h
/// The long-task contract shared by every core operation: a task is a function of
/// (input, options, Progress&, const CancelToken&) returning a result value. Progress is a fraction
/// in [0, 1] with a short text, forwarded to its sink at most about a hundred times a run; the
/// cancel token is polled by the task at loop boundaries (per batch of rows, per iteration).

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace microseg::core {

/// A shared cancellation flag. Copies share the flag, so the UI keeps one copy and the worker
/// polls another. Cancellation is one-way: once cancelled, always cancelled.
class CancelToken {
public:
    CancelToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const noexcept { m_flag->store(true, std::memory_order_relaxed); }
    [[nodiscard]] bool isCancelled() const noexcept {
        return m_flag->load(std::memory_order_relaxed);
    }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

/// Progress reporter that throttles its sink: a report reaches the sink only when the fraction has
/// moved by at least `minStep` since the last forwarded one, or the text changed. The forwarded
/// fraction never decreases (a smaller one is held at the last value).
/// A default-constructed Progress discards everything (for callers that do not care).
class Progress {
public:
    using Sink = std::function<void(double fraction, const std::string& text)>;

    Progress() = default;
    explicit Progress(Sink sink, double minStep = 0.01) : m_sink(std::move(sink)), m_minStep(minStep) {}

    /// Report `fraction` (clamped to [0, 1]); `text` empty keeps the previous text.
    void report(double fraction, const std::string& text = {});
    [[nodiscard]] double fraction() const noexcept { return m_last; }

private:
    Sink m_sink;
    double m_minStep = 0.01;
    double m_last = -1.0;
    std::string m_text;
};

} // namespace microseg::core
