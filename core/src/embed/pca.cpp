#include "microseg/pca.h"

#include "../cluster/parallel_for.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace microseg::core {
namespace {

using Index = Eigen::Index;

/// Rows per block: fixed, so sums are combined in the same order whatever the thread count.
constexpr Index kBlockRows = 4096;

int blockCount(Index rows) { return static_cast<int>((rows + kBlockRows - 1) / kBlockRows); }

Status checkInput(const Eigen::Ref<const RowMatrix>& x, const PcaOptions& options) {
    if (x.rows() < 2 || x.cols() < 1)
        return Error{ErrorCode::InvalidArgument,
                     "PCA needs at least 2 rows and 1 column; the data has " +
                         std::to_string(x.rows()) + " x " + std::to_string(x.cols()) + ".", {}, 0, 0, {}};
    const Index maxComponents = std::min(x.rows(), x.cols());
    if (options.components < 0 || options.components > maxComponents)
        return Error{ErrorCode::InvalidArgument,
                     "PCA can keep between 1 and " + std::to_string(maxComponents) +
                         " components here, not " + std::to_string(options.components) + ".",
                     {}, 0, 0, std::to_string(options.components)};
    for (Index i = 0; i < x.rows(); ++i)
        for (Index j = 0; j < x.cols(); ++j)
            if (!std::isfinite(x(i, j)))
                return Error{ErrorCode::InvalidArgument,
                             "PCA needs finite values; row " + std::to_string(i + 1) +
                                 ", column " + std::to_string(j + 1) + " is not.",
                             {}, i + 1, j + 1, std::to_string(x(i, j))};
    return success();
}

} // namespace

Result<PcaResult> pca(const Eigen::Ref<const RowMatrix>& x, const PcaOptions& options,
                      Progress& progress, const CancelToken& cancel) {
    if (Status status = checkInput(x, options); !status)
        return status.error();
    const Index n = x.rows();
    const Index d = x.cols();
    const int blocks = blockCount(n);
    const int threads = detail::resolveThreadCount(options.threads);

    // Two passes (mean, then the scatter of the centred rows): no cancellation between large
    // uncentred values, unlike the one-pass sum of squares.
    std::vector<Eigen::VectorXd> partialSums(static_cast<std::size_t>(blocks));
    detail::parallelFor(blocks, threads, [&](int b, int) {
        const Index begin = b * kBlockRows, rows = std::min(kBlockRows, n - begin);
        partialSums[static_cast<std::size_t>(b)] = x.middleRows(begin, rows).colwise().sum().transpose();
    });
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
    for (const auto& sum : partialSums)
        mean += sum;
    mean /= static_cast<double>(n);
    progress.report(0.1, "Centring");
    if (cancel.isCancelled())
        return cancelledError();

    std::vector<Eigen::MatrixXd> partialScatter(static_cast<std::size_t>(blocks));
    detail::parallelFor(blocks, threads, [&](int b, int worker) {
        if (cancel.isCancelled())
            return;
        const Index begin = b * kBlockRows, rows = std::min(kBlockRows, n - begin);
        const Eigen::MatrixXd centred = x.middleRows(begin, rows).rowwise() - mean.transpose();
        partialScatter[static_cast<std::size_t>(b)] = centred.transpose() * centred;
        if (worker == 0)
            progress.report(0.1 + 0.6 * (b + 1) / blocks, "Covariance");
    });
    if (cancel.isCancelled())
        return cancelledError();
    Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(d, d);
    for (const auto& scatter : partialScatter)
        covariance += scatter;
    covariance /= static_cast<double>(n - 1);

    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    if (solver.info() != Eigen::Success)
        return Error{ErrorCode::InvalidArgument,
                     "PCA: the eigen-decomposition of the covariance matrix did not converge.", {}, 0, 0, {}};
    const Index k = options.components == 0 ? std::min(n, d) : options.components;
    PcaResult result;
    result.mean = mean;
    // Eigen sorts eigenvalues increasingly; components are wanted decreasingly.
    const Eigen::VectorXd values = solver.eigenvalues().reverse().cwiseMax(0.0);
    result.totalVariance = values.sum();
    result.components = solver.eigenvectors().rowwise().reverse().leftCols(k).transpose();
    result.explainedVariance = values.head(k);
    result.explainedVarianceRatio =
        result.totalVariance > 0.0 ? Eigen::VectorXd(result.explainedVariance / result.totalVariance)
                                   : Eigen::VectorXd::Zero(k);
    result.singularValues = (result.explainedVariance * static_cast<double>(n - 1)).cwiseSqrt();
    result.scores = pcaTransform(result, x);
    progress.report(0.9, "Scores");

    // scikit-learn's svd_flip (u-based): the largest absolute score of each component positive.
    for (Index c = 0; c < k; ++c) {
        Index largest = 0;
        for (Index i = 1; i < n; ++i)
            if (std::abs(result.scores(i, c)) > std::abs(result.scores(largest, c)))
                largest = i;
        if (result.scores(largest, c) < 0.0) {
            result.scores.col(c) *= -1.0;
            result.components.row(c) *= -1.0;
        }
    }
    result.loadings = result.components.transpose() *
                      result.explainedVariance.cwiseSqrt().asDiagonal();
    progress.report(1.0, "PCA done");
    return result;
}

RowMatrix pcaTransform(const PcaResult& fitted, const Eigen::Ref<const RowMatrix>& x) {
    return (x.rowwise() - fitted.mean.transpose()) * fitted.components.transpose();
}

} // namespace microseg::core
