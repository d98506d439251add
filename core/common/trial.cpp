#include "common/trial.h"

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

} // namespace tunescope
