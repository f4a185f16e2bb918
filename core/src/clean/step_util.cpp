// Building blocks of the built-in steps.
#include "step_util.h"

namespace microseg::core::clean::detail {

Result<CleanColumn> mapColumn(const CleanColumn& column, const TextChange& change,
                              Progress& progress, double from, double to, const CancelToken& cancel) {
    CleanColumn out{column.name, column.type, {}};
    out.cells.reserve(column.cells.size());
    std::string buffer;
    const std::size_t rows = column.cells.size();
    for (std::size_t r = 0; r < rows; ++r) {
        if (r % kCancelEvery == 0 && r > 0) {
            if (cancel.isCancelled())
                return cancelledError();
            progress.report(from + (to - from) * double(r) / double(rows));
        }
        const Cell& cell = column.cells[r];
        if (cell && change(*cell, buffer))
            out.cells.emplace_back(buffer);
        else
            out.cells.push_back(cell);
    }
    return out;
}

Result<std::unique_ptr<Step>> makeCellStep(std::vector<std::string> columns, TextChange change) {
    return makeStep([columns = std::move(columns), change = std::move(change)](
                        const CleanTable& table, Progress& progress,
                        const CancelToken& cancel) -> Result<StepResult> {
        StepResult result;
        const double n = double(columns.size());
        for (std::size_t i = 0; i < columns.size(); ++i) {
            auto mapped = mapColumn(*table.find(columns[i]), change, progress, double(i) / n,
                                    double(i + 1) / n, cancel);
            if (!mapped)
                return mapped.error();
            result.replaced.push_back(std::move(mapped.value()));
        }
        return result;
    });
}

void addStep(StepRegistry& registry, StepTypeInfo info) {
    (void)registry.add(std::move(info));
}

Result<std::vector<std::string>> stringListParam(const QJsonObject& params, const char* name,
                                                 bool required) {
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull()) {
        if (required)
            return Error{ErrorCode::InvalidArgument,
                         std::string("parameter \"") + name + "\" is required (a list of texts).", {}, 0, 0, {}};
        return std::vector<std::string>{};
    }
    if (!value.isArray())
        return Error{ErrorCode::InvalidArgument,
                     std::string("parameter \"") + name + "\" must be a list of texts.", {}, 0, 0, {}};
    std::vector<std::string> list;
    for (const QJsonValue& item : value.toArray()) {
        if (!item.isString())
            return Error{ErrorCode::InvalidArgument,
                         std::string("parameter \"") + name + "\" must hold only texts.", {}, 0, 0, {}};
        list.push_back(item.toString().toStdString());
    }
    return list;
}

char32_t nextCodePoint(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char first = byte(i);
    if (first < 0x80) {
        ++i;
        return first;
    }
    int length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0;
    if (length == 0 || i + std::size_t(length) > text.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t code = first & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
        const unsigned char next = byte(i + std::size_t(k));
        if ((next & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        code = (code << 6) | (next & 0x3F);
    }
    i += std::size_t(length);
    return code;
}

void appendUtf8(std::string& out, char32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

bool isAscii(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

bool isUnicodeSpace(char32_t code) {
    return code == ' ' || (code >= 0x09 && code <= 0x0D) || code == 0x85 || code == 0xA0 ||
           code == 0x1680 || (code >= 0x2000 && code <= 0x200A) || code == 0x2028 ||
           code == 0x2029 || code == 0x202F || code == 0x205F || code == 0x3000;
}

void appendFlag(Cell& cell, std::string_view text) {
    if (!cell || cell->empty())
        cell = std::string(text);
    else
        *cell += "; " + std::string(text);
}

} // namespace microseg::core::clean::detail
