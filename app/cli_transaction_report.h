#pragma once
// What the customers and rfm commands both report: each makes one pass over a transaction table
// and returns a report (CustomerAggregateReport, RfmReport) with the same bookkeeping fields.

#include "microseg/rfm.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <iostream>

namespace microseg::cli {

/// Output and source table, counts of customers, rows read, rows left out, returns and warnings.
template <typename Report> void addTransactionReportJson(QJsonObject& out, const Report& report) {
    out["table"] = QString::fromStdString(report.outputTable);
    out["source_table"] = QString::fromStdString(report.sourceTable);
    out["customers"] = static_cast<qint64>(report.customers.size());
    out["rows_read"] = static_cast<qint64>(report.rowsRead);
    out["missing_customer_rows"] = static_cast<qint64>(report.missingCustomerRows);
    out["return_rows"] = static_cast<qint64>(report.returnRows);
    out["customers_without_purchases"] = static_cast<qint64>(report.customersWithoutPurchases);
    out["returns"] = core::returnsPolicyName(report.returns);
    QJsonArray warnings;
    for (const auto& warning : report.warnings)
        warnings.append(QString::fromStdString(warning));
    out["warnings"] = warnings;
}

/// The text lines after the summary line: what was left out, then the warnings.
template <typename Report> void printTransactionReportNotes(const Report& report) {
    if (report.missingCustomerRows > 0)
        std::cout << report.missingCustomerRows << " rows without a customer key were left out\n";
    if (report.customersWithoutPurchases > 0)
        std::cout << report.customersWithoutPurchases
                  << " customers with returns only were left out\n";
    for (const auto& warning : report.warnings)
        std::cout << "warning: " << warning << "\n";
}

} // namespace microseg::cli
