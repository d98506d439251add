#include "charts/paretochart.h"
#include "trials/statetext.h"

#include "analysis/pareto.h"
#include "charts/hittest.h"
#include "charts/plotaxis.h"
#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "charts/trialtooltip.h"
#include "charts/zoomchartview.h"

#include <QChart>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSet>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace tunescope {

namespace {

/// Indices of the points not dominated by any other, both coordinates minimized. A sort and
/// one sweep instead of pairwise tests: the projection is recomputed on every combo change.
/// Equal points share their fate, as in nondominatedRanks.
QList<qsizetype> nondominated2D(const QList<QPointF> &pts)
{
    QList<qsizetype> order(pts.size());
    std::iota(order.begin(), order.end(), qsizetype(0));
    std::sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        return pts[a].x() != pts[b].x() ? pts[a].x() < pts[b].x() : pts[a].y() < pts[b].y();
    });
    QList<qsizetype> result;
    double bestY = std::numeric_limits<double>::infinity();
    for (qsizetype i = 0; i < order.size();) {
        // a group of equal x: only its lowest y can be non-dominated, and only if no point of
        // smaller x reached that low
        qsizetype end = i;
        while (end < order.size() && pts[order[end]].x() == pts[order[i]].x())
            ++end;
        const double groupY = pts[order[i]].y();
        if (groupY < bestY) {
            for (qsizetype k = i; k < end && pts[order[k]].y() == groupY; ++k)
                result << order[k];
            bestY = groupY;
        }
        i = end;
    }
    return result;
}

} // namespace

ParetoChart::ParetoChart(QWidget *parent)
    : SeriesChart(parent)
{
    // the title only ever holds the message that replaces the plot: make it read as one
    QFont titleFont = mChart->titleFont();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    mChart->setTitleFont(titleFont);

    mXCombo = new QComboBox(this);
    mXCombo->setToolTip(tr("Objective on the horizontal axis"));
    mYCombo = new QComboBox(this);
    mYCombo->setToolTip(tr("Objective on the vertical axis"));
    addControl(new QLabel(tr("X:"), this));
    addControl(mXCombo);
    addControl(new QLabel(tr("Y:"), this));
    addControl(mYCombo);

    // added in drawing order: the line under the front's markers, the selection on top
    mDominated = new QScatterSeries(this);
    mDominated->setName(tr("complete"));
    mDominated->setMarkerSize(8);
    mDominated->setColor(StateColors::color(TrialState::Complete));
    mDominated->setBorderColor(StateColors::color(TrialState::Complete).darker(130));
    mChart->addSeries(mDominated);
    mStepLine = new QLineSeries(this);
    mStepLine->setName(tr("front line"));
    mStepLine->setPen(QPen(StateColors::best(), 1.5));
    mChart->addSeries(mStepLine);
    mProjected = new QScatterSeries(this);
    mProjected->setName(tr("non-dominated in the two shown"));
    mProjected->setMarkerSize(15);
    mProjected->setBrush(Qt::NoBrush);
    mProjected->setPen(QPen(StateColors::best(), 1.5));
    mChart->addSeries(mProjected);
    mFrontSeries = new QScatterSeries(this);
    mFrontSeries->setName(tr("Pareto front"));
    mFrontSeries->setMarkerSize(10);
    mFrontSeries->setColor(StateColors::best());
    mFrontSeries->setBorderColor(StateColors::best());
    mChart->addSeries(mFrontSeries);
    addSelectionMarker(18);
    // the line explains itself next to the front's markers
    setLegendVisible(mStepLine, false);

    mAxisX = new QValueAxis;
    mAxisX->setLabelFormat(QStringLiteral("%.4g"));
    mChart->addAxis(mAxisX, Qt::AlignBottom);
    mAxisY = new QValueAxis;
    mAxisY->setLabelFormat(QStringLiteral("%.4g"));
    mChart->addAxis(mAxisY, Qt::AlignLeft);
    for (QAbstractSeries *s : mChart->series()) {
        s->attachAxis(mAxisX);
        s->attachAxis(mAxisY);
    }

    connect(mXCombo, &QComboBox::activated, this, [this](int x) {
        setShownObjectives(x, x == mY ? mX : mY); // picking the other axis' objective swaps them
    });
    connect(mYCombo, &QComboBox::activated, this, [this](int y) {
        setShownObjectives(y == mX ? mY : mX, y);
    });
    connect(mView, &ZoomChartView::clicked, this, [this](const QPointF &pos) { selectClickedTrial(trialAt(pos)); });
    connect(mView, &ZoomChartView::picked, this, [this](const QRectF &viewRect) {
        QList<int> inside;
        for (const Shown &s : std::as_const(mShown)) {
            const QPointF at = mView->mapFromScene(mChart->mapToScene(mChart->mapToPosition(s.pos, mDominated)));
            if (viewRect.contains(at))
                inside << s.number;
        }
        if (!inside.isEmpty())
            emit trialsPicked(inside);
    });
    connect(mView, &ZoomChartView::hovered, this, &ParetoChart::showToolTip);
    connect(mView, &ZoomChartView::left, this, [] { QToolTip::hideText(); });

    rebuild();
}

ParetoChart::~ParetoChart() = default;

QString ParetoChart::chartTitle() const
{
    return tr("Pareto front");
}

QStringList ParetoChart::objectiveNames() const
{
    QStringList names;
    if (mMonitor)
        for (const MetricSpec &m : mMonitor->spec().metrics)
            names << m.name;
    return names;
}

void ParetoChart::setShownObjectives(int x, int y)
{
    const qsizetype n = objectiveNames().size();
    if (x < 0 || y < 0 || x >= n || y >= n || x == y) {
        syncCombos(); // undo what a combo may show
        return;
    }
    if (x == mX && y == mY)
        return;
    mX = x;
    mY = y;
    forgetZoom();
    rebuild();
}

void ParetoChart::syncCombos()
{
    const QStringList names = objectiveNames();
    if (names != mComboNames) {
        const QSignalBlocker bx(mXCombo), by(mYCombo);
        mXCombo->clear();
        mYCombo->clear();
        mXCombo->addItems(names);
        mYCombo->addItems(names);
        mComboNames = names;
    }
    if (mX >= names.size() || mY >= names.size() || mX == mY) {
        mX = 0;
        mY = 1;
    }
    const QSignalBlocker bx(mXCombo), by(mYCombo);
    mXCombo->setCurrentIndex(names.size() >= 2 ? mX : -1);
    mYCombo->setCurrentIndex(names.size() >= 2 ? mY : -1);
    // with two objectives the combos can still swap the axes
    mXCombo->setEnabled(names.size() >= 2);
    mYCombo->setEnabled(names.size() >= 2);
}

void ParetoChart::rebuild()
{
    mRebuildTimer.stop();
    syncCombos();
    mShown.clear();
    mFront.clear();
    mProjectedFront.clear();
    mNonFinite = 0;

    const QList<MetricSpec> metrics = mMonitor ? mMonitor->spec().metrics : QList<MetricSpec>{};
    const bool multi = metrics.size() >= 2;
    int notComplete = 0;
    if (multi) {
        mFront = paretoFront(mMonitor->trials(), metrics);
        std::sort(mFront.begin(), mFront.end());
        const QSet<int> front(mFront.cbegin(), mFront.cend());
        for (const Trial &t : mMonitor->trials()) {
            if (t.state != TrialState::Complete) {
                notComplete += isFinished(t.state) ? 1 : 0;
                continue;
            }
            if (t.values.size() != metrics.size() || !std::isfinite(t.values.at(mX))
                || !std::isfinite(t.values.at(mY))) {
                ++mNonFinite;
                continue;
            }
            mShown << Shown{QPointF(t.values.at(mX), t.values.at(mY)), t.number, front.contains(t.number)};
        }
    }

    QList<QPointF> dominated, frontPts, projectedPts, line;
    for (const Shown &s : std::as_const(mShown))
        (s.front ? frontPts : dominated) << s.pos;

    // the projection's front, in "smaller is better" coordinates for the sweep
    const double sx = multi && metrics.at(mX).goal == Goal::Maximize ? -1 : 1;
    const double sy = multi && metrics.at(mY).goal == Goal::Maximize ? -1 : 1;
    QList<QPointF> minimized;
    minimized.reserve(mShown.size());
    for (const Shown &s : std::as_const(mShown))
        minimized << QPointF(sx * s.pos.x(), sy * s.pos.y());
    QList<const Shown *> projected;
    for (qsizetype i : nondominated2D(minimized)) {
        projected << &mShown.at(i);
        mProjectedFront << mShown.at(i).number;
    }
    std::sort(mProjectedFront.begin(), mProjectedFront.end());
    if (metrics.size() >= 3)
        for (const Shown *s : std::as_const(projected))
            projectedPts << s->pos;

    // The step line follows the projection's front (with two objectives: the front itself)
    // by the horizontal objective. Between two neighbours it turns at the corner that takes
    // the worse value of each: the edge of the region the front dominates.
    std::sort(projected.begin(), projected.end(), [](const Shown *a, const Shown *b) {
        return a->pos.x() != b->pos.x() ? a->pos.x() < b->pos.x() : a->pos.y() < b->pos.y();
    });
    for (const Shown *s : std::as_const(projected)) {
        const QPointF p = s->pos;
        if (!line.isEmpty()) {
            if (line.last() == p)
                continue; // duplicates add nothing to the line
            const QPointF q = line.last();
            const double cx = sx * p.x() > sx * q.x() ? p.x() : q.x();
            const double cy = sy * p.y() > sy * q.y() ? p.y() : q.y();
            const QPointF corner(cx, cy);
            if (corner != q && corner != p)
                line << corner;
        }
        line << p;
    }

    mDominated->replace(dominated);
    mFrontSeries->replace(frontPts);
    mProjected->replace(projectedPts);
    mStepLine->replace(line);
    mFrontSeries->setName(metrics.size() >= 3
        ? tr("Pareto front by all %1 objectives (%n)", nullptr, int(mFront.size())).arg(metrics.size())
        : tr("Pareto front (%n)", nullptr, int(mFront.size())));
    for (QScatterSeries *s : {mDominated, mFrontSeries, mProjected})
        setLegendVisible(s, s->count() > 0);

    QStringList info;
    if (multi) {
        info << (mShown.isEmpty() ? tr("No complete trials yet")
                                  : tr("%n complete trial(s)", nullptr, int(mShown.size())));
        if (!mShown.isEmpty())
            info << tr("%n on the front", nullptr, int(mFront.size()));
        if (mNonFinite)
            info << tr("%n with a NaN/inf objective not shown", nullptr, mNonFinite);
        if (notComplete)
            info << tr("%n pruned/failed not shown", nullptr, notComplete);
    }
    mInfoLabel->setText(info.join(QStringLiteral(" · ")));
    // said inside the chart too, so that an export or report explains an empty plot
    mChart->setTitle(message());
    selectionChanged();
    applyAxes();
}

QString ParetoChart::message() const
{
    if (!mMonitor)
        return tr("No study");
    const QList<MetricSpec> &metrics = mMonitor->spec().metrics;
    if (metrics.size() < 2)
        return tr("A Pareto front needs two or more objectives; this study optimizes only %1")
            .arg(metrics.isEmpty() ? tr("one") : metrics.first().name);
    if (mShown.isEmpty())
        return mNonFinite ? tr("No complete trial with finite values for both objectives")
                          : tr("No complete trials yet");
    return {};
}

void ParetoChart::applyAxes()
{
    const QStringList names = objectiveNames();
    if (names.size() >= 2) {
        const QList<MetricSpec> &metrics = mMonitor->spec().metrics;
        mAxisX->setTitleText(QStringLiteral("%1 (%2)").arg(names.at(mX), goalText(metrics.at(mX).goal)));
        mAxisY->setTitleText(QStringLiteral("%1 (%2)").arg(names.at(mY), goalText(metrics.at(mY).goal)));
    } else {
        mAxisX->setTitleText(tr("objective 1"));
        mAxisY->setTitleText(tr("objective 2"));
    }
    // an empty plane would only frame the message with made-up ticks
    const bool empty = mShown.isEmpty();
    mAxisX->setVisible(!empty);
    mAxisY->setVisible(!empty);
    if (zoomed())
        return;
    double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
    bool any = false;
    for (const Shown &s : mShown) {
        if (!any) {
            xmin = xmax = s.pos.x();
            ymin = ymax = s.pos.y();
            any = true;
        }
        xmin = std::min(xmin, s.pos.x());
        xmax = std::max(xmax, s.pos.x());
        ymin = std::min(ymin, s.pos.y());
        ymax = std::max(ymax, s.pos.y());
    }
    // a margin so that markers at the extremes are not cut by the plot's edge
    auto fit = [](QValueAxis *axis, double dataLo, double dataHi) {
        double pad = (dataHi - dataLo) * 0.05;
        if (pad == 0)
            pad = dataLo == 0 ? 1 : std::abs(dataLo) * 0.1;
        double lo = dataLo - pad, hi = dataHi + pad;
        // objectives are often non-negative (latency, size, error): the padding alone must
        // not make the nice range start at a meaningless negative value
        if (dataLo >= 0 && lo < 0)
            lo = 0;
        if (dataHi <= 0 && hi > 0)
            hi = 0;
        axis->setTickCount(niceRange(lo, hi, 6));
        axis->setRange(lo, hi);
    };
    fit(mAxisX, xmin, xmax);
    fit(mAxisY, ymin, ymax);
}

int ParetoChart::trialAt(const QPointF &viewPos) const
{
    // nearest drawn point within a few pixels
    const QPointF pos = mChart->mapFromScene(mView->mapToScene(viewPos.toPoint()));
    NearestTrial nearest(8);
    for (const Shown &s : mShown)
        nearest.offerPoint(pos, mChart->mapToPosition(s.pos, mDominated), s.number);
    return nearest.number();
}

void ParetoChart::showToolTip(const QPointF &viewPos)
{
    const int n = trialAt(viewPos);
    const Trial *t = (n >= 0 && mMonitor) ? mMonitor->trial(n) : nullptr;
    if (!t) {
        QToolTip::hideText();
        return;
    }
    const QList<MetricSpec> &metrics = mMonitor->spec().metrics;
    QStringList lines{trialTooltipHeading(*t, true)};
    if (mFront.contains(n))
        lines << tr("<b>on the Pareto front</b>");
    else if (metrics.size() >= 3 && mProjectedFront.contains(n))
        lines << tr("non-dominated in the two shown objectives");
    for (qsizetype k = 0; k < metrics.size() && k < t->values.size(); ++k)
        lines << QStringLiteral("%1: %2 (%3)")
                     .arg(metrics.at(k).name.toHtmlEscaped())
                     .arg(t->values.at(k), 0, 'g', 6)
                     .arg(goalText(metrics.at(k).goal));
    lines << parameterTooltipLines(t->params);
    showTooltipLines(mView, viewPos, lines);
}

void ParetoChart::selectionChanged()
{
    QList<QPointF> marker;
    for (const Shown &s : std::as_const(mShown))
        if (s.number == selectedTrial())
            marker << s.pos;
    showSelectionMarker(marker);
}

QList<QPointF> ParetoChart::points() const
{
    QList<QPointF> result;
    for (const Shown &s : mShown)
        result << s.pos;
    return result;
}

QList<int> ParetoChart::pointTrials() const
{
    QList<int> result;
    for (const Shown &s : mShown)
        result << s.number;
    return result;
}

QList<QPointF> ParetoChart::stepLine() const
{
    return mStepLine->points();
}

} // namespace tunescope
