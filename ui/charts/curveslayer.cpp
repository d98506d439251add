#include "charts/curveslayer.h"

#include "charts/colormap.h"
#include "charts/hittest.h"
#include "charts/statecolors.h"

#include <QCoreApplication>
#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPainter>
#include <QPainterPath>
#include <QSet>
#include <QThreadPool>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Finite values kept to estimate the robust axis range: enough for the 1 % quantiles to be
/// right within a fraction of a percent, few enough to select in well under a millisecond.
constexpr size_t kSampleSize = 16384;
constexpr std::array<double, 5> kBandQuantiles{0.10, 0.25, 0.50, 0.75, 0.90};

bool stepOrder(const MetricPoint &a, const MetricPoint &b)
{
    return a.step < b.step;
}

quint64 splitmix(quint64 &state)
{
    quint64 z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// Colour of a pixel crossed by `count` curves of at most `maximum`: the viridis map run from
/// light (few) to dark (many) on a logarithmic scale, so that single stray curves stay faint
/// on the white plot and the crowd's core reads darkest.
QColor densityColor(quint32 count, quint32 maximum)
{
    const double t = maximum <= 1 ? 1.0 : std::log(double(count)) / std::log(double(maximum));
    QColor c = ColorMap::viridis(1.0 - 0.92 * t);
    c.setAlphaF(float(0.35 + 0.65 * t));
    return c;
}

} // namespace

QPen curvePen(TrialState state, const QColor &color, double width)
{
    QPen pen(color, width);
    if (state == TrialState::Failed)
        pen.setStyle(Qt::DashLine);
    return pen;
}

// --- CurveDecimation

void CurveDecimation::clear()
{
    *this = CurveDecimation();
}

void CurveDecimation::flushColumn(QPolygonF &into) const
{
    if (mInColumn == 0)
        return;
    into << mFirst;
    if (mInColumn > 1) {
        // min and max in the order they were reached, so the polyline keeps its shape
        const QPointF a = mMinIndex <= mMaxIndex ? mMin : mMax, b = mMinIndex <= mMaxIndex ? mMax : mMin;
        if (a != mFirst && a != mLast)
            into << a;
        if (b != mFirst && b != mLast && b != a)
            into << b;
        into << mLast;
    }
}

void CurveDecimation::endPolyline()
{
    flushColumn(mOpen);
    mInColumn = 0;
    if (!mOpen.isEmpty())
        mDone.append(mOpen);
    mOpen.clear();
}

void CurveDecimation::feed(const QList<MetricPoint> &points, const PlotMapping &m)
{
    for (qsizetype i = mFed; i < points.size(); ++i) {
        const MetricPoint &p = points.at(i);
        const QPointF q = m.map(double(p.step), p.value);
        if (!std::isfinite(q.x()) || !std::isfinite(q.y())) {
            endPolyline();
            continue;
        }
        const long column = long(std::floor(q.x()));
        if (mInColumn == 0 || column != mColumn) {
            flushColumn(mOpen);
            mColumn = column;
            mFirst = mLast = mMin = mMax = q;
            mIndex = mMinIndex = mMaxIndex = 0;
            mInColumn = 1;
            continue;
        }
        ++mIndex;
        ++mInColumn;
        mLast = q;
        if (q.y() < mMin.y()) {
            mMin = q;
            mMinIndex = mIndex;
        }
        if (q.y() > mMax.y()) {
            mMax = q;
            mMaxIndex = mIndex;
        }
    }
    mFed = points.size();
}

QList<QPolygonF> CurveDecimation::polylines() const
{
    QList<QPolygonF> all = mDone;
    QPolygonF tail = mOpen;
    flushColumn(tail);
    if (!tail.isEmpty())
        all.append(tail);
    return all;
}

qsizetype CurveDecimation::pointCount() const
{
    qsizetype n = 0;
    for (const QPolygonF &p : polylines())
        n += p.size();
    return n;
}

// --- CurvesLayer

CurvesLayer::CurvesLayer(QGraphicsItem *parent) : QGraphicsItem(parent), mSelf(std::make_shared<CurvesLayer *>(this))
{
    setZValue(3.5); // above grid and axes (2, 3), below the series (4) of Qt Charts
    setAcceptedMouseButtons(Qt::NoButton);
    // The crowd of curves is repainted from a pixmap unless its data, ranges or size
    // changed: hovering and selecting only touch the focus series above it.
    setCacheMode(QGraphicsItem::DeviceCoordinateCache);
}

CurvesLayer::~CurvesLayer() = default; // a job still running delivers to nobody

void CurvesLayer::setSource(PointsOf pointsOf)
{
    mPointsOf = std::move(pointsOf);
}

QList<MetricPoint> CurvesLayer::pointsOf(const Curve &c) const
{
    if (c.ownPoints)
        return c.sorted;
    return mPointsOf ? mPointsOf(c.number) : QList<MetricPoint>();
}

QList<MetricPoint> CurvesLayer::points(int number) const
{
    const auto it = mIndex.constFind(number);
    return it == mIndex.cend() ? QList<MetricPoint>() : pointsOf(mCurves[*it]);
}

QList<int> CurvesLayer::numbers() const
{
    QList<int> out;
    out.reserve(qsizetype(mCurves.size()));
    for (const Curve &c : mCurves)
        out << c.number;
    return out;
}

void CurvesLayer::resetStatistics()
{
    mFinite = 0;
    mAnyX = false;
    mXMin = mXMax = mYMin = mYMax = 0;
    mAllPositive = true;
    mSample.clear();
    mSampled = 0;
    mRandom = 0x9e3779b97f4a7c15ULL;
}

void CurvesLayer::countPoints(Curve &c, const QList<MetricPoint> &points)
{
    for (qsizetype i = c.seen; i < points.size(); ++i) {
        const double x = double(points.at(i).step), y = points.at(i).value;
        if (!mAnyX) {
            mXMin = mXMax = x;
            mAnyX = true;
        }
        mXMin = std::min(mXMin, x);
        mXMax = std::max(mXMax, x);
        if (!std::isfinite(y))
            continue;
        if (mFinite == 0)
            mYMin = mYMax = y;
        mYMin = std::min(mYMin, y);
        mYMax = std::max(mYMax, y);
        mAllPositive = mAllPositive && y > 0;
        ++mFinite;
        ++c.finite;
        // Reservoir sampling: every finite value has the same chance to be in the sample.
        if (mSample.size() < kSampleSize) {
            mSample.push_back(y);
        } else {
            const quint64 j = splitmix(mRandom) % (mSampled + 1);
            if (j < kSampleSize)
                mSample[size_t(j)] = y;
        }
        ++mSampled;
    }
    c.seen = points.size();
}

double CurvesLayer::yQuantile(double q) const
{
    if (mSample.empty())
        return kNaN;
    std::vector<double> values = mSample;
    const size_t k = std::min(values.size() - 1, size_t(q * double(values.size() - 1) + 0.5));
    std::nth_element(values.begin(), values.begin() + qsizetype(k), values.end());
    return values[k];
}

int CurvesLayer::curveCount() const
{
    return int(std::count_if(mCurves.begin(), mCurves.end(), [](const Curve &c) { return c.finite > 0; }));
}

int CurvesLayer::curveCount(TrialState state) const
{
    return int(std::count_if(mCurves.begin(), mCurves.end(), [state](const Curve &c) { return c.state == state; }));
}

void CurvesLayer::setCurves(const std::vector<Entry> &entries)
{
    mCurves.clear();
    mIndex.clear();
    resetStatistics();
    mCurves.reserve(entries.size());
    for (const Entry &e : entries) {
        Curve c;
        c.number = e.number;
        c.state = e.state;
        QList<MetricPoint> pts = mPointsOf ? mPointsOf(e.number) : QList<MetricPoint>();
        if (!std::is_sorted(pts.cbegin(), pts.cend(), stepOrder)) {
            // stable: a metric reported twice at one step keeps its report order
            std::stable_sort(pts.begin(), pts.end(), stepOrder);
            c.sorted = pts;
            c.ownPoints = true;
        }
        countPoints(c, pts);
        mIndex.insert(c.number, qsizetype(mCurves.size()));
        mCurves.push_back(std::move(c));
    }
    invalidateDrawing();
}

bool CurvesLayer::updateCurve(const Entry &entry)
{
    const auto it = mIndex.constFind(entry.number);
    const QList<MetricPoint> pts = mPointsOf ? mPointsOf(entry.number) : QList<MetricPoint>();
    if (it == mIndex.cend()) {
        if (!std::is_sorted(pts.cbegin(), pts.cend(), stepOrder))
            return false;
        Curve c;
        c.number = entry.number;
        c.state = entry.state;
        countPoints(c, pts);
        mIndex.insert(c.number, qsizetype(mCurves.size()));
        mCurves.push_back(std::move(c));
        update();
        return true;
    }
    Curve &c = mCurves[*it];
    // Only growth in step order can be followed point by point.
    if (c.ownPoints || pts.size() < c.seen
        || !std::is_sorted(pts.cbegin() + std::max<qsizetype>(0, c.seen - 1), pts.cend(), stepOrder))
        return false;
    const bool wasLine = drawsAsLine(c);
    if (c.counted && pts.size() > c.seen)
        mRasterValid = false; // counted already with fewer points: count everything again
    c.state = entry.state;
    countPoints(c, pts);
    if (wasLine && !drawsAsLine(c))
        c.lines.clear(); // drawn by the raster from now on
    update();
    return true;
}

void CurvesLayer::setMode(CurvesMode mode)
{
    if (mode == mMode)
        return;
    mMode = mode;
    invalidateDrawing();
}

void CurvesLayer::setOnTop(const QList<int> &numbers)
{
    if (numbers == mOnTop)
        return;
    mOnTop = numbers;
    for (Curve &c : mCurves) {
        if (!drawsAsLine(c))
            c.lines.clear();
    }
    update();
}

bool CurvesLayer::drawsAsLine(const Curve &c) const
{
    // Running curves change: drawn as lines over the density, not counted into it.
    return mMode == CurvesMode::Lines || c.state == TrialState::Running || mOnTop.contains(c.number);
}

void CurvesLayer::invalidateDrawing()
{
    for (Curve &c : mCurves) {
        c.lines.clear();
        c.counted = false;
        c.binned = 0;
    }
    mRasterValid = false;
    mImageValid = false;
    ++mGeneration;
    mRasterJob = 0;
    mBinsValid = false;
    mBins.clear();
    mQuantiles.clear();
    mQuantilesValid.clear();
    update();
}

void CurvesLayer::setMapping(const PlotMapping &m)
{
    if (m == mMap)
        return;
    prepareGeometryChange();
    mMap = m;
    invalidateDrawing();
}

qsizetype CurvesLayer::drawnPoints()
{
    prepare();
    qsizetype n = 0;
    for (const Curve &c : mCurves)
        n += c.lines.pointCount();
    return n;
}

namespace {

/// Counts one curve into the raster: consecutive finite points joined, NaN breaks.
void rasterizeCurve(DensityRaster &raster, const QList<MetricPoint> &points, const PlotMapping &m, qreal dpr)
{
    const QPointF origin = m.area.topLeft();
    raster.beginLine();
    bool open = false;
    QPointF last;
    for (const MetricPoint &p : points) {
        const QPointF q = (m.map(double(p.step), p.value) - origin) * dpr;
        if (!std::isfinite(q.x()) || !std::isfinite(q.y())) {
            open = false;
            continue;
        }
        raster.addSegment(open ? last : q, q);
        last = q;
        open = true;
    }
}

} // namespace

void CurvesLayer::rasterize(const QList<MetricPoint> &points)
{
    rasterizeCurve(mRaster, points, mMap, mRasterDpr);
}

qreal CurvesLayer::viewDpr() const
{
    if (scene() && !scene()->views().isEmpty())
        return scene()->views().first()->devicePixelRatioF();
    return mRasterDpr;
}

void CurvesLayer::startRasterJob(qreal dpr)
{
    if (mRasterJob == mGeneration)
        return; // under way
    // The job gets the points as they are now (copies that share the monitor's data) and
    // the numbers of the curves it counts; curves that finish meanwhile are added after.
    struct Job
    {
        PlotMapping mapping;
        qreal dpr = 1.0;
        std::vector<QList<MetricPoint>> points;
        QList<int> numbers;
    };
    auto job = std::make_shared<Job>();
    job->mapping = mMap;
    job->dpr = dpr;
    for (const Curve &c : mCurves) {
        if (drawsAsLine(c) || c.finite == 0)
            continue;
        job->points.push_back(pointsOf(c));
        job->numbers << c.number;
    }
    mRasterJob = mGeneration;
    const quint64 generation = mGeneration;
    const std::weak_ptr<CurvesLayer *> self = mSelf;
    QThreadPool::globalInstance()->start([job, generation, self] {
        auto raster = std::make_shared<DensityRaster>((job->mapping.area.size() * job->dpr).toSize());
        for (const QList<MetricPoint> &points : job->points)
            rasterizeCurve(*raster, points, job->mapping, job->dpr);
        // Delivered on the GUI thread (the application object lives as long as any layer).
        QMetaObject::invokeMethod(qApp, [raster, job, generation, self] {
            const std::shared_ptr<CurvesLayer *> alive = self.lock();
            if (!alive)
                return;
            CurvesLayer *layer = *alive;
            if (layer->mRasterJob != generation || layer->mGeneration != generation)
                return;
            layer->mRasterJob = 0;
            layer->mRaster = std::move(*raster);
            layer->mRasterDpr = job->dpr;
            layer->mRasterValid = true;
            layer->mImageValid = false;
            const QSet<int> counted(job->numbers.cbegin(), job->numbers.cend());
            for (Curve &c : layer->mCurves)
                c.counted = counted.contains(c.number);
            layer->update();
        }, Qt::QueuedConnection);
    });
}

void CurvesLayer::prepareDensity(qreal dpr, bool wait)
{
    if (!mRasterValid || !qFuzzyCompare(dpr, mRasterDpr)) {
        if (!wait) {
            // Counting every curve again (new ranges or size) is a worker thread's job; the
            // screen shows the curves without their density for that moment.
            startRasterJob(dpr);
            return;
        }
        mRasterJob = 0;
        mRasterDpr = dpr;
        mRaster = DensityRaster((mMap.area.size() * dpr).toSize());
        for (Curve &c : mCurves)
            c.counted = false;
        mRasterValid = true;
        mImageValid = false;
    }
    // Finished curves not counted yet: all of them after a change of ranges, else the few
    // that finished since the last paint.
    for (Curve &c : mCurves) {
        if (c.counted || drawsAsLine(c) || c.finite == 0)
            continue;
        rasterize(pointsOf(c));
        c.counted = true;
        mImageValid = false;
    }
    if (!mImageValid) {
        const quint32 maximum = mRaster.maxCount();
        mRasterImage = mRaster.toImage([maximum](quint32 count, float) { return qPremultiply(densityColor(count, maximum).rgba()); });
        mRasterImage.setDevicePixelRatio(mRasterDpr);
        mImageValid = true;
    }
}

void CurvesLayer::prepareBands()
{
    const int columns = std::max(1, int(std::ceil(mMap.area.width())));
    if (!mBinsValid) {
        mBins.assign(size_t(columns), {});
        mQuantiles.assign(size_t(columns), {});
        mQuantilesValid.assign(size_t(columns), false);
        for (Curve &c : mCurves)
            c.binned = 0;
        mBinsValid = true;
    }
    for (Curve &c : mCurves) {
        const QList<MetricPoint> pts = pointsOf(c);
        for (qsizetype i = c.binned; i < pts.size(); ++i) {
            if (!std::isfinite(pts.at(i).value))
                continue;
            const double x = mMap.map(double(pts.at(i).step), mMap.y0).x() - mMap.area.left();
            const int column = int(std::floor(x));
            if (column < 0 || column >= columns)
                continue;
            mBins[size_t(column)].push_back(pts.at(i).value);
            mQuantilesValid[size_t(column)] = false;
        }
        c.binned = pts.size();
    }
    for (size_t i = 0; i < mBins.size(); ++i) {
        if (mQuantilesValid[i] || mBins[i].empty())
            continue;
        std::vector<double> &v = mBins[i];
        for (size_t q = 0; q < kBandQuantiles.size(); ++q) {
            const size_t k = std::min(v.size() - 1, size_t(kBandQuantiles[q] * double(v.size() - 1) + 0.5));
            std::nth_element(v.begin(), v.begin() + qsizetype(k), v.end());
            mQuantiles[i][q] = v[k];
        }
        mQuantilesValid[i] = true;
    }
}

void CurvesLayer::prepare()
{
    if (!mMap.valid())
        return;
    if (mMode == CurvesMode::Density) {
        prepareDensity(viewDpr(), false);
    } else if (mMode == CurvesMode::Bands) {
        prepareBands();
    }
    for (Curve &c : mCurves) {
        if (drawsAsLine(c))
            c.lines.feed(pointsOf(c), mMap);
    }
}

int CurvesLayer::trialAt(const QPointF &pos, double tolerance) const
{
    if (!mMap.valid() || !mMap.area.contains(pos))
        return -1;
    // In data space, the steps within reach of the mouse; then pixel distances to the
    // segments there. No cache needed, whatever the mode.
    const double perPixel = (mMap.x1 - mMap.x0) / mMap.area.width();
    const double x = mMap.x0 + (pos.x() - mMap.area.left()) * perPixel;
    const double reach = (tolerance + 1) * perPixel;
    NearestTrial nearest(tolerance);
    for (const Curve &c : mCurves) {
        if (c.finite == 0)
            continue;
        const QList<MetricPoint> pts = pointsOf(c);
        auto it = std::lower_bound(pts.cbegin(), pts.cend(), x - reach,
                                   [](const MetricPoint &p, double v) { return double(p.step) < v; });
        if (it != pts.cbegin())
            --it;
        for (; it != pts.cend(); ++it) {
            const QPointF a = mMap.map(double(it->step), it->value);
            const auto next = it + 1;
            if (next == pts.cend() || double(it->step) > x + reach) {
                if (std::isfinite(a.y()))
                    nearest.offerPoint(pos, a, c.number);
                break;
            }
            const QPointF b = mMap.map(double(next->step), next->value);
            if (std::isfinite(a.y()) && std::isfinite(b.y()))
                nearest.offer(segmentDistance(pos, a, b), c.number);
            else if (std::isfinite(a.y()))
                nearest.offerPoint(pos, a, c.number);
        }
    }
    return nearest.number();
}

void CurvesLayer::paintLines(QPainter *painter, bool onlyFocus)
{
    // Fade with the number of curves so that a few hundred of them show density, not a blob.
    qsizetype drawn = 0;
    for (const Curve &c : mCurves)
        drawn += drawsAsLine(c) && (!onlyFocus || c.state == TrialState::Running) ? 1 : 0;
    const double fade = onlyFocus ? 1.0 : std::clamp(std::sqrt(40.0 / std::max<double>(1, double(drawn))), 0.12, 1.0);
    // Antialiasing costs more than the rest of the paint with 100k segments, and thin
    // faded lines in a crowd do not profit from it.
    painter->setRenderHint(QPainter::Antialiasing, drawn < 300);
    // Pruned and failed curves over the complete ones: they are short and fainter, and
    // under a crowd of complete curves they would vanish. Running ones on top of all.
    for (TrialState s : {TrialState::Waiting, TrialState::Complete, TrialState::Pruned, TrialState::Failed,
                         TrialState::Running}) {
        if (onlyFocus && s != TrialState::Running)
            continue;
        QColor col = StateColors::color(s);
        const double base = s == TrialState::Failed || s == TrialState::Pruned ? 0.6 : onlyFocus ? 0.7 : 0.8;
        col.setAlphaF(float(std::clamp(base * fade, 0.04, 1.0)));
        // width 1: the raster engine's fast cosmetic stroker (dashes included); wider
        // pens go through the path stroker, many times slower on 100k segments.
        // A failed run is dashed, a broken line; a pruned one is whole but cut short.
        painter->setPen(curvePen(s, col));
        painter->setBrush(col); // fills the dot of a one-report curve (a 1-pixel point is not seen)
        for (const Curve &c : mCurves) {
            if (c.state != s || !drawsAsLine(c) || (!onlyFocus && mOnTop.contains(c.number) && mMode != CurvesMode::Lines))
                continue;
            for (const QPolygonF &poly : c.lines.polylines()) {
                if (poly.size() == 1)
                    painter->drawEllipse(poly.first(), 2.5, 2.5);
                else
                    painter->drawPolyline(poly);
            }
        }
        painter->setBrush(Qt::NoBrush);
    }
    if (onlyFocus || mMode != CurvesMode::Lines)
        return;
    // Where a pruned or failed trial stopped: a dot (pruned, stopped on purpose) or a
    // cross (failed), so that "ended early" reads even where curves overlap.
    QColor prunedEnd = StateColors::color(TrialState::Pruned);
    prunedEnd.setAlphaF(float(std::clamp(0.8 * fade, 0.25, 1.0)));
    QColor failedEnd = StateColors::color(TrialState::Failed);
    failedEnd.setAlphaF(float(std::clamp(0.8 * fade, 0.25, 1.0)));
    for (const Curve &c : mCurves) {
        if (c.state != TrialState::Pruned && c.state != TrialState::Failed)
            continue;
        const QList<QPolygonF> polys = c.lines.polylines();
        if (polys.isEmpty() || polys.last().isEmpty())
            continue;
        const QList<MetricPoint> pts = pointsOf(c);
        if (pts.isEmpty() || double(pts.last().step) > mMap.x1)
            continue;
        const QPointF end = polys.last().last();
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
}

namespace {

/// The top-k curves over a density or the bands: dark lines on a white halo, readable over
/// the darkest colour of the map.
void paintOnTop(QPainter *painter, const QList<QList<QPolygonF>> &curves)
{
    painter->setRenderHint(QPainter::Antialiasing);
    for (const double width : {3.0, 1.2}) {
        QColor c = width > 2 ? QColor(255, 255, 255, 200) : QColor(0x1f, 0x3a, 0x5f, 230);
        painter->setPen(QPen(c, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        for (const QList<QPolygonF> &polys : curves)
            for (const QPolygonF &poly : polys)
                painter->drawPolyline(poly);
    }
}

} // namespace

void CurvesLayer::paintNote(QPainter *painter, const QString &text, const QImage &scale)
{
    QFont font = painter->font();
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.85));
    painter->setFont(font);
    const QFontMetricsF fm(font);
    const double w = fm.horizontalAdvance(text) + (scale.isNull() ? 0 : scale.width() / scale.devicePixelRatio() + 8) + 12;
    const QRectF box(mMap.area.right() - w - 6, mMap.area.top() + 6, w, fm.height() + 8);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(255, 255, 255, 215));
    painter->drawRoundedRect(box, 3, 3);
    painter->setPen(QColor(0x33, 0x33, 0x33));
    painter->drawText(box.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
    if (!scale.isNull()) {
        const QSizeF s = QSizeF(scale.size()) / scale.devicePixelRatio();
        painter->drawImage(QRectF(box.right() - 6 - s.width(), box.center().y() - s.height() / 2, s.width(), s.height()), scale);
    }
}

void CurvesLayer::paintDensity(QPainter *painter)
{
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    // An export (no cache) waits for the density; the screen does not.
    prepareDensity(dpr, cacheMode() == QGraphicsItem::NoCache);
    if (!mRasterValid)
        return;
    painter->drawImage(mMap.area, mRasterImage);
    const quint32 maximum = mRaster.maxCount();
    if (maximum > 0) {
        // The scale: light = few curves through a pixel, dark = many.
        QImage scale(QSize(60, 8) * dpr, QImage::Format_ARGB32_Premultiplied);
        scale.setDevicePixelRatio(dpr);
        for (int x = 0; x < scale.width(); ++x) {
            const double t = double(x) / std::max(1, scale.width() - 1);
            const quint32 count = quint32(std::lround(std::pow(double(maximum), t)));
            const QColor c = densityColor(std::max<quint32>(1, count), maximum);
            for (int y = 0; y < scale.height(); ++y)
                scale.setPixel(x, y, qPremultiply(c.rgba()));
        }
        paintNote(painter,
                  QCoreApplication::translate("tunescope::CurvesLayer", "trials per pixel: 1 … %1").arg(maximum), scale);
    }
}

void CurvesLayer::paintBands(QPainter *painter)
{
    prepareBands();
    // Each band: the polygon along the upper quantile and back along the lower one.
    const auto y = [this](double v) { return mMap.map(mMap.x0, v).y(); };
    QPolygonF median;
    QPolygonF outer[2], inner[2];
    for (size_t i = 0; i < mBins.size(); ++i) {
        if (mBins[i].empty())
            continue;
        const double x = mMap.area.left() + double(i) + 0.5;
        const auto &q = mQuantiles[i];
        outer[0] << QPointF(x, y(q[4]));
        outer[1] << QPointF(x, y(q[0]));
        inner[0] << QPointF(x, y(q[3]));
        inner[1] << QPointF(x, y(q[1]));
        median << QPointF(x, y(q[2]));
    }
    if (median.isEmpty())
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor base = StateColors::color(TrialState::Complete);
    const auto band = [&](const QPolygonF (&edges)[2], int alpha) {
        QPolygonF poly = edges[0];
        for (qsizetype i = edges[1].size() - 1; i >= 0; --i)
            poly << edges[1][i];
        QColor c = base;
        c.setAlpha(alpha);
        painter->setPen(Qt::NoPen);
        painter->setBrush(c);
        painter->drawPolygon(poly);
    };
    band(outer, 55);
    band(inner, 95);
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(base.darker(140), 1.8));
    painter->drawPolyline(median);
    paintNote(painter,
              QCoreApplication::translate("tunescope::CurvesLayer", "median, 25–75 % and 10–90 % of the trials at each step"),
              QImage());
}

void CurvesLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (!mMap.valid())
        return;
    prepare();
    painter->save();
    painter->setClipRect(mMap.area);
    if (mMode == CurvesMode::Density)
        paintDensity(painter);
    else if (mMode == CurvesMode::Bands)
        paintBands(painter);
    paintLines(painter, mMode != CurvesMode::Lines);
    if (mMode != CurvesMode::Lines && !mOnTop.isEmpty()) {
        QList<QList<QPolygonF>> top;
        for (int number : std::as_const(mOnTop)) {
            const auto it = mIndex.constFind(number);
            if (it != mIndex.cend())
                top << mCurves[*it].lines.polylines();
        }
        paintOnTop(painter, top);
    }
    painter->restore();
}

} // namespace tunescope
