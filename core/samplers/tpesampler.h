#pragma once

#include "samplers/gp/costmodel.h"
#include "samplers/sampler.h"
#include "samplers/tpe.h"

#include <cmath>
#include <vector>

namespace tunescope {

/// One trial as TPE sees it: its coordinates in the sampler's internal space and how it did.
struct TpeObservation
{
    int number = -1;
    TrialState state = TrialState::Complete;
    std::vector<double> x;  ///< internal coordinates, see TpeSampler::dimensions()
    double loss = 0.0;      ///< objective turned into a loss (minimized); NaN when unknown
    qint64 lastStep = -1;   ///< Pruned: the last step it reported, -1 when none
};

/// A partition of observations (indices) into the "good" set, modelled by l(x), and the
/// "bad" set, modelled by g(x); both in trial-number order, oldest first.
struct TpeSplit
{
    std::vector<int> below;
    std::vector<int> above;
};

/// Tree-structured Parzen Estimator (`method: tpe`): Optuna's multivariate TPESampler with
/// narrower kernels and a larger good group.
///
/// After n_startup_trials seeded random suggestions, the finished trials are split into the
/// gamma(n) best and the rest; a Parzen estimator is fitted to each (jointly over all
/// parameters when multivariate) and the best of n_ei_candidates draws from the good density
/// by l(x) / g(x) is suggested. Numeric parameters are modelled in the search space's unit
/// coordinates (log space for log parameters, half a step beyond the ends for discrete
/// ones), so the kernels match Optuna's on int, step and log parameters.
///
/// Trials other than complete ones (constant liar): running and waiting trials, failed trials
/// and complete trials without a usable value go to the bad group, so parallel workers and
/// retries move away from them; pruned trials rank after every complete trial, among
/// themselves by how far they got (last step), then by their value when one is set.
///
/// Two defaults differ from Optuna's, chosen on the whole benchmark suite of bench/ (40 seeds,
/// 24 functions): kernel bandwidths of 0.07 n^(-1/(D+4)) of the range instead of Scott's 0.2
/// (better median regret on 20 functions alone), and a good group of 20% of the trials
/// instead of 10% (with both, better on 22 of 24, the median regret 0.58 times Optuna's on
/// average); see bench/README.md. MotpeSampler keeps Optuna's.
///
/// A warm start's prior observations (setPriorTrials) are ranked among themselves, not against
/// this study's trials (another task's values may be shifted or scaled): the source's gamma
/// best join the good group and the rest the bad one, each weighing priorTrialWeight of one of
/// the study's own trials, and they count towards n_startup_trials.
///
/// Cost-aware (`cost_aware: true`, setCostAware): from CostModel::kMinObservations complete
/// trials with a run time, candidates are ranked by log l(x)/g(x) minus the predicted log run
/// time relative to a typical trial (the same CostModel bayes uses, fitted on the internal
/// coordinates): of two candidates TPE finds equally promising, the one predicted k times
/// cheaper scores log k higher. Plain TPE before that. Multivariate only (the cost is a whole
/// configuration's).
///
/// Options (spec `method_options`): n_startup_trials (10), n_ei_candidates (24),
/// multivariate (true), constant_liar (true), gamma_factor (0.2) and gamma_max (25) for
/// gamma(n) = min(ceil(gamma_factor n), gamma_max), bandwidth_factor (0.07),
/// prior_weight (1.0), consider_magic_clip (true), consider_endpoints (false).
class TpeSampler : public Sampler
{
public:
    TpeSampler(SearchSpace space, Goal goal, quint64 seed, const QVariantMap &options = {});

    /// A bad method_options entry ("method_options.KEY: ..."), or an empty string.
    static QString checkOptions(const QVariantMap &options);

    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;

    void setCostAware(bool costAware) { mCostAware = costAware; }
    bool isCostAware() const { return mCostAware; }
    /// Whether the last suggestion was ranked with a cost model (cost_aware and enough run times).
    bool lastSuggestionCostModelled() const { return mLastCostModelled; }

    int nStartupTrials() const { return mStartupTrials; }
    int nEiCandidates() const { return mEiCandidates; }
    bool multivariate() const { return mParzen.multivariate; }
    bool constantLiar() const { return mConstantLiar; }
    /// Size of the good group among n finished trials.
    int gamma(int n) const { return tpe::gamma(n, mGammaFactor, mGammaMax); }
    /// The kernel weight of one prior observation relative to one of the study's own trials,
    /// with `own` finished trials of its own: 1/2, halving with every 10 own trials, so the
    /// study's own results take over as they come in.
    static double priorTrialWeight(int own) { return 0.5 * std::pow(0.5, own / 10.0); }

    /// The internal coordinates, one per searchable parameter: unit coordinates for numeric
    /// parameters (discrete on int/step ones without log), choice indices for categoricals.
    const std::vector<tpe::Dimension> &dimensions() const { return mDims; }
    /// The trials TPE learns from, in trial-number order (trials whose parameters do not fit
    /// the space are left out).
    std::vector<TpeObservation> observe(const QList<Trial> &trials) const;

    /// The single-objective split: the nBelow best complete trials (filled up with the most
    /// advanced pruned ones) are good; everything else is bad.
    static TpeSplit splitSingleObjective(const std::vector<TpeObservation> &observations,
                                         int nBelow);

protected:
    /// The good/bad split; a multi-objective TPE replaces it with a non-domination ranking.
    virtual TpeSplit split(const std::vector<TpeObservation> &observations, int nBelow) const
    {
        return splitSingleObjective(observations, nBelow);
    }
    /// Kernel weights of the good group (oldest first); MOTPE weighs by hypervolume instead.
    virtual std::vector<double> belowWeights(const std::vector<TpeObservation> &observations,
                                             const std::vector<int> &below) const;

private:
    static tpe::ParzenOptions tunedParzenOptions()
    {
        tpe::ParzenOptions o;
        o.bandwidthFactor = 0.07;
        return o;
    }
    QVariantMap randomSuggestion(int number) const;
    /// The suggestion from observations split into the good and bad groups, with the groups'
    /// kernel weights (empty: defaultWeights).
    std::optional<QVariantMap> suggestFrom(const std::vector<TpeObservation> &obs, const TpeSplit &groups,
                                           const std::vector<double> &weightsBelow,
                                           const std::vector<double> &weightsAbove, int number);
    QVariantMap decodeInternal(const std::vector<double> &x) const;
    /// Best of mEiCandidates draws from `below` by log l(x) - log g(x), less the predicted
    /// relative log cost when `cost` is given.
    std::vector<double> bestCandidate(const tpe::ParzenEstimator &below,
                                      const tpe::ParzenEstimator &above,
                                      SplitMix64 &rng, const CostModel *cost = nullptr) const;
    /// cost_aware: the model of the complete trials' run times on the internal coordinates
    /// (nullopt: too few yet).
    std::optional<CostModel> costModel(const QList<Trial> &trials) const;

    QList<Parameter> mSearchable;
    std::vector<tpe::Dimension> mDims;
    int mStartupTrials = 10;
    int mEiCandidates = 24;
    bool mConstantLiar = true;
    double mGammaFactor = 0.2;
    int mGammaMax = 25;
    tpe::ParzenOptions mParzen = tunedParzenOptions();
    bool mCostAware = false;
    bool mLastCostModelled = false;
    std::optional<CostModel> mCost; ///< for the suggestion being made
};

} // namespace tunescope
