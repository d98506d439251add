#include "samplers/tpe.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numbers>

namespace tunescope::tpe {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLogSqrt2Pi = 0.91893853320467274178; // log(sqrt(2 pi))
constexpr double kSqrt1_2 = 0.70710678118654752440;

/// log(1 - exp(t)) for t <= 0 without cancellation (Maechler's log1mexp).
double log1mexp(double t)
{
    if (t >= 0.0)
        return -kInf;
    return t > -std::numbers::ln2 ? std::log(-std::expm1(t)) : std::log1p(-std::exp(t));
}

double logAddExp(double a, double b)
{
    if (a == -kInf)
        return b;
    if (b == -kInf)
        return a;
    const double m = std::max(a, b);
    return m + std::log1p(std::exp(-std::abs(a - b)));
}

double ndtr(double x)
{
    return 0.5 * std::erfc(-x * kSqrt1_2);
}

} // namespace

// ---- Dimension ----

double Dimension::snap(double x) const
{
    switch (kind) {
    case Kind::Continuous:
        return std::clamp(x, low, high);
    case Kind::Discrete:
        return std::clamp(low + std::round((x - low) / step) * step, low, high);
    case Kind::Categorical:
        return std::clamp(std::round(x), 0.0, double(std::max(choices - 1, 0)));
    }
    return x;
}

Dimension Dimension::continuous(double low, double high)
{
    Dimension d;
    d.kind = Kind::Continuous;
    d.low = low;
    d.high = high;
    return d;
}

Dimension Dimension::discrete(double low, double high, double step)
{
    Dimension d;
    d.kind = Kind::Discrete;
    d.low = low;
    d.high = high;
    d.step = step > 0.0 ? step : 1.0;
    return d;
}

Dimension Dimension::categorical(int choices)
{
    Dimension d;
    d.kind = Kind::Categorical;
    d.choices = choices;
    d.low = 0.0;
    d.high = std::max(choices - 1, 0);
    return d;
}

// ---- gamma and weights ----

int gamma(int n, double factor, int cap)
{
    // Same double expression as Optuna's min(int(np.ceil(0.1 * x)), 25), so the rounding
    // of 0.1 * n agrees bit for bit.
    return std::min(int(std::ceil(factor * n)), cap);
}

std::vector<double> defaultWeights(int n)
{
    if (n <= 0)
        return {};
    if (n < 25)
        return std::vector<double>(n, 1.0);
    // np.linspace(1/n, 1, n - 25) followed by 25 ones.
    const int ramp = n - 25;
    std::vector<double> w(n, 1.0);
    const double start = 1.0 / n;
    if (ramp == 1) {
        w[0] = start;
    } else if (ramp > 1) {
        const double step = (1.0 - start) / (ramp - 1);
        for (int i = 0; i < ramp - 1; ++i)
            w[i] = start + i * step;
        w[ramp - 1] = 1.0;
    }
    return w;
}

// ---- normal distribution ----

double logNdtr(double x)
{
    if (x > 0.0)
        return std::log1p(-ndtr(-x));
    if (x > -30.0)
        return std::log(ndtr(x));
    // Asymptotic series of the Mills ratio: erfc underflows near x = -38.
    const double x2 = x * x;
    const double inv = 1.0 / x2;
    const double series = 1.0 - inv * (1.0 - 3.0 * inv * (1.0 - 5.0 * inv * (1.0 - 7.0 * inv)));
    return -0.5 * x2 - std::log(-x) - kLogSqrt2Pi + std::log(series);
}

double logGaussMass(double a, double b)
{
    if (!(a < b))
        return -kInf;
    if (b <= 0.0) {
        // Both ends in the lower tail: subtract in log space.
        const double lb = logNdtr(b);
        return lb + log1mexp(logNdtr(a) - lb);
    }
    if (a >= 0.0)
        return logGaussMass(-b, -a); // mirror the upper tail onto the lower one
    // The interval straddles 0: the mass is at least Phi(0) - Phi(a) > 0, no cancellation.
    return std::log1p(-ndtr(a) - ndtr(-b));
}

double ndtri(double p)
{
    if (p <= 0.0)
        return -kInf;
    if (p >= 1.0)
        return kInf;
    // Acklam's rational approximation (relative error 1.15e-9) ...
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                               2.445134137142996e+00, 3.754408661907416e+00};
    const double pLow = 0.02425;
    double x;
    if (p < pLow) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (p <= 1.0 - pLow) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    } else {
        const double q = std::sqrt(-2.0 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    // ... refined by one Halley step to full double precision.
    if (x < 0.0) {
        const double e = ndtr(x) - p;
        const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
        x -= u / (1.0 + 0.5 * x * u);
    } else {
        // Work with the upper tail so that the error is relative to 1 - p.
        const double e = (1.0 - p) - ndtr(-x);
        const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
        x -= u / (1.0 + 0.5 * x * u);
    }
    return x;
}

double ndtriExp(double logP)
{
    if (logP >= 0.0)
        return kInf;
    if (logP > -std::numbers::ln2)
        return -ndtri(-std::expm1(logP)); // p > 1/2: invert 1 - p, known precisely
    if (logP > -700.0)
        return ndtri(std::exp(logP));
    // p below the double range: Newton on log Phi(z) = logP from the asymptotic start.
    double z = -std::sqrt(-2.0 * logP);
    for (int i = 0; i < 60; ++i) {
        const double lz = logNdtr(z);
        const double f = lz - logP;
        const double slope = std::exp(-0.5 * z * z - kLogSqrt2Pi - lz); // phi / Phi
        const double dz = f / slope;
        z -= dz;
        if (std::abs(dz) < 1e-14 * std::abs(z))
            break;
    }
    return z;
}

double truncNormLogPdf(double x, double mu, double sigma, double low, double high)
{
    if (!(x >= low && x <= high))
        return -kInf;
    const double z = (x - mu) / sigma;
    return -0.5 * z * z - kLogSqrt2Pi - std::log(sigma)
           - logGaussMass((low - mu) / sigma, (high - mu) / sigma);
}

namespace {

/// Quantile of the standard normal truncated to [a, b], where the lower tail dominates
/// (a + b <= 0), computed in log space so that far-tail intervals keep their precision.
double stdTruncQuantileLower(double q, double a, double b)
{
    const double logP = logAddExp(logNdtr(a), std::log(q) + logGaussMass(a, b));
    return std::clamp(ndtriExp(logP), a, b);
}

} // namespace

double truncNormQuantile(double q, double mu, double sigma, double low, double high)
{
    const double a = (low - mu) / sigma;
    const double b = (high - mu) / sigma;
    if (!(a < b) || !std::isfinite(a) || !std::isfinite(b))
        return std::clamp(mu, low, high);
    double z;
    if (a + b > 0.0)
        z = -stdTruncQuantileLower(1.0 - q, -b, -a);
    else
        z = stdTruncQuantileLower(q, a, b);
    return std::clamp(mu + sigma * z, low, high);
}

// ---- ParzenEstimator ----

ParzenEstimator::ParzenEstimator(std::vector<Dimension> dims,
                                 const std::vector<std::vector<double>> &observations,
                                 std::vector<double> weights, ParzenOptions options)
    : mDims(std::move(dims))
{
    const int n = int(observations.size());
    if (weights.empty())
        weights = defaultWeights(n);
    assert(int(weights.size()) == n);
    weights.resize(n, 1.0);

    // One kernel per observation plus the prior, which keeps every region reachable.
    mWeights = weights;
    mWeights.push_back(n == 0 ? 1.0 : std::max(options.priorWeight, 0.0));
    double total = 0.0;
    for (double &w : mWeights) {
        if (!std::isfinite(w) || w < 0.0)
            w = 0.0;
        total += w;
    }
    if (!(total > 0.0)) {
        std::fill(mWeights.begin(), mWeights.end(), 1.0);
        total = double(mWeights.size());
    }
    mLogWeights.resize(mWeights.size());
    mCumWeights.resize(mWeights.size());
    double cum = 0.0;
    for (size_t k = 0; k < mWeights.size(); ++k) {
        mWeights[k] /= total;
        mLogWeights[k] = std::log(mWeights[k]);
        cum += mWeights[k];
        mCumWeights[k] = cum;
    }

    mCoords.resize(mDims.size());
    for (int d = 0; d < int(mDims.size()); ++d) {
        if (mDims[d].kind == Dimension::Kind::Categorical)
            buildCategorical(d, observations, options);
        else
            buildNumeric(d, observations, options);
    }
}

void ParzenEstimator::buildNumeric(int d, const std::vector<std::vector<double>> &obs,
                                   const ParzenOptions &options)
{
    const Dimension &dim = mDims[d];
    Coordinate &c = mCoords[d];
    const int n = int(obs.size());
    const int kernels = n + 1;
    const double lo = dim.supportLow(), hi = dim.supportHigh();
    const double width = std::max(dim.width(), 0.0);

    c.mu.resize(kernels);
    for (int k = 0; k < n; ++k) {
        const double x = obs[k][d];
        c.mu[k] = std::isfinite(x) ? std::clamp(x, dim.low, dim.high) : 0.5 * (lo + hi);
    }
    c.mu[n] = 0.5 * (lo + hi);

    c.sigma.assign(kernels, 0.0);
    if (options.multivariate) {
        // Scott's rule in the form Optuna (after BOHB) uses: one bandwidth per coordinate,
        // shrinking with n at the rate of a (D + 4)-dimensional kernel density estimate, with
        // Optuna's factor 0.2 by default (TpeSampler uses a smaller one).
        const double s = options.bandwidthFactor * std::pow(double(std::max(n, 1)), -1.0 / (dimension() + 4)) * width;
        std::fill(c.sigma.begin(), c.sigma.end(), s);
    } else {
        // Univariate: the larger distance to a neighbour (prior centre and ends included).
        std::vector<int> order(kernels);
        for (int k = 0; k < kernels; ++k)
            order[k] = k;
        std::stable_sort(order.begin(), order.end(),
                         [&](int i, int j) { return c.mu[i] < c.mu[j]; });
        std::vector<double> ext(kernels + 2);
        ext[0] = lo;
        for (int i = 0; i < kernels; ++i)
            ext[i + 1] = c.mu[order[i]];
        ext[kernels + 1] = hi;
        std::vector<double> sorted(kernels);
        for (int i = 0; i < kernels; ++i)
            sorted[i] = std::max(ext[i + 1] - ext[i], ext[i + 2] - ext[i + 1]);
        if (!options.considerEndpoints && kernels + 2 >= 4) {
            sorted[0] = ext[2] - ext[1];
            sorted[kernels - 1] = ext[kernels] - ext[kernels - 1];
        }
        for (int i = 0; i < kernels; ++i)
            c.sigma[order[i]] = sorted[i];
    }

    // The "magic clip": no kernel narrower than width / min(100, n + 2) (so a few
    // observations cannot collapse the density onto points), none wider than the range.
    const double maxSigma = width;
    const double minSigma = options.considerMagicClip
                                ? width / std::min(100.0, 1.0 + kernels)
                                : 1e-12 * std::max(width, 1.0);
    for (double &s : c.sigma)
        s = std::clamp(s, minSigma, maxSigma);
    c.sigma[n] = width; // the prior: centred, as wide as the range

    // Normalizers of the truncated kernels; the continuous one includes log(sigma).
    c.logMass.resize(kernels);
    for (int k = 0; k < kernels; ++k) {
        const double s = c.sigma[k];
        if (!(s > 0.0)) {
            c.logMass[k] = 0.0;
            continue;
        }
        c.logMass[k] = logGaussMass((lo - c.mu[k]) / s, (hi - c.mu[k]) / s);
        if (dim.kind == Dimension::Kind::Continuous)
            c.logMass[k] += std::log(s);
    }
}

void ParzenEstimator::buildCategorical(int d, const std::vector<std::vector<double>> &obs,
                                       const ParzenOptions &options)
{
    const Dimension &dim = mDims[d];
    Coordinate &c = mCoords[d];
    const int n = int(obs.size());
    const int kernels = n + 1;
    const int m = std::max(dim.choices, 1);

    // Each observation's kernel puts 1 on its choice on top of prior_weight / kernels on
    // every choice (Optuna's smoothing); the prior kernel is uniform.
    const double fill = std::max(options.priorWeight, 0.0) / kernels;
    c.prob.assign(size_t(kernels) * m, fill);
    for (int k = 0; k < n; ++k) {
        const double x = obs[k][d];
        if (std::isfinite(x)) {
            const int idx = int(std::lround(x));
            if (idx >= 0 && idx < m)
                c.prob[size_t(k) * m + idx] += 1.0;
        }
    }
    c.logProb.resize(c.prob.size());
    for (int k = 0; k < kernels; ++k) {
        double *row = c.prob.data() + size_t(k) * m;
        double sum = 0.0;
        for (int j = 0; j < m; ++j)
            sum += row[j];
        for (int j = 0; j < m; ++j) {
            row[j] = sum > 0.0 ? row[j] / sum : 1.0 / m;
            c.logProb[size_t(k) * m + j] = std::log(row[j]);
        }
    }
}

double ParzenEstimator::logKernel(int k, int d, double x) const
{
    const Dimension &dim = mDims[d];
    const Coordinate &c = mCoords[d];
    switch (dim.kind) {
    case Dimension::Kind::Categorical: {
        const int m = std::max(dim.choices, 1);
        const int idx = int(std::lround(x));
        if (!std::isfinite(x) || idx < 0 || idx >= m)
            return -kInf;
        return c.logProb[size_t(k) * m + idx];
    }
    case Dimension::Kind::Continuous: {
        const double s = c.sigma[k];
        if (!(s > 0.0)) // empty range: all mass on the single point
            return x == dim.low ? 0.0 : -kInf;
        if (!(x >= dim.low && x <= dim.high))
            return -kInf;
        const double z = (x - c.mu[k]) / s;
        return -0.5 * z * z - kLogSqrt2Pi - c.logMass[k];
    }
    case Dimension::Kind::Discrete: {
        const double s = c.sigma[k];
        const double lo = std::max(x - 0.5 * dim.step, dim.supportLow());
        const double hi = std::min(x + 0.5 * dim.step, dim.supportHigh());
        if (!(lo < hi))
            return -kInf;
        return logGaussMass((lo - c.mu[k]) / s, (hi - c.mu[k]) / s) - c.logMass[k];
    }
    }
    return -kInf;
}

double ParzenEstimator::logPdf(const std::vector<double> &x) const
{
    assert(int(x.size()) == dimension());
    const int kernels = kernelCount();
    double best = -kInf;
    // Two passes (max, then sum) keep the log-sum-exp stable without a temporary array
    // per kernel beyond this one.
    std::vector<double> terms(kernels);
    for (int k = 0; k < kernels; ++k) {
        double t = mLogWeights[k];
        for (int d = 0; d < dimension() && t > -kInf; ++d)
            t += logKernel(k, d, x[d]);
        terms[k] = t;
        best = std::max(best, t);
    }
    if (best == -kInf)
        return -kInf;
    double sum = 0.0;
    for (double t : terms)
        sum += std::exp(t - best);
    return best + std::log(sum);
}

std::vector<double> ParzenEstimator::sample(SplitMix64 &rng) const
{
    const int k = int(rng.categoricalCumulative(mCumWeights));
    std::vector<double> x(mDims.size());
    for (int d = 0; d < dimension(); ++d) {
        const Dimension &dim = mDims[d];
        const Coordinate &c = mCoords[d];
        switch (dim.kind) {
        case Dimension::Kind::Categorical: {
            const size_t m = size_t(std::max(dim.choices, 1));
            x[d] = double(rng.categorical({c.prob.data() + size_t(k) * m, m}));
            break;
        }
        case Dimension::Kind::Continuous:
        case Dimension::Kind::Discrete: {
            // Drawn even for a point mass, so that every coordinate takes one word.
            const double q = rng.openUnit();
            if (!(c.sigma[k] > 0.0))
                x[d] = dim.low;
            else
                x[d] = dim.snap(truncNormQuantile(q, c.mu[k], c.sigma[k], dim.supportLow(),
                                                  dim.supportHigh()));
            break;
        }
        }
    }
    return x;
}

} // namespace tunescope::tpe
