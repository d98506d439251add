#include "pruners/medianpruner.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

PruneDecision MedianPruner::decide(const Trial &trial, const QList<Trial> &trials) const
{
    const QList<MetricPoint> own = series(trial);
    if (own.isEmpty())
        return {};
    const qint64 step = own.last().step;
    if (step < mOptions.warmupSteps || (step - mOptions.warmupSteps) % mOptions.intervalSteps != 0)
        return {};

    int completed = 0;
    std::vector<double> atStep;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete || t.number == trial.number)
            continue;
        ++completed;
        for (const MetricPoint &p : t.intermediate.value(mMetric)) {
            if (p.step == step) {
                atStep.push_back(mGoal == Goal::Maximize ? -p.value : p.value);
                break;
            }
        }
    }
    if (completed < mOptions.startupTrials)
        return {};

    double best = qInf();
    bool anyValue = false;
    for (const MetricPoint &p : own) {
        if (!std::isnan(p.value)) {
            best = std::min(best, p.value);
            anyValue = true;
        }
    }
    if (!anyValue) // only NaN so far: nothing suggests it will recover (Optuna does the same)
        return {true, QStringLiteral("pruned at step %1 by median: the metric is NaN").arg(step)};

    atStep.erase(std::remove_if(atStep.begin(), atStep.end(), [](double v) { return std::isnan(v); }), atStep.end());
    if (int(atStep.size()) < mOptions.minTrials)
        return {};
    std::sort(atStep.begin(), atStep.end());
    const size_t n = atStep.size();
    const double median = n % 2 ? atStep[n / 2] : 0.5 * (atStep[n / 2 - 1] + atStep[n / 2]);
    if (best > median) {
        return {true, QStringLiteral("pruned at step %1 by median: best %2 is worse than the median %3 of %4 completed trials")
                          .arg(step).arg(shown(best)).arg(shown(median)).arg(n)};
    }
    return {};
}

} // namespace tunescope
