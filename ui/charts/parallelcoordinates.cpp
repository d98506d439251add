#include "charts/parallelcoordinates.h"
#include "charts/toptrialsfilter.h"

#include "charts/chartstyle.h"
#include "charts/colormap.h"
#include "charts/completetrials.h"
#include "charts/densityraster.h"
#include "charts/hittest.h"
#include "charts/layercache.h"
#include "charts/plotaxis.h"
#include "charts/plotcanvas.h"
#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "charts/trialtooltip.h"

#include <QFontMetricsF>
#include <QImage>
#include <QHBoxLayout>
#include <QPainter>
#include <QToolTip>

#include <cmath>
#include <vector>

namespace tunescope {

/// What the parallel coordinates paint, computed once per batch of changes.
struct ParallelData
{
    struct Line
    {
        int number = -1;
        double value = 0;
        std::vector<double> units; ///< per axis, NaN where the trial has no usable value
    };
    QList<PlotAxis> axes;
    QList<Parameter> params;
    std::vector<Line> lines;
    PlotAxis color;
    bool maximize = false;
    int leftOut = 0; ///< complete trials the top filter leaves out
    int best = -1;
    int hovered = -1;
    QString message;
    LayerCache lineLayer; ///< the crowd of lines of the last on-screen paint
    QRectF plot;
};

namespace {

double axisX(const QRectF &plot, int i, int n)
{
    return n <= 1 ? plot.center().x() : plot.left() + plot.width() * i / (n - 1);
}

QPolygonF linePolygon(const ParallelData &d, const ParallelData::Line &l, const QRectF &plot, int axis0, int axis1)
{
    QPolygonF poly;
    for (int i = axis0; i <= axis1; ++i)
        poly << QPointF(axisX(plot, i, int(d.axes.size())), plot.bottom() - l.units[i] * plot.height());
    return poly;
}

/// Draws a line as polylines between its finite points (a missing value breaks it).
void drawLine(QPainter *p, const ParallelData &d, const ParallelData::Line &l, const QRectF &plot)
{
    const int n = int(d.axes.size());
    int start = -1;
    for (int i = 0; i <= n; ++i) {
        const bool ok = i < n && std::isfinite(l.units[i]);
        if (ok && start < 0)
            start = i;
        if (!ok && start >= 0) {
            if (i - 1 > start)
                p->drawPolyline(linePolygon(d, l, plot, start, i - 1));
            start = -1;
        }
    }
}

/// From this many lines on, the crowd is drawn as a density raster: 10,000 translucent lines
/// took 1.4 s through QPainter, the raster a few tens of milliseconds.
constexpr size_t kRasterLines = 1000;
constexpr size_t kHalfRasterLines = 30000;

/// The lines as one image of `area`'s size: each pixel in the colour of the best trial that
/// passes it (the best lines lie on top, as when drawn sorted), as opaque as `alpha` blended
/// once per line that passes.
QImage linesRaster(const ParallelData &d, const QRectF &area, qreal dpr, double alpha)
{
    DensityRaster raster((area.size() * dpr).toSize());
    const int n = int(d.axes.size());
    const double lo = d.color.low(), hi = d.color.high();
    const double w = raster.size().width() - 1, h = raster.size().height() - 1;
    for (const ParallelData::Line &l : d.lines) {
        const double t = hi > lo ? (l.value - lo) / (hi - lo) : 0.5;
        raster.beginLine(float(d.maximize ? t : 1 - t));
        for (int i = 1; i < n; ++i) {
            if (!std::isfinite(l.units[i - 1]) || !std::isfinite(l.units[i]))
                continue;
            const double x0 = n <= 1 ? w / 2 : w * (i - 1) / (n - 1), x1 = n <= 1 ? w / 2 : w * i / (n - 1);
            raster.addSegment(QPointF(x0, h - l.units[i - 1] * h), QPointF(x1, h - l.units[i] * h));
        }
    }
    // 64 shades and 16 opacities are as many as an eye tells apart, and they keep the image
    // of 10,000 lines small in a report (a PNG of a few colours compresses well).
    QImage image = raster.toImage([alpha](quint32 count, float rank) {
        QColor c = ColorMap::viridis(std::round(rank * 63) / 63);
        c.setAlphaF(float(std::ceil((1.0 - std::pow(1.0 - alpha, double(count))) * 16) / 16));
        return qPremultiply(c.rgba());
    });
    image.setDevicePixelRatio(dpr);
    return image;
}

/// The crowd of lines into `area`: a raster beyond kRasterLines, else translucent lines.
void paintLines(const ParallelData &d, QPainter *p, const QRectF &area)
{
    const double alpha = std::clamp(std::sqrt(60.0 / double(d.lines.size())), 0.15, 0.9);
    if (d.lines.size() >= kRasterLines) {
        // Counting costs each line its pixels: beyond kHalfRasterLines (100,000 lines: 0.7 s
        // of CPU at full size) the crowd is counted at half the resolution and smoothly
        // scaled; it reads as a density by then, and the lines on top stay sharp.
        const double scale = d.lines.size() >= kHalfRasterLines ? 0.5 : 1.0;
        const QImage image = linesRaster(d, area, (p->device() ? p->device()->devicePixelRatioF() : 1.0) * scale, alpha);
        p->save();
        p->setRenderHint(QPainter::SmoothPixmapTransform, scale < 1);
        p->drawImage(area, image);
        p->restore();
        return;
    }
    // antialiased translucent lines cost ~0.3 ms each; a crowd of faint lines needs none
    p->setRenderHint(QPainter::Antialiasing, d.lines.size() < 300);
    for (const ParallelData::Line &l : d.lines) {
        QColor c = ColorMap::objective(l.value, d.color.low(), d.color.high(), d.maximize);
        c.setAlphaF(float(alpha));
        p->setPen(QPen(c, 1.0)); // width <= 1 takes the raster engine's fast cosmetic stroker
        drawLine(p, d, l, area);
    }
}

} // namespace

ParallelCoordinatesWidget::ParallelCoordinatesWidget(QWidget *parent)
    : PaintedChart(parent)
    , mData(std::make_unique<ParallelData>())
{
    mTopFilter = new TopTrialsFilter(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(mTopFilter);
    bar->addStretch(1);
    addControlBar(bar);
    connect(mTopFilter, &TopTrialsFilter::changed, this, &ParallelCoordinatesWidget::rebuild);
    connect(mCanvas, &PlotCanvas::left, this, [this] {
        mData->hovered = -1;
        mCanvas->update();
    });
    connect(mCanvas, &PlotCanvas::hovered, this, [this](const QPointF &pos) {
        const int n = trialAt(pos);
        if (n != mData->hovered) {
            mData->hovered = n;
            mCanvas->update();
        }
        const Trial *t = (n >= 0 && mMonitor) ? mMonitor->trial(n) : nullptr;
        if (!t) {
            QToolTip::hideText();
            return;
        }
        showTooltipLines(mCanvas, pos, trialTooltipLines(*t, false));
    });
    connect(mCanvas, &PlotCanvas::clicked, this, [this](const QPointF &pos) { selectClickedTrial(trialAt(pos)); });
    connect(mCanvas, &PlotCanvas::picked, this, [this](const QRectF &rect) {
        if (const QList<int> inside = trialsThrough(rect); !inside.isEmpty())
            emit trialsPicked(inside);
    });
    rebuild();
}

ParallelCoordinatesWidget::~ParallelCoordinatesWidget() = default;

QString ParallelCoordinatesWidget::chartTitle() const
{
    return tr("Parallel coordinates");
}

void ParallelCoordinatesWidget::rebuild()
{
    mRebuildTimer.stop();
    ParallelData d;
    if (!mMonitor || mMonitor->spec().space.searchable().isEmpty()) {
        d.message = tr("No parameters to show.");
    } else {
        const StudySpec &spec = mMonitor->spec();
        d.params = spec.space.searchable();
        d.maximize = maximizesObjective(spec);
        const CompleteTrials all = CompleteTrials::of(mMonitor->trials());
        const CompleteTrials complete = all.best(mTopFilter->keep(all.trials.size()), d.maximize);
        d.leftOut = int(all.trials.size() - complete.trials.size());
        const double lo = complete.low, hi = complete.high;
        d.axes = complete.parameterAxes(d.params);
        const QString objName = objectiveAxisName(spec);
        const double pad = hi > lo ? (hi - lo) * 0.02 : 0.0;
        d.axes << PlotAxis::linear(lo - pad, hi + pad, objName);
        // Said on the colour bar too, so that an export tells it shows only the best.
        d.color = PlotAxis::linear(lo, hi, d.leftOut == 0 ? objName
                                                          : tr("%1 (best %2 of %3)").arg(objName).arg(complete.trials.size()).arg(all.trials.size()));
        for (size_t j = 0; j < complete.trials.size(); ++j) {
            const Trial *t = complete.trials[j];
            ParallelData::Line l;
            l.number = t->number;
            l.value = complete.values[j];
            for (qsizetype i = 0; i < d.params.size(); ++i)
                l.units.push_back(d.axes[i].toUnit(d.axes[i].coordinate(d.params[i], t->params.value(d.params[i].name))));
            l.units.push_back(d.axes.last().toUnit(l.value));
            d.lines.push_back(std::move(l));
        }
        // the best lines last, so that they lie on top of the worse ones
        std::sort(d.lines.begin(), d.lines.end(), [&d](const auto &a, const auto &b) {
            return d.maximize ? a.value < b.value : a.value > b.value;
        });
        if (const Trial *b = mMonitor->best())
            d.best = b->number;
        if (d.lines.empty())
            d.message = tr("No complete trials yet.");
    }
    // re-rendering the cached lines of a big study costs ~0.1 ms per line: batch more of a
    // live study's changes once it is large
    setBatchInterval(d.lines.size() > 500 ? 250 : 40);
    *mData = std::move(d);
    mCanvas->update();
}

std::pair<double, double> ParallelCoordinatesWidget::objectiveRange() const
{
    return {mData->color.low(), mData->color.high()};
}

QRectF ParallelCoordinatesWidget::plotArea(const QRectF &target, const ChartStyle &style) const
{
    const QFontMetricsF fm(style.labelFont), tfm(style.titleFont);
    // room left of the first axis for its labels, right for the colour bar
    double firstLabels = 0;
    for (const PlotAxis::Tick &t : mData->axes.first().ticks())
        firstLabels = std::max(firstLabels, fm.horizontalAdvance(t.label));
    QRectF plot(target.left() + style.margins.left() + std::min(firstLabels, 110.0) + 10,
                target.top() + style.margins.top() + tfm.height() + 8, 0, 0);
    plot.setRight(target.right() - style.margins.right() - colorBarWidth(mData->color, style) - 24);
    plot.setBottom(target.bottom() - style.margins.bottom() - 4);
    return plot;
}

void ParallelCoordinatesWidget::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const ChartStyle &style = ChartStyle::get(painter);
    ParallelData &d = *mData;
    if (!beginPaint(painter, target, d.lines.empty() ? d.message : QString()))
        return;
    const QFontMetricsF fm(style.labelFont), tfm(style.titleFont);
    const int n = int(d.axes.size());
    const QRectF plot = plotArea(target, style);
    if (paintsOnScreen(painter))
        d.plot = plot; // for hit tests
    d.lineLayer.draw(painter, target, paintsOnScreen(painter), [&d, &plot](QPainter *p, const QPointF &offset) {
        paintLines(d, p, plot.translated(offset));
    });

    // focus lines (best, selected, hovered) under the axes, so that tick labels stay readable
    for (const ParallelData::Line &l : d.lines) {
        QColor c;
        double width = 2.5;
        if (l.number == d.hovered) { c = StateColors::hovered(); width = 2.0; }
        else if (l.number == selectedTrial()) c = StateColors::selected();
        else if (l.number == d.best) c = StateColors::best();
        else continue;
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(Qt::white, width + 2));
        drawLine(painter, d, l, plot);
        painter->setPen(QPen(c, width));
        drawLine(painter, d, l, plot);
    }
    // axes on top of the lines
    for (int i = 0; i < n; ++i) {
        const PlotAxis &a = d.axes[i];
        const double x = axisX(plot, i, n);
        painter->setPen(QPen(style.axisColor.darker(150), 1.5));
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter->setFont(style.labelFont);
        const double spacing = n > 1 ? plot.width() / (n - 1) : plot.width();
        double lastTop = 1e9;
        for (const PlotAxis::Tick &t : a.ticks(std::max(2, int(plot.height() / 40)))) {
            if (t.unit < -1e-9 || t.unit > 1 + 1e-9)
                continue;
            const double y = plot.bottom() - t.unit * plot.height();
            painter->setPen(QPen(style.axisColor.darker(150), 1));
            painter->drawLine(QPointF(x - 3, y), QPointF(x, y));
            if (t.label.isEmpty())
                continue;
            // A label may take the room to the previous axis (its own labels sit left of it;
            // the halo keeps this one readable over the lines), the first one its margin.
            const double room = i == 0 ? plot.left() - target.left() - style.margins.left() - 10 : spacing - 12;
            const QString text = fm.elidedText(t.label, Qt::ElideRight, std::max(30.0, room));
            const QRectF r(x - 5 - fm.horizontalAdvance(text) - 4, y - fm.height() / 2, fm.horizontalAdvance(text) + 4, fm.height());
            if (r.bottom() > lastTop - 1)
                continue;
            lastTop = r.top();
            // a white halo keeps labels readable over the lines
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(255, 255, 255, 200));
            painter->drawRoundedRect(r, 2, 2);
            painter->setPen(style.labelColor);
            painter->drawText(r, Qt::AlignRight | Qt::AlignVCenter, text);
        }
        painter->setFont(style.titleFont);
        painter->setPen(style.titleColor);
        const QString title = tfm.elidedText(a.title(), Qt::ElideRight, std::max(40.0, spacing - 8));
        const double w = tfm.horizontalAdvance(title);
        const double left = std::clamp(x - w / 2, target.left() + 2, target.right() - w - 2);
        painter->drawText(QPointF(left, plot.top() - 8), title);
    }

    const QRectF bar(plot.right() + 24, plot.top(), 14, plot.height());
    drawColorBar(painter, bar, d.color, d.maximize, style);
    painter->restore();
}

QStringList ParallelCoordinatesWidget::axisNames() const
{
    QStringList names;
    for (const PlotAxis &a : mData->axes)
        names << a.title();
    return names;
}

int ParallelCoordinatesWidget::lineCount() const
{
    return int(mData->lines.size());
}

int ParallelCoordinatesWidget::bestTrial() const
{
    return mData->best;
}

int ParallelCoordinatesWidget::hoveredTrial() const
{
    return mData->hovered;
}

int ParallelCoordinatesWidget::trialAt(const QPointF &pos) const
{
    const ParallelData &d = *mData;
    if (!d.plot.adjusted(-4, -4, 4, 4).contains(pos))
        return -1;
    NearestTrial nearest(5);
    const int n = int(d.axes.size());
    // lines are sorted worst to best: on a tie the one drawn on top wins
    for (const ParallelData::Line &l : d.lines)
        for (int i = 1; i < n; ++i) {
            if (!std::isfinite(l.units[i - 1]) || !std::isfinite(l.units[i]))
                continue;
            const QPointF a(axisX(d.plot, i - 1, n), d.plot.bottom() - l.units[i - 1] * d.plot.height());
            const QPointF b(axisX(d.plot, i, n), d.plot.bottom() - l.units[i] * d.plot.height());
            if (pos.x() < a.x() - 5 || pos.x() > b.x() + 5)
                continue;
            nearest.offerOnTop(segmentDistance(pos, a, b), l.number);
        }
    return nearest.number();
}

QRectF ParallelCoordinatesWidget::plotRect() const
{
    return mData->plot;
}

QList<int> ParallelCoordinatesWidget::trialsThrough(const QRectF &rect) const
{
    const ParallelData &d = *mData;
    const int n = int(d.axes.size());
    const QRectF box = rect.normalized();
    QList<int> inside;
    // lines are sorted worst to best
    for (auto l = d.lines.rbegin(); l != d.lines.rend(); ++l) {
        for (int i = 0; i < n; ++i) {
            if (!std::isfinite(l->units[i]))
                continue;
            const QPointF a(axisX(d.plot, i, n), d.plot.bottom() - l->units[i] * d.plot.height());
            // the point on this axis, or the segment to the next one, in the box
            const bool next = i + 1 < n && std::isfinite(l->units[i + 1]);
            const QPointF b = next ? QPointF(axisX(d.plot, i + 1, n), d.plot.bottom() - l->units[i + 1] * d.plot.height()) : a;
            if (segmentCrossesRect(a, b, box)) {
                inside << l->number;
                break;
            }
        }
    }
    return inside;
}

} // namespace tunescope
