#pragma once

#include "charts/paintedchart.h"

#include <QStringList>

#include <memory>
#include <utility>

namespace tunescope {

struct ChartStyle;

struct ParallelData;
class TopTrialsFilter;

/// Parallel coordinates: one vertical axis per searchable parameter plus the objective,
/// one polyline per complete trial coloured by its objective (viridis, better = brighter),
/// with a colour bar. Log parameters get log axes, categoricals one band per value; the best
/// trial is drawn on top in black, the one under the mouse is identified in a tooltip.
/// Lines are rendered once into a cached image and only re-rendered when data or size change,
/// so hovering stays cheap with thousands of trials. A filter above shows only the top k or
/// top p % of the trials, the axes fitted to them. Ctrl+drag picks the trials whose lines pass
/// through the rectangle (across one axis: those with a value in its span there).
class ParallelCoordinatesWidget : public PaintedChart
{
    Q_OBJECT

public:
    explicit ParallelCoordinatesWidget(QWidget *parent = nullptr);
    ~ParallelCoordinatesWidget() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    // --- for tests ---
    QStringList axisNames() const;  ///< parameters in order, then the objective
    int lineCount() const;          ///< complete trials drawn
    TopTrialsFilter *topFilter() const { return mTopFilter; }
    std::pair<double, double> objectiveRange() const; ///< of the trials drawn (the colour bar's)
    int bestTrial() const;
    int hoveredTrial() const;
    /// Trial whose polyline passes within a few pixels of pos (widget coordinates), or -1.
    int trialAt(const QPointF &pos) const;
    /// Trials whose polylines pass through rect (widget coordinates), best first.
    QList<int> trialsThrough(const QRectF &rect) const;
    QRectF plotRect() const; ///< of the last on-screen paint, widget coordinates

private:
    void rebuild() override;
    QRectF plotArea(const QRectF &target, const ChartStyle &style) const; ///< style: the painter's (PDF fonts are wider)

    std::unique_ptr<ParallelData> mData;
    TopTrialsFilter *mTopFilter = nullptr; ///< all complete trials, or the best k or p %
};

} // namespace tunescope
