#include "execution/slurmclient.h"

#include "execution/slurmjob.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>
#include <csignal>

#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace tunescope {

namespace {

// A Slurm command that has not answered after this long is stopped and counts as unreachable.
constexpr int commandTimeoutMs = 60000;
// The first poll after a submission comes soon, so that "submitted" becomes Slurm's own word.
constexpr int firstPollMs = 500;
constexpr int maxBackoffMs = 60000;

/// The environment Slurm commands run with: ours, but for CUDA_VISIBLE_DEVICES, which sbatch
/// would export into the job (--export=ALL) where only Slurm's own allocation may set it.
QProcessEnvironment commandEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("CUDA_VISIBLE_DEVICES"));
    return env;
}

/// Runs a command to its end (check() before a study starts): its exit code, -1 when it could
/// not run or did not end in time.
int runBlocking(const QString &program, const QStringList &args, int timeoutMs, QByteArray *out, QByteArray *err)
{
    QProcess p;
    p.setProcessEnvironment(commandEnvironment());
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(program, args);
    if (!p.waitForStarted(timeoutMs)) {
        *err = p.errorString().toUtf8();
        return -1;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(1000);
        *err = QStringLiteral("%1 did not answer within %2 s").arg(program).arg(timeoutMs / 1000).toUtf8();
        return -1;
    }
    *out = p.readAllStandardOutput();
    *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

} // namespace

SlurmClient::SlurmClient(Setup setup, QObject *parent)
    : QObject(parent), mSetup(std::move(setup)), mSubmitTimer(this), mPollTimer(this), mOutputTimer(this), mCancelTimer(this)
{
    mClock.start();
    mSubmitTimer.setSingleShot(true);
    mPollTimer.setSingleShot(true);
    mCancelTimer.setSingleShot(true);
    mUsageTimer.setSingleShot(true);
    mOutputTimer.setInterval(std::max(100, mSetup.outputIntervalMs));
    connect(&mSubmitTimer, &QTimer::timeout, this, &SlurmClient::flushSubmissions);
    connect(&mPollTimer, &QTimer::timeout, this, &SlurmClient::poll);
    connect(&mCancelTimer, &QTimer::timeout, this, &SlurmClient::flushCancels);
    connect(&mOutputTimer, &QTimer::timeout, this, &SlurmClient::readOutputs);
    connect(&mUsageTimer, &QTimer::timeout, this, &SlurmClient::runUsage);
}

SlurmClient::~SlurmClient()
{
    // Commands still running die with us; their callbacks must not reach a half-destroyed client.
    for (QProcess *p : std::as_const(mProcesses))
        disconnect(p, nullptr, this, nullptr);
}

bool SlurmClient::check(QString *error, QString *errorKey)
{
    auto refuse = [&](const QString &key, const QString &why) {
        if (error)
            *error = why;
        if (errorKey)
            *errorKey = key;
        return false;
    };
    for (const char *program : {"sbatch", "squeue", "scancel"}) {
        if (QStandardPaths::findExecutable(QLatin1String(program)).isEmpty())
            return refuse(QStringLiteral("backend"),
                          QStringLiteral("'%1' is not installed here: Slurm's client commands (sbatch, squeue, scancel) must be on "
                                         "the PATH of the machine that runs Tunescope").arg(QLatin1String(program)));
    }
    QByteArray out, err;
    // The largest job array the cluster takes (one batch of trials), and whether sacct can
    // answer for jobs squeue has forgotten.
    const int configRc = runBlocking(QStringLiteral("scontrol"), {QStringLiteral("show"), QStringLiteral("config")}, 15000, &out, &err);
    if (configRc != 0 && (configRc < 0 || isTransientSlurmError(slurmErrorMessage(err))))
        return true; // unreachable now: the study backs off, and stops if it stays so
    if (configRc == 0) {
        static const QRegularExpression maxArray(QStringLiteral("^MaxArraySize\\s*=\\s*(\\d+)"), QRegularExpression::MultilineOption);
        static const QRegularExpression accounting(QStringLiteral("^AccountingStorageType\\s*=\\s*(\\S+)"), QRegularExpression::MultilineOption);
        const QString config = QString::fromUtf8(out);
        if (const auto m = maxArray.match(config); m.hasMatch())
            mMaxArraySize = std::max(1, m.captured(1).toInt());
        if (const auto m = accounting.match(config); m.hasMatch())
            mAccountingEnabled = !m.captured(1).endsWith(QLatin1String("/none"));
        static const QRegularExpression gather(QStringLiteral("^JobAcctGatherType\\s*=\\s*(\\S+)"), QRegularExpression::MultilineOption);
        if (const auto m = gather.match(config); m.hasMatch())
            mGathersLiveUsage = !m.captured(1).endsWith(QLatin1String("/none"));
    }
    QStringList args{QStringLiteral("--test-only"), QStringLiteral("--job-name=%1").arg(mSetup.jobName),
                     QStringLiteral("--chdir=%1").arg(mSetup.workingDirectory)};
    args << sbatchSettingsArguments(mSetup.settings) << QStringLiteral("--wrap=true");
    const int rc = runBlocking(QStringLiteral("sbatch"), args, 30000, &out, &err);
    if (rc == 0)
        return true;
    const QString message = slurmErrorMessage(err);
    if (rc < 0 || isTransientSlurmError(message))
        return true; // unreachable now: the study backs off, and stops if it stays so
    const QString key = slurmRefusalKey(message);
    return refuse(key, QStringLiteral("Slurm refuses these job settings (%1): %2")
                           .arg(shellCommandLine(sbatchSettingsArguments(mSetup.settings)), message));
}

QStringList SlurmClient::sbatchCommand(const Setup &setup, const QString &script, const QString &token, int arrayTasks)
{
    const QDir logs(setup.logDirectory);
    QStringList argv{QStringLiteral("sbatch"), QStringLiteral("--parsable"), QStringLiteral("--job-name=%1").arg(setup.jobName),
                     QStringLiteral("--comment=%1").arg(token), QStringLiteral("--chdir=%1").arg(setup.workingDirectory)};
    if (arrayTasks > 1) {
        argv << QStringLiteral("--array=0-%1").arg(arrayTasks - 1)
             << QStringLiteral("--output=%1").arg(logs.filePath(QStringLiteral("%A_%a.log")));
    } else {
        argv << QStringLiteral("--output=%1").arg(logs.filePath(QStringLiteral("%j.log")));
    }
    argv << sbatchSettingsArguments(setup.settings) << script;
    return argv;
}

void SlurmClient::runCommand(const QString &program, const QStringList &args,
                             std::function<void(int, const QByteArray &, const QByteArray &)> done)
{
    auto *p = new QProcess(this);
    mProcesses << p;
    p->setProcessEnvironment(commandEnvironment());
    p->setStandardInputFile(QProcess::nullDevice());
    // Dies with Tunescope, like a trial process: an sbatch that outlived a crash could submit
    // after the restarted run looked for its token and resubmitted the trial.
    const pid_t parent = ::getpid();
    p->setChildProcessModifier([parent] {
#ifdef Q_OS_LINUX
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
#else
        Q_UNUSED(parent);
#endif
    });
    auto *timeout = new QTimer(p);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, p, [p] { p->kill(); });
    auto end = [this, p, program, done](int code, const QByteArray &err) {
        if (!mProcesses.removeOne(p))
            return; // reported already
        const QByteArray out = p->readAllStandardOutput();
        p->deleteLater();
        done(code, out, err);
    };
    connect(p, &QProcess::finished, this, [p, end, program](int exitCode, QProcess::ExitStatus status) {
        const QByteArray err = p->readAllStandardError();
        if (status == QProcess::NormalExit)
            end(exitCode, err);
        else
            end(-1, QStringLiteral("%1 did not answer within %2 s").arg(program).arg(commandTimeoutMs / 1000).toUtf8());
    });
    connect(p, &QProcess::errorOccurred, this, [p, end, program](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            end(-1, QStringLiteral("cannot run %1: %2").arg(program, p->errorString()).toUtf8());
    });
    timeout->start(commandTimeoutMs);
    p->start(program, args);
}

void SlurmClient::submit(SlurmJob *job)
{
    if (!mPending.contains(job))
        mPending.append(job);
    scheduleSubmission();
}

void SlurmClient::scheduleSubmission()
{
    if (mSubmitting || mPending.isEmpty() || mSubmitTimer.isActive())
        return;
    // Without job arrays every trial is its own sbatch call: those may come faster.
    const int interval = mMaxArraySize > 1 ? mSetup.submitIntervalMs : std::min(mSetup.submitIntervalMs, 200);
    qint64 wait = mLastSubmitAt < 0 ? 0 : std::max<qint64>(0, mLastSubmitAt + interval - now());
    if (isUnreachable())
        wait = std::max<qint64>(wait, backoffMs());
    mSubmitTimer.start(int(wait));
}

void SlurmClient::flushSubmissions()
{
    mPending.removeAll(nullptr);
    if (mSubmitting || mPending.isEmpty())
        return;
    const int n = int(std::min<qsizetype>(mPending.size(), mMaxArraySize));
    const QList<QPointer<SlurmJob>> batch = mPending.mid(0, n);
    mPending.remove(0, n);
    const QString token = QStringLiteral("tunescope-%1")
                              .arg(QRandomGenerator::global()->generate64() & 0xffffffffffffULL, 12, 16, QLatin1Char('0'));
    QString script;
    if (n == 1) {
        script = batch.first()->jobScriptPath();
    } else {
        QStringList scripts;
        for (const QPointer<SlurmJob> &job : batch)
            scripts << job->jobScriptPath();
        QDir().mkpath(mSetup.logDirectory);
        script = QDir(mSetup.logDirectory).filePath(token + QStringLiteral(".sh"));
        QFile file(script);
        const QByteArray text = slurmArrayScript(scripts);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size() || !file.flush()) {
            const QString why = QStringLiteral("cannot write the job array script '%1': %2").arg(script, file.errorString());
            for (const QPointer<SlurmJob> &job : batch) {
                if (job)
                    job->onRejected(why);
            }
            return;
        }
    }
    QDir().mkpath(mSetup.logDirectory);
    // Each job's token is stored before sbatch runs (SlurmJob::identified).
    for (int i = 0; i < n; ++i) {
        if (batch.at(i))
            batch.at(i)->onSubmitting(token, i);
    }
    mSubmitting = true;
    ++mSbatchCalls;
    mLastSubmitAt = now();
    const QStringList argv = sbatchCommand(mSetup, script, token, n);
    runCommand(argv.first(), argv.mid(1), [this, batch, token](int code, const QByteArray &out, const QByteArray &err) {
        onSbatchDone(batch, token, code, out, err);
    });
}

void SlurmClient::onSbatchDone(const QList<QPointer<SlurmJob>> &batch, const QString &token, int exitCode,
                               const QByteArray &out, const QByteArray &err)
{
    Q_UNUSED(token);
    mSubmitting = false;
    const std::optional<QString> id = exitCode == 0 ? parseSbatchId(out) : std::nullopt;
    if (id) {
        noteReachable();
        for (qsizetype i = 0; i < batch.size(); ++i) {
            SlurmJob *job = batch.at(i);
            if (!job)
                continue;
            follow(job);
            job->onSubmitted(batch.size() > 1 ? QStringLiteral("%1_%2").arg(*id).arg(i) : *id);
        }
    } else {
        QString message = slurmErrorMessage(err);
        if (message.isEmpty())
            message = exitCode == 0 ? QStringLiteral("sbatch printed no job id: %1").arg(QString::fromUtf8(out).trimmed())
                                    : QStringLiteral("sbatch failed with exit code %1").arg(exitCode);
        if (exitCode < 0 || exitCode == 0 || isTransientSlurmError(message)) {
            // The controller may have taken the job before the answer was lost: the next poll
            // looks for the token and submits again only when it is not there.
            noteUnreachable(message);
            for (const QPointer<SlurmJob> &job : batch) {
                if (!job)
                    continue;
                job->onSubmitUncertain();
                follow(job);
            }
        } else {
            for (const QPointer<SlurmJob> &job : batch) {
                if (job)
                    job->onRejected(message);
            }
        }
    }
    scheduleSubmission();
}

void SlurmClient::follow(SlurmJob *job)
{
    if (!mFollowed.contains(job))
        mFollowed.append(job);
    if (!mPolling && !mPollTimer.isActive())
        schedulePoll(isUnreachable() ? backoffMs() : firstPollMs);
    else if (!mPolling && !isUnreachable() && mPollTimer.remainingTime() > firstPollMs)
        schedulePoll(firstPollMs);
    if (!mOutputTimer.isActive())
        mOutputTimer.start();
}

void SlurmClient::forget(SlurmJob *job)
{
    mPending.removeAll(job);
    mFollowed.removeAll(job);
    mAccounting.removeAll(job);
    if (mFollowed.isEmpty()) {
        mOutputTimer.stop();
        mPollTimer.stop();
    }
}

void SlurmClient::schedulePoll(int delayMs)
{
    mFollowed.removeAll(nullptr);
    if (mFollowed.isEmpty())
        return;
    mPollTimer.start(delayMs);
}

void SlurmClient::poll()
{
    mFollowed.removeAll(nullptr);
    if (mPolling || mFollowed.isEmpty())
        return;
    mPolling = true;
    ++mSqueueCalls;
    const qint64 started = now();
    runCommand(QStringLiteral("squeue"), squeueArguments(mSetup.jobName),
               [this, started](int code, const QByteArray &out, const QByteArray &err) { onSqueueDone(started, code, out, err); });
}

void SlurmClient::onSqueueDone(qint64 startedAt, int exitCode, const QByteArray &out, const QByteArray &err)
{
    mPolling = false;
    if (exitCode != 0) {
        QString message = slurmErrorMessage(err);
        if (message.isEmpty())
            message = QStringLiteral("squeue failed with exit code %1").arg(exitCode);
        noteUnreachable(message);
        schedulePoll(backoffMs());
        return;
    }
    noteReachable();
    const QList<SlurmJobStatus> statuses = parseSqueue(out);
    QHash<QString, const SlurmJobStatus *> byId;
    QHash<QString, QList<const SlurmJobStatus *>> byToken;
    for (const SlurmJobStatus &s : statuses) {
        byId.insert(s.id, &s);
        if (!s.comment.isEmpty())
            byToken[s.comment].append(&s);
    }
    const QList<QPointer<SlurmJob>> followed = mFollowed;
    QHash<QString, QPointer<SlurmJob>> running; // by the id sstat knows them by
    for (const QPointer<SlurmJob> &job : followed) {
        if (!job || !mFollowed.contains(job))
            continue;
        const SlurmJobRecord &record = job->record();
        if (record.isSubmitted()) {
            if (const SlurmJobStatus *s = byId.value(record.jobId)) {
                if (slurmPhase(s->state) == SlurmPhase::Running && !s->stepsId.isEmpty())
                    running.insert(s->stepsId, job);
                job->onStatus(s);
            } else if (job->knownSince() < startedAt) {
                job->onStatus(nullptr);
            }
            continue;
        }
        if (record.token.isEmpty())
            continue; // its sbatch is still running
        const QList<const SlurmJobStatus *> matches = byToken.value(record.token);
        if (!matches.isEmpty()) {
            // Found by its token: a job whose id never reached us (sbatch cut off, or a runner
            // killed between sbatch and storing the id).
            const bool array = std::any_of(matches.begin(), matches.end(), [](const SlurmJobStatus *s) { return s->id.contains(u'_'); });
            const QString base = matches.first()->id.section(u'_', 0, 0);
            const QString id = array ? QStringLiteral("%1_%2").arg(base).arg(record.task) : base;
            job->onSubmitted(id);
            if (const SlurmJobStatus *s = byId.value(id))
                job->onStatus(s);
            continue;
        }
        if (job->knownSince() >= startedAt)
            continue;
        if (job->isOwnSubmission()) {
            // Our sbatch failed without an answer and the job is not there: submit it again.
            mFollowed.removeAll(job);
            job->onResubmit();
            submit(job);
        } else {
            job->onStatus(nullptr);
        }
    }
    askLiveUsage(running);
    emit polled();
    schedulePoll(mSetup.settings.pollIntervalSeconds * 1000);
}

void SlurmClient::askLiveUsage(const QHash<QString, QPointer<SlurmJob>> &running)
{
    if (!mGathersLiveUsage || mSstatBusy || running.isEmpty())
        return;
    QStringList ids = running.keys();
    ids.sort();
    mSstatBusy = true;
    ++mSstatCalls;
    // A job that ended since squeue looked makes sstat complain about it on stderr and still
    // answer for the others: its exit code says nothing about them.
    runCommand(QStringLiteral("sstat"), sstatArguments(ids), [this, running](int, const QByteArray &out, const QByteArray &) {
        mSstatBusy = false;
        const QHash<QString, SlurmLiveUsage> usage = parseSstat(out);
        for (auto it = usage.cbegin(); it != usage.cend(); ++it) {
            if (const QPointer<SlurmJob> job = running.value(it.key()))
                job->onLiveUsage(*it);
        }
    });
}

void SlurmClient::cancel(const QString &jobId)
{
    mCancels.insert(jobId);
    if (!mCancelling && !mCancelTimer.isActive())
        mCancelTimer.start(0);
}

void SlurmClient::flushCancels()
{
    if (mCancelling || mCancels.isEmpty())
        return;
    QStringList ids = mCancels.values();
    ids.sort();
    mCancels.clear();
    mCancelling = true;
    ++mScancelCalls;
    runCommand(QStringLiteral("scancel"), ids, [this, ids](int code, const QByteArray &, const QByteArray &err) {
        mCancelling = false;
        const QString message = slurmErrorMessage(err);
        if (code != 0 && (code < 0 || isTransientSlurmError(message))) {
            noteUnreachable(message);
            for (const QString &id : ids)
                mCancels.insert(id);
            mCancelTimer.start(backoffMs());
            return;
        }
        // Anything else (a job that ended meanwhile) needs no retry. The end shows at a poll soon.
        if (code == 0)
            noteReachable();
        if (!mCancels.isEmpty())
            mCancelTimer.start(0);
        if (!mPolling)
            schedulePoll(firstPollMs);
    });
}

void SlurmClient::askAccounting(SlurmJob *job)
{
    if (!mAccountingEnabled) {
        job->onAccounting(std::nullopt);
        return;
    }
    if (!mAccounting.contains(job))
        mAccounting.append(job);
    runAccounting();
}

void SlurmClient::runAccounting()
{
    mAccounting.removeAll(nullptr);
    if (mAccountingBusy || mAccounting.isEmpty())
        return;
    const QPointer<SlurmJob> job = mAccounting.takeFirst();
    const QString id = job->record().jobId;
    if (id.isEmpty()) {
        job->onAccounting(std::nullopt);
        runAccounting();
        return;
    }
    mAccountingBusy = true;
    runCommand(QStringLiteral("sacct"), sacctArguments(id), [this, job, id](int code, const QByteArray &out, const QByteArray &) {
        mAccountingBusy = false;
        if (job)
            job->onAccounting(code == 0 ? parseSacct(out, id) : std::nullopt);
        runAccounting();
    });
}

void SlurmClient::askUsage(SlurmJob *job)
{
    if (!mAccountingEnabled || job->record().jobId.isEmpty()) {
        job->onUsage({});
        return;
    }
    mUsageWanted.append({job, 0});
    if (!mUsageBusy && !mUsageTimer.isActive())
        mUsageTimer.start(0);
}

void SlurmClient::runUsage()
{
    QList<UsageRequest> batch = std::exchange(mUsageWanted, {});
    batch.removeIf([](const UsageRequest &r) { return !r.job; });
    if (mUsageBusy || batch.isEmpty()) {
        mUsageWanted = batch + mUsageWanted;
        return;
    }
    QStringList ids;
    for (const UsageRequest &r : std::as_const(batch))
        ids << r.job->record().jobId;
    ids.removeDuplicates();
    mUsageBusy = true;
    ++mSacctUsageCalls;
    runCommand(QStringLiteral("sacct"), sacctUsageArguments(ids), [this, batch](int code, const QByteArray &out, const QByteArray &) {
        mUsageBusy = false;
        const QHash<QString, SlurmJobUsage> usage = code == 0 ? parseSacctUsage(out) : QHash<QString, SlurmJobUsage>();
        bool again = false;
        for (const UsageRequest &r : batch) {
            if (!r.job)
                continue;
            const auto it = usage.constFind(r.job->record().jobId);
            const bool settled = it != usage.cend() && it->ended && it->usage.cpuSeconds;
            if (!settled && code == 0 && r.tries + 1 < kUsageTries) {
                mUsageWanted.append({r.job, r.tries + 1});
                again = true;
                continue;
            }
            r.job->onUsage(it != usage.cend() ? it->usage : TrialUsage());
        }
        if (!mUsageWanted.isEmpty())
            mUsageTimer.start(again ? 1000 : 0);
    });
}

void SlurmClient::readOutputs()
{
    const QList<QPointer<SlurmJob>> followed = mFollowed;
    for (const QPointer<SlurmJob> &job : followed) {
        if (job && job->readsOutput())
            job->followOutput();
    }
}

void SlurmClient::noteUnreachable(const QString &message)
{
    if (!mUnreachableSince.isValid())
        mUnreachableSince.start();
    ++mFailures;
    const qint64 limitMs = qint64(mSetup.settings.controllerTimeoutSeconds) * 1000;
    if (!mGaveUp && mUnreachableSince.elapsed() >= limitMs) {
        mGaveUp = true;
        emit unreachable(QStringLiteral("Slurm has not answered for %1 s (backend.controller_timeout): %2")
                             .arg(mUnreachableSince.elapsed() / 1000)
                             .arg(message));
    }
}

void SlurmClient::noteReachable()
{
    mUnreachableSince.invalidate();
    mFailures = 0;
}

int SlurmClient::backoffMs() const
{
    // 2, 4, 8, ... 60 s between attempts while Slurm does not answer, and one attempt at the
    // deadline rather than long after it.
    int delay = std::clamp(1000 << std::min(mFailures, 6), mSetup.settings.pollIntervalSeconds * 1000, maxBackoffMs);
    if (mUnreachableSince.isValid()) {
        const qint64 left = qint64(mSetup.settings.controllerTimeoutSeconds) * 1000 - mUnreachableSince.elapsed();
        delay = int(std::clamp<qint64>(left, 1000, delay));
    }
    return delay;
}

} // namespace tunescope
