#include "charts/serieschart.h"

#include "charts/chartstyle.h"
#include "charts/statecolors.h"
#include "charts/zoomchartview.h"

#include <QChart>
#include <QCheckBox>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTimer>
#include <QToolButton>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace tunescope {

SeriesChart::SeriesChart(QWidget *parent) : BatchedChart(parent)
{
    mChart = new QChart;
    mChart->setTheme(QChart::ChartThemeLight);
    mChart->setAnimationOptions(QChart::NoAnimation);
    mChart->setMargins(QMargins(6, 6, 6, 6));
    mChart->legend()->setAlignment(Qt::AlignBottom);
    mView = new ZoomChartView(mChart, this);

    mResetButton = new QToolButton(this);
    mResetButton->setText(tr("Reset zoom"));
    mResetButton->setToolTip(tr("Fit the axes to the data again (double click, Home)"));
    mInfoLabel = new QLabel(this);
    mBar = new QHBoxLayout;
    mBar->addWidget(mResetButton);
    mBar->addStretch(1);
    mBar->addWidget(mInfoLabel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(mBar);
    layout->addWidget(mView, 1);

    connect(mResetButton, &QToolButton::clicked, this, &SeriesChart::resetZoom);
    connect(mView, &ZoomChartView::resetRequested, this, &SeriesChart::resetZoom);
    connect(mView, &ZoomChartView::userZoomed, this, [this] { mZoomed = true; });
}

void SeriesChart::addControl(QWidget *control)
{
    mBar->insertWidget(mBar->indexOf(mResetButton), control);
}

void SeriesChart::addLogScaleToggle()
{
    mLogCheck = new QCheckBox(tr("Log scale"), this);
    addControl(mLogCheck);
    connect(mLogCheck, &QCheckBox::toggled, this, &SeriesChart::setLogScale);
}

void SeriesChart::setLogScaleAvailable(bool available, const QString &tip, const QString &whyNot)
{
    mLogAvailable = available;
    mLogCheck->setEnabled(available);
    mLogCheck->setToolTip(available ? tip : whyNot);
    if (mLogScale && !available) {
        const QSignalBlocker block(mLogCheck);
        mLogCheck->setChecked(false);
        mLogScale = false;
    } else if (available && mLogWanted && !mLogScale) {
        // After the rebuild that called this one, not inside it.
        QTimer::singleShot(0, this, [this] {
            if (mLogAvailable && mLogWanted && !mLogScale)
                setLogScale(true);
        });
    }
}

void SeriesChart::setLogScale(bool on)
{
    mLogWanted = on;
    if (on && !mLogAvailable)
        on = false;
    const QSignalBlocker block(mLogCheck);
    mLogCheck->setChecked(on);
    if (on == mLogScale)
        return;
    mLogScale = on;
    mZoomed = false;
    logScaleChanged();
}

void SeriesChart::monitorChanged()
{
    mZoomed = false;
}

void SeriesChart::studyReset()
{
    mZoomed = false;
}

void SeriesChart::resetZoom()
{
    mZoomed = false;
    mChart->zoomReset();
    applyAxes();
}

void SeriesChart::setLegendVisible(QAbstractSeries *series, bool visible) const
{
    for (QLegendMarker *m : mChart->legend()->markers(series))
        m->setVisible(visible);
}

void SeriesChart::addSelectionMarker(double size)
{
    mSelectedMarker = new QScatterSeries(this);
    mSelectedMarker->setName(tr("selected"));
    mSelectedMarker->setMarkerSize(size);
    mSelectedMarker->setBrush(Qt::NoBrush);
    mSelectedMarker->setPen(QPen(StateColors::selected(), 2.5));
    mChart->addSeries(mSelectedMarker);
}

void SeriesChart::showSelectionMarker(const QList<QPointF> &points)
{
    mSelectedMarker->replace(points);
    setLegendVisible(mSelectedMarker, !points.isEmpty());
}

QValueAxis *SeriesChart::addHorizontalAxis(const QString &title)
{
    auto *x = new QValueAxis;
    x->setTitleText(title);
    x->setLabelFormat(QStringLiteral("%g"));
    mChart->addAxis(x, Qt::AlignBottom);
    for (QAbstractSeries *s : mChart->series())
        s->attachAxis(x);
    connect(x, &QValueAxis::rangeChanged, this, &SeriesChart::axisRangesChanged);
    return x;
}

PlotMapping SeriesChart::plotMapping(const QValueAxis *x, const QAbstractAxis *y) const
{
    PlotMapping m;
    m.area = mChart->plotArea();
    m.x0 = x->min();
    m.x1 = x->max();
    if (auto *ly = qobject_cast<const QLogValueAxis *>(y)) {
        m.y0 = ly->min();
        m.y1 = ly->max();
        m.logY = true;
    } else if (auto *vy = qobject_cast<const QValueAxis *>(y)) {
        m.y0 = vy->min();
        m.y1 = vy->max();
    }
    return m;
}

bool SeriesChart::ensureVerticalAxis(QAbstractAxis *&axis, bool log)
{
    const bool haveLog = qobject_cast<QLogValueAxis *>(axis) != nullptr;
    if (axis && haveLog == log)
        return false;
    if (axis) {
        mChart->removeAxis(axis);
        delete axis;
    }
    if (log) {
        auto *y = new QLogValueAxis;
        y->setLabelFormat(QStringLiteral("%g"));
        y->setMinorTickCount(8);
        connect(y, &QLogValueAxis::rangeChanged, this, &SeriesChart::axisRangesChanged);
        axis = y;
    } else {
        auto *y = new QValueAxis;
        y->setLabelFormat(QStringLiteral("%.4g"));
        connect(y, &QValueAxis::rangeChanged, this, &SeriesChart::axisRangesChanged);
        axis = y;
    }
    mChart->addAxis(axis, Qt::AlignLeft);
    for (QAbstractSeries *s : mChart->series())
        s->attachAxis(axis);
    return true;
}

void SeriesChart::fitLogAxisLabels(QLogValueAxis *axis, double lo, double hi)
{
    const double decades = std::log10(hi / lo);
    axis->setBase(decades >= 2 ? 10.0 : std::pow(10.0, decades / 4));
    axis->setMinorTickCount(decades >= 2 ? 8 : 0);
    axis->setLabelFormat(decades >= 2 ? QStringLiteral("%g") : QStringLiteral("%.3g"));
}

void SeriesChart::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const QSizeF old = mChart->size();
    {
        const ChartTextStyle text(mChart, painter);
        mChart->resize(target.size());
        mChart->layout()->activate();
        applyAxes();
        mChart->scene()->render(painter, target, QRectF(mChart->pos(), target.size()));
    }
    mChart->resize(old);
    mChart->layout()->activate();
    applyAxes();
}

} // namespace tunescope
