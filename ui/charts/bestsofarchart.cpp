#include "charts/bestsofarchart.h"
#include "charts/metricchooser.h"
#include "trials/statetext.h"

#include "charts/completetrials.h"
#include "charts/hittest.h"
#include "charts/plotaxis.h"
#include "charts/pointslayer.h"
#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "charts/trialtooltip.h"
#include "charts/zoomchartview.h"

#include <QChart>
#include <QGraphicsItem>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>

namespace tunescope {

/// Whiskers of mean ± standard deviation for the trials of a study with repeats, drawn in the
/// chart's scene so that screen, PNG/SVG export and reports show them alike. Positions are
/// mapped through the chart at paint time, so zoom, pan and log scale need no bookkeeping.
class ErrorBarLayer : public QGraphicsItem
{
public:
    struct Bar
    {
        QLineF line;     ///< value coordinates, vertical
        QColor color;
    };

    ErrorBarLayer(QChart *chart, QAbstractSeries *reference)
        : QGraphicsItem(chart), mChart(chart), mReference(reference)
    {
        setZValue(3.6); // over the grid and axes (2, 3), under the points of Qt Charts' series (4)
        setAcceptedMouseButtons(Qt::NoButton);
    }

    void setBars(QList<Bar> bars)
    {
        mBars = std::move(bars);
        update();
    }
    const QList<Bar> &bars() const { return mBars; }
    void areaChanged()
    {
        prepareGeometryChange();
        update();
    }

    QRectF boundingRect() const override { return mChart->plotArea(); }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        if (mBars.isEmpty())
            return;
        painter->save();
        painter->setClipRect(mChart->plotArea());
        painter->setRenderHint(QPainter::Antialiasing);
        const bool log = qobject_cast<QLogValueAxis *>(mChart->axes(Qt::Vertical).value(0)) != nullptr;
        for (const Bar &bar : mBars) {
            double lo = bar.line.y1();
            const double hi = bar.line.y2();
            if (log && hi <= 0)
                continue;
            if (log && lo <= 0) // the lower whisker runs off a log axis: cut it at its bottom
                lo = hi * 1e-6;
            const QPointF a = mChart->mapToPosition(QPointF(bar.line.x1(), lo), mReference);
            const QPointF b = mChart->mapToPosition(QPointF(bar.line.x2(), hi), mReference);
            QColor c = bar.color;
            c.setAlphaF(0.8f);
            painter->setPen(QPen(c, 1.2));
            painter->drawLine(a, b);
            painter->drawLine(a + QPointF(-3, 0), a + QPointF(3, 0));
            painter->drawLine(b + QPointF(-3, 0), b + QPointF(3, 0));
        }
        painter->restore();
    }

private:
    QChart *mChart = nullptr;
    QAbstractSeries *mReference = nullptr;
    QList<Bar> mBars;
};

BestSoFarChart::BestSoFarChart(QWidget *parent)
    : SeriesChart(parent)
{
    // Legend entries drawn like what they stand for: a (dashed) line for curves, the marker's
    // shape for points, not one coloured square for everything.
    mChart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    mMetric = new MetricChooser(this);
    addControl(mMetric);
    connect(mMetric, &MetricChooser::changed, this, [this] {
        forgetZoom(); // another quantity: the old ranges mean nothing
        rebuild();
    });
    addLogScaleToggle();

    // Shapes as well as colours, so that states read apart without colour vision.
    auto scatter = [this](TrialState s, const QString &name, QScatterSeries::MarkerShape shape) {
        auto *series = new QScatterSeries(this);
        series->setName(name);
        series->setMarkerShape(shape);
        series->setMarkerSize(shape == QScatterSeries::MarkerShapeCircle ? 8 : 10);
        series->setColor(StateColors::color(s));
        series->setBorderColor(StateColors::color(s).darker(130));
        mChart->addSeries(series);
        return series;
    };
    mFailed = scatter(TrialState::Failed, tr("failed"), QScatterSeries::MarkerShapeRectangle);
    mPruned = scatter(TrialState::Pruned, tr("pruned"), QScatterSeries::MarkerShapeTriangle);
    mComplete = scatter(TrialState::Complete, tr("complete"), QScatterSeries::MarkerShapeCircle);
    mBestLine = new QLineSeries(this);
    mBestLine->setName(tr("best so far"));
    mBestLine->setPen(QPen(StateColors::best(), 2));
    mChart->addSeries(mBestLine);
    addSelectionMarker(16);
    mErrorBars = new ErrorBarLayer(mChart, mComplete);
    connect(mChart, &QChart::plotAreaChanged, this, [this] { mErrorBars->areaChanged(); });


    // The points themselves are one painted layer; the scatter series above only give the
    // legend its entries (and the axes their series).
    mPoints = new PointsLayer(mChart);
    connect(mChart, &QChart::plotAreaChanged, this, &BestSoFarChart::syncLayer);

    // nearest shown point within a few pixels
    auto pointAt = [this](const QPointF &viewPos) -> int {
        const QPointF pos = mChart->mapFromScene(mView->mapToScene(viewPos.toPoint()));
        return mPoints->trialAt(pos, 8);
    };
    connect(mView, &ZoomChartView::clicked, this, [this, pointAt](const QPointF &pos) { selectClickedTrial(pointAt(pos)); });
    connect(mView, &ZoomChartView::hovered, this, [this, pointAt](const QPointF &pos) {
        const int n = pointAt(pos);
        const Trial *t = (n >= 0 && mMonitor) ? mMonitor->trial(n) : nullptr;
        if (!t) {
            QToolTip::hideText();
            return;
        }
        showTooltipLines(mView, pos, trialTooltipLines(*t, true));
    });

    rebuild();
}

BestSoFarChart::~BestSoFarChart() = default;

QString BestSoFarChart::chartTitle() const
{
    return tr("Best so far");
}

void BestSoFarChart::rebuild()
{
    mRebuildTimer.stop();
    QList<QPointF> best;
    std::vector<PointsLayer::Point> points;
    int counts[5] = {};
    bool allPositive = true;
    QList<ErrorBarLayer::Bar> bars;
    mNonFinite = 0;
    if (mMonitor)
        mMetric->refresh(mMonitor->spec(), mMonitor->trials());
    const bool maximize = mMonitor && mMetric->maximize(mMonitor->spec());
    const bool objective = mMetric->metric().isEmpty();
    if (mMonitor) {
        std::optional<double> running;
        int last = -1;
        points.reserve(mMonitor->trials().size());
        for (const Trial &t : mMonitor->trials()) {
            const std::optional<double> value = isFinished(t.state) ? mMetric->valueOf(t) : std::nullopt;
            if (!value)
                continue;
            const double v = *value;
            if (!std::isfinite(v)) {
                ++mNonFinite;
                continue;
            }
            const QPointF p(t.number, v);
            last = std::max(last, t.number);
            if (objective && t.valueStd && std::isfinite(*t.valueStd) && *t.valueStd > 0)
                bars.append({QLineF(t.number, v - *t.valueStd, t.number, v + *t.valueStd), StateColors::color(t.state).darker(125)});
            points.push_back({p, t.number, t.state});
            ++counts[int(t.state)];
            allPositive = allPositive && v > 0;
            switch (t.state) {
            case TrialState::Complete: {
                const bool better = !running || (maximize ? v > *running : v < *running);
                if (better) {
                    if (running)
                        best << QPointF(t.number, *running); // the step's riser
                    best << p;
                    running = v;
                }
                break;
            }
            default: break;
            }
        }
        if (running && !best.isEmpty() && best.last().x() < last)
            best << QPointF(last, *running);
    }
    const int shown = int(points.size());
    mPoints->setPoints(std::move(points));
    mBestLine->replace(best);
    mErrorBars->setBars(bars);

    const bool logAvailable = shown > 0 && allPositive;
    setLogScaleAvailable(logAvailable, tr("Logarithmic objective axis"), tr("Log scale needs every objective value to be > 0"));
    const int complete = counts[int(TrialState::Complete)], pruned = counts[int(TrialState::Pruned)];
    const int failed = shown - complete - pruned;
    mComplete->setName(tr("complete (%1)").arg(complete));
    mPruned->setName(tr("pruned (%1)").arg(pruned));
    mFailed->setName(tr("failed (%1)").arg(failed));
    setLegendVisible(mComplete, complete > 0);
    setLegendVisible(mPruned, pruned > 0);
    setLegendVisible(mFailed, failed > 0);
    setLegendVisible(mBestLine, mBestLine->count() > 0);
    // The legend's markers are as large as the points drawn.
    for (QScatterSeries *s : {mComplete, mPruned, mFailed})
        s->setMarkerSize(mPoints->markerSize() + (s == mComplete ? 0 : 2));

    QStringList info;
    info << (shown ? tr("%n finished trial(s) with a value", nullptr, shown) : tr("No finished trials yet"));
    if (mNonFinite)
        info << tr("%n with a NaN/inf objective not shown", nullptr, mNonFinite);
    if (!logScale() && !logAvailable && shown)
        info << tr("log scale needs all values > 0");
    mInfoLabel->setText(info.join(QStringLiteral(" · ")));
    // said inside the chart too, so that an export or report of an empty study explains itself
    mChart->setTitle(shown ? QString() : tr("No finished trials yet"));
    selectionChanged();
    applyAxes();
}

void BestSoFarChart::applyAxes()
{
    double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
    bool any = false;
    for (const PointsLayer::Point &point : mPoints->points()) {
            const QPointF &p = point.value;
            if (!any) { xmin = xmax = p.x(); ymin = ymax = p.y(); any = true; }
            xmin = std::min(xmin, p.x());
            xmax = std::max(xmax, p.x());
            ymin = std::min(ymin, p.y());
            ymax = std::max(ymax, p.y());
        }
    // whiskers stay inside the fitted range (on a log axis only the part above zero can)
    if (any) {
        for (const ErrorBarLayer::Bar &bar : mErrorBars->bars()) {
            if (!logScale() || bar.line.y1() > 0)
                ymin = std::min(ymin, bar.line.y1());
            ymax = std::max(ymax, bar.line.y2());
        }
    }
    const QString title = !mMonitor ? tr("objective")
        : (!mMetric->metric().isEmpty() || mMonitor->spec().metrics.isEmpty())
        ? mMetric->axisName(mMonitor->spec())
        : QStringLiteral("%1 (%2)").arg(mMonitor->spec().objective().name, goalText(mMonitor->spec().objective().goal));

    if (!mAxisX)
        mAxisX = addHorizontalAxis(tr("trial"));
    ensureVerticalAxis(mAxisY, logScale());
    mAxisY->setTitleText(title);
    if (zoomed())
        return;
    QValueAxis *ax = mAxisX;
    const double padX = std::max(0.5, (xmax - xmin) * 0.03);
    // labels at whole trial numbers in 1-2-5 steps, whatever the padded range; the interval
    // before the range, or 10,000 trials get 10,000 tick labels (seconds of layout) first
    ax->setTickType(QValueAxis::TicksDynamic);
    ax->setTickAnchor(0);
    ax->setTickInterval(niceTickInterval(xmax - xmin, 8, true));
    ax->setRange(std::max(-0.5, xmin - padX), xmax + padX);
    if (auto *ly = qobject_cast<QLogValueAxis *>(mAxisY)) {
        const double f = std::max(1.05, std::pow(ymax / ymin, 0.05));
        const double lo = ymin / f, hi = ymax * f;
        fitLogAxisLabels(ly, lo, hi);
        mAxisY->setRange(lo, hi);
    } else {
        // Rounded out to whole ticks below; a small pad only keeps markers that sit on a tick
        // from being cut in half by the plot's edge (a large one adds a whole empty tick).
        double pad = (ymax - ymin) * 0.015;
        if (ymax == ymin)
            pad = ymin == 0 ? 1 : std::abs(ymin) * 0.1;
        double lo = ymin - pad, hi = ymax + pad;
        static_cast<QValueAxis *>(mAxisY)->setTickCount(niceRange(lo, hi, 6));
        mAxisY->setRange(lo, hi);
    }
    syncLayer();
}

void BestSoFarChart::syncLayer()
{
    if (mAxisX && mAxisY)
        mPoints->setMapping(plotMapping(mAxisX, mAxisY));
}

void BestSoFarChart::logScaleChanged()
{
    applyAxes();
}

void BestSoFarChart::selectionChanged()
{
    QList<QPointF> marker;
    const int number = selectedTrial();
    const Trial *t = (mMonitor && number >= 0) ? mMonitor->trial(number) : nullptr;
    const std::optional<double> value = t && isFinished(t->state) ? mMetric->valueOf(*t) : std::nullopt;
    if (value && std::isfinite(*value) && (!logScale() || *value > 0))
        marker << QPointF(number, *value);
    showSelectionMarker(marker);
}

QList<QPointF> BestSoFarChart::bestLine() const
{
    return mBestLine->points();
}

QList<QLineF> BestSoFarChart::errorBars() const
{
    QList<QLineF> lines;
    for (const ErrorBarLayer::Bar &bar : mErrorBars->bars())
        lines << bar.line;
    return lines;
}

QList<QPointF> BestSoFarChart::points(TrialState state) const
{
    return mPoints->values(state);
}

} // namespace tunescope
