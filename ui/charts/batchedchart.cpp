#include "charts/batchedchart.h"

#include "execution/studymonitor.h"

namespace tunescope {

BatchedChart::BatchedChart(QWidget *parent) : ChartView(parent)
{
    mRebuildTimer.setSingleShot(true);
    mRebuildTimer.setInterval(40);
    connect(&mRebuildTimer, &QTimer::timeout, this, [this] { rebuild(); });
}

StudyMonitor *BatchedChart::monitor() const
{
    return mMonitor;
}

void BatchedChart::setMonitor(StudyMonitor *monitor)
{
    if (mMonitor == monitor)
        return;
    if (mMonitor)
        disconnect(mMonitor, nullptr, this, nullptr);
    mMonitor = monitor;
    monitorChanged();
    if (mMonitor) {
        connect(mMonitor, &StudyMonitor::reset, this, [this] {
            studyReset();
            scheduleRebuild();
        });
        connect(mMonitor, &StudyMonitor::specChanged, this, &BatchedChart::scheduleRebuild);
        connect(mMonitor, &StudyMonitor::trialAdded, this, &BatchedChart::scheduleRebuild);
        connect(mMonitor, &StudyMonitor::trialChanged, this, &BatchedChart::scheduleRebuild);
    }
    scheduleRebuild();
}

void BatchedChart::scheduleRebuild()
{
    if (!mRebuildTimer.isActive()) // not restarted: a steady stream still redraws every batch
        mRebuildTimer.start();
}

void BatchedChart::refreshNow()
{
    if (mRebuildTimer.isActive()) {
        mRebuildTimer.stop();
        rebuild();
    }
}

} // namespace tunescope
