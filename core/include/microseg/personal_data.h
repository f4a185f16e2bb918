#pragma once
/// @file personal_data.h
/// Finds columns that hold personal data (email addresses, phone numbers, people's names, postal
/// addresses) and masks their values for presentation mode, where a screen is shown to a room.
///
/// A column is classified by its header (common names in English, German, French, Spanish,
/// Italian and Dutch, split into words so that `EmailAddress`, `e-mail` and `first_name` match
/// but `PhoneService` or `ProductName` do not) and confirmed or found by sampling its values
/// (the shape of an email address or a phone number). A header match whose values plainly are
/// something else (a "Name" column of numbers) is dropped. Masking is deterministic: the same
/// value always gives the same mask, so grouped values still line up on screen.

#include <string>
#include <string_view>
#include <vector>

namespace microseg::core {

enum class PersonalDataKind { None, Email, Phone, PersonName, PostalAddress };

/// "email", "phone", "person name", "postal address" or "none".
std::string personalDataKindName(PersonalDataKind kind);

/// What the header alone suggests.
PersonalDataKind classifyHeader(std::string_view header);

/// `local@domain.tld` with one `@`, a dot in the domain and no spaces.
bool looksLikeEmail(std::string_view value);
/// 7 to 15 digits with phone punctuation (`+`, spaces, `-`, `.`, `/`, parentheses), written like
/// a phone number: a leading `+` or `00`, or a leading `0` or `(` with separators. Dates,
/// times and plain numbers (`04-09-2012`, `2010-12-01 09:41`, `123456789`) are not phones.
bool looksLikePhone(std::string_view value);

/// The kind of a column from its header and a sample of its non-empty values (may be empty:
/// then the header decides). Content alone classifies a column as email when at least 80 % of
/// the sampled values look like email addresses, as phone likewise; a header match needs half of
/// the values to fit (emails and phones by shape, names and addresses by being mostly letters).
PersonalDataKind classifyColumn(std::string_view header, const std::vector<std::string>& sample);

/// `john.doe@example.com` -> `j***@e***.com`.
std::string maskEmail(std::string_view value);
/// Keeps a leading `+` with the country code and the last two digits; other digits become `*`
/// in groups that keep the original punctuation: `+49 30 1234 5612` -> `+49 ** **** **12`.
std::string maskPhone(std::string_view value);
/// Initials: `John Doe` -> `J. D.`, `Doe, John` -> `D. J.`, `Émile Zola` -> `É. Z.`.
std::string maskPersonName(std::string_view value);
/// Words keep their first letter, words with digits (house numbers, postcodes) are hidden:
/// `221B Baker Street, London NW1` -> `*** B*** S***, L*** ***`.
std::string maskPostalAddress(std::string_view value);
/// The mask for `kind` (None returns the value unchanged).
std::string maskPersonalValue(PersonalDataKind kind, std::string_view value);
/// Masks email addresses written inside free text (`call me at a@b.com` -> `call me at
/// a***@b***.com`); other text is unchanged.
std::string maskEmbeddedEmails(std::string_view text);

} // namespace microseg::core
