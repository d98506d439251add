#pragma once

#include "execution/metricparser.h"
#include "execution/slurmcommands.h"
#include "execution/triallauncher.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace tunescope {

class SlurmClient;

/// One trial run as a Slurm job: writes the job script into the trial folder, has the client
/// submit it, follows the job's state (queued with Slurm's reason, running, requeued, ended) and
/// its stdout.log / stderr.log by polling the files (a shared filesystem delivers no change
/// events), feeds the same metric parser as a local trial, and cancels it with scancel (SIGTERM
/// first, SIGKILL after Slurm's KillWait). The exit status comes from squeue while Slurm knows the
/// job, else from sacct when accounting is on, else from the job.exit file its script writes.
class SlurmJob : public TrialLauncher
{
    Q_OBJECT

public:
    /// `title` heads the job script ("Trial 3 of study 'digits'").
    SlurmJob(TrialLaunch launch, SlurmClient *client, int repeat, QString title, QObject *parent = nullptr);
    ~SlurmJob() override;

    void start() override;
    /// Follows a job a runner before this one submitted (it died or was closed): reads its
    /// output from the start. A record with only a token is looked up by it first.
    void attach(const SlurmJobRecord &record);
    void stop(const QString &reason) override;
    bool detach() override;
    bool isRunning() const override;
    QByteArray logTail() const override { return mTail; }
    QDateTime runningSince() const override { return mRunningSince; }
    /// What sacct counted for the ended job (cpuSeconds, maxRssMb); empty without accounting.
    TrialUsage reapedUsage() const override { return mUsage; }

    const SlurmJobRecord &record() const { return mRecord; }
    QString jobScriptPath() const;

    // Called by SlurmClient.
    /// The job goes out in a submission with this token, as its task-th job.
    void onSubmitting(const QString &token, int task);
    void onSubmitted(const QString &jobId);
    /// sbatch refused it (a bad partition, an invalid gres): the trial fails with the reason.
    void onRejected(const QString &message);
    /// sbatch did not answer: the job may or may not exist; the next poll looks for its token.
    void onSubmitUncertain();
    /// The token of an uncertain submission was not found: the job goes out again.
    void onResubmit();
    /// squeue's line for the job; null when squeue no longer (or never) knew it.
    void onStatus(const SlurmJobStatus *status);
    void onAccounting(const std::optional<SlurmJobStatus> &status);
    /// sacct's figures for the ended job (SlurmClient::askUsage): finished() follows.
    void onUsage(const TrialUsage &usage);
    /// sstat's figures while the job runs (SlurmClient polls them with squeue): its sys/*
    /// samples, CPU % over the time since the last one.
    void onLiveUsage(const SlurmLiveUsage &usage);
    /// Reads what the job wrote since the last call.
    void readOutput();
    /// The client's periodic look at a submitted job: whether it began (job.start), then its
    /// output.
    void followOutput();
    bool readsOutput() const;
    /// Whether the job was submitted by this process (a lost token means: submit again), and
    /// since when its id or token is known (a poll started before that proves nothing).
    bool isOwnSubmission() const { return mOwnSubmission; }
    qint64 knownSince() const { return mKnownSince; }
    bool awaitsSubmission() const { return mState == State::Batched; }

private:
    enum class State { Idle, Batched, Submitting, Uncertain, Submitted, Done };
    struct FollowedFile
    {
        QString path;
        qint64 offset = 0;
    };

    void setQueued(const QString &reason);
    void beginRunning();
    /// Whether job.start says the job's current run has begun; if so it runs from then on.
    bool noticeStart();
    void restartFromScratch();
    bool resetParsers(QString *error = nullptr);
    /// Reads a followed file's new bytes; false when the file shrank (the job started over).
    bool readNew(FollowedFile &file, QByteArray *data);
    void handleOutput(bool isStdout, const QByteArray &data);
    /// The end from what the job left in its folder (Slurm forgot it, accounting is off).
    void resolveFromFiles();
    void finish(TrialProcessResult result);
    void emitRecord();
    QString fileIn(const char *name) const;

    TrialLaunch mLaunch;
    QPointer<SlurmClient> mClient;
    QString mTitle;
    SlurmJobRecord mRecord;
    State mState = State::Idle;
    bool mOwnSubmission = true;
    qint64 mKnownSince = 0;
    SlurmPhase mPhase = SlurmPhase::Queued;
    bool mSeenStatus = false;
    int mRestarts = -1;
    int mStartedRun = -1; ///< the run (restart count) job.start said had begun
    QDateTime mRunningSince;
    QString mQueueReason;
    FollowedFile mStdout;
    FollowedFile mStderr;
    MetricParser mStdoutParser;
    MetricParser mStderrParser;
    QByteArray mTail;
    QTimer mTimeoutTimer;
    bool mStopping = false;
    bool mTimedOut = false;
    QString mStopReason;
    TrialUsage mUsage;
    SlurmCpuWindow mLiveCpu; ///< sys/cpu_percent from sstat's whole CPU seconds
    std::optional<TrialProcessResult> mAwaitingUsage; ///< the end, told once sacct answered
};

} // namespace tunescope
