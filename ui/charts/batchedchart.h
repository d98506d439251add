#pragma once

#include "charts/chartview.h"

#include <QPointer>
#include <QTimer>

namespace tunescope {

/// A chart that follows its monitor's trials and redraws at most once per batch interval
/// (40 ms) however fast they change, and holds the selected trial. A chart on a hidden tab
/// catches up at most every 2 s, and at once when it is shown: a live study of 10,000 trials
/// does not rebuild six charts nobody looks at at every batch. Every chart of a study
/// shares this plumbing; only the validation curves also move with new intermediate values.
class BatchedChart : public ChartView
{
    Q_OBJECT

public:
    explicit BatchedChart(QWidget *parent = nullptr);

    void setMonitor(StudyMonitor *monitor) override;
    StudyMonitor *monitor() const override;
    void refreshNow() override;
    int selectedTrial() const override { return mSelected; }
    void setSelectedTrial(int number) override;

protected:
    /// What a monitor signal announced.
    enum class Change { Reset, Spec, TrialAdded, TrialChanged, IntermediateValues };

    /// Rebuilds the plot from the monitor; called when a batch is due (and directly by
    /// subclasses when a control changes).
    virtual void rebuild() = 0;
    /// Shows the selection that setSelectedTrial changed (also called by subclasses after a
    /// rebuild that replaced what marks it).
    virtual void selectionChanged() = 0;
    /// The chart now follows another monitor (the selection is cleared already).
    virtual void monitorChanged() {}
    /// The study was reloaded: e.g. reset the zoom.
    virtual void studyReset() {}
    /// Whether this change makes a rebuild due; a chart may also note what it invalidates.
    /// By default new intermediate values alone do not.
    virtual bool changeNeedsRebuild(Change change) { return change != Change::IntermediateValues; }
    void scheduleRebuild();
    /// The batch interval while the chart is shown (40 ms); heavy charts lengthen it.
    void setBatchInterval(int ms) { mBatchMs = ms; }
    void showEvent(QShowEvent *event) override;

    QPointer<StudyMonitor> mMonitor;
    QTimer mRebuildTimer; ///< single shot: the batch in progress

private:
    void onMonitorChange(Change change);

    int mSelected = -1;
    int mBatchMs = 40;
};

} // namespace tunescope
