#pragma once
/// @file text_steps.h
/// Text steps (registered by registerTextSteps): trim, collapse_spaces, change_case,
/// normalize_unicode, remove_invisible, regex_replace, split_column, merge_columns. The value
/// functions below are what the cell steps apply; each returns its input unchanged when there is
/// nothing to do. Unicode case mapping and normalisation use Qt (QString::toUpper/toLower,
/// QString::normalized, Unicode Standard Annex #15 for the normal forms).

#include <string>
#include <string_view>

namespace microseg::core::clean {

/// Removes white space at both ends: ASCII blanks and Unicode spaces (NBSP U+00A0, U+2000..U+200A,
/// U+202F, U+205F, U+3000, ...).
std::string trimText(std::string_view text);
/// Replaces each run of (Unicode) white space, tabs and line breaks with one ASCII space.
std::string collapseSpaces(std::string_view text);

enum class TextCase { Upper, Lower, Title };
/// Title: the first letter of each word upper case, the rest lower ("o'neil-smith" -> "O'neil-Smith":
/// a word starts after a space or hyphen).
std::string changeCase(std::string_view text, TextCase mode);

enum class NormalForm { Nfc, Nfd, Nfkc, Nfkd };
std::string normalizeUnicode(std::string_view text, NormalForm form = NormalForm::Nfc);

/// Removes characters that print as nothing: zero-width space/joiners (U+200B..U+200D), word
/// joiner U+2060, BOM U+FEFF, soft hyphen U+00AD, bidi marks and embeddings (U+200E, U+200F,
/// U+202A..U+202E, U+2066..U+2069), C0 controls except tab, LF and CR, DEL and C1 controls.
std::string removeInvisible(std::string_view text);

} // namespace microseg::core::clean
