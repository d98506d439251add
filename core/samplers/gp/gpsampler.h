#pragma once

#include "samplers/gp/acquisition.h"
#include "samplers/gp/candidateposterior.h"
#include "samplers/gp/costmodel.h"
#include "samplers/gp/gaussianprocess.h"
#include "samplers/gp/outputwarp.h"
#include "samplers/gp/sourcetask.h"
#include "samplers/sampler.h"
#include "samplers/sobol.h"

#include <optional>

namespace tunescope {

/// `method: bayes`: Gaussian-process Bayesian optimization.
///
/// The first n_startup_trials trials (and any trial before one has completed) are the
/// scrambled Sobol points with their trial number as index. After that each suggestion
/// models every finished trial with a GaussianProcess (Matern 5/2 ARD, MAP hyperparameters)
/// on power-transformed values (OutputWarp) and maximizes log expected improvement with
/// AcquisitionOptimizer.
///
/// Determinism: what the sampler suggests is a function of the trials and the seed alone, so
/// a resumed study, a second worker or a restarted app suggest exactly what an uninterrupted
/// run would. Hyperparameters are fitted at checkpoints of the study (the first m finished
/// trials by number, m growing geometrically), each warm-started from the previous
/// checkpoint's fit; the sampler keeps that chain as a cache, recomputed from the trials when
/// it is missing or when an earlier trial changed. With candidate_sets k > 0 the acquisition's
/// quasi-random candidates are k sets per checkpoint (functions of its size), used in turn and
/// scored through CandidatePosteriors kept between calls: a new trial adds one row per set
/// (O(n m)) instead of scoring afresh (O(n^2 m)), and a cold sampler computing all rows gets
/// the same bits. Off by default: reusing candidates costs regret on the suite (bench/README.md).
///
/// Trial outcomes: COMPLETE values are observations (negated for maximize); with repeats,
/// the variance of their mean (value_std^2 / repeats) is a known extra noise on that
/// observation. FAILED trials, and COMPLETE ones with a NaN or infinite value, are imputed
/// the worst observed value, so their region looks bad rather than unknown (W&B's "impute:
/// worst"). A PRUNED trial counts as max(its last value, median of the completed), and as the
/// median when it reported nothing. RUNNING/WAITING trials are "kriging believers": fantasy
/// observations at the posterior mean, so parallel suggestions spread out.
///
/// A warm start's prior observations (setPriorTrials) are another task: they join the model
/// with their values mapped onto this study's scale by a per-study offset and scale
/// (SourceTask), and with them the model is used from the first suggestion (no Sobol start).
/// The recommended trial is always one of this study's own.
///
/// Options (study file, method_options): n_startup_trials (10), candidates (512 up to 3
/// dimensions, 1024 for 4, 2048 beyond), local_searches (5), max_fit_points (160),
/// max_model_points (1000: larger studies are modelled on their best half and a stable random
/// half of the rest), fit_iterations (50), min_noise (1e-8: the noise-variance floor on
/// standardized values), lengthscale_prior (0.1), output_warp (true), warp_lambda_min (0: the
/// warp's lowest exponent, see OutputWarp::fit), warp_select (true: where the fitted noise says
/// the values are exact, a warp down to -1 is used when the GP's evidence prefers it; see
/// hyperparameters()), outlier_z (5: see recommendedTrial; 0 off), recommend_within (0 off: see
/// recommendedBy), max_lengthscale (100), candidate_sets (0: a fresh candidate set per
/// suggestion), and the study file's top-level cost_aware (StudySpec::costAware, false): see
/// setCostAware.
class GpSampler : public Sampler
{
public:
    GpSampler(SearchSpace space, Goal goal, quint64 seed, const QVariantMap &options = {}, int repeats = 1);

    /// A bad method_options entry ("method_options.KEY: ..."), or an empty string.
    static QString checkOptions(const QVariantMap &options);

    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;
    /// The complete trial with the best posterior mean (on a deterministic objective, the
    /// best observed one; on a noisy one, the one the model trusts, not the luckiest draw),
    /// gross outliers on the good side left out where they inflate the fitted noise.
    std::optional<int> recommendedTrial(const QList<Trial> &trials) override;

    int startupTrials() const { return mStartup; }

    /// `cost_aware: true`: from CostModel::kMinObservations complete trials with a run time
    /// on, suggestions maximize expected improvement per unit of cost (CostModel).
    void setCostAware(bool costAware) { mCostAware = costAware; }
    bool isCostAware() const { return mCostAware; }

    /// Test hook: the candidates' posterior kept between suggestions, the one that suggestion
    /// `number` uses.
    CandidatePosterior &candidatePosterior(int number) { return mCandidatePosteriors[candidateSlice(number)]; }

    /// Timing (process CPU seconds) and model details of the last GP suggestion (for
    /// benchmarks and tests).
    struct Diagnostics
    {
        bool usedModel = false;
        int observations = 0;
        int modelled = 0;  ///< observations the posterior uses (all, up to max_model_points)
        int pending = 0;
        int fitIterations = 0;
        int checkpointsFitted = 0; ///< hyperparameter checkpoints fitted by this call
        double fitSeconds = 0.0;
        double acquisitionSeconds = 0.0;
        double bestLogEi = 0.0;
        double warpLambda = 1.0;
        bool exploring = false; ///< kept away from the basins the search converged in
        /// Where EI's incumbent lies from the best posterior mean (0) to the best observed value (1).
        double incumbentWeight = 0.0;
        double trustRegion = 0.0; ///< side factor L of the trust region, 0 when global
        bool costModelled = false; ///< cost_aware and enough run times: EI per unit cost
        int candidateRowsKept = 0; ///< rows of the candidates' posterior kept from the last call
        int lengthscalesWeighed = 0; ///< lengthscale_sample: long length scales drawn for
        int lengthscalesClamped = 0; ///< ... and those this suggestion's model holds at the ceiling
        GpHyperparameters hyperparameters;
        /// The floor of warpLambda's fit; none where the model took the values unwarped.
        std::optional<double> warpLambdaLow = OutputWarp::kDefaultLambdaLow;
    };
    const Diagnostics &lastDiagnostics() const { return mDiag; }

    /// The finished trials as the model sees them, in trial-number order.
    struct Observations
    {
        Eigen::MatrixXd X;              ///< encoded points, one row per finished trial
        std::vector<double> value;      ///< raw value, minimized (NaN for failed)
        std::vector<double> noise;      ///< known noise variance of the value (repeats), raw units
        std::vector<TrialState> state;  ///< Complete, Failed or Pruned
        std::vector<int> number;        ///< trial numbers
        std::vector<std::uint64_t> prefixHash; ///< hash of rows 0..i, to recognise a prefix
        std::vector<Eigen::VectorXd> pending;  ///< running and waiting trials' points
        int rows() const { return int(number.size()); }
        int complete() const;
        /// Whether repeats gave any value a known noise: then the values are not exact.
        bool anyKnownNoise() const;
    };

private:
    struct Checkpoint
    {
        int size = 0;
        std::uint64_t hash = 0;
        GpHyperparameters hyperparameters;
        /// The warp floor chosen here; none: the values unwarped (warp_evidence).
        std::optional<double> warpLambdaLow = OutputWarp::kDefaultLambdaLow;
    };

    std::optional<Eigen::VectorXd> encodeTrial(const Trial &t) const;
    QVariantMap decodePoint(const Eigen::VectorXd &x) const;
    Observations observe(const QList<Trial> &trials, int exclude) const;
    /// The rows the posterior uses: all of them up to max_model_points, else the best half and
    /// a stable random half of the others.
    std::vector<int> modelRows(const Observations &obs) const;
    /// A GP on rows of obs (imputed, warped with an exponent of at least warpLambdaLow, not
    /// warped without one), not yet factorized; the warp into *warp, and the log of the
    /// Jacobian of the values' whole transform (warp and the GP's standardization) into
    /// *logJacobian.
    GaussianProcess buildModel(const Observations &obs, const std::vector<int> &rows, std::optional<double> warpLambdaLow,
                               OutputWarp *warp, double *logJacobian = nullptr) const;
    /// The hyperparameters for obs from the checkpoint chain (fitting what is missing); the
    /// size of the checkpoint they come from into mCheckpointSize. Each checkpoint also chooses
    /// how the model of its size warps the values: warp_select weighs the floor -1,
    /// warp_evidence no warp at all.
    GpHyperparameters hyperparameters(const Observations &obs);
    /// The fitted hyperparameters with the length scales the data does not earn brought back
    /// to kEvidenceCeiling (lengthscale_evidence).
    GpHyperparameters withEarnedLengthscales(const GaussianProcess &gp, const GpHyperparameters &fitted) const;
    /// The observation noise variance (standardized units) that the values of the nearest
    /// pairs of complete rows show, infinity when there are too few pairs to tell.
    double nuggetAtOrigin(const GaussianProcess &gp, const Observations &obs, const std::vector<int> &rows) const;
    /// What the nearest pairs say of the model's fitted noise term: the repeats give the noise
    /// (Known); the pairs agree far better than it, so it stands for misfit and the values are
    /// exact (Exact); they differ by about as much, so it is observation noise (Confirmed); or
    /// neither (Unclear: too few pairs, or in between).
    enum class NoiseEvidence { Known, Exact, Confirmed, Unclear };
    NoiseEvidence noiseEvidence(const GaussianProcess &gp, const Observations &obs, const std::vector<int> &rows) const;
    /// cost_aware: the model of the complete trials' run times (nullopt: too few yet).
    std::optional<CostModel> costModel(const QList<Trial> &trials) const;
    /// The model of every finished trial, factorized.
    /// With sampleSeed and lengthscale_sample, its long length scales drawn as
    /// withSampledLengthscales does.
    GaussianProcess model(const Observations &obs, std::vector<int> *rows = nullptr,
                          std::optional<quint64> sampleSeed = std::nullopt);
    /// lengthscale_sample: the fitted hyperparameters with each length scale above
    /// kEvidenceCeiling drawn between itself and the ceiling by their posterior odds.
    GpHyperparameters withSampledLengthscales(const GaussianProcess &gp, const GpHyperparameters &fitted, quint64 seed);
    /// The floor of the output warp's exponent: the last checkpoint's, warp_lambda_min before
    /// one; none where that checkpoint chose no warp.
    std::optional<double> currentWarpLambdaLow() const;
    /// The fit's settings from the options, with `iterations` optimizer steps at most.
    GpFitOptions fitOptions(int iterations) const;
    /// recommendedTrial's answer from a model of `rows` of obs.
    std::optional<int> recommendedBy(const GaussianProcess &gp, const Observations &obs,
                                     const std::vector<int> &rows, const QList<Trial> &trials) const;
    /// The prior observations mapped onto the scale of the study's own (SourceTask), followed
    /// by the study's trials: what the model sees with a warm start's prior.
    QList<Trial> withPrior(const QList<Trial> &trials, int number);

    QList<Parameter> mParams;
    std::vector<AcquisitionDimension> mDims;
    std::vector<bool> mCategorical;
    Sobol mSobol;
    int mRepeats = 1;
    int mStartup = 10;
    int mCandidates = 2048;
    int mLocalSearches = 5;
    int mMaxFitPoints = 160;
    int mMaxModelPoints = 1000;
    int mFitIterations = 50;
    double mMinNoise = 1e-8;
    double mLengthscalePrior = 0.1;
    int mOutputWarp = 1;
    double mWarpLambdaMin = OutputWarp::kDefaultLambdaLow; ///< the warp's lowest exponent (warp_lambda_min)
    bool mWarpSelect = true; ///< warp_select: each checkpoint may weigh the floor -1
    double mRecommendWithin = 0.0; ///< recommend_within: see recommendedBy
    double mOutlierZ = 5.0; ///< outlier_z: see recommendedTrial
    double mMaxLengthscale = 1e2; ///< max_lengthscale: the fit's ceiling on length scales
    /// lengthscale_evidence: nats of evidence a length scale above kEvidenceCeiling must earn
    /// to be kept (0: off); see hyperparameters()
    double mLengthscaleEvidence = 0.0;
    bool mWarpEvidence = true; ///< warp_evidence: each checkpoint weighs the values unwarped
    /// lengthscale_sample: the temperature of the long length scales' draw (0: off)
    double mLengthscaleSample = 0.0;
    double mCheckpointGrowth = 1.2;
    int mRefitIterations = 0;
    int mLocalEvery = 0;
    double mLocalWidth = 0.2;
    int mLocalCandidates = 64;
    bool mRoulette = true;
    double mNoisyIncumbent = 0.5;
    double mInitNoise = 1e-3;
    bool mRestartFit = false;
    double mExploreBelow = 0.0;
    double mExploreRadius = 1.0;
    bool mPrecondition = false;
    bool mRandomStartup = false;
    bool mTrustRegion = false;
    double mGradientTolerance = 1e-6;
    bool mCostAware = false;
    int mCandidateSets = 0;
    std::vector<Checkpoint> mCheckpoints;
    int mCheckpointSize = 0; ///< of the last hyperparameters() answer
    /// The quasi-random candidates of the current checkpoint with their posterior rows, kept
    /// between suggestions (one set per checkpoint, so that the rows can be).
    std::vector<CandidatePosterior> mCandidatePosteriors;
    int candidateSlice(int number) const;
    std::optional<SourceTask> mSourceTask; ///< made with the first prior observations
    Diagnostics mDiag;
};

} // namespace tunescope
