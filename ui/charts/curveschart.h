#pragma once

#include "charts/chartview.h"

#include <QList>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class QAbstractAxis;
class QCheckBox;
class QChart;
class QComboBox;
class QLabel;
class QLineSeries;
class QToolButton;

namespace tunescope {

class CurvesLayer;
class StudyMonitor;
class ZoomChartView;

/// Live validation curves: one metric against step for every trial of a study.
///
/// Scales to thousands of trials by drawing all curves that are not in focus as ONE
/// graphics item (CurvesLayer, decimated to first/min/max/last per pixel column) inside the
/// chart's scene; only the trials in focus (best, selected, hovered) get real QLineSeries,
/// which give them legend entries and crisp rendering. Pruned and failed trials are dimmed.
/// Data changes from the monitor are coalesced into one rebuild per ~40 ms.
class CurvesChart : public ChartView
{
    Q_OBJECT

public:
    explicit CurvesChart(QWidget *parent = nullptr);
    ~CurvesChart() override;

    void setMonitor(StudyMonitor *monitor) override;
    StudyMonitor *monitor() const override;
    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;
    void refreshNow() override;

    /// Every metric name reported by any trial (the objective first), as in the combo.
    QStringList metricNames() const;
    QString metric() const { return mMetric; }
    /// Shows this metric; an unknown name is kept and shows empty curves until reported.
    void setMetric(const QString &name);

    /// Log scale for the metric axis; ignored (and the toggle disabled) while any plotted
    /// value is <= 0.
    void setLogScale(bool on);
    bool logScale() const { return mLogScale; }
    bool logScaleAvailable() const;

    int selectedTrial() const { return mSelected; }
    int hoveredTrial() const { return mHovered; }
    int bestTrial() const { return mBest; }

    /// Trial whose curve passes within a few pixels of pos (chart view coordinates), or -1.
    int trialAt(const QPointF &viewPos) const;
    /// Highlights the trial as if the mouse hovered it (-1: none). Used by hover and tests.
    void setHoveredTrial(int number);

    // --- for tests and benchmarks ---
    int curveCount() const;              ///< trials that have at least one finite point
    qsizetype pointCount() const;        ///< finite points held (full history, not decimated)
    qsizetype drawnPointCount() const;   ///< points painted after decimation
    QList<int> highlightedTrials() const; ///< trials shown as real series: best, selected, hovered
    double lastRebuildMs() const { return mLastRebuildMs; }
    QChart *chart() const { return mChart; }

public slots:
    /// Selection shared with the trial table; -1 clears it. Emits nothing.
    void setSelectedTrial(int number);
    /// Forgets zoom and pan and fits the axes to the data again.
    void resetZoom();

signals:
    void trialClicked(int number);
    void metricChanged(const QString &name);

private:
    void scheduleRebuild(bool metricsToo = false);
    void rebuild();
    void rebuildMetricList();
    void updateFocusSeries();
    void applyAxes();   ///< fits the ranges to the data unless zoomed, then syncLayer()
    void syncLayer();   ///< hands the current ranges and plot area to the curves layer
    void showHoverInfo(const QPointF &viewPos);

    QPointer<StudyMonitor> mMonitor;
    QString mMetric;
    bool mMetricChosenByUser = false;
    bool mLogScale = false;
    int mSelected = -1;
    int mHovered = -1;
    int mBest = -1;
    double mLastRebuildMs = 0.0;
    bool mMetricListDirty = true;

    QComboBox *mMetricCombo = nullptr;
    QCheckBox *mLogCheck = nullptr;
    QToolButton *mResetButton = nullptr;
    QLabel *mInfoLabel = nullptr;
    ZoomChartView *mView = nullptr;
    QChart *mChart = nullptr;
    QAbstractAxis *mAxisX = nullptr;
    QAbstractAxis *mAxisY = nullptr;
    QLineSeries *mBestSeries = nullptr;
    QLineSeries *mSelectedSeries = nullptr;
    QLineSeries *mHoveredSeries = nullptr;
    CurvesLayer *mLayer = nullptr;   ///< owned by the chart's scene
    QTimer mRebuildTimer;
};

} // namespace tunescope
