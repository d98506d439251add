#include "samplers/gp/acquisition.h"
#include "samplers/sobol.h"
#include "common/splitmix.h"

#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

namespace tunescope {

namespace {

constexpr double kHalfLog2Pi = 0.91893853320467274;

// For u > 30 the series of 1 - u R(u), where R(u) = Phi(-u) / phi(u) is Mills' ratio:
// 1/u^2 - 3/u^4 + 15/u^6 - ... (asymptotic; eight terms leave < 1e-19 relative error).
double oneMinusUMillsSeries(double u)
{
    const double t = 1.0 / (u * u);
    double term = t, sum = 0.0;
    for (int k = 1; k <= 8; ++k) {
        sum += term;
        term *= -(2.0 * k + 1.0) * t;
    }
    return sum;
}

// Mills' ratio R(u) = Phi(-u) / phi(u) = sqrt(pi/2) erfcx(u / sqrt 2), for 1 <= u <= 30:
// exp(x^2) stays far from overflow and erfc is accurate in relative terms in its tail.
double millsRatio(double u)
{
    const double x = u / std::numbers::sqrt2;
    return std::sqrt(std::numbers::pi / 2.0) * std::exp(x * x) * std::erfc(x);
}

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }
double normalPdf(double z) { return std::exp(-0.5 * z * z - kHalfLog2Pi); }

} // namespace

double logExpectedImprovementFactor(double z)
{
    if (std::isnan(z))
        return -std::numeric_limits<double>::infinity();
    if (z > -1.0)
        return std::log(normalPdf(z) + z * normalCdf(z));
    const double u = -z;
    const double tail = u > 30.0 ? oneMinusUMillsSeries(u) : 1.0 - u * millsRatio(u);
    return -0.5 * z * z - kHalfLog2Pi + std::log(tail);
}

double logExpectedImprovementFactorDerivative(double z)
{
    if (std::isnan(z))
        return 0.0;
    if (z > -1.0)
        return normalCdf(z) / (normalPdf(z) + z * normalCdf(z));
    const double u = -z;
    if (u > 30.0) {
        const double tail = oneMinusUMillsSeries(u);
        // R(u) = (1 - tail) / u
        return (1.0 - tail) / (u * tail);
    }
    const double r = millsRatio(u);
    return r / (1.0 - u * r);
}

double logExpectedImprovement(double mean, double var, double best)
{
    const double sd = std::sqrt(std::max(var, 1e-300));
    return std::log(sd) + logExpectedImprovementFactor((best - mean) / sd);
}

AcquisitionOptimizer::AcquisitionOptimizer(const GaussianProcess &gp, std::vector<AcquisitionDimension> dims,
                                           double best)
    : mGp(gp), mDims(std::move(dims)), mBest(best)
{
    for (int d = 0; d < int(mDims.size()); ++d)
        if (mDims[d].kind == AcquisitionDimension::Kind::Continuous)
            mContinuous.push_back(d);
}

double AcquisitionOptimizer::value(const Eigen::VectorXd &x) const
{
    Eigen::VectorXd g;
    return valueAndGradient(x, g);
}

double AcquisitionOptimizer::valueAndGradient(const Eigen::VectorXd &x, Eigen::VectorXd &grad) const
{
    double mean = 0.0, var = 0.0;
    Eigen::VectorXd dMean, dVar;
    mGp.predict(x, mean, var, dMean, dVar);
    const double sd = std::sqrt(var);
    const double z = (mBest - mean) / sd;
    const double v = std::log(sd) + logExpectedImprovementFactor(z);
    const double dz = logExpectedImprovementFactorDerivative(z);
    // d/dmean = -dz / sd; d/dvar = (1 - z dz) / (2 var)
    grad = (-dz / sd) * dMean + ((1.0 - z * dz) / (2.0 * var)) * dVar;
    if (!std::isfinite(v) || !grad.allFinite()) {
        grad.setZero(x.size());
        return -1e300;
    }
    return v;
}

Eigen::VectorXd AcquisitionOptimizer::values(const Eigen::MatrixXd &X) const
{
    Eigen::VectorXd mean, var;
    mGp.predict(X, mean, var);
    Eigen::VectorXd out(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        const double v = logExpectedImprovement(mean[i], var[i], mBest);
        out[i] = std::isfinite(v) ? v : -1e300;
    }
    return out;
}

void AcquisitionOptimizer::snap(Eigen::VectorXd &x) const
{
    for (int d = 0; d < int(mDims.size()); ++d) {
        const AcquisitionDimension &dim = mDims[d];
        if (dim.kind == AcquisitionDimension::Kind::Continuous || dim.values.empty()) {
            x[d] = std::clamp(x[d], 0.0, 1.0);
            continue;
        }
        auto it = std::lower_bound(dim.values.begin(), dim.values.end(), x[d]);
        if (it == dim.values.end())
            --it;
        else if (it != dim.values.begin() && x[d] - *(it - 1) < *it - x[d])
            --it;
        x[d] = *it;
    }
}

Eigen::MatrixXd AcquisitionOptimizer::candidates(int count, std::uint64_t seed, const AcquisitionOptions &options) const
{
    const bool boxed = options.lower.size() == Eigen::Index(mDims.size());
    const int D = int(mDims.size());
    // A space of discrete columns only that fits in the budget is enumerated exhaustively.
    if (mContinuous.empty()) {
        double total = 1.0;
        for (const AcquisitionDimension &dim : mDims)
            total *= double(std::max<size_t>(dim.values.size(), 1));
        if (total <= count) {
            Eigen::MatrixXd C(int(total), D);
            for (int i = 0; i < int(total); ++i) {
                int rest = i;
                for (int d = D - 1; d >= 0; --d) {
                    const int n = std::max(int(mDims[d].values.size()), 1);
                    C(i, d) = mDims[d].values.empty() ? 0.5 : mDims[d].values[rest % n];
                    rest /= n;
                }
            }
            return C;
        }
    }
    const Sobol sobol(std::min(D, Sobol::maxDimension()), seed);
    SplitMix64 rng(seed); // only for the columns beyond the Sobol table
    Eigen::MatrixXd C(count, D);
    std::vector<double> p(sobol.dimension());
    for (int i = 0; i < count; ++i) {
        sobol.point(std::uint64_t(i), p.data());
        for (int d = 0; d < D; ++d) {
            const double u = d < sobol.dimension() ? p[d] : rng.unit();
            const AcquisitionDimension &dim = mDims[d];
            if (dim.kind == AcquisitionDimension::Kind::Continuous || dim.values.empty())
                C(i, d) = boxed ? options.lower[d] + u * (options.upper[d] - options.lower[d]) : u;
            else
                C(i, d) = dim.values[std::min(size_t(u * dim.values.size()), dim.values.size() - 1)];
        }
    }
    return C;
}

namespace {

// Negated log EI over the continuous columns of a point whose other columns stay fixed.
struct ContinuousObjective
{
    const AcquisitionOptimizer *acq;
    const std::vector<int> *columns;
    Eigen::VectorXd full;
    Eigen::VectorXd best;
    double bestValue = -std::numeric_limits<double>::infinity();

    double operator()(const Eigen::VectorXd &xc, Eigen::VectorXd &grad)
    {
        for (size_t i = 0; i < columns->size(); ++i)
            full[(*columns)[i]] = xc[Eigen::Index(i)];
        Eigen::VectorXd g;
        const double v = acq->valueAndGradient(full, g);
        grad.resize(xc.size());
        for (size_t i = 0; i < columns->size(); ++i)
            grad[Eigen::Index(i)] = -g[(*columns)[i]];
        if (v > bestValue) {
            bestValue = v;
            best = xc;
        }
        return -v;
    }
};

} // namespace

double AcquisitionOptimizer::localSearch(Eigen::VectorXd &x, const AcquisitionOptions &options) const
{
    double current = value(x);
    const int nc = int(mContinuous.size());
    for (int round = 0; round < std::max(1, options.rounds); ++round) {
        const double before = current;
        if (nc > 0) {
            Eigen::VectorXd xc(nc);
            for (int i = 0; i < nc; ++i)
                xc[i] = x[mContinuous[i]];
            LBFGSpp::LBFGSBParam<double> param;
            param.m = 6;
            param.max_iterations = options.maxIterations;
            param.epsilon = 1e-6;
            param.epsilon_rel = 1e-6;
            param.past = 1;
            param.delta = 1e-9;
            param.max_linesearch = 20;
            LBFGSpp::LBFGSBSolver<double> solver(param);
            ContinuousObjective f{this, &mContinuous, x, xc, current};
            double fx = 0.0;
            Eigen::VectorXd lb = Eigen::VectorXd::Zero(nc), ub = Eigen::VectorXd::Ones(nc);
            if (options.lower.size() == Eigen::Index(mDims.size())) {
                for (int i = 0; i < nc; ++i) {
                    lb[i] = options.lower[mContinuous[i]];
                    ub[i] = options.upper[mContinuous[i]];
                    xc[i] = std::clamp(xc[i], lb[i], ub[i]);
                }
            }
            try {
                solver.minimize(f, xc, fx, lb, ub);
            } catch (const std::exception &) {
                // The best point evaluated so far stands.
            }
            if (f.bestValue > current) {
                current = f.bestValue;
                for (int i = 0; i < nc; ++i)
                    x[mContinuous[i]] = std::clamp(f.best[i], lb[i], ub[i]);
            }
        }
        // Discrete moves: every value of small domains, the neighbours in large ones.
        for (int d = 0; d < int(mDims.size()); ++d) {
            const AcquisitionDimension &dim = mDims[d];
            if (dim.kind == AcquisitionDimension::Kind::Continuous || dim.values.size() < 2)
                continue;
            std::vector<double> tries;
            if (dim.values.size() <= 32) {
                tries = dim.values;
            } else {
                const auto it = std::lower_bound(dim.values.begin(), dim.values.end(), x[d]);
                const int at = int(it - dim.values.begin());
                for (int off : {-4, -2, -1, 1, 2, 4})
                    if (at + off >= 0 && at + off < int(dim.values.size()))
                        tries.push_back(dim.values[at + off]);
            }
            const double keep = x[d];
            double bestV = current, bestX = keep;
            for (double t : tries) {
                if (t == keep)
                    continue;
                x[d] = t;
                const double v = value(x);
                if (v > bestV) {
                    bestV = v;
                    bestX = t;
                }
            }
            x[d] = bestX;
            current = bestV;
        }
        if (!(current > before + 1e-12))
            break;
    }
    return current;
}

Eigen::VectorXd AcquisitionOptimizer::optimize(const Eigen::MatrixXd &starts, std::uint64_t seed,
                                               const AcquisitionOptions &options, double *bestValue) const
{
    const int D = int(mDims.size());
    const Eigen::MatrixXd C = candidates(std::max(options.candidates, 1), seed, options);
    const Eigen::VectorXd v = values(C);
    std::vector<int> order(C.rows());
    std::iota(order.begin(), order.end(), 0);
    const int top = std::min(int(order.size()), std::max(options.localSearches, 0));
    std::partial_sort(order.begin(), order.begin() + top, order.end(),
                      [&](int a, int b) { return v[a] > v[b]; });

    Eigen::VectorXd best = C.row(order[0]).transpose();
    double bestV = v[order[0]];
    auto consider = [&](Eigen::VectorXd x) {
        snap(x);
        const double val = localSearch(x, options);
        if (val > bestV) {
            bestV = val;
            best = x;
        }
    };
    for (int i = 0; i < top; ++i)
        consider(C.row(order[i]).transpose());
    for (Eigen::Index i = 0; i < starts.rows(); ++i)
        if (starts.cols() == D)
            consider(starts.row(i).transpose());
    if (bestValue)
        *bestValue = bestV;
    return best;
}

} // namespace tunescope
