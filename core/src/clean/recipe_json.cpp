// Recipes and replay reports as readable JSON.
#include "microseg/clean/recipe_json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace microseg::core::clean {
namespace {

constexpr const char* kFormatName = "microseg-cleaning-recipe";

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

QJsonArray stringArray(const std::vector<std::string>& values) {
    QJsonArray array;
    for (const auto& value : values)
        array.append(text(value));
    return array;
}

Error parseError(const std::string& origin, const std::string& message) {
    return Error{ErrorCode::InvalidArgument, message, origin, 0, 0, {}};
}

} // namespace

QJsonObject recipeToJson(const Recipe& recipe) {
    QJsonObject json;
    json["format"] = kFormatName;
    json["version"] = kRecipeFormatVersion;
    json["name"] = text(recipe.name);
    json["source_dataset"] = text(recipe.sourceDataset);
    json["import_settings"] = recipe.importSettings;
    QJsonArray steps;
    for (const RecipeStep& step : recipe.steps) {
        QJsonObject entry;
        entry["type"] = text(step.type);
        entry["columns"] = stringArray(step.columns);
        entry["params"] = step.params;
        entry["enabled"] = step.enabled;
        if (!step.note.empty())
            entry["note"] = text(step.note);
        steps.append(entry);
    }
    json["steps"] = steps;
    return json;
}

namespace {

std::string compactJson(const QJsonValue& value) {
    // QJsonDocument holds only objects and arrays: wrap a scalar and cut the brackets off.
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).toStdString();
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact).toStdString();
    const std::string wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).toStdString();
    return wrapped.substr(1, wrapped.size() - 2);
}

} // namespace

std::string recipeToJsonText(const Recipe& recipe) {
    // Written by hand rather than by QJsonDocument, which sorts keys: people read a recipe top
    // down, so each step starts with its type and keeps its parameters on one line.
    const QJsonObject json = recipeToJson(recipe);
    std::string out = "{\n";
    for (const char* key : {"format", "version", "name", "source_dataset"})
        out += std::string("    \"") + key + "\": " + compactJson(json.value(key)) + ",\n";
    // The import settings indented, one key a line (they are long).
    std::string settings =
        QJsonDocument(json.value("import_settings").toObject()).toJson(QJsonDocument::Indented).toStdString();
    while (!settings.empty() && settings.back() == '\n')
        settings.pop_back();
    std::string shifted;
    for (char c : settings) {
        shifted += c;
        if (c == '\n')
            shifted += "    ";
    }
    out += "    \"import_settings\": " + shifted + ",\n";
    out += "    \"steps\": [";
    const QJsonArray steps = json.value("steps").toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QJsonObject step = steps[i].toObject();
        out += i == 0 ? "\n" : ",\n";
        out += "        {\"type\": " + compactJson(step.value("type")) +
               ", \"columns\": " + compactJson(step.value("columns")) +
               ", \"enabled\": " + compactJson(step.value("enabled"));
        if (step.contains("note"))
            out += ", \"note\": " + compactJson(step.value("note"));
        out += ",\n         \"params\": " + compactJson(step.value("params")) + "}";
    }
    out += steps.isEmpty() ? "]\n}\n" : "\n    ]\n}\n";
    return out;
}

Result<Recipe> recipeFromJson(const QJsonObject& json, const std::string& origin) {
    const QJsonValue format = json.value("format");
    if (!format.isUndefined() && format.toString() != kFormatName)
        return parseError(origin, "This is not a Microseg cleaning recipe (\"format\" is \"" +
                                      format.toString().toStdString() + "\", expected \"" +
                                      kFormatName + "\").");
    const int version = json.value("version").toInt(kRecipeFormatVersion);
    if (version > kRecipeFormatVersion)
        return parseError(origin, "The recipe has format version " + std::to_string(version) +
                                      "; this Microseg reads up to version " +
                                      std::to_string(kRecipeFormatVersion) + ".");
    Recipe recipe;
    recipe.name = json.value("name").toString().toStdString();
    recipe.sourceDataset = json.value("source_dataset").toString().toStdString();
    recipe.importSettings = json.value("import_settings").toObject();
    const QJsonValue steps = json.value("steps");
    if (!steps.isArray())
        return parseError(origin, "The recipe needs \"steps\": a list of steps.");
    int index = 0;
    for (const QJsonValue& value : steps.toArray()) {
        ++index;
        const std::string where = "step " + std::to_string(index) + ": ";
        if (!value.isObject())
            return parseError(origin, where + "must be an object {\"type\": ..., \"columns\": [...], \"params\": {...}}.");
        const QJsonObject object = value.toObject();
        RecipeStep step;
        if (!object.value("type").isString() || object.value("type").toString().isEmpty())
            return parseError(origin, where + "needs \"type\", the kind of step (e.g. \"trim\").");
        step.type = object.value("type").toString().toStdString();
        const QJsonValue columns = object.value("columns");
        if (!columns.isUndefined() && !columns.isArray())
            return parseError(origin, where + "\"columns\" must be a list of column names.");
        for (const QJsonValue& column : columns.toArray()) {
            if (!column.isString())
                return parseError(origin, where + "\"columns\" must hold only column names (texts).");
            step.columns.push_back(column.toString().toStdString());
        }
        const QJsonValue params = object.value("params");
        if (!params.isUndefined() && !params.isObject())
            return parseError(origin, where + "\"params\" must be an object.");
        step.params = params.toObject();
        const QJsonValue enabled = object.value("enabled");
        if (!enabled.isUndefined() && !enabled.isBool())
            return parseError(origin, where + "\"enabled\" must be true or false.");
        step.enabled = enabled.toBool(true);
        step.note = object.value("note").toString().toStdString();
        recipe.steps.push_back(std::move(step));
    }
    return recipe;
}

Result<Recipe> recipeFromJsonText(const std::string& jsonText, const std::string& origin) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(jsonText), &error);
    if (error.error != QJsonParseError::NoError) {
        // Line and column of the byte offset, for people fixing the file by hand.
        std::int64_t line = 1, column = 1;
        for (int i = 0; i < error.offset && i < int(jsonText.size()); ++i) {
            if (jsonText[std::size_t(i)] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return Error{ErrorCode::InvalidArgument,
                     "The recipe is not valid JSON: " + error.errorString().toStdString() + ".", origin,
                     line, column, {}};
    }
    if (!document.isObject())
        return parseError(origin, "The recipe must be a JSON object.");
    return recipeFromJson(document.object(), origin);
}

Result<Recipe> readRecipeFile(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.exists())
        return Error{ErrorCode::FileNotFound, "There is no recipe file " + path + ".", path, 0, 0, {}};
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::FileUnreadable,
                     "Cannot read " + path + ": " + file.errorString().toStdString() + ".", path, 0, 0, {}};
    return recipeFromJsonText(file.readAll().toStdString(), path);
}

Status writeRecipeFile(const std::string& path, const Recipe& recipe) {
    QSaveFile file(QString::fromStdString(path));  // atomic: an old file is replaced whole or kept
    const std::string bytes = recipeToJsonText(recipe);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()) || !file.commit())
        return Error{ErrorCode::Io, "Cannot write " + path + ": " + file.errorString().toStdString() + ".",
                     path, 0, 0, {}};
    return success();
}

QJsonObject stepIssueToJson(const StepIssue& issue) {
    QJsonObject json;
    json["kind"] = text(issue.kind);
    json["column"] = text(issue.column);
    json["message"] = text(issue.message);
    json["count"] = static_cast<qint64>(issue.count);
    json["examples"] = stringArray(issue.examples);
    QJsonArray rows;
    for (std::int64_t row : issue.exampleRows)
        rows.append(static_cast<qint64>(row));
    json["example_rows"] = rows;
    return json;
}

QJsonObject stepReportToJson(const StepReport& report) {
    QJsonObject json;
    json["step"] = static_cast<qint64>(report.index + 1);
    json["type"] = text(report.type);
    json["status"] = stepStatusName(report.status);
    if (!report.message.empty())
        json["message"] = text(report.message);
    json["rows_before"] = static_cast<qint64>(report.rowsBefore);
    json["rows_after"] = static_cast<qint64>(report.rowsAfter);
    json["rows_dropped"] = static_cast<qint64>(report.rowsDropped);
    json["rows_changed"] = static_cast<qint64>(report.rowsChanged);
    json["cells_changed"] = static_cast<qint64>(report.cellsChanged);
    json["columns_changed"] = stringArray(report.columnsChanged);
    json["columns_added"] = stringArray(report.columnsAdded);
    json["columns_removed"] = stringArray(report.columnsRemoved);
    json["columns_renamed"] = stringArray(report.columnsRenamed);
    QJsonArray issues;
    for (const auto& issue : report.issues)
        issues.append(stepIssueToJson(issue));
    json["issues"] = issues;
    json["counts"] = report.counts;
    json["seconds"] = report.seconds;
    return json;
}

QJsonObject replayReportToJson(const ReplayReport& report) {
    QJsonObject json;
    QJsonArray steps;
    for (const auto& step : report.steps)
        steps.append(stepReportToJson(step));
    json["steps"] = steps;
    json["rows_before"] = static_cast<qint64>(report.rowsBefore);
    json["rows_after"] = static_cast<qint64>(report.rowsAfter);
    json["skipped_steps"] = static_cast<qint64>(report.skippedCount());
    json["warnings"] = stringArray(report.warnings);
    json["seconds"] = report.seconds;
    return json;
}

} // namespace microseg::core::clean
