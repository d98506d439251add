#pragma once

#include "charts/densityraster.h"
#include "charts/plotmapping.h"
#include "common/trial.h"

#include <QColor>
#include <QGraphicsItem>
#include <QHash>
#include <QImage>
#include <QList>
#include <QPen>
#include <QPolygonF>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace tunescope {

/// How the validation curves chart draws the crowd of curves.
enum class CurvesMode {
    Lines,   ///< every curve as a faint line, coloured by state
    Density, ///< how many curves pass through each pixel, on a perceptual colour scale
    Bands,   ///< quantiles of the values at each step: median, 25–75 %, 10–90 %
};

/// The pen of a trial's curve by state, shared by the curves layer and the legend.
QPen curvePen(TrialState state, const QColor &color, double width = 1.0);

/// One trial's points as a pixel polyline, decimated to first/min/max/last per pixel column,
/// that grows with the points appended to it without going over the older ones again.
class CurveDecimation
{
public:
    void clear();
    /// Feeds points [fed(), points.size()) through the mapping.
    void feed(const QList<MetricPoint> &points, const PlotMapping &m);
    qsizetype fed() const { return mFed; }
    /// The polylines as drawn (breaks at non-finite values), the open pixel column included.
    QList<QPolygonF> polylines() const;
    qsizetype pointCount() const;

private:
    void flushColumn(QPolygonF &into) const;
    void endPolyline();

    QList<QPolygonF> mDone;
    QPolygonF mOpen;
    qsizetype mFed = 0;
    long mColumn = 0;
    int mInColumn = 0; ///< points in the open column; 0: none
    int mIndex = 0, mMinIndex = 0, mMaxIndex = 0;
    QPointF mFirst, mLast, mMin, mMax;
};

/// All curves of the validation-curves chart as one graphics item under the series.
///
/// It reads each trial's points from the monitor through a function (nothing is copied unless
/// a trial reported its steps out of order) and keeps what it draws up to date in proportion
/// to what changed: a curve that grew is decimated, binned and counted from its new points on;
/// only a change of the axes' ranges or of the plot size redraws everything. Three modes:
/// lines (few trials), density (a per-pixel count of the finished curves, with running and
/// top-k curves as lines on top) and quantile bands over steps. Cached in pixel space.
class CurvesLayer : public QGraphicsItem
{
public:
    using PointsOf = std::function<QList<MetricPoint>(int number)>;

    struct Entry
    {
        int number = -1;
        TrialState state = TrialState::Waiting;
    };

    explicit CurvesLayer(QGraphicsItem *parent);
    ~CurvesLayer() override;

    /// Where the points of a trial come from (the monitor's trial, the shown metric).
    void setSource(PointsOf pointsOf);
    /// Every curve of the shown metric, replacing what was there.
    void setCurves(const std::vector<Entry> &entries);
    /// A trial's curve appeared, grew or changed state: the work follows its new points.
    /// Returns false when its points changed in another way (the caller sets all curves again).
    bool updateCurve(const Entry &entry);

    void setMode(CurvesMode mode);
    CurvesMode mode() const { return mMode; }
    /// Curves drawn as lines over the density or the bands (the top-k trials).
    void setOnTop(const QList<int> &numbers);
    QList<int> onTop() const { return mOnTop; }

    // What the axes are fitted to: every finite point of every curve.
    qsizetype pointCount() const { return mFinite; }
    int curveCount() const; ///< curves with at least one finite point
    int curveCount(TrialState state) const;
    bool hasPoints() const { return mAnyX; }
    double xMin() const { return mXMin; }
    double xMax() const { return mXMax; }
    double yMin() const { return mYMin; }
    double yMax() const { return mYMax; }
    bool allPositive() const { return mFinite > 0 && mAllPositive; }
    /// The q-quantile of the finite values, from a fixed-size uniform sample of them.
    double yQuantile(double q) const;

    bool contains(int number) const { return mIndex.contains(number); }
    /// The trial's points in step order.
    QList<MetricPoint> points(int number) const;
    QList<int> numbers() const;

    void setMapping(const PlotMapping &m);
    const PlotMapping &mapping() const { return mMap; }

    /// Points of the polylines drawn as lines (after decimation).
    qsizetype drawnPoints();
    /// Trial whose curve passes within tolerance of pos (chart coordinates), or -1.
    int trialAt(const QPointF &pos, double tolerance) const;
    /// The most curves through one pixel in density mode (0 when not drawn).
    quint32 densityMaximum() const { return mRaster.maxCount(); }
    /// How many curves the density holds (the finished ones not drawn as lines).
    qsizetype densityCurves() const { return mRaster.lines(); }

    /// Brings what the next paint draws up to date (else done by the paint). A density that
    /// must be counted afresh is counted on a worker thread: the layer repaints when it is in.
    void prepare();
    /// Whether a density is being counted on a worker thread.
    bool preparing() const { return mRasterJob != 0; }

    QRectF boundingRect() const override { return mMap.area; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override;

private:
    struct Curve
    {
        int number = -1;
        TrialState state = TrialState::Waiting;
        bool ownPoints = false;     ///< the source is not in step order: a sorted copy
        QList<MetricPoint> sorted;  ///< that copy
        qsizetype seen = 0;         ///< points counted into the statistics
        qsizetype finite = 0;
        qsizetype binned = 0;       ///< points put into the bands' bins
        bool counted = false;       ///< in the density raster
        CurveDecimation lines;
    };

    QList<MetricPoint> pointsOf(const Curve &c) const;
    void resetStatistics();
    void countPoints(Curve &c, const QList<MetricPoint> &points);
    bool drawsAsLine(const Curve &c) const;
    void invalidateDrawing();
    void rasterize(const QList<MetricPoint> &points);
    void prepareDensity(qreal dpr, bool wait);
    void startRasterJob(qreal dpr);
    qreal viewDpr() const;
    void prepareBands();
    void paintLines(QPainter *painter, bool onlyFocus);
    void paintDensity(QPainter *painter);
    void paintBands(QPainter *painter);
    void paintNote(QPainter *painter, const QString &text, const QImage &scale);

    PointsOf mPointsOf;
    std::vector<Curve> mCurves;
    QHash<int, qsizetype> mIndex; ///< number -> position in mCurves
    CurvesMode mMode = CurvesMode::Lines;
    QList<int> mOnTop;
    PlotMapping mMap;

    // statistics of all points
    qsizetype mFinite = 0;
    bool mAnyX = false;
    double mXMin = 0, mXMax = 0, mYMin = 0, mYMax = 0;
    bool mAllPositive = true;
    std::vector<double> mSample; ///< reservoir sample of the finite values
    quint64 mSampled = 0;        ///< finite values offered to the reservoir
    quint64 mRandom = 0x9e3779b97f4a7c15ULL;

    // density: finished curves counted per pixel
    DensityRaster mRaster;
    qreal mRasterDpr = 1.0;
    bool mRasterValid = false;
    bool mImageValid = false;
    QImage mRasterImage;
    quint64 mGeneration = 0;    ///< of ranges, size and mode: a job of an older one is dropped
    quint64 mRasterJob = 0;     ///< generation a worker thread counts for, 0: none
    /// Held by the layer alone; a worker's result checks it on the GUI thread before it
    /// touches the layer (gone with it).
    std::shared_ptr<CurvesLayer *> mSelf;

    // bands: the values of each pixel column of the plot
    std::vector<std::vector<double>> mBins;
    bool mBinsValid = false;
    std::vector<std::array<double, 5>> mQuantiles; ///< per bin: 10, 25, 50, 75, 90 %
    std::vector<bool> mQuantilesValid;
};

} // namespace tunescope
