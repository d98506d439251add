#pragma once

#include "charts/batchedchart.h"

#include <QLineF>
#include <QList>
#include <QPointF>
#include <QPointer>
#include <QTimer>

class QAbstractAxis;
class QChart;
class QCheckBox;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QToolButton;

namespace tunescope {

class ErrorBarLayer;
class StudyMonitor;
class ZoomChartView;
enum class TrialState;

/// The objective of every finished trial against its number, coloured (and shaped) by state,
/// with the running best (of complete trials, by the study's goal) as a step line.
///
/// With repeats (a trial's valueStd), each point gets an error bar of ± one standard deviation:
/// a small graphics item between the scatter series and the step line (ErrorBarLayer), since
/// Qt Charts has no error-bar series.
class BestSoFarChart : public BatchedChart
{
    Q_OBJECT

public:
    explicit BestSoFarChart(QWidget *parent = nullptr);
    ~BestSoFarChart() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    /// Log scale for the objective axis; only possible while every shown value is > 0
    /// (the toggle is disabled and says why otherwise).
    void setLogScale(bool on);
    bool logScale() const { return mLogScale; }
    bool logScaleAvailable() const { return mLogAvailable; }

    // --- for tests ---
    /// The step line as drawn: (trial number, best so far) corners, ending at the last trial.
    QList<QPointF> bestLine() const;
    /// Scatter points shown for trials in this state.
    QList<QPointF> points(TrialState state) const;
    int hiddenNonFiniteCount() const { return mNonFinite; }
    /// Error bars as drawn, in value coordinates: (trial, mean - std) to (trial, mean + std).
    QList<QLineF> errorBars() const;
    QChart *chart() const { return mChart; }

public slots:
    void setSelectedTrial(int number);
    void resetZoom();

signals:
    void trialClicked(int number);

private:
    void rebuild() override;
    void monitorChanged() override;
    void studyReset() override;
    void applyAxes();

    bool mLogScale = false;
    bool mLogAvailable = false;
    int mNonFinite = 0;
    int mSelected = -1;

    QCheckBox *mLogCheck = nullptr;
    QToolButton *mResetButton = nullptr;
    QLabel *mInfoLabel = nullptr;
    ZoomChartView *mView = nullptr;
    QChart *mChart = nullptr;
    QAbstractAxis *mAxisX = nullptr;
    QAbstractAxis *mAxisY = nullptr;
    QScatterSeries *mComplete = nullptr;
    QScatterSeries *mPruned = nullptr;
    QScatterSeries *mFailed = nullptr;   ///< failed trials that still reported a value
    QScatterSeries *mSelectedMarker = nullptr;
    QLineSeries *mBestLine = nullptr;
    ErrorBarLayer *mErrorBars = nullptr; ///< owned by the chart
};

} // namespace tunescope
