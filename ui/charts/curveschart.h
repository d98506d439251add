#pragma once

#include "charts/curveslayer.h"
#include "charts/serieschart.h"

#include <QList>
#include <QSet>
#include <QStringList>

class QAbstractAxis;
class QComboBox;
class QLineSeries;
class QSpinBox;
class QValueAxis;

namespace tunescope {

class TopTrialsFilter;

/// Live validation curves: one metric against step for every trial of a study.
///
/// All curves not in focus are ONE graphics item (CurvesLayer) inside the chart's scene; only
/// the trials in focus (best, selected, hovered) get real QLineSeries, which give them legend
/// entries and crisp rendering. A few hundred curves are drawn as faint lines coloured by
/// state; beyond that (or when the user asks) as a density, how many curves pass through each
/// pixel, or as quantile bands over steps, with the running trials and the top-k trials by the
/// objective as lines on top. Changes from the monitor are coalesced into one update per
/// ~40 ms, and an update of a live study costs what is new: the trials that changed are
/// followed from their new points on, and the axes move only when the data leave them.
class CurvesChart : public SeriesChart
{
    Q_OBJECT

public:
    /// What the user chose in the "Draw" box; Auto is lines up to autoLinesLimit curves.
    enum class DrawMode { Auto, Lines, Density, Bands };
    Q_ENUM(DrawMode)
    static constexpr int autoLinesLimit = 200;

    explicit CurvesChart(QWidget *parent = nullptr);
    ~CurvesChart() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    /// Every metric name reported by any trial (the objective first), as in the combo.
    QStringList metricNames() const;
    QString metric() const { return mMetric; }
    /// Shows this metric; an unknown name is kept and shows empty curves until reported.
    void setMetric(const QString &name);

    void setDrawMode(DrawMode mode);
    DrawMode drawMode() const { return mDrawMode; }
    /// The mode in use: Auto resolved by the number of curves.
    CurvesMode effectiveMode() const { return mLayer->mode(); }
    /// How many of the best complete trials are drawn as lines over a density or the bands.
    void setTopCount(int k);
    int topCount() const { return mTopCount; }

    /// "Show: all / top k / top %": only the best complete trials' curves (by the objective);
    /// unfinished trials are left out while it filters.
    TopTrialsFilter *topFilter() const { return mFilter; }
    /// Trials left out by the top filter (0 when it shows all).
    int filteredOut() const { return mFilteredOut; }

    int hoveredTrial() const { return mHovered; }
    int bestTrial() const { return mBest; }

    /// Trial whose curve passes within a few pixels of pos (chart view coordinates), or -1.
    int trialAt(const QPointF &viewPos) const;
    /// Highlights the trial as if the mouse hovered it (-1: none). Used by hover and tests.
    void setHoveredTrial(int number);

    // --- for tests and benchmarks ---
    int curveCount() const;              ///< trials that have at least one finite point
    qsizetype pointCount() const;        ///< finite points held (full history, not decimated)
    qsizetype drawnPointCount() const;   ///< points painted as lines after decimation
    QList<int> highlightedTrials() const; ///< trials shown as real series: best, selected, hovered
    QList<int> topTrials() const { return mLayer->onTop(); }
    quint32 densityMaximum() const { return mLayer->densityMaximum(); }
    qsizetype densityCurves() const { return mLayer->densityCurves(); }
    /// Whether the density is being counted on a worker thread.
    bool preparing() const { return mLayer->preparing(); }
    /// Full rebuilds so far (a study loaded, the metric or mode changed, data not followable).
    int fullRebuilds() const { return mFullRebuilds; }
    /// Draws what is cached for the next paint now: the window calls it once a study is
    /// loaded, so that showing the tab only blits.
    void prepare() override;

signals:
    void metricChanged(const QString &name);
    /// The user chose a metric in the list or changed the top filter (to be remembered).
    void choiceChanged();

private:
    void rebuild() override;
    void selectionChanged() override;
    void monitorChanged() override;
    void studyReset() override;
    bool changeNeedsRebuild(Change change) override;
    void applyAxes() override; ///< then syncLayer() and the focus series
    void logScaleChanged() override;
    void axisRangesChanged() override { syncLayer(); }
    void fullRebuild();
    void followChanges(); ///< the trials in mChanged, from their new points on
    void fitAxes(bool onlyIfOutside);
    void rebuildMetricList();
    void noteMetrics(const Trial &t);
    void updateFocusSeries();
    void updateTopTrials();
    void updateLabels();
    void applyMode();
    void syncLayer();   ///< hands the current ranges and plot area to the curves layer
    void showHoverInfo(const QPointF &viewPos);
    /// The trials the top filter keeps (mShown), and mFilteredOut; all when it shows all.
    void applyTopFilter();
    bool filtering() const;

    QString mMetric;
    bool mMetricChosenByUser = false;
    int mHovered = -1;
    int mBest = -1;
    bool mMetricListDirty = true;
    QStringList mKnownMetrics;       ///< every metric name seen, for the combo
    QSet<QString> mKnownMetricSet;
    DrawMode mDrawMode = DrawMode::Auto;
    int mTopCount = 10;
    bool mNeedFull = true;           ///< the next update rebuilds everything
    QSet<int> mChanged;              ///< trials changed since the last update
    int mFullRebuilds = 0;
    QSet<int> mShown;                ///< while filtering: the trials the top filter keeps
    int mFilteredOut = 0;

    QComboBox *mMetricCombo = nullptr;
    QComboBox *mModeCombo = nullptr;
    QSpinBox *mTopSpin = nullptr;
    TopTrialsFilter *mFilter = nullptr;
    QValueAxis *mAxisX = nullptr;
    QAbstractAxis *mAxisY = nullptr;
    QLineSeries *mBestSeries = nullptr;
    QLineSeries *mSelectedSeries = nullptr;
    QLineSeries *mHoveredSeries = nullptr;
    QLineSeries *mTopLegend = nullptr;
    CurvesLayer *mLayer = nullptr;   ///< owned by the chart's scene
};

} // namespace tunescope
