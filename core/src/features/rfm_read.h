#pragma once
// Private to core/src/features: the transaction reader shared by RFM (rfm_build.cpp) and the
// customer aggregate (customer_aggregate.cpp): one SELECT of the needed columns, dates, amounts
// ("Amount" or "Quantity*UnitPrice") and returns read one way, aggregated per customer key.

#include "microseg/column_type.h"
#include "microseg/date_parse.h"
#include "microseg/error.h"
#include "microseg/progress.h"
#include "microseg/rfm.h"
#include "microseg/workspace.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace microseg::core::features {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
/// Interns strings to dense ids, remembering the last lookup (rows of one invoice are adjacent).
class Interner {
  public:
    std::uint32_t id(std::string_view text) {
        if (m_last != kNone && text == m_lastText)
            return m_last;
        auto it = m_ids.find(text);
        if (it == m_ids.end()) {
            it = m_ids.emplace(std::string(text), static_cast<std::uint32_t>(m_ids.size())).first;
            m_keys.push_back(it->first);
        }
        m_last = it->second;
        m_lastText = it->first;
        return m_last;
    }
    [[nodiscard]] std::size_t size() const noexcept { return m_ids.size(); }
    /// Keys by id (views into the map's nodes, which never move).
    [[nodiscard]] const std::vector<std::string_view>& keys() const noexcept { return m_keys; }

  private:
    static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> m_ids;
    std::vector<std::string_view> m_keys;
    std::uint32_t m_last = kNone;
    std::string_view m_lastText; // points into a key of m_ids (node-based: stable)
};

/// pandas' groupby sum: Kahan-compensated, in row order (pandas/_libs/groupby.pyx group_sum).
struct KahanSum {
    double sum = 0.0, compensation = 0.0;
    void add(double value) noexcept {
        const double y = value - compensation;
        const double t = sum + y;
        compensation = t - sum - y;
        sum = t;
    }
};

struct Aggregate {
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = std::numeric_limits<std::int64_t>::min();
    KahanSum monetary, returns;
    std::vector<std::int64_t> orders, returnOrders;
    std::vector<std::uint32_t> products;
    bool purchased = false;
    // Only with a half-life (time decay): every purchase line's day and amount in row order, and
    // every (order, day) pair, so that weights can be applied once the analysis date is known.
    std::vector<std::pair<std::int32_t, double>> dayAmounts;
    std::vector<std::pair<std::int64_t, std::int32_t>> orderDays;
};

/// Time-decayed totals of one customer (rfm.h): weight(day) = 0.5^((analysisDay - day) /
/// halfLifeDays); spend = Kahan sum of weight * amount in row order; orders = sum over distinct
/// orders of the weight of the order's earliest day.
struct DecayedTotals {
    double orders = 0.0, spend = 0.0;
};
DecayedTotals decayedTotals(Aggregate& aggregate, std::int32_t analysisDay, double halfLifeDays);
/// InvalidArgument unless the half-life is a finite number of days > 0.
Status checkHalfLife(const std::optional<double>& halfLifeDays);

inline std::int64_t floorDays(std::int64_t seconds) {
    return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

/// The columns of the source table with their inferred types (Text when unknown).
struct SourceColumns {
    std::vector<std::string> names;
    std::vector<InferredType> types;
    bool typed = false;
    int find(const std::string& name) const {
        const auto it = std::find(names.begin(), names.end(), name);
        return it == names.end() ? -1 : int(it - names.begin());
    }
};

/// What to read and how: resolved columns, the date parser, the number formats, the SELECT.
struct ReadPlan {
    std::string table;
    SourceColumns columns;
    int customerIndex = -1, dateIndex = -1, invoiceIndex = -1, productIndex = -1;
    std::vector<int> amountIndexes;
    std::vector<char> decimalMarks;
    std::optional<DateParser> dates;
    std::string sql;
};

/// Per-customer aggregates in order of first appearance.
struct Transactions {
    Interner customers;
    std::vector<Aggregate> aggregates;
};

/// Resolves the columns of `request` (amount expression, date parser) and records the source
/// table and date warnings in `report`.
Result<ReadPlan> planRead(const Workspace& workspace, const RfmRequest& request,
                          RfmReport& report);
/// The one pass over the rows (progress 0..0.8, cancel polled per batch); fills rowsRead,
/// missingCustomerRows, returnRows, excludedReturnRows. Unreadable dates or amounts are errors.
Status aggregateRows(sqlite3* db, const ReadPlan& plan, const RfmRequest& request,
                     RfmReport& report, Transactions& out, Progress& progress,
                     const CancelToken& cancel);
/// Ids of the customers with purchases in pandas' groupby order (numeric for integer keys);
/// counts the others in `withoutPurchases`.
std::vector<std::uint32_t> customerOrder(const Transactions& in, bool integerKeys,
                                         std::int64_t& withoutPurchases);

} // namespace microseg::core::features
