#pragma once
/// @file rfm.h
/// RFM (Recency, Frequency, Monetary) customer scoring from a transaction table in a workspace,
/// after A. M. Hughes, "Strategic Database Marketing" (1994), with quintile scores computed as
/// the widely used pandas recipe does, so that results equal an independent pandas computation
/// (tests/fixtures/make_rfm_reference.py):
///
///   score = pd.qcut(x.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])
///
/// ranks break ties by customer order (customers sorted by key: numerically when the key column
/// is an integer column, else by bytes, as pandas' groupby sorts them), quintile edges are
/// numpy's linear-interpolation quantiles of the ranks; recency is scored in reverse (the most
/// recent fifth gets 5). Definitions:
///   analysis date = the day after the last transaction used (or the caller's date)
///   recency   = analysis date - date of the last purchase, in whole calendar days
///   frequency = distinct invoices (without an invoice column: distinct transaction times)
///   monetary  = sum of amounts (pandas' Kahan-compensated groupby sum, in row order)
///
/// Returns: a line is a return when its invoice starts with the cancelled prefix ("C": Online
/// Retail's cancellations) or its quantity (the first factor of the amount; with a single amount
/// column, the amount) is negative. Policies:
///   Net (default): every line counts, returns as negative amounts; a cancellation invoice counts
///       in frequency and recency like any invoice (the plain pandas groupby on the raw table).
///   Exclude: return lines are dropped before anything is computed.
///   Separate: R, F and M come from purchases only; return_orders and return_amount columns
///       count the returns apart.
/// With Exclude and Separate, customers with returns only have no purchase and are left out
/// (counted in the report).
///
/// Time decay (optional, RfmRequest::halfLifeDays = h): every purchase line gets the weight
/// 0.5^(age / h), age = analysis date - the line's calendar day, so that recent behaviour counts
/// more. weighted_monetary = sum of weight * amount (Kahan, row order); weighted_frequency = sum
/// over distinct invoices of the weight of the invoice's earliest day. F and M are then scored on
/// the weighted values (recency is unchanged). Reference: tests/fixtures/make_rfm_reference.py.
///
/// Segments come from an editable rule table of score ranges, first match wins
/// (defaultRfmSegmentRules() documents the default and its sources).
///
/// Progress: reading is 0..0.8 (per batch of rows), storing 0.8..1; the cancel token is polled
/// per batch of rows. A cancelled or failed build leaves the workspace unchanged; a successful
/// one creates the output table and an audit entry in one transaction.

#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/workspace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace microseg::core {

enum class ReturnsPolicy { Exclude, Net, Separate };
const char* returnsPolicyName(ReturnsPolicy policy); ///< "exclude", "net", "separate"
std::optional<ReturnsPolicy> returnsPolicyFromName(std::string_view name);

/// A named segment: inclusive score ranges for R, F and M.
struct RfmSegmentRule {
    std::string name;
    int rMin = 1, rMax = 5, fMin = 1, fMax = 5, mMin = 1, mMax = 5;
    [[nodiscard]] bool matches(int r, int f, int m) const noexcept {
        return r >= rMin && r <= rMax && f >= fMin && f <= fMax && m >= mMin && m <= mMax;
    }
};
inline constexpr const char* kRfmOtherSegment = "Other";

/// The default table, first match wins (see rfm_segments.cpp for the table and its sources).
std::vector<RfmSegmentRule> defaultRfmSegmentRules();
/// The first rule matching the scores, or kRfmOtherSegment.
std::string rfmSegment(const std::vector<RfmSegmentRule>& rules, int r, int f, int m);

/// pandas qcut(rank(method="first"), 5, labels=[1..5]) of `values` in their given order:
/// a score 1..5 per value. Needs at least 5 values (else an empty vector).
std::vector<int> quintileScores(const std::vector<double>& values);

struct RfmRequest {
    std::string table; ///< dataset name or table name
    std::string customerColumn;
    std::string dateColumn;
    std::string invoiceColumn; ///< optional: frequency = distinct invoices
    std::string amount;        ///< "Amount" or "Quantity*UnitPrice"
    std::string productColumn; ///< optional: distinct products per customer
    std::string dateFormat;    ///< optional: overrides the column's inferred date format
    std::optional<std::int32_t> analysisDate; ///< days since 1970-01-01; default: last day + 1
    std::optional<double> halfLifeDays;       ///< time decay of F and M (> 0); unset: none
    ReturnsPolicy returns = ReturnsPolicy::Net;
    std::string cancelledPrefix = "C";
    std::vector<RfmSegmentRule> segmentRules = defaultRfmSegmentRules();
    std::string outputTable; ///< new table; core::isValidDatasetName, not yet used
};

struct RfmCustomer {
    std::string customer;
    std::int32_t recency = 0;
    std::int64_t frequency = 0;
    double monetary = 0.0;
    int rScore = 0, fScore = 0, mScore = 0;
    std::string code; ///< "555"
    std::string segment;
    std::int32_t firstPurchase = 0, lastPurchase = 0; ///< days since 1970-01-01
    double averageOrder = 0.0;                        ///< monetary / frequency
    std::int64_t distinctProducts = 0;                ///< when a product column is given
    std::int64_t returnOrders = 0;                    ///< Separate: distinct return invoices
    double returnAmount = 0.0; ///< Separate: sum of return amounts (<= 0 as a rule)
    double weightedFrequency = 0.0, weightedMonetary = 0.0; ///< with a half-life only
};

struct RfmReport {
    std::string sourceTable;
    std::string outputTable;
    std::string amountExpression;
    ReturnsPolicy returns = ReturnsPolicy::Net;
    std::int32_t analysisDate = 0;
    std::optional<double> halfLifeDays; ///< as requested
    std::int64_t rowsRead = 0;
    std::int64_t missingCustomerRows = 0;       ///< lines without a customer key: excluded
    std::int64_t returnRows = 0;                ///< return lines seen (among lines with a customer)
    std::int64_t excludedReturnRows = 0;        ///< Exclude: return lines dropped
    std::int64_t customersWithoutPurchases = 0; ///< Exclude/Separate: left out
    std::vector<std::string> warnings;          ///< e.g. an ambiguous day/month date format
    std::vector<RfmCustomer> customers;         ///< in customer key order
    std::vector<std::pair<std::string, std::int64_t>> segmentCounts; ///< in rule order
    double seconds = 0.0;
};

/// Reads the transactions and computes every customer's RFM; does not write.
Result<RfmReport> computeRfm(const Workspace& workspace, const RfmRequest& request,
                             Progress& progress, const CancelToken& cancel);

/// computeRfm, then stores the table `request.outputTable` (_row INTEGER PRIMARY KEY, customer,
/// recency, frequency, monetary, r_score, f_score, m_score, rfm_code, segment, first_purchase,
/// last_purchase, average_order, [distinct_products], [return_orders, return_amount],
/// [weighted_frequency, weighted_monetary with a half-life]) and an
/// "rfm" audit entry with the parameters, in one transaction.
Result<RfmReport> buildRfm(Workspace& workspace, const RfmRequest& request, Progress& progress,
                           const CancelToken& cancel);

} // namespace microseg::core
