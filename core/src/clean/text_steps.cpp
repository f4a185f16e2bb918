// Text steps: whitespace, case, Unicode normalisation, invisible characters, regex replace.
// (split_column and merge_columns are in text_column_steps.cpp.)
#include "microseg/clean/text_steps.h"

#include <QRegularExpression>
#include <QString>

#include "step_util.h"

namespace microseg::core::clean {
using namespace detail;

std::string trimText(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    // Leading: decode forwards.
    while (begin < end) {
        std::size_t next = begin;
        if (!isUnicodeSpace(nextCodePoint(text, next)))
            break;
        begin = next;
    }
    // Trailing: step back over continuation bytes to the start of the last code point.
    while (end > begin) {
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        std::size_t next = start;
        if (!isUnicodeSpace(nextCodePoint(text, next)) || next != end)
            break;
        end = start;
    }
    return std::string(text.substr(begin, end - begin));
}

std::string collapseSpaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool inSpace = false;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const char32_t code = nextCodePoint(text, i);
        if (isUnicodeSpace(code)) {
            if (!inSpace)
                out += ' ';
            inSpace = true;
        } else {
            out.append(text.substr(start, i - start));
            inSpace = false;
        }
    }
    return out;
}

std::string changeCase(std::string_view text, TextCase mode) {
    if (mode != TextCase::Title && isAscii(text)) {
        std::string out(text);
        for (char& c : out)
            c = mode == TextCase::Upper ? (c >= 'a' && c <= 'z' ? char(c - 32) : c)
                                        : (c >= 'A' && c <= 'Z' ? char(c + 32) : c);
        return out;
    }
    const QString value = QString::fromUtf8(text.data(), qsizetype(text.size()));
    if (mode == TextCase::Upper)
        return value.toUpper().toStdString();
    if (mode == TextCase::Lower)
        return value.toLower().toStdString();
    QString out = value.toLower();
    bool wordStart = true;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const QChar c = out[i];
        if (c.isSpace() || c == u'-') {
            wordStart = true;
        } else if (wordStart && c.isLetter()) {
            out[i] = c.toUpper();  // BMP letters only; title case beyond the BMP is left lower
            wordStart = false;
        } else if (c.isLetterOrNumber()) {
            wordStart = false;
        }
    }
    return out.toStdString();
}

std::string normalizeUnicode(std::string_view text, NormalForm form) {
    if (isAscii(text))
        return std::string(text);  // ASCII is invariant under every normal form
    const QString::NormalizationForm qtForm =
        form == NormalForm::Nfc    ? QString::NormalizationForm_C
        : form == NormalForm::Nfd  ? QString::NormalizationForm_D
        : form == NormalForm::Nfkc ? QString::NormalizationForm_KC
                                   : QString::NormalizationForm_KD;
    return QString::fromUtf8(text.data(), qsizetype(text.size())).normalized(qtForm).toStdString();
}

namespace {

bool isInvisible(char32_t c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F) ||
           c == 0xAD || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           c == 0x2060 || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

} // namespace

std::string removeInvisible(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        if (!isInvisible(nextCodePoint(text, i)))
            out.append(text.substr(start, i - start));
    }
    return out;
}

namespace {

/// A cell change from a value function.
TextChange fromFunction(std::string (*function)(std::string_view)) {
    return [function](std::string_view in, std::string& out) {
        out = function(in);
        return out != in;
    };
}

Result<std::unique_ptr<Step>> createTrim(const RecipeStep& step) {
    return makeCellStep(step.columns, [](std::string_view in, std::string& out) {
        if (in.empty())
            return false;
        const auto edge = [](unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D) || c >= 0x80; };
        if (!edge(static_cast<unsigned char>(in.front())) && !edge(static_cast<unsigned char>(in.back())))
            return false;  // fast path: nothing at either end can be white space
        out = trimText(in);
        return out.size() != in.size();
    });
}

Result<std::unique_ptr<Step>> createCase(const RecipeStep& step) {
    auto mode = choiceParam(step.params, "mode", {"upper", "lower", "title"}, "");
    if (!mode)
        return mode.error();
    if (mode.value().empty())
        return Error{ErrorCode::InvalidArgument, "parameter \"mode\" is required (upper, lower or title).", {}, 0, 0, {}};
    const TextCase textCase = mode.value() == "upper"   ? TextCase::Upper
                              : mode.value() == "lower" ? TextCase::Lower
                                                        : TextCase::Title;
    return makeCellStep(step.columns, [textCase](std::string_view in, std::string& out) {
        out = changeCase(in, textCase);
        return out != in;
    });
}

Result<std::unique_ptr<Step>> createNormalize(const RecipeStep& step) {
    auto form = choiceParam(step.params, "form", {"NFC", "NFD", "NFKC", "NFKD"}, "NFC");
    if (!form)
        return form.error();
    const NormalForm normal = form.value() == "NFC"   ? NormalForm::Nfc
                              : form.value() == "NFD" ? NormalForm::Nfd
                              : form.value() == "NFKC" ? NormalForm::Nfkc
                                                       : NormalForm::Nfkd;
    return makeCellStep(step.columns, [normal](std::string_view in, std::string& out) {
        if (isAscii(in))
            return false;
        out = normalizeUnicode(in, normal);
        return out != in;
    });
}

Result<std::unique_ptr<Step>> createRegexReplace(const RecipeStep& step) {
    auto pattern = requiredStringParam(step.params, "pattern");
    if (!pattern)
        return pattern.error();
    auto replacement = stringParam(step.params, "replacement", "");
    auto ignoreCase = boolParam(step.params, "ignore_case", false);
    if (!replacement)
        return replacement.error();
    if (!ignoreCase)
        return ignoreCase.error();
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (ignoreCase.value())
        options |= QRegularExpression::CaseInsensitiveOption;
    QRegularExpression regex(QString::fromStdString(pattern.value()), options);
    if (!regex.isValid())
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"pattern\" is not a valid regular expression: " +
                         regex.errorString().toStdString() + " at offset " +
                         std::to_string(regex.patternErrorOffset()) + ".",
                     {}, 0, 0, pattern.value()};
    const int groups = regex.captureCount();
    const QString after = QString::fromStdString(replacement.value());
    // A back-reference to a group the pattern does not have would silently insert nothing.
    for (qsizetype i = 0; i + 1 < after.size(); ++i)
        if (after[i] == u'\\' && after[i + 1].isDigit()) {
            const int group = after[i + 1].digitValue();
            if (group > groups)
                return Error{ErrorCode::InvalidArgument,
                             "parameter \"replacement\" refers to group \\" + std::to_string(group) +
                                 " but the pattern has " + std::to_string(groups) + " capture group" +
                                 (groups == 1 ? "" : "s") + ".",
                             {}, 0, 0, replacement.value()};
            ++i;
        }
    regex.optimize();
    return makeCellStep(step.columns, [regex, after](std::string_view in, std::string& out) {
        QString value = QString::fromUtf8(in.data(), qsizetype(in.size()));
        if (!regex.match(value).hasMatch())
            return false;
        value.replace(regex, after);
        out = value.toStdString();
        return out != in;
    });
}

} // namespace

void registerTextColumnSteps(StepRegistry& registry);  // text_column_steps.cpp

void registerTextSteps(StepRegistry& registry) {
    addStep(registry, {"trim", "Trim spaces", "text",
                       "Removes white space (also non-breaking and other Unicode spaces) at both ends.",
                       1, -1, {}, createTrim});
    addStep(registry, {"collapse_spaces", "Collapse spaces", "text",
                       "Replaces each run of spaces, tabs and line breaks with one space.", 1, -1, {},
                       [](const RecipeStep& step) {
                           return makeCellStep(step.columns, [](std::string_view in, std::string& out) {
                               // Fast path: no run of two blanks, no tab or line break, ASCII only.
                               bool maybe = false;
                               for (std::size_t i = 0; i < in.size() && !maybe; ++i) {
                                   const auto c = static_cast<unsigned char>(in[i]);
                                   maybe = c >= 0x80 || (c >= 0x09 && c <= 0x0D) ||
                                           (c == ' ' && i + 1 < in.size() && in[i + 1] == ' ');
                               }
                               if (!maybe)
                                   return false;
                               out = collapseSpaces(in);
                               return out != in;
                           });
                       }});
    addStep(registry, {"change_case", "Change case", "text",
                       "Upper, lower or title case (Unicode-aware).", 1, -1,
                       {param("mode", "choice", "upper, lower or title", "", true, {"upper", "lower", "title"})},
                       createCase});
    addStep(registry, {"normalize_unicode", "Normalise Unicode", "text",
                       "Unicode normal form (NFC by default): one encoding for each accented letter.",
                       1, -1, {param("form", "choice", "NFC, NFD, NFKC or NFKD", "NFC", false, {"NFC", "NFD", "NFKC", "NFKD"})},
                       createNormalize});
    addStep(registry, {"remove_invisible", "Remove invisible characters", "text",
                       "Removes zero-width characters, byte-order marks, soft hyphens, bidi marks and control characters.",
                       1, -1, {}, [](const RecipeStep& step) { return makeCellStep(step.columns, fromFunction(removeInvisible)); }});
    addStep(registry, {"regex_replace", "Find and replace (regex)", "text",
                       "Replaces every match of a regular expression (PCRE); \\1..\\9 in the replacement insert capture groups.",
                       1, -1,
                       {param("pattern", "string", "regular expression", "", true),
                        param("replacement", "string", "replacement text, \\1 for the first group", ""),
                        param("ignore_case", "boolean", "match regardless of case", "false")},
                       createRegexReplace});
    registerTextColumnSteps(registry);
}

} // namespace microseg::core::clean
