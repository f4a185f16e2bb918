// t-SNE driver: validation, initialisation and the gradient descent of scikit-learn 1.2.1's
// _gradient_descent (momentum, gains), on the exact or Barnes-Hut gradient.
#include "microseg/tsne.h"

#include "../cluster/parallel_for.h"
#include "barnes_hut.h"
#include "microseg/pca.h"
#include "tsne_detail.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <variant>

namespace microseg::core {
namespace {

using Index = Eigen::Index;

/// Final fraction of the progress bar spent before the first iteration (neighbours, P, init).
constexpr double kSetupShare = 0.1;

TsneGradient resolveGradient(TsneGradient requested, Index rows) {
    if (requested != TsneGradient::Auto)
        return requested;
    return rows <= kTsneExactMaxRows ? TsneGradient::Exact : TsneGradient::BarnesHut;
}

Status checkOptions(const Eigen::Ref<const RowMatrix>& x, const TsneOptions& o) {
    const Index n = x.rows();
    auto invalid = [](const std::string& message, const std::string& value) {
        return Error{ErrorCode::InvalidArgument, "t-SNE: " + message, {}, 0, 0, value};
    };
    if (n < 4 || x.cols() < 1)
        return invalid("needs at least 4 rows and 1 column; the data has " + std::to_string(n) +
                           " x " + std::to_string(x.cols()) + ".",
                       std::to_string(n));
    if (!(o.perplexity > 0.0) || o.perplexity >= static_cast<double>(n))
        return invalid("the perplexity must be positive and below the number of rows (" +
                           std::to_string(n) + "), not " + std::to_string(o.perplexity) + ".",
                       std::to_string(o.perplexity));
    if (o.iterations < 1 || o.exaggerationIterations < 0 || o.snapshotEvery < 1)
        return invalid("iterations and the snapshot period must be at least 1.",
                       std::to_string(o.iterations));
    if (!(o.earlyExaggeration >= 1.0) || !std::isfinite(o.earlyExaggeration))
        return invalid("the early exaggeration must be at least 1.",
                       std::to_string(o.earlyExaggeration));
    if (!(o.theta > 0.0 && o.theta <= 1.0))
        return invalid("the Barnes-Hut angle theta must be in (0, 1].", std::to_string(o.theta));
    if (!std::isfinite(o.learningRate))
        return invalid("the learning rate must be finite.", std::to_string(o.learningRate));
    if (resolveGradient(o.gradient, n) == TsneGradient::Exact && n > kTsneExactLimitRows)
        return invalid("the exact gradient is limited to " + std::to_string(kTsneExactLimitRows) +
                           " rows (it keeps an n x n matrix); use Barnes-Hut.",
                       std::to_string(n));
    if (o.init == TsneInit::Pca && x.cols() < 2)
        return invalid("PCA initialisation needs at least 2 columns; use random initialisation.",
                       std::to_string(x.cols()));
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < x.cols(); ++j)
            if (!std::isfinite(x(i, j)))
                return Error{ErrorCode::InvalidArgument,
                             "t-SNE needs finite values; row " + std::to_string(i + 1) +
                                 ", column " + std::to_string(j + 1) + " is not.",
                             {}, i + 1, j + 1, std::to_string(x(i, j))};
    return success();
}

Result<RowMatrix> initialEmbedding(const Eigen::Ref<const RowMatrix>& x, const TsneOptions& o,
                                   const CancelToken& cancel) {
    constexpr double kScale = 1e-4;
    const Index n = x.rows();
    if (o.init == TsneInit::Random) {
        // Box-Muller on our own [0, 1) mapping: the same numbers on every platform.
        std::mt19937_64 rng(o.seed);
        const auto unit = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
        RowMatrix y(n, 2);
        for (Index i = 0; i < y.size(); ++i) {
            const double radius = std::sqrt(-2.0 * std::log(1.0 - unit()));
            y.data()[i] = kScale * radius * std::cos(2.0 * std::numbers::pi * unit());
        }
        return y;
    }
    PcaOptions pcaOptions;
    pcaOptions.components = 2;
    pcaOptions.threads = o.threads;
    Progress quiet;
    auto fitted = pca(x, pcaOptions, quiet, cancel);
    if (!fitted)
        return fitted.error();
    RowMatrix y = std::move(fitted.value().scores);
    // scikit-learn: divided by the (population) standard deviation of the first component.
    const double mean = y.col(0).mean();
    const double sd = std::sqrt((y.col(0).array() - mean).square().mean());
    if (sd > 0.0)
        y *= kScale / sd;
    return y;
}

/// P in the form the chosen gradient needs.
using Affinities = std::variant<RowMatrix, detail::SparseAffinities>;

struct Objective {
    const Affinities& p;
    double theta;
    int threads;
    RowMatrix forces; // scratch: Barnes-Hut repulsion

    /// Gradient at `y` with P scaled by `exaggeration`; KL (unscaled P) when `wantKl`.
    double evaluate(const RowMatrix& y, double exaggeration, RowMatrix& gradient, bool wantKl) {
        if (const auto* dense = std::get_if<RowMatrix>(&p))
            return detail::exactGradient(*dense, y, exaggeration, gradient, threads);
        const auto& sparse = std::get<detail::SparseAffinities>(p);
        detail::attractiveForces(sparse, y, exaggeration, gradient, threads);
        const double z = detail::barnesHutRepulsion(y, theta, forces, threads);
        gradient -= forces / z;
        return wantKl ? detail::sparseKlDivergence(sparse, y, z, threads) : 0.0;
    }
};

Result<Affinities> computeAffinities(const Eigen::Ref<const RowMatrix>& x, double perplexity,
                                     TsneGradient method, int threads, Progress& progress,
                                     const CancelToken& cancel, int& neighbours) {
    const Index n = x.rows();
    if (method == TsneGradient::Exact) {
        neighbours = static_cast<int>(n - 1);
        auto dense = detail::denseAffinities(x, perplexity, threads, progress, 0.0, kSetupShare,
                                             cancel);
        if (!dense)
            return dense.error();
        return Affinities(std::move(dense.value()));
    }
    neighbours = static_cast<int>(std::min<Index>(n - 1, static_cast<Index>(3.0 * perplexity + 1.0)));
    auto sparse = detail::sparseAffinities(x, perplexity, neighbours, threads, progress, 0.0,
                                           kSetupShare, cancel);
    if (!sparse)
        return sparse.error();
    return Affinities(std::move(sparse.value()));
}

} // namespace

double tsneLearningRate(const TsneOptions& options, Index rows) {
    if (options.learningRate > 0.0)
        return options.learningRate;
    return std::max(static_cast<double>(rows) / options.earlyExaggeration, 200.0);
}

const char* tsneGradientName(TsneGradient gradient) {
    switch (gradient) {
    case TsneGradient::Auto: return "auto";
    case TsneGradient::Exact: return "exact";
    case TsneGradient::BarnesHut: return "barnes_hut";
    }
    return "auto";
}

Result<TsneResult> tsne(const Eigen::Ref<const RowMatrix>& x, const TsneOptions& options,
                        Progress& progress, const CancelToken& cancel) {
    if (Status status = checkOptions(x, options); !status)
        return status.error();
    const Index n = x.rows();
    TsneResult result;
    result.gradient = resolveGradient(options.gradient, n);
    result.learningRate = tsneLearningRate(options, n);
    progress.report(0.0, "Nearest neighbours");
    auto affinities = computeAffinities(x, options.perplexity, result.gradient, options.threads,
                                        progress, cancel, result.neighbours);
    if (!affinities)
        return affinities.error();
    auto initial = initialEmbedding(x, options, cancel);
    if (!initial)
        return initial.error();
    if (cancel.isCancelled())
        return cancelledError();
    RowMatrix y = std::move(initial.value());
    Objective objective{affinities.value(), options.theta, options.threads, {}};

    auto emit = [&](int iteration, double kl, bool exaggerating) {
        if (!options.onSnapshot)
            return;
        TsneSnapshot snapshot;
        snapshot.iteration = iteration;
        snapshot.iterations = options.iterations;
        snapshot.klDivergence = kl;
        snapshot.exaggerating = exaggerating;
        snapshot.coordinates = y;
        options.onSnapshot(snapshot);
    };
    RowMatrix gradient(n, 2), update = RowMatrix::Zero(n, 2), gains = RowMatrix::Ones(n, 2);
    for (int it = 0; it < options.iterations; ++it) {
        if (cancel.isCancelled())
            return cancelledError();
        const bool exaggerating = it < options.exaggerationIterations;
        if (it == options.exaggerationIterations && it > 0) {
            // scikit-learn runs the two phases as two descents: update and gains start afresh.
            update.setZero();
            gains.setOnes();
        }
        const bool snapshot = options.onSnapshot && it > 0 && it % options.snapshotEvery == 0;
        const double kl = objective.evaluate(y, exaggerating ? options.earlyExaggeration : 1.0,
                                             gradient, snapshot);
        if (snapshot)
            emit(it, kl, exaggerating);
        const double momentum = exaggerating ? 0.5 : 0.8;
        for (Index e = 0; e < gradient.size(); ++e) {
            double& gain = gains.data()[e];
            double& step = update.data()[e];
            const double g = gradient.data()[e];
            gain = step * g < 0.0 ? gain + 0.2 : gain * 0.8;
            gain = std::max(gain, 0.01);
            step = momentum * step - result.learningRate * gain * g;
            y.data()[e] += step;
        }
        progress.report(kSetupShare + (1.0 - kSetupShare) * (it + 1) / options.iterations,
                        exaggerating ? "Early exaggeration" : "Optimising");
    }
    RowMatrix finalGradient;
    result.klDivergence = objective.evaluate(y, 1.0, finalGradient, true);
    result.iterations = options.iterations;
    emit(options.iterations, result.klDivergence, false);
    result.embedding = std::move(y);
    progress.report(1.0, "t-SNE done");
    return result;
}

Result<RowMatrix> tsneAffinities(const Eigen::Ref<const RowMatrix>& x, double perplexity,
                                 TsneGradient gradient, int threads) {
    TsneOptions options;
    options.perplexity = perplexity;
    options.gradient = gradient;
    options.init = TsneInit::Random; // initialisation plays no part here
    if (Status status = checkOptions(x, options); !status)
        return status.error();
    Progress quiet;
    int neighbours = 0;
    auto p = computeAffinities(x, perplexity, resolveGradient(gradient, x.rows()), threads, quiet,
                               CancelToken(), neighbours);
    if (!p)
        return p.error();
    if (auto* dense = std::get_if<RowMatrix>(&p.value()))
        return std::move(*dense);
    const auto& sparse = std::get<detail::SparseAffinities>(p.value());
    RowMatrix out = RowMatrix::Zero(x.rows(), x.rows());
    for (Index i = 0; i < x.rows(); ++i)
        for (auto e = sparse.rowStart[static_cast<std::size_t>(i)];
             e < sparse.rowStart[static_cast<std::size_t>(i) + 1]; ++e)
            out(i, sparse.columns[static_cast<std::size_t>(e)]) = sparse.values[static_cast<std::size_t>(e)];
    return out;
}

TsneObjective tsneObjective(const RowMatrix& p, const RowMatrix& y, TsneGradient gradient,
                            double theta, int threads) {
    const Affinities affinities = resolveGradient(gradient, y.rows()) == TsneGradient::Exact
                                      ? Affinities(p)
                                      : Affinities(detail::toSparse(p));
    Objective objective{affinities, theta, threads, {}};
    TsneObjective out;
    out.klDivergence = objective.evaluate(y, 1.0, out.gradient, true);
    return out;
}

} // namespace microseg::core
