#include "execution/studylimits.h"

#include "common/format.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

/// "8h", "1h30m", "45s": a duration as a study file writes it.
QString limitText(qint64 seconds)
{
    QString text;
    if (seconds >= 3600)
        text += QStringLiteral("%1h").arg(seconds / 3600);
    if (seconds % 3600 >= 60)
        text += QStringLiteral("%1m").arg(seconds % 3600 / 60);
    if (seconds % 60 || text.isEmpty())
        text += QStringLiteral("%1s").arg(seconds % 60);
    return text;
}

} // namespace

QString StudyLimits::deadlineStopReason() const
{
    return QStringLiteral("stopped at max_duration (%1, max_duration_hard)").arg(limitText(mMaxSeconds));
}

StudyLimits::StudyLimits(const StudySpec &spec)
    : mObjective(spec.metrics.isEmpty() ? MetricSpec{} : spec.objective())
    , mSingleObjective(spec.metrics.size() == 1)
    , mMaxSeconds(spec.maxDurationSeconds)
    , mHard(spec.maxDurationHard)
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
        noteFinished(t);
    }
}

void StudyLimits::noteFinished(const Trial &trial)
{
    // Interrupted trials ran for a reason of ours, not theirs: their time says nothing about
    // the next trial's.
    if (!isFinished(trial.state) || isInterrupted(trial) || !trial.started.isValid() || !trial.finished.isValid())
        return;
    const double seconds = trial.usage.runSeconds.value_or(trial.durationSeconds());
    mDurations.insert(std::lower_bound(mDurations.begin(), mDurations.end(), seconds), seconds);
}

double StudyLimits::usedSeconds() const
{
    return mPriorSeconds + (mClock.isValid() ? mClock.elapsed() / 1000.0 : 0.0);
}

std::optional<qint64> StudyLimits::msLeft() const
{
    if (mMaxSeconds <= 0)
        return std::nullopt;
    return std::max<qint64>(0, qint64(std::ceil((mMaxSeconds - usedSeconds()) * 1000.0)));
}

std::optional<double> StudyLimits::expectedTrialSeconds() const
{
    if (mDurations.isEmpty())
        return std::nullopt;
    const qsizetype n = mDurations.size();
    return n % 2 ? mDurations.at(n / 2) : (mDurations.at(n / 2 - 1) + mDurations.at(n / 2)) / 2.0;
}

bool StudyLimits::timeUsedUp() const
{
    return mMaxSeconds > 0 && usedSeconds() >= mMaxSeconds;
}

bool StudyLimits::nextWouldNotFit() const
{
    const std::optional<double> expected = expectedTrialSeconds();
    return mMaxSeconds > 0 && expected && usedSeconds() + *expected > mMaxSeconds;
}

bool StudyLimits::stopsNewTrials() const
{
    return mReachedBy >= 0 || timeUsedUp() || nextWouldNotFit();
}

QString StudyLimits::reason() const
{
    if (mReachedBy >= 0)
        return QStringLiteral("trial %1 reached the target %2 %3 %4 (%5)")
            .arg(mReachedBy)
            .arg(mObjective.name, mObjective.goal == Goal::Maximize ? QStringLiteral(">=") : QStringLiteral("<="),
                 formatNumber(*mObjective.target), formatNumber(mReachedValue));
    const QString limit = limitText(mMaxSeconds);
    if (timeUsedUp())
        return mHard ? QStringLiteral("max_duration (%1) used up (a hard limit: trials still running then were stopped)").arg(limit)
                     : QStringLiteral("max_duration (%1) used up").arg(limit);
    if (nextWouldNotFit())
        return QStringLiteral("max_duration (%1): %2 left, less than a trial takes (median %3)")
            .arg(limit, limitText(qint64(std::max(0.0, mMaxSeconds - usedSeconds()))),
                 limitText(qint64(std::lround(*expectedTrialSeconds()))));
    return {};
}

} // namespace tunescope
