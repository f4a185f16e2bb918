// t-SNE gradient pieces (van der Maaten and Hinton 2008): the exact O(n^2) gradient, the sparse
// attractive forces and the KL divergence, all in the dC/dy / 4 convention of tsne.h.
#include "tsne_detail.h"

#include "../cluster/parallel_for.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>

namespace microseg::core::detail {
namespace {
using Index = Eigen::Index;

/// Student-t kernel (1 + |a - b|^2)^-1 of two 2-d points.
inline double kernel(const double* a, const double* b) {
    const double dx = a[0] - b[0], dy = a[1] - b[1];
    return 1.0 / (1.0 + dx * dx + dy * dy);
}

double sumInOrder(const std::vector<double>& parts) {
    return std::accumulate(parts.begin(), parts.end(), 0.0);
}
} // namespace

double exactGradient(const RowMatrix& p, const RowMatrix& y, double exaggeration,
                     RowMatrix& gradient, int threads) {
    const Index n = y.rows();
    const int blocks = tsneBlocks(n);
    const int workers = resolveThreadCount(threads);
    std::vector<double> partialZ(static_cast<std::size_t>(blocks), 0.0);
    parallelFor(blocks, workers, [&](int b, int) {
        const Index end = std::min(n, (b + 1) * kTsneBlockRows);
        double z = 0.0;
        for (Index i = b * kTsneBlockRows; i < end; ++i)
            for (Index j = 0; j < n; ++j)
                if (j != i)
                    z += kernel(y.row(i).data(), y.row(j).data());
        partialZ[static_cast<std::size_t>(b)] = z;
    });
    const double z = sumInOrder(partialZ);
    gradient.resize(n, 2);
    std::vector<double> partialKl(static_cast<std::size_t>(blocks), 0.0);
    parallelFor(blocks, workers, [&](int b, int) {
        const Index end = std::min(n, (b + 1) * kTsneBlockRows);
        double kl = 0.0;
        for (Index i = b * kTsneBlockRows; i < end; ++i) {
            double gx = 0.0, gy = 0.0;
            for (Index j = 0; j < n; ++j) {
                if (j == i)
                    continue;
                const double k = kernel(y.row(i).data(), y.row(j).data());
                const double q = k / z;
                const double pij = p(i, j);
                const double force = (exaggeration * pij - q) * k;
                gx += force * (y(i, 0) - y(j, 0));
                gy += force * (y(i, 1) - y(j, 1));
                // As scikit-learn: log(max(P, eps) / max(Q, eps)).
                kl += pij * std::log(std::max(pij, DBL_EPSILON) / std::max(q, DBL_EPSILON));
            }
            gradient(i, 0) = gx;
            gradient(i, 1) = gy;
        }
        partialKl[static_cast<std::size_t>(b)] = kl;
    });
    return sumInOrder(partialKl);
}

void attractiveForces(const SparseAffinities& p, const RowMatrix& y, double exaggeration,
                      RowMatrix& gradient, int threads) {
    const Index n = y.rows();
    gradient.resize(n, 2);
    parallelFor(tsneBlocks(n), resolveThreadCount(threads), [&](int b, int) {
        const Index end = std::min(n, (b + 1) * kTsneBlockRows);
        for (Index i = b * kTsneBlockRows; i < end; ++i) {
            const double* yi = y.row(i).data();
            double gx = 0.0, gy = 0.0;
            const auto rowEnd = p.rowStart[static_cast<std::size_t>(i) + 1];
            for (auto e = p.rowStart[static_cast<std::size_t>(i)]; e < rowEnd; ++e) {
                const double* yj = y.row(p.columns[static_cast<std::size_t>(e)]).data();
                const double force = p.values[static_cast<std::size_t>(e)] * kernel(yi, yj);
                gx += force * (yi[0] - yj[0]);
                gy += force * (yi[1] - yj[1]);
            }
            gradient(i, 0) = exaggeration * gx;
            gradient(i, 1) = exaggeration * gy;
        }
    });
}

double sparseKlDivergence(const SparseAffinities& p, const RowMatrix& y, double z, int threads) {
    const Index n = y.rows();
    const int blocks = tsneBlocks(n);
    std::vector<double> partial(static_cast<std::size_t>(blocks), 0.0);
    parallelFor(blocks, resolveThreadCount(threads), [&](int b, int) {
        const Index end = std::min(n, (b + 1) * kTsneBlockRows);
        double kl = 0.0;
        for (Index i = b * kTsneBlockRows; i < end; ++i) {
            const auto rowEnd = p.rowStart[static_cast<std::size_t>(i) + 1];
            for (auto e = p.rowStart[static_cast<std::size_t>(i)]; e < rowEnd; ++e) {
                const double pij = p.values[static_cast<std::size_t>(e)];
                const double q = kernel(y.row(i).data(), y.row(p.columns[static_cast<std::size_t>(e)]).data()) / z;
                // scikit-learn's Barnes-Hut error floors both at FLOAT32_TINY.
                kl += pij * std::log(std::max(pij, double(FLT_MIN)) / std::max(q, double(FLT_MIN)));
            }
        }
        partial[static_cast<std::size_t>(b)] = kl;
    });
    return sumInOrder(partial);
}

} // namespace microseg::core::detail
