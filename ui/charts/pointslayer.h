#pragma once

#include "charts/markerstamp.h"
#include "charts/plotmapping.h"
#include "common/trial.h"

#include <QColor>
#include <QGraphicsItem>
#include <QList>
#include <QPointF>

#include <vector>

namespace tunescope {

/// The trials of a scatter chart as one graphics item under the series of a Qt Charts chart.
///
/// QScatterSeries makes a graphics item of every point: 10,000 trials took 13 s and 230 MB
/// to show. This item paints all of them in one call, markers shaped by state (circle,
/// triangle, square, so states read apart without colour vision), smaller as they grow many,
/// from a pixmap cache until data, ranges or size change.
class PointsLayer : public QGraphicsItem
{
public:
    using Shape = MarkerStamp::Shape;

    struct Point
    {
        QPointF value; ///< data coordinates
        int number = -1;
        TrialState state = TrialState::Complete;
    };

    explicit PointsLayer(QGraphicsItem *parent);

    void setPoints(std::vector<Point> points);
    const std::vector<Point> &points() const { return mPoints; }
    QList<QPointF> values(TrialState state) const; ///< data coordinates of one state's points

    void setMapping(const PlotMapping &m);
    const PlotMapping &mapping() const { return mMap; }

    /// Marker diameter in pixels for the current number of points.
    double markerSize() const;
    /// The trial whose marker is nearest to pos (chart coordinates) within tolerance, or -1.
    int trialAt(const QPointF &pos, double tolerance) const;

    static Shape shape(TrialState state);

    QRectF boundingRect() const override { return mMap.area; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override;

private:
    std::vector<Point> mPoints;
    PlotMapping mMap;
};

} // namespace tunescope
