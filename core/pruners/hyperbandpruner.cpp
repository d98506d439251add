#include "pruners/hyperbandpruner.h"

#include "common/splitmix.h"

#include <cmath>

namespace tunescope {

HyperbandPruner::HyperbandPruner(QString metric, Goal goal, Options options)
    : Pruner(std::move(metric), goal), mOptions(options)
{
    const double eta = options.reductionFactor;
    const int count = int(std::floor(std::log(options.maxResource / options.minResource) / std::log(eta) + 1e-9)) + 1;
    std::vector<double> weights;
    double total = 0;
    for (int i = 0; i < count; ++i) {
        // Bracket i starts at rung i; Hyperband gives it n_i = ceil(count / (count - i) * eta^(count-1-i))
        // configurations, so trials are drawn in that proportion.
        const double n = std::ceil(double(count) / double(count - i) * std::pow(eta, count - 1 - i));
        weights.push_back(n);
        total += n;
        AshaPruner::Options asha;
        asha.minResource = options.minResource;
        asha.reductionFactor = eta;
        asha.minEarlyStoppingRate = i;
        mBrackets.emplace_back(mMetric, goal, asha, [this](int a, int b) { return bracketOf(a) == bracketOf(b); });
    }
    double running = 0;
    for (double w : weights) {
        running += w / total;
        mCumulativeWeight.push_back(running);
    }
}

int HyperbandPruner::bracketOf(int number) const
{
    const double u = double(splitmix64(quint64(number)) >> 11) * 0x1.0p-53;
    for (size_t i = 0; i < mCumulativeWeight.size(); ++i) {
        if (u < mCumulativeWeight[i])
            return int(i);
    }
    return int(mCumulativeWeight.size()) - 1;
}

PruneDecision HyperbandPruner::decide(const Trial &trial, const QList<Trial> &trials) const
{
    PruneDecision d = mBrackets[size_t(bracketOf(trial.number))].decide(trial, trials);
    if (d.prune)
        d.reason.replace(QStringLiteral(" by asha:"), QStringLiteral(" by hyperband (bracket %1):").arg(bracketOf(trial.number)));
    return d;
}

} // namespace tunescope
