#include "charts/curveschart.h"
#include "trials/statetext.h"

#include "charts/curveslayer.h"
#include "charts/plotaxis.h"
#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "charts/trialtooltip.h"
#include "charts/zoomchartview.h"

#include <QChart>
#include <QComboBox>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tunescope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

CurvesChart::CurvesChart(QWidget *parent)
    : SeriesChart(parent)
{
    // Legend entries drawn like what they stand for: a (dashed) line for curves, the marker's
    // shape for points, not one coloured square for everything.
    mChart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    mLayer = new CurvesLayer(mChart);

    mMetricCombo = new QComboBox(this);
    mMetricCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mMetricCombo->setToolTip(tr("Metric to plot against step"));
    mInfoLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addControl(new QLabel(tr("Metric:"), this));
    addControl(mMetricCombo);
    addLogScaleToggle();

    // Legend-only series: the state colours of the background curves (which are not series).
    for (TrialState s : {TrialState::Complete, TrialState::Running, TrialState::Pruned, TrialState::Failed}) {
        auto *legend = new QLineSeries(this);
        legend->setName(stateText(s).toLower());
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

    connect(mMetricCombo, &QComboBox::activated, this, [this](int index) {
        mMetricChosenByUser = true;
        setMetric(mMetricCombo->itemText(index));
    });
    connect(mView, &ZoomChartView::hovered, this, &CurvesChart::showHoverInfo);
    connect(mView, &ZoomChartView::left, this, [this] { setHoveredTrial(-1); });
    connect(mView, &ZoomChartView::clicked, this, [this](const QPointF &pos) { selectClickedTrial(trialAt(pos)); });
    // only re-map here: setting ranges from these signals would loop (ranges change label
    // widths, which change the plot area)
    connect(mChart, &QChart::plotAreaChanged, this, &CurvesChart::syncLayer);

    rebuild();
}

CurvesChart::~CurvesChart() = default;

QString CurvesChart::chartTitle() const
{
    return tr("Validation curves");
}

void CurvesChart::monitorChanged()
{
    SeriesChart::monitorChanged();
    mMetricChosenByUser = false;
    mMetric.clear();
    mHovered = -1;
    mMetricListDirty = true;
}

void CurvesChart::studyReset()
{
    SeriesChart::studyReset();
    if (!mMetricChosenByUser)
        mMetric.clear();
}

bool CurvesChart::changeNeedsRebuild(Change change)
{
    // a changed state or value brings no new metric; anything else may
    if (change != Change::TrialChanged)
        mMetricListDirty = true;
    return true;
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
    forgetZoom();
    mMetricListDirty = true;
    rebuild();
    emit metricChanged(name);
}

bool CurvesChart::allValuesPositive() const
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

void CurvesChart::logScaleChanged()
{
    rebuild();
}

void CurvesChart::rebuild()
{
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

    setLogScaleAvailable(allValuesPositive(), tr("Logarithmic metric axis"),
                         tr("Log scale needs every value of %1 to be > 0").arg(mMetric));
    applyAxes();

    int counts[5] = {};
    for (const Curve &c : mLayer->curves())
        ++counts[int(c.state)];
    for (QAbstractSeries *s : mChart->series()) {
        const QVariant st = s->property("tunescopeState");
        if (!st.isValid())
            continue;
        const int n = counts[st.toInt()];
        s->setName(QStringLiteral("%1 (%2)").arg(stateText(TrialState(st.toInt())).toLower()).arg(n));
        setLegendVisible(s, n > 0);
    }
    mChart->setTitle(curveCount() ? QString()
                     : mMonitor && mMonitor->loading() ? tr("Loading the values…")
                     : mMetric.isEmpty() ? tr("No metric reported yet")
                                         : tr("No values of %1 reported yet").arg(mMetric));
    mInfoLabel->setText(tr("%n trial(s)", nullptr, curveCount()) + QStringLiteral(" · ")
                        + tr("%n point(s)", nullptr, int(pointCount())));
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
                ys.push_back(logScale() ? std::log10(p.y()) : p.y());
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
        if (logScale()) {
            const double pad = (ymax - ymin) * 0.04;
            ymin = std::pow(10, ymin - pad);
            ymax = std::pow(10, ymax + pad);
        }
    } else if (logScale()) {
        ymin = 0.1;
        ymax = 10;
    }
    if (xmax <= xmin)
        xmax = xmin + 1;

    if (!mAxisX)
        mAxisX = addHorizontalAxis(tr("step"));
    ensureVerticalAxis(mAxisY, logScale());
    mAxisY->setTitleText(mMetric.isEmpty() ? tr("metric") : mMetric);

    QValueAxis *ax = mAxisX;
    if (!zoomed()) {
        if (anyX && xmax - xmin >= 4)
            ax->setTickCount(niceRange(xmin, xmax, 8));
        ax->setRange(xmin, xmax);
        if (auto *ly = qobject_cast<QLogValueAxis *>(mAxisY))
            fitLogAxisLabels(ly, ymin, ymax);
        if (auto *vy = qobject_cast<QValueAxis *>(mAxisY))
            vy->setTickCount(niceRange(ymin, ymax, 6));
        mAxisY->setRange(ymin, ymax);
    }
    syncLayer();
    // the focus series are thinned to the plot's width and to what a log axis can show
    updateFocusSeries();
}

void CurvesChart::syncLayer()
{
    if (mAxisX && mAxisY)
        mLayer->setMapping(plotMapping(mAxisX, mAxisY));
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
                if (!std::isnan(c->pts[i].y()) && (!logScale() || c->pts[i].y() > 0))
                    pts << c->pts[i];
        }
        series->replace(pts);
        series->setName(label.arg(number));
        setLegendVisible(series, c != nullptr);
    };
    const int selected = selectedTrial();
    fill(mBestSeries, mBest, tr("best: #%1"));
    fill(mSelectedSeries, selected == mBest ? -1 : selected, tr("selected: #%1"));
    fill(mHoveredSeries, (mHovered == mBest || mHovered == selected) ? -1 : mHovered, tr("#%1"));
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
    QStringList lines{trialTooltipHeading(*t, true)};
    if (it != c->pts.end())
        lines << tr("%1 = %2 at step %3").arg(mMetric).arg(it->y(), 0, 'g', 5).arg(qint64(it->x()));
    if (t->value)
        lines << tr("objective: %1").arg(*t->value, 0, 'g', 5);
    lines << parameterTooltipLines(t->params);
    if (!t->reason.isEmpty())
        lines << t->reason.toHtmlEscaped();
    showTooltipLines(mView, viewPos, lines);
}

void CurvesChart::selectionChanged()
{
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
    for (int n : {mBest, selectedTrial(), mHovered})
        if (n >= 0 && mLayer->curve(n) && !out.contains(n))
            out << n;
    return out;
}

void CurvesChart::renderChart(QPainter *painter, const QRectF &target)
{
    // no pixmap cache here: an SVG or PDF gets the curves as vectors
    mLayer->setCacheMode(QGraphicsItem::NoCache);
    SeriesChart::renderChart(painter, target);
    mLayer->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
}

} // namespace tunescope
