#include "charts/pointslayer.h"

#include "charts/hittest.h"
#include "charts/statecolors.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPixmap>
#include <QPolygonF>

#include <cmath>

namespace tunescope {

namespace {

void drawMarker(QPainter &p, PointsLayer::Shape shape, const QRectF &box)
{
    switch (shape) {
    case PointsLayer::Shape::Circle:
        p.drawEllipse(box);
        break;
    case PointsLayer::Shape::Square:
        p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
        break;
    case PointsLayer::Shape::Triangle:
        p.drawPolygon(QPolygonF{{box.center().x(), box.top()}, box.bottomRight(), box.bottomLeft()});
        break;
    }
}

void setMarkerStyle(QPainter &p, const QColor &fill, double size)
{
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(fill.darker(130), size >= 6 ? 1.0 : 0.6));
    p.setBrush(fill);
}

/// One marker, drawn once per paint and stamped at every point: 10,000 antialiased ellipses
/// cost ten times as much as 10,000 pixmap copies.
QPixmap markerPixmap(PointsLayer::Shape shape, const QColor &fill, double size, qreal dpr)
{
    const int side = int(std::ceil(size + 2));
    QPixmap pixmap(QSize(side, side) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    setMarkerStyle(p, fill, size);
    drawMarker(p, shape, QRectF(1, 1, size, size));
    return pixmap;
}

} // namespace

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
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QPointF half(size / 2 + 1, size / 2 + 1);
    // A PDF or SVG gets vector markers; the screen and images get stamped pixmaps.
    const bool raster = painter->paintEngine() && painter->paintEngine()->type() == QPaintEngine::Raster;
    // Failed under pruned under complete: the complete ones are what a reader looks for.
    for (TrialState s : {TrialState::Failed, TrialState::Pruned, TrialState::Complete}) {
        QPixmap marker;
        for (const Point &p : mPoints) {
            if (p.state != s && !(s == TrialState::Failed && !isFinished(p.state)))
                continue;
            const QPointF at = mMap.map(p.value.x(), p.value.y());
            if (!std::isfinite(at.x()) || !std::isfinite(at.y()) || !mMap.area.adjusted(-1, -1, 1, 1).contains(at))
                continue;
            if (!raster) {
                setMarkerStyle(*painter, StateColors::color(s), size);
                drawMarker(*painter, shape(s), QRectF(at.x() - size / 2, at.y() - size / 2, size, size));
                continue;
            }
            if (marker.isNull())
                marker = markerPixmap(shape(s), StateColors::color(s), size, dpr);
            painter->drawPixmap(at - half, marker);
        }
    }
    painter->restore();
}

} // namespace tunescope
