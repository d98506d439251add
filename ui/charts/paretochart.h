#pragma once

#include "charts/serieschart.h"

#include <QList>
#include <QPointF>
#include <QStringList>

class QComboBox;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace tunescope {

/// The Pareto front of a multi-objective study: every complete trial as a point in the plane
/// of two objectives (chosen in combos when the study has more), the trials that no other
/// trial dominates in all objectives highlighted and joined by a step line.
///
/// Only complete trials are drawn: pruned and failed trials have no full objective vector,
/// and a point with a NaN/inf value in a shown objective has no place in the plane; both are
/// counted in the info line instead. With three or more objectives a member of the front may
/// be dominated in the projection, so the trials non-dominated in the two shown objectives
/// get a ring of their own, and the step line follows them (the front of the projection).
class ParetoChart : public SeriesChart
{
    Q_OBJECT

public:
    explicit ParetoChart(QWidget *parent = nullptr);
    ~ParetoChart() override;

    QString chartTitle() const override;

    /// Shows objective `x` (index into StudySpec::metrics) horizontally and `y` vertically.
    /// Ignored unless both are valid and different.
    void setShownObjectives(int x, int y);
    int xObjective() const { return mX; }
    int yObjective() const { return mY; }

    // --- for tests ---
    /// Names of every objective of the study, in StudySpec::metrics order.
    QStringList objectiveNames() const;
    /// Trial numbers on the Pareto front by all objectives (core paretoFront), ascending.
    QList<int> frontTrials() const { return mFront; }
    /// Trial numbers non-dominated in the two shown objectives, ascending.
    QList<int> projectedFrontTrials() const { return mProjectedFront; }
    /// Every point drawn (front and the rest), in trial-number order.
    QList<QPointF> points() const;
    /// Trial number of each entry of points().
    QList<int> pointTrials() const;
    /// The step line as drawn: front points and the corners between them, by x.
    QList<QPointF> stepLine() const;
    /// Complete trials that could not be drawn (a NaN/inf or missing value).
    int hiddenNonFiniteCount() const { return mNonFinite; }
    /// The explanation drawn inside the chart when there is nothing to plot; empty otherwise.
    QString message() const;

private:
    struct Shown
    {
        QPointF pos;
        int number = -1;
        bool front = false;
    };

    void rebuild() override;
    void selectionChanged() override;
    void syncCombos();
    void applyAxes() override;
    int trialAt(const QPointF &viewPos) const;
    void showToolTip(const QPointF &viewPos);

    int mX = 0;
    int mY = 1;
    int mNonFinite = 0;
    QList<Shown> mShown;            ///< drawn trials, by number (hit testing, selection)
    QList<int> mFront;
    QList<int> mProjectedFront;
    QStringList mComboNames;        ///< objectives the combos were filled with

    QComboBox *mXCombo = nullptr;
    QComboBox *mYCombo = nullptr;
    QValueAxis *mAxisX = nullptr;
    QValueAxis *mAxisY = nullptr;
    QScatterSeries *mDominated = nullptr;     ///< complete trials off the front
    QScatterSeries *mProjected = nullptr;     ///< rings: non-dominated in the shown pair (3+ objectives)
    QScatterSeries *mFrontSeries = nullptr;   ///< the front by all objectives
    QLineSeries *mStepLine = nullptr;
};

} // namespace tunescope
