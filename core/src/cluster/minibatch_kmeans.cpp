// Mini-batch k-means fit (scikit-learn 1.2.1 `MiniBatchKMeans.fit` control flow): seeding on
// subsamples, random batches, early stopping on the smoothed batch inertia, final labelling.
#include "minibatch_kmeans_detail.h"

#include <algorithm>
#include <cmath>
#include <new>

namespace microseg::core {
namespace {

using detail::Index;

/// sklearn's `_mini_batch_convergence` state and test.
struct Convergence {
    std::optional<double> ewa;
    std::optional<double> ewaMin;
    int noImprovement = 0;

    bool stop(std::int64_t step, Index rows, int batchSize, double squaredShift,
              double absoluteTolerance, int maxNoImprovement, double batchInertia) {
        batchInertia /= batchSize;
        if (step == 0) // the first batch measures the initialisation: ignored
            return false;
        if (!ewa) {
            ewa = batchInertia;
        } else {
            const double alpha =
                std::min(1.0, batchSize * 2.0 / (static_cast<double>(rows) + 1.0));
            ewa = *ewa * (1.0 - alpha) + batchInertia * alpha;
        }
        if (absoluteTolerance > 0.0 && squaredShift <= absoluteTolerance)
            return true;
        if (!ewaMin || *ewa < *ewaMin) {
            noImprovement = 0;
            ewaMin = ewa;
        } else {
            ++noImprovement;
        }
        return maxNoImprovement >= 0 && noImprovement >= maxNoImprovement;
    }
};

std::vector<Index> drawIndices(std::mt19937_64& rng, Index n, Index count) {
    std::vector<Index> out(static_cast<std::size_t>(count));
    for (Index& i : out)
        i = detail::uniformIndex(rng, n);
    return out;
}

} // namespace

Result<MiniBatchKMeansResult> miniBatchKMeans(const Eigen::Ref<const RowMatrix>& data,
                                              const MiniBatchKMeansOptions& options,
                                              Progress& progress, const CancelToken& cancel) {
    if (auto error = detail::validateMiniBatch(data, options, true))
        return *error;
    if (cancel.isCancelled())
        return cancelledError();
    try {
        const Index n = data.rows();
        const int k = options.k;
        const int threads = detail::resolveThreadCount(options.threads);
        const int batchSize = static_cast<int>(std::min<Index>(options.batchSize, n));
        Index initSize = options.initSize > 0 ? options.initSize : 3 * Index{batchSize};
        if (initSize < k)
            initSize = 3 * Index{k};
        initSize = std::min(initSize, n);
        const double absoluteTolerance = detail::meanVarianceTolerance(data, options.tolerance);
        std::mt19937_64 rng(options.seed);

        progress.report(0.0, "mini-batch k-means");
        constexpr double kInitShare = 0.1;
        constexpr double kLabelShare = 0.05;
        RowMatrix centres;
        if (options.initialCentres) {
            centres = *options.initialCentres;
        } else {
            RowMatrix validation;
            detail::gatherRows(data, drawIndices(rng, n, initSize), validation);
            double bestInertia = 0.0;
            RowMatrix subsample;
            for (int init = 0; init < options.nInit; ++init) {
                if (cancel.isCancelled())
                    return cancelledError();
                RowMatrix seeds;
                if (initSize < n) {
                    detail::gatherRows(data, drawIndices(rng, n, initSize), subsample);
                    seeds = detail::seedPlusPlus(subsample, k, rng, threads, cancel);
                } else {
                    seeds = detail::seedPlusPlus(data, k, rng, threads, cancel);
                }
                if (seeds.rows() == 0)
                    return cancelledError();
                double inertia = 0.0;
                detail::nearestLabels(validation, seeds, threads, &inertia);
                if (init == 0 || inertia < bestInertia) {
                    bestInertia = inertia;
                    centres = std::move(seeds);
                }
                progress.report(kInitShare * (init + 1) / options.nInit);
            }
        }

        MiniBatchKMeansResult out;
        out.batchSize = batchSize;
        out.counts = Eigen::VectorXd::Zero(k);
        Convergence convergence;
        const std::int64_t totalSteps =
            (static_cast<std::int64_t>(options.maxIterations) * n) / batchSize;
        RowMatrix batch;
        RowMatrix previous;
        std::int64_t step = 0;
        for (; step < totalSteps; ++step) {
            if (cancel.isCancelled())
                return cancelledError();
            detail::gatherRows(data, drawIndices(rng, n, batchSize), batch);
            const bool reassign =
                detail::dueForReassign(out.samplesSinceReassign, batchSize, out.counts, k);
            if (absoluteTolerance > 0.0)
                previous = centres;
            const double batchInertia =
                detail::miniBatchStep(batch, centres, out.counts, rng, reassign,
                                      options.reassignmentRatio, threads);
            const double shift =
                absoluteTolerance > 0.0 ? (centres - previous).squaredNorm() : 0.0;
            progress.report(kInitShare + (1.0 - kInitShare - kLabelShare) *
                                             static_cast<double>(step + 1) /
                                             static_cast<double>(totalSteps));
            if (convergence.stop(step, n, batchSize, shift, absoluteTolerance,
                                 options.maxNoImprovement, batchInertia)) {
                out.converged = true;
                ++step;
                break;
            }
        }
        out.steps = std::max<std::int64_t>(step, 0);
        out.epochs = static_cast<int>((out.steps * batchSize + n - 1) / n);
        if (cancel.isCancelled())
            return cancelledError();
        if (options.computeLabels) {
            progress.report(1.0 - kLabelShare, "labels");
            out.labels = detail::nearestLabels(data, centres, threads, &out.inertia);
        } else {
            out.inertia = convergence.ewa.value_or(0.0) * static_cast<double>(n);
        }
        out.centres = std::move(centres);
        progress.report(1.0);
        return out;
    } catch (const std::bad_alloc&) {
        return detail::invalidArgument("Not enough memory for mini-batch k-means with k = " +
                                           std::to_string(options.k) + ".",
                                       std::to_string(options.k));
    }
}

} // namespace microseg::core
