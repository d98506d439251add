#include "trials/studylistmodel.h"
#include "trials/statetext.h"

#include <QLocale>

#include "charts/statecolors.h"

#include <QFont>

namespace tunescope {

StudyListModel::StudyListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void StudyListModel::setSummaries(const QList<StudySummary> &summaries)
{
    // Same names in the same order (the usual refresh): update rows in place.
    bool sameRows = summaries.size() == mSummaries.size();
    for (qsizetype i = 0; sameRows && i < summaries.size(); ++i)
        sameRows = summaries.at(i).study.name == mSummaries.at(i).study.name;
    if (sameRows) {
        mSummaries = summaries;
        if (!mSummaries.isEmpty())
            emit dataChanged(index(0), index(int(mSummaries.size()) - 1));
        return;
    }
    beginResetModel();
    mSummaries = summaries;
    endResetModel();
}

int StudyListModel::rowOfStudy(const QString &name) const
{
    for (qsizetype i = 0; i < mSummaries.size(); ++i) {
        if (mSummaries.at(i).study.name == name)
            return int(i);
    }
    return -1;
}

int StudyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mSummaries.size());
}

QVariant StudyListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StudySummary &s = mSummaries.at(index.row());
    const QString best = s.best ? numberText(*s.best, 'g', 5) : QStringLiteral("–");
    switch (role) {
    case Qt::DisplayRole:
        if (!s.study.tags.isEmpty())
            return tr("%1\n%2 · %3 trials · best %4\n%5")
                .arg(s.study.name, s.study.method).arg(s.total).arg(best)
                .arg(QStringLiteral("#") + s.study.tags.join(QStringLiteral(" #")));
        return tr("%1\n%2 · %3 trials · best %4").arg(s.study.name, s.study.method).arg(s.total).arg(best);
    case NameRole:
        return s.study.name;
    case SearchTextRole:
        return QStringList{s.study.name, s.study.tags.join(u' '), s.study.note}.join(u'\n');
    case LastActivityRole:
        return s.lastActivity;
    case BestRankRole:
        return s.best ? QVariant(s.study.goal == QLatin1String("maximize") ? -*s.best : *s.best) : QVariant();
    case TrialCountRole:
        return s.total;
    case Qt::DecorationRole:
        return StateColors::color(s.running > 0 ? TrialState::Running
                                                : (s.total > 0 ? TrialState::Complete : TrialState::Waiting));
    case Qt::ToolTipRole:
        return tr("%1 (%2)\nmetric: %3, %4\n%5 trials: %6 complete, %7 pruned, %8 failed, %9 running")
            .arg(s.study.name, s.study.method, s.study.metricName, s.study.goal)
            .arg(s.total).arg(s.complete).arg(s.pruned).arg(s.failed).arg(s.running);
    }
    return {};
}

} // namespace tunescope
