#include "samplers/gp/acquisition.h"

#include "samplers/gp/costmodel.h"
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
    if (mCost) {
        Eigen::VectorXd costGrad;
        const double logCost = mCost->relativeLogCost(x, &costGrad);
        grad -= costGrad;
        return v - logCost;
    }
    return v;
}

Eigen::VectorXd AcquisitionOptimizer::values(const Eigen::MatrixXd &X) const
{
    Eigen::VectorXd mean, var;
    mGp.predict(X, mean, var);
    return scores(X, mean, var);
}

Eigen::VectorXd AcquisitionOptimizer::scores(const Eigen::MatrixXd &X, const Eigen::VectorXd &mean,
                                             const Eigen::VectorXd &var) const
{
    Eigen::VectorXd out(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        const double v = logExpectedImprovement(mean[i], var[i], mBest);
        out[i] = std::isfinite(v) ? v : -1e300;
    }
    if (mCost) {
        const Eigen::VectorXd logCost = mCost->relativeLogCosts(X);
        for (Eigen::Index i = 0; i < X.rows(); ++i)
            if (out[i] > -1e300)
                out[i] -= logCost[i];
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
    const int S = sobol.dimension();
    const std::size_t n = std::size_t(std::max(count, 0));
    std::vector<double> points(n * std::size_t(S));
    sobol.points(0, n, points.data());
    for (int i = 0; i < count; ++i) {
        const double *p = points.data() + std::ptrdiff_t(i) * S;
        for (int d = 0; d < D; ++d) {
            const double u = d < S ? p[d] : rng.unit();
            const AcquisitionDimension &dim = mDims[d];
            if (dim.kind == AcquisitionDimension::Kind::Continuous || dim.values.empty())
                C(i, d) = boxed ? options.lower[d] + u * (options.upper[d] - options.lower[d]) : u;
            else
                C(i, d) = dim.values[std::min(size_t(u * dim.values.size()), dim.values.size() - 1)];
        }
    }
    return C;
}

Eigen::MatrixXd AcquisitionOptimizer::localCandidates(const Eigen::MatrixXd &centres, std::uint64_t seed,
                                                      const AcquisitionOptions &options) const
{
    const int D = int(mDims.size());
    const int per = options.localCandidates;
    if (per <= 0 || centres.rows() == 0 || centres.cols() != D || options.localScale.size() != D)
        return Eigen::MatrixXd(0, D);
    const bool boxed = options.lower.size() == Eigen::Index(D);
    SplitMix64 rng(splitmix64(seed ^ 0x6c6f63616cULL));
    Eigen::MatrixXd C(centres.rows() * per, D);
    for (Eigen::Index c = 0; c < centres.rows(); ++c) {
        for (int k = 0; k < per; ++k) {
            Eigen::VectorXd x = centres.row(c).transpose();
            for (int d = 0; d < D; ++d) {
                const AcquisitionDimension &dim = mDims[d];
                if (dim.kind == AcquisitionDimension::Kind::Continuous || dim.values.empty()) {
                    const double lo = boxed ? options.lower[d] : 0.0, hi = boxed ? options.upper[d] : 1.0;
                    x[d] = std::clamp(x[d] + options.localScale[d] * rng.normal(), lo, hi);
                } else if (rng.below(std::uint64_t(D)) == 0) {
                    // On average one discrete move per candidate: a neighbour, or any
                    // category.
                    if (dim.kind == AcquisitionDimension::Kind::Categorical) {
                        x[d] = dim.values[rng.below(dim.values.size())];
                    } else {
                        const auto it = std::lower_bound(dim.values.begin(), dim.values.end(), x[d] - 1e-12);
                        const int at = int(it - dim.values.begin());
                        const int to = std::clamp(at + (rng.below(2) ? 1 : -1), 0, int(dim.values.size()) - 1);
                        x[d] = dim.values[to];
                    }
                }
            }
            C.row(c * per + k) = x.transpose();
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
    Eigen::VectorXd scale; ///< x = scale * z on the searched columns (preconditioning)
    Eigen::VectorXd full;
    Eigen::VectorXd best;  ///< in z
    double bestValue = -std::numeric_limits<double>::infinity();
    Eigen::VectorXd g;

    double operator()(const Eigen::VectorXd &z, Eigen::VectorXd &grad)
    {
        for (size_t i = 0; i < columns->size(); ++i)
            full[(*columns)[i]] = scale[Eigen::Index(i)] * z[Eigen::Index(i)];
        const double v = acq->valueAndGradient(full, g);
        grad.resize(z.size());
        for (size_t i = 0; i < columns->size(); ++i)
            grad[Eigen::Index(i)] = -g[(*columns)[i]] * scale[Eigen::Index(i)];
        if (v > bestValue) {
            bestValue = v;
            best = z;
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
            param.epsilon = options.gradientTolerance;
            param.epsilon_rel = options.gradientTolerance;
            param.past = 1;
            param.delta = 1e-9;
            param.max_linesearch = 20;
            LBFGSpp::LBFGSBSolver<double> solver(param);
            // In units of the length scales (Optuna's preconditioning): the acquisition is a
            // function of x / l, which equal steps in every direction resolve alike.
            Eigen::VectorXd scale = Eigen::VectorXd::Ones(nc);
            if (options.lengthScales.size() == Eigen::Index(mDims.size()))
                for (int i = 0; i < nc; ++i)
                    scale[i] = std::max(options.lengthScales[mContinuous[i]], 1e-6);
            Eigen::VectorXd lb = Eigen::VectorXd::Zero(nc), ub = Eigen::VectorXd::Ones(nc);
            if (options.lower.size() == Eigen::Index(mDims.size())) {
                for (int i = 0; i < nc; ++i) {
                    lb[i] = options.lower[mContinuous[i]];
                    ub[i] = options.upper[mContinuous[i]];
                    xc[i] = std::clamp(xc[i], lb[i], ub[i]);
                }
            }
            Eigen::VectorXd z = xc.cwiseQuotient(scale);
            const Eigen::VectorXd zl = lb.cwiseQuotient(scale), zu = ub.cwiseQuotient(scale);
            ContinuousObjective f{this, &mContinuous, scale, x, z, current, {}};
            double fx = 0.0;
            try {
                solver.minimize(f, z, fx, zl, zu);
            } catch (const std::exception &) {
                // The best point evaluated so far stands.
            }
            if (f.bestValue > current) {
                current = f.bestValue;
                for (int i = 0; i < nc; ++i)
                    x[mContinuous[i]] = std::clamp(scale[i] * f.best[i], lb[i], ub[i]);
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

bool AcquisitionOptimizer::isExcluded(const Eigen::VectorXd &x, const AcquisitionOptions &options) const
{
    if (options.excludedCentres.rows() == 0 || options.excludedScale.size() != x.size())
        return false;
    const double r2 = options.excludedRadius * options.excludedRadius;
    for (Eigen::Index c = 0; c < options.excludedCentres.rows(); ++c) {
        double s = 0.0;
        for (Eigen::Index d = 0; d < x.size(); ++d) {
            const double t = mDims[d].kind == AcquisitionDimension::Kind::Categorical
                                 ? (x[d] != options.excludedCentres(c, d) ? 1e9 : 0.0)
                                 : (x[d] - options.excludedCentres(c, d)) / options.excludedScale[d];
            s += t * t;
        }
        if (s <= r2)
            return true;
    }
    return false;
}

Eigen::VectorXd AcquisitionOptimizer::optimize(const Eigen::MatrixXd &starts, std::uint64_t seed,
                                               const AcquisitionOptions &options, double *bestValue) const
{
    const int D = int(mDims.size());
    const Eigen::MatrixXd local = localCandidates(starts, seed, options);
    Eigen::MatrixXd C;
    Eigen::VectorXd v;
    if (mScored) {
        C.resize(mScored->rows() + local.rows(), D);
        C << *mScored, local;
        v.resize(C.rows());
        v.head(mScored->rows()) = scores(*mScored, *mScoredMean, *mScoredVar);
        if (local.rows() > 0)
            v.tail(local.rows()) = values(local);
    } else {
        const Eigen::MatrixXd global = candidates(std::max(options.candidates, 1), seed, options);
        C.resize(global.rows() + local.rows(), D);
        C << global, local;
        v = values(C);
    }
    for (Eigen::Index i = 0; i < C.rows(); ++i)
        if (isExcluded(C.row(i).transpose(), options))
            v[i] = -1e300;
    std::vector<int> order(C.rows());
    std::iota(order.begin(), order.end(), 0);
    const int top = std::min(int(order.size()), std::max(options.localSearches, 0));
    if (options.rouletteStarts && top > 1) {
        // The best candidate, then draws without replacement with weights exp(log EI - max).
        const int first = int(std::max_element(v.data(), v.data() + v.size()) - v.data());
        std::vector<double> weights(C.rows());
        for (Eigen::Index i = 0; i < C.rows(); ++i)
            weights[i] = std::exp(v[i] - v[first]);
        weights[first] = 0.0;
        SplitMix64 rng(splitmix64(seed ^ 0x726f756c65ULL));
        order.assign(1, first);
        for (int k = 1; k < top; ++k) {
            double total = 0.0;
            for (double w : weights)
                total += w;
            if (!(total > 0.0))
                break;
            const int pick = int(rng.categorical(weights));
            order.push_back(pick);
            weights[pick] = 0.0;
        }
    } else {
        std::partial_sort(order.begin(), order.begin() + top, order.end(),
                          [&](int a, int b) { return v[a] > v[b]; });
        order.resize(top > 0 ? top : 1);
    }

    Eigen::VectorXd best = C.row(order[0]).transpose();
    double bestV = v[order[0]];
    auto consider = [&](Eigen::VectorXd x) {
        snap(x);
        if (isExcluded(x, options))
            return;
        const double val = localSearch(x, options);
        if (val > bestV && !isExcluded(x, options)) {
            bestV = val;
            best = x;
        }
    };
    for (int i = 0; i < std::min(top, int(order.size())); ++i)
        consider(C.row(order[i]).transpose());
    for (Eigen::Index i = 0; i < starts.rows(); ++i)
        if (starts.cols() == D)
            consider(starts.row(i).transpose());
    if (bestValue)
        *bestValue = bestV;
    return best;
}

} // namespace tunescope
