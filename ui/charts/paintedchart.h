#pragma once

#include "charts/batchedchart.h"

class QLayout;

namespace tunescope {

class PlotCanvas;

/// A BatchedChart painted with QPainter (heatmap, parallel coordinates, slice plot): its
/// plot is a PlotCanvas that paints through renderChart, so screen and export never differ.
/// The tooltip goes when the mouse leaves; a new selection repaints.
class PaintedChart : public BatchedChart
{
    Q_OBJECT

public:
    explicit PaintedChart(QWidget *parent = nullptr);

    void prepare() override;

protected:
    void selectionChanged() override;
    /// Puts a bar of controls above the plot.
    void addControlBar(QLayout *bar);
    /// Starts a paint: saves the painter and fills target with the chart background. With a
    /// message (nothing to plot) it draws that, restores the painter and returns false;
    /// otherwise the plot follows, ending with painter->restore().
    static bool beginPaint(QPainter *painter, const QRectF &target, const QString &message);
    /// Whether this paint goes to the screen (then its geometry serves hit tests and what it
    /// caches is kept), or stands for it in prepare().
    bool paintsOnScreen(const QPainter *painter) const;

    PlotCanvas *mCanvas = nullptr;

private:
    bool mPreparing = false; ///< prepare() paints as the screen would
};

} // namespace tunescope
