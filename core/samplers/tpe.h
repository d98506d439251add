#pragma once

// Numerics of the Tree-structured Parzen Estimator (Bergstra et al. 2011; Watanabe 2023,
// "Tree-structured Parzen estimator: understanding its algorithm components"), with the
// defaults of Optuna's TPESampler. Plain C++: no Qt types, so it can be tested and reused
// (multi-objective TPE) without the sampler around it.

#include "common/splitmix.h"

#include <cstdint>
#include <vector>

namespace tunescope::tpe {

/// One coordinate of the space the estimator works in ("internal" coordinates: log params
/// are already log-transformed, categoricals are choice indices stored as doubles).
struct Dimension
{
    enum class Kind { Continuous, Discrete, Categorical };

    Kind kind = Kind::Continuous;
    /// Continuous: the support [low, high]. Discrete: the lowest and highest grid point;
    /// the kernels live on [low - step/2, high + step/2] and are rounded to the grid.
    double low = 0.0;
    double high = 1.0;
    double step = 0.0;  ///< Discrete: grid spacing (> 0)
    int choices = 0;    ///< Categorical: number of choices

    /// Lower/upper end of the support of the kernels.
    double supportLow() const { return kind == Kind::Discrete ? low - 0.5 * step : low; }
    double supportHigh() const { return kind == Kind::Discrete ? high + 0.5 * step : high; }
    /// Width of the kernels' support; the scale of every bandwidth.
    double width() const { return supportHigh() - supportLow(); }

    /// Rounds a value of the support to the nearest grid point (Discrete) or clamps it.
    double snap(double x) const;

    static Dimension continuous(double low, double high);
    static Dimension discrete(double low, double high, double step);
    static Dimension categorical(int choices);
};

/// Optuna's default_gamma: the number of "good" trials among n, min(ceil(factor n), cap).
int gamma(int n, double factor = 0.1, int cap = 25);

/// Optuna's default_weights: 1 for the 25 newest observations, a linear ramp from 1/n up to
/// 1 for the older ones (oldest first), so that stale trials weigh less in long studies.
std::vector<double> defaultWeights(int n);

/// Settings of a Parzen estimator (Optuna's _ParzenEstimatorParameters).
struct ParzenOptions
{
    bool multivariate = true;       ///< Scott-style shared bandwidth vs. neighbour distances
    double priorWeight = 1.0;       ///< weight of the wide prior kernel
    bool considerMagicClip = true;  ///< lower-bound bandwidths by width / min(100, n + 2)
    bool considerEndpoints = false; ///< univariate only: let the ends of the range widen kernels
    double bandwidthFactor = 0.2;   ///< multivariate: bandwidth = factor n^(-1/(D+4)) width
};

// ---- the standard normal and its truncation (exposed for tests) ----

/// log Phi(x), accurate in both tails.
double logNdtr(double x);
/// log(Phi(b) - Phi(a)) for a <= b, accurate when both ends are in one tail.
double logGaussMass(double a, double b);
/// Phi^{-1}(p) for p in (0, 1).
double ndtri(double p);
/// Phi^{-1}(exp(logP)), also for p far below the smallest double.
double ndtriExp(double logP);
/// Log density of N(mu, sigma) truncated to [low, high] at x (-inf outside).
double truncNormLogPdf(double x, double mu, double sigma, double low, double high);
/// Inverse CDF of N(mu, sigma) truncated to [low, high] at quantile q in (0, 1).
double truncNormQuantile(double q, double mu, double sigma, double low, double high);

/// A weighted mixture of product kernels, one per observation plus a prior kernel:
/// truncated normals on numeric coordinates (rounded to the grid on discrete ones) and a
/// smoothed categorical distribution on categorical ones.
class ParzenEstimator
{
public:
    /// `observations` are rows of dims.size() internal coordinates; `weights` has one
    /// non-negative weight per row (empty: defaultWeights, i.e. the rows are oldest first).
    ParzenEstimator(std::vector<Dimension> dims,
                    const std::vector<std::vector<double>> &observations,
                    std::vector<double> weights = {}, ParzenOptions options = {});

    int dimension() const { return int(mDims.size()); }
    int kernelCount() const { return int(mWeights.size()); } ///< observations + prior
    const std::vector<Dimension> &dimensions() const { return mDims; }
    const std::vector<double> &weights() const { return mWeights; } ///< normalized, prior last

    /// Numeric coordinate d of kernel k: centre and bandwidth (internal units).
    double mu(int k, int d) const { return mCoords[d].mu[k]; }
    double sigma(int k, int d) const { return mCoords[d].sigma[k]; }

    /// One draw from the mixture.
    std::vector<double> sample(SplitMix64 &rng) const;
    /// Log density (log probability mass on discrete and categorical coordinates; a mixed
    /// space gets the product) of a point.
    double logPdf(const std::vector<double> &x) const;

private:
    struct Coordinate
    {
        std::vector<double> mu;       ///< per kernel (numeric)
        std::vector<double> sigma;    ///< per kernel (numeric)
        std::vector<double> logMass;  ///< per kernel: log of the kernel's mass on the support
        std::vector<double> prob;     ///< kernels x choices (categorical), rows sum to 1
        std::vector<double> logProb;
    };

    void buildNumeric(int d, const std::vector<std::vector<double>> &obs,
                      const ParzenOptions &options);
    void buildCategorical(int d, const std::vector<std::vector<double>> &obs,
                          const ParzenOptions &options);
    double logKernel(int k, int d, double x) const;

    std::vector<Dimension> mDims;
    std::vector<double> mWeights;
    std::vector<double> mLogWeights;
    std::vector<double> mCumWeights;
    std::vector<Coordinate> mCoords;
};

} // namespace tunescope::tpe
