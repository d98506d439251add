#pragma once

#include "common/trial.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace tunescope {

/// Sorts the trial table numerically and filters it by trial state (and optionally by text in
/// any column), for the "show only failed trials" view.
class TrialFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TrialFilterProxy(QObject *parent = nullptr);

    /// Shows only trials in these states; an empty set shows all.
    void setStates(const QSet<TrialState> &states);
    QSet<TrialState> states() const { return mStates; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QSet<TrialState> mStates;
};

} // namespace tunescope
