#include "charts/curveslayer.h"

#include "charts/hittest.h"
#include "charts/statecolors.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Appends the decimated pixel polylines of pts (first/min/max/last per pixel column, breaks
/// at non-finite values) to out. Only the visible x range plus one point either side is read.
void decimate(const std::vector<QPointF> &pts, const PlotMapping &m, QList<QPolygonF> &out)
{
    auto lo = std::lower_bound(pts.begin(), pts.end(), m.x0, [](const QPointF &p, double x) { return p.x() < x; });
    auto hi = std::upper_bound(pts.begin(), pts.end(), m.x1, [](double x, const QPointF &p) { return x < p.x(); });
    if (lo != pts.begin())
        --lo;
    if (hi != pts.end())
        ++hi;
    QPolygonF poly;
    long col = std::numeric_limits<long>::min();
    QPointF first, last, mn, mx;
    int minIdx = 0, maxIdx = 0, n = 0, idx = 0;
    auto flush = [&] {
        if (n == 0)
            return;
        poly << first;
        if (n > 1) {
            // min and max in the order they were reached, so the polyline keeps its shape
            QPointF a = minIdx <= maxIdx ? mn : mx, b = minIdx <= maxIdx ? mx : mn;
            if (a != first && a != last) poly << a;
            if (b != first && b != last && b != a) poly << b;
            poly << last;
        }
        n = 0;
    };
    auto endPoly = [&] {
        flush();
        if (poly.size() >= 1)
            out.append(poly);
        poly.clear();
        col = std::numeric_limits<long>::min();
    };
    for (auto it = lo; it != hi; ++it) {
        const QPointF q = m.map(it->x(), it->y());
        if (!std::isfinite(q.y()) || !std::isfinite(q.x())) {
            endPoly();
            continue;
        }
        const long c = long(std::floor(q.x()));
        if (c != col) {
            flush();
            col = c;
            first = last = mn = mx = q;
            minIdx = maxIdx = idx = 0;
            n = 1;
            continue;
        }
        ++idx;
        ++n;
        last = q;
        if (q.y() < mn.y()) { mn = q; minIdx = idx; }
        if (q.y() > mx.y()) { mx = q; maxIdx = idx; }
    }
    endPoly();
}

} // namespace

QPen curvePen(TrialState state, const QColor &color, double width)
{
    QPen pen(color, width);
    if (state == TrialState::Failed)
        pen.setStyle(Qt::DashLine);
    return pen;
}

CurvesLayer::CurvesLayer(QGraphicsItem *parent) : QGraphicsItem(parent)
{
    setZValue(3.5); // above grid and axes (2, 3), below the series (4) of Qt Charts
    setAcceptedMouseButtons(Qt::NoButton);
    // The crowd of curves is repainted from a pixmap unless its data, ranges or size
    // changed: hovering and selecting only touch the focus series above it.
    setCacheMode(QGraphicsItem::DeviceCoordinateCache);
}

void CurvesLayer::setCurves(std::vector<Curve> curves)
{
    mCurves = std::move(curves);
    mDirty = true;
    update();
}

const Curve *CurvesLayer::curve(int number) const
{
    for (const Curve &c : mCurves)
        if (c.number == number)
            return &c;
    return nullptr;
}

void CurvesLayer::setMapping(const PlotMapping &m)
{
    if (m == mMap)
        return;
    prepareGeometryChange();
    mMap = m;
    mDirty = true;
    update();
}

void CurvesLayer::ensureProjected()
{
    if (!mDirty)
        return;
    mDirty = false;
    mDrawn = 0;
    for (Curve &c : mCurves) {
        c.projected.clear();
        c.bounds = QRectF();
        if (!mMap.valid())
            continue;
        decimate(c.pts, mMap, c.projected);
        for (const QPolygonF &poly : c.projected) {
            c.bounds = c.bounds.united(poly.boundingRect().adjusted(-0.5, -0.5, 0.5, 0.5));
            mDrawn += poly.size();
        }
    }
}

qsizetype CurvesLayer::drawnPoints()
{
    ensureProjected();
    return mDrawn;
}

int CurvesLayer::trialAt(const QPointF &pos, double tolerance)
{
    ensureProjected();
    if (!mMap.area.contains(pos))
        return -1;
    NearestTrial nearest(tolerance);
    for (const Curve &c : mCurves) {
        if (!c.bounds.adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(pos))
            continue;
        for (const QPolygonF &poly : c.projected) {
            if (poly.size() == 1)
                nearest.offerPoint(pos, poly.first(), c.number);
            for (qsizetype i = 1; i < poly.size(); ++i)
                nearest.offer(segmentDistance(pos, poly[i - 1], poly[i]), c.number);
        }
    }
    return nearest.number();
}

void CurvesLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    ensureProjected();
    if (!mMap.valid())
        return;
    painter->save();
    painter->setClipRect(mMap.area);
    // Fade with the number of curves so that thousands of them show density, not a blob.
    const double n = std::max<double>(1, mCurves.size());
    const double fade = std::clamp(std::sqrt(40.0 / n), 0.12, 1.0);
    // Antialiasing costs more than the rest of the paint with 100k segments, and thin
    // faded lines in a crowd do not profit from it.
    painter->setRenderHint(QPainter::Antialiasing, mDrawn < 30000);
    // Pruned and failed curves over the complete ones: they are short and fainter, and
    // under a crowd of complete curves they would vanish. Running ones on top of all.
    for (TrialState s : {TrialState::Waiting, TrialState::Complete, TrialState::Pruned,
                         TrialState::Failed, TrialState::Running}) {
        QColor col = StateColors::color(s);
        const double base = s == TrialState::Failed || s == TrialState::Pruned ? 0.6 : 0.8;
        col.setAlphaF(float(std::clamp(base * fade, 0.04, 1.0)));
        // width 1: the raster engine's fast cosmetic stroker (dashes included); wider
        // pens go through the path stroker, many times slower on 100k segments.
        // A failed run is dashed, a broken line; a pruned one is whole but cut short.
        painter->setPen(curvePen(s, col));
        for (const Curve &c : mCurves) {
            if (c.state != s)
                continue;
            for (const QPolygonF &poly : c.projected) {
                if (poly.size() == 1)
                    painter->drawPoint(poly.first());
                else
                    painter->drawPolyline(poly);
            }
        }
    }
    // Where a pruned or failed trial stopped: a dot (pruned, stopped on purpose) or a
    // cross (failed), so that "ended early" reads even where curves overlap.
    QColor prunedEnd = StateColors::color(TrialState::Pruned);
    prunedEnd.setAlphaF(float(std::clamp(0.8 * fade, 0.25, 1.0)));
    QColor failedEnd = StateColors::color(TrialState::Failed);
    failedEnd.setAlphaF(float(std::clamp(0.8 * fade, 0.25, 1.0)));
    for (const Curve &c : mCurves) {
        if ((c.state != TrialState::Pruned && c.state != TrialState::Failed) || c.projected.isEmpty()
            || c.projected.last().isEmpty() || c.pts.empty() || c.pts.back().x() > mMap.x1)
            continue;
        const QPointF end = c.projected.last().last();
        if (c.state == TrialState::Pruned) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(prunedEnd);
            painter->drawEllipse(end, 2.5, 2.5);
        } else {
            painter->setPen(QPen(failedEnd, 1.5));
            painter->drawLine(end + QPointF(-3, -3), end + QPointF(3, 3));
            painter->drawLine(end + QPointF(-3, 3), end + QPointF(3, -3));
        }
    }
    painter->restore();
}

} // namespace tunescope
