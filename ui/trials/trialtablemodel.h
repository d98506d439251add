#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <algorithm>

namespace tunescope {

class StudyMonitor;
struct Trial;

/// The trials of a study as table rows: number, state, the objective (one column per metric
/// in a multi-objective study; "mean ± std" with repeats), every parameter, duration, GPU.
/// The objective comes before the parameters so that it stays in view however many there are. Follows a StudyMonitor (rows are inserted and updated in place as trials start and
/// report, never reset for a live change), so selection and scroll position survive updates.
class TrialTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        SortRole = Qt::UserRole + 1, ///< numbers as numbers (sorting), text otherwise
        TrialNumberRole,             ///< the row's trial number
        StateRole,                   ///< int(TrialState)
        StateColorRole,              ///< QColor of the state (the decoration is a dot icon of it)
    };

    explicit TrialTableModel(QObject *parent = nullptr);
    ~TrialTableModel() override;

    void setMonitor(StudyMonitor *monitor);
    StudyMonitor *monitor() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Trial *trialAt(int row) const;
    int rowOfTrial(int number) const;          ///< -1 when absent
    int numberColumn() const { return 0; }
    int stateColumn() const { return 1; }
    int parameterColumn(const QString &name) const; ///< -1 when absent
    int objectiveColumn() const { return 2; }    ///< the first (or only) objective
    int objectiveCount() const { return std::max(1, int(mObjectives.size())); }
    int durationColumn() const { return 2 + objectiveCount() + int(mParameters.size()); }
    /// Where it runs: its GPU slot (or CPU) on this machine, or its Slurm job.
    int gpuColumn() const { return durationColumn() + 1; }

private:
    void rebuild();
    void onTrialAdded(int number);
    void onTrialChanged(int number);
    void tickRunning();
    QVariant objectiveData(const Trial &t, int objective, int role) const;
    /// Recomputes which trials are Pareto-optimal (multi-objective studies) and repaints those that changed.
    void updatePareto(bool notify);

    QPointer<StudyMonitor> mMonitor;
    QStringList mParameters;
    QStringList mObjectives; ///< metric names, the objective first
    int mBestNumber = -1;
    QSet<int> mPareto; ///< trial numbers on the Pareto front (multi-objective studies only)
    int mRows = 0; ///< rows announced to views (the monitor holds the trial before it says so)
    QTimer mTick; ///< running trials' durations grow every second
};

} // namespace tunescope
