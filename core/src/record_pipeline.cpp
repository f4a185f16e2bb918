#include "record_pipeline.h"

namespace microseg::core {
namespace {
constexpr std::size_t kRowsPerBatch = 2048;
// A batch also ends at this much text, so rows with huge fields (a 4 MiB cell is legal) keep
// the data in flight bounded (queue depth x this) and the uint32 offsets far from overflow.
constexpr std::size_t kMaxBatchBytes = std::size_t{16} << 20;
constexpr std::size_t kQueueDepth = 4;  // bounds memory: a few batches in flight
} // namespace

RecordPipeline::RecordPipeline(CsvReader& reader) : m_reader(reader) {
    m_thread = std::thread([this] { produce(); });
}

RecordPipeline::~RecordPipeline() { stop(); }

void RecordPipeline::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void RecordPipeline::produce() {
    CsvRecord record;
    std::int64_t rowsSeen = 0;
    bool carried = false;  // `record` was read but belongs to the next batch (the table widened)
    bool more = true;
    while (more) {
        RowBatch batch;
        batch.width = m_reader.columnNames().size();
        batch.arena.reserve(256 * 1024);
        batch.ends.reserve(kRowsPerBatch * batch.width);
        batch.lines.reserve(kRowsPerBatch);
        while (batch.rows() < kRowsPerBatch && batch.arena.size() < kMaxBatchBytes) {
            if (!carried && !(more = m_reader.next(record)))
                break;
            carried = false;
            if (record.fields.size() != batch.width) {
                if (batch.rows() > 0) {
                    carried = true;
                    break;
                }
                batch.width = record.fields.size();
            }
            if (m_inferrers.size() < record.fields.size()) {
                const std::size_t old = m_inferrers.size();
                m_inferrers.resize(record.fields.size());
                for (std::size_t i = old; i < m_inferrers.size(); ++i)
                    m_inferrers[i].addMissing(rowsSeen);
            }
            for (std::size_t i = 0; i < record.fields.size(); ++i) {
                m_inferrers[i].add(record.fields[i]);
                batch.arena += record.fields[i];
                batch.ends.push_back(static_cast<std::uint32_t>(batch.arena.size()));
            }
            batch.lines.push_back(record.line);
            ++rowsSeen;
        }
        batch.names = m_reader.columnNames();
        m_fraction.store(m_reader.fractionRead());
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_queue.size() < kQueueDepth || m_stopRequested; });
        if (m_stopRequested)
            break;
        if (batch.rows() > 0)
            m_queue.push_back(std::move(batch));
        lock.unlock();
        m_changed.notify_all();
    }
    if (m_inferrers.size() < m_reader.columnNames().size())
        m_inferrers.resize(m_reader.columnNames().size());
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_changed.notify_all();
}

bool RecordPipeline::next(RowBatch& batch) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_queue.empty() || m_finished; });
    if (m_queue.empty())
        return false;
    batch = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    m_changed.notify_all();
    return true;
}

} // namespace microseg::core
