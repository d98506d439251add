#include "compare/comparechart.h"
#include "trials/statetext.h"

#include "charts/chartstyle.h"
#include "charts/edfchart.h"
#include "charts/hypervolumechart.h"
#include "analysis/hypervolume.h"
#include "analysis/comparison.h"
#include "charts/plotaxis.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {

/// The value axis' range from the values' lo and hi: widened when they are equal, rounded out
/// to nice ticks. Without a finite value (lo infinite) it draws why there is no plot instead
/// and returns false.
bool fitValueRange(QPainter *p, const QRectF &target, double &lo, double &hi)
{
    if (!std::isfinite(lo)) {
        ChartStyle::get(p).drawMessage(p, target, QObject::tr("No complete trials to compare yet."));
        return false;
    }
    if (hi - lo <= 0) {
        const double pad = std::max(std::abs(lo) * 0.05, 1e-9);
        lo -= pad;
        hi += pad;
    }
    niceRange(lo, hi, 6);
    return true;
}

/// The plot inside inner: `labelWidth` right of its left edge and `top` below its top, above
/// the horizontal axis' labels; null when too small to draw in.
QRectF plotArea(const QRectF &inner, double labelWidth, double top, const ChartStyle &style)
{
    QRectF plot(inner.left() + labelWidth, inner.top() + top, 0, 0);
    plot.setRight(inner.right() - 8);
    plot.setBottom(inner.bottom() - PlotAxis::horizontalLabelHeight(style));
    return plot.width() < 20 || plot.height() < 20 ? QRectF() : plot;
}

/// Legend entries left to right, wrapping; returns the height used.
double drawLegend(QPainter *p, const QRectF &area, const QStringList &labels, bool dryRun)
{
    const ChartStyle &style = ChartStyle::get(p);
    const QFontMetricsF fm(style.labelFont);
    p->setFont(style.labelFont);
    double x = area.left(), y = area.top();
    const double lineH = fm.height() + 4;
    for (int i = 0; i < labels.size(); ++i) {
        const QString text = fm.elidedText(labels[i], Qt::ElideRight, area.width() * 0.6);
        const double w = 22 + fm.horizontalAdvance(text) + 16;
        if (x + w > area.right() && x > area.left()) {
            x = area.left();
            y += lineH;
        }
        if (!dryRun) {
            p->setPen(QPen(CompareChart::seriesColor(i), 2.5));
            p->drawLine(QPointF(x, y + lineH / 2), QPointF(x + 16, y + lineH / 2));
            p->setPen(style.labelColor);
            p->drawText(QRectF(x + 22, y, w, lineH), Qt::AlignLeft | Qt::AlignVCenter, text);
        }
        x += w;
    }
    return labels.isEmpty() ? 0 : y - area.top() + lineH;
}
} // namespace

CompareChart::CompareChart(Kind kind, QWidget *parent) : QWidget(parent), mKind(kind)
{
    setMinimumSize(320, 220);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void CompareChart::setComparison(std::shared_ptr<const StudyComparison> comparison)
{
    mComparison = std::move(comparison);
    update();
}

QColor CompareChart::seriesColor(int index)
{
    static const QColor colors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                    QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                    QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                                    QColor(0x17, 0xbe, 0xcf)};
    return colors[index % 10];
}

void CompareChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = rect();
    if (!mComparison) {
        p.fillRect(r, ChartStyle::get().backgroundColor);
        ChartStyle::get().drawMessage(&p, r, tr("Pick two or more studies to compare."));
        return;
    }
    switch (mKind) {
    case Kind::BestSoFar: paintBestSoFar(&p, r, *mComparison); break;
    case Kind::Distribution: paintDistribution(&p, r, *mComparison); break;
    case Kind::Edf: paintEdf(&p, r, *mComparison); break;
    case Kind::Hypervolume: paintHypervolume(&p, r, *mComparison); break;
    }
}

bool CompareChart::hasHypervolume(const StudyComparison &comparison)
{
    const QList<ComparedStudy> &studies = comparison.studies();
    if (studies.isEmpty() || studies.first().data.spec.metrics.size() < 2)
        return false;
    const QList<MetricSpec> &first = studies.first().data.spec.metrics;
    return std::all_of(studies.cbegin(), studies.cend(), [&first](const ComparedStudy &s) {
        const QList<MetricSpec> &m = s.data.spec.metrics;
        if (m.size() != first.size())
            return false;
        for (qsizetype k = 0; k < m.size(); ++k)
            if (m[k].name != first[k].name || m[k].goal != first[k].goal)
                return false;
        return true;
    });
}

void CompareChart::paintHypervolume(QPainter *p, const QRectF &target, const StudyComparison &comparison)
{
    if (!hasHypervolume(comparison)) {
        p->fillRect(target, ChartStyle::get(p).backgroundColor);
        ChartStyle::get(p).drawMessage(p, target, tr("Hypervolume compares studies with the same two or more objectives."));
        return;
    }
    const QList<MetricSpec> &metrics = comparison.studies().first().data.spec.metrics;
    std::vector<std::vector<double>> all;
    for (const ComparedStudy &s : comparison.studies()) {
        const std::vector<std::vector<double>> v = minimizationVectors(s.data.trials, metrics);
        all.insert(all.end(), v.begin(), v.end());
    }
    const std::vector<double> reference = defaultReferencePoint(all);
    QList<HypervolumeSeries> series;
    QStringList ref;
    for (size_t k = 0; k < reference.size(); ++k)
        ref << QStringLiteral("%1 = %2").arg(metrics[qsizetype(k)].name,
                                             formatValue(metrics[qsizetype(k)].goal == Goal::Maximize ? -reference[k] : reference[k]));
    for (int i = 0; i < comparison.studies().size(); ++i) {
        const ComparedStudy &s = comparison.studies()[i];
        series.append({s.label, seriesColor(i),
                       reference.empty() ? QList<double>() : hypervolumeHistory(s.data.trials, metrics, reference).values});
    }
    HypervolumeChart::paint(p, target, series, tr("reference point: %1").arg(ref.join(QStringLiteral(", "))));
}

void CompareChart::paintEdf(QPainter *p, const QRectF &target, const StudyComparison &comparison)
{
    QList<EdfSeries> series;
    const QList<ValueDistribution> dists = comparison.distributions();
    for (int i = 0; i < dists.size(); ++i) {
        EdfSeries s;
        s.label = dists[i].label;
        s.color = seriesColor(i);
        s.values.assign(dists[i].values.cbegin(), dists[i].values.cend());
        std::sort(s.values.begin(), s.values.end());
        series.append(std::move(s));
    }
    EdfChart::paint(p, target, series, comparison.metricName());
}

void CompareChart::paintBestSoFar(QPainter *p, const QRectF &target, const StudyComparison &comparison)
{
    const ChartStyle &style = ChartStyle::get(p);
    p->save();
    p->fillRect(target, style.backgroundColor);
    const QList<BestSoFarSeries> series = comparison.bestSoFar();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    qsizetype length = 0;
    for (const BestSoFarSeries &s : series) {
        length = std::max(length, s.mean.size());
        for (qsizetype i = 0; i < s.mean.size(); ++i) {
            for (double v : {s.lower[i], s.upper[i]}) {
                if (std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            }
        }
    }
    if (!fitValueRange(p, target, lo, hi)) {
        p->restore();
        return;
    }
    double xlo = 1, xhi = std::max<double>(2, double(length));
    const PlotAxis xAxis = PlotAxis::counting(xlo, xhi, QObject::tr("finished trials"));
    const PlotAxis yAxis = PlotAxis::linear(lo, hi, QObject::tr("best %1 so far (%2)").arg(comparison.metricName(), goalText(comparison.goal())));

    QStringList labels;
    for (const BestSoFarSeries &s : series) {
        labels << (s.members.size() > 1 ? QObject::tr("%1 (%2 runs: mean, band min–max)").arg(s.label, QString::number(s.members.size()))
                                        : s.label);
    }
    const QRectF inner = target.marginsRemoved(style.margins);
    const double legendH = drawLegend(p, inner, labels, true);
    const QRectF plot = plotArea(inner, yAxis.verticalLabelWidth(style), legendH + 8, style);
    if (plot.isNull()) {
        p->restore();
        return;
    }
    xAxis.drawHorizontal(p, plot, style);
    yAxis.drawVertical(p, plot, style);
    drawLegend(p, inner, labels, false);

    auto at = [&](double x, double y) {
        return QPointF(plot.left() + xAxis.toUnit(x) * plot.width(), plot.bottom() - yAxis.toUnit(y) * plot.height());
    };
    p->setClipRect(plot.adjusted(-2, -2, 2, 2));
    for (int k = 0; k < series.size(); ++k) {
        const BestSoFarSeries &s = series[k];
        const QColor color = seriesColor(k);
        // Band first (under every line), as steps like the lines themselves.
        if (s.members.size() > 1) {
            QPolygonF upper, lower;
            for (qsizetype i = 0; i < s.mean.size(); ++i) {
                if (!std::isfinite(s.upper[i]))
                    continue;
                const double x0 = double(i + 1), x1 = std::min(double(i + 2), double(s.mean.size()));
                upper << at(x0, s.upper[i]) << at(x1, s.upper[i]);
                lower << at(x0, s.lower[i]) << at(x1, s.lower[i]);
            }
            std::reverse(lower.begin(), lower.end());
            QColor fill = color;
            fill.setAlpha(48);
            p->setPen(Qt::NoPen);
            p->setBrush(fill);
            p->drawPolygon(upper + lower);
        }
        QPainterPath path;
        bool started = false;
        for (qsizetype i = 0; i < s.mean.size(); ++i) {
            if (!std::isfinite(s.mean[i]))
                continue;
            const QPointF pt = at(double(i + 1), s.mean[i]);
            if (!started) {
                path.moveTo(pt);
                started = true;
            } else {
                path.lineTo(QPointF(pt.x(), path.currentPosition().y()));
                path.lineTo(pt);
            }
        }
        p->setBrush(Qt::NoBrush);
        p->setPen(QPen(color, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p->drawPath(path);
    }
    p->restore();
}

void CompareChart::paintDistribution(QPainter *p, const QRectF &target, const StudyComparison &comparison)
{
    const ChartStyle &style = ChartStyle::get(p);
    p->save();
    p->fillRect(target, style.backgroundColor);
    const QList<ValueDistribution> dists = comparison.distributions();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    QStringList categories;
    for (const ValueDistribution &d : dists) {
        categories.prepend(d.label); // first study on top
        if (!d.isEmpty()) {
            lo = std::min(lo, d.min);
            hi = std::max(hi, d.max);
        }
    }
    if (!fitValueRange(p, target, lo, hi)) {
        p->restore();
        return;
    }
    const PlotAxis xAxis = PlotAxis::linear(lo, hi, QObject::tr("%1 of complete trials (%2)").arg(comparison.metricName(), goalText(comparison.goal())));
    const PlotAxis yAxis = PlotAxis::categorical(categories, QString());
    const QRectF inner = target.marginsRemoved(style.margins);
    const QRectF plot = plotArea(inner, std::min(yAxis.verticalLabelWidth(style), inner.width() * 0.35), 4, style);
    if (plot.isNull()) {
        p->restore();
        return;
    }
    xAxis.drawHorizontal(p, plot, style);
    yAxis.drawVertical(p, plot, style, false);

    const double band = plot.height() / std::max<qsizetype>(1, dists.size());
    auto xOf = [&](double v) { return plot.left() + xAxis.toUnit(v) * plot.width(); };
    for (int k = 0; k < dists.size(); ++k) {
        const ValueDistribution &d = dists[k];
        if (d.isEmpty())
            continue;
        const double cy = plot.bottom() - yAxis.toUnit(double(dists.size() - 1 - k)) * plot.height();
        const double boxH = std::min(band * 0.5, 36.0);
        const QColor color = CompareChart::seriesColor(k);
        // Whiskers from min to max, then the box from the first to the third quartile.
        p->setPen(QPen(style.labelColor, 1.2));
        p->drawLine(QPointF(xOf(d.min), cy), QPointF(xOf(d.max), cy));
        p->drawLine(QPointF(xOf(d.min), cy - boxH / 4), QPointF(xOf(d.min), cy + boxH / 4));
        p->drawLine(QPointF(xOf(d.max), cy - boxH / 4), QPointF(xOf(d.max), cy + boxH / 4));
        QColor fill = color;
        fill.setAlpha(70);
        p->setBrush(fill);
        p->setPen(QPen(color.darker(130), 1.2));
        p->drawRect(QRectF(QPointF(xOf(d.q1), cy - boxH / 2), QPointF(xOf(d.q3), cy + boxH / 2)));
        p->setPen(QPen(color.darker(160), 2.4));
        p->drawLine(QPointF(xOf(d.median), cy - boxH / 2), QPointF(xOf(d.median), cy + boxH / 2));
        // The trials themselves, jittered (deterministically) so that equal values stay visible.
        p->setPen(QPen(color.darker(140), 0.8));
        QColor dot = color;
        dot.setAlpha(150);
        p->setBrush(dot);
        for (qsizetype i = 0; i < d.values.size(); ++i) {
            const double jitter = (double((i * 2654435761u) % 1000) / 1000.0 - 0.5) * boxH * 0.9;
            p->drawEllipse(QPointF(xOf(d.values[i]), cy + jitter), 2.6, 2.6);
        }
    }
    p->restore();
}

} // namespace tunescope
