#include "samplers/tpesampler.h"

#include "common/vectorstate.h"
#include "samplers/methodoptions.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tunescope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const MethodOption kOptions[] = {
    {"n_startup_trials", MethodOption::Kind::Int, 0},   {"n_ei_candidates", MethodOption::Kind::Int, 1},
    {"multivariate", MethodOption::Kind::Bool},         {"constant_liar", MethodOption::Kind::Bool},
    {"gamma_factor", MethodOption::Kind::Number, 0},    {"gamma_max", MethodOption::Kind::Int, 0},
    {"prior_weight", MethodOption::Kind::Number, 0},    {"consider_magic_clip", MethodOption::Kind::Bool},
    {"consider_endpoints", MethodOption::Kind::Bool},   {"bandwidth_factor", MethodOption::Kind::Number, 1e-6},
};

/// The internal coordinate of a parameter: the search space's unit interval, with the grid
/// of a linear discrete parameter (whose unit span already reaches half a step beyond the
/// ends) made explicit so that kernels are rounded to it.
tpe::Dimension dimensionOf(const Parameter &p)
{
    if (p.type == Parameter::Type::Categorical)
        return tpe::Dimension::categorical(int(p.choices.size()));
    const double step = p.type == Parameter::Type::Int ? std::max(1.0, p.step) : p.step;
    if (p.log || step <= 0.0 || !p.hasStepGrid()) // log ints are modelled continuously and rounded, as Optuna does
        return tpe::Dimension::continuous(0.0, 1.0);
    const double maxK = std::floor(std::max(p.high - p.low, 0.0) / step + 1e-9);
    const double unitStep = step / (p.high - p.low + step);
    return tpe::Dimension::discrete(0.5 * unitStep, 0.5 * unitStep + maxK * unitStep, unitStep);
}

} // namespace

TpeSampler::TpeSampler(SearchSpace space, Goal goal, quint64 seed, const QVariantMap &options)
    : Sampler(std::move(space), goal, seed)
{
    mSearchable = mSpace.searchable();
    for (const Parameter &p : std::as_const(mSearchable))
        mDims.push_back(dimensionOf(p));

    mStartupTrials = intMethodOption(options, "n_startup_trials", mStartupTrials);
    mEiCandidates = intMethodOption(options, "n_ei_candidates", mEiCandidates);
    mConstantLiar = boolMethodOption(options, "constant_liar", mConstantLiar);
    mGammaFactor = numberMethodOption(options, "gamma_factor", mGammaFactor);
    mGammaMax = intMethodOption(options, "gamma_max", mGammaMax);
    mParzen.multivariate = boolMethodOption(options, "multivariate", mParzen.multivariate);
    mParzen.priorWeight = numberMethodOption(options, "prior_weight", mParzen.priorWeight);
    mParzen.considerMagicClip = boolMethodOption(options, "consider_magic_clip", mParzen.considerMagicClip);
    mParzen.considerEndpoints = boolMethodOption(options, "consider_endpoints", mParzen.considerEndpoints);
    mParzen.bandwidthFactor = numberMethodOption(options, "bandwidth_factor", mParzen.bandwidthFactor);
}

QString TpeSampler::checkOptions(const QVariantMap &options)
{
    return checkMethodOptions(options, kOptions, QStringLiteral("tpe"));
}

std::vector<TpeObservation> TpeSampler::observe(const QList<Trial> &trials) const
{
    std::vector<TpeObservation> out;
    out.reserve(size_t(trials.size()));
    const double sign = mGoal == Goal::Maximize ? -1.0 : 1.0;
    for (const Trial &t : trials) {
        TpeObservation o;
        o.number = t.number;
        o.state = t.state;
        if ((t.state == TrialState::Running || t.state == TrialState::Waiting) && !mConstantLiar)
            continue;

        bool usable = true;
        o.x.resize(mDims.size());
        for (int d = 0; d < int(mDims.size()) && usable; ++d) {
            const Parameter &p = mSearchable.at(d);
            const auto it = t.params.constFind(p.name);
            if (it == t.params.constEnd()) {
                usable = false; // from another space, or a waiting trial not yet given params
                break;
            }
            if (p.type == Parameter::Type::Categorical) {
                const int idx = p.choiceIndex(*it);
                usable = idx >= 0;
                o.x[d] = idx;
            } else {
                bool ok = false;
                const double v = it->toDouble(&ok);
                usable = ok && std::isfinite(v);
                o.x[d] = mDims[d].snap(p.toUnit(*it));
            }
        }
        if (!usable)
            continue;

        o.loss = t.value ? sign * *t.value : kNaN;
        if (t.state == TrialState::Complete && std::isnan(o.loss))
            o.state = TrialState::Failed; // nothing to rank it by: treat like a failure
        if (t.state == TrialState::Pruned) {
            for (const QList<MetricPoint> &series : t.intermediate) {
                if (!series.isEmpty())
                    o.lastStep = std::max(o.lastStep, series.constLast().step);
            }
        }
        out.push_back(std::move(o));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const TpeObservation &a, const TpeObservation &b) { return a.number < b.number; });
    return out;
}

TpeSplit TpeSampler::splitSingleObjective(const std::vector<TpeObservation> &observations,
                                          int nBelow)
{
    std::vector<int> complete, pruned;
    TpeSplit split;
    for (int i = 0; i < int(observations.size()); ++i) {
        const TrialState s = observations[i].state;
        if (s == TrialState::Complete)
            complete.push_back(i);
        else if (s == TrialState::Pruned)
            pruned.push_back(i);
        else
            split.above.push_back(i); // pending (constant liar) and failed trials
    }
    // The indices are in trial-number order, so stable sorts break ties by age.
    std::stable_sort(complete.begin(), complete.end(), [&](int a, int b) {
        return observations[a].loss < observations[b].loss;
    });
    auto prunedKey = [&](int i) {
        const double loss = observations[i].loss;
        return std::pair(-observations[i].lastStep,
                         std::isnan(loss) ? std::numeric_limits<double>::infinity() : loss);
    };
    std::stable_sort(pruned.begin(), pruned.end(),
                     [&](int a, int b) { return prunedKey(a) < prunedKey(b); });

    int left = std::max(nBelow, 0);
    for (const std::vector<int> *group : {&complete, &pruned}) {
        for (int i : *group) {
            if (left > 0) {
                split.below.push_back(i);
                --left;
            } else {
                split.above.push_back(i);
            }
        }
    }
    std::sort(split.below.begin(), split.below.end());
    std::sort(split.above.begin(), split.above.end());
    return split;
}

std::vector<double> TpeSampler::belowWeights(const std::vector<TpeObservation> &,
                                             const std::vector<int> &below) const
{
    return tpe::defaultWeights(int(below.size()));
}

QVariantMap TpeSampler::decodeInternal(const std::vector<double> &x) const
{
    std::vector<double> unit(x.size());
    for (size_t d = 0; d < x.size(); ++d) {
        if (mDims[d].kind == tpe::Dimension::Kind::Categorical)
            unit[d] = (x[d] + 0.5) / std::max(mDims[d].choices, 1); // the centre of its bucket
        else
            unit[d] = x[d];
    }
    return mSpace.decode(unit);
}

QVariantMap TpeSampler::randomSuggestion(int number) const
{
    // Uniform on the unit cube: log parameters uniform in log space, every integer and
    // choice equally likely (the unit span of discrete parameters has equal buckets).
    SplitMix64 rng(trialSeed(number));
    std::vector<double> unit(mDims.size());
    for (double &u : unit)
        u = rng.unit();
    return mSpace.decode(unit);
}

std::vector<double> TpeSampler::bestCandidate(const tpe::ParzenEstimator &below,
                                              const tpe::ParzenEstimator &above,
                                              SplitMix64 &rng, const CostModel *cost) const
{
    std::vector<double> best;
    double bestScore = -std::numeric_limits<double>::infinity();
    for (int i = 0; i < mEiCandidates; ++i) {
        std::vector<double> x = below.sample(rng);
        // Expected improvement is monotone in l(x) / g(x) (Bergstra et al. 2011); per unit of
        // cost, its log less the log cost (as bayes's EI per unit cost).
        double score = below.logPdf(x) - above.logPdf(x);
        if (cost)
            score -= cost->relativeLogCost(Eigen::Map<const Eigen::VectorXd>(x.data(), Eigen::Index(x.size())));
        if (best.empty() || score > bestScore) {
            bestScore = std::isnan(score) ? -std::numeric_limits<double>::infinity() : score;
            best = std::move(x);
        }
    }
    return best;
}

std::optional<CostModel> TpeSampler::costModel(const QList<Trial> &trials) const
{
    // Complete trials only, as bayes: a pruned or failed trial's run time is not what its
    // configuration costs. The study's own trials only (a warm start's prior ran elsewhere).
    QHash<int, double> runSeconds;
    for (const Trial &t : trials) {
        if (t.state == TrialState::Complete && t.usage.runSeconds && *t.usage.runSeconds >= 0.0)
            runSeconds.insert(t.number, *t.usage.runSeconds);
    }
    if (runSeconds.size() < CostModel::kMinObservations)
        return std::nullopt;
    std::vector<std::vector<double>> points;
    std::vector<double> seconds;
    for (const TpeObservation &o : observe(trials)) {
        if (o.state == TrialState::Complete && runSeconds.contains(o.number)) {
            points.push_back(o.x);
            seconds.push_back(runSeconds.value(o.number));
        }
    }
    Eigen::MatrixXd X(Eigen::Index(points.size()), Eigen::Index(mDims.size()));
    for (size_t i = 0; i < points.size(); ++i)
        X.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXd>(points[i].data(), Eigen::Index(points[i].size()));
    std::vector<bool> categorical;
    for (const tpe::Dimension &d : mDims)
        categorical.push_back(d.kind == tpe::Dimension::Kind::Categorical);
    return CostModel::fit(X, seconds, categorical);
}

std::optional<QVariantMap> TpeSampler::suggest(const QList<Trial> &trials, int number)
{
    clearUpperVectorState();
    mLastCostModelled = false;
    if (mDims.empty())
        return mSpace.decode({});

    const std::vector<TpeObservation> obs = observe(trials);
    // Like Optuna, only finished trials with a result count towards the startup phase and
    // gamma(n); pending and failed ones only shape the bad density.
    const int n = int(std::count_if(obs.begin(), obs.end(), [](const TpeObservation &o) {
        return o.state == TrialState::Complete || o.state == TrialState::Pruned;
    }));
    const std::vector<TpeObservation> priorObs = mPrior.isEmpty() ? std::vector<TpeObservation>() : observe(mPrior);
    const int nPrior = int(std::count_if(priorObs.begin(), priorObs.end(), [](const TpeObservation &o) {
        return o.state == TrialState::Complete || o.state == TrialState::Pruned;
    }));
    if (n + nPrior < mStartupTrials || n + nPrior == 0)
        return randomSuggestion(number);
    mCost = mCostAware && mParzen.multivariate ? costModel(trials) : std::nullopt;
    mLastCostModelled = mCost.has_value();

    TpeSplit groups = split(obs, gamma(n));
    std::vector<double> weightsBelow = belowWeights(obs, groups.below);
    std::vector<double> weightsAbove;
    if (nPrior > 0) {
        // The prior's own ranking, appended after the study's observations with a smaller weight.
        std::vector<TpeObservation> all = obs;
        all.insert(all.end(), priorObs.begin(), priorObs.end());
        const TpeSplit priorGroups = split(priorObs, gamma(nPrior));
        const double w = priorTrialWeight(n);
        weightsAbove = tpe::defaultWeights(int(groups.above.size()));
        for (int i : priorGroups.below) {
            groups.below.push_back(int(obs.size()) + i);
            weightsBelow.push_back(w);
        }
        for (int i : priorGroups.above) {
            groups.above.push_back(int(obs.size()) + i);
            weightsAbove.push_back(w);
        }
        return suggestFrom(all, groups, weightsBelow, weightsAbove, number);
    }
    return suggestFrom(obs, groups, weightsBelow, weightsAbove, number);
}

std::optional<QVariantMap> TpeSampler::suggestFrom(const std::vector<TpeObservation> &obs, const TpeSplit &groups,
                                                   const std::vector<double> &weightsBelow,
                                                   const std::vector<double> &weightsAbove, int number)
{
    SplitMix64 rng(trialSeed(number, 1));

    std::vector<double> x(mDims.size());
    if (mParzen.multivariate) {
        auto rows = [&](const std::vector<int> &idx) {
            std::vector<std::vector<double>> r;
            r.reserve(idx.size());
            for (int i : idx)
                r.push_back(obs[i].x);
            return r;
        };
        const tpe::ParzenEstimator below(mDims, rows(groups.below), weightsBelow, mParzen);
        const tpe::ParzenEstimator above(mDims, rows(groups.above), weightsAbove, mParzen);
        x = bestCandidate(below, above, rng, mCost ? &*mCost : nullptr);
    } else {
        // Independent TPE: one 1-D estimator pair and one candidate contest per parameter.
        for (int d = 0; d < int(mDims.size()); ++d) {
            auto column = [&](const std::vector<int> &idx) {
                std::vector<std::vector<double>> r;
                r.reserve(idx.size());
                for (int i : idx)
                    r.push_back({obs[i].x[d]});
                return r;
            };
            const tpe::ParzenEstimator below({mDims[d]}, column(groups.below), weightsBelow, mParzen);
            const tpe::ParzenEstimator above({mDims[d]}, column(groups.above), weightsAbove, mParzen);
            x[d] = bestCandidate(below, above, rng).front();
        }
    }
    return decodeInternal(x);
}

} // namespace tunescope
