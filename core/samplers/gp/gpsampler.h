#pragma once

#include "samplers/gp/acquisition.h"
#include "samplers/gp/gaussianprocess.h"
#include "samplers/sampler.h"
#include "samplers/sobol.h"

#include <optional>

namespace tunescope {

/// `method: bayes`: Gaussian-process Bayesian optimization.
///
/// The first n_startup_trials trials (and any trial before one has completed) are the
/// scrambled Sobol points with their trial number as index. After that each suggestion
/// refits a GaussianProcess (Matern 5/2 ARD, MAP hyperparameters warm-started from the
/// previous fit) on every finished trial and maximizes log expected improvement with
/// AcquisitionOptimizer.
///
/// Trial outcomes: COMPLETE values are observations (negated for maximize). FAILED trials,
/// and COMPLETE ones with a NaN or infinite value, are imputed the worst observed value, so
/// their region looks bad rather than unknown (W&B's "impute: worst"). A PRUNED trial was
/// stopped because its curve was worse than its peers': it counts as max(its last value,
/// median of the completed), i.e. never better than typical, and as the median when it
/// reported nothing. RUNNING/WAITING trials are "kriging believers": fantasy observations at
/// the posterior mean, which remove the variance there so parallel suggestions spread out.
///
/// Options (study file, method settings): n_startup_trials (10), candidates (512 up to 3
/// dimensions, 1024 for 4, 2048 beyond),
/// local_searches (5), max_fit_points (160), fit_iterations (50), min_noise (1e-8: the
/// noise-variance floor on standardized values; deterministic objectives want it low).
class GpSampler : public Sampler
{
public:
    GpSampler(SearchSpace space, Goal goal, quint64 seed, const QVariantMap &options = {});

    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;

    int startupTrials() const { return mStartup; }

    /// Timing and model details of the last GP suggestion (for benchmarks and tests).
    struct Diagnostics
    {
        bool usedModel = false;
        int observations = 0;
        int pending = 0;
        int fitIterations = 0;
        double fitSeconds = 0.0;
        double acquisitionSeconds = 0.0;
        double bestLogEi = 0.0;
        GpHyperparameters hyperparameters;
    };
    const Diagnostics &lastDiagnostics() const { return mDiag; }

private:
    std::optional<Eigen::VectorXd> encodeTrial(const Trial &t) const;
    QVariantMap decodePoint(const Eigen::VectorXd &x) const;

    QList<Parameter> mParams;
    std::vector<AcquisitionDimension> mDims;
    std::vector<bool> mCategorical;
    Sobol mSobol;
    int mStartup = 10;
    int mCandidates = 2048;
    int mLocalSearches = 5;
    int mMaxFitPoints = 160;
    int mFitIterations = 50;
    double mMinNoise = 1e-8;
    double mLengthscalePrior = 0.1;
    int mLocalEvery = 2;
    double mLocalWidth = 0.2;
    std::optional<GpHyperparameters> mWarmStart;
    Diagnostics mDiag;
};

} // namespace tunescope
