#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace tunescope {

class StudyMonitor;
struct Trial;

/// The trials of a study as table rows: number, state, every parameter, objective, duration,
/// GPU. Follows a StudyMonitor (rows are inserted and updated in place as trials start and
/// report, never reset for a live change), so selection and scroll position survive updates.
class TrialTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        SortRole = Qt::UserRole + 1, ///< numbers as numbers (sorting), text otherwise
        TrialNumberRole,             ///< the row's trial number
        StateRole,                   ///< int(TrialState)
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
    int objectiveColumn() const { return 2 + int(mParameters.size()); }
    int durationColumn() const { return objectiveColumn() + 1; }
    int gpuColumn() const { return objectiveColumn() + 2; }

private:
    void rebuild();
    void onTrialAdded(int number);
    void onTrialChanged(int number);
    void tickRunning();

    QPointer<StudyMonitor> mMonitor;
    QStringList mParameters;
    QString mObjectiveName;
    int mBestNumber = -1;
    int mRows = 0; ///< rows announced to views (the monitor holds the trial before it says so)
    QTimer mTick; ///< running trials' durations grow every second
};

} // namespace tunescope
