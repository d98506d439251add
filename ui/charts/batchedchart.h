#pragma once

#include "charts/chartview.h"

#include <QPointer>
#include <QTimer>

namespace tunescope {

/// A chart that follows its monitor's trials and redraws at most once per batch interval
/// (40 ms) however fast they change; new intermediate values alone do not move it. Best so
/// far, heatmap, parallel coordinates, slice and Pareto charts share this plumbing.
class BatchedChart : public ChartView
{
    Q_OBJECT

public:
    explicit BatchedChart(QWidget *parent = nullptr);

    void setMonitor(StudyMonitor *monitor) override;
    StudyMonitor *monitor() const override;
    void refreshNow() override;

protected:
    /// Rebuilds the plot from the monitor; called when a batch is due (and directly by
    /// subclasses when a control changes).
    virtual void rebuild() = 0;
    /// The chart now follows another monitor: forget the selection and the like.
    virtual void monitorChanged() {}
    /// The study was reloaded: e.g. reset the zoom.
    virtual void studyReset() {}
    void scheduleRebuild();

    QPointer<StudyMonitor> mMonitor;
    QTimer mRebuildTimer; ///< single shot; subclasses may lengthen it for heavy redraws
};

} // namespace tunescope
