#pragma once
// Runs a CsvReader on a producer thread: records are parsed, decoded, hashed and typed there,
// packed into batches, and handed through a small bounded queue to the consumer (the thread that
// owns the SQLite connection). On two cores this overlaps parsing with inserting.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "microseg/column_type.h"
#include "microseg/csv_reader.h"

namespace microseg::core {

/// Rows packed into one string: field f of row r is arena[ends[r*w+f-1] .. ends[r*w+f]).
struct RowBatch {
    std::size_t width = 0;               ///< fields per row in this batch
    std::vector<std::string> names;      ///< the reader's column names when the batch was made
    std::string arena;
    std::vector<std::uint32_t> ends;
    std::vector<std::int64_t> lines;     ///< physical line of each row
    [[nodiscard]] std::size_t rows() const { return lines.size(); }
    [[nodiscard]] std::string_view field(std::size_t row, std::size_t column) const {
        const std::size_t index = row * width + column;
        const std::uint32_t begin = index == 0 ? 0 : ends[index - 1];
        return std::string_view(arena).substr(begin, ends[index] - begin);
    }
};

class RecordPipeline {
public:
    explicit RecordPipeline(CsvReader& reader);
    ~RecordPipeline();  ///< stops and joins the producer
    RecordPipeline(const RecordPipeline&) = delete;
    RecordPipeline& operator=(const RecordPipeline&) = delete;

    /// Waits for the next batch; false when the reader is exhausted.
    bool next(RowBatch& batch);
    /// Asks the producer to stop early (cancel or failure) and waits for it.
    void stop();
    /// Type inference per column; valid once next() returned false (the producer has finished).
    [[nodiscard]] const std::vector<ColumnTypeInferrer>& inferrers() const { return m_inferrers; }
    /// Fraction of the file read by the producer.
    [[nodiscard]] double fractionRead() const noexcept { return m_fraction.load(); }

private:
    void produce();

    CsvReader& m_reader;
    std::vector<ColumnTypeInferrer> m_inferrers;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<RowBatch> m_queue;
    bool m_finished = false;
    bool m_stopRequested = false;
    std::atomic<double> m_fraction{0.0};
    std::thread m_thread;
};

} // namespace microseg::core
