#include "trialtablemodel.h"

#include "statecolors.h"
#include "studymonitor.h"
#include "trial.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

namespace tunescope {

namespace {

QString formatDuration(double seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
    const qint64 s = qint64(seconds);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString formatValue(const QVariant &v)
{
    if (v.typeId() == QMetaType::Double)
        return QString::number(v.toDouble(), 'g', 6);
    return paramValueToString(v);
}

} // namespace

TrialTableModel::TrialTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    mTick.setInterval(1000);
    connect(&mTick, &QTimer::timeout, this, &TrialTableModel::tickRunning);
}

TrialTableModel::~TrialTableModel() = default;

StudyMonitor *TrialTableModel::monitor() const
{
    return mMonitor;
}

void TrialTableModel::setMonitor(StudyMonitor *monitor)
{
    if (mMonitor)
        disconnect(mMonitor, nullptr, this, nullptr);
    mMonitor = monitor;
    if (monitor) {
        connect(monitor, &StudyMonitor::reset, this, &TrialTableModel::rebuild);
        connect(monitor, &StudyMonitor::specChanged, this, &TrialTableModel::rebuild);
        connect(monitor, &StudyMonitor::trialAdded, this, &TrialTableModel::onTrialAdded);
        connect(monitor, &StudyMonitor::trialChanged, this, &TrialTableModel::onTrialChanged);
        connect(monitor, &QObject::destroyed, this, [this] {
            beginResetModel();
            mParameters.clear();
            mRows = 0;
            endResetModel();
        });
    }
    rebuild();
}

void TrialTableModel::rebuild()
{
    beginResetModel();
    mParameters.clear();
    mObjectiveName.clear();
    mBestNumber = -1;
    mRows = mMonitor ? int(mMonitor->trials().size()) : 0;
    if (mMonitor) {
        for (const Parameter &p : mMonitor->spec().space.parameters())
            mParameters << p.name;
        if (!mMonitor->spec().metrics.isEmpty())
            mObjectiveName = mMonitor->spec().objective().name;
        if (const Trial *best = mMonitor->best())
            mBestNumber = best->number;
    }
    endResetModel();
    tickRunning();
}

int TrialTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !mMonitor)
        return 0;
    return mRows;
}

int TrialTableModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return 5 + int(mParameters.size());
}

const Trial *TrialTableModel::trialAt(int row) const
{
    if (!mMonitor || row < 0 || row >= mRows || row >= mMonitor->trials().size())
        return nullptr;
    return &mMonitor->trials().at(row);
}

int TrialTableModel::rowOfTrial(int number) const
{
    if (!mMonitor)
        return -1;
    const QList<Trial> &trials = mMonitor->trials();
    // Trials are ordered by number and usually dense: try the obvious row first.
    if (number >= 0 && number < trials.size() && trials.at(number).number == number)
        return number;
    const auto it = std::lower_bound(trials.begin(), trials.end(), number,
                                     [](const Trial &t, int n) { return t.number < n; });
    return it != trials.end() && it->number == number ? int(it - trials.begin()) : -1;
}

int TrialTableModel::parameterColumn(const QString &name) const
{
    const qsizetype i = mParameters.indexOf(name);
    return i < 0 ? -1 : 2 + int(i);
}

QVariant TrialTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Trial *t = trialAt(index.row());
    if (!t)
        return {};
    const int column = index.column();

    if (role == TrialNumberRole)
        return t->number;
    if (role == StateRole)
        return int(t->state);

    if (column == stateColumn()) {
        switch (role) {
        case Qt::DisplayRole:
            return trialStateName(t->state);
        case SortRole:
            return int(t->state);
        case Qt::DecorationRole:
            return StateColors::color(t->state);
        case Qt::ForegroundRole:
            return QBrush(StateColors::color(t->state).darker(130));
        case Qt::ToolTipRole:
            return t->reason.isEmpty() ? QVariant() : QVariant(t->reason);
        }
        return {};
    }
    if (role == Qt::BackgroundRole && (t->state == TrialState::Failed || t->state == TrialState::Pruned))
        return QBrush(StateColors::tint(t->state, 28));
    if (role == Qt::FontRole && t->number == mBestNumber) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole) {
        if (column == gpuColumn())
            return int(Qt::AlignCenter);
        const bool numeric = column == numberColumn() || column == objectiveColumn() || column == durationColumn();
        if (numeric)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (column >= 2 && column < objectiveColumn()) {
            const QVariant v = t->params.value(mParameters.at(column - 2));
            if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int)
                return int(Qt::AlignRight | Qt::AlignVCenter);
        }
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};

    if (column == numberColumn())
        return role == Qt::ToolTipRole ? QVariant() : QVariant(t->number);
    if (column < objectiveColumn()) {
        const QVariant v = t->params.value(mParameters.at(column - 2));
        if (role == SortRole && v.typeId() != QMetaType::QString)
            return v;
        return role == Qt::ToolTipRole ? paramValueToString(v) : formatValue(v);
    }
    if (column == objectiveColumn()) {
        if (role == Qt::ToolTipRole)
            return t->number == mBestNumber ? tr("Best trial so far") : QVariant();
        std::optional<double> value = t->value;
        if (!value && t->state == TrialState::Running) {
            // A running trial shows its latest report, as the live value it is.
            const QList<MetricPoint> points = t->intermediate.value(mObjectiveName);
            if (!points.isEmpty())
                value = points.last().value;
        }
        if (!value)
            return role == SortRole ? QVariant() : QVariant(QStringLiteral("–"));
        if (role == SortRole)
            return *value;
        const QString text = QString::number(*value, 'g', 6);
        return t->state == TrialState::Running ? text + QStringLiteral(" …") : text;
    }
    if (column == durationColumn()) {
        if (!t->started.isValid())
            return role == SortRole ? QVariant(0.0) : QVariant();
        const double seconds = t->durationSeconds();
        return role == SortRole ? QVariant(seconds) : QVariant(formatDuration(seconds));
    }
    if (column == gpuColumn())
        return role == Qt::ToolTipRole ? QVariant() : QVariant(t->gpu.isEmpty() ? QStringLiteral("CPU") : t->gpu);
    return {};
}

QVariant TrialTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == objectiveColumn() && mMonitor && !mMonitor->spec().metrics.isEmpty())
        return tr("Objective: %1 (%2)").arg(mObjectiveName, goalName(mMonitor->spec().objective().goal));
    if (role != Qt::DisplayRole)
        return {};
    if (section == numberColumn())
        return tr("#");
    if (section == stateColumn())
        return tr("State");
    if (section < objectiveColumn())
        return mParameters.at(section - 2);
    if (section == objectiveColumn())
        return mObjectiveName.isEmpty() ? tr("Objective") : mObjectiveName;
    if (section == durationColumn())
        return tr("Duration");
    return tr("GPU");
}

void TrialTableModel::onTrialAdded(int number)
{
    if (!mMonitor)
        return;
    const int row = rowOfTrial(number);
    if (row < 0)
        return;
    // The monitor already holds the trial; tell views about the row it occupies.
    beginInsertRows({}, row, row);
    ++mRows;
    endInsertRows();
    if (!mTick.isActive())
        mTick.start();
}

void TrialTableModel::onTrialChanged(int number)
{
    const int row = rowOfTrial(number);
    if (row < 0)
        return;
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
    const int best = mMonitor && mMonitor->best() ? mMonitor->best()->number : -1;
    if (best != mBestNumber) {
        const int oldRow = rowOfTrial(mBestNumber);
        mBestNumber = best;
        if (oldRow >= 0)
            emit dataChanged(index(oldRow, 0), index(oldRow, columnCount() - 1));
    }
}

void TrialTableModel::tickRunning()
{
    bool any = false;
    if (mMonitor) {
        const QList<Trial> &trials = mMonitor->trials();
        for (int row = 0; row < std::min<int>(mRows, int(trials.size())); ++row) {
            if (trials.at(row).state != TrialState::Running)
                continue;
            any = true;
            // Duration and the live objective both move while a trial runs.
            emit dataChanged(index(row, objectiveColumn()), index(row, durationColumn()));
        }
    }
    if (any)
        mTick.start();
    else
        mTick.stop();
}

} // namespace tunescope
