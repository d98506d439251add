#include "charts/pointslayer.h"

#include "charts/hittest.h"
#include "charts/markerstamp.h"
#include "charts/statecolors.h"

#include <QPainter>

#include <cmath>

namespace tunescope {


PointsLayer::PointsLayer(QGraphicsItem *parent) : QGraphicsItem(parent)
{
    setZValue(3.7); // over the grid, axes and error bars, under Qt Charts' series (4)
    setAcceptedMouseButtons(Qt::NoButton);
    setCacheMode(QGraphicsItem::DeviceCoordinateCache);
}

PointsLayer::Shape PointsLayer::shape(TrialState state)
{
    switch (state) {
    case TrialState::Pruned: return Shape::Triangle;
    case TrialState::Failed: return Shape::Square;
    default: return Shape::Circle;
    }
}

void PointsLayer::setPoints(std::vector<Point> points)
{
    mPoints = std::move(points);
    update();
}

QList<QPointF> PointsLayer::values(TrialState state) const
{
    QList<QPointF> out;
    for (const Point &p : mPoints)
        if (p.state == state)
            out << p.value;
    return out;
}

void PointsLayer::setMapping(const PlotMapping &m)
{
    if (m == mMap)
        return;
    prepareGeometryChange();
    mMap = m;
    update();
}

double PointsLayer::markerSize() const
{
    // As Qt Charts drew them for a few trials; smaller in a crowd, where overlap would hide all.
    const size_t n = mPoints.size();
    return n <= 1000 ? 8.0 : n <= 10000 ? 5.0 : 3.0;
}

int PointsLayer::trialAt(const QPointF &pos, double tolerance) const
{
    if (!mMap.valid())
        return -1;
    NearestTrial nearest(tolerance);
    for (const Point &p : mPoints) {
        const QPointF at = mMap.map(p.value.x(), p.value.y());
        if (std::abs(at.x() - pos.x()) <= tolerance && std::abs(at.y() - pos.y()) <= tolerance)
            nearest.offerPoint(pos, at, p.number);
    }
    return nearest.number();
}

void PointsLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (!mMap.valid() || mPoints.empty())
        return;
    painter->save();
    painter->setClipRect(mMap.area.adjusted(-6, -6, 6, 6));
    const double size = markerSize();
    MarkerStamp stamp(painter);
    const QRectF inside = mMap.area.adjusted(-1, -1, 1, 1);
    // Failed under pruned under complete: the complete ones are what a reader looks for.
    for (TrialState s : {TrialState::Failed, TrialState::Pruned, TrialState::Complete}) {
        const QColor fill = StateColors::color(s);
        const QColor border = fill.darker(130);
        for (const Point &p : mPoints) {
            if (p.state != s)
                continue;
            const QPointF at = mMap.map(p.value.x(), p.value.y());
            if (std::isfinite(at.x()) && std::isfinite(at.y()) && inside.contains(at))
                stamp.draw(at, shape(s), size, fill, border, size >= 6 ? 1.0 : 0.6);
        }
    }
    painter->restore();
}

} // namespace tunescope
