#include "pruners/ashapruner.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

double AshaPruner::rungStep(int k) const
{
    return mOptions.minResource * std::pow(mOptions.reductionFactor, mOptions.minEarlyStoppingRate + k);
}

PruneDecision AshaPruner::decide(const Trial &trial, const QList<Trial> &trials) const
{
    const QList<MetricPoint> &own = trial.intermediate.value(mMetric);
    if (own.isEmpty())
        return {};
    const double step = double(own.last().step);
    const double previous = own.size() > 1 ? double(own.at(own.size() - 2).step) : -qInf();

    // Judge only the rungs this report reached for the first time.
    for (int k = 0;; ++k) {
        const double rung = rungStep(k);
        if (rung > step)
            return {};
        if (rung <= previous)
            continue;
        const double mine = *valueAtOrAfter(trial, qint64(std::ceil(rung)));
        if (std::isnan(mine))
            return {true, QStringLiteral("pruned at step %1 by %2: the metric is NaN").arg(qint64(step)).arg(name())};
        std::vector<double> competing{mine};
        for (const Trial &t : trials) {
            if (t.number == trial.number || (mSameBracket && !mSameBracket(t.number, trial.number)))
                continue;
            if (const auto v = valueAtOrAfter(t, qint64(std::ceil(rung))); v && !std::isnan(*v))
                competing.push_back(*v);
        }
        std::sort(competing.begin(), competing.end());
        const size_t keep = std::max<size_t>(1, size_t(double(competing.size()) / mOptions.reductionFactor));
        if (mine > competing[keep - 1]) {
            return {true, QStringLiteral("pruned at step %1 by %2: %3 is not in the best %4 of %5 trials at rung %6")
                              .arg(qint64(step)).arg(name()).arg(shown(mine)).arg(keep).arg(competing.size())
                              .arg(rung)};
        }
    }
}

} // namespace tunescope
