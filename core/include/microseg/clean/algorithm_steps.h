#pragma once
/// @file algorithm_steps.h
/// Recipe steps over the cleaning algorithms (impute.h, outliers.h, fuzzy_dedupe.h), and the glue
/// the GUI needs to show the same computations before a step is added. Parameters
/// (docs/cleaning.md):
///
/// impute (category "missing"), columns: the columns to fill.
///   strategy   "constant" | "mean" | "median" | "mode" | "knn" | "regression"   (default "mean")
///   value      text written by "constant"
///   neighbors  k for "knn" (5); weights "uniform" | "distance" ("uniform"). The listed columns
///              are the KNN features, and all of them are filled.
///   predictors "regression": complete numeric columns predicting each listed column.
///   Cells that are not numbers (for numeric strategies) are left alone and reported.
///
/// outliers (category "outliers"), columns: numeric columns, each judged alone.
///   method "iqr" | "zscore" ("iqr"); factor (1.5); threshold (3);
///   action "flag" | "cap" | "drop" ("flag"); flag_column ("quality_issues").
///
/// fuzzy_dedupe (category "rows"), columns: the compared columns.
///   fields     [{"column", "comparator": "exact"|"levenshtein"|"jaro_winkler",
///                "normalize": "none"|"text"|"digits", "weight"}]; default: each listed column,
///              Jaro-Winkler on normalised text, weight 1
///   blocking   [{"columns": [...], "normalize", "prefix": n, "method": "standard"|
///                "sorted_neighbourhood", "window": w}]; default: a sorted-neighbourhood pass
///              (window 10) on each listed column
///   threshold  score in 0..1 that makes a pair a duplicate (0.85); max_block_size (500)
///   reviews    [{"rows": [raw rows of the group], "decision": "confirm"|"split",
///                "parts": [[raw rows], ...]}]: the analyst's decisions, replayed by raw row
///              number (the `_row` of the raw table), so earlier row drops do not shift them
///   merge_unreviewed (true); survivorship {"column": "first"|"most_recent"|"most_frequent"|
///              "longest"|"sum"} (others "first"); recency_column (for "most_recent")

#include "microseg/clean/category_clusters.h"
#include "microseg/clean/clean_table.h"
#include "microseg/clean/fuzzy_dedupe.h"
#include "microseg/clean/recipe.h"
#include "microseg/clean/step_registry.h"

#include <QJsonArray>
#include <QJsonObject>

namespace microseg::core::clean {

void registerImputeSteps(StepRegistry& registry);
void registerOutlierSteps(StepRegistry& registry);
void registerDedupeSteps(StepRegistry& registry);

/// The de-duplication options a fuzzy_dedupe step with these parameters uses on `table` (column
/// indexes resolved against it), for the review screen's candidates, live counts and groups.
Result<DedupeOptions> dedupeOptionsFromStep(const CleanTable& table, const RecipeStep& step);

/// Review decisions as the step's "reviews" parameter, with rows as raw row numbers.
QJsonArray reviewsToJson(const std::vector<GroupReview>& reviews, const CleanTable& table);

/// The parameters of a map_values step applying `mapping` (accepted category clusters).
QJsonObject mapValuesParams(const CategoryMapping& mapping);

} // namespace microseg::core::clean
