#include "trials/trialtablemodel.h"
#include "trials/statetext.h"

#include "analysis/pareto.h"

#include "charts/statecolors.h"
#include "execution/slurmcommands.h"
#include "execution/studymonitor.h"
#include "common/trial.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QHash>
#include <QIcon>
#include <QJsonDocument>
#include <QPainter>
#include <QPixmap>
#include <QSet>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

QString formatDuration(double seconds)
{
    if (seconds < 60)
        return QCoreApplication::translate("tunescope::TrialTableModel", "%1 s").arg(numberText(seconds, 'f', 1));
    const qint64 s = qint64(seconds);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString formatValue(const QVariant &v)
{
    // Four significant digits tell sampled values apart and keep the columns narrow; the
    // tooltip and the detail pane have every digit.
    if (v.typeId() == QMetaType::Double)
        return numberText(v.toDouble(), 'g', 4);
    return paramValueToString(v);
}

/// A small round dot in the state's colour: the table's state marker (a plain QColor
/// decoration is drawn as a full-height square that shouts louder than the text).
QIcon stateDot(TrialState state)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(state));
    if (it != cache.end())
        return *it;
    QIcon icon;
    for (int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(StateColors::color(state));
        const double d = size * 0.55;
        p.drawEllipse(QRectF((size - d) / 2, (size - d) / 2, d, d));
        p.end();
        icon.addPixmap(pixmap);
    }
    return cache.insert(int(state), icon).value();
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
        connect(monitor, &StudyMonitor::metricsAppended, this, [this](int number) {
            if (const Trial *t = mMonitor ? mMonitor->trial(number) : nullptr)
                discoverColumns(*t, true);
        });
        connect(monitor, &StudyMonitor::metricsLoaded, this, &TrialTableModel::discoverAllColumns);
        connect(monitor, &StudyMonitor::trialChanged, this, &TrialTableModel::onTrialChanged);
        // Running trials show their latest value, which a background load brings.
        connect(monitor, &StudyMonitor::metricsLoaded, this, &TrialTableModel::tickRunning);
        connect(monitor, &QObject::destroyed, this, [this] {
            beginResetModel();
            mParameters.clear();
            mMetrics.clear();
            mAttributes.clear();
            mRows = 0;
            endResetModel();
        });
    }
    rebuild();
}

void TrialTableModel::rebuild()
{
    mSortColumn = -1;
    mSortKeys.clear();
    mSearchTexts.clear();
    beginResetModel();
    mParameters.clear();
    mObjectives.clear();
    mMetrics.clear();
    mAttributes.clear();
    mBestNumber = -1;
    mRows = mMonitor ? int(mMonitor->trials().size()) : 0;
    if (mMonitor) {
        for (const Parameter &p : mMonitor->spec().space.parameters())
            mParameters << p.name;
        for (const MetricSpec &m : mMonitor->spec().metrics)
            mObjectives << m.name;
        if (const Trial *best = mMonitor->best())
            mBestNumber = best->number;
        for (const Trial &t : mMonitor->trials())
            discoverColumns(t, false);
    }
    updatePareto(false);
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
    return gpuColumn() + 1 + int(mMetrics.size() + mAttributes.size());
}

int TrialTableModel::metricColumn(const QString &name) const
{
    const qsizetype i = mMetrics.indexOf(name);
    return i < 0 ? -1 : gpuColumn() + 1 + int(i);
}

int TrialTableModel::attributeColumn(const QString &name) const
{
    const qsizetype i = mAttributes.indexOf(name);
    return i < 0 ? -1 : gpuColumn() + 1 + int(mMetrics.size() + i);
}

QString TrialTableModel::columnKey(int column) const
{
    if (column == numberColumn())
        return QStringLiteral("number");
    if (column == stateColumn())
        return QStringLiteral("state");
    if (column >= objectiveColumn() && column < objectiveColumn() + objectiveCount())
        return QStringLiteral("objective:") + mObjectives.value(column - objectiveColumn());
    if (column < durationColumn())
        return QStringLiteral("param:") + mParameters.value(column - 2 - objectiveCount());
    if (column == durationColumn())
        return QStringLiteral("duration");
    if (column == gpuColumn())
        return QStringLiteral("device");
    const int metric = column - gpuColumn() - 1;
    if (metric < mMetrics.size())
        return QStringLiteral("metric:") + mMetrics.at(metric);
    return QStringLiteral("attribute:") + mAttributes.value(metric - int(mMetrics.size()));
}

bool TrialTableModel::discoverColumns(const Trial &t, bool notify)
{
    QStringList metrics;
    for (auto it = t.intermediate.cbegin(); it != t.intermediate.cend(); ++it) {
        if (!mObjectives.contains(it.key()) && !mMetrics.contains(it.key()) && !metrics.contains(it.key()))
            metrics << it.key();
    }
    QStringList attributes;
    const QVariantMap user = t.attributes.value(QStringLiteral("user_attrs")).toMap();
    for (auto it = user.cbegin(); it != user.cend(); ++it) {
        if (!mAttributes.contains(it.key()))
            attributes << it.key();
    }
    if (metrics.isEmpty() && attributes.isEmpty())
        return false;
    std::sort(metrics.begin(), metrics.end()); // a QHash's order is no order
    mSortColumn = -1; // cached keys belong to a column that may move
    mSearchTexts.clear();
    if (!metrics.isEmpty()) {
        const int first = gpuColumn() + 1 + int(mMetrics.size());
        if (notify)
            beginInsertColumns({}, first, first + int(metrics.size()) - 1);
        mMetrics << metrics;
        if (notify)
            endInsertColumns();
    }
    if (!attributes.isEmpty()) {
        const int first = columnCount();
        if (notify)
            beginInsertColumns({}, first, first + int(attributes.size()) - 1);
        mAttributes << attributes;
        if (notify)
            endInsertColumns();
    }
    return true;
}

void TrialTableModel::discoverAllColumns()
{
    if (!mMonitor)
        return;
    for (const Trial &t : mMonitor->trials())
        discoverColumns(t, true);
}

const Trial *TrialTableModel::trialAt(int row) const
{
    if (!mMonitor || row < 0 || row >= mRows || row >= mMonitor->trials().size())
        return nullptr;
    return &mMonitor->trials().at(row);
}

int TrialTableModel::rowOfTrial(int number) const
{
    return mMonitor ? mMonitor->indexOf(number) : -1;
}

int TrialTableModel::parameterColumn(const QString &name) const
{
    const qsizetype i = mParameters.indexOf(name);
    return i < 0 ? -1 : 2 + objectiveCount() + int(i);
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
        // A trial whose job waits in Slurm's queue looks like a waiting one, with Slurm's reason.
        const TrialState shown = isQueued(*t) ? TrialState::Waiting : t->state;
        switch (role) {
        case Qt::DisplayRole:
            return stateText(*t);
        case SortRole:
            return int(shown);
        case Qt::DecorationRole:
            return stateDot(shown);
        case StateColorRole:
            return StateColors::color(shown);
        case Qt::ForegroundRole:
            return QBrush(StateColors::color(shown).darker(130));
        case Qt::ToolTipRole:
            if (isQueued(*t))
                return tr("Waiting in Slurm's queue: %1").arg(queueReasonText(t->queueReason));
            return t->reason.isEmpty() ? QVariant() : QVariant(t->reason);
        }
        return {};
    }
    if (role == Qt::BackgroundRole && (t->state == TrialState::Failed || t->state == TrialState::Pruned))
        return QBrush(StateColors::tint(t->state, 28));
    if (role == Qt::FontRole && (t->number == mBestNumber || mPareto.contains(t->number))) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole) {
        if (column == gpuColumn())
            return int(Qt::AlignCenter);
        if (column > gpuColumn()) {
            const QVariant v = data(index, SortRole);
            return v.typeId() == QMetaType::Double || v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int
                       ? int(Qt::AlignRight | Qt::AlignVCenter)
                       : int(Qt::AlignLeft | Qt::AlignVCenter);
        }
        const bool numeric = column == numberColumn() || column == durationColumn()
                          || (column >= objectiveColumn() && column < objectiveColumn() + objectiveCount());
        if (numeric)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        const int param = column - 2 - objectiveCount();
        if (param >= 0 && param < mParameters.size()) {
            const QVariant v = t->params.value(mParameters.at(param));
            if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int)
                return int(Qt::AlignRight | Qt::AlignVCenter);
        }
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};

    if (column == numberColumn()) {
        const bool onFront = mPareto.contains(t->number);
        if (role == Qt::ToolTipRole)
            return onFront ? QVariant(tr("On the Pareto front: no other trial is at least as good in every objective and better in one"))
                           : QVariant();
        // A star marks the Pareto-optimal trials of a multi-objective study; sorting stays numeric.
        return role == Qt::DisplayRole && onFront ? QVariant(QStringLiteral("★ %1").arg(t->number)) : QVariant(t->number);
    }
    if (column < objectiveColumn() + objectiveCount())
        return objectiveData(*t, column - objectiveColumn(), role);
    if (column < durationColumn()) {
        const QVariant v = t->params.value(mParameters.at(column - 2 - objectiveCount()));
        if (role == SortRole && v.typeId() != QMetaType::QString)
            return v;
        return role == Qt::ToolTipRole ? paramValueToString(v) : formatValue(v);
    }
    if (column == durationColumn()) {
        if (!t->started.isValid() || isQueued(*t)) // a queued job has not started
            return role == SortRole ? QVariant(0.0) : QVariant();
        const double seconds = t->durationSeconds();
        return role == SortRole ? QVariant(seconds) : QVariant(formatDuration(seconds));
    }
    if (column == gpuColumn()) {
        if (const auto job = SlurmJobRecord::parse(t->job)) {
            if (role == Qt::ToolTipRole)
                return job->isSubmitted() ? tr("Slurm job %1").arg(job->jobId) : tr("Being submitted to Slurm");
            return job->isSubmitted() ? job->jobId : QStringLiteral("…");
        }
        return role == Qt::ToolTipRole ? QVariant() : QVariant(t->gpu.isEmpty() ? QStringLiteral("CPU") : t->gpu);
    }
    const int metric = column - gpuColumn() - 1;
    if (metric < mMetrics.size()) {
        const QList<MetricPoint> points = t->intermediate.value(mMetrics.at(metric));
        if (points.isEmpty())
            return role == SortRole ? QVariant() : QVariant(QStringLiteral("–"));
        const double last = points.last().value;
        if (role == SortRole)
            return last;
        if (role == Qt::ToolTipRole)
            return tr("%1 = %2 at step %3 (the last of %n report(s))", nullptr, int(points.size()))
                .arg(mMetrics.at(metric), numberText(last, 'g', 17))
                .arg(points.last().step);
        return numberText(last, 'g', 6);
    }
    const QVariant attribute = t->attributes.value(QStringLiteral("user_attrs")).toMap().value(mAttributes.value(metric - int(mMetrics.size())));
    if (!attribute.isValid())
        return role == SortRole ? QVariant() : QVariant(QStringLiteral("–"));
    if (role == SortRole && (attribute.typeId() == QMetaType::Double || attribute.typeId() == QMetaType::LongLong
                             || attribute.typeId() == QMetaType::Int))
        return attribute;
    const QString text = attribute.typeId() == QMetaType::QVariantMap || attribute.typeId() == QMetaType::QVariantList
                             ? QString::fromUtf8(QJsonDocument::fromVariant(attribute).toJson(QJsonDocument::Compact))
                             : formatValue(attribute);
    return text;
}

QVariant TrialTableModel::objectiveData(const Trial &t, int objective, int role) const
{
    if (role == Qt::ToolTipRole) {
        QStringList tips;
        if (t.number == mBestNumber && objective == 0)
            tips << tr("Best trial so far");
        if (t.valueStd && objective == 0)
            tips << tr("Mean over %n repeat(s) ± standard deviation", nullptr, mMonitor ? mMonitor->spec().repeats : 0);
        return tips.isEmpty() ? QVariant() : QVariant(tips.join(QLatin1Char('\n')));
    }
    std::optional<double> value;
    if (objective < t.values.size())
        value = t.values.at(objective);
    else if (objective == 0)
        value = t.value;
    if (!value && t.state == TrialState::Running && objective < mObjectives.size()) {
        // A running trial shows its latest report, as the live value it is.
        const QList<MetricPoint> points = t.intermediate.value(mObjectives.at(objective));
        if (!points.isEmpty())
            value = points.last().value;
    }
    if (!value)
        return role == SortRole ? QVariant() : QVariant(QStringLiteral("–"));
    if (role == SortRole)
        return *value;
    // In the reader's notation; the CSV and JSON exports keep C's.
    QString text = numberText(*value, 'g', 6);
    if (objective == 0 && t.valueStd && t.state != TrialState::Running) {
        // As many decimals in the mean as the spread justifies, so "0.912 ± 0.013", not
        // "0.912346 ± 0.0131234".
        const double sd = *t.valueStd;
        const int decimals = sd > 0 && std::isfinite(sd) ? std::clamp(1 - int(std::floor(std::log10(sd))), 0, 8) : 3;
        text = QStringLiteral("%1 ± %2").arg(numberText(*value, 'f', decimals), numberText(sd, 'f', decimals));
    }
    return t.state == TrialState::Running ? text + QStringLiteral(" …") : text;
}

QVariant TrialTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const int objective = section - objectiveColumn();
    const bool isObjective = objective >= 0 && objective < objectiveCount();
    if (role == Qt::ToolTipRole && isObjective && mMonitor && objective < mMonitor->spec().metrics.size())
        return tr("Objective: %1 (%2)").arg(mObjectives.value(objective), goalText(mMonitor->spec().metrics.at(objective).goal));
    if (role != Qt::DisplayRole)
        return {};
    if (section == numberColumn())
        return tr("#");
    if (section == stateColumn())
        return tr("State");
    if (isObjective)
        return mObjectives.value(objective).isEmpty() ? tr("Objective") : mObjectives.value(objective);
    if (section < durationColumn())
        return mParameters.at(section - 2 - objectiveCount());
    if (section == durationColumn())
        return tr("Duration");
    if (section == gpuColumn())
        return mMonitor && mMonitor->spec().backend.isSlurm() ? tr("Slurm job") : tr("GPU");
    // The metric's own name; an attribute's, marked as one (names may be the same).
    const int metric = section - gpuColumn() - 1;
    if (metric < mMetrics.size())
        return mMetrics.at(metric);
    return tr("%1 (attribute)").arg(mAttributes.value(metric - int(mMetrics.size())));
}

void TrialTableModel::onTrialAdded(int number)
{
    if (!mMonitor)
        return;
    const int row = rowOfTrial(number);
    if (row < 0)
        return;
    // The monitor already holds the trial; tell views about the row it occupies.
    if (row < mRows) {
        // Numbered before rows we show (another worker's): the cached keys shift.
        mSortColumn = -1;
        mSearchTexts.clear();
    }
    beginInsertRows({}, row, row);
    ++mRows;
    endInsertRows();
    discoverColumns(mMonitor->trials().at(row), true);
    if (!mTick.isActive())
        mTick.start();
}

void TrialTableModel::updatePareto(bool notify)
{
    const QSet<int> before = mPareto;
    mPareto.clear();
    if (mMonitor && mMonitor->spec().metrics.size() > 1) {
        for (int number : paretoFront(mMonitor->trials(), mMonitor->spec().metrics))
            mPareto.insert(number);
    }
    if (!notify)
        return;
    // Rows that joined or left the front change their marker.
    for (int number : (before - mPareto) + (mPareto - before)) {
        if (const int row = rowOfTrial(number); row >= 0 && row < mRows) {
            forgetRow(row);
            emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        }
    }
}

void TrialTableModel::onTrialChanged(int number)
{
    const int row = rowOfTrial(number);
    if (row < 0)
        return;
    forgetRow(row);
    if (const Trial *t = mMonitor ? mMonitor->trial(number) : nullptr)
        discoverColumns(*t, true); // an attribute set, values read with it
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
    if (const Trial *t = mMonitor ? mMonitor->trial(number) : nullptr; t && isFinished(t->state))
        updatePareto(true);
    const int best = mMonitor && mMonitor->best() ? mMonitor->best()->number : -1;
    if (best != mBestNumber) {
        const int oldRow = rowOfTrial(mBestNumber);
        mBestNumber = best;
        if (oldRow >= 0) {
            forgetRow(oldRow);
            emit dataChanged(index(oldRow, 0), index(oldRow, columnCount() - 1));
        }
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
            forgetRow(row);
            // Duration and the live objective both move while a trial runs.
            emit dataChanged(index(row, objectiveColumn()), index(row, objectiveColumn() + objectiveCount() - 1));
            emit dataChanged(index(row, durationColumn()), index(row, columnCount() - 1)); // and its metrics
        }
    }
    if (any)
        mTick.start();
    else
        mTick.stop();
}

void TrialTableModel::forgetRow(int row)
{
    if (row >= 0 && size_t(row) < mSearchTexts.size())
        mSearchTexts[size_t(row)] = QString();
    if (mSortColumn < 0 || row < 0 || size_t(row) >= mSortKeys.size())
        return;
    // Kept in place when its text is one the column has a rank for; else all keys again.
    const SortKey key = sortKeyOf(row, mSortColumn, mTextRanks);
    if (key.valid && !key.number && key.textRank < 0)
        mSortColumn = -1;
    else
        mSortKeys[size_t(row)] = key;
}

TrialTableModel::SortKey TrialTableModel::sortKeyOf(int row, int column, const QHash<QString, int> &ranks) const
{
    SortKey key;
    const QVariant v = data(index(row, column), SortRole);
    if (!v.isValid())
        return key;
    key.valid = true;
    key.number = v.canConvert<double>() && v.typeId() != QMetaType::QString;
    if (key.number)
        key.value = v.toDouble();
    else
        key.textRank = ranks.value(v.toString(), -1);
    return key;
}

bool TrialTableModel::lessThan(int a, int b, int column) const
{
    if (column == mSortColumn && mSortKeys.size() < size_t(mRows)) {
        // Rows added at the end since: their keys alone, unless one brings a new text.
        for (int row = int(mSortKeys.size()); row < mRows && mSortColumn >= 0; ++row) {
            const SortKey key = sortKeyOf(row, column, mTextRanks);
            if (key.valid && !key.number && key.textRank < 0)
                mSortColumn = -1;
            else
                mSortKeys.push_back(key);
        }
    }
    if (column != mSortColumn || mSortKeys.size() != size_t(mRows)) {
        // The column's texts in collation order once (a categorical has a handful), then one
        // key per row.
        QStringList texts;
        QSet<QString> seen;
        for (int row = 0; row < mRows; ++row) {
            const QVariant v = data(index(row, column), SortRole);
            if (v.isValid() && (!v.canConvert<double>() || v.typeId() == QMetaType::QString)) {
                const QString text = v.toString();
                if (!seen.contains(text)) {
                    seen.insert(text);
                    texts << text;
                }
            }
        }
        std::sort(texts.begin(), texts.end(), [](const QString &x, const QString &y) { return QString::localeAwareCompare(x, y) < 0; });
        mTextRanks.clear();
        for (qsizetype i = 0; i < texts.size(); ++i)
            mTextRanks.insert(texts[i], int(i));
        mSortKeys.resize(size_t(mRows));
        for (int row = 0; row < mRows; ++row)
            mSortKeys[size_t(row)] = sortKeyOf(row, column, mTextRanks);
        mSortColumn = column;
    }
    const SortKey &x = mSortKeys[size_t(a)], &y = mSortKeys[size_t(b)];
    // Missing values (a running trial without an objective) sort after every number.
    if (!x.valid || !y.valid)
        return x.valid && !y.valid;
    if (x.number && y.number)
        return x.value < y.value;
    if (!x.number && !y.number)
        return x.textRank < y.textRank;
    // A number among texts: compared as text, as the proxy always did.
    const QString xs = x.number ? QString::number(x.value) : mTextRanks.key(x.textRank);
    const QString ys = y.number ? QString::number(y.value) : mTextRanks.key(y.textRank);
    return QString::localeAwareCompare(xs, ys) < 0;
}

const QString &TrialTableModel::searchText(int row) const
{
    if (mSearchTexts.size() != size_t(mRows))
        mSearchTexts.resize(size_t(mRows)); // rows come at the end; the others keep theirs
    QString &text = mSearchTexts[size_t(row)];
    if (text.isNull()) {
        QStringList cells;
        for (int column = 0; column < columnCount(); ++column)
            cells << data(index(row, column), Qt::DisplayRole).toString();
        text = cells.join(QChar(0x1f)); // U+001F, the unit separator
    }
    return text;
}

} // namespace tunescope
