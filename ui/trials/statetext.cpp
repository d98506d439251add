#include "trials/statetext.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

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

QString stateText(const Trial &trial)
{
    return isQueued(trial) ? QCoreApplication::translate("TrialState", "QUEUED") : stateText(trial.state);
}

QString queueReasonText(const QString &reason)
{
    if (reason == QLatin1String("submitting"))
        return QCoreApplication::translate("TrialState", "being submitted");
    if (reason == QLatin1String("submitted"))
        return QCoreApplication::translate("TrialState", "submitted");
    if (reason == QLatin1String("queued"))
        return QCoreApplication::translate("TrialState", "waiting to be scheduled");
    if (reason == QLatin1String("requeued"))
        return QCoreApplication::translate("TrialState", "requeued");
    return reason;
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

QString durationText(double seconds)
{
    const qint64 whole = qRound64(seconds);
    if (whole >= 3600) {
        const qint64 rounded = (whole + 30) / 60 * 60; // to the minute
        const qint64 minutes = rounded % 3600 / 60;
        return minutes ? QCoreApplication::translate("Duration", "%1 h %2 min").arg(rounded / 3600).arg(minutes)
                       : QCoreApplication::translate("Duration", "%1 h").arg(rounded / 3600);
    }
    if (whole >= 60)
        return QCoreApplication::translate("Duration", "%1 min").arg((whole + 30) / 60);
    if (seconds >= 10 || seconds <= 0)
        return QCoreApplication::translate("Duration", "%1 s").arg(std::max<qint64>(whole, 0));
    return QCoreApplication::translate("Duration", "%1 s").arg(numberText(seconds, 'g', 2));
}

} // namespace tunescope
