#include "execution/studymonitor.h"

#include "analysis/studyexport.h"
#include "execution/studyrunner.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

constexpr int defaultPollIntervalMs = 1000;

bool sameValue(const std::optional<double> &a, const std::optional<double> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    if (!a)
        return true;
    return *a == *b || (std::isnan(*a) && std::isnan(*b));
}

/// Whether what a table row shows of the trial differs (metrics are compared separately).
bool fieldsDiffer(const Trial &a, const Trial &b)
{
    return a.state != b.state || !sameValue(a.value, b.value) || a.reason != b.reason || a.exitCode != b.exitCode
           || a.finished != b.finished || a.started != b.started || a.gpu != b.gpu || a.params != b.params
           || a.worker != b.worker || a.stale != b.stale || a.note != b.note || a.retriedAs != b.retriedAs
           || a.queued != b.queued;
}

qsizetype pointCount(const MetricSeries &series)
{
    qsizetype n = 0;
    for (const auto &points : series)
        n += points.size();
    return n;
}

} // namespace

StudyMonitor::StudyMonitor(QObject *parent)
    : QObject(parent)
{
    mPollTimer.setInterval(defaultPollIntervalMs);
    connect(&mPollTimer, &QTimer::timeout, this, &StudyMonitor::poll);
}

StudyMonitor::~StudyMonitor() = default;

void StudyMonitor::attach(StudyRunner *runner)
{
    close();
    if (!runner)
        return;
    mRunner = runner;
    mStorage = runner->storage();
    mStudyId = runner->studyId();
    mSpec = runner->spec();

    // The history (a resumed study) comes from storage with its intermediate values; what this
    // runner does from now on arrives first-hand through its signals.
    QList<Trial> history;
    if (mStorage && mStudyId >= 0) {
        if (auto stored = mStorage->trials(mStudyId, true))
            history = *stored;
    }
    if (history.isEmpty())
        history = runner->trials();
    mTrials = history;
    std::sort(mTrials.begin(), mTrials.end(), [](const Trial &a, const Trial &b) { return a.number < b.number; });
    rebuildIndex();

    connect(runner, &StudyRunner::trialStarted, this, [this](const Trial &t) {
        mLocal.insert(t.number);
        upsert(t, false);
    });
    connect(runner, &StudyRunner::trialReported, this, [this](int number, const QList<MetricReport> &reports) {
        const auto it = mIndex.constFind(number);
        if (it == mIndex.constEnd() || reports.isEmpty())
            return;
        Trial &t = mTrials[*it];
        for (const MetricReport &r : reports)
            t.intermediate[r.name].append(MetricPoint{r.step, r.value});
        emit metricsAppended(number);
    });
    connect(runner, &StudyRunner::trialFinished, this, [this](const Trial &t) { upsert(t, false); });
    connect(runner, &QObject::destroyed, this, [this] {
        // Its storage may be gone with it: keep the data, stop reading.
        mStorage = nullptr;
        mPollTimer.stop();
    });

    emit specChanged();
    emit reset();
    // Other workers (a `tunescope worker` on a shared database) add trials too.
    if (mStorage)
        mPollTimer.start();
}

bool StudyMonitor::open(Storage *storage, const QString &studyName, QString *error)
{
    close();
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!storage)
        return fail(QStringLiteral("no database"));
    const std::optional<StudyRecord> record = storage->findStudy(studyName);
    if (!record)
        return fail(storage->lastError().isEmpty() ? QStringLiteral("no study named '%1'").arg(studyName)
                                                   : storage->lastError());
    const SpecLoadResult loaded = parseStudySpec(record->specYaml, QStringLiteral("study '%1'").arg(studyName));
    if (!loaded.spec)
        return fail(loaded.errors.join(QLatin1Char('\n')));
    const auto stored = storage->trials(record->id, true);
    if (!stored)
        return fail(storage->lastError());

    mStorage = storage;
    mStudyId = record->id;
    mSpec = *loaded.spec;
    mTrials = *stored;
    std::sort(mTrials.begin(), mTrials.end(), [](const Trial &a, const Trial &b) { return a.number < b.number; });
    rebuildIndex();
    emit specChanged();
    emit reset();
    mPollTimer.start();
    return true;
}

void StudyMonitor::load(const StudySpec &spec, const QList<Trial> &trials)
{
    close();
    mSpec = spec;
    mTrials = trials;
    std::sort(mTrials.begin(), mTrials.end(), [](const Trial &a, const Trial &b) { return a.number < b.number; });
    rebuildIndex();
    mStudyId = 0; // fixed data has no storage row; a non-negative id marks the monitor open
    emit specChanged();
    emit reset();
}

void StudyMonitor::close()
{
    mPollTimer.stop();
    if (mRunner)
        disconnect(mRunner, nullptr, this, nullptr);
    const bool wasOpen = isOpen() || !mTrials.isEmpty();
    mRunner = nullptr;
    mStorage = nullptr;
    mStudyId = -1;
    mLiveWorkers = 0;
    mSpec = StudySpec();
    mTrials.clear();
    mIndex.clear();
    mLocal.clear();
    if (wasOpen)
        emit reset();
}

void StudyMonitor::setPollInterval(int ms)
{
    mPollTimer.setInterval(std::max(10, ms));
}

StudyRunner *StudyMonitor::runner() const
{
    return mRunner;
}

int StudyMonitor::pollInterval() const
{
    return mPollTimer.interval();
}

const Trial *StudyMonitor::trial(int number) const
{
    const auto it = mIndex.constFind(number);
    return it == mIndex.constEnd() ? nullptr : &mTrials.at(*it);
}

const Trial *StudyMonitor::best() const
{
    if (mSpec.metrics.isEmpty())
        return nullptr;
    return bestTrial(mTrials, mSpec.objective().goal);
}

void StudyMonitor::refresh()
{
    poll();
}

void StudyMonitor::poll()
{
    if (!mStorage || mStudyId < 0)
        return;
    // Summary rows are cheap; intermediate values are read only for trials that are running or
    // whose state just changed, so a long finished study costs one query per poll.
    if (const std::optional<int> workers = mStorage->liveWorkers(mStudyId); workers && *workers != mLiveWorkers) {
        mLiveWorkers = *workers;
        emit workersChanged();
    }
    const std::optional<QList<Trial>> stored = mStorage->trials(mStudyId, false);
    if (!stored)
        return; // a busy or briefly unreachable database: try again next time
    if (stored->size() < mTrials.size() - mLocal.size()) {
        // Trials disappeared: the database was replaced under us. Start over.
        const auto full = mStorage->trials(mStudyId, true);
        if (!full)
            return;
        mTrials = *full;
        mLocal.clear();
        rebuildIndex();
        emit reset();
        return;
    }
    for (const Trial &row : *stored) {
        if (mLocal.contains(row.number))
            continue; // the runner of this process reports it first-hand and sooner
        const Trial *known = trial(row.number);
        const bool needMetrics = !known || row.state == TrialState::Running || fieldsDiffer(*known, row);
        if (!needMetrics)
            continue;
        std::optional<Trial> full = mStorage->trial(mStudyId, row.number, true);
        if (!full)
            continue;
        upsert(*full, false);
    }
}

void StudyMonitor::upsert(const Trial &trial, bool metricsOnly)
{
    const auto it = mIndex.constFind(trial.number);
    if (it == mIndex.constEnd()) {
        if (mTrials.isEmpty() || mTrials.last().number < trial.number) {
            mIndex.insert(trial.number, mTrials.size());
            mTrials.append(trial);
        } else {
            // Another worker's trial that was numbered before one we already show.
            const auto pos = std::lower_bound(mTrials.begin(), mTrials.end(), trial.number,
                                              [](const Trial &t, int n) { return t.number < n; });
            mTrials.insert(pos, trial);
            rebuildIndex();
        }
        emit trialAdded(trial.number);
        if (!trial.intermediate.isEmpty())
            emit metricsAppended(trial.number);
        return;
    }
    Trial &known = mTrials[*it];
    const bool changed = !metricsOnly && fieldsDiffer(known, trial);
    const bool moreMetrics = pointCount(trial.intermediate) != pointCount(known.intermediate);
    if (metricsOnly) {
        known.intermediate = trial.intermediate;
    } else {
        // A runner's finished trial carries its intermediate values; a storage row read
        // without them must not wipe the ones we hold.
        MetricSeries keep = known.intermediate;
        known = trial;
        if (trial.intermediate.isEmpty())
            known.intermediate = keep;
    }
    if (changed)
        emit trialChanged(trial.number);
    if (moreMetrics && !trial.intermediate.isEmpty())
        emit metricsAppended(trial.number);
}

void StudyMonitor::rebuildIndex()
{
    mIndex.clear();
    for (qsizetype i = 0; i < mTrials.size(); ++i)
        mIndex.insert(mTrials.at(i).number, i);
}

} // namespace tunescope
