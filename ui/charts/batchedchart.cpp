#include "charts/batchedchart.h"

#include "execution/studymonitor.h"

#include <QShowEvent>

namespace tunescope {

BatchedChart::BatchedChart(QWidget *parent) : ChartView(parent)
{
    mRebuildTimer.setSingleShot(true);
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
    mSelected = -1;
    monitorChanged();
    if (mMonitor) {
        connect(mMonitor, &StudyMonitor::reset, this, [this] { onMonitorChange(Change::Reset); });
        connect(mMonitor, &StudyMonitor::specChanged, this, [this] { onMonitorChange(Change::Spec); });
        connect(mMonitor, &StudyMonitor::trialAdded, this, [this] { onMonitorChange(Change::TrialAdded); });
        connect(mMonitor, &StudyMonitor::trialChanged, this, [this] { onMonitorChange(Change::TrialChanged); });
        connect(mMonitor, &StudyMonitor::metricsAppended, this, [this] { onMonitorChange(Change::IntermediateValues); });
        connect(mMonitor, &StudyMonitor::metricsLoaded, this, [this] { onMonitorChange(Change::IntermediateValues); });
    }
    scheduleRebuild();
}

void BatchedChart::onMonitorChange(Change change)
{
    if (change == Change::Reset)
        studyReset();
    if (changeNeedsRebuild(change))
        scheduleRebuild();
}

namespace {
constexpr int kHiddenBatchMs = 2000;
} // namespace

void BatchedChart::scheduleRebuild()
{
    if (!mRebuildTimer.isActive()) // not restarted: a steady stream still redraws every batch
        mRebuildTimer.start(isVisible() ? mBatchMs : kHiddenBatchMs);
}

void BatchedChart::showEvent(QShowEvent *event)
{
    ChartView::showEvent(event);
    // Changes that arrived while hidden are drawn before the first paint.
    refreshNow();
}

void BatchedChart::refreshNow()
{
    if (mRebuildTimer.isActive()) {
        mRebuildTimer.stop();
        rebuild();
    }
}

void BatchedChart::setSelectedTrial(int number)
{
    if (number == mSelected)
        return;
    mSelected = number;
    selectionChanged();
}

} // namespace tunescope
