#include "charts/paretomatrixchart.h"

#include "analysis/pareto.h"
#include "charts/chartstyle.h"
#include "charts/hittest.h"
#include "charts/layercache.h"
#include "charts/markerstamp.h"
#include "charts/plotaxis.h"
#include "charts/plotcanvas.h"
#include "charts/statecolors.h"
#include "charts/trialtooltip.h"
#include "execution/studymonitor.h"
#include "trials/statetext.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QSet>
#include <QToolTip>

#include <cmath>
#include <vector>

namespace tunescope {

/// What the matrix paints, computed once per batch.
struct ParetoMatrixData
{
    struct Point
    {
        int number = -1;
        std::vector<double> values;
        bool front = false;
    };
    QList<MetricSpec> objectives;
    QList<PlotAxis> axes;
    std::vector<Point> points; ///< the rest first, the front last (drawn on top)
    int front = 0;
    QString message;
    QList<QRectF> cells;       ///< last on-screen paint, row-major, for hit tests
    LayerCache pointLayer; ///< the points of the last on-screen paint
};

ParetoMatrixChart::ParetoMatrixChart(QWidget *parent)
    : PaintedChart(parent)
    , mData(std::make_unique<ParetoMatrixData>())
{
    connect(mCanvas, &PlotCanvas::hovered, this, [this](const QPointF &pos) {
        const int n = trialAt(pos);
        const Trial *t = (n >= 0 && mMonitor) ? mMonitor->trial(n) : nullptr;
        if (!t) {
            QToolTip::hideText();
            return;
        }
        QStringList lines{trialTooltipHeading(*t, false)};
        for (qsizetype k = 0; k < mData->objectives.size() && k < t->values.size(); ++k)
            lines << QStringLiteral("%1: %2").arg(mData->objectives[k].name.toHtmlEscaped(), numberText(t->values[k]));
        lines << parameterTooltipLines(t->params);
        showTooltipLines(mCanvas, pos, lines);
    });
    connect(mCanvas, &PlotCanvas::clicked, this, [this](const QPointF &pos) { selectClickedTrial(trialAt(pos)); });
    rebuild();
}

ParetoMatrixChart::~ParetoMatrixChart() = default;

QString ParetoMatrixChart::chartTitle() const
{
    return tr("Pareto matrix");
}

void ParetoMatrixChart::rebuild()
{
    mRebuildTimer.stop();
    ParetoMatrixData d;
    if (!mMonitor || mMonitor->spec().metrics.size() < 3) {
        d.message = tr("The scatter matrix shows studies with three or more objectives; the Pareto front tab shows two.");
    } else {
        d.objectives = mMonitor->spec().metrics;
        const qsizetype k = d.objectives.size();
        const QList<int> frontList = paretoFront(mMonitor->trials(), d.objectives);
        const QSet<int> front(frontList.cbegin(), frontList.cend());
        std::vector<double> lo(size_t(k), INFINITY), hi(size_t(k), -INFINITY);
        std::vector<ParetoMatrixData::Point> rest, onFront;
        for (const Trial &t : mMonitor->trials()) {
            if (t.state != TrialState::Complete || t.values.size() < k)
                continue;
            ParetoMatrixData::Point p;
            p.number = t.number;
            bool finite = true;
            for (qsizetype i = 0; i < k; ++i) {
                finite = finite && std::isfinite(t.values[i]);
                p.values.push_back(t.values[i]);
            }
            if (!finite)
                continue;
            for (qsizetype i = 0; i < k; ++i) {
                lo[size_t(i)] = std::min(lo[size_t(i)], p.values[size_t(i)]);
                hi[size_t(i)] = std::max(hi[size_t(i)], p.values[size_t(i)]);
            }
            p.front = front.contains(t.number);
            (p.front ? onFront : rest).push_back(std::move(p));
        }
        d.front = int(onFront.size());
        d.points = std::move(rest);
        d.points.insert(d.points.end(), onFront.begin(), onFront.end());
        if (d.points.empty()) {
            d.message = tr("No complete trials with every objective yet.");
        } else {
            for (qsizetype i = 0; i < k; ++i) {
                const double pad = hi[size_t(i)] > lo[size_t(i)] ? (hi[size_t(i)] - lo[size_t(i)]) * 0.06 : 0.5;
                d.axes << PlotAxis::linear(lo[size_t(i)] - pad, hi[size_t(i)] + pad, d.objectives[i].name);
            }
        }
    }
    *mData = std::move(d);
    mCanvas->update();
}

void ParetoMatrixChart::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const ChartStyle &style = ChartStyle::get(painter);
    ParetoMatrixData &d = *mData;
    if (!beginPaint(painter, target, d.points.empty() ? d.message : QString()))
        return;
    const int k = int(d.objectives.size());
    const QFontMetricsF fm(style.labelFont);
    const double leftLabels = fm.horizontalAdvance(QStringLiteral("-0.0000")) + 10;
    const double bottomLabels = fm.height() + 6;
    const double legendH = fm.height() + 8;
    QRectF area = target.marginsRemoved(style.margins);
    area.setTop(area.top() + legendH);
    area.setLeft(area.left() + leftLabels);
    area.setBottom(area.bottom() - bottomLabels);
    const double gap = 8;
    const double cw = (area.width() - gap * (k - 1)) / k, ch = (area.height() - gap * (k - 1)) / k;
    QList<QRectF> cells;
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j)
            cells << QRectF(area.left() + j * (cw + gap), area.top() + i * (ch + gap), cw, ch);
    if (paintsOnScreen(painter))
        d.cells = cells;

    // Legend: front and the rest.
    const QColor frontColor(0x1f, 0x4e, 0x8c), restColor(0x9e, 0xb9, 0xd8);
    painter->setFont(style.labelFont);
    double lx = area.left();
    const QString frontText = tr("Pareto front (%1)").arg(d.front);
    const QString restText = tr("dominated (%1)").arg(qsizetype(d.points.size()) - d.front);
    for (const auto &[color, text] : {std::pair{frontColor, frontText}, std::pair{restColor, restText}}) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawEllipse(QPointF(lx + 5, target.top() + style.margins.top() + fm.height() / 2), 4.5, 4.5);
        painter->setPen(style.labelColor);
        painter->drawText(QPointF(lx + 14, target.top() + style.margins.top() + fm.ascent()), text);
        lx += 14 + fm.horizontalAdvance(text) + 22;
    }

    const double radius = d.points.size() > 3000 ? 1.5 : d.points.size() > 300 ? 2.2 : 3.2;
    // The crowd of points in every cell: on screen from an image made once per data and size
    // (10,000 trials of 3 objectives are 60,000 markers), in an export drawn directly.
    const auto paintPoints = [&d, &cells, k, radius, frontColor, restColor](QPainter *p, const QPointF &offset) {
        MarkerStamp stamp(p);
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j) {
                if (i == j)
                    continue;
                const QRectF r = cells[i * k + j].translated(offset);
                p->save();
                p->setClipRect(r.adjusted(-3, -3, 3, 3));
                for (const ParetoMatrixData::Point &pt : d.points) {
                    const QPointF q(r.left() + d.axes[j].toUnit(pt.values[size_t(j)]) * r.width(),
                                    r.bottom() - d.axes[i].toUnit(pt.values[size_t(i)]) * r.height());
                    const QColor c = pt.front ? frontColor : restColor;
                    stamp.draw(q, MarkerStamp::Shape::Circle, 2 * (pt.front ? radius + 0.8 : radius), c, c.darker(120), 0.5);
                }
                p->restore();
            }
    };
    const int selected = selectedTrial();
    for (int i = 0; i < k; ++i) {
        for (int j = 0; j < k; ++j) {
            const QRectF &r = cells[i * k + j];
            painter->setPen(QPen(style.axisColor, 1));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(r);
            if (i == j) { // the objective's name and goal
                painter->setFont(style.titleFont);
                painter->setPen(style.titleColor);
                painter->drawText(r, Qt::AlignCenter | Qt::TextWordWrap,
                                  QStringLiteral("%1\n(%2)").arg(d.objectives[i].name, goalText(d.objectives[i].goal)));
                painter->setFont(style.labelFont);
            }
            // Tick labels on the outer cells only: the bottom row and the left column.
            painter->setPen(style.labelColor);
            if (i == k - 1) {
                for (const PlotAxis::Tick &t : d.axes[j].ticks(std::max(2, int(cw / 70))))
                    if (!t.label.isEmpty() && t.unit >= 0 && t.unit <= 1)
                        painter->drawText(QRectF(r.left() + t.unit * r.width() - 40, r.bottom() + 3, 80, fm.height()),
                                          Qt::AlignHCenter | Qt::AlignTop, t.label);
            }
            if (j == 0) {
                for (const PlotAxis::Tick &t : d.axes[i].ticks(std::max(2, int(ch / 40))))
                    if (!t.label.isEmpty() && t.unit >= 0 && t.unit <= 1)
                        painter->drawText(QRectF(r.left() - leftLabels, r.bottom() - t.unit * r.height() - fm.height() / 2,
                                                 leftLabels - 5, fm.height()),
                                          Qt::AlignRight | Qt::AlignVCenter, t.label);
            }
        }
    }
    d.pointLayer.draw(painter, target, paintsOnScreen(painter), paintPoints);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(StateColors::selected(), 2));
    painter->setBrush(Qt::NoBrush);
    for (const ParetoMatrixData::Point &p : d.points) {
        if (p.number != selected)
            continue;
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j)
                if (i != j) {
                    const QRectF &r = cells[i * k + j];
                    painter->drawEllipse(QPointF(r.left() + d.axes[j].toUnit(p.values[size_t(j)]) * r.width(),
                                                 r.bottom() - d.axes[i].toUnit(p.values[size_t(i)]) * r.height()),
                                         6.5, 6.5);
                }
    }
    painter->restore();
}

int ParetoMatrixChart::trialAt(const QPointF &pos) const
{
    const ParetoMatrixData &d = *mData;
    const int k = int(d.objectives.size());
    NearestTrial nearest(6);
    for (int c = 0; c < d.cells.size(); ++c) {
        const int i = c / k, j = c % k;
        const QRectF &r = d.cells[c];
        if (i == j || !r.adjusted(-6, -6, 6, 6).contains(pos))
            continue;
        for (const ParetoMatrixData::Point &p : d.points)
            nearest.offerOnTop(std::hypot(r.left() + d.axes[j].toUnit(p.values[size_t(j)]) * r.width() - pos.x(),
                                          r.bottom() - d.axes[i].toUnit(p.values[size_t(i)]) * r.height() - pos.y()),
                               p.number);
    }
    return nearest.number();
}

QStringList ParetoMatrixChart::objectiveNames() const
{
    QStringList names;
    for (const MetricSpec &m : mData->objectives)
        names << m.name;
    return names;
}

int ParetoMatrixChart::pointCount() const
{
    return int(mData->points.size());
}

int ParetoMatrixChart::frontCount() const
{
    return mData->front;
}

} // namespace tunescope
