#include "charts/edfchart.h"

#include "charts/chartstyle.h"
#include "charts/plotaxis.h"
#include "charts/plotcanvas.h"
#include "charts/trialtooltip.h"
#include "execution/studymonitor.h"
#include "trials/statetext.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

/// What the EDF chart paints, computed once per batch.
struct EdfData
{
    QList<EdfSeries> series;
    QString valueTitle;
    QRectF plot;      ///< last on-screen paint, for the hover read-out
    PlotAxis x;       ///< of that paint
};

namespace {

/// The value axis of a set of series: their range with a little room, or an empty axis.
bool valueRange(const QList<EdfSeries> &series, double &lo, double &hi)
{
    lo = std::numeric_limits<double>::infinity();
    hi = -lo;
    for (const EdfSeries &s : series) {
        if (s.values.empty())
            continue;
        lo = std::min(lo, s.values.front());
        hi = std::max(hi, s.values.back());
    }
    if (!(lo <= hi))
        return false;
    const double pad = hi > lo ? (hi - lo) * 0.03 : std::max(1e-9, std::abs(lo) * 0.05 + 1e-9);
    lo -= pad;
    hi += pad;
    return true;
}

} // namespace

EdfChart::EdfChart(QWidget *parent)
    : PaintedChart(parent)
    , mData(std::make_unique<EdfData>())
{
    connect(mCanvas, &PlotCanvas::hovered, this, [this](const QPointF &pos) {
        const EdfData &d = *mData;
        if (d.series.isEmpty() || !d.plot.contains(pos)) {
            QToolTip::hideText();
            return;
        }
        const double v = d.x.fromUnit((pos.x() - d.plot.left()) / d.plot.width());
        QStringList lines;
        for (const EdfSeries &s : d.series) {
            const double f = fractionAtMost(s, v);
            lines << tr("%1 ≤ %2: %3 of %4 trials (%5 %)")
                         .arg(d.valueTitle.toHtmlEscaped(), formatValue(v))
                         .arg(qlonglong(std::llround(f * double(s.values.size()))))
                         .arg(qlonglong(s.values.size()))
                         .arg(numberText(f * 100, 'f', 1));
        }
        showTooltipLines(mCanvas, pos, lines);
    });
    rebuild();
}

EdfChart::~EdfChart() = default;

QString EdfChart::chartTitle() const
{
    return tr("Empirical distribution");
}

const QList<EdfSeries> &EdfChart::series() const
{
    return mData->series;
}

double EdfChart::fractionAtMost(const EdfSeries &series, double v)
{
    if (series.values.empty())
        return 0.0;
    const auto end = std::upper_bound(series.values.begin(), series.values.end(), v);
    return double(end - series.values.begin()) / double(series.values.size());
}

void EdfChart::rebuild()
{
    mRebuildTimer.stop();
    EdfData d;
    if (mMonitor && !mMonitor->spec().metrics.isEmpty()) {
        const StudySpec &spec = mMonitor->spec();
        d.valueTitle = spec.objective().name;
        EdfSeries s;
        s.label = spec.name;
        s.color = QColor(0x1f, 0x77, 0xb4);
        for (const Trial &t : mMonitor->trials())
            if (t.state == TrialState::Complete && t.value && std::isfinite(*t.value))
                s.values.push_back(*t.value);
        std::sort(s.values.begin(), s.values.end());
        if (!s.values.empty())
            d.series.append(std::move(s));
    }
    *mData = std::move(d);
    mCanvas->update();
}

void EdfChart::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    EdfData &d = *mData;
    if (!beginPaint(painter, target, d.series.isEmpty() ? tr("No complete trials yet.") : QString()))
        return;
    const QRectF plot = paint(painter, target, d.series, d.valueTitle);
    if (paintsOnScreen(painter)) {
        d.plot = plot;
        double lo, hi;
        if (valueRange(d.series, lo, hi))
            d.x = PlotAxis::linear(lo, hi, d.valueTitle);
    }
    painter->restore();
}

QRectF EdfChart::paint(QPainter *p, const QRectF &target, const QList<EdfSeries> &series, const QString &valueTitle)
{
    const ChartStyle &style = ChartStyle::get(p);
    p->save();
    p->fillRect(target, style.backgroundColor);
    double lo, hi;
    if (!valueRange(series, lo, hi)) {
        style.drawMessage(p, target, tr("No complete trials yet."));
        p->restore();
        return {};
    }
    const PlotAxis x = PlotAxis::linear(lo, hi, valueTitle);
    const PlotAxis y = PlotAxis::linear(0, 1, tr("fraction of complete trials ≤ x"));
    const QFontMetricsF fm(style.labelFont);
    const QRectF inner = target.marginsRemoved(style.margins);
    // Legend on one line above the plot (several series only: one study needs none).
    double legendH = 0;
    if (series.size() > 1)
        legendH = fm.height() + 8;
    QRectF plot = inner;
    plot.setLeft(plot.left() + y.verticalLabelWidth(style));
    plot.setTop(plot.top() + legendH);
    plot.setBottom(plot.bottom() - PlotAxis::horizontalLabelHeight(style));
    plot.setRight(plot.right() - 8);
    x.drawHorizontal(p, plot, style);
    y.drawVertical(p, plot, style);
    if (series.size() > 1) {
        double lx = plot.left();
        p->setFont(style.labelFont);
        for (const EdfSeries &s : series) {
            const QString text = tr("%1: %2 trials").arg(s.label).arg(s.values.size());
            p->setPen(QPen(s.color, 2.5));
            p->drawLine(QPointF(lx, inner.top() + fm.height() / 2), QPointF(lx + 16, inner.top() + fm.height() / 2));
            p->setPen(style.labelColor);
            p->drawText(QPointF(lx + 22, inner.top() + fm.ascent()), text);
            lx += 22 + fm.horizontalAdvance(text) + 20;
        }
    }
    p->setRenderHint(QPainter::Antialiasing);
    p->setClipRect(plot.adjusted(-2, -2, 2, 2));
    for (const EdfSeries &s : series) {
        if (s.values.empty())
            continue;
        // A step per value, but at most one rise per pixel column: 10,000 trials draw as a
        // path of a few hundred vertices.
        const double n = double(s.values.size());
        QPainterPath path;
        double fy = plot.bottom(); // height reached so far
        path.moveTo(plot.left(), fy);
        double column = -1, columnX = plot.left();
        for (size_t i = 0; i < s.values.size(); ++i) {
            const double px = plot.left() + x.toUnit(s.values[i]) * plot.width();
            if (std::floor(px) != column) {
                path.lineTo(columnX, fy); // the rise of the previous column
                path.lineTo(px, fy);      // flat until this value
                column = std::floor(px);
                columnX = px;
            }
            fy = plot.bottom() - double(i + 1) / n * plot.height();
        }
        path.lineTo(columnX, fy);
        path.lineTo(plot.right(), fy);
        p->setPen(QPen(s.color, 2.2, Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin));
        p->setBrush(Qt::NoBrush);
        p->drawPath(path);
    }
    p->restore();
    return plot;
}

} // namespace tunescope
