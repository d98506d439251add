#pragma once

#include <QLineF>
#include <QPointF>
#include <QRectF>

#include <algorithm>
#include <cmath>

namespace tunescope {

/// Distance from p to the segment a–b.
inline double segmentDistance(const QPointF &p, const QPointF &a, const QPointF &b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF q = p - (a + t * ab);
    return std::hypot(q.x(), q.y());
}

/// Whether the segment a–b passes through rect (an end inside, or crossing an edge).
inline bool segmentCrossesRect(const QPointF &a, const QPointF &b, const QRectF &rect)
{
    if (rect.contains(a) || rect.contains(b))
        return true;
    const QLineF segment(a, b);
    const QLineF edges[] = {{rect.topLeft(), rect.topRight()}, {rect.topRight(), rect.bottomRight()},
                            {rect.bottomRight(), rect.bottomLeft()}, {rect.bottomLeft(), rect.topLeft()}};
    return std::any_of(std::begin(edges), std::end(edges),
                       [&segment](const QLineF &edge) { return segment.intersects(edge) == QLineF::BoundedIntersection; });
}

/// The trial nearest to the mouse among those offered, if it is within a few pixels: the
/// hit test of every chart.
class NearestTrial
{
public:
    explicit NearestTrial(double radius) : mDistance(radius) {}

    /// Keeps `number` if it is nearer than all before (the first one wins a tie).
    void offer(double distance, int number)
    {
        if (distance < mDistance) {
            mDistance = distance;
            mNumber = number;
        }
    }
    /// As offer(), but a later one wins a tie: for charts that draw later trials on top.
    void offerOnTop(double distance, int number)
    {
        if (distance <= mDistance) {
            mDistance = distance;
            mNumber = number;
        }
    }
    /// Offers a trial drawn as a point at `at`, seen from the mouse at `pos`.
    void offerPoint(const QPointF &pos, const QPointF &at, int number)
    {
        offer(std::hypot(at.x() - pos.x(), at.y() - pos.y()), number);
    }

    int number() const { return mNumber; } ///< -1 when none was near enough

private:
    double mDistance;
    int mNumber = -1;
};

} // namespace tunescope
