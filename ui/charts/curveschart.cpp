#include "charts/curveschart.h"

#include "charts/plotaxis.h"
#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "charts/trialtooltip.h"
#include "charts/zoomchartview.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QGraphicsItem>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <vector>

namespace tunescope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Curve
{
    int number = -1;
    TrialState state = TrialState::Waiting;
    std::vector<QPointF> pts;   ///< sorted by step; non-finite values kept as NaN (a break)
    QList<QPolygonF> projected; ///< decimated pixel polylines, chart coordinates
    QRectF bounds;              ///< of projected
};

/// Axis ranges and plot area: data -> chart coordinates.
struct Mapping
{
    QRectF area;
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    bool logY = false;

    bool valid() const { return area.width() > 1 && area.height() > 1 && x1 > x0 && y1 > y0; }
    double fy(double y) const { return logY ? (y > 0 ? std::log10(y) : kNaN) : y; }
    QPointF map(double x, double y) const
    {
        const double fy0 = fy(y0), fy1 = fy(y1);
        return {area.left() + (x - x0) / (x1 - x0) * area.width(),
                area.bottom() - (fy(y) - fy0) / (fy1 - fy0) * area.height()};
    }
    bool operator==(const Mapping &o) const
    {
        return area == o.area && x0 == o.x0 && x1 == o.x1 && y0 == o.y0 && y1 == o.y1 && logY == o.logY;
    }
};

/// Appends the decimated pixel polylines of pts (first/min/max/last per pixel column, breaks
/// at non-finite values) to out. Only the visible x range plus one point either side is read.
void decimate(const std::vector<QPointF> &pts, const Mapping &m, QList<QPolygonF> &out)
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

/// The pen of a trial's curve by state, shared by the curves layer and the legend.
QPen curvePen(TrialState state, const QColor &color, double width = 1.0)
{
    QPen pen(color, width);
    if (state == TrialState::Failed)
        pen.setStyle(Qt::DashLine);
    return pen;
}

double segmentDistance(const QPointF &p, const QPointF &a, const QPointF &b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    double t = len2 > 0 ? QPointF::dotProduct(p - a, ab) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF d = p - (a + t * ab);
    return std::sqrt(QPointF::dotProduct(d, d));
}

} // namespace

/// All curves of the chart as one graphics item under the series: one paint call for any
/// number of trials, polylines cached in pixel space until data, ranges or size change.
class CurvesLayer : public QGraphicsItem
{
public:
    explicit CurvesLayer(QGraphicsItem *parent) : QGraphicsItem(parent)
    {
        setZValue(3.5); // above grid and axes (2, 3), below the series (4) of Qt Charts
        setAcceptedMouseButtons(Qt::NoButton);
        // The crowd of curves is repainted from a pixmap unless its data, ranges or size
        // changed: hovering and selecting only touch the focus series above it.
        setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    }

    void setCurves(std::vector<Curve> curves)
    {
        mCurves = std::move(curves);
        mDirty = true;
        update();
    }
    const std::vector<Curve> &curves() const { return mCurves; }
    const Curve *curve(int number) const
    {
        for (const Curve &c : mCurves)
            if (c.number == number)
                return &c;
        return nullptr;
    }

    void setMapping(const Mapping &m)
    {
        if (m == mMap)
            return;
        prepareGeometryChange();
        mMap = m;
        mDirty = true;
        update();
    }
    const Mapping &mapping() const { return mMap; }

    void ensureProjected()
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

    qsizetype drawnPoints()
    {
        ensureProjected();
        return mDrawn;
    }

    int trialAt(const QPointF &pos, double tolerance)
    {
        ensureProjected();
        if (!mMap.area.contains(pos))
            return -1;
        int best = -1;
        double bestD = tolerance;
        for (const Curve &c : mCurves) {
            if (!c.bounds.adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(pos))
                continue;
            for (const QPolygonF &poly : c.projected) {
                if (poly.size() == 1) {
                    const QPointF d = poly.first() - pos;
                    if (std::hypot(d.x(), d.y()) < bestD) { bestD = std::hypot(d.x(), d.y()); best = c.number; }
                }
                for (qsizetype i = 1; i < poly.size(); ++i) {
                    const double d = segmentDistance(pos, poly[i - 1], poly[i]);
                    if (d < bestD) { bestD = d; best = c.number; }
                }
            }
        }
        return best;
    }

    QRectF boundingRect() const override { return mMap.area; }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
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

private:
    std::vector<Curve> mCurves;
    Mapping mMap;
    bool mDirty = true;
    qsizetype mDrawn = 0;
};

// ---------------------------------------------------------------------------------------

CurvesChart::CurvesChart(QWidget *parent)
    : ChartView(parent)
{
    mChart = new QChart;
    mChart->setTheme(QChart::ChartThemeLight);
    mChart->legend()->setAlignment(Qt::AlignBottom);
    // Legend entries drawn like what they stand for: a (dashed) line for curves, the marker's
    // shape for points, not one coloured square for everything.
    mChart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    mChart->setMargins(QMargins(6, 6, 6, 6));
    mChart->setAnimationOptions(QChart::NoAnimation);

    mView = new ZoomChartView(mChart, this);
    mLayer = new CurvesLayer(mChart);

    mMetricCombo = new QComboBox(this);
    mMetricCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mMetricCombo->setToolTip(tr("Metric to plot against step"));
    mLogCheck = new QCheckBox(tr("Log scale"), this);
    mResetButton = new QToolButton(this);
    mResetButton->setText(tr("Reset zoom"));
    mResetButton->setToolTip(tr("Fit the axes to the data again (double click, Home)"));
    mInfoLabel = new QLabel(this);
    mInfoLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Metric:"), this));
    bar->addWidget(mMetricCombo);
    bar->addWidget(mLogCheck);
    bar->addWidget(mResetButton);
    bar->addStretch(1);
    bar->addWidget(mInfoLabel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(mView, 1);

    // Legend-only series: the state colours of the background curves (which are not series).
    for (TrialState s : {TrialState::Complete, TrialState::Running, TrialState::Pruned, TrialState::Failed}) {
        auto *legend = new QLineSeries(this);
        legend->setName(trialStateName(s).toLower());
        legend->setPen(curvePen(s, StateColors::color(s), 2));
        legend->setProperty("tunescopeState", int(s));
        mChart->addSeries(legend);
    }
    auto makeFocus = [this](const QColor &c, double width) {
        auto *s = new QLineSeries(this);
        s->setPen(QPen(c, width));
        mChart->addSeries(s);
        return s;
    };
    mSelectedSeries = makeFocus(StateColors::selected(), 2.5);
    mBestSeries = makeFocus(StateColors::best(), 2.5);
    mHoveredSeries = makeFocus(StateColors::hovered(), 2.0);

    applyAxes();

    mRebuildTimer.setSingleShot(true);
    mRebuildTimer.setInterval(40);
    connect(&mRebuildTimer, &QTimer::timeout, this, &CurvesChart::rebuild);

    connect(mMetricCombo, &QComboBox::activated, this, [this](int index) {
        mMetricChosenByUser = true;
        setMetric(mMetricCombo->itemText(index));
    });
    connect(mLogCheck, &QCheckBox::toggled, this, &CurvesChart::setLogScale);
    connect(mResetButton, &QToolButton::clicked, this, &CurvesChart::resetZoom);
    connect(mView, &ZoomChartView::resetRequested, this, &CurvesChart::resetZoom);
    connect(mView, &ZoomChartView::userZoomed, this, [this] { mView->setProperty("zoomed", true); });
    connect(mView, &ZoomChartView::hovered, this, &CurvesChart::showHoverInfo);
    connect(mView, &ZoomChartView::left, this, [this] { setHoveredTrial(-1); });
    connect(mView, &ZoomChartView::clicked, this, [this](const QPointF &pos) {
        const int n = trialAt(pos);
        if (n >= 0) {
            setSelectedTrial(n);
            emit trialClicked(n);
        }
    });
    // only re-map here: setting ranges from these signals would loop (ranges change label
    // widths, which change the plot area)
    connect(mChart, &QChart::plotAreaChanged, this, &CurvesChart::syncLayer);

    rebuild();
}

CurvesChart::~CurvesChart() = default;

StudyMonitor *CurvesChart::monitor() const
{
    return mMonitor;
}

QString CurvesChart::chartTitle() const
{
    return tr("Validation curves");
}

void CurvesChart::setMonitor(StudyMonitor *monitor)
{
    if (mMonitor == monitor)
        return;
    if (mMonitor)
        disconnect(mMonitor, nullptr, this, nullptr);
    mMonitor = monitor;
    mMetricChosenByUser = false;
    mMetric.clear();
    mSelected = mHovered = -1;
    if (mMonitor) {
        auto full = [this] { scheduleRebuild(true); };
        connect(mMonitor, &StudyMonitor::reset, this, [this] {
            if (!mMetricChosenByUser)
                mMetric.clear();
            mView->setProperty("zoomed", false);
            scheduleRebuild(true);
        });
        connect(mMonitor, &StudyMonitor::specChanged, this, full);
        connect(mMonitor, &StudyMonitor::trialAdded, this, full);
        connect(mMonitor, &StudyMonitor::trialChanged, this, [this] { scheduleRebuild(); });
        connect(mMonitor, &StudyMonitor::metricsAppended, this, full);
    }
    mView->setProperty("zoomed", false);
    scheduleRebuild(true);
}

void CurvesChart::scheduleRebuild(bool metricsToo)
{
    mMetricListDirty = mMetricListDirty || metricsToo;
    if (!mRebuildTimer.isActive()) // not restarted: a steady stream still redraws every 40 ms
        mRebuildTimer.start();
}

void CurvesChart::refreshNow()
{
    if (mRebuildTimer.isActive()) {
        mRebuildTimer.stop();
        rebuild();
    }
}

QStringList CurvesChart::metricNames() const
{
    QStringList names;
    if (!mMonitor)
        return names;
    QSet<QString> seen;
    if (!mMonitor->spec().metrics.isEmpty()) {
        names << mMonitor->spec().objective().name;
        seen.insert(names.first());
    }
    QStringList others;
    for (const Trial &t : mMonitor->trials())
        for (auto it = t.intermediate.cbegin(); it != t.intermediate.cend(); ++it)
            if (!seen.contains(it.key())) {
                seen.insert(it.key());
                others << it.key();
            }
    others.sort();
    return names + others;
}

void CurvesChart::rebuildMetricList()
{
    const QStringList names = metricNames();
    if (mMetric.isEmpty() && !names.isEmpty())
        mMetric = names.first();
    QStringList current;
    for (int i = 0; i < mMetricCombo->count(); ++i)
        current << mMetricCombo->itemText(i);
    QStringList wanted = names;
    if (!mMetric.isEmpty() && !wanted.contains(mMetric))
        wanted << mMetric;
    if (current != wanted) {
        const QSignalBlocker block(mMetricCombo);
        mMetricCombo->clear();
        mMetricCombo->addItems(wanted);
    }
    const QSignalBlocker block(mMetricCombo);
    mMetricCombo->setCurrentIndex(mMetricCombo->findText(mMetric));
    mMetricListDirty = false;
}

void CurvesChart::setMetric(const QString &name)
{
    if (name == mMetric)
        return;
    mMetric = name;
    mMetricChosenByUser = true;
    mView->setProperty("zoomed", false);
    mMetricListDirty = true;
    rebuild();
    emit metricChanged(name);
}

bool CurvesChart::logScaleAvailable() const
{
    if (!mLayer)
        return false;
    bool any = false;
    for (const Curve &c : mLayer->curves())
        for (const QPointF &p : c.pts) {
            if (std::isnan(p.y()))
                continue;
            if (p.y() <= 0)
                return false;
            any = true;
        }
    return any;
}

void CurvesChart::setLogScale(bool on)
{
    if (on && !logScaleAvailable())
        on = false;
    const QSignalBlocker block(mLogCheck);
    mLogCheck->setChecked(on);
    if (on == mLogScale)
        return;
    mLogScale = on;
    mView->setProperty("zoomed", false);
    rebuild();
}

void CurvesChart::rebuild()
{
    QElapsedTimer timer;
    timer.start();
    mRebuildTimer.stop();
    if (mMetricListDirty)
        rebuildMetricList();

    std::vector<Curve> curves;
    mBest = -1;
    if (mMonitor) {
        const QList<Trial> &trials = mMonitor->trials();
        curves.reserve(trials.size());
        for (const Trial &t : trials) {
            const auto it = t.intermediate.constFind(mMetric);
            if (it == t.intermediate.cend() || it->isEmpty())
                continue;
            Curve c;
            c.number = t.number;
            c.state = t.state;
            c.pts.reserve(it->size());
            for (const MetricPoint &p : *it)
                c.pts.emplace_back(double(p.step), std::isfinite(p.value) ? p.value : kNaN);
            // stable: a metric reported twice at one step keeps its report order
            std::stable_sort(c.pts.begin(), c.pts.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
            curves.push_back(std::move(c));
        }
        if (const Trial *best = mMonitor->best())
            mBest = best->number;
    }
    mLayer->setCurves(std::move(curves));

    const bool logOk = logScaleAvailable();
    mLogCheck->setEnabled(logOk);
    mLogCheck->setToolTip(logOk ? tr("Logarithmic metric axis")
                                : tr("Log scale needs every value of %1 to be > 0").arg(mMetric));
    if (mLogScale && !logOk) {
        const QSignalBlocker block(mLogCheck);
        mLogCheck->setChecked(false);
        mLogScale = false;
    }
    applyAxes();
    updateFocusSeries();

    int counts[5] = {};
    for (const Curve &c : mLayer->curves())
        ++counts[int(c.state)];
    for (QAbstractSeries *s : mChart->series()) {
        const QVariant st = s->property("tunescopeState");
        if (!st.isValid())
            continue;
        const int n = counts[st.toInt()];
        s->setName(QStringLiteral("%1 (%2)").arg(trialStateName(TrialState(st.toInt())).toLower()).arg(n));
        for (QLegendMarker *m : mChart->legend()->markers(s))
            m->setVisible(n > 0);
    }
    mChart->setTitle(curveCount() ? QString()
                     : mMetric.isEmpty() ? tr("No metric reported yet")
                                         : tr("No values of %1 reported yet").arg(mMetric));
    mInfoLabel->setText(tr("%n trial(s)", nullptr, curveCount()) + QStringLiteral(" · ")
                        + tr("%n point(s)", nullptr, int(pointCount())));
    mLastRebuildMs = timer.nsecsElapsed() / 1e6;
}

void CurvesChart::applyAxes()
{
    // Data range, robust against a single diverged run (a loss of 1e30 would flatten all
    // others): the range of the central 98 % of values, widened by its span, clipped to the data.
    double xmin = 0, xmax = 1;
    std::vector<double> ys;
    bool anyX = false;
    for (const Curve &c : mLayer->curves())
        for (const QPointF &p : c.pts) {
            if (!anyX) { xmin = xmax = p.x(); anyX = true; }
            xmin = std::min(xmin, p.x());
            xmax = std::max(xmax, p.x());
            if (!std::isnan(p.y()))
                ys.push_back(mLogScale ? std::log10(p.y()) : p.y());
        }
    double ymin = 0, ymax = 1;
    if (!ys.empty()) {
        const auto [mnIt, mxIt] = std::minmax_element(ys.begin(), ys.end());
        const double mn = *mnIt, mx = *mxIt;
        const size_t k1 = ys.size() / 100, k2 = ys.size() - 1 - ys.size() / 100;
        std::nth_element(ys.begin(), ys.begin() + k1, ys.end());
        const double q1 = ys[k1];
        std::nth_element(ys.begin(), ys.begin() + k2, ys.end());
        const double q2 = ys[k2];
        const double span = std::max(q2 - q1, 1e-12);
        ymin = std::max(mn, q1 - span);
        ymax = std::min(mx, q2 + span);
        if (ymax - ymin < 1e-12) { ymin -= 0.5; ymax += 0.5; }
        // A linear axis is rounded out to whole ticks below, which leaves room enough; padding
        // first would push an accuracy that peaks at 0.98 to a range ending at 1.2.
        if (mLogScale) {
            const double pad = (ymax - ymin) * 0.04;
            ymin = std::pow(10, ymin - pad);
            ymax = std::pow(10, ymax + pad);
        }
    } else if (mLogScale) {
        ymin = 0.1;
        ymax = 10;
    }
    if (xmax <= xmin)
        xmax = xmin + 1;

    const bool wantLog = mLogScale;
    const bool haveLog = qobject_cast<QLogValueAxis *>(mAxisY) != nullptr;
    if (!mAxisX) {
        auto *x = new QValueAxis;
        x->setTitleText(tr("step"));
        x->setLabelFormat(QStringLiteral("%g"));
        mChart->addAxis(x, Qt::AlignBottom);
        for (QAbstractSeries *s : mChart->series())
            s->attachAxis(x);
        connect(x, &QValueAxis::rangeChanged, this, &CurvesChart::syncLayer);
        mAxisX = x;
    }
    if (!mAxisY || haveLog != wantLog) {
        if (mAxisY) {
            mChart->removeAxis(mAxisY);
            delete mAxisY;
        }
        if (wantLog) {
            auto *y = new QLogValueAxis;
            y->setBase(10);
            y->setLabelFormat(QStringLiteral("%g"));
            y->setMinorTickCount(8);
            connect(y, &QLogValueAxis::rangeChanged, this, &CurvesChart::syncLayer);
            mAxisY = y;
        } else {
            auto *y = new QValueAxis;
            y->setLabelFormat(QStringLiteral("%.4g"));
            connect(y, &QValueAxis::rangeChanged, this, &CurvesChart::syncLayer);
            mAxisY = y;
        }
        mChart->addAxis(mAxisY, Qt::AlignLeft);
        for (QAbstractSeries *s : mChart->series())
            s->attachAxis(mAxisY);
    }
    mAxisY->setTitleText(mMetric.isEmpty() ? tr("metric") : mMetric);

    auto *ax = static_cast<QValueAxis *>(mAxisX);
    if (!mView->property("zoomed").toBool()) {
        if (anyX && xmax - xmin >= 4)
            ax->setTickCount(niceRange(xmin, xmax, 8));
        ax->setRange(xmin, xmax);
        if (auto *ly = qobject_cast<QLogValueAxis *>(mAxisY)) {
            // QLogValueAxis labels only powers of its base: under two decades pick a base
            // that still puts four or five labels in the range
            const double decades = std::log10(ymax / ymin);
            ly->setBase(decades >= 2 ? 10.0 : std::pow(10.0, decades / 4));
            ly->setMinorTickCount(decades >= 2 ? 8 : 0);
            ly->setLabelFormat(decades >= 2 ? QStringLiteral("%g") : QStringLiteral("%.3g"));
        }
        if (auto *vy = qobject_cast<QValueAxis *>(mAxisY))
            vy->setTickCount(niceRange(ymin, ymax, 6));
        mAxisY->setRange(ymin, ymax);
    }
    syncLayer();
}

void CurvesChart::syncLayer()
{
    if (!mAxisX || !mAxisY)
        return;
    auto *ax = static_cast<QValueAxis *>(mAxisX);
    Mapping m;
    m.area = mChart->plotArea();
    m.x0 = ax->min();
    m.x1 = ax->max();
    if (auto *ly = qobject_cast<QLogValueAxis *>(mAxisY)) {
        m.y0 = ly->min();
        m.y1 = ly->max();
        m.logY = true;
    } else {
        auto *vy = static_cast<QValueAxis *>(mAxisY);
        m.y0 = vy->min();
        m.y1 = vy->max();
    }
    mLayer->setMapping(m);
}

void CurvesChart::updateFocusSeries()
{
    const double width = std::max(100.0, mChart->plotArea().width());
    auto fill = [&](QLineSeries *series, int number, const QString &label) {
        const Curve *c = number >= 0 ? mLayer->curve(number) : nullptr;
        QList<QPointF> pts;
        if (c) {
            // Qt Charts 6.4 cannot break a line at NaN: skip non-finite values
            const size_t stride = std::max<size_t>(1, c->pts.size() / size_t(width * 4));
            for (size_t i = 0; i < c->pts.size(); i += stride)
                if (!std::isnan(c->pts[i].y()) && (!mLogScale || c->pts[i].y() > 0))
                    pts << c->pts[i];
        }
        series->replace(pts);
        series->setName(label.arg(number));
        for (QLegendMarker *m : mChart->legend()->markers(series))
            m->setVisible(c != nullptr);
    };
    fill(mBestSeries, mBest, tr("best: #%1"));
    fill(mSelectedSeries, mSelected == mBest ? -1 : mSelected, tr("selected: #%1"));
    fill(mHoveredSeries, (mHovered == mBest || mHovered == mSelected) ? -1 : mHovered, tr("#%1"));
}

int CurvesChart::trialAt(const QPointF &viewPos) const
{
    const QPointF chartPos = mChart->mapFromScene(mView->mapToScene(viewPos.toPoint()));
    return mLayer->trialAt(chartPos, 5.0);
}

void CurvesChart::setHoveredTrial(int number)
{
    if (number == mHovered)
        return;
    mHovered = number;
    updateFocusSeries();
}

void CurvesChart::showHoverInfo(const QPointF &viewPos)
{
    const int n = trialAt(viewPos);
    setHoveredTrial(n);
    if (n < 0 || !mMonitor) {
        QToolTip::hideText();
        return;
    }
    const Trial *t = mMonitor->trial(n);
    const Curve *c = mLayer->curve(n);
    if (!t || !c)
        return;
    // the reported value nearest to the mouse's step
    const QPointF v = mChart->mapToValue(mChart->mapFromScene(mView->mapToScene(viewPos.toPoint())), mHoveredSeries);
    auto it = std::lower_bound(c->pts.begin(), c->pts.end(), v.x(), [](const QPointF &p, double x) { return p.x() < x; });
    if (it == c->pts.end() || (it != c->pts.begin() && std::abs((it - 1)->x() - v.x()) < std::abs(it->x() - v.x())))
        it = it == c->pts.begin() ? it : it - 1;
    QStringList lines;
    lines << tr("<b>Trial %1</b> · %2").arg(n).arg(trialStateName(t->state));
    if (it != c->pts.end())
        lines << tr("%1 = %2 at step %3").arg(mMetric).arg(it->y(), 0, 'g', 5).arg(qint64(it->x()));
    if (t->value)
        lines << tr("objective: %1").arg(*t->value, 0, 'g', 5);
    lines << parameterTooltipLines(t->params);
    if (!t->reason.isEmpty())
        lines << t->reason.toHtmlEscaped();
    QToolTip::showText(mView->mapToGlobal(viewPos.toPoint()), lines.join(QStringLiteral("<br>")), mView);
}

void CurvesChart::setSelectedTrial(int number)
{
    if (number == mSelected)
        return;
    mSelected = number;
    updateFocusSeries();
}

void CurvesChart::resetZoom()
{
    mView->setProperty("zoomed", false);
    mChart->zoomReset();
    applyAxes();
    updateFocusSeries();
}

int CurvesChart::curveCount() const
{
    int n = 0;
    for (const Curve &c : mLayer->curves())
        n += std::any_of(c.pts.begin(), c.pts.end(), [](const QPointF &p) { return !std::isnan(p.y()); });
    return n;
}

qsizetype CurvesChart::pointCount() const
{
    qsizetype n = 0;
    for (const Curve &c : mLayer->curves())
        n += std::count_if(c.pts.begin(), c.pts.end(), [](const QPointF &p) { return !std::isnan(p.y()); });
    return n;
}

qsizetype CurvesChart::drawnPointCount() const
{
    return mLayer->drawnPoints();
}

QList<int> CurvesChart::highlightedTrials() const
{
    QList<int> out;
    for (int n : {mBest, mSelected, mHovered})
        if (n >= 0 && mLayer->curve(n) && !out.contains(n))
            out << n;
    return out;
}

void CurvesChart::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const QSizeF old = mChart->size();
    mChart->resize(target.size());
    mChart->layout()->activate();
    applyAxes();
    updateFocusSeries();
    // no pixmap cache here: an SVG or PDF gets the curves as vectors
    mLayer->setCacheMode(QGraphicsItem::NoCache);
    mChart->scene()->render(painter, target, QRectF(mChart->pos(), target.size()));
    mLayer->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    mChart->resize(old);
    mChart->layout()->activate();
    applyAxes();
    updateFocusSeries();
}

} // namespace tunescope
