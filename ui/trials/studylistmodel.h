#pragma once

#include "storage/storage.h"

#include <QAbstractListModel>
#include <QList>

namespace tunescope {

/// The studies of the open database for the sidebar: name, method, metric, trial counts and
/// best value. Refreshed in place (rows changed, added, removed) so the selection survives.
class StudyListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        SearchTextRole,   ///< name, tags and note, for the list's search field
        LastActivityRole, ///< QDateTime
        BestRankRole,     ///< the best value, negated when maximized (smaller is better); invalid without one
        TrialCountRole,
    };

    explicit StudyListModel(QObject *parent = nullptr);

    void setSummaries(const QList<StudySummary> &summaries);
    const QList<StudySummary> &summaries() const { return mSummaries; }
    int rowOfStudy(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<StudySummary> mSummaries;
};

} // namespace tunescope
