#pragma once

#include <Eigen/Core>
#include <Eigen/Cholesky>

#include <cstdint>
#include <vector>

namespace tunescope {

/// Hyperparameters of the Matern 5/2 ARD kernel, all as natural logarithms.
struct GpHyperparameters
{
    Eigen::VectorXd logInvSqLengthscales; ///< log(1 / l_d^2), one per input column
    double logSignalVar = 0.0;            ///< log of the kernel scale (standardized outputs)
    double logNoiseVar = -9.2;            ///< log of the observation noise variance

    int dimension() const { return int(logInvSqLengthscales.size()); }
    Eigen::VectorXd packed() const;
    static GpHyperparameters unpack(const Eigen::VectorXd &theta);
    /// The prior mode-ish starting point: unit length scales, unit signal, small noise.
    static GpHyperparameters defaults(int dimension);
};

/// Settings of the marginal-likelihood fit.
struct GpFitOptions
{
    int maxIterations = 50;
    int maxFitPoints = 256;     ///< larger data sets fit on a seeded random subset of this size
    double minNoiseVar = 1e-6;  ///< floor on the noise (deterministic objectives want it low)
    double maxLengthscale = 1e2; ///< ceiling on every length scale (unit-cube units)
    std::uint64_t seed = 0;     ///< picks the subset (keep it fixed within a study)
    /// Factorize the whole data set with the fitted hyperparameters. Without it the fit costs
    /// O(maxFitPoints^3) whatever the size, hyperparameters() holds the result, and the
    /// model predicts only after setHyperparameters().
    bool factorize = true;
};

/// Gaussian process regression with a Matern 5/2 ARD kernel and a zero mean on standardized
/// outputs, for Bayesian optimization.
///
/// Columns are either continuous (unit-cube coordinates, squared distance (x - x')^2) or
/// categorical (the category index; distance 1 when the categories differ, a Hamming kernel
/// inside the Matern). Hyperparameters are MAP estimates: marginal likelihood plus priors
/// (Gamma-like on the inverse squared length scales, Gamma on signal and noise variance),
/// maximized in log space with analytic gradients by bounded L-BFGS. The posterior keeps the
/// Cholesky factor of K, so one more observation (a fantasy for a running trial) costs O(n^2).
/// Plain C++/Eigen: no Qt, no global state.
class GaussianProcess
{
public:
    explicit GaussianProcess(std::vector<bool> categorical = {});

    int dimension() const { return int(mCategorical.size()); }
    int size() const { return int(mX.rows()); }
    const std::vector<bool> &categorical() const { return mCategorical; }

    /// Replaces the data (rows of X are points; y raw values, smaller is better) and
    /// standardizes y. `noise`, when given, is a known extra noise variance per observation
    /// in the units of y squared (the variance of a mean over repeats), added to the fitted
    /// homoscedastic noise. Does not factorize; call setHyperparameters() or fit().
    void setData(const Eigen::MatrixXd &X, const Eigen::VectorXd &y, const Eigen::VectorXd &noise = {});
    const Eigen::MatrixXd &inputs() const { return mX; }
    /// Standardized outputs (including fantasies added with addObservation()).
    const Eigen::VectorXd &outputs() const { return mY; }
    double outputMean() const { return mYMean; }
    double outputScale() const { return mYStd; }
    double standardize(double y) const { return (y - mYMean) / mYStd; }

    /// Sets the hyperparameters and factorizes K (with jitter if it is not positive definite).
    void setHyperparameters(const GpHyperparameters &h);
    const GpHyperparameters &hyperparameters() const { return mHyper; }

    /// MAP fit from `start` (a previous fit, or defaults()), then factorizes.
    /// Returns the number of optimizer iterations.
    int fit(const GpHyperparameters &start, const GpFitOptions &options = {});

    /// Log marginal likelihood + log prior of packed hyperparameters on rows `subset` of the
    /// data (all rows when empty); gradient (w.r.t. the packed logs) into *grad if given.
    double logPosterior(const Eigen::VectorXd &theta, Eigen::VectorXd *grad,
                        const std::vector<int> &subset = {}) const;

    /// Known extra noise variance per observation, in standardized units (zero when none).
    const Eigen::VectorXd &extraNoise() const { return mNoise; }

    /// Adds one observation with a standardized output (and extra noise variance in
    /// standardized units), keeping the hyperparameters: a rank-one extension of the Cholesky
    /// factor.
    void addObservation(const Eigen::VectorXd &x, double standardizedY, double standardizedNoise = 0.0);

    /// Posterior mean and variance (of the latent function, standardized units) at the rows
    /// of Xs.
    void predict(const Eigen::MatrixXd &Xs, Eigen::VectorXd &mean, Eigen::VectorXd &var) const;
    /// Posterior mean alone (O(n) per point instead of O(n^2) with the variance).
    Eigen::VectorXd predictMean(const Eigen::MatrixXd &Xs) const;
    /// The prior variance of the latent function: the largest posterior variance anywhere.
    double priorVariance() const;
    /// Posterior mean and variance at x with their gradients w.r.t. x (zero on categorical
    /// columns).
    void predict(const Eigen::VectorXd &x, double &mean, double &var, Eigen::VectorXd &dMean,
                 Eigen::VectorXd &dVar) const;

    /// Kernel value between two points under the current hyperparameters (noise excluded).
    double kernel(const Eigen::VectorXd &a, const Eigen::VectorXd &b) const;
    /// Squared scaled distance sum_d w_d delta_d(a, b).
    double scaledDistance(const Eigen::VectorXd &a, const Eigen::VectorXd &b,
                          const Eigen::VectorXd &w) const;

    /// Rate b of the length-scale prior -(0.1 / w + b w) on w = 1 / l^2: larger b favours
    /// smoother models.
    void setLengthscalePriorRate(double b) { mShortRate = b; }

    /// The jitter added to the diagonal in the last factorization (0 when none was needed).
    double jitter() const { return mJitter; }

    /// Lower Cholesky factor L of K + noise (+ jitter). Fantasies (addObservation) append rows.
    const Eigen::MatrixXd &choleskyFactor() const { return mL; }
    /// Build the factor row by row (choleskyByRows), row i from observations 0..i alone and
    /// always in the same order of operations, so that its first rows are the same to the bit
    /// whatever rows follow (CandidatePosterior relies on it). Off: Eigen's blocked LLT, whose
    /// rows may differ in the last bits with n. Takes effect at the next factorization.
    void setRowwiseFactorization(bool rowwise) { mRowwise = rowwise; }
    /// K^-1 y: the weights of the kernel columns in the posterior mean.
    const Eigen::VectorXd &weights() const { return mAlpha; }
    /// Each observation's leave-one-out residual in standard deviations of its leave-one-out
    /// prediction (noise included): (y_i - mu_-i) / sigma_-i = alpha_i / sqrt((K^-1)_ii)
    /// (Rasmussen and Williams, eq. 5.12). O(n^3): for a recommendation, not per suggestion.
    Eigen::VectorXd leaveOneOutResiduals() const;

    /// Matern 5/2 as a function of the squared scaled distance s, and its derivative in s.
    static double matern52(double s);
    static double matern52ds(double s);
    /// s2 * Matern 5/2 of each squared scaled distance in an array, with Eigen's vectorized exp
    /// (a scalar std::exp per element dominated batch predictions). The one formula for the
    /// model's matrices and CandidatePosterior's rows.
    /// Written into `out` (a matrix or an array) without an intermediate copy.
    template <class Distances, class Out>
    static void scaledMatern52(const Distances &s, double s2, Out &out)
    {
        const auto r = (5.0 * s).sqrt().eval();
        out = s2 * (1.0 + r + r.square() * (1.0 / 3.0)) * (-r).exp();
    }

    /// Row-by-row Cholesky (see choleskyFactor()) of the matrix whose lower triangle is K,
    /// plus `jitter` on the diagonal; false when a pivot is not positive.
    static bool choleskyByRows(const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> &K,
                               double jitter,
                               Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> &L);

private:
    void factorize();
    Eigen::MatrixXd crossScaledDistances(const Eigen::MatrixXd &A, const Eigen::MatrixXd &B,
                                         const Eigen::VectorXd &w) const;

    std::vector<bool> mCategorical;
    Eigen::MatrixXd mX;
    Eigen::VectorXd mY; ///< standardized
    Eigen::VectorXd mNoise; ///< known extra noise variance per row, standardized
    double mYMean = 0.0;
    double mYStd = 1.0;
    GpHyperparameters mHyper;
    double mJitter = 0.0;
    double mShortRate = 0.1;
    bool mRowwise = false;
    Eigen::MatrixXd mL;     ///< lower Cholesky factor of K + noise I (+ jitter)
    Eigen::VectorXd mAlpha; ///< K^-1 y
    Eigen::VectorXd mW;     ///< exp(logInvSqLengthscales), as of the last factorization

    /// Buffers of the single-point prediction (see predict()).
    struct Workspace
    {
        Eigen::ArrayXd sd, r, e, k, kds, a, b;
        Eigen::VectorXd v;
    };
    mutable Workspace mWork;
};

} // namespace tunescope
