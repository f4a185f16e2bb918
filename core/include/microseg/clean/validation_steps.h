#pragma once
/// @file validation_steps.h
/// Validation rules (registered by registerValidationSteps): validate_email, validate_phone,
/// validate_range, validate_required, validate_regex, validate_cross_field. Each finds violations
/// and, by its "action", flags them in a column ("flag", the default: the flag column, by default
/// "quality_issues", gets "column: reason", several reasons joined by "; "), fixes them ("fix":
/// the rule's fix, or missing when there is none) or drops their rows ("drop"). Counts per rule
/// and column are in the step report. Empty values are not violations except for
/// validate_required.

#include <optional>
#include <string>
#include <string_view>

namespace microseg::core::clean {

/// The shape of an e-mail address: the WHATWG HTML "valid e-mail address" production
/// (https://html.spec.whatwg.org/#valid-e-mail-address) with at least one dot in the domain.
bool isEmailShape(std::string_view text);
/// Fix for an e-mail: spaces and "mailto:" removed, lower case; nullopt if still not a shape.
std::optional<std::string> fixEmail(std::string_view text);

/// The shape of a phone number: an optional leading "+" (or "00"), then 7 to 15 digits (E.164's
/// maximum) with spaces, dots, hyphens, slashes and one pair of parentheses between them.
bool isPhoneShape(std::string_view text);
/// Fix for a text that is not phone-shaped: every character but the digits removed, "+" kept in
/// front when it started with "+" or "00"; nullopt unless 7 to 15 digits remain.
std::optional<std::string> fixPhone(std::string_view text);

} // namespace microseg::core::clean
