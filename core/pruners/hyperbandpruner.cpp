#include "pruners/hyperbandpruner.h"

#include "common/splitmix.h"

#include <cmath>

namespace tunescope {

HyperbandPruner::HyperbandPruner(QString metric, Goal goal, Options options)
    : Pruner(std::move(metric), goal), mOptions(options)
{
    const double eta = options.reductionFactor;
    const int count = int(std::floor(std::log(options.maxResource / options.minResource) / std::log(eta) + 1e-9)) + 1;
    for (int i = 0; i < count; ++i) {
        // Bracket i starts at rung i; Hyperband gives it n_i = ceil(count / (count - i) * eta^(count-1-i))
        // configurations, so trials are drawn in that proportion.
        mBracketWeights.push_back(std::ceil(double(count) / double(count - i) * std::pow(eta, count - 1 - i)));
        AshaPruner::Options asha;
        asha.minResource = options.minResource;
        asha.reductionFactor = eta;
        asha.minEarlyStoppingRate = i;
        mBrackets.emplace_back(mMetric, goal, asha, [this](int a, int b) { return bracketOf(a) == bracketOf(b); });
    }
}

int HyperbandPruner::bracketOf(int number) const
{
    // Seeded by the trial number alone: a resumed study or a second worker agrees on it.
    SplitMix64 draw{quint64(number)};
    return int(draw.categorical(mBracketWeights));
}

PruneDecision HyperbandPruner::decide(const Trial &trial, const QList<Trial> &trials) const
{
    PruneDecision d = mBrackets[size_t(bracketOf(trial.number))].decide(trial, trials);
    if (d.prune)
        d.reason.replace(QStringLiteral(" by asha:"), QStringLiteral(" by hyperband (bracket %1):").arg(bracketOf(trial.number)));
    return d;
}

} // namespace tunescope
