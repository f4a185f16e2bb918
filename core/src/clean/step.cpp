// Shared pieces of the step interface: issue collection, step labels, parameter readers.
#include "microseg/clean/step.h"

#include <QJsonValue>
#include <algorithm>

namespace microseg::core::clean {

void IssueCollector::add(std::int64_t rawRow, const Cell& value) {
    ++m_issue.count;
    if (m_issue.exampleRows.size() < kMaxIssueExamples)
        m_issue.exampleRows.push_back(rawRow);
    if (m_issue.examples.size() < kMaxIssueExamples) {
        const std::string text = value ? *value : std::string("(empty)");
        if (std::find(m_issue.examples.begin(), m_issue.examples.end(), text) == m_issue.examples.end())
            m_issue.examples.push_back(text);
    }
}

std::vector<StepIssue> IssueCollector::take(std::string message) {
    if (m_issue.count == 0)
        return {};
    m_issue.kind = m_kind;
    m_issue.column = m_column;
    m_issue.message = std::move(message);
    return {std::move(m_issue)};
}

std::string stepLabel(std::size_t index, const RecipeStep& step) {
    return "step " + std::to_string(index + 1) + " (" + step.type + "): ";
}

namespace {

Error paramError(const char* name, const std::string& requirement, const QJsonValue& value) {
    QString shown = value.isString() ? value.toString() : QString::number(value.toDouble());
    if (value.isBool())
        shown = value.toBool() ? "true" : "false";
    else if (value.isArray())
        shown = "[...]";
    else if (value.isObject())
        shown = "{...}";
    return Error{ErrorCode::InvalidArgument,
                 std::string("parameter \"") + name + "\" must be " + requirement + ".", {}, 0, 0,
                 shown.toStdString()};
}

} // namespace

Result<std::string> stringParam(const QJsonObject& params, const char* name, std::string fallback) {
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isString())
        return paramError(name, "text", value);
    return value.toString().toStdString();
}

Result<std::string> requiredStringParam(const QJsonObject& params, const char* name) {
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return Error{ErrorCode::InvalidArgument, std::string("parameter \"") + name + "\" is required.", {}, 0, 0, {}};
    if (!value.isString() || value.toString().isEmpty())
        return paramError(name, "non-empty text", value);
    return value.toString().toStdString();
}

Result<double> numberParam(const QJsonObject& params, const char* name, double fallback) {
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isDouble())
        return paramError(name, "a number", value);
    return value.toDouble();
}

Result<bool> boolParam(const QJsonObject& params, const char* name, bool fallback) {
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool())
        return paramError(name, "true or false", value);
    return value.toBool();
}

Result<double> fractionParam(const QJsonObject& params, const char* name, double fallback) {
    auto number = numberParam(params, name, fallback);
    if (!number)
        return number;
    if (!(number.value() >= 0.0 && number.value() <= 1.0))
        return paramError(name, "a number between 0 and 1", params.value(QLatin1String(name)));
    return number;
}

Result<std::string> choiceParam(const QJsonObject& params, const char* name,
                                const std::vector<std::string>& choices, std::string fallback) {
    auto text = stringParam(params, name, std::move(fallback));
    if (!text)
        return text;
    if (std::find(choices.begin(), choices.end(), text.value()) != choices.end())
        return text;
    std::string list;
    for (std::size_t i = 0; i < choices.size(); ++i)
        list += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
    return paramError(name, list, params.value(QLatin1String(name)));
}

Result<std::string> columnNameParam(const QJsonObject& params, const char* name, std::string fallback) {
    auto text = stringParam(params, name, std::move(fallback));
    if (!text)
        return text;
    const std::string& value = text.value();
    if (value.empty() || value.size() > 100 || value[0] == '_')
        return paramError(name, "a column name of 1 to 100 characters not starting with '_'",
                          QJsonValue(QString::fromStdString(value)));
    return text;
}

} // namespace microseg::core::clean
