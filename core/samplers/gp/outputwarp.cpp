#include "samplers/gp/outputwarp.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {

constexpr double kLambdaHigh = 2.0;

// Profile log-likelihood of a normal fit to the transformed values, up to a constant:
// -n/2 log(variance) + (lambda - 1) sum sign(x) log(1 + |x|) (the log Jacobian).
double warpOne(double x, double lambda, OutputWarp::Mode mode)
{
    if (mode == OutputWarp::Mode::UpperTail && x < 0.0)
        return x;
    return OutputWarp::yeoJohnson(x, lambda);
}

double profileLogLikelihood(const Eigen::VectorXd &x, double lambda, OutputWarp::Mode mode)
{
    const int n = int(x.size());
    double sum = 0.0, sumSq = 0.0, jacobian = 0.0;
    for (int i = 0; i < n; ++i) {
        const double t = warpOne(x[i], lambda, mode);
        sum += t;
        sumSq += t * t;
        if (mode == OutputWarp::Mode::Both || x[i] >= 0.0)
            jacobian += std::copysign(std::log1p(std::abs(x[i])), x[i]);
    }
    const double mean = sum / n;
    const double var = std::max(sumSq / n - mean * mean, 1e-300);
    return -0.5 * n * std::log(var) + (lambda - 1.0) * jacobian;
}

} // namespace

double OutputWarp::yeoJohnson(double x, double lambda)
{
    if (x >= 0.0)
        return std::abs(lambda) < 1e-12 ? std::log1p(x) : (std::pow(1.0 + x, lambda) - 1.0) / lambda;
    const double l2 = 2.0 - lambda;
    return std::abs(l2) < 1e-12 ? -std::log1p(-x) : -(std::pow(1.0 - x, l2) - 1.0) / l2;
}

double OutputWarp::yeoJohnsonDerivative(double x, double lambda)
{
    return x >= 0.0 ? std::pow(1.0 + x, lambda - 1.0) : std::pow(1.0 - x, 1.0 - lambda);
}

OutputWarp OutputWarp::fit(const Eigen::VectorXd &y, Mode mode, double lambdaLow)
{
    OutputWarp w;
    w.mMode = mode;
    const double lambdaHigh = mode == Mode::UpperTail ? 1.0 : kLambdaHigh;
    const int n = int(y.size());
    if (n < 3)
        return w;
    w.mMean = y.mean();
    w.mScale = std::sqrt((y.array() - w.mMean).square().sum() / n);
    if (!(w.mScale > 0.0) || !std::isfinite(w.mScale))
        return OutputWarp();
    const Eigen::VectorXd x = (y.array() - w.mMean) / w.mScale;
    // Golden-section search on the exponent (the profile likelihood is unimodal in practice;
    // a coarse grid first guards against the exception).
    double best = lambdaLow, bestLl = -std::numeric_limits<double>::infinity();
    for (int i = 0; i <= 12; ++i) {
        const double l = lambdaLow + (lambdaHigh - lambdaLow) * i / 12.0;
        const double ll = profileLogLikelihood(x, l, mode);
        if (ll > bestLl) {
            bestLl = ll;
            best = l;
        }
    }
    const double step = (lambdaHigh - lambdaLow) / 12.0;
    double a = std::max(lambdaLow, best - step), b = std::min(lambdaHigh, best + step);
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = profileLogLikelihood(x, c, mode), fd = profileLogLikelihood(x, d, mode);
    for (int i = 0; i < 40 && b - a > 1e-4; ++i) {
        if (fc > fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = profileLogLikelihood(x, c, mode);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = profileLogLikelihood(x, d, mode);
        }
    }
    w.mLambda = 0.5 * (a + b);
    w.mIdentity = false;
    return w;
}

double OutputWarp::operator()(double y) const
{
    if (mIdentity)
        return y;
    return warpOne((y - mMean) / mScale, mLambda, mMode);
}

Eigen::VectorXd OutputWarp::apply(const Eigen::VectorXd &y) const
{
    Eigen::VectorXd out(y.size());
    for (Eigen::Index i = 0; i < y.size(); ++i)
        out[i] = (*this)(y[i]);
    return out;
}

double OutputWarp::derivative(double y) const
{
    if (mIdentity)
        return 1.0;
    const double x = (y - mMean) / mScale;
    if (mMode == Mode::UpperTail && x < 0.0)
        return 1.0 / mScale;
    return yeoJohnsonDerivative(x, mLambda) / mScale;
}

} // namespace tunescope
