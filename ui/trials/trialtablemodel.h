#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace tunescope {

class StudyMonitor;
struct Trial;

/// The trials of a study as table rows: number, state, the objective (one column per metric
/// in a multi-objective study; "mean ± std" with repeats), every parameter, duration, GPU,
/// then every other metric the trials reported (its last value) and every user attribute (an
/// Optuna trial's user_attrs), added as the first trial reports them. Which of these a view
/// shows is the view's choice (TrialsPage: by columnKey, per study).
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

    /// Whether row a sorts before row b by column, as SortRole says (numbers as numbers,
    /// missing values last, text by locale collation), from keys computed once per column and
    /// kept up to date as rows change: sorting 10,000 rows makes no QVariant per comparison.
    bool lessThan(int a, int b, int column) const;
    /// Every cell's text of the row joined by a separator no filter contains: what the text
    /// filter looks in, kept per row.
    const QString &searchText(int row) const;

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
    /// The column of a reported metric that is not an objective (its last value); -1 when absent.
    int metricColumn(const QString &name) const;
    /// The column of a user attribute; -1 when absent.
    int attributeColumn(const QString &name) const;
    /// A name of the column that stays when columns come and go ("state", "objective:loss",
    /// "param:lr", "duration", "device", "metric:train_loss", "attribute:seed"): what a view
    /// remembers its hidden columns by.
    QString columnKey(int column) const;

private:
    void rebuild();
    void onTrialAdded(int number);
    void onTrialChanged(int number);
    void tickRunning();
    /// Adds columns for the metrics and user attributes of t not seen before (announcing them
    /// when notify); true when any was added.
    bool discoverColumns(const Trial &t, bool notify);
    void discoverAllColumns(); ///< every trial's, announced (after a background load)
    QVariant objectiveData(const Trial &t, int objective, int role) const;
    /// Recomputes which trials are Pareto-optimal (multi-objective studies) and repaints those that changed.
    void updatePareto(bool notify);

    /// A row's sort key in one column: a number, or the rank of its text among the column's
    /// texts in collation order; invalid (no value) sorts last.
    struct SortKey
    {
        bool valid = false;
        bool number = false;
        double value = 0.0;
        int textRank = 0;
    };
    void forgetRow(int row); ///< its cached sort key and search text are out of date
    SortKey sortKeyOf(int row, int column, const QHash<QString, int> &ranks) const;

    QPointer<StudyMonitor> mMonitor;
    mutable int mSortColumn = -1;                ///< column of mSortKeys; -1: none cached
    mutable std::vector<SortKey> mSortKeys;
    mutable QHash<QString, int> mTextRanks;      ///< of mSortColumn's texts
    mutable std::vector<QString> mSearchTexts;   ///< per row; null: not made yet
    QStringList mParameters;
    QStringList mObjectives; ///< metric names, the objective first
    QStringList mMetrics;    ///< other reported metrics, in the order first seen
    QStringList mAttributes; ///< user attribute names, in the order first seen
    int mBestNumber = -1;
    QSet<int> mPareto; ///< trial numbers on the Pareto front (multi-objective studies only)
    int mRows = 0; ///< rows announced to views (the monitor holds the trial before it says so)
    QTimer mTick; ///< running trials' durations grow every second
};

} // namespace tunescope
