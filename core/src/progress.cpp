#include "microseg/progress.h"

#include <algorithm>

namespace microseg::core {

void Progress::report(double fraction, const std::string& text) {
    // A progress bar never goes back: nested tasks compute the same point in different ways
    // (base + share * f, done / total) whose last bits can differ.
    fraction = std::clamp(std::max(fraction, m_last), 0.0, 1.0);
    const bool textChanged = !text.empty() && text != m_text;
    if (textChanged)
        m_text = text;
    // Forward only meaningful steps: sinks usually cross threads, and a flood of signals would
    // stall the GUI event loop.
    if (!textChanged && m_last >= 0.0 && fraction - m_last < m_minStep && fraction < 1.0)
        return;
    if (!textChanged && fraction == m_last)
        return;
    m_last = fraction;
    if (m_sink)
        m_sink(fraction, m_text);
}

} // namespace microseg::core
