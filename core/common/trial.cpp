#include "common/trial.h"

#include <cmath>

namespace tunescope {

QString trialStateName(TrialState state)
{
    switch (state) {
    case TrialState::Waiting: return QStringLiteral("WAITING");
    case TrialState::Running: return QStringLiteral("RUNNING");
    case TrialState::Complete: return QStringLiteral("COMPLETE");
    case TrialState::Pruned: return QStringLiteral("PRUNED");
    case TrialState::Failed: return QStringLiteral("FAILED");
    }
    return {};
}

std::optional<TrialState> trialStateFromName(const QString &name)
{
    const QString upper = name.trimmed().toUpper();
    for (TrialState s : {TrialState::Waiting, TrialState::Running, TrialState::Complete,
                         TrialState::Pruned, TrialState::Failed}) {
        if (trialStateName(s) == upper)
            return s;
    }
    return std::nullopt;
}

const Trial *bestTrial(const QList<Trial> &trials, Goal goal)
{
    const Trial *best = nullptr;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete || !t.value || std::isnan(*t.value))
            continue;
        if (!best || (goal == Goal::Maximize ? *t.value > *best->value : *t.value < *best->value))
            best = &t;
    }
    return best;
}

} // namespace tunescope
