#include "byte_source.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace microseg::core {
namespace {

class FileSource final : public ByteSource {
public:
    FileSource(std::FILE* file, std::uint64_t size, const std::string& name)
        : m_file(file), m_size(size) {
        m_name = name;
    }
    ~FileSource() override { std::fclose(m_file); }
    std::size_t read(char* buffer, std::size_t n) override {
        const std::size_t got = std::fread(buffer, 1, n, m_file);
        m_consumed += got;
        return got;
    }
    [[nodiscard]] std::uint64_t size() const override { return m_size; }

private:
    std::FILE* m_file;
    std::uint64_t m_size;
};

class MemorySource final : public ByteSource {
public:
    MemorySource(std::string bytes, const std::string& name) : m_bytes(std::move(bytes)) {
        m_name = name;
    }
    std::size_t read(char* buffer, std::size_t n) override {
        const std::size_t got = std::min<std::size_t>(n, m_bytes.size() - m_consumed);
        std::memcpy(buffer, m_bytes.data() + m_consumed, got);
        m_consumed += got;
        return got;
    }
    [[nodiscard]] std::uint64_t size() const override { return m_bytes.size(); }

private:
    std::string m_bytes;
};

} // namespace

Result<std::unique_ptr<ByteSource>> openFileSource(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        return Error{ErrorCode::FileNotFound, "The file does not exist.", path, 0, 0, {}};
    if (std::filesystem::is_directory(status))
        return Error{ErrorCode::FileUnreadable, "This is a folder, not a file.", path, 0, 0, {}};
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return Error{ErrorCode::FileUnreadable,
                     std::string("The file cannot be read: ") + std::strerror(errno) + ".", path,
                     0, 0, {}};
    const auto size = std::filesystem::file_size(path, ec);
    return std::unique_ptr<ByteSource>(
        std::make_unique<FileSource>(file, ec ? 0 : static_cast<std::uint64_t>(size), path));
}

std::unique_ptr<ByteSource> memorySource(std::string bytes, const std::string& name) {
    return std::make_unique<MemorySource>(std::move(bytes), name);
}

} // namespace microseg::core
