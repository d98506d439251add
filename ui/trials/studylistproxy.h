#pragma once

#include <QSortFilterProxyModel>

namespace tunescope {

/// The study list as the sidebar shows it: only studies whose name, tags or note contain the
/// search text (any case), in the chosen order.
class StudyListProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class Order { Name, LastActivity, BestValue, TrialCount };

    explicit StudyListProxy(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    void setOrder(Order order);
    Order order() const { return mOrder; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString mSearch;
    Order mOrder = Order::Name;
};

} // namespace tunescope
