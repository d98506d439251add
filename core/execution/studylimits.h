#pragma once

#include "common/trial.h"
#include "space/studyspec.h"

#include <QElapsedTimer>
#include <QList>
#include <QString>

namespace tunescope {

/// What ends a study before its budget: W&B's metric.target (no new trial starts once any
/// trial reports a value at least that good; running trials finish) and max_duration (no
/// trial starts once the run has lasted that long; NNI's maxExperimentDuration).
class StudyLimits
{
public:
    explicit StudyLimits(const StudySpec &spec);

    void start() { mClock.start(); }
    /// A report of a trial; true when it is the first to reach the target.
    bool noteReport(int trialNumber, const QString &metric, double value);
    /// The trials stored so far (a resumed study): their values and reports.
    void noteTrials(const QList<Trial> &trials);
    /// Whether new trials may still start.
    bool stopsNewTrials() const;
    /// Why no trial starts any more ("trial 7 reached the target val_loss <= 0.1"); empty
    /// while they may.
    QString reason() const;

private:
    MetricSpec mObjective;
    bool mSingleObjective = true;
    int mMaxSeconds = 0;
    QElapsedTimer mClock;
    int mReachedBy = -1;
    double mReachedValue = 0.0;
};

} // namespace tunescope
