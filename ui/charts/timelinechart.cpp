#include "charts/timelinechart.h"

#include "charts/chartstyle.h"
#include "charts/plotaxis.h"
#include "charts/plotcanvas.h"
#include "charts/statecolors.h"
#include "charts/trialtooltip.h"
#include "execution/studymonitor.h"
#include "trials/statetext.h"

#include <QFontMetricsF>
#include <QKeyEvent>
#include <QMap>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <queue>
#include <vector>

namespace tunescope {

/// What the timeline paints, computed once per batch of changes.
struct TimelineData
{
    struct Bar
    {
        int number = -1;
        int lane = 0;
        double start = 0; ///< seconds since the first trial started
        double end = 0;
        TrialState state = TrialState::Waiting;
    };
    std::vector<Bar> bars;   ///< by start time
    QStringList lanes;
    double span = 1;         ///< seconds shown
    double unit = 1;         ///< seconds per axis unit
    QString unitName;
    QString message;
    QRectF plot;             ///< last on-screen paint, for hit tests
};

namespace {

/// Key of the slots a trial can take: its worker's host and its GPU (CPU slots: none).
struct SlotGroup
{
    QString host;
    QString gpu;
    bool operator<(const SlotGroup &o) const
    {
        if (host != o.host)
            return host < o.host;
        if (gpu.isEmpty() != o.gpu.isEmpty())
            return !gpu.isEmpty(); // GPUs first
        return gpu < o.gpu;
    }
};

QString hostOf(const QString &worker)
{
    const qsizetype colon = worker.lastIndexOf(QLatin1Char(':'));
    return colon < 0 ? worker : worker.left(colon);
}

} // namespace

TimelineChart::TimelineChart(QWidget *parent)
    : PaintedChart(parent)
    , mData(std::make_unique<TimelineData>())
{
    setFocusPolicy(Qt::StrongFocus);
    mClock.setInterval(1000);
    connect(&mClock, &QTimer::timeout, this, [this] {
        if (isVisible())
            scheduleRebuild();
    });
    connect(mCanvas, &PlotCanvas::hovered, this, [this](const QPointF &pos) {
        const int n = trialAt(pos);
        const Trial *t = (n >= 0 && mMonitor) ? mMonitor->trial(n) : nullptr;
        if (!t) {
            QToolTip::hideText();
            return;
        }
        QStringList lines = trialTooltipLines(*t, true);
        lines.insert(1, tr("started %1, ran %2 s").arg(QLocale().toString(t->started.toLocalTime(), QLocale::ShortFormat),
                                                       numberText(t->durationSeconds(), 'f', 1)));
        if (!t->reason.isEmpty())
            lines.insert(2, t->reason.toHtmlEscaped());
        showTooltipLines(mCanvas, pos, lines);
    });
    connect(mCanvas, &PlotCanvas::clicked, this, [this](const QPointF &pos) { selectClickedTrial(trialAt(pos)); });
    rebuild();
}

TimelineChart::~TimelineChart() = default;

QString TimelineChart::chartTitle() const
{
    return tr("Timeline");
}

void TimelineChart::rebuild()
{
    mRebuildTimer.stop();
    TimelineData d;
    if (!mMonitor) {
        d.message = tr("No trials yet.");
        *mData = std::move(d);
        mCanvas->update();
        return;
    }
    const QList<Trial> &trials = mMonitor->trials();
    std::vector<const Trial *> started;
    started.reserve(size_t(trials.size()));
    bool running = false;
    for (const Trial &t : trials) {
        if (!t.started.isValid())
            continue;
        started.push_back(&t);
        running = running || t.state == TrialState::Running;
    }
    if (running)
        mClock.start();
    else
        mClock.stop();
    if (started.empty()) {
        d.message = tr("No trial has started yet.");
        *mData = std::move(d);
        mCanvas->update();
        return;
    }
    std::stable_sort(started.begin(), started.end(), [](const Trial *a, const Trial *b) { return a->started < b->started; });
    const QDateTime origin = started.front()->started;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Per slot group, the lanes' end times in a min-heap: a trial takes the lane that freed
    // first if it is free when the trial starts, a new lane otherwise.
    struct Lanes
    {
        std::priority_queue<std::pair<double, int>, std::vector<std::pair<double, int>>, std::greater<>> free;
        int count = 0;
    };
    QMap<SlotGroup, Lanes> groups;
    std::vector<std::pair<SlotGroup, int>> laneOfBar; // group and lane within it
    bool manyHosts = false;
    const QString firstHost = hostOf(started.front()->worker);
    d.bars.reserve(started.size());
    for (const Trial *t : started) {
        TimelineData::Bar bar;
        bar.number = t->number;
        bar.state = t->state;
        bar.start = origin.msecsTo(t->started) / 1000.0;
        const QDateTime end = t->finished.isValid() ? t->finished : (t->state == TrialState::Running ? now : t->started);
        bar.end = std::max(bar.start, origin.msecsTo(end) / 1000.0);
        SlotGroup key{hostOf(t->worker), t->gpu};
        manyHosts = manyHosts || key.host != firstHost;
        Lanes &lanes = groups[key];
        int lane;
        // 1 ms of slack: a slot freed and taken again within the same millisecond is one slot.
        if (!lanes.free.empty() && lanes.free.top().first <= bar.start + 0.001) {
            lane = lanes.free.top().second;
            lanes.free.pop();
        } else {
            lane = lanes.count++;
        }
        lanes.free.emplace(bar.end, lane);
        laneOfBar.emplace_back(key, lane);
        d.bars.push_back(bar);
        d.span = std::max(d.span, bar.end);
    }
    // Lanes in group order, numbered from 1 within each group.
    QMap<SlotGroup, int> firstLane;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        firstLane[it.key()] = int(d.lanes.size());
        for (int k = 0; k < it->count; ++k) {
            QString name = it.key().gpu.isEmpty() ? tr("CPU slot %1").arg(k + 1)
                                                  : (it->count > 1 ? tr("GPU %1 · %2").arg(it.key().gpu).arg(k + 1)
                                                                   : tr("GPU %1").arg(it.key().gpu));
            if (manyHosts)
                name = QStringLiteral("%1 · %2").arg(it.key().host.isEmpty() ? tr("unknown host") : it.key().host, name);
            d.lanes << name;
        }
    }
    for (size_t i = 0; i < d.bars.size(); ++i)
        d.bars[i].lane = firstLane.value(laneOfBar[i].first) + laneOfBar[i].second;
    if (d.span <= 3 * 60) {
        d.unit = 1;
        d.unitName = tr("s");
    } else if (d.span <= 3 * 3600) {
        d.unit = 60;
        d.unitName = tr("min");
    } else {
        d.unit = 3600;
        d.unitName = tr("h");
    }
    *mData = std::move(d);
    mCanvas->update();
}

void TimelineChart::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const ChartStyle &style = ChartStyle::get(painter);
    TimelineData &d = *mData;
    if (!beginPaint(painter, target, d.bars.empty() ? d.message : QString()))
        return;
    const QFontMetricsF fm(style.labelFont);
    double labelW = 0;
    for (const QString &l : d.lanes)
        labelW = std::max(labelW, fm.horizontalAdvance(l));
    labelW = std::min(labelW + 12, target.width() * 0.3);
    const double legendH = fm.height() + 10;
    QRectF plot = target.marginsRemoved(style.margins);
    plot.setLeft(plot.left() + labelW);
    plot.setTop(plot.top() + legendH);
    plot.setBottom(plot.bottom() - PlotAxis::horizontalLabelHeight(style));
    plot.setRight(plot.right() - 8);
    if (paintsOnScreen(painter))
        d.plot = plot;

    // Legend: the states as coloured squares on one line.
    painter->setFont(style.labelFont);
    double lx = plot.left();
    for (TrialState s : {TrialState::Complete, TrialState::Pruned, TrialState::Failed, TrialState::Running}) {
        const QString text = stateText(s).toLower();
        painter->fillRect(QRectF(lx, target.top() + style.margins.top() + 3, 10, 10), StateColors::color(s));
        painter->setPen(style.labelColor);
        painter->drawText(QPointF(lx + 14, target.top() + style.margins.top() + fm.ascent()), text);
        lx += 14 + fm.horizontalAdvance(text) + 18;
    }

    const PlotAxis x = PlotAxis::linear(0, d.span / d.unit, tr("time since the first trial started (%1)").arg(d.unitName));
    x.drawHorizontal(painter, plot, style);
    const int lanes = std::max<int>(1, int(d.lanes.size()));
    const double laneH = plot.height() / lanes;
    const double barH = std::max(1.0, std::min(laneH * 0.72, 26.0));
    // Lane labels, thinned so that they never overlap; a faint band on every other lane.
    const int labelEvery = std::max(1, int(std::ceil((fm.height() + 2) / laneH)));
    for (int k = 0; k < d.lanes.size(); ++k) {
        const double top = plot.top() + k * laneH;
        if (k % 2 == 1 && laneH >= 4)
            painter->fillRect(QRectF(plot.left(), top, plot.width(), laneH), QColor(0, 0, 0, 10));
        if (k % labelEvery == 0) {
            painter->setPen(style.labelColor);
            painter->drawText(QRectF(target.left() + style.margins.left(), top, labelW - 8, std::max(laneH, fm.height())),
                              Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(d.lanes[k], Qt::ElideLeft, labelW - 8));
        }
    }
    // Bars: at least a pixel wide, so that a trial that failed at once still shows; no
    // antialiasing, which keeps 10,000 of them a few milliseconds.
    const double scale = plot.width() / d.span;
    const int selected = selectedTrial();
    const TimelineData::Bar *selectedBar = nullptr;
    for (const TimelineData::Bar &b : d.bars) {
        const QRectF r(plot.left() + b.start * scale, plot.top() + b.lane * laneH + (laneH - barH) / 2,
                       std::max(1.0, (b.end - b.start) * scale), barH);
        QColor c = StateColors::color(b.state);
        painter->fillRect(r, c);
        // A thin gap at the end of a bar when there is room: back-to-back trials stay apart.
        if (r.width() > 4)
            painter->fillRect(QRectF(r.right() - 1, r.top(), 1, r.height()), c.lighter(150));
        if (b.number == selected)
            selectedBar = &b;
    }
    if (selectedBar) {
        const TimelineData::Bar &b = *selectedBar;
        const QRectF r(plot.left() + b.start * scale, plot.top() + b.lane * laneH + (laneH - barH) / 2,
                       std::max(1.0, (b.end - b.start) * scale), barH);
        painter->setPen(QPen(StateColors::selected(), 2));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(r.adjusted(-2, -2, 2, 2));
        // A bar a pixel wide among thousands is hard to find: a line through the plot marks it.
        QColor guide = StateColors::selected();
        guide.setAlpha(110);
        painter->setPen(QPen(guide, 1, Qt::DashLine));
        painter->drawLine(QPointF(r.center().x(), plot.top()), QPointF(r.center().x(), plot.bottom()));
    }
    painter->restore();
}

int TimelineChart::trialAt(const QPointF &pos) const
{
    const TimelineData &d = *mData;
    if (d.lanes.isEmpty() || !d.plot.adjusted(-3, 0, 3, 0).contains(pos))
        return -1;
    const double laneH = d.plot.height() / d.lanes.size();
    const int lane = int((pos.y() - d.plot.top()) / laneH);
    const double scale = d.plot.width() / d.span;
    const double t = (pos.x() - d.plot.left()) / scale;
    const double slack = 3 / scale; // a few pixels either side, for bars a pixel wide
    int found = -1;
    double nearest = slack;
    for (const TimelineData::Bar &b : d.bars) {
        if (b.lane != lane)
            continue;
        const double dist = t < b.start ? b.start - t : (t > b.end ? t - b.end : 0.0);
        if (dist <= nearest) {
            nearest = dist;
            found = b.number;
        }
    }
    return found;
}

void TimelineChart::keyPressEvent(QKeyEvent *event)
{
    const TimelineData &d = *mData;
    if (d.bars.empty())
        return PaintedChart::keyPressEvent(event);
    // In the order of the bars (by start time), from the selected trial.
    const auto current = std::find_if(d.bars.cbegin(), d.bars.cend(), [this](const TimelineData::Bar &b) { return b.number == selectedTrial(); });
    qsizetype index = current == d.bars.cend() ? -1 : current - d.bars.cbegin();
    const qsizetype last = qsizetype(d.bars.size()) - 1;
    switch (event->key()) {
    case Qt::Key_Right: index = index < 0 ? 0 : std::min(index + 1, last); break;
    case Qt::Key_Left:  index = index < 0 ? last : std::max<qsizetype>(index - 1, 0); break;
    case Qt::Key_Home:  index = 0; break;
    case Qt::Key_End:   index = last; break;
    default:
        return PaintedChart::keyPressEvent(event);
    }
    selectClickedTrial(d.bars[size_t(index)].number);
}

QStringList TimelineChart::laneNames() const
{
    return mData->lanes;
}

int TimelineChart::barCount() const
{
    return int(mData->bars.size());
}

int TimelineChart::laneOf(int number) const
{
    for (const TimelineData::Bar &b : mData->bars)
        if (b.number == number)
            return b.lane;
    return -1;
}

} // namespace tunescope
