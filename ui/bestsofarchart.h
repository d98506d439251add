#pragma once

#include "chartview.h"

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

class StudyMonitor;
class ZoomChartView;
enum class TrialState;

/// The objective of every finished trial against its number, coloured by state, with the
/// running best (of complete trials, by the study's goal) as a step line.
///
/// Room for repeats: a later error-bar layer (mean ± value_std per trial) goes between the
/// scatter series and the step line; points are kept per trial in mPoints for that.
class BestSoFarChart : public ChartView
{
    Q_OBJECT

public:
    explicit BestSoFarChart(QWidget *parent = nullptr);
    ~BestSoFarChart() override;

    void setMonitor(StudyMonitor *monitor) override;
    StudyMonitor *monitor() const override;
    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;
    void refreshNow() override;

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
    QChart *chart() const { return mChart; }

public slots:
    void setSelectedTrial(int number);
    void resetZoom();

signals:
    void trialClicked(int number);

private:
    void scheduleRebuild();
    void rebuild();
    void applyAxes();

    QPointer<StudyMonitor> mMonitor;
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
    QTimer mRebuildTimer;
};

} // namespace tunescope
