// Validation rules: find violations, then flag, fix or drop them (validation_common.cpp).
#include "microseg/clean/validation_steps.h"

#include <QRegularExpression>

#include "validation_common.h"

namespace microseg::core::clean {
using namespace detail;

bool isEmailShape(std::string_view text) {
    static const QRegularExpression shape(
        R"(^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
        R"((?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$)");
    return shape.match(QString::fromUtf8(text.data(), qsizetype(text.size()))).hasMatch();
}

std::optional<std::string> fixEmail(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\t')
            out += (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    if (out.rfind("mailto:", 0) == 0)
        out.erase(0, 7);
    if (isEmailShape(out))
        return out;
    return std::nullopt;
}

namespace {

/// Digits of a phone-shaped text and whether it had an international prefix; nullopt if the
/// text is not phone-shaped.
std::optional<std::pair<std::string, bool>> phoneDigits(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ')
        ++i;
    bool international = false;
    if (i < text.size() && text[i] == '+') {
        international = true;
        ++i;
    } else if (text.substr(i, 2) == "00") {
        international = true;
        i += 2;
    }
    std::string digits;
    int open = 0, pairs = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c == '(') {
            if (open || pairs)
                return std::nullopt;
            open = 1;
        } else if (c == ')') {
            if (!open)
                return std::nullopt;
            open = 0;
            ++pairs;
        } else if (c != ' ' && c != '.' && c != '-' && c != '/') {
            return std::nullopt;
        }
    }
    if (open || digits.size() < 7 || digits.size() > 15)
        return std::nullopt;
    return std::make_pair(digits, international);
}

} // namespace

bool isPhoneShape(std::string_view text) {
    return phoneDigits(text).has_value();
}

std::optional<std::string> fixPhone(std::string_view text) {
    std::string digits;
    bool international = false;
    std::size_t i = text.find_first_not_of(' ');
    if (i == std::string_view::npos)
        return std::nullopt;
    if (text[i] == '+' || text.substr(i, 2) == "00")
        international = true;
    if (text.substr(i, 2) == "00")
        i += 2;
    for (; i < text.size(); ++i)
        if (text[i] >= '0' && text[i] <= '9')
            digits += text[i];
    if (digits.size() < 7 || digits.size() > 15)
        return std::nullopt;
    return (international ? "+" : "") + digits;
}

namespace {

bool blank(const Cell& cell) {
    return !cell || cell->find_first_not_of(" \t") == std::string::npos;
}

Result<std::unique_ptr<Step>> createEmail(const RecipeStep& step) {
    return makeValueRule(step, "email", [](const Cell& cell) -> std::optional<Verdict> {
        if (blank(cell) || isEmailShape(*cell))
            return std::nullopt;
        return Verdict{"not an e-mail address", fixEmail(*cell)};
    });
}

Result<std::unique_ptr<Step>> createPhone(const RecipeStep& step) {
    return makeValueRule(step, "phone", [](const Cell& cell) -> std::optional<Verdict> {
        if (blank(cell) || isPhoneShape(*cell))
            return std::nullopt;
        return Verdict{"not a phone number", fixPhone(*cell)};
    });
}

Result<std::unique_ptr<Step>> createRange(const RecipeStep& step) {
    const QJsonValue minValue = step.params.value("min"), maxValue = step.params.value("max");
    const bool hasMin = !minValue.isUndefined() && !minValue.isNull();
    const bool hasMax = !maxValue.isUndefined() && !maxValue.isNull();
    if (!hasMin && !hasMax)
        return Error{ErrorCode::InvalidArgument, "give parameter \"min\", \"max\" or both.", {}, 0, 0, {}};
    if ((hasMin && !minValue.isDouble()) || (hasMax && !maxValue.isDouble()))
        return Error{ErrorCode::InvalidArgument, "parameters \"min\" and \"max\" must be numbers.", {}, 0, 0, {}};
    const double low = hasMin ? minValue.toDouble() : -HUGE_VAL;
    const double high = hasMax ? maxValue.toDouble() : HUGE_VAL;
    if (low > high)
        return Error{ErrorCode::InvalidArgument, "parameter \"min\" is larger than \"max\".", {}, 0, 0, {}};
    return makeValueRule(step, "range", [low, high](const Cell& cell) -> std::optional<Verdict> {
        if (blank(cell))
            return std::nullopt;
        const auto number = parseNumber(*cell);
        if (!number)
            return Verdict{"not a number", std::nullopt};
        if (*number < low)
            return Verdict{"below " + formatNumber(low), formatNumber(low)};
        if (*number > high)
            return Verdict{"above " + formatNumber(high), formatNumber(high)};
        return std::nullopt;
    });
}

Result<std::unique_ptr<Step>> createRequired(const RecipeStep& step) {
    const bool fix = step.params.value("action").toString() == "fix";
    auto fill = stringParam(step.params, "fill_value", "");
    if (!fill)
        return fill.error();
    if (fix && !step.params.value("fill_value").isString())
        return Error{ErrorCode::InvalidArgument,
                     "action \"fix\" needs parameter \"fill_value\" (the value for missing cells).", {}, 0, 0, {}};
    return makeValueRule(step, "required", [value = fill.value()](const Cell& cell) -> std::optional<Verdict> {
        if (!blank(cell))
            return std::nullopt;
        return Verdict{"missing", Cell(value)};
    });
}

Result<std::unique_ptr<Step>> createRegexRule(const RecipeStep& step) {
    auto pattern = requiredStringParam(step.params, "pattern");
    if (!pattern)
        return pattern.error();
    auto reason = stringParam(step.params, "reason", "does not match " + pattern.value());
    if (!reason)
        return reason.error();
    const QRegularExpression regex(
        QRegularExpression::anchoredPattern(QString::fromStdString(pattern.value())),
        QRegularExpression::UseUnicodePropertiesOption);
    if (!regex.isValid())
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"pattern\" is not a valid regular expression: " +
                         regex.errorString().toStdString() + " at offset " +
                         std::to_string(regex.patternErrorOffset()) + ".",
                     {}, 0, 0, pattern.value()};
    return makeValueRule(step, "regex", [regex, why = reason.value()](const Cell& cell) -> std::optional<Verdict> {
        if (blank(cell) || regex.match(QString::fromStdString(*cell)).hasMatch())
            return std::nullopt;
        return Verdict{why, std::nullopt};
    });
}

} // namespace

void registerCrossFieldSteps(StepRegistry& registry);  // validation_cross_field.cpp

void registerValidationSteps(StepRegistry& registry) {
    const auto common = [](std::vector<ParamInfo> extra) {
        extra.push_back(param("action", "choice", "flag the violations, fix them or drop their rows", "flag",
                              false, {"flag", "fix", "drop"}));
        extra.push_back(param("flag_column", "string", "column that receives the flags", "quality_issues"));
        return extra;
    };
    addStep(registry, {"validate_email", "Check e-mail addresses", "validation",
                       "Values must have the shape of an e-mail address. Fix: spaces and mailto: removed, lower case; "
                       "missing if still invalid.",
                       1, -1, common({}), createEmail});
    addStep(registry, {"validate_phone", "Check phone numbers", "validation",
                       "Values must be phone numbers (optional +, 7 to 15 digits). Fix: the + and digits kept, "
                       "everything else removed; missing if that leaves not 7 to 15 digits.",
                       1, -1, common({}), createPhone});
    addStep(registry, {"validate_range", "Check allowed range", "validation",
                       "Numbers must lie in [min, max]. Fix: clamped to the range; missing if not a number.", 1, -1,
                       common({param("min", "number", "smallest allowed value"),
                               param("max", "number", "largest allowed value")}),
                       createRange});
    addStep(registry, {"validate_required", "Check required fields", "validation",
                       "Values must not be missing or blank. Fix: filled with fill_value.", 1, -1,
                       common({param("fill_value", "string", "value written into missing cells (action fix)")}),
                       createRequired});
    addStep(registry, {"validate_regex", "Check pattern", "validation",
                       "Values must match a regular expression in full. Fix: missing.", 1, -1,
                       common({param("pattern", "string", "regular expression the whole value must match", "", true),
                               param("reason", "string", "text of the flag", "does not match PATTERN")}),
                       createRegexRule});
    registerCrossFieldSteps(registry);
}

} // namespace microseg::core::clean
