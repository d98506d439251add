#include "charts/heatmapwidget.h"

#include "charts/chartstyle.h"
#include "charts/colormap.h"
#include "charts/completetrials.h"
#include "charts/hittest.h"
#include "charts/markerstamp.h"
#include "charts/plotaxis.h"
#include "charts/plotcanvas.h"
#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "charts/trialtooltip.h"

#include "charts/metricchooser.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSpinBox>
#include <QToolTip>

#include <cmath>
#include <vector>

namespace tunescope {

/// Everything the heatmap paints, computed from the monitor once per batch.
struct HeatmapData
{
    struct Point
    {
        int number = -1;
        double ux = 0, uy = 0; ///< unit positions
        double value = 0;
    };

    bool valid = false;
    QString message;           ///< shown instead of the plot when not valid
    Parameter px, py;
    PlotAxis x, y, color;
    int cols = 0, rows = 0;
    std::vector<double> agg;   ///< per cell, NaN when empty
    std::vector<int> count;
    std::vector<Point> points;
    bool maximize = false;
    int best = -1;
    // geometry of the last on-screen paint, for hover and click
    QRectF plot;

    int cell(int c, int r) const { return r * cols + c; }
    QPointF toPos(const QRectF &area, double ux, double uy) const
    {
        return {area.left() + ux * area.width(), area.bottom() - uy * area.height()};
    }
};

namespace {

/// Cell index of a unit position on an axis: one per band for categoricals, else `bins`.
int binOf(const PlotAxis &axis, double u, int bins)
{
    if (axis.kind() == PlotAxis::Kind::Categorical)
        return std::clamp(int(std::floor(u * axis.categories().size())), 0, int(axis.categories().size()) - 1);
    return std::clamp(int(std::floor(u * bins)), 0, bins - 1);
}

int binsOf(const PlotAxis &axis, int bins)
{
    return axis.kind() == PlotAxis::Kind::Categorical ? int(axis.categories().size()) : bins;
}

} // namespace

HeatmapWidget::HeatmapWidget(QWidget *parent)
    : PaintedChart(parent)
    , mData(std::make_unique<HeatmapData>())
{
    mXCombo = new QComboBox(this);
    mYCombo = new QComboBox(this);
    mAggregateCombo = new QComboBox(this);
    mAggregateCombo->addItem(tr("Mean per cell"), int(Aggregate::Mean));
    mAggregateCombo->addItem(tr("Best per cell"), int(Aggregate::Best));
    mBinsSpin = new QSpinBox(this);
    mBinsSpin->setRange(2, 50);
    mBinsSpin->setValue(mBins);
    mBinsSpin->setToolTip(tr("Cells along each numeric parameter (categoricals get one per value)"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("x:"), this));
    bar->addWidget(mXCombo);
    bar->addWidget(new QLabel(tr("y:"), this));
    bar->addWidget(mYCombo);
    mMetric = new MetricChooser(this);
    bar->addWidget(mMetric);
    bar->addWidget(mAggregateCombo);
    bar->addWidget(new QLabel(tr("Bins:"), this));
    bar->addWidget(mBinsSpin);
    bar->addStretch(1);
    addControlBar(bar);

    connect(mXCombo, &QComboBox::activated, this, &HeatmapWidget::rebuild);
    connect(mYCombo, &QComboBox::activated, this, &HeatmapWidget::rebuild);
    connect(mMetric, &MetricChooser::changed, this, &HeatmapWidget::rebuild);
    connect(mAggregateCombo, &QComboBox::activated, this, [this] {
        setAggregate(Aggregate(mAggregateCombo->currentData().toInt()));
    });
    connect(mBinsSpin, &QSpinBox::valueChanged, this, &HeatmapWidget::setBins);

    auto pointAt = [this](const QPointF &pos) {
        NearestTrial nearest(7);
        for (const HeatmapData::Point &p : mData->points)
            nearest.offerPoint(pos, mData->toPos(mData->plot, p.ux, p.uy), p.number);
        return nearest.number();
    };
    connect(mCanvas, &PlotCanvas::clicked, this, [this, pointAt](const QPointF &pos) { selectClickedTrial(pointAt(pos)); });
    connect(mCanvas, &PlotCanvas::hovered, this, [this, pointAt](const QPointF &pos) {
        const HeatmapData &d = *mData;
        if (!d.valid || !d.plot.contains(pos)) {
            QToolTip::hideText();
            return;
        }
        QStringList lines;
        const int n = pointAt(pos);
        if (const Trial *t = (n >= 0 && mMonitor) ? mMonitor->trial(n) : nullptr) {
            lines = trialTooltipLines(*t, false);
        } else {
            const double ux = (pos.x() - d.plot.left()) / d.plot.width();
            const double uy = (d.plot.bottom() - pos.y()) / d.plot.height();
            const int c = binOf(d.x, ux, d.cols), r = binOf(d.y, uy, d.rows);
            const int i = d.cell(c, r);
            if (d.count[i] == 0) {
                QToolTip::hideText();
                return;
            }
            lines << tr("%1: %2").arg(mAggregate == Aggregate::Mean ? tr("mean") : tr("best"))
                         .arg(d.agg[i], 0, 'g', 6)
                  << tr("%n trial(s) in this cell", nullptr, d.count[i]);
        }
        showTooltipLines(mCanvas, pos, lines);
    });
    rebuild();
}

HeatmapWidget::~HeatmapWidget() = default;

QString HeatmapWidget::chartTitle() const
{
    return tr("Parameter heatmap");
}

QStringList HeatmapWidget::parameterNames() const
{
    QStringList names;
    if (mMonitor)
        for (const Parameter &p : mMonitor->spec().space.searchable())
            names << p.name;
    return names;
}

void HeatmapWidget::fillCombos()
{
    const QStringList names = parameterNames();
    for (QComboBox *combo : {mXCombo, mYCombo}) {
        QStringList current;
        for (int i = 0; i < combo->count(); ++i)
            current << combo->itemText(i);
        if (current == names)
            continue;
        const QString keep = combo->currentText();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItems(names);
        const int i = combo->findText(keep);
        // defaults: the first two parameters
        combo->setCurrentIndex(i >= 0 ? i : std::min<int>(combo == mXCombo ? 0 : 1, int(names.size()) - 1));
    }
}

void HeatmapWidget::setParameters(const QString &xName, const QString &yName)
{
    fillCombos();
    mXCombo->setCurrentIndex(mXCombo->findText(xName));
    mYCombo->setCurrentIndex(mYCombo->findText(yName));
    rebuild();
}

QString HeatmapWidget::xParameter() const
{
    return mXCombo->currentText();
}

QString HeatmapWidget::yParameter() const
{
    return mYCombo->currentText();
}

void HeatmapWidget::setAggregate(Aggregate a)
{
    mAggregate = a;
    mAggregateCombo->setCurrentIndex(mAggregateCombo->findData(int(a)));
    rebuild();
}

void HeatmapWidget::setBins(int bins)
{
    bins = std::clamp(bins, 2, 50);
    if (bins == mBins)
        return;
    mBins = bins;
    const QSignalBlocker block(mBinsSpin);
    mBinsSpin->setValue(bins);
    rebuild();
}

void HeatmapWidget::rebuild()
{
    mRebuildTimer.stop();
    fillCombos();
    HeatmapData d;
    const StudySpec *spec = mMonitor ? &mMonitor->spec() : nullptr;
    const Parameter *px = spec ? spec->space.find(xParameter()) : nullptr;
    const Parameter *py = spec ? spec->space.find(yParameter()) : nullptr;
    if (!spec || spec->space.searchable().size() < 2 || !px || !py) {
        d.message = tr("The heatmap needs a study with two or more parameters.");
    } else {
        d.valid = true;
        d.px = *px;
        d.py = *py;
        mMetric->refresh(*spec, mMonitor->trials());
        d.maximize = mMetric->maximize(*spec);
        const CompleteTrials complete = CompleteTrials::of(mMonitor->trials(), [this](const Trial &t) { return mMetric->valueOf(t); });
        const QList<PlotAxis> axes = complete.parameterAxes({*px, *py});
        d.x = axes.at(0);
        d.y = axes.at(1);
        d.color = PlotAxis::linear(complete.low, complete.high, QStringLiteral("%1 (%2)").arg(mMetric->axisName(*spec),
                      mAggregate == Aggregate::Mean ? tr("mean per cell") : tr("best per cell")));
        d.cols = binsOf(d.x, mBins);
        d.rows = binsOf(d.y, mBins);
        d.agg.assign(size_t(d.cols) * d.rows, std::nan(""));
        d.count.assign(size_t(d.cols) * d.rows, 0);
        std::vector<double> sum(d.agg.size(), 0.0);
        for (size_t j = 0; j < complete.trials.size(); ++j) {
            const Trial *t = complete.trials[j];
            const double ux = d.x.toUnit(d.x.coordinate(*px, t->params.value(px->name)));
            const double uy = d.y.toUnit(d.y.coordinate(*py, t->params.value(py->name)));
            if (!std::isfinite(ux) || !std::isfinite(uy))
                continue;
            const int i = d.cell(binOf(d.x, ux, d.cols), binOf(d.y, uy, d.rows));
            const double v = complete.values[j];
            ++d.count[i];
            sum[i] += v;
            if (std::isnan(d.agg[i]) || (d.maximize ? v > d.agg[i] : v < d.agg[i]))
                d.agg[i] = v; // best so far; replaced by the mean below when asked
            d.points.push_back({t->number, ux, uy, v});
        }
        if (mAggregate == Aggregate::Mean)
            for (size_t i = 0; i < d.agg.size(); ++i)
                if (d.count[i] > 0)
                    d.agg[i] = sum[i] / d.count[i];
        if (const Trial *b = mMonitor->best())
            d.best = b->number;
        if (d.points.empty())
            d.message = tr("No complete trials yet.");
    }
    *mData = std::move(d);
    mCanvas->update();
}

void HeatmapWidget::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const ChartStyle &style = ChartStyle::get(painter);
    HeatmapData &d = *mData;
    const bool empty = !d.valid || d.points.empty();
    if (!beginPaint(painter, target, !empty ? QString() : d.message.isEmpty() ? tr("No data") : d.message))
        return;
    const QMarginsF m = style.margins;
    const double barW = colorBarWidth(d.color, style);
    QRectF plot(target.left() + m.left() + d.y.verticalLabelWidth(style), target.top() + m.top() + 6,
                0, 0);
    plot.setRight(target.right() - m.right() - barW - 18);
    plot.setBottom(target.bottom() - m.bottom() - PlotAxis::horizontalLabelHeight(style));
    if (paintsOnScreen(painter))
        d.plot = plot;

    // cells: band edges in unit space (equal cells in log space for log axes)
    const double lo = d.color.low(), hi = d.color.high();
    for (int r = 0; r < d.rows; ++r)
        for (int c = 0; c < d.cols; ++c) {
            const int i = d.cell(c, r);
            if (d.count[i] == 0)
                continue; // empty cells stay transparent
            const QRectF cell(plot.left() + plot.width() * c / d.cols, plot.bottom() - plot.height() * (r + 1) / d.rows,
                              plot.width() / d.cols, plot.height() / d.rows);
            painter->fillRect(cell.adjusted(0, 0, 0.5, 0.5), ColorMap::objective(d.agg[i], lo, hi, d.maximize));
        }
    d.x.drawHorizontal(painter, plot, style, false);
    d.y.drawVertical(painter, plot, style, false);
    painter->setPen(QPen(style.axisColor, 1));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(plot);

    // trials on top: small dark dots with a white rim, visible on every colour of the map
    painter->setRenderHint(QPainter::Antialiasing);
    MarkerStamp stamp(painter);
    const double dot = d.points.size() > 5000 ? 3.6 : 5.6;
    for (const HeatmapData::Point &p : d.points)
        stamp.draw(d.toPos(plot, p.ux, p.uy), MarkerStamp::Shape::Circle, dot, QColor(0x20, 0x20, 0x20), Qt::white);
    const int selected = selectedTrial();
    for (const HeatmapData::Point &p : d.points) {
        if (p.number != d.best && p.number != selected)
            continue;
        const QPointF pos = d.toPos(plot, p.ux, p.uy);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(Qt::white, 4));
        painter->drawEllipse(pos, 7, 7);
        painter->setPen(QPen(p.number == selected ? StateColors::selected() : StateColors::best(), 2));
        painter->drawEllipse(pos, 7, 7);
    }
    const QRectF bar(plot.right() + 18, plot.top(), 14, plot.height());
    // higher values are brighter when maximizing; the map flips for a minimized objective
    drawColorBar(painter, bar, d.color, d.maximize, style);
    painter->restore();
}

int HeatmapWidget::columns() const
{
    return mData->cols;
}

int HeatmapWidget::rows() const
{
    return mData->rows;
}

std::optional<double> HeatmapWidget::cellValue(int column, int row) const
{
    const HeatmapData &d = *mData;
    if (column < 0 || row < 0 || column >= d.cols || row >= d.rows || d.count[d.cell(column, row)] == 0)
        return std::nullopt;
    return d.agg[d.cell(column, row)];
}

int HeatmapWidget::cellCount(int column, int row) const
{
    const HeatmapData &d = *mData;
    if (column < 0 || row < 0 || column >= d.cols || row >= d.rows)
        return 0;
    return d.count[d.cell(column, row)];
}

int HeatmapWidget::pointCount() const
{
    return int(mData->points.size());
}

} // namespace tunescope
