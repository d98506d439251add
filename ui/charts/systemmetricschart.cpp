#include "charts/systemmetricschart.h"

#include "trials/statetext.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace tunescope {

namespace {

constexpr int kStripHeight = 46;
constexpr int kLabelWidth = 150;

/// The series of a sys/ metric: "sys/rss_mb", or the first repeat's "sys/rss_mb[0]".
const QList<MetricPoint> *series(const Trial &t, const QString &metric)
{
    auto it = t.intermediate.constFind(metric);
    if (it == t.intermediate.constEnd())
        it = t.intermediate.constFind(metric + QStringLiteral("[0]"));
    return it == t.intermediate.constEnd() || it->isEmpty() ? nullptr : &*it;
}

} // namespace

SystemMetricsChart::SystemMetricsChart(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    hide();
}

void SystemMetricsChart::setTrial(const Trial *trial)
{
    mStrips.clear();
    if (trial) {
        const QList<Strip> wanted{
            {QStringLiteral("sys/cpu_percent"), tr("CPU"), tr("%"), {}},
            {QStringLiteral("sys/rss_mb"), tr("Memory (RSS)"), tr("MiB"), {}},
            {QStringLiteral("sys/gpu_util"), tr("GPU utilization"), tr("%"), {}},
            {QStringLiteral("sys/gpu_mem_mb"), tr("GPU memory"), tr("MiB"), {}},
        };
        for (Strip strip : wanted) {
            if (const QList<MetricPoint> *points = series(*trial, strip.metric)) {
                strip.points = *points;
                mStrips << strip;
            }
        }
    }
    setFixedHeight(std::max<int>(1, int(mStrips.size()) * kStripHeight + 4));
    setVisible(!mStrips.isEmpty());
    update();
}

QStringList SystemMetricsChart::shownMetrics() const
{
    QStringList names;
    for (const Strip &s : mStrips)
        names << s.metric;
    return names;
}

QSize SystemMetricsChart::sizeHint() const
{
    return {400, int(mStrips.size()) * kStripHeight + 4};
}

QSize SystemMetricsChart::minimumSizeHint() const
{
    return {kLabelWidth + 80, int(mStrips.size()) * kStripHeight + 4};
}

void SystemMetricsChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor line = pal.color(QPalette::Highlight);
    const QColor grid = pal.color(QPalette::Mid);
    double lastSecond = 1.0;
    for (const Strip &s : std::as_const(mStrips))
        lastSecond = std::max(lastSecond, double(s.points.last().step));
    for (qsizetype i = 0; i < mStrips.size(); ++i) {
        const Strip &s = mStrips.at(i);
        const QRect box(0, int(i) * kStripHeight + 2, width(), kStripHeight - 4);
        double peak = 0.0;
        for (const MetricPoint &pt : s.points)
            peak = std::max(peak, pt.value);
        // Label: what, now and the peak, so the numbers are there without reading the curve.
        p.setPen(pal.color(QPalette::WindowText));
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.drawText(box.adjusted(4, 0, 0, -box.height() / 2), Qt::AlignLeft | Qt::AlignVCenter, s.title);
        p.setFont(font());
        p.drawText(box.adjusted(4, box.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("%1 %2 (peak %3)").arg(numberText(s.points.last().value, 'f', 0), s.unit, numberText(peak, 'f', 0)));
        const QRectF plot = QRectF(box).adjusted(kLabelWidth, 3, -4, -3);
        if (plot.width() < 10)
            continue;
        p.setPen(QPen(grid, 1));
        p.drawRect(plot);
        const double top = peak > 0 ? peak * 1.1 : 1.0;
        QPainterPath path;
        for (qsizetype k = 0; k < s.points.size(); ++k) {
            const QPointF at(plot.left() + plot.width() * double(s.points.at(k).step) / lastSecond,
                             plot.bottom() - plot.height() * std::clamp(s.points.at(k).value / top, 0.0, 1.0));
            if (k == 0)
                path.moveTo(at);
            else
                path.lineTo(at);
        }
        p.setPen(QPen(line, 1.5));
        p.drawPath(path);
    }
}

} // namespace tunescope
