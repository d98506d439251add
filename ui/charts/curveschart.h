#pragma once

#include "charts/serieschart.h"

#include <QList>
#include <QStringList>

class QAbstractAxis;
class QComboBox;
class QLineSeries;
class QValueAxis;

namespace tunescope {

class CurvesLayer;

/// Live validation curves: one metric against step for every trial of a study.
///
/// Scales to thousands of trials by drawing all curves that are not in focus as ONE
/// graphics item (CurvesLayer, decimated to first/min/max/last per pixel column) inside the
/// chart's scene; only the trials in focus (best, selected, hovered) get real QLineSeries,
/// which give them legend entries and crisp rendering. Pruned and failed trials are dimmed.
/// Data changes from the monitor, new intermediate values too, are coalesced into one
/// rebuild per ~40 ms.
class CurvesChart : public SeriesChart
{
    Q_OBJECT

public:
    explicit CurvesChart(QWidget *parent = nullptr);
    ~CurvesChart() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    /// Every metric name reported by any trial (the objective first), as in the combo.
    QStringList metricNames() const;
    QString metric() const { return mMetric; }
    /// Shows this metric; an unknown name is kept and shows empty curves until reported.
    void setMetric(const QString &name);

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

signals:
    void metricChanged(const QString &name);

private:
    void rebuild() override;
    void selectionChanged() override;
    void monitorChanged() override;
    void studyReset() override;
    bool changeNeedsRebuild(Change change) override;
    void applyAxes() override; ///< then syncLayer() and the focus series
    void logScaleChanged() override;
    bool allValuesPositive() const; ///< of the shown metric: a log axis can show them all
    void rebuildMetricList();
    void updateFocusSeries();
    void syncLayer();   ///< hands the current ranges and plot area to the curves layer
    void axisRangesChanged() override { syncLayer(); }
    void showHoverInfo(const QPointF &viewPos);

    QString mMetric;
    bool mMetricChosenByUser = false;
    int mHovered = -1;
    int mBest = -1;
    bool mMetricListDirty = true;

    QComboBox *mMetricCombo = nullptr;
    QValueAxis *mAxisX = nullptr;
    QAbstractAxis *mAxisY = nullptr;
    QLineSeries *mBestSeries = nullptr;
    QLineSeries *mSelectedSeries = nullptr;
    QLineSeries *mHoveredSeries = nullptr;
    CurvesLayer *mLayer = nullptr;   ///< owned by the chart's scene
};

} // namespace tunescope
