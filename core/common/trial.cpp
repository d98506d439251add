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

void linkRetries(QList<Trial> &trials)
{
    QHash<int, int> retriedAs;
    for (const Trial &t : std::as_const(trials)) {
        if (t.retryOf)
            retriedAs.insert(*t.retryOf, t.number);
    }
    for (Trial &t : trials) {
        const auto it = retriedAs.constFind(t.number);
        t.retriedAs = it == retriedAs.cend() ? std::nullopt : std::optional<int>(*it);
    }
}

} // namespace tunescope
