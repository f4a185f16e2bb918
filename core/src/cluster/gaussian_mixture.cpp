// Gaussian mixture driver: argument checks, k-means (or explicit) initialisation, the EM loop
// with scikit-learn 1.2.1's control flow (BaseMixture.fit_predict), restarts keeping the best
// lower bound, the final E step for memberships and labels, and scoring of new rows.
#include "gaussian_mixture_detail.h"

#include <cmath>
#include <limits>
#include <new>
#include <optional>
#include <random>
#include <string>

namespace microseg::core {
namespace {

using detail::gmm::Index;

Error invalid(const std::string& message, const std::string& value) {
    return Error{ErrorCode::InvalidArgument, message, {}, 0, 0, value};
}

std::string shape(Index rows, Index cols) {
    return std::to_string(rows) + "x" + std::to_string(cols);
}

bool knownType(CovarianceType t) {
    return t == CovarianceType::Full || t == CovarianceType::Tied || t == CovarianceType::Diag ||
           t == CovarianceType::Spherical;
}

std::optional<Error> validate(const Eigen::Ref<const RowMatrix>& data,
                              const GaussianMixtureOptions& o) {
    const Index n = data.rows();
    if (n < 2 || data.cols() == 0)
        return invalid("A Gaussian mixture needs at least two rows and one column; the data is " +
                           std::to_string(n) + " x " + std::to_string(data.cols()) + ".",
                       shape(n, data.cols()));
    if (o.k < 1 || o.k > n)
        return invalid("The number of components k = " + std::to_string(o.k) +
                           " must be between 1 and the number of rows (" + std::to_string(n) + ").",
                       std::to_string(o.k));
    if (!knownType(o.covarianceType))
        return invalid("Unknown covariance type " +
                           std::to_string(static_cast<int>(o.covarianceType)) +
                           "; expected full, tied, diag or spherical.",
                       std::to_string(static_cast<int>(o.covarianceType)));
    if (o.nInit < 1)
        return invalid("The number of restarts nInit = " + std::to_string(o.nInit) +
                           " must be at least 1.", std::to_string(o.nInit));
    if (o.maxIterations < 1)
        return invalid("maxIterations = " + std::to_string(o.maxIterations) +
                           " must be at least 1.", std::to_string(o.maxIterations));
    if (!(o.tolerance >= 0.0) || !std::isfinite(o.tolerance))
        return invalid("The tolerance must be a finite number >= 0.", std::to_string(o.tolerance));
    if (!(o.regularization >= 0.0) || !std::isfinite(o.regularization))
        return invalid("The covariance regularization must be a finite number >= 0.",
                       std::to_string(o.regularization));
    if (o.threads < 0)
        return invalid("threads = " + std::to_string(o.threads) + " must be 0 (all cores) or more.",
                       std::to_string(o.threads));
    if (!data.allFinite())
        return invalid("A Gaussian mixture needs finite values; the data contains NaN or infinity.",
                       "NaN");
    if (o.initialLabels && o.initialResponsibilities)
        return invalid("Give initial labels or initial responsibilities, not both.", "both");
    if (o.initialLabels) {
        const auto& labels = *o.initialLabels;
        if (static_cast<Index>(labels.size()) != n)
            return invalid("The initial labels must be one per row (" + std::to_string(n) +
                               "); there are " + std::to_string(labels.size()) + ".",
                           std::to_string(labels.size()));
        for (std::size_t i = 0; i < labels.size(); ++i)
            if (labels[i] < 0 || labels[i] >= o.k)
                return invalid("Initial label " + std::to_string(labels[i]) + " of row " +
                                   std::to_string(i + 1) + " is outside 0.." +
                                   std::to_string(o.k - 1) + ".",
                               std::to_string(labels[i]));
    }
    if (o.initialResponsibilities) {
        const RowMatrix& r = *o.initialResponsibilities;
        if (r.rows() != n || r.cols() != o.k)
            return invalid("The initial responsibilities must be n x k = " + shape(n, o.k) +
                               "; they are " + shape(r.rows(), r.cols()) + ".",
                           shape(r.rows(), r.cols()));
        if (!r.allFinite() || (r.array() < 0.0).any())
            return invalid("The initial responsibilities must be finite and non-negative.", "");
    }
    return std::nullopt;
}

Error notPositiveDefinite(const detail::gmm::NotPositiveDefinite& e, double regularization) {
    return invalid("Fitting the mixture failed: the covariance of component " +
                       std::to_string(e.component + 1) +
                       " is not positive definite (collapsed or duplicated rows). Use fewer "
                       "components or a larger regularization than " +
                       std::to_string(regularization) + ".",
                   std::to_string(e.component + 1));
}

/// One EM run from initial responsibilities.
struct Run {
    GaussianMixtureModel model;
    double lowerBound = -std::numeric_limits<double>::infinity();
    int iterations = 0;
    bool converged = false;
};

} // namespace

Result<GaussianMixtureResult> gaussianMixture(const Eigen::Ref<const RowMatrix>& data,
                                              const GaussianMixtureOptions& options,
                                              Progress& progress, const CancelToken& cancel) {
    using namespace detail::gmm;
    if (auto error = validate(data, options))
        return *error;
    if (cancel.isCancelled())
        return cancelledError();
    const Index n = data.rows();
    const Index d = data.cols();
    const Index k = options.k;
    const CovarianceType type = options.covarianceType;
    try {
        const int threads = detail::resolveThreadCount(options.threads);
        const BlockPlan plan = makeBlockPlan(n, k, d);
        const bool explicitInit = options.initialLabels || options.initialResponsibilities;
        const int runs = explicitInit ? 1 : options.nInit;
        const double initShare = 0.15;
        std::mt19937_64 rng(options.seed);
        std::optional<Run> best;
        progress.report(0.0, "Gaussian mixture");
        for (int run = 0; run < runs; ++run) {
            const double base = static_cast<double>(run) / runs;
            const double share = 1.0 / runs;
            if (cancel.isCancelled())
                return cancelledError();
            // Initial responsibilities, produced batch by batch (no n x k matrix for labels).
            std::vector<std::int32_t> kmeansLabels;
            const std::vector<std::int32_t>* labels = nullptr;
            if (options.initialLabels) {
                labels = &*options.initialLabels;
            } else if (!options.initialResponsibilities) {
                KMeansOptions ko;
                ko.k = options.k;
                ko.nInit = 1;
                ko.seed = rng();
                ko.threads = threads;
                Progress kmeansProgress([&](double f, const std::string&) {
                    progress.report(base + share * initShare * f);
                });
                auto km = kmeans(data, ko, kmeansProgress, cancel);
                if (!km.ok())
                    return km.error();
                kmeansLabels = std::move(km.value().labels);
                labels = &kmeansLabels;
            }
            PassRequest init;
            init.fill = [&](Index begin, Index rows, Eigen::MatrixXd& resp) {
                if (labels) {
                    resp.setZero(rows, k);
                    for (Index i = 0; i < rows; ++i)
                        resp(i, (*labels)[static_cast<std::size_t>(begin + i)]) = 1.0;
                } else {
                    resp = options.initialResponsibilities->middleRows(begin, rows);
                }
            };
            // Two passes: the means, then the scatter about them (as scikit-learn's diff).
            const RowMatrix zero = RowMatrix::Zero(k, d);
            Stats stats;
            init.shift = &zero;
            if (!runPass(data, plan, threads, cancel, init, k, stats))
                return cancelledError();
            const RowMatrix firstMeans = maximiseMeans(stats, zero);
            init.shift = &firstMeans;
            init.scatter = scatterOf(type);
            if (!runPass(data, plan, threads, cancel, init, k, stats))
                return cancelledError();
            Run current;
            current.model = maximise(stats, firstMeans, type, options.regularization, n, true);
            progress.report(base + share * initShare);

            for (int iteration = 1; iteration <= options.maxIterations; ++iteration) {
                if (cancel.isCancelled())
                    return cancelledError();
                const Density density = makeDensity(current.model);
                PassRequest em;
                em.density = &density;
                em.shift = &current.model.means;
                em.scatter = scatterOf(type);
                if (!runPass(data, plan, threads, cancel, em, k, stats))
                    return cancelledError();
                const double previous = current.lowerBound;
                current.lowerBound = stats.logLikelihood / static_cast<double>(n);
                current.model =
                    maximise(stats, current.model.means, type, options.regularization, n, false);
                current.iterations = iteration;
                progress.report(base + share * (initShare + (1.0 - initShare) * iteration /
                                                                options.maxIterations));
                if (std::abs(current.lowerBound - previous) < options.tolerance) {
                    current.converged = true;
                    break;
                }
            }
            if (!best || current.lowerBound > best->lowerBound ||
                best->lowerBound == -std::numeric_limits<double>::infinity())
                best = std::move(current);
        }

        // Final E step: memberships, labels and the likelihood of the returned parameters.
        GaussianMixtureResult out;
        out.labels.resize(static_cast<std::size_t>(n));
        if (options.storeProbabilities)
            out.probabilities.resize(n, k);
        const Density density = makeDensity(best->model);
        PassRequest last;
        last.density = &density;
        last.labels = &out.labels;
        last.probabilities = options.storeProbabilities ? &out.probabilities : nullptr;
        Stats stats;
        if (!runPass(data, plan, threads, cancel, last, k, stats))
            return cancelledError();
        out.model = std::move(best->model);
        out.converged = best->converged;
        out.iterations = best->iterations;
        out.lowerBound = best->lowerBound;
        out.logLikelihood = stats.logLikelihood;
        out.meanLogLikelihood = stats.logLikelihood / static_cast<double>(n);
        out.bic = out.model.bic(out.logLikelihood, n);
        out.aic = out.model.aic(out.logLikelihood);
        progress.report(1.0);
        return out;
    } catch (const NotPositiveDefinite& e) {
        return notPositiveDefinite(e, options.regularization);
    } catch (const std::bad_alloc&) {
        return invalid("Not enough memory for a Gaussian mixture with k = " +
                           std::to_string(options.k) + " on " + std::to_string(n) +
                           " rows (memberships need 8 n k bytes; storeProbabilities = false "
                           "avoids them).",
                       std::to_string(options.k));
    }
}

Result<GaussianMixtureScores> scoreGaussianMixture(const GaussianMixtureModel& model,
                                                   const Eigen::Ref<const RowMatrix>& data,
                                                   bool storeProbabilities, int threads,
                                                   Progress& progress, const CancelToken& cancel) {
    using namespace detail::gmm;
    const Index k = model.means.rows();
    const Index d = model.means.cols();
    const CovarianceType t = model.covarianceType;
    const bool square = t == CovarianceType::Full || t == CovarianceType::Tied;
    const Index factorRows = t == CovarianceType::Tied ? 1 : k;
    const Index factorCols = square ? d * d : (t == CovarianceType::Diag ? d : 1);
    if (!knownType(t) || k < 1 || d < 1 || model.weights.size() != k ||
        model.precisionsCholesky.rows() != factorRows ||
        model.precisionsCholesky.cols() != factorCols)
        return invalid("The mixture model is empty or inconsistent: " + shape(k, d) +
                           " means, precision factors " +
                           shape(model.precisionsCholesky.rows(), model.precisionsCholesky.cols()) +
                           ".",
                       shape(model.precisionsCholesky.rows(), model.precisionsCholesky.cols()));
    if (data.cols() != d)
        return invalid("The data has " + std::to_string(data.cols()) +
                           " columns; the model was fitted on " + std::to_string(d) + ".",
                       std::to_string(data.cols()));
    if (threads < 0)
        return invalid("threads = " + std::to_string(threads) + " must be 0 (all cores) or more.",
                       std::to_string(threads));
    if (!data.allFinite())
        return invalid("Scoring needs finite values; the data contains NaN or infinity.", "NaN");
    if (cancel.isCancelled())
        return cancelledError();
    const Index n = data.rows();
    GaussianMixtureScores out;
    out.labels.resize(static_cast<std::size_t>(n));
    out.logLikelihoods.resize(n);
    if (storeProbabilities)
        out.probabilities.resize(n, k);
    if (n == 0)
        return out;
    progress.report(0.0, "Scoring");
    const Density density = makeDensity(model);
    PassRequest request;
    request.density = &density;
    request.labels = &out.labels;
    request.probabilities = storeProbabilities ? &out.probabilities : nullptr;
    request.rowLogLikelihoods = &out.logLikelihoods;
    Stats stats;
    if (!runPass(data, makeBlockPlan(n, k, d), detail::resolveThreadCount(threads), cancel,
                 request, k, stats))
        return cancelledError();
    out.meanLogLikelihood = stats.logLikelihood / static_cast<double>(n);
    progress.report(1.0);
    return out;
}

} // namespace microseg::core
