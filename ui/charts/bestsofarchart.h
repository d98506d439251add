#pragma once

#include "charts/serieschart.h"

#include <QLineF>
#include <QList>
#include <QPointF>

class QAbstractAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace tunescope {

class ErrorBarLayer;
class MetricChooser;
class PointsLayer;
enum class TrialState;

/// The objective (or any reported metric: its last value, MetricChooser) of every finished
/// trial against its number, coloured (and shaped) by state,
/// with the running best (of complete trials, by the study's goal) as a step line. The points
/// are one painted layer (PointsLayer), so 100,000 trials draw as fast as a hundred.
///
/// With repeats (a trial's valueStd), each point gets an error bar of ± one standard deviation:
/// a small graphics item between the scatter series and the step line (ErrorBarLayer), since
/// Qt Charts has no error-bar series.
class BestSoFarChart : public SeriesChart
{
    Q_OBJECT

public:
    explicit BestSoFarChart(QWidget *parent = nullptr);
    ~BestSoFarChart() override;

    QString chartTitle() const override;

    // --- for tests ---
    /// The step line as drawn: (trial number, best so far) corners, ending at the last trial.
    QList<QPointF> bestLine() const;
    /// Scatter points shown for trials in this state.
    QList<QPointF> points(TrialState state) const;
    int hiddenNonFiniteCount() const { return mNonFinite; }
    /// Error bars as drawn, in value coordinates: (trial, mean - std) to (trial, mean + std).
    QList<QLineF> errorBars() const;
    MetricChooser *metricChooser() const { return mMetric; }

private:
    void rebuild() override;
    void selectionChanged() override;
    void applyAxes() override;
    void logScaleChanged() override;
    void syncLayer(); ///< hands the current ranges and plot area to the points layer
    void axisRangesChanged() override { syncLayer(); }

    int mNonFinite = 0;
    MetricChooser *mMetric = nullptr;

    QValueAxis *mAxisX = nullptr;
    QAbstractAxis *mAxisY = nullptr;
    // Legend entries only (shape and colour of each state); the points are mPoints.
    QScatterSeries *mComplete = nullptr;
    QScatterSeries *mPruned = nullptr;
    QScatterSeries *mFailed = nullptr;   ///< failed trials that still reported a value
    PointsLayer *mPoints = nullptr;      ///< owned by the chart
    QLineSeries *mBestLine = nullptr;
    ErrorBarLayer *mErrorBars = nullptr; ///< owned by the chart
};

} // namespace tunescope
