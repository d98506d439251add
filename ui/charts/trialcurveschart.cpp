#include "charts/trialcurveschart.h"

#include "charts/chartstyle.h"
#include "charts/plotaxis.h"
#include "charts/plotcanvas.h"
#include "compare/comparechart.h"
#include "execution/studymonitor.h"

#include <QComboBox>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QSet>

#include <cmath>
#include <limits>

namespace tunescope {

TrialCurvesChart::TrialCurvesChart(QWidget *parent) : PaintedChart(parent)
{
    mMetricCombo = new QComboBox(this);
    auto *bar = new QHBoxLayout;
    auto *label = new QLabel(tr("&Metric:"), this);
    label->setBuddy(mMetricCombo);
    bar->addWidget(label);
    bar->addWidget(mMetricCombo);
    bar->addStretch(1);
    addControlBar(bar);
    connect(mMetricCombo, &QComboBox::activated, this, [this] { setMetric(mMetricCombo->currentText()); });
}

QString TrialCurvesChart::chartTitle() const
{
    return tr("Curves of the compared trials");
}

void TrialCurvesChart::setTrials(const QList<int> &numbers)
{
    mNumbers = numbers;
    rebuild();
}

void TrialCurvesChart::setMetric(const QString &metric)
{
    mMetric = metric;
    rebuild();
}

QStringList TrialCurvesChart::metricNames() const
{
    QSet<QString> names;
    if (mMonitor)
        for (int n : mNumbers)
            if (const Trial *t = mMonitor->trial(n))
                for (auto it = t->intermediate.cbegin(); it != t->intermediate.cend(); ++it)
                    names.insert(it.key());
    QStringList sorted(names.cbegin(), names.cend());
    sorted.sort();
    return sorted;
}

void TrialCurvesChart::rebuild()
{
    mRebuildTimer.stop();
    const QStringList names = metricNames();
    // The objective first when nothing was chosen: what the trials were compared by.
    if (!names.contains(mMetric)) {
        const QString objective = mMonitor && !mMonitor->spec().metrics.isEmpty() ? mMonitor->spec().objective().name : QString();
        mMetric = names.contains(objective) ? objective : names.value(0);
    }
    QStringList held;
    for (int i = 0; i < mMetricCombo->count(); ++i)
        held << mMetricCombo->itemText(i);
    if (held != names) {
        mMetricCombo->clear();
        mMetricCombo->addItems(names);
    }
    mMetricCombo->setCurrentIndex(std::max(0, int(names.indexOf(mMetric))));
    mCanvas->update();
}

void TrialCurvesChart::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const ChartStyle &style = ChartStyle::get(painter);
    QList<const Trial *> trials;
    double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
    if (mMonitor) {
        for (int n : mNumbers) {
            const Trial *t = mMonitor->trial(n);
            trials << t;
            if (!t)
                continue;
            for (const MetricPoint &p : t->intermediate.value(mMetric)) {
                if (!std::isfinite(p.value))
                    continue;
                xlo = std::min(xlo, double(p.step));
                xhi = std::max(xhi, double(p.step));
                ylo = std::min(ylo, p.value);
                yhi = std::max(yhi, p.value);
            }
        }
    }
    if (!beginPaint(painter, target, ylo <= yhi ? QString() : tr("None of these trials reported a value yet.")))
        return;
    if (xhi <= xlo)
        xhi = xlo + 1;
    const double pad = yhi > ylo ? (yhi - ylo) * 0.05 : std::max(1e-9, std::abs(ylo) * 0.05);
    const PlotAxis x = PlotAxis::counting(xlo, xhi, tr("step"));
    const PlotAxis y = PlotAxis::linear(ylo - pad, yhi + pad, mMetric);
    const QFontMetricsF fm(style.labelFont);
    const QRectF inner = target.marginsRemoved(style.margins);
    QRectF plot = inner;
    plot.setLeft(plot.left() + y.verticalLabelWidth(style));
    plot.setTop(plot.top() + fm.height() + 8);
    plot.setBottom(plot.bottom() - PlotAxis::horizontalLabelHeight(style));
    plot.setRight(plot.right() - 8);
    x.drawHorizontal(painter, plot, style);
    y.drawVertical(painter, plot, style);
    double lx = plot.left();
    painter->setFont(style.labelFont);
    for (int i = 0; i < mNumbers.size(); ++i) {
        const QString text = tr("trial %1").arg(mNumbers[i]);
        painter->setPen(QPen(CompareChart::seriesColor(i), 2.5));
        painter->drawLine(QPointF(lx, inner.top() + fm.height() / 2), QPointF(lx + 16, inner.top() + fm.height() / 2));
        painter->setPen(style.labelColor);
        painter->drawText(QPointF(lx + 22, inner.top() + fm.ascent()), text);
        lx += 22 + fm.horizontalAdvance(text) + 18;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setClipRect(plot.adjusted(-2, -2, 2, 2));
    for (int i = 0; i < trials.size(); ++i) {
        if (!trials[i])
            continue;
        QPainterPath path;
        bool started = false;
        for (const MetricPoint &p : trials[i]->intermediate.value(mMetric)) {
            if (!std::isfinite(p.value)) {
                started = false; // a gap where the value is not a number
                continue;
            }
            const QPointF q(plot.left() + x.toUnit(double(p.step)) * plot.width(), plot.bottom() - y.toUnit(p.value) * plot.height());
            if (started)
                path.lineTo(q);
            else
                path.moveTo(q);
            started = true;
        }
        painter->setPen(QPen(CompareChart::seriesColor(i), trials[i]->number == selectedTrial() ? 3.2 : 2.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(path);
    }
    painter->restore();
}

} // namespace tunescope
