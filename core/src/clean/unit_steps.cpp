// Units: currency conversion with a rates table, and numeric unit scaling.
#include "microseg/clean/unit_steps.h"

#include <array>
#include <cmath>
#include <map>

#include "step_util.h"

namespace microseg::core::clean {
using namespace detail;

namespace {

struct Unit {
    const char* name;
    const char* kind;
    double base;  ///< value of one unit in the kind's base unit
};

// Exact definitions: international yard and pound (1959), US liquid gallon (231 cubic inches).
constexpr std::array<Unit, 31> kUnits{{
    {"mm", "length", 0.001}, {"cm", "length", 0.01}, {"m", "length", 1.0}, {"km", "length", 1000.0},
    {"in", "length", 0.0254}, {"ft", "length", 0.3048}, {"yd", "length", 0.9144}, {"mi", "length", 1609.344},
    {"mg", "mass", 1e-6}, {"g", "mass", 0.001}, {"kg", "mass", 1.0}, {"t", "mass", 1000.0},
    {"oz", "mass", 0.028349523125}, {"lb", "mass", 0.45359237},
    {"ml", "volume", 0.001}, {"cl", "volume", 0.01}, {"dl", "volume", 0.1}, {"l", "volume", 1.0},
    {"gal", "volume", 3.785411784}, {"fl_oz", "volume", 0.0295735295625},
    {"ms", "time", 0.001}, {"s", "time", 1.0}, {"min", "time", 60.0}, {"h", "time", 3600.0}, {"d", "time", 86400.0},
    {"B", "data", 1.0}, {"KB", "data", 1e3}, {"MB", "data", 1e6}, {"GB", "data", 1e9}, {"KiB", "data", 1024.0},
    {"MiB", "data", 1048576.0},
}};

const Unit* findUnit(std::string_view name) {
    for (const Unit& unit : kUnits)
        if (name == unit.name)
            return &unit;
    return nullptr;
}

/// Number cell -> scaled cell, with the decimals asked for (-1: shortest exact text).
std::string writeNumber(double value, int decimals) {
    return decimals < 0 ? formatNumber(value) : formatFixed(value, decimals);
}

Result<int> decimalsParam(const QJsonObject& params, int fallback) {
    auto decimals = numberParam(params, "decimals", fallback);
    if (!decimals)
        return decimals.error();
    const double value = decimals.value();
    if (value != std::floor(value) || value < -1 || value > 15)
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"decimals\" must be a whole number from 0 to 15 (or -1 for all digits).",
                     {}, 0, 0, formatNumber(value)};
    return int(value);
}

Result<std::unique_ptr<Step>> createCurrency(const RecipeStep& step) {
    const QJsonObject& p = step.params;
    auto target = requiredStringParam(p, "target");
    if (!target)
        return target.error();
    const QJsonValue ratesValue = p.value("rates");
    if (!ratesValue.isObject())
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"rates\" is required: {\"USD\": 0.92, ...}, the value of one unit in " +
                         target.value() + ".", {}, 0, 0, {}};
    std::map<std::string, double> rates{{target.value(), 1.0}};
    const QJsonObject ratesObject = ratesValue.toObject();
    for (auto it = ratesObject.begin(); it != ratesObject.end(); ++it) {
        if (!it.value().isDouble() || !(it.value().toDouble() > 0))
            return Error{ErrorCode::InvalidArgument,
                         "parameter \"rates\": the rate of " + it.key().toStdString() +
                             " must be a positive number.", {}, 0, 0, it.key().toStdString()};
        rates[it.key().toStdString()] = it.value().toDouble();
    }
    auto fixed = stringParam(p, "currency", "");
    auto decimals = decimalsParam(p, 2);
    auto onInvalid = choiceParam(p, "on_invalid", {"null", "fail"}, "null");
    auto into = p.contains("into") ? columnNameParam(p, "into", "") : Result<std::string>(std::string());
    auto mark = choiceParam(p, "decimal_mark", {".", ","}, ".");
    for (const Error* error : {fixed ? nullptr : &fixed.error(), decimals ? nullptr : &decimals.error(),
                               onInvalid ? nullptr : &onInvalid.error(), into ? nullptr : &into.error(),
                               mark ? nullptr : &mark.error()})
        if (error)
            return *error;
    if (step.columns.size() == 1 && fixed.value().empty())
        return Error{ErrorCode::InvalidArgument,
                     "give a currency column as second column, or parameter \"currency\".", {}, 0, 0, {}};
    if (!fixed.value().empty() && !rates.count(fixed.value()))
        return Error{ErrorCode::InvalidArgument,
                     "parameter \"rates\" has no rate for currency " + fixed.value() + ".", {}, 0, 0, fixed.value()};
    return makeStep([columns = step.columns, rates = std::move(rates), target = target.value(),
                     fixedCurrency = fixed.value(), decimals = decimals.value(),
                     fail = onInvalid.value() == "fail", into = into.value(), mark = mark.value()[0]](
                        const CleanTable& table, Progress& progress,
                        const CancelToken& cancel) -> Result<StepResult> {
        const CleanColumn& amounts = *table.find(columns[0]);
        const CleanColumn* currencies = columns.size() > 1 ? table.find(columns[1]) : nullptr;
        const std::size_t rows = table.rowCount();
        CleanColumn out{into.empty() ? amounts.name : into, ColumnType::Decimal, {}};
        out.cells.reserve(rows);
        IssueCollector notNumber("not_a_number", amounts.name);
        IssueCollector unknown("unknown_currency", currencies ? currencies->name : amounts.name);
        std::int64_t converted = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            if (r % kCancelEvery == 0 && r > 0) {
                if (cancel.isCancelled())
                    return cancelledError();
                progress.report(double(r) / double(rows));
            }
            const Cell& amount = amounts.cells[r];
            if (!amount || amount->find_first_not_of(" \t") == std::string::npos) {
                out.cells.emplace_back();
                continue;
            }
            const auto value = parseNumber(*amount, mark);
            if (!value) {
                notNumber.add(table.rowIds()[r], amount);
                out.cells.emplace_back();
                continue;
            }
            std::string code = fixedCurrency;
            if (currencies) {
                const Cell& cell = currencies->cells[r];
                code = cell ? *cell : std::string();
                while (!code.empty() && code.back() == ' ')
                    code.pop_back();
                while (!code.empty() && code.front() == ' ')
                    code.erase(0, 1);
            }
            const auto rate = rates.find(code);
            if (rate == rates.end()) {
                unknown.add(table.rowIds()[r], currencies ? currencies->cells[r] : Cell(code));
                out.cells.emplace_back();
                continue;
            }
            out.cells.emplace_back(writeNumber(*value * rate->second, decimals));
            ++converted;
        }
        StepResult result;
        const auto badNumbers = notNumber.count(), badCurrencies = unknown.count();
        for (auto& issue : notNumber.take(std::to_string(badNumbers) + " amounts are not numbers; they become missing."))
            result.issues.push_back(std::move(issue));
        for (auto& issue : unknown.take(std::to_string(badCurrencies) +
                                        " amounts have a currency without a rate; they become missing."))
            result.issues.push_back(std::move(issue));
        if (fail && !result.issues.empty())
            return Error{ErrorCode::InvalidArgument, result.issues.front().message.substr(
                                                         0, result.issues.front().message.find(';')) +
                                                         " (e.g. \"" + result.issues.front().examples.front() + "\").",
                         {}, 0, 0, result.issues.front().examples.front()};
        result.counts["converted"] = static_cast<qint64>(converted);
        result.counts["not_a_number"] = static_cast<qint64>(badNumbers);
        result.counts["unknown_currency"] = static_cast<qint64>(badCurrencies);
        if (into.empty()) {
            result.replaced.push_back(std::move(out));
            if (currencies) {
                // The amounts are now all in the target currency: say so in the currency column.
                CleanColumn codes = *currencies;
                for (std::size_t r = 0; r < rows; ++r)
                    if (result.replaced[0].cells[r])
                        codes.cells[r] = target;
                result.replaced.push_back(std::move(codes));
            }
        } else {
            result.added.push_back({std::move(out), amounts.name});
        }
        return result;
    });
}

Result<std::unique_ptr<Step>> createScale(const RecipeStep& step) {
    const QJsonObject& p = step.params;
    auto from = stringParam(p, "from", "");
    auto to = stringParam(p, "to", "");
    auto factorParam = numberParam(p, "factor", 0.0);
    auto decimals = decimalsParam(p, -1);
    auto onInvalid = choiceParam(p, "on_invalid", {"null", "fail"}, "null");
    for (const Error* error : {from ? nullptr : &from.error(), to ? nullptr : &to.error(),
                               factorParam ? nullptr : &factorParam.error(), decimals ? nullptr : &decimals.error(),
                               onInvalid ? nullptr : &onInvalid.error()})
        if (error)
            return *error;
    double factor = factorParam.value();
    if (p.contains("factor")) {
        if (!(factor != 0.0 && std::isfinite(factor)))
            return Error{ErrorCode::InvalidArgument, "parameter \"factor\" must be a non-zero number.", {}, 0, 0, {}};
        if (!from.value().empty() || !to.value().empty())
            return Error{ErrorCode::InvalidArgument, "give either \"factor\" or \"from\" and \"to\", not both.", {}, 0, 0, {}};
    } else {
        const auto unitsFactor = unitFactor(from.value(), to.value());
        if (!unitsFactor)
            return Error{ErrorCode::InvalidArgument,
                         "cannot convert \"" + from.value() + "\" to \"" + to.value() +
                             "\" (give \"factor\", or two known units of one kind, e.g. \"g\" and \"kg\").",
                         {}, 0, 0, from.value() + "->" + to.value()};
        factor = *unitsFactor;
    }
    return makeStep([columns = step.columns, factor, decimals = decimals.value(),
                     fail = onInvalid.value() == "fail"](const CleanTable& table, Progress& progress,
                                                          const CancelToken& cancel) -> Result<StepResult> {
        StepResult result;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const CleanColumn& source = *table.find(columns[c]);
            CleanColumn out{source.name, ColumnType::Decimal, {}};
            out.cells.reserve(source.cells.size());
            IssueCollector notNumber("not_a_number", source.name);
            for (std::size_t r = 0; r < source.cells.size(); ++r) {
                if (r % kCancelEvery == 0 && r > 0) {
                    if (cancel.isCancelled())
                        return cancelledError();
                    progress.report((double(c) + double(r) / double(source.cells.size())) / double(columns.size()));
                }
                const Cell& cell = source.cells[r];
                if (!cell || cell->find_first_not_of(" \t") == std::string::npos) {
                    out.cells.emplace_back();
                    continue;
                }
                const auto value = parseNumber(*cell);
                if (!value)
                    notNumber.add(table.rowIds()[r], cell);
                out.cells.push_back(value ? Cell(writeNumber(*value * factor, decimals)) : Cell());
            }
            const auto bad = notNumber.count();
            auto issues = notNumber.take(std::to_string(bad) + " values of column \"" + source.name +
                                         "\" are not numbers; they become missing.");
            if (fail && bad > 0)
                return Error{ErrorCode::InvalidArgument,
                             std::to_string(bad) + " values of column \"" + source.name +
                                 "\" are not numbers (e.g. \"" + issues[0].examples[0] + "\").",
                             {}, 0, 0, issues[0].examples[0]};
            result.issues.insert(result.issues.end(), issues.begin(), issues.end());
            result.replaced.push_back(std::move(out));
        }
        result.counts["factor"] = factor;
        return result;
    });
}

} // namespace

std::optional<double> unitFactor(std::string_view from, std::string_view to) {
    const Unit* a = findUnit(from);
    const Unit* b = findUnit(to);
    if (!a || !b || std::string_view(a->kind) != b->kind)
        return std::nullopt;
    return a->base / b->base;
}

void registerUnitSteps(StepRegistry& registry) {
    addStep(registry, {"convert_currency", "Convert currency", "units",
                       "Converts a money column to one currency with a rates table; the source currency comes "
                       "from a second column or the \"currency\" parameter.",
                       1, 2,
                       {param("target", "string", "currency code of the result, e.g. EUR", "", true),
                        param("rates", "object", "{\"USD\": 0.92}: value of one unit in the target currency", "", true),
                        param("currency", "string", "source currency of every row (when there is no currency column)"),
                        param("decimals", "integer", "decimal places of the result (-1: all)", "2"),
                        param("decimal_mark", "choice", "decimal mark of the amounts", ".", false, {".", ","}),
                        param("into", "string", "new column for the result (default: rewrite the amounts)"),
                        param("on_invalid", "choice", "amounts that cannot be converted become missing, or fail", "null",
                              false, {"null", "fail"})},
                       createCurrency});
    addStep(registry, {"scale_units", "Scale units", "units",
                       "Multiplies numbers by a factor, or converts between units of one kind (g -> kg, in -> cm).",
                       1, -1,
                       {param("factor", "number", "multiplier (instead of from/to)"),
                        param("from", "string", "unit of the values, e.g. g"),
                        param("to", "string", "unit of the result, e.g. kg"),
                        param("decimals", "integer", "decimal places of the result (-1: all)", "-1"),
                        param("on_invalid", "choice", "values that are not numbers become missing, or fail", "null",
                              false, {"null", "fail"})},
                       createScale});
}

} // namespace microseg::core::clean
