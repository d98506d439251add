#include "execution/studylimits.h"

#include "common/format.h"

#include <cmath>

namespace tunescope {

StudyLimits::StudyLimits(const StudySpec &spec)
    : mObjective(spec.metrics.isEmpty() ? MetricSpec{} : spec.objective())
    , mSingleObjective(spec.metrics.size() == 1)
    , mMaxSeconds(spec.maxDurationSeconds)
{
}

bool StudyLimits::noteReport(int trialNumber, const QString &metric, double value)
{
    if (mReachedBy >= 0 || !mObjective.target || !mSingleObjective || metric != mObjective.name || std::isnan(value))
        return false;
    const bool reached = mObjective.goal == Goal::Maximize ? value >= *mObjective.target : value <= *mObjective.target;
    if (!reached)
        return false;
    mReachedBy = trialNumber;
    mReachedValue = value;
    return true;
}

void StudyLimits::noteTrials(const QList<Trial> &trials)
{
    for (const Trial &t : trials) {
        if (t.value)
            noteReport(t.number, mObjective.name, *t.value);
        for (auto it = t.intermediate.constBegin(); it != t.intermediate.constEnd(); ++it) {
            // With repeats the series are "name[r]"; each run's reports count.
            const QString metric = it.key().section(u'[', 0, 0);
            for (const MetricPoint &p : *it)
                noteReport(t.number, metric, p.value);
        }
    }
}

bool StudyLimits::stopsNewTrials() const
{
    return mReachedBy >= 0 || (mMaxSeconds > 0 && mClock.isValid() && mClock.elapsed() >= qint64(mMaxSeconds) * 1000);
}

QString StudyLimits::reason() const
{
    if (mReachedBy >= 0)
        return QStringLiteral("trial %1 reached the target %2 %3 %4 (%5)")
            .arg(mReachedBy)
            .arg(mObjective.name, mObjective.goal == Goal::Maximize ? QStringLiteral(">=") : QStringLiteral("<="),
                 formatNumber(*mObjective.target), formatNumber(mReachedValue));
    if (stopsNewTrials())
        return QStringLiteral("max_duration (%1) passed").arg(formatClock(mMaxSeconds));
    return {};
}

} // namespace tunescope
