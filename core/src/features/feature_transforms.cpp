// Numeric building blocks of feature sets: Yeo-Johnson (Yeo and Johnson 2000) with scikit-learn's
// maximum-likelihood lambda, numpy percentiles, and one value through a fitted feature.
#include "microseg/feature_set.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace microseg::core {
namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon(); // np.spacing(1.0)

/// scikit-learn 1.2 PowerTransformer._yeo_johnson_optimize's objective: the negative
/// log-likelihood -(-n/2 log var(psi(x)) + (lambda - 1) sum sign(x) log1p|x|), +inf when the
/// transformed variance is below the smallest normal double.
struct NegativeLogLikelihood {
    const std::vector<double>& x;
    double signedLogSum = 0.0;
    double operator()(double lambda) const {
        const double n = double(x.size());
        double mean = 0.0;
        std::vector<double> t(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            t[i] = yeoJohnson(x[i], lambda);
            mean += t[i];
        }
        mean /= n;
        double variance = 0.0;
        for (double v : t)
            variance += (v - mean) * (v - mean);
        variance /= n;
        if (variance < std::numeric_limits<double>::min())
            return std::numeric_limits<double>::infinity();
        return -(-n / 2.0 * std::log(variance) + (lambda - 1.0) * signedLogSum);
    }
};

struct Bracket {
    double xa, xb, xc, fa, fb, fc;
};

/// scipy.optimize.bracket (SciPy 1.10, _optimize.py), line for line.
template <typename F> Bracket bracket(F& f, double xa, double xb) {
    constexpr double gold = 1.618034, verySmall = 1e-21, growLimit = 110.0;
    double fa = f(xa), fb = f(xb);
    if (fa < fb) {
        std::swap(xa, xb);
        std::swap(fa, fb);
    }
    double xc = xb + gold * (xb - xa);
    double fc = f(xc);
    for (int iter = 0; fc < fb && iter <= 1000; ++iter) {
        const double tmp1 = (xb - xa) * (fb - fc);
        const double tmp2 = (xb - xc) * (fb - fa);
        const double val = tmp2 - tmp1;
        const double denom = std::abs(val) < verySmall ? 2.0 * verySmall : 2.0 * val;
        double w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
        const double wlim = xb + growLimit * (xc - xb);
        double fw = 0.0;
        if ((w - xc) * (xb - w) > 0.0) {
            fw = f(w);
            if (fw < fc)
                return {xb, w, xc, fb, fw, fc};
            if (fw > fb)
                return {xa, xb, w, fa, fb, fw};
            w = xc + gold * (xc - xb);
            fw = f(w);
        } else if ((w - wlim) * (wlim - xc) >= 0.0) {
            w = wlim;
            fw = f(w);
        } else if ((w - wlim) * (xc - w) > 0.0) {
            fw = f(w);
            if (fw < fc) {
                xb = xc;
                xc = w;
                w = xc + gold * (xc - xb);
                fb = fc;
                fc = fw;
                fw = f(w);
            }
        } else {
            w = xc + gold * (xc - xb);
            fw = f(w);
        }
        xa = xb;
        xb = xc;
        xc = w;
        fa = fb;
        fb = fc;
        fc = fw;
    }
    return {xa, xb, xc, fa, fb, fc};
}

/// scipy.optimize.Brent.optimize (tol 1.48e-8, maxiter 500), line for line.
template <typename F> double brent(F& f, double bracketA, double bracketB) {
    constexpr double tol = 1.48e-8, minTol = 1.0e-11, cg = 0.3819660;
    const Bracket br = bracket(f, bracketA, bracketB);
    double x = br.xb, w = br.xb, v = br.xb;
    double fx = br.fb, fw = br.fb, fv = br.fb;
    double a = std::min(br.xa, br.xc), b = std::max(br.xa, br.xc);
    double deltax = 0.0, rat = 0.0;
    for (int iter = 0; iter < 500; ++iter) {
        const double tol1 = tol * std::abs(x) + minTol;
        const double tol2 = 2.0 * tol1;
        const double xmid = 0.5 * (a + b);
        if (std::abs(x - xmid) < (tol2 - 0.5 * (b - a)))
            break;
        if (std::abs(deltax) <= tol1) {
            deltax = x >= xmid ? a - x : b - x;
            rat = cg * deltax;
        } else {
            const double tmp1 = (x - w) * (fx - fv);
            double tmp2 = (x - v) * (fx - fw);
            double p = (x - v) * tmp2 - (x - w) * tmp1;
            tmp2 = 2.0 * (tmp2 - tmp1);
            if (tmp2 > 0.0)
                p = -p;
            tmp2 = std::abs(tmp2);
            const double dxTemp = deltax;
            deltax = rat;
            if (p > tmp2 * (a - x) && p < tmp2 * (b - x) &&
                std::abs(p) < std::abs(0.5 * tmp2 * dxTemp)) {
                rat = p * 1.0 / tmp2;
                const double u = x + rat;
                if ((u - a) < tol2 || (b - u) < tol2)
                    rat = xmid - x >= 0 ? tol1 : -tol1;
            } else {
                deltax = x >= xmid ? a - x : b - x;
                rat = cg * deltax;
            }
        }
        const double u = std::abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
        const double fu = f(u);
        if (fu > fx) {
            if (u < x)
                a = u;
            else
                b = u;
            if (fu <= fw || w == x) {
                v = w;
                w = u;
                fv = fw;
                fw = fu;
            } else if (fu <= fv || v == x || v == w) {
                v = u;
                fv = fu;
            }
        } else {
            if (u >= x)
                a = x;
            else
                b = x;
            v = w;
            w = x;
            x = u;
            fv = fw;
            fw = fx;
            fx = fu;
        }
    }
    return x;
}

} // namespace

double yeoJohnson(double x, double lambda) {
    if (x >= 0.0)
        return std::abs(lambda) < kEpsilon ? std::log1p(x)
                                           : (std::pow(x + 1.0, lambda) - 1.0) / lambda;
    return std::abs(lambda - 2.0) > kEpsilon
               ? -(std::pow(-x + 1.0, 2.0 - lambda) - 1.0) / (2.0 - lambda)
               : -std::log1p(-x);
}

double fitYeoJohnsonLambda(const std::vector<double>& values) {
    NegativeLogLikelihood objective{values};
    for (double v : values)
        objective.signedLogSum += (v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0) * std::log1p(std::abs(v));
    return brent(objective, -2.0, 2.0);
}

double percentile(std::vector<double> values, double q) {
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double position = q / 100.0 * double(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double fraction = position - double(below);
    // numpy's _lerp: a + (b - a) * t, or b - (b - a) * (1 - t) for t >= 0.5
    const double a = values[below], b = values[above];
    return fraction >= 0.5 ? b - (b - a) * (1.0 - fraction) : a + (b - a) * fraction;
}

double transformValue(const Feature& feature, const FittedFeature& fitted, double value) {
    if (feature.kind == FeatureKind::Numeric) {
        if (feature.transform == FeatureTransform::Log1p)
            value = std::log1p(value);
        else if (feature.transform == FeatureTransform::YeoJohnson)
            value = yeoJohnson(value, fitted.lambda.value_or(1.0));
    }
    return (value - fitted.center) / fitted.scale * feature.weight;
}

} // namespace microseg::core
