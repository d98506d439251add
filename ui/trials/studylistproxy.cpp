#include "trials/studylistproxy.h"

#include "trials/studylistmodel.h"

#include <QDateTime>

namespace tunescope {

StudyListProxy::StudyListProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0);
}

void StudyListProxy::setSearchText(const QString &text)
{
    mSearch = text.trimmed();
    invalidateFilter();
}

void StudyListProxy::setOrder(Order order)
{
    mOrder = order;
    invalidate();
    sort(0);
}

bool StudyListProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (mSearch.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(StudyListModel::SearchTextRole).toString().contains(mSearch, Qt::CaseInsensitive);
}

bool StudyListProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto byName = [&] {
        return left.data(StudyListModel::NameRole).toString().localeAwareCompare(right.data(StudyListModel::NameRole).toString()) < 0;
    };
    switch (mOrder) {
    case Order::Name: return byName();
    case Order::LastActivity: { // latest first
        const QDateTime a = left.data(StudyListModel::LastActivityRole).toDateTime();
        const QDateTime b = right.data(StudyListModel::LastActivityRole).toDateTime();
        return a != b ? a > b : byName();
    }
    case Order::BestValue: { // best first; studies without a value last
        const QVariant a = left.data(StudyListModel::BestRankRole);
        const QVariant b = right.data(StudyListModel::BestRankRole);
        if (a.isValid() != b.isValid())
            return a.isValid();
        return a.isValid() && a.toDouble() != b.toDouble() ? a.toDouble() < b.toDouble() : byName();
    }
    case Order::TrialCount: { // most first
        const int a = left.data(StudyListModel::TrialCountRole).toInt();
        const int b = right.data(StudyListModel::TrialCountRole).toInt();
        return a != b ? a > b : byName();
    }
    }
    return byName();
}

} // namespace tunescope
