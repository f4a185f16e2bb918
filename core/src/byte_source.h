#pragma once
// Where the CSV reader's bytes come from: a file read in chunks, or bytes in memory.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "microseg/error.h"

namespace microseg::core {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Reads up to `n` bytes into `buffer`; returns 0 at the end.
    virtual std::size_t read(char* buffer, std::size_t n) = 0;
    [[nodiscard]] virtual std::uint64_t size() const = 0;
    [[nodiscard]] std::uint64_t consumed() const noexcept { return m_consumed; }
    [[nodiscard]] const std::string& name() const noexcept { return m_name; }

protected:
    std::string m_name;
    std::uint64_t m_consumed = 0;
};

Result<std::unique_ptr<ByteSource>> openFileSource(const std::string& path);
std::unique_ptr<ByteSource> memorySource(std::string bytes, const std::string& name);

} // namespace microseg::core
