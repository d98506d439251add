#include "execution/studymonitor.h"

#include "execution/studyloader.h"
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
           || a.worker != b.worker || a.stale != b.stale || a.job != b.job || a.queueReason != b.queueReason
           || a.note != b.note || a.retriedAs != b.retriedAs || a.queued != b.queued;
}

qsizetype pointCount(const MetricSeries &series)
{
    qsizetype n = 0;
    for (const auto &points : series)
        n += points.size();
    return n;
}

bool byNumber(const Trial &a, const Trial &b)
{
    return a.number < b.number;
}

/// Whether `candidate` is a better best trial than `best` (nullptr: none yet), as bestTrial()
/// decides: complete, a value that is not NaN, strictly better, the lower number on a tie.
bool betterBest(const Trial &candidate, const Trial *best, Goal goal)
{
    if (candidate.state != TrialState::Complete || !candidate.value || std::isnan(*candidate.value))
        return false;
    if (!best)
        return true;
    const double v = *candidate.value, b = *best->value;
    if (v == b)
        return candidate.number < best->number;
    return goal == Goal::Maximize ? v > b : v < b;
}

} // namespace

StudyMonitor::StudyMonitor(QObject *parent)
    : QObject(parent)
    , mLoader(new StudyLoader(this))
{
    mPollTimer.setInterval(defaultPollIntervalMs);
    connect(&mPollTimer, &QTimer::timeout, this, &StudyMonitor::poll);
    connect(mLoader, &StudyLoader::rowsLoaded, this, [this](const QList<Trial> &rows) {
        // The table and the status bar can show these at once; the values follow.
        mData.trials = rows;
        rebuildIndex();
        emit reset();
    });
    connect(mLoader, &StudyLoader::progress, this, &StudyMonitor::loadProgress);
    connect(mLoader, &StudyLoader::loaded, this, &StudyMonitor::adoptLoaded);
    connect(mLoader, &StudyLoader::failed, this, [this](const QString &error) {
        emit loadingChanged(false);
        emit loadFailed(error);
        startPolling();
    });
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
    mData.spec = runner->spec();

    // The history (a resumed study) comes from storage with its intermediate values; what this
    // runner does from now on arrives first-hand through its signals.
    QList<Trial> history;
    QHash<qint64, qint64> lastValueIds;
    if (mStorage && mStudyId >= 0) {
        if (auto stored = mStorage->trials(mStudyId, false);
            stored && mStorage->readIntermediate(mStudyId, *stored, {}, &lastValueIds))
            history = *stored;
    }
    if (history.isEmpty())
        history = runner->trials();
    mData.trials = history;
    std::sort(mData.trials.begin(), mData.trials.end(), byNumber);
    rebuildIndex();
    readArtifacts({}, false);
    for (const Trial &t : std::as_const(mData.trials)) {
        mStoredThrough = std::max(mStoredThrough, t.number);
        if (!isFinished(t.state))
            mValueCursors.insert(t.id, lastValueIds.value(t.id));
    }

    connect(runner, &StudyRunner::trialStarted, this, [this](const Trial &t) {
        mLocal.insert(t.number);
        upsert(t);
    });
    connect(runner, &StudyRunner::trialReported, this, [this](int number, const QList<MetricReport> &reports) {
        const int index = indexOf(number);
        if (index < 0 || reports.isEmpty())
            return;
        MetricSeries &series = mData.trials[index].intermediate;
        for (const MetricReport &r : reports)
            series[r.name].append(MetricPoint{r.step, r.value});
        emit metricsAppended(number);
    });
    connect(runner, &StudyRunner::trialFinished, this, [this](const Trial &t) { upsert(t); });
    connect(runner, &StudyRunner::artifactDeclared, this, [this](int number, const QString &path) {
        QStringList &files = mData.artifacts[number];
        if (files.contains(path))
            return;
        files.append(path);
        emit trialChanged(number);
    });
    connect(runner, &StudyRunner::trialUpdated, this, [this](const Trial &t) {
        const Trial *known = trial(t.number);
        // A requeued job started over: its curve is read again from the start.
        const bool startedOver = known && pointCount(t.intermediate) < pointCount(known->intermediate);
        upsert(t);
        if (startedOver) {
            mData.trials[indexOf(t.number)].intermediate = t.intermediate;
            emit reset();
        }
    });
    connect(runner, &QObject::destroyed, this, [this] {
        // Its storage may be gone with it: keep the data, stop reading.
        mStorage = nullptr;
        mPollTimer.stop();
    });

    emit specChanged();
    emit reset();
    // Other workers (a `tunescope worker` on a shared database) add trials too.
    startPolling();
}

std::optional<StudyMonitor::OpenedStudy> StudyMonitor::readStudy(Storage *storage, const QString &studyName,
                                                                 QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<OpenedStudy> {
        if (error)
            *error = message;
        return std::nullopt;
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
    return OpenedStudy{record->id, *loaded.spec};
}

bool StudyMonitor::open(Storage *storage, const QString &studyName, QString *error)
{
    close();
    const std::optional<OpenedStudy> study = readStudy(storage, studyName, error);
    if (!study)
        return false;
    std::optional<QList<Trial>> stored = storage->trials(study->id, false);
    QHash<qint64, qint64> lastValueIds;
    if (!stored || !storage->readIntermediate(study->id, *stored, {}, &lastValueIds)) {
        if (error)
            *error = storage->lastError();
        return false;
    }

    mStorage = storage;
    mStudyId = study->id;
    mData.spec = study->spec;
    emit specChanged();
    adoptLoaded(*stored, lastValueIds);
    return true;
}

bool StudyMonitor::openInBackground(Storage *storage, const QString &location, const QString &studyName, QString *error)
{
    close();
    const std::optional<OpenedStudy> study = readStudy(storage, studyName, error);
    if (!study)
        return false;
    mStorage = storage;
    mLocation = location;
    mStudyId = study->id;
    mData.spec = study->spec;
    emit specChanged();
    emit reset();
    startReload();
    return true;
}

void StudyMonitor::startReload()
{
    mPollTimer.stop();
    mLoader->start(mLocation, mStudyId);
    emit loadingChanged(true);
}

void StudyMonitor::adoptLoaded(const QList<Trial> &trials, const QHash<qint64, qint64> &lastValueIds)
{
    const bool wasLoading = !mLocation.isEmpty();
    mData.trials = trials;
    std::sort(mData.trials.begin(), mData.trials.end(), byNumber);
    rebuildIndex();
    mLocal.clear();
    mValueCursors.clear();
    mStoredThrough = -1;
    for (const Trial &t : std::as_const(mData.trials)) {
        mStoredThrough = std::max(mStoredThrough, t.number);
        if (!isFinished(t.state))
            mValueCursors.insert(t.id, lastValueIds.value(t.id));
    }
    mData.artifacts.clear();
    readArtifacts({}, false);
    if (wasLoading) {
        // The rows are on screen since rowsLoaded; only the values are new.
        emit loadingChanged(false);
        emit metricsLoaded();
    } else {
        emit reset();
    }
    startPolling();
}

void StudyMonitor::startPolling()
{
    if (mStorage && mStudyId > 0)
        mPollTimer.start();
}

void StudyMonitor::load(const StudySpec &spec, const QList<Trial> &trials)
{
    close();
    mData.spec = spec;
    mData.trials = trials;
    std::sort(mData.trials.begin(), mData.trials.end(), byNumber);
    rebuildIndex();
    mStudyId = 0; // fixed data has no storage row; a non-negative id marks the monitor open
    emit specChanged();
    emit reset();
}

void StudyMonitor::close()
{
    mPollTimer.stop();
    const bool wasLoading = loading();
    mLoader->cancel();
    if (mRunner)
        disconnect(mRunner, nullptr, this, nullptr);
    const bool wasOpen = isOpen() || !mData.trials.isEmpty();
    mRunner = nullptr;
    mStorage = nullptr;
    mLocation.clear();
    mStudyId = -1;
    mLiveWorkers = 0;
    mData = StudySnapshot();
    mIndex.clear();
    mBest = -1;
    mLocal.clear();
    mStoredThrough = -1;
    mValueCursors.clear();
    if (wasLoading)
        emit loadingChanged(false);
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

bool StudyMonitor::loading() const
{
    return mLoader->isLoading();
}

int StudyMonitor::pollInterval() const
{
    return mPollTimer.interval();
}

int StudyMonitor::indexOf(int number) const
{
    const QList<Trial> &trials = mData.trials;
    // Trials are ordered by number and usually numbered 0, 1, 2, ...: try the obvious place.
    if (number >= 0 && number < trials.size() && trials.at(number).number == number)
        return number;
    return int(mIndex.value(number, -1));
}

const Trial *StudyMonitor::trial(int number) const
{
    const int i = indexOf(number);
    return i < 0 ? nullptr : &mData.trials.at(i);
}

const Trial *StudyMonitor::best() const
{
    return trial(mBest);
}

void StudyMonitor::refresh(const QList<int> &changed)
{
    mReadAgain += changed;
    poll();
}

void StudyMonitor::poll()
{
    if (!mStorage || mStudyId <= 0 || loading())
        return;
    if (const std::optional<int> workers = mStorage->liveWorkers(mStudyId); workers && *workers != mLiveWorkers) {
        mLiveWorkers = *workers;
        emit workersChanged();
    }
    // Every trial held up to the last one read from storage is stored: fewer in the database
    // means it was replaced under us, and the study is read again.
    if (mStoredThrough >= 0) {
        const auto held = std::upper_bound(mData.trials.cbegin(), mData.trials.cend(), mStoredThrough,
                                           [](int n, const Trial &t) { return n < t.number; })
                          - mData.trials.cbegin();
        const std::optional<int> stored = mStorage->trialCount(mStudyId, mStoredThrough);
        if (!stored)
            return; // a busy or briefly unreachable database: try again next time
        if (*stored < held) {
            if (!mLocation.isEmpty()) {
                startReload();
                return;
            }
            std::optional<QList<Trial>> all = mStorage->trials(mStudyId, false);
            QHash<qint64, qint64> lastValueIds;
            if (all && mStorage->readIntermediate(mStudyId, *all, {}, &lastValueIds))
                adoptLoaded(*all, lastValueIds);
            return;
        }
    }

    // What changed: new trials and the unfinished ones (finished trials never change).
    QList<int> unfinished = std::exchange(mReadAgain, {});
    for (auto it = mValueCursors.cbegin(); it != mValueCursors.cend(); ++it) {
        if (const Trial *t = trialWithId(it.key()))
            unfinished << t->number;
    }
    const std::optional<QList<Trial>> rows = mStorage->trialsAfter(mStudyId, mStoredThrough, unfinished);
    if (!rows)
        return;
    QList<ValueCursor> cursors;
    QHash<qint64, int> numberOfId;
    QList<qint64> finishedNow;
    for (const Trial &row : *rows) {
        mStoredThrough = std::max(mStoredThrough, row.number);
        if (mLocal.contains(row.number))
            continue; // the runner of this process reports it first-hand and sooner
        const Trial *known = trial(row.number);
        // A finished trial read again for its note or retry link: its values are all held.
        const bool valuesHeld = known && isFinished(known->state) && !mValueCursors.contains(row.id);
        if (!known || fieldsDiffer(*known, row))
            upsert(row);
        if (valuesHeld)
            continue;
        // Values after the rows: a trial read finished here has all of them stored already.
        cursors.append(ValueCursor{row.id, mValueCursors.value(row.id)});
        numberOfId.insert(row.id, row.number);
        if (isFinished(row.state))
            finishedNow << row.id;
        else
            mValueCursors.insert(row.id, mValueCursors.value(row.id));
    }
    if (cursors.isEmpty())
        return;
    // Files are declared while a trial runs: those of the trials read now, in one query.
    QList<qint64> readIds;
    readIds.reserve(cursors.size());
    for (const ValueCursor &c : std::as_const(cursors))
        readIds << c.trialId;
    readArtifacts(readIds, true);
    const std::optional<QHash<qint64, MetricSeries>> values = mStorage->readNewValues(cursors);
    if (!values)
        return; // the cursors stay: the next poll reads these values
    for (const ValueCursor &c : std::as_const(cursors)) {
        if (mValueCursors.contains(c.trialId))
            mValueCursors.insert(c.trialId, c.afterValueId);
    }
    for (qint64 id : std::as_const(finishedNow))
        mValueCursors.remove(id);
    for (auto it = values->cbegin(); it != values->cend(); ++it) {
        const int index = indexOf(numberOfId.value(it.key(), -1));
        if (index >= 0)
            appendValues(index, it.value());
    }
}

void StudyMonitor::readArtifacts(const QList<qint64> &trialIds, bool announce)
{
    if (!mStorage || mStudyId <= 0)
        return;
    const std::optional<QHash<qint64, QStringList>> read = mStorage->trialArtifacts(mStudyId, trialIds);
    if (!read)
        return; // a busy database: the next poll reads them
    // All of them (a study opened): numbers by id in one pass; a few (a poll): the recent ones.
    QHash<qint64, int> numberOfId;
    if (trialIds.isEmpty() && !read->isEmpty()) {
        numberOfId.reserve(mData.trials.size());
        for (const Trial &t : std::as_const(mData.trials))
            numberOfId.insert(t.id, t.number);
    }
    for (auto it = read->cbegin(); it != read->cend(); ++it) {
        const Trial *t = trialIds.isEmpty() ? nullptr : trialWithId(it.key());
        const int number = t ? t->number : numberOfId.value(it.key(), -1);
        if (number < 0 || mData.artifacts.value(number) == it.value())
            continue;
        mData.artifacts.insert(number, it.value());
        if (announce)
            emit trialChanged(number);
    }
}

const Trial *StudyMonitor::trialWithId(qint64 id) const
{
    // Unfinished trials are few and recent: search from the end.
    for (qsizetype i = mData.trials.size() - 1; i >= 0; --i) {
        if (mData.trials.at(i).id == id)
            return &mData.trials.at(i);
    }
    return nullptr;
}

void StudyMonitor::appendValues(qsizetype index, const MetricSeries &values)
{
    if (values.isEmpty())
        return;
    MetricSeries &series = mData.trials[index].intermediate;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        series[it.key()] += it.value();
    emit metricsAppended(mData.trials.at(index).number);
}

void StudyMonitor::upsert(const Trial &trial)
{
    // A study without metrics has no best trial.
    const bool ranked = !mData.spec.metrics.isEmpty();
    const Goal goal = ranked ? mData.spec.objective().goal : Goal::Minimize;
    const int existing = indexOf(trial.number);
    if (existing < 0) {
        QList<Trial> &trials = mData.trials;
        if (trials.isEmpty() || trials.last().number < trial.number) {
            mIndex.insert(trial.number, trials.size());
            trials.append(trial);
        } else {
            // Another worker's trial that was numbered before one we already show.
            const auto pos = std::lower_bound(trials.begin(), trials.end(), trial, byNumber);
            trials.insert(pos, trial);
            rebuildIndex();
        }
        if (ranked && betterBest(trial, best(), goal))
            mBest = trial.number;
        emit trialAdded(trial.number);
        if (!trial.intermediate.isEmpty())
            emit metricsAppended(trial.number);
        return;
    }
    Trial &known = mData.trials[existing];
    const bool changed = fieldsDiffer(known, trial);
    const bool moreMetrics = !trial.intermediate.isEmpty() && pointCount(trial.intermediate) != pointCount(known.intermediate);
    // A runner's finished trial carries its intermediate values; a storage row read without
    // them must not wipe the ones we hold.
    MetricSeries keep = known.intermediate;
    known = trial;
    if (trial.intermediate.isEmpty())
        known.intermediate = keep;
    // A trial's outcome is written once (finished trials never change), so the best moves
    // only to a trial that just finished better.
    if (ranked && mBest == trial.number && !betterBest(known, nullptr, goal)) {
        const Trial *best = bestTrial(mData.trials, goal);
        mBest = best ? best->number : -1;
    } else if (ranked && betterBest(known, best(), goal)) {
        mBest = trial.number;
    }
    if (changed)
        emit trialChanged(trial.number);
    if (moreMetrics)
        emit metricsAppended(trial.number);
}

void StudyMonitor::rebuildIndex()
{
    mIndex.clear();
    mIndex.reserve(mData.trials.size());
    for (qsizetype i = 0; i < mData.trials.size(); ++i)
        mIndex.insert(mData.trials.at(i).number, i);
    const Trial *best = mData.spec.metrics.isEmpty() ? nullptr : bestTrial(mData.trials, mData.spec.objective().goal);
    mBest = best ? best->number : -1;
}

} // namespace tunescope
