#include "samplers/motpesampler.h"

#include "analysis/pareto.h"
#include "common/vectorstate.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

// The single-objective TPE's tuned defaults were measured on single objectives only:
// multi-objective TPE keeps Optuna's good-group size and bandwidth unless the study says.
QVariantMap withOptunaDefaults(QVariantMap options)
{
    if (!options.contains(QStringLiteral("gamma_factor")))
        options.insert(QStringLiteral("gamma_factor"), 0.1);
    if (!options.contains(QStringLiteral("bandwidth_factor")))
        options.insert(QStringLiteral("bandwidth_factor"), 0.2);
    return options;
}

} // namespace

MotpeSampler::MotpeSampler(SearchSpace space, QList<Goal> goals, quint64 seed, const QVariantMap &options)
    : TpeSampler(std::move(space), goals.value(0, Goal::Minimize), seed, withOptunaDefaults(options))
    , mGoals(std::move(goals))
{
}

std::optional<QVariantMap> MotpeSampler::suggest(const QList<Trial> &trials, int number)
{
    clearUpperVectorState();
    mLosses.clear();
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete || t.values.size() != mGoals.size())
            continue;
        std::vector<double> loss;
        for (qsizetype k = 0; k < mGoals.size(); ++k) {
            const double v = t.values.at(k);
            loss.push_back(std::isfinite(v) ? (mGoals.at(k) == Goal::Maximize ? -v : v) : std::nan(""));
        }
        mLosses.insert(t.number, std::move(loss));
    }
    return TpeSampler::suggest(trials, number);
}

TpeSplit MotpeSampler::split(const std::vector<TpeObservation> &observations, int nBelow) const
{
    // Rank the complete trials; everything else (pending, failed, pruned) is bad, as in the
    // single-objective split.
    std::vector<int> complete;
    std::vector<std::vector<double>> points;
    for (int i = 0; i < int(observations.size()); ++i) {
        const auto it = mLosses.constFind(observations[size_t(i)].number);
        if (observations[size_t(i)].state == TrialState::Complete && it != mLosses.constEnd()) {
            complete.push_back(i);
            points.push_back(*it);
        }
    }
    const std::vector<int> ranks = nondominatedRanks(points);
    std::vector<bool> isBelow(observations.size(), false);
    int taken = 0;
    for (int rank = 0; taken < nBelow; ++rank) {
        std::vector<size_t> front;
        for (size_t j = 0; j < ranks.size(); ++j) {
            if (ranks[j] == rank)
                front.push_back(j);
        }
        if (front.empty())
            break;
        if (taken + int(front.size()) > nBelow) {
            std::vector<std::vector<double>> frontPoints;
            for (size_t j : front)
                frontPoints.push_back(points[j]);
            const std::vector<double> crowding = crowdingDistances(frontPoints);
            std::vector<size_t> order(front.size());
            for (size_t k = 0; k < order.size(); ++k)
                order[k] = k;
            std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return crowding[a] > crowding[b]; });
            order.resize(size_t(nBelow - taken));
            std::vector<size_t> kept;
            for (size_t k : order)
                kept.push_back(front[k]);
            front = kept;
        }
        for (size_t j : front)
            isBelow[size_t(complete[j])] = true;
        taken += int(front.size());
    }
    TpeSplit out;
    for (int i = 0; i < int(observations.size()); ++i)
        (isBelow[size_t(i)] ? out.below : out.above).push_back(i);
    return out;
}

} // namespace tunescope
