#include "charts/curveschart.h"
#include "trials/statetext.h"

#include "charts/completetrials.h"
#include "charts/plotaxis.h"
#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "charts/toptrialsfilter.h"
#include "charts/trialtooltip.h"
#include "charts/zoomchartview.h"

#include <QChart>
#include <QCoreApplication>
#include <QResizeEvent>
#include <QComboBox>
#include <QLabel>
#include <QLayout>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QSpinBox>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tunescope {

CurvesChart::CurvesChart(QWidget *parent)
    : SeriesChart(parent)
{
    // Legend entries drawn like what they stand for: a (dashed) line for curves, the marker's
    // shape for points, not one coloured square for everything.
    mChart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    mLayer = new CurvesLayer(mChart);
    // The layer reads the monitor's points of the shown metric; nothing is copied.
    mLayer->setSource([this](int number) {
        const Trial *t = mMonitor ? mMonitor->trial(number) : nullptr;
        return t ? t->intermediate.value(mMetric) : QList<MetricPoint>();
    });

    mMetricCombo = new QComboBox(this);
    mMetricCombo->setObjectName(QStringLiteral("curvesMetric"));
    mMetricCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mMetricCombo->setToolTip(tr("Metric to plot against step"));
    mModeCombo = new QComboBox(this);
    mModeCombo->addItem(tr("Auto"), int(DrawMode::Auto));
    mModeCombo->addItem(tr("Lines"), int(DrawMode::Lines));
    mModeCombo->addItem(tr("Density"), int(DrawMode::Density));
    mModeCombo->addItem(tr("Quantile bands"), int(DrawMode::Bands));
    mModeCombo->setToolTip(tr("How the curves are drawn. Auto: every curve as a line up to %1 trials, "
                              "beyond that their density (how many curves pass through each pixel).")
                               .arg(autoLinesLimit));
    mTopSpin = new QSpinBox(this);
    mTopSpin->setRange(0, 100);
    mTopSpin->setValue(mTopCount);
    mTopSpin->setPrefix(tr("top "));
    mTopSpin->setToolTip(tr("The best complete trials drawn as lines over the density or the bands"));
    mInfoLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addControl(new QLabel(tr("Metric:"), this));
    addControl(mMetricCombo);
    addControl(new QLabel(tr("Draw:"), this));
    addControl(mModeCombo);
    addControl(mTopSpin);
    mFilter = new TopTrialsFilter(this);
    mFilter->setToolTip(tr("Show only the curves of the best complete trials by the objective"));
    mFilter->setCompact();
    addControl(mFilter);
    addLogScaleToggle();

    // Legend-only series: the state colours of the background curves (which are not series).
    for (TrialState s : {TrialState::Complete, TrialState::Running, TrialState::Pruned, TrialState::Failed}) {
        auto *legend = new QLineSeries(this);
        legend->setName(stateText(s).toLower());
        legend->setPen(curvePen(s, StateColors::color(s), 2));
        legend->setProperty("tunescopeState", int(s));
        mChart->addSeries(legend);
    }
    mTopLegend = new QLineSeries(this);
    mTopLegend->setPen(QPen(QColor(0x1f, 0x3a, 0x5f), 1.5));
    mChart->addSeries(mTopLegend);
    auto makeFocus = [this](const QColor &c, double width) {
        auto *s = new QLineSeries(this);
        s->setPen(QPen(c, width));
        s->setMarkerSize(8);
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
        emit choiceChanged();
    });
    connect(mFilter, &TopTrialsFilter::changed, this, [this] {
        forgetZoom(); // the axes fit the trials shown
        mNeedFull = true;
        rebuild();
        emit choiceChanged();
    });
    connect(mModeCombo, &QComboBox::activated, this,
            [this] { setDrawMode(DrawMode(mModeCombo->currentData().toInt())); });
    connect(mTopSpin, &QSpinBox::valueChanged, this, &CurvesChart::setTopCount);
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
    mNeedFull = true;
    mChanged.clear();
    if (mMonitor) {
        // Which trials changed, so that an update of a live study follows those alone.
        const auto note = [this](int number) { mChanged.insert(number); };
        connect(mMonitor, &StudyMonitor::trialAdded, this, note);
        connect(mMonitor, &StudyMonitor::trialChanged, this, note);
        connect(mMonitor, &StudyMonitor::metricsAppended, this, note);
        connect(mMonitor, &StudyMonitor::metricsLoaded, this, [this] {
            mNeedFull = true;
            mMetricListDirty = true;
        });
    }
}

void CurvesChart::studyReset()
{
    SeriesChart::studyReset();
    if (!mMetricChosenByUser)
        mMetric.clear();
}

bool CurvesChart::changeNeedsRebuild(Change change)
{
    if (change == Change::Reset || change == Change::Spec) {
        mNeedFull = true;
        mMetricListDirty = true;
    }
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
    for (const QString &name : mKnownMetrics)
        if (!seen.contains(name)) {
            seen.insert(name);
            others << name;
        }
    others.sort();
    return names + others;
}

void CurvesChart::noteMetrics(const Trial &t)
{
    for (auto it = t.intermediate.cbegin(); it != t.intermediate.cend(); ++it) {
        if (!mKnownMetricSet.contains(it.key())) {
            mKnownMetricSet.insert(it.key());
            mKnownMetrics << it.key();
            mMetricListDirty = true;
        }
    }
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
    mNeedFull = true;
    rebuild();
    emit metricChanged(name);
}

void CurvesChart::setDrawMode(DrawMode mode)
{
    mDrawMode = mode;
    {
        const QSignalBlocker block(mModeCombo);
        mModeCombo->setCurrentIndex(mModeCombo->findData(int(mode)));
    }
    applyMode();
}

void CurvesChart::setTopCount(int k)
{
    k = std::clamp(k, 0, 100);
    mTopCount = k;
    {
        const QSignalBlocker block(mTopSpin);
        mTopSpin->setValue(k);
    }
    updateTopTrials();
    updateLabels();
}

void CurvesChart::applyMode()
{
    CurvesMode mode = CurvesMode::Lines;
    switch (mDrawMode) {
    case DrawMode::Auto:
        mode = mLayer->curveCount() > autoLinesLimit ? CurvesMode::Density : CurvesMode::Lines;
        break;
    case DrawMode::Lines: mode = CurvesMode::Lines; break;
    case DrawMode::Density: mode = CurvesMode::Density; break;
    case DrawMode::Bands: mode = CurvesMode::Bands; break;
    }
    const bool changed = mode != mLayer->mode();
    mLayer->setMode(mode);
    mTopSpin->setEnabled(mode != CurvesMode::Lines);
    if (changed)
        updateLabels();
}

void CurvesChart::updateTopTrials()
{
    // The k best complete trials by the objective, best first.
    QList<int> top;
    if (mMonitor && mTopCount > 0 && !mMonitor->spec().metrics.isEmpty()) {
        const bool maximize = mMonitor->spec().objective().goal == Goal::Maximize;
        std::vector<const Trial *> complete;
        for (const Trial &t : mMonitor->trials())
            if (t.state == TrialState::Complete && t.value && std::isfinite(*t.value) && mLayer->contains(t.number))
                complete.push_back(&t);
        const size_t k = std::min(size_t(mTopCount), complete.size());
        std::partial_sort(complete.begin(), complete.begin() + qsizetype(k), complete.end(), [maximize](const Trial *a, const Trial *b) {
            return maximize ? *a->value > *b->value : *a->value < *b->value;
        });
        for (size_t i = 0; i < k; ++i)
            top << complete[i]->number;
    }
    mLayer->setOnTop(top);
}

void CurvesChart::logScaleChanged()
{
    mNeedFull = true;
    rebuild();
}

void CurvesChart::rebuild()
{
    mRebuildTimer.stop();
    if (mNeedFull)
        fullRebuild();
    else
        followChanges();
}

void CurvesChart::fullRebuild()
{
    ++mFullRebuilds;
    mNeedFull = false;
    mChanged.clear();
    mKnownMetrics.clear();
    mKnownMetricSet.clear();
    std::vector<CurvesLayer::Entry> entries;
    mBest = -1;
    if (mMonitor) {
        const QList<Trial> &trials = mMonitor->trials();
        for (const Trial &t : trials)
            noteMetrics(t);
        rebuildMetricList();
        applyTopFilter();
        entries.reserve(size_t(trials.size()));
        for (const Trial &t : trials) {
            if (filtering() && !mShown.contains(t.number))
                continue;
            const auto it = t.intermediate.constFind(mMetric);
            if (it != t.intermediate.cend() && !it->isEmpty())
                entries.push_back({t.number, t.state});
        }
        if (const Trial *best = mMonitor->best())
            mBest = best->number;
    } else {
        rebuildMetricList();
    }
    mLayer->setCurves(entries);
    applyMode();
    updateTopTrials();
    setLogScaleAvailable(mLayer->allPositive(), tr("Logarithmic metric axis"),
                         tr("Log scale needs every value of %1 to be > 0").arg(mMetric));
    applyAxes();
    updateLabels();
}

bool CurvesChart::filtering() const
{
    return mFilter->mode() != TopTrialsFilter::Mode::All;
}

void CurvesChart::applyTopFilter()
{
    mShown.clear();
    mFilteredOut = 0;
    if (!mMonitor || !filtering())
        return;
    const CompleteTrials all = CompleteTrials::of(mMonitor->trials());
    const CompleteTrials kept = all.best(mFilter->keep(all.trials.size()), maximizesObjective(mMonitor->spec()));
    for (const Trial *t : kept.trials)
        mShown.insert(t->number);
    mFilteredOut = int(mMonitor->trials().size() - mShown.size());
}

void CurvesChart::followChanges()
{
    if (!mMonitor)
        return fullRebuild();
    bool finished = false;
    for (int number : std::as_const(mChanged)) {
        const Trial *t = mMonitor->trial(number);
        if (!t)
            return fullRebuild(); // a trial went away: the study was read again
        noteMetrics(*t);
        // A trial that finishes may enter the top k and push another out.
        if (filtering() && isFinished(t->state))
            return fullRebuild();
        if (filtering() && !mShown.contains(number))
            continue;
        const auto it = t->intermediate.constFind(mMetric);
        if (it == t->intermediate.cend() || it->isEmpty()) {
            if (mLayer->contains(number))
                return fullRebuild();
            continue;
        }
        if (!mLayer->updateCurve({number, t->state}))
            return fullRebuild();
        finished = finished || isFinished(t->state);
    }
    mChanged.clear();
    if (mMetricListDirty)
        rebuildMetricList();
    const Trial *best = mMonitor->best();
    mBest = best ? best->number : -1;
    if (finished)
        updateTopTrials();
    applyMode();
    setLogScaleAvailable(mLayer->allPositive(), tr("Logarithmic metric axis"),
                         tr("Log scale needs every value of %1 to be > 0").arg(mMetric));
    // The axes move only when the data leave them: a range that changed at every batch
    // would redraw every curve at every batch.
    fitAxes(true);
    updateFocusSeries();
    updateLabels();
}

void CurvesChart::updateLabels()
{
    const bool lines = mLayer->mode() == CurvesMode::Lines;
    for (QAbstractSeries *s : mChart->series()) {
        const QVariant st = s->property("tunescopeState");
        if (!st.isValid())
            continue;
        const TrialState state = TrialState(st.toInt());
        const int n = mLayer->curveCount(state);
        s->setName(QStringLiteral("%1 (%2)").arg(stateText(state).toLower()).arg(n));
        // Over a density or bands only the running trials are lines of their state's colour.
        setLegendVisible(s, n > 0 && (lines || state == TrialState::Running));
    }
    const int top = int(mLayer->onTop().size());
    mTopLegend->setName(tr("top %1").arg(top));
    setLegendVisible(mTopLegend, !lines && top > 0);
    const int curves = curveCount();
    mChart->setTitle(curves ? QString()
                     : mMonitor && mMonitor->loading() ? tr("Loading the values…")
                     : mMetric.isEmpty() ? tr("No metric reported yet")
                                         : tr("No values of %1 reported yet").arg(mMetric));
    QString info = tr("%n trial(s)", nullptr, curves) + QStringLiteral(" · ") + tr("%n point(s)", nullptr, int(pointCount()));
    if (mFilteredOut > 0)
        info += QStringLiteral(" · ") + tr("%n other trial(s) not shown", nullptr, mFilteredOut);
    if (mLayer->mode() == CurvesMode::Density)
        info += QStringLiteral(" · ") + tr("density");
    else if (mLayer->mode() == CurvesMode::Bands)
        info += QStringLiteral(" · ") + tr("quantile bands");
    mInfoLabel->setText(info);
}

void CurvesChart::applyAxes()
{
    fitAxes(false);
}

void CurvesChart::fitAxes(bool onlyIfOutside)
{
    // Data range, robust against a single diverged run (a loss of 1e30 would flatten all
    // others): the range of the central 98 % of values, widened by its span, clipped to the data.
    const bool log = logScale();
    const auto scaled = [log](double v) { return log ? std::log10(v) : v; };
    double xmin = 0, xmax = 1;
    if (mLayer->hasPoints()) {
        xmin = mLayer->xMin();
        xmax = mLayer->xMax();
    }
    double ymin = 0, ymax = 1;
    if (mLayer->pointCount() > 0) {
        const double mn = scaled(mLayer->yMin()), mx = scaled(mLayer->yMax());
        const double q1 = scaled(mLayer->yQuantile(0.01)), q2 = scaled(mLayer->yQuantile(0.99));
        const double span = std::max(q2 - q1, 1e-12);
        ymin = std::max(mn, q1 - span);
        ymax = std::min(mx, q2 + span);
        if (ymax - ymin < 1e-12) { ymin -= 0.5; ymax += 0.5; }
        // A linear axis is rounded out to whole ticks below, which leaves room enough; padding
        // first would push an accuracy that peaks at 0.98 to a range ending at 1.2.
        if (log) {
            const double pad = (ymax - ymin) * 0.04;
            ymin = std::pow(10, ymin - pad);
            ymax = std::pow(10, ymax + pad);
        }
    } else if (log) {
        ymin = 0.1;
        ymax = 10;
    }
    if (xmax <= xmin)
        xmax = xmin + 1;

    if (!mAxisX)
        mAxisX = addHorizontalAxis(tr("step"));
    ensureVerticalAxis(mAxisY, log);
    mAxisY->setTitleText(mMetric.isEmpty() ? tr("metric") : mMetric);

    QValueAxis *ax = mAxisX;
    if (!zoomed()) {
        const auto yRange = [this] {
            if (auto *ly = qobject_cast<QLogValueAxis *>(mAxisY))
                return std::make_pair(ly->min(), ly->max());
            auto *vy = static_cast<QValueAxis *>(mAxisY);
            return std::make_pair(vy->min(), vy->max());
        };
        const auto [ylo, yhi] = yRange();
        const bool inside = xmin >= ax->min() && xmax <= ax->max() && ymin >= ylo && ymax <= yhi
                            && (yhi - ylo) < 2 * (ymax - ymin) + 1e-300;
        if (onlyIfOutside && inside) {
            syncLayer();
            updateFocusSeries();
            return;
        }
        // A study that is still growing gets room to grow in, so that the next steps do not
        // move the axis (and redraw every curve) again at once.
        if (onlyIfOutside && xmax > ax->max())
            xmax += 0.25 * (xmax - xmin);
        if (mLayer->hasPoints() && xmax - xmin >= 4) {
            ax->setTickCount(niceRange(xmin, xmax, 8, true));
        } else if (mLayer->hasPoints()) {
            // Steps are whole numbers: a short curve gets one tick per step, not 0.75, 1.5, ...
            // Reports all at one step (a trial that reports once) stand in the middle, not on
            // the axis.
            const bool oneStep = mLayer->xMin() == mLayer->xMax();
            xmin = oneStep ? std::floor(xmin) - 1 : std::floor(xmin);
            xmax = oneStep ? xmin + 2 : std::max(std::ceil(xmax), xmin + 1);
            ax->setTickCount(int(xmax - xmin) + 1);
        }
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

void CurvesChart::prepare()
{
    // A chart on a tab never shown has its size but has not laid out its controls and view,
    // nor sent the view the resize event that lays its plot out: do both first, so that what
    // is prepared fits what will be shown.
    if (layout())
        layout()->activate();
    if (mView->testAttribute(Qt::WA_PendingResizeEvent) || mView->viewport()->testAttribute(Qt::WA_PendingResizeEvent)) {
        QResizeEvent viewport(mView->viewport()->size(), QSize());
        QCoreApplication::sendEvent(mView->viewport(), &viewport);
        QResizeEvent view(mView->size(), QSize());
        QCoreApplication::sendEvent(mView, &view);
    }
    refreshNow();
    mLayer->prepare();
}

void CurvesChart::updateFocusSeries()
{
    const double width = std::max(100.0, mChart->plotArea().width());
    auto fill = [&](QLineSeries *series, int number, const QString &label) {
        const bool shown = number >= 0 && mLayer->contains(number);
        QList<QPointF> pts;
        if (shown) {
            const QList<MetricPoint> points = mLayer->points(number);
            // Qt Charts 6.4 cannot break a line at NaN: skip non-finite values
            const qsizetype stride = std::max<qsizetype>(1, points.size() / qsizetype(width * 4));
            for (qsizetype i = 0; i < points.size(); i += stride) {
                const double v = points.at(i).value;
                if (std::isfinite(v) && (!logScale() || v > 0))
                    pts << QPointF(double(points.at(i).step), v);
            }
        }
        series->replace(pts);
        // A line of one point draws nothing: a marker shows it.
        series->setPointsVisible(pts.size() == 1);
        series->setName(label.arg(number));
        setLegendVisible(series, shown);
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
    const QList<MetricPoint> points = mLayer->points(n);
    if (!t || points.isEmpty())
        return;
    // the reported value nearest to the mouse's step
    const QPointF v = mChart->mapToValue(mChart->mapFromScene(mView->mapToScene(viewPos.toPoint())), mHoveredSeries);
    auto it = std::lower_bound(points.cbegin(), points.cend(), v.x(),
                               [](const MetricPoint &p, double x) { return double(p.step) < x; });
    if (it == points.cend() || (it != points.cbegin() && std::abs(double((it - 1)->step) - v.x()) < std::abs(double(it->step) - v.x())))
        it = it == points.cbegin() ? it : it - 1;
    QStringList lines{trialTooltipHeading(*t, true)};
    if (it != points.cend())
        lines << tr("%1 = %2 at step %3").arg(mMetric).arg(it->value, 0, 'g', 5).arg(it->step);
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
    return mLayer->curveCount();
}

qsizetype CurvesChart::pointCount() const
{
    return mLayer->pointCount();
}

qsizetype CurvesChart::drawnPointCount() const
{
    return mLayer->drawnPoints();
}

QList<int> CurvesChart::highlightedTrials() const
{
    QList<int> out;
    for (int n : {mBest, selectedTrial(), mHovered})
        if (n >= 0 && mLayer->contains(n) && !out.contains(n))
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
