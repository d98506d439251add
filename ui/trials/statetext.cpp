#include "trials/statetext.h"

#include <QCoreApplication>

namespace tunescope {

QString stateText(TrialState state)
{
    switch (state) {
    case TrialState::Waiting: return QCoreApplication::translate("TrialState", "WAITING");
    case TrialState::Running: return QCoreApplication::translate("TrialState", "RUNNING");
    case TrialState::Complete: return QCoreApplication::translate("TrialState", "COMPLETE");
    case TrialState::Pruned: return QCoreApplication::translate("TrialState", "PRUNED");
    case TrialState::Failed: return QCoreApplication::translate("TrialState", "FAILED");
    }
    return trialStateName(state);
}

QString goalText(Goal goal)
{
    return goal == Goal::Maximize ? QCoreApplication::translate("TrialState", "maximize")
                                  : QCoreApplication::translate("TrialState", "minimize");
}

} // namespace tunescope
