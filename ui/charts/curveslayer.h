#pragma once

#include "charts/plotmapping.h"
#include "common/trial.h"

#include <QColor>
#include <QGraphicsItem>
#include <QList>
#include <QPen>
#include <QPolygonF>
#include <QRectF>

#include <vector>

namespace tunescope {

/// One trial's values of the shown metric.
struct Curve
{
    int number = -1;
    TrialState state = TrialState::Waiting;
    std::vector<QPointF> pts;   ///< sorted by step; non-finite values kept as NaN (a break)
    QList<QPolygonF> projected; ///< decimated pixel polylines, chart coordinates
    QRectF bounds;              ///< of projected
};

/// The pen of a trial's curve by state, shared by the curves layer and the legend.
QPen curvePen(TrialState state, const QColor &color, double width = 1.0);

/// All curves of the validation-curves chart as one graphics item under the series: one paint
/// call for any number of trials, polylines decimated to first/min/max/last per pixel column
/// and cached in pixel space until data, ranges or size change.
class CurvesLayer : public QGraphicsItem
{
public:
    explicit CurvesLayer(QGraphicsItem *parent);

    void setCurves(std::vector<Curve> curves);
    const std::vector<Curve> &curves() const { return mCurves; }
    const Curve *curve(int number) const;

    void setMapping(const PlotMapping &m);
    const PlotMapping &mapping() const { return mMap; }

    qsizetype drawnPoints();
    /// Trial whose curve passes within tolerance of pos (chart coordinates), or -1.
    int trialAt(const QPointF &pos, double tolerance);

    QRectF boundingRect() const override { return mMap.area; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override;

private:
    void ensureProjected();

    std::vector<Curve> mCurves;
    PlotMapping mMap;
    bool mDirty = true;
    qsizetype mDrawn = 0;
};

} // namespace tunescope
