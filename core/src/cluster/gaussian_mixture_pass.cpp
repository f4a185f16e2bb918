// One pass of the mixture over the data, vectorised per batch of rows: weighted log densities
// through the precision Cholesky factors (one GEMM of the batch against all factors), log-sum-exp
// responsibilities, then the weighted sums the M step needs (a SYRK per component for full
// covariances). Blocks are fixed by (n, k, d) and reduced in order: any thread count, same bits.
#include "gaussian_mixture_detail.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>

namespace microseg::core::detail::gmm {

BlockPlan makeBlockPlan(Index rows, Index k, Index d) {
    constexpr Index kMinRows = 1024;
    constexpr Index kMaxBlocks = 64;
    constexpr Index kPartialBudget = Index{4} << 20; // doubles of per-block sums (32 MB)
    Index blocks = std::clamp<Index>((rows + kMinRows - 1) / kMinRows, 1, kMaxBlocks);
    const Index perBlock = std::max<Index>(1, k * (d * d + d + 1));
    blocks = std::clamp<Index>(std::min(blocks, kPartialBudget / perBlock), 1, kMaxBlocks);
    BlockPlan plan;
    plan.rows = rows;
    plan.blockSize = std::max<Index>(1, (rows + blocks - 1) / blocks);
    plan.blocks =
        static_cast<int>(std::max<Index>(1, (rows + plan.blockSize - 1) / plan.blockSize));
    // Batch: the batch x (k d) products stay around 1 MB, in 32..256 rows.
    plan.batch = std::clamp<Index>((Index{1} << 17) / std::max<Index>(1, k * d), 32, 256);
    return plan;
}

Stats::Stats(Index k, Index d, Scatter mode)
    : r(Eigen::VectorXd::Zero(k)), s(RowMatrix::Zero(k, d)) {
    if (mode == Scatter::Full)
        scatter.assign(static_cast<std::size_t>(k), Eigen::MatrixXd::Zero(d, d));
    else if (mode == Scatter::Diag)
        scatter.assign(static_cast<std::size_t>(k), Eigen::MatrixXd::Zero(d, 1));
}

void Stats::add(const Stats& other) {
    r += other.r;
    s += other.s;
    for (std::size_t j = 0; j < scatter.size(); ++j)
        scatter[j] += other.scatter[j];
    logLikelihood += other.logLikelihood;
}

Density makeDensity(const GaussianMixtureModel& model) {
    Density out;
    out.type = model.covarianceType;
    out.k = model.means.rows();
    out.d = model.means.cols();
    const Index k = out.k;
    const Index d = out.d;
    const double base = -0.5 * static_cast<double>(d) * std::log(2.0 * std::numbers::pi);
    out.constants.resize(k);
    const auto factor = [&](Index row) {
        return Eigen::Map<const RowMatrix>(model.precisionsCholesky.row(row).data(), d, d);
    };
    switch (model.covarianceType) {
    case CovarianceType::Full:
    case CovarianceType::Tied: {
        const bool tied = model.covarianceType == CovarianceType::Tied;
        out.factors.resize(d, tied ? d : k * d);
        out.offsets.resize(k * d);
        for (Index j = 0; j < k; ++j) {
            const auto p = factor(tied ? 0 : j);
            if (!tied || j == 0)
                out.factors.middleCols(tied ? 0 : j * d, d) = p;
            out.offsets.segment(j * d, d).noalias() = model.means.row(j) * p;
            out.constants[j] = base + p.diagonal().array().log().sum() + std::log(model.weights[j]);
        }
        break;
    }
    case CovarianceType::Diag:
    case CovarianceType::Spherical: {
        const bool spherical = model.covarianceType == CovarianceType::Spherical;
        out.means = model.means;
        out.precisions.resize(k, d);
        for (Index j = 0; j < k; ++j) {
            double logDet = 0.0;
            if (spherical) {
                const double c = model.precisionsCholesky(j, 0);
                out.precisions.row(j).setConstant(c * c);
                logDet = static_cast<double>(d) * std::log(c);
            } else {
                out.precisions.row(j) = model.precisionsCholesky.row(j).array().square();
                logDet = model.precisionsCholesky.row(j).array().log().sum();
            }
            out.constants[j] = base + logDet + std::log(model.weights[j]);
        }
        break;
    }
    }
    return out;
}

namespace {

/// Per-block working memory, reused across the batches of the block.
struct Scratch {
    Eigen::MatrixXd projected; ///< batch x (k d) or batch x d
    Eigen::MatrixXd logProb;   ///< batch x k, then log responsibilities, then responsibilities
    Eigen::VectorXd rowMax;
    Eigen::VectorXd rowNorm;   ///< ln p(x) per row
    Eigen::MatrixXd columns;   ///< the batch, column-major (contiguous columns vectorise)
    Eigen::MatrixXd centred;   ///< batch x d
    Eigen::VectorXd sum;       ///< batch
    Eigen::VectorXd root;      ///< batch: square roots of one column of responsibilities
};

/// logProb(i, j) = ln w_j + ln N(x_i | j). Expects w.columns = the batch.
void weightedLogProb(const Density& density, const ConstRowRef& x, Scratch& w) {
    const Index rows = x.rows();
    const Index d = density.d;
    w.logProb.resize(rows, density.k);
    w.sum.resize(rows);
    if (density.type == CovarianceType::Full || density.type == CovarianceType::Tied) {
        const bool tied = density.type == CovarianceType::Tied;
        w.projected.resize(rows, density.factors.cols());
        w.projected.noalias() = x * density.factors; // y = x P_j for every j in one GEMM
        for (Index j = 0; j < density.k; ++j) {
            const Index first = tied ? 0 : j * d;
            w.sum.setZero();
            for (Index c = 0; c < d; ++c)
                w.sum.array() +=
                    (w.projected.col(first + c).array() - density.offsets[j * d + c]).square();
            w.logProb.col(j) = (density.constants[j] - 0.5 * w.sum.array()).matrix();
        }
    } else {
        for (Index j = 0; j < density.k; ++j) {
            w.sum.setZero();
            for (Index c = 0; c < d; ++c)
                w.sum.array() += density.precisions(j, c) *
                                 (w.columns.col(c).array() - density.means(j, c)).square();
            w.logProb.col(j) = (density.constants[j] - 0.5 * w.sum.array()).matrix();
        }
    }
}

/// logProb -> responsibilities in place; rowNorm = ln p(x) (scipy's logsumexp).
void normalise(Scratch& w) {
    w.rowMax = w.logProb.rowwise().maxCoeff();
    for (Index i = 0; i < w.rowMax.size(); ++i)
        if (!std::isfinite(w.rowMax[i]))
            w.rowMax[i] = 0.0;
    w.logProb.colwise() -= w.rowMax;
    w.logProb = w.logProb.array().exp().matrix();
    w.sum = w.logProb.rowwise().sum(); // into its own vector: no aliasing with the division
    w.rowNorm = w.sum.array().log().matrix() + w.rowMax;
    w.logProb.array().colwise() /= w.sum.array();
}

void accumulate(const Eigen::MatrixXd& resp, const RowMatrix& shift, Scatter mode, Scratch& w,
                Stats& stats) {
    for (Index j = 0; j < resp.cols(); ++j) {
        const auto r = resp.col(j);
        stats.r[j] += r.sum();
        w.centred = w.columns.rowwise() - shift.row(j);
        stats.s.row(j).noalias() += r.transpose() * w.centred;
        if (mode == Scatter::Full) {
            w.root = r.array().sqrt().matrix();
            w.centred.array().colwise() *= w.root.array();
            stats.scatter[j].selfadjointView<Eigen::Lower>().rankUpdate(w.centred.transpose());
        } else if (mode == Scatter::Diag) {
            stats.scatter[j].noalias() += w.centred.array().square().matrix().transpose() * r;
        }
    }
}

} // namespace

bool runPass(const ConstRowRef& data, const BlockPlan& plan, int threads,
             const CancelToken& cancel, const PassRequest& request, Index k, Stats& total) {
    const Index d = data.cols();
    const Scatter mode = request.shift ? request.scatter : Scatter::None;
    std::vector<Stats> partial(static_cast<std::size_t>(plan.blocks));
    std::atomic<bool> cancelled{false};
    parallelFor(plan.blocks, threads, [&](int b, int) {
        if (cancel.isCancelled()) {
            cancelled.store(true, std::memory_order_relaxed);
            return;
        }
        Stats& stats = partial[static_cast<std::size_t>(b)];
        stats = Stats(k, d, mode);
        Scratch w;
        for (Index begin = plan.begin(b); begin < plan.end(b); begin += plan.batch) {
            const Index rows = std::min(plan.batch, plan.end(b) - begin);
            const auto x = data.middleRows(begin, rows);
            w.columns = x;
            if (request.density) {
                weightedLogProb(*request.density, x, w);
                if (request.labels) // argmax of the weighted log densities, as sklearn's predict
                    for (Index i = 0; i < rows; ++i) {
                        Index best = 0;
                        w.logProb.row(i).maxCoeff(&best); // first index on ties (numpy argmax)
                        (*request.labels)[static_cast<std::size_t>(begin + i)] =
                            static_cast<std::int32_t>(best);
                    }
                normalise(w);
                stats.logLikelihood += w.rowNorm.sum();
            } else {
                request.fill(begin, rows, w.logProb);
            }
            if (request.shift)
                accumulate(w.logProb, *request.shift, mode, w, stats);
            if (request.probabilities)
                request.probabilities->middleRows(begin, rows) = w.logProb;
            if (request.rowLogLikelihoods)
                request.rowLogLikelihoods->segment(begin, rows) = w.rowNorm;
        }
    });
    if (cancelled.load())
        return false;
    total = Stats(k, d, mode);
    for (const Stats& p : partial)
        total.add(p);
    return true;
}

} // namespace microseg::core::detail::gmm
