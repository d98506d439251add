#include "trials/statetext.h"

#include <QCoreApplication>
#include <QLocale>

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

QString numberText(double value, char format, int precision)
{
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() | QLocale::OmitGroupSeparator);
    return locale.toString(value, format, precision);
}

} // namespace tunescope
