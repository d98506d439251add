#pragma once

#include "samplers/recommender.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;

namespace tunescope {

class StudyMonitor;

/// The status bar's study summary: trials done of the budget (a progress bar), running
/// (queued ones, whose Slurm job waits, and stale ones, whose worker stopped beating, apart)
/// and the live workers, pruned, failed, elapsed and estimated time left, and the best value
/// so far (with the trial the model recommends when that is another one: on a noisy objective
/// the best value is often luck).
class StudyStatusBar : public QWidget
{
    Q_OBJECT

public:
    explicit StudyStatusBar(QWidget *parent = nullptr);

    void setMonitor(StudyMonitor *monitor);

    // --- for tests ---
    int doneCount() const { return mDone; }
    int budget() const { return mBudget; } ///< 0 when unbounded
    QString summaryText() const;            ///< what the labels say, joined
    QString costText() const;               ///< the compute tooltip

public slots:
    void update();

private:
    void scheduleUpdate();
    void showLoadProgress();
    void updateCostTip(); ///< the progress bar's tooltip: compute used by state, saved by pruning
    /// With max_duration and no runner here (a study another process runs, or ran): the
    /// seconds its stored runs cover (Storage::studyRunSeconds, read at most every few
    /// seconds), plus the time since when workers were live then.
    std::optional<double> storedRunSeconds();

    QPointer<StudyMonitor> mMonitor;
    QProgressBar *mProgress = nullptr;
    QLabel *mRunning = nullptr;
    QLabel *mPruned = nullptr;
    QLabel *mFailed = nullptr;
    QLabel *mTime = nullptr;
    QLabel *mBest = nullptr;
    QTimer mClock;
    QTimer mCoalesce;
    Recommender mRecommender;
    int mDone = 0;
    int mBudget = 0;
    qint64 mLoadDone = 0;  ///< trials whose values a background load has read
    qint64 mLoadTotal = 0;
    std::optional<double> mRunSeconds; ///< storedRunSeconds() as last read
    bool mRunSecondsGrow = false;      ///< workers were live then: the clock goes on
    QElapsedTimer mSinceRunSeconds;
    qint64 mRunSecondsStudy = -1;      ///< the study they were read for
};

} // namespace tunescope
