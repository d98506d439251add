#pragma once

#include "charts/paintedchart.h"

#include <QStringList>
#include <QTimer>

#include <memory>

namespace tunescope {

struct TimelineData;

/// Timeline: one bar per trial on the slot it ran in (a GPU, or one of the parallel CPU
/// slots of a worker) over wall-clock time, coloured by state, so that idle slots, stragglers
/// and pruning show at a glance. Slots are not stored: trials of one worker and GPU are
/// packed onto as few lanes as their times allow (a trial takes the first lane free when it
/// starts), which is how the runner hands out its parallel slots. Running trials grow with
/// the clock. Left/Right select the previous/next trial; Home/End the first/last.
class TimelineChart : public PaintedChart
{
    Q_OBJECT

public:
    explicit TimelineChart(QWidget *parent = nullptr);
    ~TimelineChart() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    // --- for tests ---
    QStringList laneNames() const;
    int barCount() const;
    int laneOf(int number) const; ///< -1 when the trial has no bar
    /// The trial whose bar is at pos in the last on-screen paint (-1: none).
    int trialAt(const QPointF &pos) const;

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void rebuild() override;

    std::unique_ptr<TimelineData> mData;
    QTimer mClock; ///< running trials grow while the chart is shown
};

} // namespace tunescope
