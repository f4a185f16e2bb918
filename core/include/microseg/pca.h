#pragma once
/// @file pca.h
/// Exact principal component analysis: the eigen-decomposition of the sample covariance matrix of
/// the centred data. Eigen and std only.
///
/// References:
/// - K. Pearson, "On lines and planes of closest fit to systems of points in space", Philosophical
///   Magazine 2(11), 1901; H. Hotelling, "Analysis of a complex of statistical variables into
///   principal components", J. Educational Psychology 24, 1933.
/// - I. T. Jolliffe, "Principal Component Analysis", 2nd ed., Springer 2002 (loadings, scree).
///
/// Semantics follow scikit-learn 1.2.1 `PCA(svd_solver="full")`, so values agree to ~1e-9:
/// - the mean of every column is subtracted (no scaling: standardise first if wanted);
/// - explained variance of a component = eigenvalue of X_c^T X_c / (n - 1) (scikit-learn's
///   `explained_variance_`), ratio = that over the sum of all d eigenvalues (total variance);
/// - component signs as scikit-learn's `svd_flip` (u-based): in every component, the row with the
///   largest absolute score has a positive score (first such row on exact ties);
/// - components are sorted by decreasing explained variance.
/// The covariance route costs O(n d^2 + d^3) and reads the data once: with customer data (n up to
/// millions, d up to a few dozen) it is far cheaper than an SVD of the n x d matrix. Accuracy: the
/// eigenvalues carry a relative error of about machine epsilon times the condition number of the
/// covariance, so components with a variance below ~1e-8 of the largest are not meaningful.
///
/// Progress/cancel: the covariance is accumulated over fixed blocks of rows (combined in block
/// order, so the result does not depend on the thread count); the token is polled per block.

#include "microseg/error.h"
#include "microseg/kmeans.h" // RowMatrix
#include "microseg/progress.h"

#include <Eigen/Core>

namespace microseg::core {

struct PcaOptions {
    int components = 0; ///< components kept; 0 = all (min(n, d)); at most min(n, d)
    int threads = 0;    ///< 0 = all cores
};

struct PcaResult {
    Eigen::VectorXd mean;                   ///< d column means that were subtracted
    RowMatrix components;                   ///< k x d, one principal axis per row (unit length)
    Eigen::VectorXd explainedVariance;      ///< k eigenvalues of the covariance (divisor n - 1)
    Eigen::VectorXd explainedVarianceRatio; ///< k, each over the total variance
    Eigen::VectorXd singularValues;         ///< k, sqrt(explainedVariance * (n - 1))
    double totalVariance = 0.0;             ///< sum of the variances of all d columns
    /// d x k correlation-style loadings: component j's axis times sqrt(explainedVariance[j]), so
    /// that for standardised data entry (f, j) is the correlation of feature f with component j.
    RowMatrix loadings;
    RowMatrix scores; ///< n x k projections of the centred rows on the components
};

/// PCA of the rows of `x` (n >= 2 rows, d >= 1 columns, all finite).
Result<PcaResult> pca(const Eigen::Ref<const RowMatrix>& x, const PcaOptions& options,
                      Progress& progress, const CancelToken& cancel);

/// Projects new rows with a fitted PCA: (x - mean) * components^T, n x k.
RowMatrix pcaTransform(const PcaResult& fitted, const Eigen::Ref<const RowMatrix>& x);

} // namespace microseg::core
