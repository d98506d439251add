#include "trials/trialfilterproxy.h"

#include "trials/trialtablemodel.h"

#include <QRegularExpression>

namespace tunescope {

TrialFilterProxy::TrialFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TrialTableModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
    // Live updates re-sort and re-filter rows as trials change state.
    setDynamicSortFilter(true);
}

void TrialFilterProxy::setStates(const QSet<TrialState> &states)
{
    if (states == mStates)
        return;
    mStates = states;
    invalidateRowsFilter();
}

bool TrialFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!mStates.isEmpty()) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        const QVariant state = index.data(TrialTableModel::StateRole);
        if (!state.isValid() || !mStates.contains(TrialState(state.toInt())))
            return false;
    }
    const QRegularExpression &re = filterRegularExpression();
    if (re.pattern().isEmpty())
        return true;
    // The model keeps each row's text: no cell is formatted again at each key press.
    if (auto *model = qobject_cast<const TrialTableModel *>(sourceModel()); model && filterKeyColumn() == -1)
        return re.match(model->searchText(sourceRow)).hasMatch();
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

bool TrialFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (auto *model = qobject_cast<const TrialTableModel *>(sourceModel()); model && sortRole() == TrialTableModel::SortRole)
        return model->lessThan(left.row(), right.row(), left.column());
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    // Missing values (a running trial without an objective) sort after every number.
    if (!a.isValid() || !b.isValid())
        return a.isValid() && !b.isValid();
    const bool numbers = a.canConvert<double>() && b.canConvert<double>() && a.typeId() != QMetaType::QString
                         && b.typeId() != QMetaType::QString;
    if (numbers)
        return a.toDouble() < b.toDouble();
    return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
}

} // namespace tunescope
