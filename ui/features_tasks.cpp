#include "features_tasks.h"

#include "microseg/workspace.h"

#include <algorithm>
#include <cmath>

namespace microseg::ui {

core::Result<core::CustomerAggregateReport>
buildCustomersTask(const std::string& workspacePath, const core::CustomerAggregateRequest& request,
                   core::Progress& progress, const core::CancelToken& cancel) {
    auto opened = core::Workspace::open(workspacePath);
    if (!opened)
        return opened.error();
    return core::aggregateCustomers(*opened.value(), request, progress, cancel);
}

core::Result<core::RfmReport> rfmTask(const std::string& workspacePath,
                                      const core::RfmRequest& request, core::Progress& progress,
                                      const core::CancelToken& cancel) {
    auto opened = core::Workspace::open(workspacePath);
    if (!opened)
        return opened.error();
    if (request.outputTable.empty()) {
        auto report = core::computeRfm(*opened.value(), request, progress, cancel);
        progress.report(1.0, "RFM computed");
        return report;
    }
    return core::buildRfm(*opened.value(), request, progress, cancel);
}

core::Result<FeaturePreview> featureSetTask(const std::string& workspacePath,
                                            const core::FeatureSpec& spec,
                                            const std::string& saveAs, bool overwrite,
                                            core::Progress& progress,
                                            const core::CancelToken& cancel) {
    auto opened = core::Workspace::open(workspacePath);
    if (!opened)
        return opened.error();
    core::Workspace& workspace = *opened.value();
    auto built = core::buildFeatureMatrix(workspace, spec, progress, cancel);
    if (!built)
        return built.error();
    const core::FeatureMatrix& matrix = built.value();
    FeaturePreview out;
    out.spec = matrix.spec;
    out.columnNames = matrix.columnNames;
    out.rowCount = matrix.values.rows();
    const Eigen::Index shown = std::min<Eigen::Index>(kPreviewRows, matrix.values.rows());
    for (Eigen::Index r = 0; r < shown; ++r) {
        out.keys.push_back(matrix.keys[static_cast<std::size_t>(r)]);
        std::vector<double> row(static_cast<std::size_t>(matrix.values.cols()));
        for (Eigen::Index c = 0; c < matrix.values.cols(); ++c)
            row[static_cast<std::size_t>(c)] = matrix.values(r, c);
        out.rows.push_back(std::move(row));
    }
    for (Eigen::Index c = 0; c < matrix.values.cols(); ++c) {
        const double mean = matrix.values.col(c).mean();
        const double variance = (matrix.values.col(c).array() - mean).square().mean();
        out.means.push_back(mean);
        out.deviations.push_back(std::sqrt(variance));
    }
    if (!saveAs.empty()) {
        if (cancel.isCancelled())
            return core::cancelledError();
        if (core::Status saved = core::saveFeatureSet(workspace, saveAs, matrix.spec, overwrite);
            !saved)
            return saved.error();
    }
    return out;
}

RfmSummary summariseRfm(const std::vector<core::RfmCustomer>& customers,
                        const std::vector<core::RfmSegmentRule>& rules,
                        std::vector<std::string>* segment) {
    RfmSummary out;
    std::vector<RfmSummary::Segment> segments(rules.size() + 1);
    for (std::size_t i = 0; i < rules.size(); ++i)
        segments[i].name = rules[i].name;
    segments.back().name = core::kRfmOtherSegment;
    if (segment)
        segment->assign(customers.size(), {});
    for (std::size_t i = 0; i < customers.size(); ++i) {
        const core::RfmCustomer& c = customers[i];
        if (c.rScore >= 1 && c.rScore <= 5 && c.fScore >= 1 && c.fScore <= 5) {
            ++out.customers[std::size_t(c.rScore - 1)][std::size_t(c.fScore - 1)];
            out.revenue[std::size_t(c.rScore - 1)][std::size_t(c.fScore - 1)] += c.monetary;
        }
        std::size_t rule = 0;
        while (rule < rules.size() && !rules[rule].matches(c.rScore, c.fScore, c.mScore))
            ++rule;
        RfmSummary::Segment& s = segments[rule];
        ++s.customers;
        s.revenue += c.monetary;
        s.meanRecency += double(c.recency);
        s.meanFrequency += double(c.frequency);
        s.meanMonetary += c.monetary;
        if (segment)
            (*segment)[i] = s.name;
        ++out.totalCustomers;
        out.totalRevenue += c.monetary;
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
        RfmSummary::Segment& s = segments[i];
        if (s.customers > 0) {
            s.meanRecency /= double(s.customers);
            s.meanFrequency /= double(s.customers);
            s.meanMonetary /= double(s.customers);
        }
        if (i < rules.size() || s.customers > 0)
            out.segments.push_back(s);
    }
    return out;
}

} // namespace microseg::ui
