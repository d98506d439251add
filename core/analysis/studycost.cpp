#include "analysis/studycost.h"

#include <algorithm>

namespace tunescope {

namespace {

/// The last step of the objective's series (any repeat's); nullopt without reports.
std::optional<qint64> lastStep(const Trial &t, const QString &objective)
{
    std::optional<qint64> last;
    for (auto it = t.intermediate.constBegin(); it != t.intermediate.constEnd(); ++it) {
        if (it.key() != objective && it.key().section(u'[', 0, 0) != objective)
            continue;
        for (const MetricPoint &p : *it)
            last = std::max(last.value_or(p.step), p.step);
    }
    return last;
}

} // namespace

StudyCost StudyCost::of(const QList<Trial> &trials, const QString &objective)
{
    StudyCost cost;
    std::optional<qint64> fullLength; // the longest finished curve: what an unpruned trial runs
    for (const Trial &t : trials) {
        if (!isFinished(t.state))
            continue;
        const Group group = t.state == TrialState::Complete ? Complete : t.state == TrialState::Pruned ? Pruned : Failed;
        Figures &f = cost.byState[group];
        const TrialUsage &u = t.usage;
        f.trials += 1;
        f.measured += u.cpuSeconds.has_value();
        f.cpuHours += u.cpuSeconds.value_or(0.0) / 3600.0;
        f.gpuHours += u.gpuSeconds.value_or(0.0) / 3600.0;
        f.runHours += u.runSeconds.value_or(0.0) / 3600.0;
        if (t.state == TrialState::Complete) {
            if (const std::optional<qint64> steps = lastStep(t, objective))
                fullLength = std::max(fullLength.value_or(*steps), *steps);
        }
    }
    for (const Figures &f : cost.byState) {
        cost.total.cpuHours += f.cpuHours;
        cost.total.gpuHours += f.gpuHours;
        cost.total.runHours += f.runHours;
        cost.total.trials += f.trials;
        cost.total.measured += f.measured;
    }
    if (!fullLength)
        return cost;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Pruned || t.usage.isEmpty())
            continue;
        const std::optional<qint64> reached = lastStep(t, objective);
        if (!reached || *reached <= 0 || *reached >= *fullLength)
            continue;
        const double remaining = double(*fullLength - *reached) / double(*reached); // in units of what it ran
        cost.savedCpuHours += remaining * t.usage.cpuSeconds.value_or(0.0) / 3600.0;
        cost.savedGpuHours += remaining * t.usage.gpuSeconds.value_or(0.0) / 3600.0;
        cost.savedRunHours += remaining * t.usage.runSeconds.value_or(0.0) / 3600.0;
        ++cost.prunedWithSteps;
    }
    return cost;
}

} // namespace tunescope
