#pragma once

#include "samplers/gp/gaussianprocess.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace tunescope {

class CostModel;

/// log h(z) with h(z) = phi(z) + z Phi(z), the scaled expected improvement, accurate for any
/// z (the direct formula underflows below z ~ -38 and loses all digits well before that).
double logExpectedImprovementFactor(double z);
/// d/dz log h(z) = Phi(z) / h(z), equally stable.
double logExpectedImprovementFactorDerivative(double z);
/// log EI for minimization: z = (best - mean) / sd, log EI = log sd + log h(z).
double logExpectedImprovement(double mean, double var, double best);

/// One input column as the acquisition optimizer sees it.
struct AcquisitionDimension
{
    enum class Kind { Continuous, Discrete, Categorical };
    Kind kind = Kind::Continuous;
    /// Discrete: the allowed coordinates, sorted. Categorical: 0 .. n-1 (category indices).
    std::vector<double> values;
};

/// Settings of the acquisition search.
struct AcquisitionOptions
{
    int candidates = 2048;    ///< quasi-random candidates scored in one batch
    int localSearches = 10;   ///< local searches started from the best candidates
    int maxIterations = 60;   ///< L-BFGS iterations per continuous search
    int rounds = 3;           ///< alternations of continuous and discrete moves per start
    double gradientTolerance = 1e-6; ///< L-BFGS stops at this gradient norm (length-scale units)
    /// Length scales of the model per column: the local searches step in these units.
    Eigen::VectorXd lengthScales;
    /// Box for the continuous columns (a trust region); empty means the unit cube.
    Eigen::VectorXd lower, upper;
    /// Candidates drawn around each of the `starts` rows (Gaussian steps of `localScale` per
    /// column, a neighbouring value on discrete columns), scored with the quasi-random ones.
    int localCandidates = 0;
    Eigen::VectorXd localScale;
    /// Local searches start from the best candidate and from candidates drawn with
    /// probability proportional to their expected improvement (Optuna's roulette), rather
    /// than from the top ones only, which crowd around one peak.
    bool rouletteStarts = true;
    /// Points to stay away from: no suggestion within `excludedRadius` (in the scaled
    /// distance sum ((x_d - c_d) / scale_d)^2 <= radius^2) of any row of excludedCentres.
    Eigen::MatrixXd excludedCentres;
    Eigen::VectorXd excludedScale;
    double excludedRadius = 0.0;
};

/// Maximizes log expected improvement of a GaussianProcess over a mixed space.
///
/// Scores scrambled Sobol candidates in one batch, then runs local searches from the best of
/// them and from given start points (the best observations): bounded L-BFGS on continuous
/// columns alternating with exhaustive (small domains) or neighbour (large ones) moves on
/// discrete and categorical columns, so results always lie on the grid of discrete columns.
class AcquisitionOptimizer
{
public:
    AcquisitionOptimizer(const GaussianProcess &gp, std::vector<AcquisitionDimension> dims, double best);

    double value(const Eigen::VectorXd &x) const;
    double valueAndGradient(const Eigen::VectorXd &x, Eigen::VectorXd &grad) const;
    Eigen::VectorXd values(const Eigen::MatrixXd &X) const;

    /// Snaps every discrete / categorical coordinate to its nearest allowed value and clamps
    /// continuous ones to [0, 1].
    void snap(Eigen::VectorXd &x) const;

    /// The best point found; `starts` rows are extra local-search starts.
    Eigen::VectorXd optimize(const Eigen::MatrixXd &starts, std::uint64_t seed,
                             const AcquisitionOptions &options = {}, double *bestValue = nullptr) const;

    /// Whether x lies in one of the options' excluded balls (see AcquisitionOptions).
    bool isExcluded(const Eigen::VectorXd &x, const AcquisitionOptions &options) const;

    /// Cost-aware search: the value becomes log EI less the cost model's predicted relative log
    /// cost, i.e. log of expected improvement per unit cost. Null (the default): EI alone. The
    /// model must outlive the optimizer.
    void setCostModel(const CostModel *cost) { mCost = cost; }

    /// The quasi-random candidates optimize() draws for `seed` (scrambled Sobol points in the
    /// options' box, on the grid of discrete columns; every point of a small discrete space).
    Eigen::MatrixXd candidates(int count, std::uint64_t seed, const AcquisitionOptions &options) const;

    /// Candidates whose posterior mean and variance are known already (CandidatePosterior):
    /// optimize() scores these instead of drawing its own quasi-random set. The three must
    /// outlive the optimizer.
    void setScoredCandidates(const Eigen::MatrixXd &candidates, const Eigen::VectorXd &mean, const Eigen::VectorXd &var)
    {
        mScored = &candidates;
        mScoredMean = &mean;
        mScoredVar = &var;
    }

private:
    double localSearch(Eigen::VectorXd &x, const AcquisitionOptions &options) const;
    /// log EI (less the relative log cost when cost-aware) from means and variances at X.
    Eigen::VectorXd scores(const Eigen::MatrixXd &X, const Eigen::VectorXd &mean, const Eigen::VectorXd &var) const;
    Eigen::MatrixXd localCandidates(const Eigen::MatrixXd &centres, std::uint64_t seed,
                                    const AcquisitionOptions &options) const;

    const GaussianProcess &mGp;
    std::vector<AcquisitionDimension> mDims;
    std::vector<int> mContinuous; ///< indices of continuous columns
    double mBest = 0.0;
    const CostModel *mCost = nullptr;
    const Eigen::MatrixXd *mScored = nullptr;
    const Eigen::VectorXd *mScoredMean = nullptr;
    const Eigen::VectorXd *mScoredVar = nullptr;
};

} // namespace tunescope
