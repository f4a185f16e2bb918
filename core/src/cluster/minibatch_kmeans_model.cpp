// MiniBatchKMeansModel: scikit-learn 1.2.1 `MiniBatchKMeans.partial_fit` and `predict`.
#include "minibatch_kmeans_detail.h"

#include <algorithm>

namespace microseg::core {

using detail::Index;

MiniBatchKMeansModel::MiniBatchKMeansModel(MiniBatchKMeansOptions options)
    : m_options(std::move(options)), m_rng(m_options.seed) {}

Result<MiniBatchKMeansModel> MiniBatchKMeansModel::fromFit(const MiniBatchKMeansResult& fit,
                                                           MiniBatchKMeansOptions options) {
    if (fit.centres.rows() < 1 || fit.counts.size() != fit.centres.rows() || fit.batchSize < 1)
        return detail::invalidArgument("The mini-batch k-means result has no centres.",
                                       std::to_string(fit.centres.rows()));
    options.k = static_cast<int>(fit.centres.rows());
    options.initialCentres.reset();
    MiniBatchKMeansModel model(std::move(options));
    model.m_centres = fit.centres;
    model.m_counts = fit.counts;
    model.m_batchSize = fit.batchSize;
    model.m_sinceReassign = fit.samplesSinceReassign;
    model.m_steps = fit.steps;
    return model;
}

Status MiniBatchKMeansModel::partialFit(const Eigen::Ref<const RowMatrix>& batch,
                                        const CancelToken& cancel) {
    const bool first = !isFitted();
    if (!first && batch.cols() != m_centres.cols())
        return detail::invalidArgument("The batch has " + std::to_string(batch.cols()) +
                                           " columns; the model has " +
                                           std::to_string(m_centres.cols()) + ".",
                                       std::to_string(batch.cols()));
    if (auto error = detail::validateMiniBatch(batch, m_options, first))
        return *error;
    if (cancel.isCancelled())
        return cancelledError();
    const int threads = detail::resolveThreadCount(m_options.threads);
    if (first) {
        // sklearn's _check_params_vs_input on the first batch, then _init_centroids.
        const Index n = batch.rows();
        const int k = m_options.k;
        const int batchSize = static_cast<int>(std::min<Index>(m_options.batchSize, n));
        Index initSize = m_options.initSize > 0 ? m_options.initSize : 3 * Index{batchSize};
        if (initSize < k)
            initSize = 3 * Index{k};
        initSize = std::min(initSize, n);
        RowMatrix centres;
        if (m_options.initialCentres) {
            centres = *m_options.initialCentres;
        } else if (initSize < n) {
            std::vector<Index> rows(static_cast<std::size_t>(initSize));
            for (Index& i : rows)
                i = detail::uniformIndex(m_rng, n);
            RowMatrix subsample;
            detail::gatherRows(batch, rows, subsample);
            centres = detail::seedPlusPlus(subsample, k, m_rng, threads, cancel);
        } else {
            centres = detail::seedPlusPlus(batch, k, m_rng, threads, cancel);
        }
        if (centres.rows() == 0)
            return cancelledError();
        m_centres = std::move(centres);
        m_counts = Eigen::VectorXd::Zero(k);
        m_batchSize = batchSize;
        m_sinceReassign = 0;
    }
    // sklearn advances the reassignment clock by the first batch's size, whatever this one's.
    const bool reassign = detail::dueForReassign(m_sinceReassign, m_batchSize, m_counts,
                                                 static_cast<int>(m_centres.rows()));
    m_lastBatchInertia = detail::miniBatchStep(batch, m_centres, m_counts, m_rng, reassign,
                                               m_options.reassignmentRatio, threads);
    ++m_steps;
    return success();
}

Result<std::vector<std::int32_t>>
MiniBatchKMeansModel::predict(const Eigen::Ref<const RowMatrix>& rows) const {
    if (!isFitted())
        return detail::invalidArgument("The mini-batch k-means model has no centres yet; call "
                                       "partialFit() or fromFit() first.",
                                       "0");
    if (rows.cols() != m_centres.cols())
        return detail::invalidArgument("The rows have " + std::to_string(rows.cols()) +
                                           " columns; the model has " +
                                           std::to_string(m_centres.cols()) + ".",
                                       std::to_string(rows.cols()));
    if (!rows.allFinite())
        return detail::invalidArgument("Prediction needs finite values; the rows contain NaN or "
                                       "infinity.",
                                       "NaN");
    return detail::nearestLabels(rows, m_centres, detail::resolveThreadCount(m_options.threads));
}

} // namespace microseg::core
