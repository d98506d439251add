#include "execution/slurmjob.h"

#include "execution/slurmclient.h"
#include "execution/trialfiles.h"

#include <QDir>
#include <QFile>
#include <QMetaObject>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

// A burst of output is read in pieces of this size per poll, so that one chatty job cannot stall
// the event loop; the rest comes at the next poll.
constexpr qint64 maxReadBytes = 4 * 1024 * 1024;

} // namespace

SlurmJob::SlurmJob(TrialLaunch launch, SlurmClient *client, int repeat, QString title, QObject *parent)
    : TrialLauncher(parent), mLaunch(std::move(launch)), mClient(client), mTitle(std::move(title)), mTimeoutTimer(this)
{
    qRegisterMetaType<tunescope::TrialProcessResult>();
    qRegisterMetaType<QList<tunescope::MetricReport>>();
    mRecord.repeat = repeat;
    mStdout.path = fileIn(trialfiles::stdoutLog);
    mStderr.path = fileIn(trialfiles::stderrLog);
    mTimeoutTimer.setSingleShot(true);
    connect(&mTimeoutTimer, &QTimer::timeout, this, [this] {
        if (mState == State::Done || mStopping)
            return;
        mTimedOut = true;
        stop(QStringLiteral("timed out after %1 s").arg(mLaunch.timeoutSeconds));
    });
}

SlurmJob::~SlurmJob()
{
    if (mClient)
        mClient->forget(this);
}

QString SlurmJob::fileIn(const char *name) const
{
    return QDir(mLaunch.trialDirectory).filePath(QLatin1String(name));
}

QString SlurmJob::jobScriptPath() const
{
    return fileIn(trialfiles::jobScript);
}

void SlurmJob::start()
{
    if (mState != State::Idle)
        return;
    auto failLater = [this](const QString &why) {
        mState = State::Submitting; // not Idle: start() again does nothing
        QMetaObject::invokeMethod(this, [this, why] {
            finish({TrialProcessResult::Outcome::FailedToStart, -1, why});
        }, Qt::QueuedConnection);
    };
    if (mLaunch.argv.isEmpty()) {
        failLater(QStringLiteral("cannot submit the job: no program given"));
        return;
    }
    if (!mClient) {
        failLater(QStringLiteral("cannot submit the job: no connection to Slurm"));
        return;
    }
    if (QString error; !resetParsers(&error)) {
        failLater(error);
        return;
    }
    if (!QDir(mLaunch.trialDirectory).mkpath(QStringLiteral("."))) {
        failLater(QStringLiteral("cannot create trial directory '%1'").arg(mLaunch.trialDirectory));
        return;
    }
    QString error;
    const std::optional<QByteArray> script = slurmJobScript(mLaunch, mTitle, &error);
    if (!script) {
        failLater(error);
        return;
    }
    // A folder reused for another run (a repeat) starts without the last one's traces.
    for (const char *stale : {trialfiles::jobExit, trialfiles::jobStart, trialfiles::stdoutLog, trialfiles::stderrLog})
        QFile::remove(fileIn(stale));
    QFile file(jobScriptPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(*script) != script->size() || !file.flush()) {
        failLater(QStringLiteral("cannot write the job script '%1': %2").arg(file.fileName(), file.errorString()));
        return;
    }
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                        | QFileDevice::ReadGroup | QFileDevice::ExeGroup);
    mState = State::Batched;
    mOwnSubmission = true;
    setQueued(QStringLiteral("submitting"));
    mClient->submit(this);
}

void SlurmJob::attach(const SlurmJobRecord &record)
{
    if (mState != State::Idle)
        return;
    resetParsers();
    mRecord = record;
    mOwnSubmission = false;
    mKnownSince = mClient ? mClient->now() : 0;
    mState = record.isSubmitted() ? State::Submitted : State::Uncertain;
    if (mClient)
        mClient->follow(this);
}

void SlurmJob::stop(const QString &reason)
{
    if (mState == State::Done || mStopping)
        return;
    mStopping = true;
    mStopReason = reason.isEmpty() ? QStringLiteral("stopped") : reason;
    mTimeoutTimer.stop();
    switch (mState) {
    case State::Idle:
    case State::Batched:
        // Never submitted: nothing to cancel.
        QMetaObject::invokeMethod(this, [this] {
            finish({TrialProcessResult::Outcome::Stopped, 0, mStopReason});
        }, Qt::QueuedConnection);
        if (mClient)
            mClient->forget(this);
        mState = State::Submitting;
        break;
    case State::Submitting:
    case State::Uncertain:
        break; // cancelled once its id is known
    case State::Submitted:
        if (mClient)
            mClient->cancel(mRecord.jobId);
        break;
    case State::Done:
        break;
    }
}

bool SlurmJob::detach()
{
    if (mState == State::Done)
        return true;
    // A job never handed to sbatch has nothing to come back to: it cannot be detached.
    if (mState == State::Idle || mState == State::Batched)
        return false;
    mTimeoutTimer.stop();
    if (mClient)
        mClient->forget(this);
    mState = State::Done;
    return true;
}

bool SlurmJob::isRunning() const
{
    return mState != State::Done && mState != State::Idle;
}

void SlurmJob::emitRecord()
{
    emit identified(mRecord.toString());
}

void SlurmJob::onSubmitting(const QString &token, int task)
{
    mRecord.jobId.clear();
    mRecord.token = token;
    mRecord.task = task;
    mState = State::Submitting;
    // Stored before sbatch runs: a run killed while it does finds the job by this token.
    emitRecord();
}

void SlurmJob::onSubmitted(const QString &jobId)
{
    if (mState == State::Done)
        return;
    mRecord.jobId = jobId;
    mState = State::Submitted;
    mKnownSince = mClient ? mClient->now() : 0;
    emitRecord();
    if (mQueueReason == QLatin1String("submitting"))
        setQueued(QStringLiteral("submitted"));
    if (mStopping && mClient)
        mClient->cancel(jobId);
}

void SlurmJob::onRejected(const QString &message)
{
    finish({TrialProcessResult::Outcome::FailedToStart, -1, QStringLiteral("Slurm refused the job: %1").arg(message)});
}

void SlurmJob::onSubmitUncertain()
{
    if (mState == State::Done)
        return;
    mState = State::Uncertain;
    mKnownSince = mClient ? mClient->now() : 0;
}

bool SlurmJob::resetParsers(QString *error)
{
    mStdoutParser = MetricParser();
    mStderrParser = MetricParser();
    return mLaunch.metricRegex.isEmpty()
           || (mStdoutParser.setCustomRegex(mLaunch.metricRegex, error) && mStderrParser.setCustomRegex(mLaunch.metricRegex, error));
}

void SlurmJob::onResubmit()
{
    if (mState == State::Uncertain && mOwnSubmission)
        mState = State::Batched;
}

void SlurmJob::setQueued(const QString &reason)
{
    if (reason == mQueueReason)
        return;
    mQueueReason = reason;
    emit queued(reason);
}

void SlurmJob::beginRunning()
{
    if (!mRunningSince.isValid())
        mRunningSince = QDateTime::currentDateTimeUtc();
    setQueued(QString());
    if (mLaunch.timeoutSeconds > 0 && !mTimeoutTimer.isActive() && !mStopping)
        mTimeoutTimer.start(std::chrono::seconds(mLaunch.timeoutSeconds));
}

void SlurmJob::restartFromScratch()
{
    // A requeued job runs its program again from the start and its script truncates the logs:
    // what the last attempt reported is void, and the files are read from their beginning.
    mStdout.offset = 0;
    mStderr.offset = 0;
    resetParsers();
    mTail.clear();
    mRunningSince = QDateTime();
    mLiveCpu.reset();
    emit restarted();
}

void SlurmJob::onStatus(const SlurmJobStatus *status)
{
    if (mState == State::Done)
        return;
    if (!status) {
        // Slurm no longer knows the job (it ended longer than MinJobAge ago), or never did.
        readOutput();
        if (mState == State::Done)
            return;
        if (mClient)
            mClient->askAccounting(this);
        else
            onAccounting(std::nullopt);
        return;
    }
    mSeenStatus = true;
    if (mRestarts >= 0 && status->restarts > mRestarts)
        restartFromScratch();
    // Never back: job.start may have told of a restart before squeue did.
    mRestarts = std::max(mRestarts, status->restarts);
    const SlurmPhase phase = slurmPhase(status->state);
    // A poll answered before the job began, read after its script noted the start: it runs.
    if (status->state == QLatin1String("PENDING") && mPhase == SlurmPhase::Running && mStartedRun >= mRestarts)
        return;
    mPhase = phase;
    switch (mPhase) {
    case SlurmPhase::Queued:
        // "Priority", "Resources", "JobHeldUser"; a requeued job: "requeued".
        setQueued(status->state == QLatin1String("PENDING") ? (status->reason == QLatin1String("None") ? QStringLiteral("queued") : status->reason)
                                                            : status->state.toLower());
        break;
    case SlurmPhase::Running:
        if (!noticeStart())
            beginRunning();
        readOutput();
        break;
    case SlurmPhase::Ended: {
        // Begun and ended between two polls: its time is still from its start.
        noticeStart();
        readOutput();
        if (mState == State::Done)
            return;
        TrialProcessResult result = slurmEndResult(*status);
        if (mStopping) {
            result.outcome = mTimedOut ? TrialProcessResult::Outcome::TimedOut : TrialProcessResult::Outcome::Stopped;
            result.reason = mStopReason;
        }
        finish(result);
        break;
    }
    }
}

void SlurmJob::onAccounting(const std::optional<SlurmJobStatus> &status)
{
    if (mState == State::Done)
        return;
    if (status && slurmPhase(status->state) == SlurmPhase::Ended) {
        onStatus(&*status);
        return;
    }
    resolveFromFiles();
}

void SlurmJob::resolveFromFiles()
{
    using Outcome = TrialProcessResult::Outcome;
    readOutput();
    if (mState == State::Done)
        return;
    const QString job = mRecord.isSubmitted() ? QStringLiteral("job %1").arg(mRecord.jobId)
                                              : QStringLiteral("the job of submission %1").arg(mRecord.token);
    QFile exitFile(fileIn(trialfiles::jobExit));
    if (exitFile.open(QIODevice::ReadOnly)) {
        bool ok = false;
        const int code = exitFile.readAll().trimmed().toInt(&ok);
        if (ok) {
            SlurmJobStatus s;
            s.state = code == 0 ? QStringLiteral("COMPLETED") : QStringLiteral("FAILED");
            s.waitStatus = code << 8;
            TrialProcessResult result = slurmEndResult(s);
            if (mStopping) {
                result.outcome = mTimedOut ? Outcome::TimedOut : Outcome::Stopped;
                result.reason = mStopReason;
            }
            finish(result);
            return;
        }
    }
    if (mStopping) {
        finish({mTimedOut ? Outcome::TimedOut : Outcome::Stopped, 0, mStopReason});
    } else if (QFile::exists(fileIn(trialfiles::jobStart))) {
        finish({Outcome::Crashed, 0,
                QStringLiteral("%1 ended without an exit status, and Slurm no longer knows how (cancelled, out of time, "
                               "or its node failed while Tunescope was not following it)").arg(job)});
    } else {
        finish({Outcome::Interrupted, 0, QStringLiteral("%1 never ran, and Slurm no longer knows it").arg(job)});
    }
}

bool SlurmJob::readsOutput() const
{
    // A job not yet seen running is looked for in job.start (followOutput).
    return mState == State::Submitted;
}

void SlurmJob::followOutput()
{
    // Its script notes when the job begins: a start between two squeue polls is followed now,
    // not at the next poll (live curves, and the trial's time counts from the real start).
    if (mPhase == SlurmPhase::Queued && !noticeStart())
        return;
    readOutput();
}

bool SlurmJob::noticeStart()
{
    if (mState != State::Submitted)
        return false;
    QFile file(fileIn(trialfiles::jobStart));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const std::optional<SlurmJobStart> start = parseJobStart(file.readAll());
    // Another job's start (a folder reused), or the run before a requeue that squeue reported.
    if (!start || start->jobId != mRecord.jobId || start->restarts < std::max(mRestarts, 0))
        return false;
    if (start->restarts == mStartedRun && mPhase != SlurmPhase::Queued)
        return true; // known already
    if (mRestarts >= 0 && start->restarts > mRestarts)
        restartFromScratch();
    mRestarts = start->restarts;
    mStartedRun = start->restarts;
    // The moment the script noted the start (the file server's clock; never later than now).
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime noted = file.fileTime(QFileDevice::FileModificationTime).toUTC();
    mRunningSince = noted.isValid() && noted < now ? noted : now;
    if (mPhase == SlurmPhase::Queued)
        mPhase = SlurmPhase::Running;
    beginRunning();
    return true;
}

bool SlurmJob::readNew(FollowedFile &file, QByteArray *data)
{
    QFile f(file.path);
    if (!f.open(QIODevice::ReadOnly))
        return true; // not there yet
    const qint64 size = f.size();
    if (size < file.offset)
        return false;
    if (size == file.offset || !f.seek(file.offset))
        return true;
    *data = f.read(std::min(size - file.offset, maxReadBytes));
    file.offset += data->size();
    return true;
}

void SlurmJob::readOutput()
{
    if (mState == State::Done)
        return;
    QByteArray out, err;
    if (!readNew(mStdout, &out) || !readNew(mStderr, &err)) {
        restartFromScratch();
        out.clear();
        err.clear();
        readNew(mStdout, &out);
        readNew(mStderr, &err);
    }
    handleOutput(true, out);
    handleOutput(false, err);

    // The program ended (its script wrote the status). A clean exit finishes the trial now, not
    // at the next squeue poll; any other waits for Slurm's word on why (time, memory, node).
    if (mPhase == SlurmPhase::Running && !mStopping) {
        QFile exitFile(fileIn(trialfiles::jobExit));
        if (exitFile.open(QIODevice::ReadOnly) && exitFile.readAll().trimmed() == "0") {
            // Whatever was written between the read above and the status file.
            QByteArray lastOut, lastErr;
            if (readNew(mStdout, &lastOut) && readNew(mStderr, &lastErr)) {
                handleOutput(true, lastOut);
                handleOutput(false, lastErr);
            }
            finish({TrialProcessResult::Outcome::Exited, 0, QString()});
        }
    }
}

void SlurmJob::handleOutput(bool isStdout, const QByteArray &data)
{
    if (data.isEmpty())
        return;
    appendTail(mTail, data);
    MetricParser &parser = isStdout ? mStdoutParser : mStderrParser;
    const QList<MetricReport> reports = parser.feed(data);
    if (!reports.isEmpty())
        emit metricsReported(reports);
    declareArtifacts(parser, mLaunch.trialDirectory, mTail);
}

void SlurmJob::finish(TrialProcessResult result)
{
    if (mState == State::Done)
        return;
    // The last line without a newline counts too.
    QList<MetricReport> last = mStdoutParser.finish();
    last += mStderrParser.finish();
    if (!last.isEmpty())
        emit metricsReported(last);
    declareArtifacts(mStdoutParser, mLaunch.trialDirectory, mTail);
    declareArtifacts(mStderrParser, mLaunch.trialDirectory, mTail);
    mState = State::Done;
    mTimeoutTimer.stop();
    if (mClient)
        mClient->forget(this);
    if (result.outcome == TrialProcessResult::Outcome::TimedOut && mTimedOut)
        result.reason = QStringLiteral("timed out after %1 s").arg(mLaunch.timeoutSeconds);
    if (mClient && mRecord.isSubmitted()) {
        // Its CPU and memory from sacct first (at once when accounting is off).
        mAwaitingUsage = result;
        mClient->askUsage(this);
        return;
    }
    emit finished(result);
}

void SlurmJob::onLiveUsage(const SlurmLiveUsage &usage)
{
    if (!mRunningSince.isValid() || mState == State::Done)
        return;
    const double seconds = mRunningSince.msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0;
    const qint64 step = qint64(std::lround(seconds));
    const auto tenth = [](double v) { return std::round(v * 10) / 10; };
    QList<MetricReport> reports;
    if (const std::optional<double> cpu = mLiveCpu.percent(seconds, usage.cpuSeconds))
        reports << MetricReport{QStringLiteral("sys/cpu_percent"), tenth(*cpu), step};
    if (usage.rssMb)
        reports << MetricReport{QStringLiteral("sys/rss_mb"), tenth(*usage.rssMb), step};
    if (!reports.isEmpty())
        emit metricsReported(reports);
}

void SlurmJob::onUsage(const TrialUsage &usage)
{
    mUsage = usage;
    if (mAwaitingUsage)
        emit finished(*std::exchange(mAwaitingUsage, std::nullopt));
}

} // namespace tunescope
