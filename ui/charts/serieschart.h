#pragma once

#include "charts/batchedchart.h"
#include "charts/plotmapping.h"

#include <QList>
#include <QPointF>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QCheckBox;
class QHBoxLayout;
class QLabel;
class QLogValueAxis;
class QScatterSeries;
class QToolButton;
class QValueAxis;

namespace tunescope {

class ZoomChartView;

/// A BatchedChart drawn with Qt Charts (validation curves, best so far, Pareto front): a
/// QChart in a ZoomChartView under a bar of the chart's controls, "Reset zoom" and an info
/// label. The axes follow the data until the user zooms or pans, and again after a reset, a
/// new monitor or a reloaded study; exports render the chart's scene at the size asked for.
class SeriesChart : public BatchedChart
{
    Q_OBJECT

public:
    explicit SeriesChart(QWidget *parent = nullptr);

    void renderChart(QPainter *painter, const QRectF &target) override;
    QChart *chart() const { return mChart; }

    /// Log scale for the vertical axis, in charts that offer it; ignored (and the toggle
    /// disabled) while some shown value cannot go on a log axis.
    void setLogScale(bool on);
    bool logScale() const { return mLogScale; }
    /// The user's choice, kept while the log scale is unavailable and applied once it is
    /// available again (a remembered preference, or a study whose values turn positive).
    bool logScaleWanted() const { return mLogWanted; }
    bool logScaleAvailable() const { return mLogAvailable; }

public slots:
    /// Forgets zoom and pan and fits the axes to the data again.
    void resetZoom();

protected:
    /// Fits the axes to the data unless zoomed(), with whatever depends on their ranges.
    /// Also called when an export resized the chart, and when it is back to its size.
    virtual void applyAxes() = 0;
    void monitorChanged() override;
    void studyReset() override;

    /// Puts a control into the bar above the chart, after those before it.
    void addControl(QWidget *control);
    /// Puts the "Log scale" toggle into the bar.
    void addLogScaleToggle();
    /// Says, after a rebuild, whether a log axis can show every value; when it cannot, the
    /// toggle is disabled with whyNot as its tooltip and a log scale is left.
    void setLogScaleAvailable(bool available, const QString &tip, const QString &whyNot);
    /// The log scale was switched on or off (zoom forgotten already): show it.
    virtual void logScaleChanged() {}
    bool zoomed() const { return mZoomed; }
    /// The next applyAxes() fits the axes to the data again, as after "Reset zoom".
    void forgetZoom() { mZoomed = false; }

    /// Shows or hides the legend entry of a series.
    void setLegendVisible(QAbstractSeries *series, bool visible) const;
    /// A ring around the selected trial, as a series added now (so on top of the ones before).
    void addSelectionMarker(double size);
    /// Where the ring stands (no point: hidden, legend entry too).
    void showSelectionMarker(const QList<QPointF> &points);

    /// The axes' ranges changed (a fit, a zoom, a pan): layers painted under the series follow.
    virtual void axisRangesChanged() {}
    /// Ranges and plot area of these axes, for the layers that paint under the series.
    PlotMapping plotMapping(const QValueAxis *x, const QAbstractAxis *y) const;

    /// A linear horizontal axis under every series so far.
    QValueAxis *addHorizontalAxis(const QString &title);
    /// Makes axis (nullptr: none yet) a vertical logarithmic or linear one as `log` asks,
    /// replacing it under every series when it is of the other kind; returns whether it did.
    bool ensureVerticalAxis(QAbstractAxis *&axis, bool log);
    /// QLogValueAxis labels only the powers of its base: under two decades base 10 would leave
    /// one label or none, so this picks a base that puts four or five into [lo, hi].
    static void fitLogAxisLabels(QLogValueAxis *axis, double lo, double hi);

    QChart *mChart = nullptr;
    ZoomChartView *mView = nullptr;
    QLabel *mInfoLabel = nullptr;

private:
    QHBoxLayout *mBar = nullptr;
    QToolButton *mResetButton = nullptr;
    QScatterSeries *mSelectedMarker = nullptr;
    QCheckBox *mLogCheck = nullptr;
    bool mZoomed = false;
    bool mLogScale = false;
    bool mLogWanted = false;
    bool mLogAvailable = false;
};

} // namespace tunescope
