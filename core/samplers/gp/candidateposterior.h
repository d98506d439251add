#pragma once

#include "samplers/gp/gaussianprocess.h"

#include <Eigen/Core>

#include <cstdint>
#include <optional>

namespace tunescope {

/// The posterior mean and variance of a GaussianProcess at one fixed set of candidate points,
/// kept between suggestions and grown by one row per new observation.
///
/// Between hyperparameter checkpoints the model's factor only gains rows: row i of the
/// Cholesky factor L depends on observations 0..i alone. This keeps, per observation row i
/// and candidate c, the kernel value K(x_i, c) and the forward-substitution result
/// (L^-1 K(X, c))_i, so a new observation costs O(n m) instead of the O(n^2 m) of scoring the
/// candidates afresh. Every number is computed row by row with elementwise arithmetic in a
/// fixed order (no blocked or reordered sums), so a cache grown over many calls holds, to the
/// bit, what one built cold from the same observations holds: a resumed study suggests what
/// an uninterrupted one would. update() keeps the longest prefix of rows whose point, noise,
/// hyperparameters and jitter are unchanged and recomputes the rest, so any change to an
/// earlier observation (another training subset, a repeat's variance) invalidates exactly
/// what it must.
class CandidatePosterior
{
public:
    /// Sets the candidates (rows: points); `key` names the set. A different key drops every
    /// cached row; the same key keeps them (the matrix is then not copied again).
    void setCandidates(const Eigen::MatrixXd &candidates, std::uint64_t key);
    const Eigen::MatrixXd &candidates() const { return mC; }
    std::optional<std::uint64_t> key() const { return mKey; }

    /// Brings the cache to the first `rows` observations of gp (its own rows, before any
    /// fantasies are added) under gp's hyperparameters.
    void update(const GaussianProcess &gp, int rows);
    /// Rows kept from the previous update() (for diagnostics and tests).
    int reusedRows() const { return mReused; }
    int rows() const { return int(mX.rows()); }

    /// Mean and variance (latent, standardized, as GaussianProcess::predict) at the first
    /// `count` candidates, with every row of gp: the cached ones and any added after them
    /// (fantasies of running trials), which are computed here and not kept.
    void predict(const GaussianProcess &gp, int count, Eigen::VectorXd &mean, Eigen::VectorXd &var) const;

    /// Drops every cached row.
    void clear();

    /// Test hook: adds `delta` to one cached forward-substitution value (and its square to
    /// the variance's sum), so that a test can show it detects a cache that drifts from a
    /// cold computation.
    void perturbForTest(int row, int candidate, double delta);

private:
    using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

    /// The kernel values of point x against every candidate into `out` (size m).
    void kernelRow(const GaussianProcess &gp, const Eigen::VectorXd &x, Eigen::ArrayXd &out) const;

    Eigen::MatrixXd mC;
    std::optional<std::uint64_t> mKey; ///< the candidate set's key, none before the first
    Eigen::VectorXd mHyper;   ///< packed hyperparameters the rows were computed with
    double mJitter = 0.0;
    Eigen::MatrixXd mX;       ///< the observations' points, one row each
    Eigen::VectorXd mNoise;   ///< their known extra noise (standardized)
    RowMatrix mK;             ///< K(x_i, c): one row per observation, one column per candidate
    RowMatrix mV;             ///< (L^-1 K(X, C)) row by row
    Eigen::ArrayXd mSumSq;    ///< sum over the rows of mV squared, accumulated in row order
    int mReused = 0;
};

} // namespace tunescope
