#pragma once

#include "common/trial.h"
#include "space/studyspec.h"

#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <optional>

namespace tunescope {

/// What ends a study before its budget: W&B's metric.target (no new trial starts once any
/// trial reports a value at least that good; running trials finish) and max_duration (NNI's
/// maxExperimentDuration), the one place that counts a study's time.
///
/// max_duration is wall-clock time across resumes: what earlier runs used (setPriorSeconds,
/// from Storage::studyRunSeconds) plus this run's own clock. No trial starts once it is used
/// up, nor once the next trial would not fit: a trial is expected to take the median duration
/// of the study's finished trials (none finished yet: nothing is assumed).
class StudyLimits
{
public:
    explicit StudyLimits(const StudySpec &spec);

    /// Seconds earlier runs of the study used (their union; this run's own time excluded).
    void setPriorSeconds(double seconds) { mPriorSeconds = seconds; }
    void start() { mClock.start(); }
    /// A report of a trial; true when it is the first to reach the target.
    bool noteReport(int trialNumber, const QString &metric, double value);
    /// The trials stored so far (a resumed study): their values, reports and durations.
    void noteTrials(const QList<Trial> &trials);
    /// A trial finished: its run time joins the estimate of the next trial's.
    void noteFinished(const Trial &trial);
    /// Whether new trials may still start.
    bool stopsNewTrials() const;
    /// Why no trial starts any more ("trial 7 reached the target val_loss <= 0.1"); empty
    /// while they may.
    QString reason() const;

    /// The reason stored on a trial stopped because max_duration_hard ran out.
    QString deadlineStopReason() const;
    int maxSeconds() const { return mMaxSeconds; } ///< 0: no time limit
    bool isHard() const { return mHard; }
    /// Seconds of max_duration used so far: earlier runs' and this one's.
    double usedSeconds() const;
    /// Milliseconds until max_duration is used up (0 once it is); nullopt without a limit.
    std::optional<qint64> msLeft() const;
    /// The expected duration of the next trial: the median of finished trials' run times.
    std::optional<double> expectedTrialSeconds() const;

private:
    bool timeUsedUp() const;
    bool nextWouldNotFit() const;

    MetricSpec mObjective;
    bool mSingleObjective = true;
    int mMaxSeconds = 0;
    bool mHard = false;
    double mPriorSeconds = 0.0;
    QElapsedTimer mClock;
    QList<double> mDurations; ///< run seconds of finished trials, sorted
    int mReachedBy = -1;
    double mReachedValue = 0.0;
};

} // namespace tunescope
