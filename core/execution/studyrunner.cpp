#include "execution/studyrunner.h"

#include "execution/warmstart.h"
#include "execution/gpusampler.h"
#include "execution/processtreesampler.h"

#include "common/safepath.h"
#include "pruners/pruner.h"
#include "execution/slurmclient.h"
#include "execution/slurmjob.h"
#include "execution/trialclaim.h"
#include "execution/trialcommand.h"
#include "execution/trialprocess.h"
#include "storage/studyrecord.h"
#include "storage/studylocation.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <climits>
#include <cmath>
#include <utility>

namespace tunescope {

namespace {
// Other workers may add trials to a shared database; the sampler sees them within this time.
constexpr qint64 refreshIntervalMs = 1000;
// Intermediate values are written in batches: a trial printing thousands of lines a second
// costs one transaction per batch, and a killed app loses at most this much of them.
constexpr int flushIntervalMs = 250;
// How often a local trial's processes are measured (CPU, memory): sys/* metrics and usage.
constexpr int kSystemSampleMs = 1000;
// How often nvidia-smi is asked about the GPUs' processes (each poll runs it twice).
constexpr int kGpuSampleMs = 2000;
} // namespace

/// One trial this runner has in flight.
struct StudyRunner::Running
{
    Trial trial;
    TrialLauncher *launcher = nullptr;
    QString slot;
    bool holdsSlot = true; ///< false for a re-attached job that found every slot taken
    QList<QPair<QString, MetricPoint>> unsaved;
    bool stoppedByUser = false;
    bool stoppedAtDeadline = false; ///< max_duration_hard ran out while it ran
    ProcessTreeSampler *sampler = nullptr; ///< the current local run's /proc accounting
    std::optional<double> reapedCpu;       ///< its program's CPU counted when reaped (endSampling)
    TrialUsage usage;          ///< measured over its finished runs (repeats)
    QDateTime claimed;         ///< when the runner took it: waiting starts
    QDateTime runStarted;      ///< when its current run's program started (local: its process)

    // GPU figures of its processes over its runs (nvidia-smi polls that found any of them).
    double gpuSeconds = 0.0;
    double maxGpuMemMb = 0.0;
    double gpuUtilSum = 0.0;
    int gpuSamples = 0;

    ~Running() { delete sampler; }
    bool lost = false; ///< declared interrupted by another worker: no longer ours to record
    QString stopNote = QStringLiteral("stopped by user"); ///< why the runner stopped it
    int repeat = 0;                       ///< which of the spec's repeats runs now
    QList<QList<double>> repeatValues;    ///< objectives of each finished repeat
};

StudyRunner::StudyRunner(StudySpec spec, Storage *storage, RunOptions options, QObject *parent)
    : QObject(parent), mSpec(std::move(spec)), mStorage(storage), mOptions(std::move(options)), mLimits(mSpec)
{
    if (mOptions.seed)
        mSpec.seed = *mOptions.seed;
    mFlushTimer.setInterval(flushIntervalMs);
    connect(&mFlushTimer, &QTimer::timeout, this, &StudyRunner::flushReports);
    mHeartbeat.setInterval(mSpec.heartbeatIntervalSeconds * 1000);
    connect(&mHeartbeat, &QTimer::timeout, this, &StudyRunner::heartbeat);
    mDeadline.setSingleShot(true);
    connect(&mDeadline, &QTimer::timeout, this, &StudyRunner::onDeadline);
    mWaitForOthers.setSingleShot(true);
    mWaitForOthers.setInterval(int(refreshIntervalMs));
    connect(&mWaitForOthers, &QTimer::timeout, this, [this] {
        mExhausted = false;
        fillSlots();
    });
}

StudyRunner::~StudyRunner()
{
    qDeleteAll(mStopping);
    flushReports();
    for (Running *r : std::as_const(mRunning)) {
        if (r->launcher && !r->lost && r->launcher->detach()) {
            // A Slurm job goes on without us: the trial stays RUNNING with its job, and the next
            // runner (`tunescope run` again, the dashboard) re-attaches to it at once.
            mStorage->releaseTrial(r->trial.id);
        } else if (!r->lost) {
            // Processes die with their QObject parent (TrialProcess kills its group); record why.
            mStorage->finishTrial(r->trial.id, TrialState::Failed, std::nullopt, std::nullopt,
                                  interruptedReason + QStringLiteral(" (the runner was closed)"));
        }
        delete r->launcher;
        delete r;
    }
    if (mStarted && !mDone)
        mStorage->leaveStudy(mStudy.id);
}

bool StudyRunner::prepare(QString *error)
{
    QString why;
    mSampler = createSampler(mSpec, &why);
    if (!mSampler) {
        *error = why;
        return false;
    }
    mPruner = createPruner(mSpec, &why);
    if (!mPruner && !mSpec.earlyTerminate.isEmpty()) {
        *error = why;
        return false;
    }

    // A program that cannot run at all would fail every trial: say so once, up front.
    TrialCommand command(mSpec);
    TrialContext probe;
    probe.study = mSpec.name;
    probe.params = mSpec.space.decode(std::vector<double>(size_t(mSpec.space.dimension()), 0.5));
    const QStringList argv = command.argv(probe, &why);
    if (argv.isEmpty()) {
        *error = why;
        return false;
    }
    const QString executable = argv.first();
    // "./train.sh" runs relative to the trial's working directory (the spec's folder), not
    // ours; a bare name is looked up on PATH.
    if (!QFileInfo(mSpec.runDirectory()).isDir()) {
        *error = QStringLiteral("working_directory: %1 is no folder").arg(mSpec.runDirectory());
        return false;
    }
    QFileInfo info(executable);
    if (info.isRelative() && executable.contains(QLatin1Char('/')))
        info.setFile(QDir(mSpec.runDirectory()), executable);
    // A Slurm job looks the program up on its node; this machine's PATH says nothing about it.
    const bool found = mSpec.backend.isSlurm() && !info.isAbsolute()
                       ? true
                       : info.isAbsolute() ? info.isExecutable() : !QStandardPaths::findExecutable(executable).isEmpty();
    if (!found) {
        *error = QStringLiteral("program: cannot run '%1': %2").arg(executable,
                     info.exists() ? QStringLiteral("it is not executable")
                                                   : QStringLiteral("no such file (looked in the study folder, next to tunescope, and on PATH)"));
        return false;
    }
    if (mSpec.program.endsWith(QLatin1String(".py")) && !QFileInfo::exists(command.resolvedProgram())) {
        *error = QStringLiteral("program: '%1' does not exist").arg(command.resolvedProgram());
        return false;
    }

    // The sources are read before the study is made: a missing one stops the run up front.
    std::optional<WarmStartSources> warm;
    if (mSpec.warmStart.isEnabled()) {
        warm = readWarmStartSources(mSpec, &why, mStorage->location());
        if (!warm) {
            *error = why;
            return false;
        }
        mNotices << warm->notes;
        mSampler->setPriorTrials(warm->prior);
    }

    bool createdHere = false;
    if (auto existing = mStorage->findStudy(mSpec.name)) {
        mStudy = *existing;
    } else {
        StudySpec stored = mSpec;
        stored.warmStart = resolvedWarmStart(mSpec);
        auto created = mStorage->createStudy(studyRecordFor(stored));
        // Only the process that made the study enqueues its best-first configurations: two
        // workers started together on a new study enqueue them once.
        createdHere = created.has_value();
        if (!created) {
            const QString why = mStorage->lastError();
            // Another process (a second `run`, a worker, the GUI) created it a moment ago.
            created = mStorage->findStudy(mSpec.name);
            if (!created) {
                *error = QStringLiteral("storage: cannot create study '%1': %2").arg(mSpec.name, why);
                return false;
            }
        }
        mStudy = *created;
    }
    if (createdHere && warm && !warm->bestFirst.isEmpty() && !enqueueBestFirst(*mStorage, mStudy, warm->bestFirst, &why)) {
        *error = why;
        return false;
    }
    if (!reclaimDeadTrials(&why)) {
        *error = QStringLiteral("storage: %1").arg(why);
        return false;
    }
    refreshTrials(true);
    adoptGridPoints(*mStorage, *mSampler, mTrials);
    mLimits.noteTrials(mTrials); // a resumed study may have reached its target already
    mLimits.setPriorSeconds(mStorage->studyRunSeconds(mStudy.id).value_or(0.0)); // read again by start()

    mParallel = std::max(1, mOptions.parallel.value_or(mSpec.parallel));
    if (mSpec.resources.gpus.isEmpty()) {
        for (int i = 0; i < mParallel; ++i)
            mFreeSlots << QString();
    } else {
        // Round-robin over GPUs so two parallel trials land on different devices first.
        for (int k = 0; k < mSpec.resources.trialsPerGpu; ++k) {
            for (int gpu : std::as_const(mSpec.resources.gpus))
                mFreeSlots << QString::number(gpu);
        }
        mParallel = std::min<int>(mParallel, int(mFreeSlots.size()));
    }

    mBudget = mOptions.budget.value_or(mSpec.runCap > 0 ? mSpec.runCap : INT_MAX);
    if (const auto capacity = mSampler->capacity())
        mBudget = int(std::min<qint64>(mBudget, *capacity));
    if (mOptions.runsDirectory.isEmpty())
        mOptions.runsDirectory = studyLocation(mStorage->location(), mSpec.workingDirectory).runsDirectory;
    if (mSpec.backend.isSlurm()) {
        // Refused settings (a partition that does not exist, an invalid gres) fail here, once,
        // rather than every trial's submission.
        QString key;
        if (!slurm()->check(&why, &key)) {
            *error = QStringLiteral("%1: %2").arg(key, why);
            return false;
        }
    }
    return true;
}

SlurmClient *StudyRunner::slurm()
{
    if (!mSlurm) {
        SlurmClient::Setup setup;
        setup.settings = mSpec.backend.slurm;
        setup.jobName = slurmJobName(mStudy.name, mStudy.id);
        setup.workingDirectory = mSpec.workingDirectory.isEmpty() ? QDir::currentPath() : mSpec.workingDirectory;
        setup.logDirectory = QDir(studyRunsFolder()).filePath(QStringLiteral("slurm"));
        mSlurm = new SlurmClient(setup, this);
        connect(mSlurm, &SlurmClient::unreachable, this, [this](const QString &message) {
            // Nothing can be submitted, followed or cancelled: the study stops, and its jobs are
            // left as they are for the next run to re-attach to.
            detachJobs();
            fail(message + QStringLiteral("; the study stops. Jobs already submitted were left as they are: "
                                          "run the study again to re-attach to them."));
        });
    }
    return mSlurm;
}

bool StudyRunner::reclaimDeadTrials(QString *error)
{
    const auto interrupted = mStorage->findInterruptedTrials(mStudy.id);
    if (!interrupted) {
        *error = mStorage->lastError();
        return false;
    }
    // A Slurm job outlives its runner: it is re-attached to, not redone.
    QList<InterruptedTrial> gone, jobs;
    for (const InterruptedTrial &t : *interrupted)
        (t.job.isEmpty() ? gone : jobs).append(t);
    // Their programs died with their runner (PR_SET_PDEATHSIG); children they forked may
    // still run, reparented to init, holding a GPU or writing to the trial folder. Stopped
    // before the trials are marked, so that a run killed in between finds them again.
    for (const InterruptedTrial &t : std::as_const(gone)) {
        if (t.processGroup)
            TrialProcess::killOrphanedGroup(*t.processGroup, mStudy.name, t.number);
    }
    if (!mStorage->markInterruptedTrials(gone) || !mStorage->markStaleTrials(mStudy.id)) {
        *error = mStorage->lastError();
        return false;
    }
    const auto stale = mStorage->findStaleJobTrials(mStudy.id);
    if (!stale) {
        *error = mStorage->lastError();
        return false;
    }
    jobs += *stale;
    for (const InterruptedTrial &t : std::as_const(jobs)) {
        if (std::none_of(mAdoptions.begin(), mAdoptions.end(), [&](const InterruptedTrial &a) { return a.id == t.id; }))
            mAdoptions.append(t);
    }
    if (mStarted)
        adoptJobs();
    return true;
}

void StudyRunner::adoptJobs()
{
    const QList<InterruptedTrial> adoptions = std::exchange(mAdoptions, {});
    for (const InterruptedTrial &t : adoptions) {
        if (mDone || mRunning.contains(t.number))
            continue;
        const std::optional<SlurmJobRecord> record = SlurmJobRecord::parse(t.job);
        if (!record) {
            // Not a job this version can follow: redone like any interrupted trial.
            mStorage->markInterruptedTrials({t});
            continue;
        }
        const std::optional<bool> adopted = mStorage->adoptTrial(t.id, t.worker, qint64(mSpec.heartbeatGraceSeconds) * 1000);
        if (!adopted || !*adopted)
            continue; // another runner took it first, or the database is away (next beat)
        std::optional<Trial> stored = mStorage->trial(mStudy.id, t.number, true);
        if (!stored || stored->state != TrialState::Running)
            continue;
        auto *running = new Running;
        running->trial = *stored;
        running->repeat = record->repeat;
        // Repeats that finished before the runner died are in storage; the one the job runs
        // starts over, read again from its output files.
        bool complete = true;
        for (int k = 0; k < record->repeat && complete; ++k) {
            QList<double> values;
            for (const MetricSpec &metric : std::as_const(mSpec.metrics)) {
                const std::optional<double> v = finalValue(running->trial, metric, k);
                complete = complete && v.has_value();
                values << v.value_or(0.0);
            }
            running->repeatValues << values;
        }
        QStringList current;
        for (auto it = running->trial.intermediate.keyBegin(); it != running->trial.intermediate.keyEnd(); ++it) {
            if (mSpec.repeats == 1 || it->endsWith(QStringLiteral("[%1]").arg(record->repeat)))
                current << *it;
        }
        if (!complete || !mStorage->removeMetricReports(running->trial.id, current)) {
            delete running;
            mStorage->markInterruptedTrials({t});
            continue;
        }
        for (const QString &name : std::as_const(current))
            running->trial.intermediate.remove(name);
        running->trial.worker = currentWorkerId();
        if (!mFreeSlots.isEmpty())
            running->slot = mFreeSlots.takeFirst();
        else
            running->holdsSlot = false;
        mRunning.insert(t.number, running);
        replaceTrial(running->trial);
        emit trialStarted(running->trial);
        startLauncher(t.number, *record);
    }
}

void StudyRunner::start()
{
    Q_ASSERT(mSampler);
    mStarted = true;
    // max_duration counts earlier runs' time; this run's row keeps its own up to date.
    mLimits.setPriorSeconds(mStorage->studyRunSeconds(mStudy.id).value_or(0.0));
    mRunStartedMs = mStorage->beginStudyRun(mStudy.id);
    mLimits.start();
    armDeadline();
    if (!mSpec.backend.isSlurm()) {
        // GPU figures of local trials; quietly none without NVIDIA's driver.
        mGpuSampler = new GpuSampler(this);
        connect(mGpuSampler, &GpuSampler::sampled, this, &StudyRunner::onGpuSample);
        mGpuSampler->start(kGpuSampleMs);
    }
    mFlushTimer.start();
    mHeartbeat.start();
    heartbeat(); // the worker row: counted live from the start
    QTimer::singleShot(0, this, &StudyRunner::fillSlots);
}

void StudyRunner::heartbeat()
{
    if (mDone)
        return;
    QList<qint64> ids;
    for (const Running *r : std::as_const(mRunning)) {
        if (!r->lost)
            ids << r->trial.id;
    }
    if (mRunStartedMs)
        mStorage->extendStudyRun(mStudy.id, *mRunStartedMs);
    // A database briefly unreachable misses one beat; the grace period allows for several.
    const auto lost = mStorage->beat(mStudy.id, ids, qint64(mSpec.heartbeatGraceSeconds) * 1000);
    for (Running *r : std::as_const(mRunning)) {
        if (!lost || !lost->contains(r->trial.id))
            continue;
        // Declared dead (this process stalled longer than the grace period): its point is
        // being redone elsewhere, so this run stops and records nothing.
        r->lost = true;
        r->stoppedByUser = true;
        r->stopNote = QStringLiteral("another worker declared it interrupted");
        if (r->launcher && r->launcher->detach()) {
            // Its job goes on under the runner that adopted it: let go, record nothing.
            QTimer::singleShot(0, this, [this, number = r->trial.number] {
                if (mRunning.contains(number))
                    finishTrial(number, TrialState::Failed, QString(), std::nullopt);
            });
        } else if (r->launcher) {
            r->launcher->stop(r->stopNote);
        }
    }
    QString why;
    reclaimDeadTrials(&why);
}

bool StudyRunner::declaredInterrupted(int number)
{
    // This process stalled past the grace period and another worker noticed before our next
    // beat did: the point is theirs to redo, and this outcome is nobody's.
    // The same when someone recorded its end by hand meanwhile (tell, Mark Failed).
    const std::optional<Trial> stored = mStorage->trial(mStudy.id, number);
    // Declared interrupted, ended by hand, or its job adopted by another runner while this one stalled.
    if (!stored
        || !(isInterrupted(*stored) || isFinished(stored->state)
             || (stored->state == TrialState::Running && stored->worker != currentWorkerId())))
        return false;
    mRunning.value(number)->lost = true;
    return true;
}

bool StudyRunner::othersRunning() const
{
    return std::any_of(mTrials.begin(), mTrials.end(), [this](const Trial &t) {
        return t.state == TrialState::Running && !mRunning.contains(t.number);
    });
}

void StudyRunner::pause()
{
    mPaused = true;
}

void StudyRunner::resume()
{
    mPaused = false;
    if (mStarted)
        QTimer::singleShot(0, this, &StudyRunner::fillSlots);
}

void StudyRunner::stop()
{
    mStopRequested = true;
    for (Running *r : std::as_const(mRunning)) {
        r->stoppedByUser = true;
        if (r->launcher)
            r->launcher->stop(QStringLiteral("stopped by user"));
    }
    QTimer::singleShot(0, this, &StudyRunner::checkDone);
}

int StudyRunner::countedTrials() const
{
    return int(std::count_if(mTrials.begin(), mTrials.end(), [](const Trial &t) { return countsTowardsBudget(t); }));
}

bool StudyRunner::budgetUsed() const
{
    // Trials queued by hand run whatever the budget says.
    return countedTrials() >= mBudget
        && std::none_of(mTrials.begin(), mTrials.end(), [](const Trial &t) { return t.queued; });
}

std::optional<Trial> StudyRunner::bestTrial() const
{
    const Trial *best = tunescope::bestTrial(mTrials, mSpec.objective().goal);
    return best ? std::optional<Trial>(*best) : std::nullopt;
}

int StudyRunner::queuedCount() const
{
    return int(std::count_if(mRunning.begin(), mRunning.end(), [](const Running *r) { return isQueued(r->trial); }));
}

std::optional<Trial> StudyRunner::recommendedTrial() const
{
    const std::optional<int> number = mSampler ? mSampler->recommendedTrial(mTrials) : std::nullopt;
    for (const Trial &t : mTrials)
        if (number && t.number == *number)
            return t;
    return std::nullopt;
}

QByteArray StudyRunner::logTail(int number) const
{
    const Running *r = mRunning.value(number);
    return r && r->launcher ? r->launcher->logTail() : QByteArray();
}

QString StudyRunner::trialDirectory(int number) const
{
    return trialFolder(mOptions.runsDirectory, mSpec.name, mStudy.id, number);
}

QString StudyRunner::studyRunsFolder() const
{
    return QFileInfo(trialDirectory(0)).path();
}

void StudyRunner::refreshTrials(bool force)
{
    if (!force && mSinceRefresh.isValid() && mSinceRefresh.elapsed() < refreshIntervalMs)
        return;
    // A pruner compares against every trial's curve: read the history once, then only the
    // values of trials other processes finished since (what this runner saw, it keeps).
    const bool needCurves = mPruner != nullptr || !mSpec.objective().impute.isEmpty()
                            || !mSpec.objective().imputeWhileRunning.isEmpty();
    auto stored = mStorage->trials(mStudy.id, needCurves && mTrials.isEmpty());
    if (!stored) {
        fail(QStringLiteral("storage: %1").arg(mStorage->lastError()));
        return;
    }
    QHash<int, const Trial *> known;
    for (const Trial &t : std::as_const(mTrials))
        known.insert(t.number, &t);
    QList<Trial> merged = *stored;
    for (Trial &t : merged) {
        if (const Running *r = mRunning.value(t.number)) {
            t = r->trial;
        } else if (const Trial *old = known.value(t.number); old && t.intermediate.isEmpty()) {
            t.intermediate = old->intermediate;
            if (needCurves && isFinished(t.state) && !isFinished(old->state)) {
                if (auto full = mStorage->trial(mStudy.id, t.number, true))
                    t.intermediate = full->intermediate;
            }
        } else if (needCurves && !old && t.intermediate.isEmpty() && !mTrials.isEmpty()) {
            if (auto full = mStorage->trial(mStudy.id, t.number, true))
                t.intermediate = full->intermediate;
        }
    }
    mTrials = merged;
    mSinceRefresh.start();
}

void StudyRunner::replaceTrial(const Trial &trial)
{
    for (Trial &t : mTrials) {
        if (trial.retryOf && t.number == *trial.retryOf)
            t.retriedAs = trial.number;
    }
    for (Trial &t : mTrials) {
        if (t.number == trial.number) {
            t = trial;
            return;
        }
    }
    mTrials.append(trial);
}

void StudyRunner::fillSlots()
{
    if (mFilling)
        return;
    mFilling = true;
    while (!mPaused && !mStopRequested && !mExhausted && !mDone && !mFreeSlots.isEmpty()
           && int(mRunning.size()) < mParallel) {
        refreshTrials(false);
        if (mStopRequested || budgetUsed() || mLimits.stopsNewTrials())
            break;
        if (!launchOne(mFreeSlots.first()))
            break;
    }
    mFilling = false;
    checkDone();
}

bool StudyRunner::launchOne(const QString &gpu)
{
    ClaimRequest request;
    request.gpu = gpu;
    request.budget = mBudget;
    request.heartbeatGraceMs = qint64(mSpec.heartbeatGraceSeconds) * 1000;
    const ClaimOutcome outcome = claimNextTrial(*mStorage, mStudy.id, *mSampler, request,
                                                [this](bool fresh) -> std::optional<QList<Trial>> {
        if (fresh)
            refreshTrials(true);
        return mTrials;
    });
    switch (outcome.kind) {
    case ClaimOutcome::Kind::Claimed: break;
    case ClaimOutcome::Kind::NothingLeft:
    case ClaimOutcome::Kind::BudgetReached:
        // Other workers on a shared study took the last points or slots since the last refresh.
        refreshTrials(true);
        mExhausted = true;
        return false;
    case ClaimOutcome::Kind::Failed:
        fail(QStringLiteral("storage: cannot start a trial: %1").arg(outcome.error));
        return false;
    }
    const std::optional<Trial> &trial = outcome.trial;
    mFreeSlots.removeFirst();
    mFinalClaimTried = false; // the study goes on: its end is decided afresh

    auto *running = new Running;
    running->trial = *trial;
    running->slot = gpu;
    running->claimed = QDateTime::currentDateTimeUtc();
    mRunning.insert(trial->number, running);
    replaceTrial(*trial);
    emit trialStarted(*trial);
    startProcess(trial->number);
    return true;
}

void StudyRunner::startProcess(int number)
{
    startLauncher(number, std::nullopt);
}

void StudyRunner::startLauncher(int number, const std::optional<SlurmJobRecord> &attachTo)
{
    Running *running = mRunning.value(number);
    TrialContext context;
    context.study = mSpec.name;
    context.number = number;
    context.params = running->trial.params;
    context.gpu = running->slot;
    context.repeat = running->repeat;
    context.trialDirectory = trialDirectory(number);
    if (mSpec.repeats > 1)
        context.trialDirectory += QStringLiteral("/repeat-%1").arg(running->repeat);
    const TrialCommand command(mSpec);
    QString error;
    TrialLaunch launch;
    launch.argv = command.argv(context, &error);
    // The folder's name is safe; a link planted in the runs folder could still lead out.
    if (!isInsideFolder(context.trialDirectory, mOptions.runsDirectory)) {
        launch.argv.clear();
        error = QStringLiteral("trial folder %1 leads outside the runs folder %2 (a symbolic link?); nothing was written")
                    .arg(context.trialDirectory, mOptions.runsDirectory);
    } else if (!launch.argv.isEmpty() && !command.writeArgsJsonFile(context, &error)) {
        launch.argv.clear();
    }
    const bool isJob = mSpec.backend.isSlurm() || attachTo;
    // A job gets only what Tunescope adds to its environment; the rest is the node's, as sbatch
    // passes it on.
    launch.environment = isJob ? command.environment(context, QProcessEnvironment()) : command.environment(context);
    launch.workingDirectory = mSpec.runDirectory();
    launch.trialDirectory = context.trialDirectory;
    launch.timeoutSeconds = mSpec.trialTimeoutSeconds;
    launch.killGraceMs = mOptions.killGraceMs;
    launch.metricRegex = mSpec.metricRegex;

    const qint64 trialId = running->trial.id;
    if (isJob) {
        const QString title = mSpec.repeats > 1 ? QStringLiteral("Trial %1 of study '%2', repeat %3").arg(number).arg(mSpec.name).arg(running->repeat)
                                                : QStringLiteral("Trial %1 of study '%2'").arg(number).arg(mSpec.name);
        running->launcher = new SlurmJob(launch, slurm(), running->repeat, title.simplified(), this);
        // Stored as soon as it is known, the token before sbatch runs: a run restarted after a
        // crash finds the job by it (StudyRunner::adoptJobs).
        connect(running->launcher, &TrialLauncher::identified, this, [this, number, trialId](const QString &job) {
            mStorage->setTrialJob(trialId, job);
            if (Running *r = mRunning.value(number)) {
                r->trial.job = job;
                replaceTrial(r->trial);
                emit trialUpdated(r->trial);
            }
        });
        connect(running->launcher, &TrialLauncher::queued, this, [this, number, trialId](const QString &reason) {
            Running *r = mRunning.value(number);
            // The job runs now: its trial's time starts, not counting the wait in the queue.
            QDateTime started;
            if (reason.isEmpty()) {
                started = r && r->launcher ? r->launcher->runningSince() : QDateTime();
                if (!started.isValid())
                    started = QDateTime::currentDateTimeUtc();
            }
            mStorage->setTrialQueueReason(trialId, reason, started);
            if (r) {
                r->trial.queueReason = reason;
                if (started.isValid()) {
                    r->trial.started = started;
                    r->runStarted = started;
                }
                replaceTrial(r->trial);
                emit trialUpdated(r->trial);
            }
        });
        connect(running->launcher, &TrialLauncher::restarted, this, [this, number] { onRestarted(number); });
    } else {
        running->launcher = new TrialProcess(launch, this);
        // The process group is stored so that a run restarted after a crash can stop what this
        // trial forked (TrialProcess::killOrphanedGroup).
        connect(running->launcher, &TrialLauncher::identified, this, [this, number, trialId](const QString &pid) {
            mStorage->setTrialProcessGroup(trialId, pid.toLongLong());
            if (Running *r = mRunning.value(number))
                startSampling(r, pid.toLongLong());
        });
    }
    connect(running->launcher, &TrialLauncher::metricsReported, this,
            [this, number](const QList<MetricReport> &reports) { onReports(number, reports); });
    // Declared files are stored relative to the trial's own folder (a repeat's sit below it).
    connect(running->launcher, &TrialLauncher::artifactDeclared, this,
            [this, number, trialId, folder = launch.trialDirectory](const QString &relative) {
                const QString path = QDir(trialDirectory(number)).relativeFilePath(QDir(folder).filePath(relative));
                mStorage->addTrialArtifact(trialId, path);
                emit artifactDeclared(number, path);
            });
    connect(running->launcher, &TrialLauncher::finished, this,
            [this, number](const TrialProcessResult &result) { onProcessFinished(number, result); });
    if (attachTo) {
        static_cast<SlurmJob *>(running->launcher)->attach(*attachTo);
    } else if (launch.argv.isEmpty()) {
        TrialProcessResult result;
        result.outcome = TrialProcessResult::Outcome::FailedToStart;
        result.reason = error;
        onProcessFinished(number, result);
    } else {
        running->launcher->start();
    }
}

void StudyRunner::onRestarted(int number)
{
    // A requeued job runs its program from the start: what its last attempt reported goes, here
    // and in storage, and the curve is read again as the job writes it.
    Running *r = mRunning.value(number);
    if (!r)
        return;
    QStringList names;
    for (auto it = r->trial.intermediate.keyBegin(); it != r->trial.intermediate.keyEnd(); ++it) {
        if (mSpec.repeats == 1 || it->endsWith(QStringLiteral("[%1]").arg(r->repeat)))
            names << *it;
    }
    r->unsaved.erase(std::remove_if(r->unsaved.begin(), r->unsaved.end(),
                                    [&](const QPair<QString, MetricPoint> &p) { return names.contains(p.first); }),
                     r->unsaved.end());
    for (const QString &name : std::as_const(names))
        r->trial.intermediate.remove(name);
    if (!mStorage->removeMetricReports(r->trial.id, names))
        fail(QStringLiteral("storage: cannot discard the values of trial %1's requeued job: %2").arg(number).arg(mStorage->lastError()));
    replaceTrial(r->trial);
    emit trialUpdated(r->trial);
}

void StudyRunner::onReports(int number, const QList<MetricReport> &reports)
{
    Running *r = mRunning.value(number);
    if (!r)
        return;
    const bool judged = mPruner && !mStopRequested && r->repeat == 0;
    const QString &objective = mSpec.objective().name;
    // The pruner judges every step of the objective as it comes, also when several arrive at
    // once (a Slurm job's file is read once a second): a rung it passed over is a rung it never
    // judged. What follows a pruning step is no longer the trial's.
    for (qsizetype i = 0; i < reports.size(); ++i) {
        const MetricReport &report = reports.at(i);
        mLimits.noteReport(number, report.name, report.value);
        const QString name = seriesName(report.name, r->repeat);
        r->trial.intermediate[name].append({report.step, report.value});
        r->unsaved.append({name, MetricPoint{report.step, report.value}});
        if (!judged || report.name != objective)
            continue;
        replaceTrial(r->trial);
        const PruneDecision decision = mPruner->decide(r->trial, mTrials);
        if (decision.prune) {
            emit trialReported(number, reports.mid(0, i + 1));
            prune(number, decision.reason);
            return;
        }
    }
    emit trialReported(number, reports);
}

void StudyRunner::prune(int number, const QString &reason)
{
    Running *r = mRunning.value(number);
    // The slot is free as soon as the decision is made; the process gets its grace period to
    // exit on its own, and whatever it still prints is no longer the trial's.
    TrialLauncher *launcher = r->launcher;
    disconnect(launcher, nullptr, this, nullptr);
    mStopping.append(launcher);
    connect(launcher, &TrialLauncher::finished, this, [this, launcher] {
        mStopping.removeOne(launcher);
        launcher->deleteLater();
    });
    launcher->stop(reason);
    r->launcher = nullptr;
    finishTrial(number, TrialState::Pruned, reason, std::nullopt);
}

void StudyRunner::flushReports()
{
    for (Running *r : std::as_const(mRunning)) {
        if (r->unsaved.isEmpty())
            continue;
        if (!mStorage->addMetricReports(r->trial.id, r->unsaved)) {
            fail(QStringLiteral("storage: cannot save the values of trial %1: %2").arg(r->trial.number).arg(mStorage->lastError()));
            return;
        }
        r->unsaved.clear();
    }
}

QString StudyRunner::seriesName(const QString &metric, int repeat) const
{
    // With repeats every run keeps its own curves: "val_loss[0]", "val_loss[1]", ...
    return mSpec.repeats > 1 ? QStringLiteral("%1[%2]").arg(metric).arg(repeat) : metric;
}

std::optional<double> StudyRunner::finalValue(const Trial &trial, const MetricSpec &metric, int repeat) const
{
    const QList<MetricPoint> points = trial.intermediate.value(seriesName(metric.name, repeat));
    if (points.isEmpty())
        return std::nullopt;
    if (!metric.useBest)
        return points.last().value;
    std::optional<double> best;
    for (const MetricPoint &p : points) {
        if (std::isnan(p.value))
            continue;
        if (!best || (metric.goal == Goal::Maximize ? p.value > *best : p.value < *best))
            best = p.value;
    }
    return best ? best : std::optional<double>(points.last().value);
}

void StudyRunner::onProcessFinished(int number, const TrialProcessResult &result)
{
    Running *r = mRunning.value(number);
    if (!r)
        return;
    const Trial &trial = r->trial;
    const TrialUsage reaped = r->launcher->reapedUsage();
    r->reapedCpu = reaped.cpuSeconds;
    r->launcher->deleteLater();
    r->launcher = nullptr;
    if (!r->sampler) {
        // A Slurm job: what sacct counted (cpuSeconds, maxRssMb), added per run like a sample.
        if (reaped.cpuSeconds)
            r->usage.cpuSeconds = r->usage.cpuSeconds.value_or(0.0) + *reaped.cpuSeconds;
        if (reaped.maxRssMb)
            r->usage.maxRssMb = std::max(r->usage.maxRssMb.value_or(0.0), *reaped.maxRssMb);
    }
    endSampling(r);
    const std::optional<int> exitCode = result.outcome == TrialProcessResult::Outcome::FailedToStart
                                            ? std::nullopt : std::optional<int>(result.exitCode);
    const QString which = mSpec.repeats > 1 ? QStringLiteral("repeat %1: ").arg(r->repeat) : QString();
    if (r->stoppedAtDeadline) {
        finishTrial(number, TrialState::Failed, which + mLimits.deadlineStopReason(), exitCode);
        return;
    }
    if (r->stoppedByUser) {
        finishTrial(number, TrialState::Failed, interruptedReason + QStringLiteral(" (%1)").arg(r->stopNote), exitCode);
        return;
    }
    if (result.outcome == TrialProcessResult::Outcome::Interrupted) {
        // Its job never ran (it vanished from the queue): redone like any interrupted trial.
        finishTrial(number, TrialState::Failed, interruptedReason + QStringLiteral(" (%1)").arg(result.reason), std::nullopt);
        return;
    }
    if (result.outcome == TrialProcessResult::Outcome::FailedToStart && !r->trial.job.isEmpty() && !mStopRequested) {
        // Slurm refused the job: the next one would be refused too. Nothing more is submitted,
        // jobs already running finish.
        const QString reason = which + result.reason;
        finishTrial(number, TrialState::Failed, reason, exitCode);
        mStopRequested = true;
        emit errorOccurred(QStringLiteral("trial %1: %2; no more trials are submitted").arg(number).arg(reason));
        QTimer::singleShot(0, this, &StudyRunner::checkDone);
        return;
    }
    if (!result.succeeded()) {
        finishTrial(number, TrialState::Failed, which + result.reason, exitCode);
        return;
    }
    QList<double> values;
    for (const MetricSpec &metric : std::as_const(mSpec.metrics)) {
        const std::optional<double> value = finalValue(trial, metric, r->repeat);
        QString reason;
        if (!value) {
            QStringList seen;
            for (auto it = trial.intermediate.keyBegin(); it != trial.intermediate.keyEnd(); ++it) {
                if (mSpec.repeats == 1 || it->endsWith(QStringLiteral("[%1]").arg(r->repeat)))
                    seen << *it;
            }
            seen.sort();
            reason = seen.isEmpty()
                         ? QStringLiteral("metric '%1' was never reported (the program reported no metrics)").arg(metric.name)
                         : QStringLiteral("metric '%1' was never reported (it reported: %2)").arg(metric.name, seen.join(QStringLiteral(", ")));
        } else if (std::isnan(*value)) {
            reason = QStringLiteral("metric '%1' is NaN").arg(metric.name);
        }
        if (!reason.isEmpty()) {
            finishTrial(number, TrialState::Failed, which + reason, exitCode);
            return;
        }
        values << *value;
    }
    r->repeatValues << values;
    if (r->repeat + 1 < mSpec.repeats && !mStopRequested) {
        ++r->repeat;
        startProcess(number);
        return;
    }
    finishTrial(number, TrialState::Complete, QString(), exitCode);
}

void StudyRunner::finishTrial(int number, TrialState state, QString reason, std::optional<int> exitCode)
{
    Running *r = mRunning.value(number);
    // This trial's last values are stored with its end, in one transaction (below).
    QList<QPair<QString, MetricPoint>> lastReports = std::exchange(r->unsaved, {});
    flushReports();
    if (!r->lost && !r->trial.job.isEmpty()) {
        // A job re-attached to by another runner while this one stalled is theirs to record.
        const std::optional<Trial> stored = mStorage->trial(mStudy.id, number);
        if (stored && stored->state == TrialState::Running && stored->worker != currentWorkerId())
            r->lost = true;
    }
    if (r->launcher) { // detached: it goes on elsewhere
        r->launcher->deleteLater();
        r->launcher = nullptr;
    }
    Trial &trial = r->trial;

    // The objectives: the mean over finished repeats; a trial stopped before any finished keeps
    // what its current run reported last (a pruned trial's value is where it stood).
    QList<double> values;
    std::optional<double> spread;
    if (!r->repeatValues.isEmpty()) {
        const qsizetype n = r->repeatValues.size();
        for (qsizetype m = 0; m < mSpec.metrics.size(); ++m) {
            double sum = 0;
            for (const QList<double> &repeat : std::as_const(r->repeatValues))
                sum += repeat.at(m);
            values << sum / double(n);
        }
        if (mSpec.repeats > 1 && n > 1) {
            double squares = 0;
            for (const QList<double> &repeat : std::as_const(r->repeatValues))
                squares += (repeat.first() - values.first()) * (repeat.first() - values.first());
            spread = std::sqrt(squares / double(n - 1)); // sample standard deviation
        }
    } else {
        for (const MetricSpec &metric : std::as_const(mSpec.metrics)) {
            const std::optional<double> v = finalValue(trial, metric, r->repeat);
            if (!v)
                break;
            values << *v;
        }
    }
    endSampling(r); // pruned or stopped: what ran until now
    if (r->claimed.isValid()) {
        const QDateTime firstRun = r->trial.started.isValid() && r->trial.started > r->claimed ? r->trial.started : r->claimed;
        if (!r->usage.waitSeconds)
            r->usage.waitSeconds = std::max<qint64>(0, r->claimed.msecsTo(firstRun)) / 1000.0;
    }
    trial.usage = r->usage;
    const std::optional<double> value = values.isEmpty() ? std::nullopt : std::optional<double>(values.first());
    const QList<double> allValues = mSpec.metrics.size() > 1 && values.size() == mSpec.metrics.size() ? values : QList<double>();
    const std::optional<TrialUsage> usage = trial.usage.isEmpty() ? std::nullopt : std::optional<TrialUsage>(trial.usage);
    // The last values, the usage and the end in one commit; where that fails, one step at a
    // time as before, so that a failure is told apart and the trial still gets its end.
    if (r->lost || !mStorage->finishTrialWith(trial.id, lastReports, usage, state, value, exitCode, reason, spread, allValues)) {
        r->unsaved = lastReports + r->unsaved;
        flushReports();
        if (!r->unsaved.isEmpty()) {
            // Its values could not be stored (full disk, lost database): a COMPLETE trial without
            // them would be a lie, so it counts as interrupted and is run again next time.
            state = TrialState::Failed;
            reason = interruptedReason + QStringLiteral(" (its values could not be saved)");
        }
        if (!r->lost && usage)
            mStorage->setTrialUsage(trial.id, *usage);
        if (!r->lost && !mStorage->finishTrial(trial.id, state, value, exitCode, reason, spread, allValues)
            && !declaredInterrupted(number))
            fail(QStringLiteral("storage: cannot record the end of trial %1: %2").arg(number).arg(mStorage->lastError()));
    }
    if (r->lost) {
        // As stored (interrupted by another worker, or ended by hand): what it computed here
        // counts for nothing.
        const std::optional<Trial> stored = mStorage->trial(mStudy.id, number);
        trial.state = stored ? stored->state : TrialState::Failed;
        trial.reason = stored ? stored->reason : interruptedReason + QStringLiteral(" (another worker declared it interrupted)");
        trial.value = stored ? stored->value : std::nullopt;
        trial.valueStd = stored ? stored->valueStd : std::nullopt;
        trial.values = stored ? stored->values : QList<double>();
        trial.exitCode = exitCode;
        trial.finished = stored && stored->finished.isValid() ? stored->finished : QDateTime::currentDateTimeUtc();
    } else {
        trial.state = state;
        trial.value = value;
        trial.valueStd = spread;
        trial.values = allValues;
        trial.exitCode = exitCode;
        trial.reason = reason;
        trial.finished = QDateTime::currentDateTimeUtc();
    }

    mRunning.remove(number);
    if (r->holdsSlot)
        mFreeSlots.append(r->slot);
    trial.queueReason.clear();
    mLimits.noteFinished(trial);
    replaceTrial(trial);
    const Trial finished = trial;
    delete r;
    emit trialFinished(finished);
    QTimer::singleShot(0, this, &StudyRunner::fillSlots);
}

void StudyRunner::detachJobs()
{
    flushReports();
    const QList<int> numbers = mRunning.keys();
    for (int number : numbers) {
        Running *r = mRunning.value(number);
        if (!r->launcher || !r->launcher->detach())
            continue;
        mStorage->releaseTrial(r->trial.id);
        r->launcher->deleteLater();
        mRunning.remove(number);
        if (r->holdsSlot)
            mFreeSlots.append(r->slot);
        delete r;
    }
}

void StudyRunner::startSampling(Running *r, qint64 processGroup)
{
    r->runStarted = QDateTime::currentDateTimeUtc();
    if (!r->usage.waitSeconds && r->claimed.isValid())
        r->usage.waitSeconds = std::max<qint64>(0, r->claimed.msecsTo(r->runStarted)) / 1000.0;
    if (!ProcessTreeSampler::isSupported())
        return;
    delete r->sampler;
    r->sampler = new ProcessTreeSampler(this);
    const int number = r->trial.number;
    // Live system metrics, stored like the program's own reports under sys/ (pruners and the
    // best value only ever look at the objective).
    connect(r->sampler, &ProcessTreeSampler::sampled, this, [this, number](double seconds, double cpuPercent, double rssMb) {
        const qint64 step = qint64(std::lround(seconds));
        onReports(number, {MetricReport{QStringLiteral("sys/cpu_percent"), std::round(cpuPercent * 10) / 10, step},
                           MetricReport{QStringLiteral("sys/rss_mb"), std::round(rssMb * 10) / 10, step}});
    });
    r->sampler->start(processGroup, kSystemSampleMs);
}

void StudyRunner::endSampling(Running *r)
{
    if (r->runStarted.isValid()) {
        // Each run (repeat) adds its wall time; a Slurm job's counts from when it ran.
        r->usage.runSeconds = r->usage.runSeconds.value_or(0.0) + r->runStarted.msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0;
        r->runStarted = QDateTime();
    }
    if (!r->sampler)
        return;
    // The last sample counts in the usage; as a live metric it would come after the trial's
    // values were written.
    disconnect(r->sampler, nullptr, this, nullptr);
    r->sampler->stop();
    const TrialUsage measured = r->sampler->usage(std::exchange(r->reapedCpu, std::nullopt));
    if (measured.cpuSeconds)
        r->usage.cpuSeconds = r->usage.cpuSeconds.value_or(0.0) + *measured.cpuSeconds;
    if (measured.maxRssMb)
        r->usage.maxRssMb = std::max(r->usage.maxRssMb.value_or(0.0), *measured.maxRssMb);
    if (r->gpuSamples > 0) {
        r->usage.gpuSeconds = r->gpuSeconds;
        r->usage.maxGpuMemMb = r->maxGpuMemMb;
        r->usage.gpuUtilMean = r->gpuUtilSum / r->gpuSamples;
    }
    r->sampler->deleteLater();
    r->sampler = nullptr;
}

void StudyRunner::onGpuSample(const QList<GpuProcessUse> &processes, const QHash<QString, GpuState> &gpus)
{
    const double since = mSinceGpuSample.isValid() ? mSinceGpuSample.restart() / 1000.0 : 0.0;
    if (!mSinceGpuSample.isValid())
        mSinceGpuSample.start();
    const double interval = std::min(since, 2.0 * kGpuSampleMs / 1000.0); // a stalled poll counts one interval
    for (Running *r : std::as_const(mRunning)) {
        if (!r->sampler)
            continue;
        const QSet<qint64> &pids = r->sampler->alivePids();
        double memory = 0.0;
        QSet<QString> used;
        for (const GpuProcessUse &p : processes) {
            if (pids.contains(p.pid)) {
                memory += p.usedMemoryMb;
                used.insert(p.gpuUuid);
            }
        }
        if (used.isEmpty())
            continue;
        double util = 0.0;
        for (const QString &uuid : std::as_const(used))
            util += gpus.value(uuid).utilizationPercent;
        util /= double(used.size());
        r->gpuSeconds += interval * double(used.size());
        r->maxGpuMemMb = std::max(r->maxGpuMemMb, memory);
        r->gpuUtilSum += util;
        ++r->gpuSamples;
        const qint64 step = qint64(std::lround(r->sampler->elapsedSeconds()));
        onReports(r->trial.number, {MetricReport{QStringLiteral("sys/gpu_util"), util, step},
                                    MetricReport{QStringLiteral("sys/gpu_mem_mb"), memory, step}});
    }
}

void StudyRunner::armDeadline()
{
    if (const std::optional<qint64> left = mLimits.msLeft())
        mDeadline.start(int(std::min<qint64>(*left, INT_MAX)));
}

void StudyRunner::onDeadline()
{
    if (mDone)
        return;
    if (const std::optional<qint64> left = mLimits.msLeft(); left && *left > 0) {
        mDeadline.start(int(std::min<qint64>(*left, INT_MAX))); // timers may fire a little early
        return;
    }
    if (mLimits.isHard()) {
        for (Running *r : std::as_const(mRunning)) {
            if (r->stoppedByUser || r->stoppedAtDeadline || r->lost)
                continue;
            r->stoppedAtDeadline = true;
            if (r->launcher)
                r->launcher->stop(mLimits.deadlineStopReason());
        }
    }
    checkDone(); // nothing running: the study ends now
}

void StudyRunner::fail(const QString &message)
{
    if (mStopRequested)
        return;
    mStopRequested = true;
    emit errorOccurred(message);
    for (Running *r : std::as_const(mRunning)) {
        r->stoppedByUser = true;
        r->stopNote = QStringLiteral("the run stopped on an error: %1").arg(message);
        if (r->launcher) // null while the trial is being finished
            r->launcher->stop(message);
    }
    QTimer::singleShot(0, this, &StudyRunner::checkDone);
}

void StudyRunner::checkDone()
{
    if (mDone || !mStarted || !mRunning.isEmpty())
        return;
    const bool budgetReached = budgetUsed();
    const bool limited = mLimits.stopsNewTrials(); // others may run on: a target or a deadline is final
    if (!mStopRequested && !mExhausted && !budgetReached && !limited)
        return;
    if (!mStopRequested && !limited) {
        // A full grid or budget is final only once no other worker's trial can still be
        // interrupted and give its point or slot back; claims are retried meanwhile.
        refreshTrials(true);
        if (othersRunning()) {
            mWaitForOthers.start();
            return;
        }
        // Nobody else runs a trial now, but a dead worker's trial may have been declared
        // interrupted (by our heartbeat or another worker's) after our last claim found the
        // grid or the budget full, freeing its point and its place in the budget; what was
        // counted above predates that refresh. One more claim decides.
        if (!mFinalClaimTried) {
            mFinalClaimTried = true;
            mExhausted = false;
            QTimer::singleShot(0, this, &StudyRunner::fillSlots);
            return;
        }
    }
    mDone = true;
    mFlushTimer.stop();
    mHeartbeat.stop();
    mWaitForOthers.stop();
    mDeadline.stop();
    if (mGpuSampler)
        mGpuSampler->stop();
    if (mRunStartedMs)
        mStorage->extendStudyRun(mStudy.id, *mRunStartedMs);
    if (!mStopRequested) // a run stopped by hand or on an error says so itself
        mStorage->setStudyEndReason(mStudy.id, mLimits.reason());
    mStorage->leaveStudy(mStudy.id);
    emit finished();
}

} // namespace tunescope
