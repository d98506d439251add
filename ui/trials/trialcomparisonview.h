#pragma once

#include "analysis/comparison.h"

#include <QList>
#include <QWidget>

#include <functional>

class QTableWidget;
class QTabWidget;

namespace tunescope {

class StudyMonitor;
class TrialCurvesChart;
struct StudySpec;
struct Trial;

/// Picked trials side by side (2 to 10): their parameters with the rows that differ
/// highlighted, every metric's last and best value, their curves overlaid for any metric,
/// and their logs next to each other. Opened from the trials table.
class TrialComparisonView : public QWidget
{
    Q_OBJECT

public:
    /// How many trials a comparison takes.
    static constexpr int minTrials = 2;
    static constexpr int maxTrials = 10;

    explicit TrialComparisonView(QWidget *parent = nullptr);

    /// Shows these trials of the monitor's study; logOf gives a trial's log (empty: none).
    void setTrials(StudyMonitor *monitor, const QList<int> &numbers, const std::function<QString(int)> &logOf);

    /// Rows of the comparison: state, objective(s), duration, each parameter, then each
    /// reported metric's last and best value; `differs` where the trials disagree.
    static QList<ComparisonRow> rows(const StudySpec &spec, const QList<const Trial *> &trials);

    // --- for tests ---
    QTableWidget *table() const { return mTable; }
    TrialCurvesChart *curves() const { return mCurves; }
    QStringList logs() const;

private:
    QTabWidget *mTabs = nullptr;
    QTableWidget *mTable = nullptr;
    TrialCurvesChart *mCurves = nullptr;
    QWidget *mLogs = nullptr;
};

} // namespace tunescope
