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
enum class TrialState;

/// The objective of every finished trial against its number, coloured (and shaped) by state,
/// with the running best (of complete trials, by the study's goal) as a step line.
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

private:
    void rebuild() override;
    void selectionChanged() override;
    void applyAxes() override;
    void logScaleChanged() override;

    int mNonFinite = 0;

    QValueAxis *mAxisX = nullptr;
    QAbstractAxis *mAxisY = nullptr;
    QScatterSeries *mComplete = nullptr;
    QScatterSeries *mPruned = nullptr;
    QScatterSeries *mFailed = nullptr;   ///< failed trials that still reported a value
    QLineSeries *mBestLine = nullptr;
    ErrorBarLayer *mErrorBars = nullptr; ///< owned by the chart
};

} // namespace tunescope
