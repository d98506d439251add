#include "charts/sliceplot.h"

#include "charts/chartstyle.h"
#include "charts/colormap.h"
#include "charts/completetrials.h"
#include "charts/hittest.h"
#include "charts/layercache.h"
#include "charts/markerstamp.h"
#include "charts/plotaxis.h"
#include "charts/plotcanvas.h"
#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "charts/trialtooltip.h"

#include "charts/metricchooser.h"

#include <QComboBox>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSet>
#include <QToolTip>

#include <cmath>
#include <vector>

namespace tunescope {

/// What the slice plot paints, computed once per batch of changes.
struct SliceData
{
    struct Point
    {
        int number = -1;
        double value = 0;
        std::vector<double> ux; ///< per panel, unit x (jittered for categoricals), NaN if missing
    };
    QList<Parameter> params;
    QList<PlotAxis> xAxes;
    PlotAxis y;
    PlotAxis color;          ///< trial number
    std::vector<Point> points;
    int best = -1;
    QString message;
    QList<QRectF> panels;    ///< last on-screen paint, for hit tests
    LayerCache pointLayer; ///< the points of the last on-screen paint
};

namespace {

/// Deterministic jitter in [-0.5, 0.5) per trial: the same trial sits at the same place
/// after every redraw and in every export.
double jitter(int number)
{
    quint32 h = quint32(number) * 2654435761u;
    h ^= h >> 16;
    h *= 0x45d9f3b;
    h ^= h >> 16;
    return (h % 10000) / 10000.0 - 0.5;
}

} // namespace

SlicePlot::SlicePlot(QWidget *parent)
    : PaintedChart(parent)
    , mData(std::make_unique<SliceData>())
{
    mParameterCombo = new QComboBox(this);
    mParameterCombo->setToolTip(tr("Show every parameter, or one of them large"));
    mMetric = new MetricChooser(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Parameters:"), this));
    bar->addWidget(mParameterCombo);
    bar->addWidget(mMetric);
    bar->addStretch(1);
    addControlBar(bar);
    connect(mParameterCombo, &QComboBox::activated, this, [this] { setShownParameter(mParameterCombo->currentData().toString()); });
    connect(mMetric, &MetricChooser::changed, this, &SlicePlot::rebuild);
    auto pointAt = [this](const QPointF &pos) {
        const SliceData &d = *mData;
        NearestTrial nearest(6);
        for (qsizetype k = 0; k < d.panels.size(); ++k) {
            const QRectF &r = d.panels[k];
            if (!r.adjusted(-6, -6, 6, 6).contains(pos))
                continue;
            for (const SliceData::Point &p : d.points)
                nearest.offerPoint(pos, QPointF(r.left() + p.ux[k] * r.width(), r.bottom() - d.y.toUnit(p.value) * r.height()),
                                   p.number);
        }
        return nearest.number();
    };
    connect(mCanvas, &PlotCanvas::hovered, this, [this, pointAt](const QPointF &pos) {
        const int n = pointAt(pos);
        const Trial *t = (n >= 0 && mMonitor) ? mMonitor->trial(n) : nullptr;
        if (!t) {
            QToolTip::hideText();
            return;
        }
        showTooltipLines(mCanvas, pos, trialTooltipLines(*t, false));
    });
    connect(mCanvas, &PlotCanvas::clicked, this, [this, pointAt](const QPointF &pos) { selectClickedTrial(pointAt(pos)); });
    // Ctrl+drag: every trial with a point inside the rectangle, in any panel it crosses.
    connect(mCanvas, &PlotCanvas::picked, this, [this](const QRectF &rect) {
        const SliceData &d = *mData;
        QList<int> inside;
        QSet<int> seen;
        for (qsizetype k = 0; k < d.panels.size(); ++k) {
            const QRectF &r = d.panels[k];
            if (!r.intersects(rect))
                continue;
            for (const SliceData::Point &p : d.points) {
                if (!seen.contains(p.number)
                    && rect.contains(QPointF(r.left() + p.ux[k] * r.width(), r.bottom() - d.y.toUnit(p.value) * r.height()))) {
                    seen.insert(p.number);
                    inside << p.number;
                }
            }
        }
        if (!inside.isEmpty())
            emit trialsPicked(inside);
    });
    rebuild();
}

SlicePlot::~SlicePlot() = default;

QString SlicePlot::chartTitle() const
{
    return tr("Slice plot");
}

void SlicePlot::setShownParameter(const QString &name)
{
    if (mShown == name)
        return;
    mShown = name;
    rebuild();
}

void SlicePlot::fillParameterChooser()
{
    QStringList names;
    if (mMonitor)
        for (const Parameter &p : mMonitor->spec().space.searchable())
            names << p.name;
    if (!names.contains(mShown))
        mShown.clear();
    QStringList held;
    for (int i = 1; i < mParameterCombo->count(); ++i)
        held << mParameterCombo->itemData(i).toString();
    if (held != names || mParameterCombo->count() == 0) {
        mParameterCombo->clear();
        mParameterCombo->addItem(tr("All parameters"), QString());
        for (const QString &n : names)
            mParameterCombo->addItem(n, n);
    }
    mParameterCombo->setCurrentIndex(std::max(0, mParameterCombo->findData(mShown)));
}

void SlicePlot::rebuild()
{
    mRebuildTimer.stop();
    fillParameterChooser();
    SliceData d;
    if (!mMonitor || mMonitor->spec().space.searchable().isEmpty()) {
        d.message = tr("No parameters to show.");
    } else {
        const StudySpec &spec = mMonitor->spec();
        d.params = spec.space.searchable();
        if (!mShown.isEmpty())
            d.params.removeIf([this](const Parameter &p) { return p.name != mShown; });
        mMetric->refresh(spec, mMonitor->trials());
        const CompleteTrials complete = CompleteTrials::of(mMonitor->trials(), [this](const Trial &t) { return mMetric->valueOf(t); });
        const double lo = complete.low, hi = complete.high;
        d.xAxes = complete.parameterAxes(d.params);
        const double pad = hi > lo ? (hi - lo) * 0.05 : 0.0;
        d.y = PlotAxis::linear(lo - pad, hi + pad, mMetric->axisName(spec));
        d.color = PlotAxis::counting(0, std::max(1, complete.highestNumber), tr("trial"));
        for (size_t j = 0; j < complete.trials.size(); ++j) {
            const Trial *t = complete.trials[j];
            SliceData::Point pt;
            pt.number = t->number;
            pt.value = complete.values[j];
            for (qsizetype i = 0; i < d.params.size(); ++i) {
                const PlotAxis &a = d.xAxes[i];
                double u = a.toUnit(a.coordinate(d.params[i], t->params.value(d.params[i].name)));
                if (a.kind() == PlotAxis::Kind::Categorical) // spread inside the band, 60 % of its width
                    u += jitter(t->number * 31 + int(i)) * 0.6 / std::max<qsizetype>(1, a.categories().size());
                pt.ux.push_back(u);
            }
            d.points.push_back(std::move(pt));
        }
        if (const Trial *b = mMonitor->best())
            d.best = b->number;
        if (d.points.empty())
            d.message = tr("No complete trials yet.");
    }
    *mData = std::move(d);
    mCanvas->update();
}

void SlicePlot::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const ChartStyle &style = ChartStyle::get(painter);
    SliceData &d = *mData;
    if (!beginPaint(painter, target, d.points.empty() ? d.message : QString()))
        return;
    const int n = int(d.params.size());
    const int cols = std::min(4, n);
    const int rows = (n + cols - 1) / cols;
    const QMarginsF m = style.margins;
    const double yLabels = d.y.verticalLabelWidth(style);
    const double xLabels = PlotAxis::horizontalLabelHeight(style);
    QRectF area = target.marginsRemoved(m);
    area.setRight(area.right() - colorBarWidth(d.color, style) - 18);
    // the shared objective axis is labelled on the first column only
    const double gap = 14;
    const double panelW = (area.width() - yLabels - gap * (cols - 1)) / cols;
    const double panelH = (area.height() - rows * xLabels - gap * (rows - 1)) / rows;
    QList<QRectF> panels;
    for (int k = 0; k < n; ++k) {
        const int r = k / cols, c = k % cols;
        panels << QRectF(area.left() + yLabels + c * (panelW + gap), area.top() + r * (panelH + xLabels + gap),
                         panelW, panelH);
    }
    if (paintsOnScreen(painter))
        d.panels = panels;
    // The crowd of points, every panel: on screen from an image made once per data and size
    // (10,000 trials are 50,000 markers), in an export drawn directly.
    const auto paintPoints = [&d, &panels](QPainter *p, const QPointF &offset) {
        const double maxNumber = d.color.high();
        const double radius = d.points.size() > 5000 ? 1.6 : d.points.size() > 500 ? 2.2 : 3.2;
        MarkerStamp stamp(p);
        for (qsizetype k = 0; k < panels.size(); ++k) {
            const QRectF r = panels[k].translated(offset);
            p->save();
            p->setClipRect(r.adjusted(-4, -4, 4, 4));
            for (const SliceData::Point &pt : d.points) {
                if (!std::isfinite(pt.ux[k]))
                    continue;
                const QPointF q(r.left() + pt.ux[k] * r.width(), r.bottom() - d.y.toUnit(pt.value) * r.height());
                // 64 shades of the map are as many as an eye tells apart, and 64 stamps to draw
                QColor c = ColorMap::viridis(std::round(pt.number / maxNumber * 63) / 63);
                c.setAlphaF(0.85f);
                stamp.draw(q, MarkerStamp::Shape::Circle, 2 * radius, c, c.darker(130), 0.6);
            }
            p->restore();
        }
    };
    for (int k = 0; k < n; ++k) {
        const QRectF &r = panels[k];
        // Side by side, the end labels of two panels share the gap: half of it each, or C's
        // "1000" ran into gamma's "10⁻⁴" (a report's slice plot).
        d.xAxes[k].drawHorizontal(painter, r, style, true, gap / 2 - 2);
        if (k % cols == 0) {
            d.y.drawVertical(painter, r, style);
        } else { // grid lines of the shared axis without repeating its labels
            painter->setPen(QPen(style.gridColor, 1));
            for (const PlotAxis::Tick &t : d.y.ticks(std::max(2, int(r.height() / 45))))
                if (!t.label.isEmpty() && t.unit >= 0 && t.unit <= 1)
                    painter->drawLine(QPointF(r.left(), r.bottom() - t.unit * r.height()),
                                      QPointF(r.right(), r.bottom() - t.unit * r.height()));
            painter->setPen(QPen(style.axisColor, 1));
            painter->drawLine(r.bottomLeft(), r.topLeft());
        }
    }
    d.pointLayer.draw(painter, target, paintsOnScreen(painter), paintPoints);
    painter->setRenderHint(QPainter::Antialiasing);
    const int selected = selectedTrial();
    for (int k = 0; k < n; ++k) {
        const QRectF &r = panels[k];
        for (const SliceData::Point &p : d.points) {
            if ((p.number != d.best && p.number != selected) || !std::isfinite(p.ux[k]))
                continue;
            const QPointF q(r.left() + p.ux[k] * r.width(), r.bottom() - d.y.toUnit(p.value) * r.height());
            painter->setBrush(Qt::NoBrush);
            painter->setPen(QPen(p.number == selected ? StateColors::selected() : StateColors::best(), 2));
            painter->drawEllipse(q, 6.5, 6.5);
        }
    }
    const QRectF bar(area.right() + 18, area.top(), 14, std::min(area.height() - xLabels, 320.0));
    drawColorBar(painter, bar, d.color, true, style);
    painter->restore();
}

QStringList SlicePlot::panelNames() const
{
    QStringList names;
    for (const Parameter &p : mData->params)
        names << p.name;
    return names;
}

int SlicePlot::pointCount() const
{
    return int(mData->points.size());
}

} // namespace tunescope
