// The "fuzzy_dedupe" recipe step over fuzzy_dedupe.h, and the category-mapping glue
// (parameters: algorithm_steps.h).
#include "microseg/clean/algorithm_steps.h"

#include "step_util.h"

#include <QJsonArray>
#include <algorithm>
#include <map>

namespace microseg::core::clean {
using namespace detail;

namespace {

Error paramError(std::string message) {
    return Error{ErrorCode::InvalidArgument, std::move(message), {}, 0, 0, {}};
}

Result<std::size_t> columnOf(const CleanTable& table, const QJsonValue& name, const char* where) {
    const std::string text = name.toString().toStdString();
    const auto index = table.columnIndex(text);
    if (!name.isString() || !index)
        return paramError(std::string(where) + " names column \"" + text + "\", which does not exist.");
    return *index;
}

Result<TextNormalization> normalizationOf(const QJsonObject& o, const char* where) {
    const QString n = o.value("normalize").toString("text");
    if (n == "none")
        return TextNormalization::None;
    if (n == "text")
        return TextNormalization::Text;
    if (n == "digits")
        return TextNormalization::Digits;
    return paramError(std::string(where) + ": \"normalize\" must be none, text or digits.");
}

Result<std::vector<DedupeField>> fieldsOf(const CleanTable& table, const RecipeStep& step) {
    std::vector<DedupeField> fields;
    if (!step.params.contains("fields")) {
        for (const auto& name : step.columns)
            fields.push_back({*table.columnIndex(name), FieldComparator::JaroWinkler,
                              TextNormalization::Text, 1.0});
        return fields;
    }
    if (!step.params.value("fields").isArray())
        return paramError("parameter \"fields\" must be an array of objects.");
    for (const QJsonValue& value : step.params.value("fields").toArray()) {
        const QJsonObject o = value.toObject();
        auto column = columnOf(table, o.value("column"), "parameter \"fields\"");
        if (!column)
            return column.error();
        auto normalization = normalizationOf(o, "parameter \"fields\"");
        if (!normalization)
            return normalization.error();
        const QString comparator = o.value("comparator").toString("jaro_winkler");
        DedupeField field{column.value(), FieldComparator::JaroWinkler, normalization.value(),
                          o.value("weight").toDouble(1.0)};
        if (comparator == "exact")
            field.comparator = FieldComparator::Exact;
        else if (comparator == "levenshtein")
            field.comparator = FieldComparator::Levenshtein;
        else if (comparator != "jaro_winkler")
            return paramError("parameter \"fields\": \"comparator\" must be exact, levenshtein or "
                              "jaro_winkler, not \"" + comparator.toStdString() + "\".");
        if (!(field.weight > 0.0))
            return paramError("parameter \"fields\": \"weight\" must be > 0.");
        fields.push_back(field);
    }
    return fields;
}

Result<std::vector<BlockingPass>> blockingOf(const CleanTable& table, const RecipeStep& step) {
    std::vector<BlockingPass> passes;
    if (!step.params.contains("blocking")) {
        for (const auto& name : step.columns)
            passes.push_back({{*table.columnIndex(name)}, TextNormalization::Text, 0,
                              BlockingMethod::SortedNeighbourhood, 10});
        return passes;
    }
    if (!step.params.value("blocking").isArray())
        return paramError("parameter \"blocking\" must be an array of objects.");
    for (const QJsonValue& value : step.params.value("blocking").toArray()) {
        const QJsonObject o = value.toObject();
        BlockingPass pass;
        for (const QJsonValue& name : o.value("columns").toArray()) {
            auto column = columnOf(table, name, "parameter \"blocking\"");
            if (!column)
                return column.error();
            pass.columns.push_back(column.value());
        }
        auto normalization = normalizationOf(o, "parameter \"blocking\"");
        if (!normalization)
            return normalization.error();
        pass.normalization = normalization.value();
        pass.prefixLength = static_cast<std::size_t>(std::max(0, o.value("prefix").toInt(0)));
        const QString method = o.value("method").toString("standard");
        if (method == "sorted_neighbourhood")
            pass.method = BlockingMethod::SortedNeighbourhood;
        else if (method != "standard")
            return paramError("parameter \"blocking\": \"method\" must be standard or "
                              "sorted_neighbourhood.");
        pass.window = static_cast<std::size_t>(std::max(0, o.value("window").toInt(10)));
        passes.push_back(std::move(pass));
    }
    return passes;
}

/// Raw row numbers in the step parameters -> row positions of `table`; rows that are gone are
/// skipped, so a review whose group lost a row no longer matches (and is counted as stale).
std::vector<std::uint32_t> positionsOf(const QJsonArray& rawRows, const CleanTable& table) {
    std::vector<std::uint32_t> out;
    const auto& ids = table.rowIds();
    for (const QJsonValue& v : rawRows) {
        const auto it = std::lower_bound(ids.begin(), ids.end(), v.toInteger());
        if (it != ids.end() && *it == v.toInteger())
            out.push_back(static_cast<std::uint32_t>(it - ids.begin()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<std::vector<GroupReview>> reviewsOf(const CleanTable& table, const QJsonObject& params) {
    std::vector<GroupReview> reviews;
    for (const QJsonValue& value : params.value("reviews").toArray()) {
        const QJsonObject o = value.toObject();
        GroupReview review;
        review.rows = positionsOf(o.value("rows").toArray(), table);
        const QString decision = o.value("decision").toString("confirm");
        if (decision == "split")
            review.decision = GroupReview::Decision::Split;
        else if (decision != "confirm")
            return paramError("parameter \"reviews\": \"decision\" must be confirm or split.");
        for (const QJsonValue& part : o.value("parts").toArray())
            review.parts.push_back(positionsOf(part.toArray(), table));
        reviews.push_back(std::move(review));
    }
    return reviews;
}

Result<MergeOptions> mergeOptionsOf(const CleanTable& table, const QJsonObject& params) {
    MergeOptions merge;
    merge.rules.assign(table.columnCount(), Survivorship::First);
    const QJsonObject rules = params.value("survivorship").toObject();
    static const std::map<QString, Survivorship> names = {
        {"first", Survivorship::First}, {"most_recent", Survivorship::MostRecent},
        {"most_frequent", Survivorship::MostFrequent}, {"longest", Survivorship::Longest},
        {"sum", Survivorship::Sum}};
    for (auto it = rules.begin(); it != rules.end(); ++it) {
        auto column = columnOf(table, QJsonValue(it.key()), "parameter \"survivorship\"");
        if (!column)
            return column.error();
        const auto rule = names.find(it.value().toString());
        if (rule == names.end())
            return paramError("parameter \"survivorship\": the rule for \"" + it.key().toStdString() +
                              "\" must be first, most_recent, most_frequent, longest or sum.");
        merge.rules[column.value()] = rule->second;
    }
    if (params.contains("recency_column")) {
        auto column = columnOf(table, params.value("recency_column"), "parameter \"recency_column\"");
        if (!column)
            return column.error();
        merge.recencyColumn = column.value();
    }
    merge.mergeUnreviewed = params.value("merge_unreviewed").toBool(true);
    return merge;
}

Result<StepResult> runDedupe(const RecipeStep& step, double threshold, const CleanTable& table,
                             Progress& progress, const CancelToken& cancel) {
    auto options = dedupeOptionsFromStep(table, step);
    if (!options)
        return options.error();
    options.value().minScore = threshold; // a replay needs no pair below the threshold
    auto reviews = reviewsOf(table, step.params);
    if (!reviews)
        return reviews.error();
    auto merge = mergeOptionsOf(table, step.params);
    if (!merge)
        return merge.error();
    std::vector<TextColumn> cells;
    for (const CleanColumn& column : table.columns())
        cells.push_back(column.cells);
    auto scored = scoreCandidatePairs(cells, options.value(), progress, cancel);
    if (!scored)
        return scored.error();
    const auto groups = duplicateGroups(scored.value(), threshold);
    auto merged = mergeDuplicates(cells, groups, reviews.value(), merge.value());
    if (!merged)
        return merged.error();
    const MergeResult& m = merged.value();
    StepResult result;
    std::vector<char> kept(table.rowCount(), 0);
    for (std::uint32_t r : m.keptRows)
        kept[r] = 1;
    for (std::size_t r = 0; r < kept.size(); ++r)
        if (!kept[r])
            result.dropRows.push_back(r);
    for (std::size_t c = 0; c < table.columnCount(); ++c) {
        CleanColumn column = table.column(c);
        bool changed = false;
        for (std::size_t i = 0; i < m.keptRows.size(); ++i)
            if (column.cells[m.keptRows[i]] != m.table[c][i]) {
                column.cells[m.keptRows[i]] = m.table[c][i];
                changed = true;
            }
        if (changed)
            result.replaced.push_back(std::move(column));
    }
    const ThresholdCounts counts = countsAtThreshold(scored.value(), threshold);
    result.counts["candidate_pairs"] = static_cast<qint64>(scored.value().comparedPairs);
    result.counts["duplicate_pairs"] = static_cast<qint64>(counts.pairs);
    result.counts["groups"] = static_cast<qint64>(groups.size());
    result.counts["groups_merged"] = static_cast<qint64>(m.mergedGroups);
    result.counts["rows_removed"] = static_cast<qint64>(result.dropRows.size());
    result.counts["skipped_blocks"] = static_cast<qint64>(scored.value().skippedBlocks);
    result.counts["stale_reviews"] = static_cast<qint64>(m.staleReviews);
    if (m.staleReviews > 0)
        result.issues.push_back({"stale_review", "",
                                 std::to_string(m.staleReviews) +
                                     " reviewed groups no longer exist in this data and were ignored",
                                 static_cast<std::int64_t>(m.staleReviews), {}, {}});
    return result;
}

Result<std::unique_ptr<Step>> createDedupe(const RecipeStep& step) {
    auto threshold = fractionParam(step.params, "threshold", 0.85);
    if (!threshold)
        return threshold.error();
    auto maxBlock = numberParam(step.params, "max_block_size", 500);
    if (!maxBlock)
        return maxBlock.error();
    if (maxBlock.value() < 2)
        return paramError("parameter \"max_block_size\" must be >= 2.");
    for (const char* name : {"fields", "blocking", "reviews"})
        if (step.params.contains(name) && !step.params.value(name).isArray())
            return paramError(std::string("parameter \"") + name + "\" must be an array.");
    if (step.params.contains("survivorship") && !step.params.value("survivorship").isObject())
        return paramError("parameter \"survivorship\" must be an object {column: rule}.");
    return makeStep([step, threshold = threshold.value()](const CleanTable& table, Progress& progress,
                                                         const CancelToken& cancel) {
        return runDedupe(step, threshold, table, progress, cancel);
    });
}

} // namespace

Result<DedupeOptions> dedupeOptionsFromStep(const CleanTable& table, const RecipeStep& step) {
    DedupeOptions options;
    for (const auto& name : step.columns)
        if (!table.columnIndex(name))
            return paramError("column \"" + name + "\" does not exist.");
    auto fields = fieldsOf(table, step);
    if (!fields)
        return fields.error();
    auto blocking = blockingOf(table, step);
    if (!blocking)
        return blocking.error();
    options.fields = std::move(fields.value());
    options.blocking = std::move(blocking.value());
    options.maxBlockSize = static_cast<std::size_t>(step.params.value("max_block_size").toDouble(500));
    return options;
}

QJsonArray reviewsToJson(const std::vector<GroupReview>& reviews, const CleanTable& table) {
    const auto raw = [&](const std::vector<std::uint32_t>& rows) {
        QJsonArray out;
        for (std::uint32_t r : rows)
            out.append(static_cast<qint64>(table.rowIds()[r]));
        return out;
    };
    QJsonArray out;
    for (const GroupReview& review : reviews) {
        QJsonObject o;
        o["rows"] = raw(review.rows);
        o["decision"] = review.decision == GroupReview::Decision::Split ? "split" : "confirm";
        if (review.decision == GroupReview::Decision::Split) {
            QJsonArray parts;
            for (const auto& part : review.parts)
                parts.append(raw(part));
            o["parts"] = parts;
        }
        out.append(o);
    }
    return out;
}

QJsonObject mapValuesParams(const CategoryMapping& mapping) {
    QJsonObject table;
    for (const auto& [value, canonical] : mapping)
        table[QString::fromStdString(value)] = QString::fromStdString(canonical);
    QJsonObject params;
    params["mapping"] = table;
    params["trim"] = false; // the clusters were computed on the values as stored
    return params;
}

void registerDedupeSteps(StepRegistry& registry) {
    addStep(registry,
            {"fuzzy_dedupe", "Merge fuzzy duplicates", "rows",
             "Finds records that describe the same customer despite typos (weighted exact, "
             "Levenshtein and Jaro-Winkler comparisons of the chosen columns, with blocking), "
             "applies the analyst's review and merges each group into one record.",
             1, -1,
             {param("fields", "array", "compared columns with comparator, normalisation and weight"),
              param("blocking", "array", "blocking passes (columns, method, window, prefix)"),
              param("threshold", "number", "score from which a pair is a duplicate", "0.85"),
              param("max_block_size", "integer", "larger standard blocks are skipped", "500"),
              param("reviews", "array", "confirmed or split groups, by raw row numbers"),
              param("merge_unreviewed", "boolean", "merge groups nobody reviewed", "true"),
              param("survivorship", "object", "rule per column for the merged record", "first"),
              param("recency_column", "string", "column ordering records for most_recent")},
             createDedupe});
}

} // namespace microseg::core::clean
