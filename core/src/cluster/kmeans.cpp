// K-means driver: argument checks, scikit-learn's data-relative tolerance, restarts keeping the
// lowest inertia, progress and cancellation. The iterations live in kmeans_lloyd.cpp and
// kmeans_elkan.cpp, the seeding in kmeans_init.cpp.
#include "kmeans_detail.h"

#include <cmath>
#include <new>
#include <optional>
#include <string>

namespace microseg::core {
namespace {

Error invalid(const std::string& message, const std::string& value) {
    return Error{ErrorCode::InvalidArgument, message, {}, 0, 0, value};
}

std::optional<Error> validate(const Eigen::Ref<const RowMatrix>& data, const KMeansOptions& o) {
    const auto n = data.rows();
    if (n == 0 || data.cols() == 0)
        return invalid("K-means needs at least one row and one column; the data is " +
                           std::to_string(n) + " x " + std::to_string(data.cols()) + ".",
                       std::to_string(n) + "x" + std::to_string(data.cols()));
    if (o.k < 1 || o.k > n)
        return invalid("The number of clusters k = " + std::to_string(o.k) +
                           " must be between 1 and the number of rows (" + std::to_string(n) + ").",
                       std::to_string(o.k));
    if (o.nInit < 1)
        return invalid("The number of restarts nInit = " + std::to_string(o.nInit) +
                           " must be at least 1.",
                       std::to_string(o.nInit));
    if (o.maxIterations < 1)
        return invalid("maxIterations = " + std::to_string(o.maxIterations) +
                           " must be at least 1.",
                       std::to_string(o.maxIterations));
    if (!(o.tolerance >= 0.0) || !std::isfinite(o.tolerance))
        return invalid("The tolerance must be a finite number >= 0.", std::to_string(o.tolerance));
    if (o.threads < 0)
        return invalid("threads = " + std::to_string(o.threads) + " must be 0 (all cores) or more.",
                       std::to_string(o.threads));
    // Elkan keeps n x k lower bounds: refuse clearly instead of exhausting memory.
    constexpr double kElkanBoundsLimit = 2.0 * 1024 * 1024 * 1024; // bytes
    const double boundsBytes = 8.0 * static_cast<double>(n) * o.k;
    if (o.algorithm == KMeansAlgorithm::Elkan && o.k > 1 && boundsBytes > kElkanBoundsLimit)
        return invalid("Elkan's algorithm would need " +
                           std::to_string(static_cast<long long>(boundsBytes / (1024 * 1024))) +
                           " MB for its bounds with k = " + std::to_string(o.k) + " on " +
                           std::to_string(n) + " rows (8 x n x k bytes); use Lloyd instead.",
                       std::to_string(o.k));
    if (!data.allFinite())
        return invalid("K-means needs finite values; the data contains NaN or infinity.", "NaN");
    if (o.initialCentres) {
        const RowMatrix& c = *o.initialCentres;
        if (c.rows() != o.k || c.cols() != data.cols())
            return invalid("The initial centres must be k x d = " + std::to_string(o.k) + " x " +
                               std::to_string(data.cols()) + "; they are " +
                               std::to_string(c.rows()) + " x " + std::to_string(c.cols()) + ".",
                           std::to_string(c.rows()) + "x" + std::to_string(c.cols()));
        if (!c.allFinite())
            return invalid("The initial centres contain NaN or infinity.", "NaN");
    }
    return std::nullopt;
}

/// scikit-learn's `_tolerance`: tol times the mean of the per-feature (population) variances.
double absoluteTolerance(const Eigen::Ref<const RowMatrix>& data, double tolerance) {
    if (tolerance == 0.0)
        return 0.0;
    // Two row-wise passes (mean, then squared deviations): sequential over the row-major data
    // and as accurate as numpy's np.var.
    const double n = static_cast<double>(data.rows());
    Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(data.cols());
    for (Eigen::Index i = 0; i < data.rows(); ++i)
        mean += data.row(i);
    mean /= n;
    Eigen::RowVectorXd squares = Eigen::RowVectorXd::Zero(data.cols());
    for (Eigen::Index i = 0; i < data.rows(); ++i)
        squares += (data.row(i) - mean).cwiseAbs2();
    return tolerance * (squares / n).mean();
}

} // namespace

Result<KMeansResult> kmeans(const Eigen::Ref<const RowMatrix>& data, const KMeansOptions& options,
                            Progress& progress, const CancelToken& cancel) {
    if (auto error = validate(data, options))
        return *error;
    if (cancel.isCancelled())
        return cancelledError();
    try {
        const int threads = detail::resolveThreadCount(options.threads);
        const bool explicitCentres = options.initialCentres.has_value();
        // Restarts only make sense with random seeding; explicit centres run once (as sklearn).
        const int runs = explicitCentres ? 1 : options.nInit;
        // Elkan's bounds need two centres; with k = 1 scikit-learn also falls back to Lloyd.
        const bool elkan = options.algorithm == KMeansAlgorithm::Elkan && options.k > 1;
        const double initShare = explicitCentres ? 0.0 : 0.2;

        detail::RunSettings settings;
        settings.maxIterations = options.maxIterations;
        settings.absoluteTolerance = absoluteTolerance(data, options.tolerance);
        settings.threads = threads;
        settings.cancel = &cancel;

        std::mt19937_64 rng(options.seed);
        std::optional<detail::RunResult> best;
        progress.report(0.0, "k-means");
        for (int run = 0; run < runs; ++run) {
            const double base = static_cast<double>(run) / runs;
            const double share = 1.0 / runs;
            RowMatrix centres;
            if (explicitCentres) {
                centres = *options.initialCentres;
            } else {
                centres = detail::seedPlusPlus(data, options.k, rng, threads, cancel);
                if (centres.rows() == 0)
                    return cancelledError();
            }
            progress.report(base + share * initShare);
            settings.onIteration = [&](double f) {
                progress.report(base + share * (initShare + (1.0 - initShare) * f));
            };
            detail::RunResult result = elkan ? detail::runElkan(data, std::move(centres), settings)
                                             : detail::runLloyd(data, std::move(centres), settings);
            if (result.cancelled)
                return cancelledError();
            if (!best || result.inertia < best->inertia)
                best = std::move(result);
        }
        progress.report(1.0);
        KMeansResult out;
        out.labels = std::move(best->labels);
        out.centres = std::move(best->centres);
        out.inertia = best->inertia;
        out.iterations = best->iterations;
        out.converged = best->converged;
        return out;
    } catch (const std::bad_alloc&) {
        return invalid("Not enough memory for k-means with k = " + std::to_string(options.k) +
                           " on " + std::to_string(data.rows()) + " rows" +
                           (options.algorithm == KMeansAlgorithm::Elkan
                                ? " (Elkan keeps n x k bounds; Lloyd needs far less)."
                                : "."),
                       std::to_string(options.k));
    }
}

} // namespace microseg::core
