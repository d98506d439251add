#pragma once

#include "execution/slurmcommands.h"
#include "space/backendspec.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QSet>
#include <QTimer>

#include <functional>

namespace tunescope {

class SlurmJob;

/// Talks to Slurm for one runner's jobs: submits them in batches (one sbatch of a job array per
/// batch, at most one sbatch call per submit interval, so that a thousand trials are a few
/// calls, not a thousand), follows all of them with one squeue call per poll, reads their output
/// files for them, cancels in batches, and backs off while the controller does not answer. When
/// it stays unreachable longer than the study allows, unreachable() says so once.
///
/// Every command runs through QProcess with an argument list, never a shell, and dies with this
/// process (PR_SET_PDEATHSIG): an sbatch cut off by a crash either reached the controller, and
/// the restarted run finds the job by its token, or it did not.
class SlurmClient : public QObject
{
    Q_OBJECT

public:
    struct Setup
    {
        SlurmSettings settings;
        QString jobName;          ///< every job of the study carries it (slurmJobName)
        QString workingDirectory; ///< sbatch --chdir
        QString logDirectory;     ///< Slurm's own output of each job, and the array scripts
        int submitIntervalMs = 1000; ///< at least this long between two sbatch calls
        int outputIntervalMs = 1000; ///< the running jobs' output files are read this often
    };

    explicit SlurmClient(Setup setup, QObject *parent = nullptr);
    ~SlurmClient() override;

    /// Before a study starts (blocking, a few seconds at most): sbatch, squeue and scancel are
    /// installed, and sbatch --test-only accepts the settings. An unreachable controller is no
    /// error here: the study then backs off and stops if it stays so. *errorKey: the study
    /// file's key that the refusal is about.
    bool check(QString *error, QString *errorKey = nullptr);
    const Setup &setup() const { return mSetup; }
    /// What a submission runs: sbatch and its arguments, for a job script (one trial) or an
    /// array script of arrayTasks trials; token goes to --comment.
    static QStringList sbatchCommand(const Setup &setup, const QString &script, const QString &token, int arrayTasks = 1);

    // Called by SlurmJob.
    void submit(SlurmJob *job);        ///< goes with the next batch
    void follow(SlurmJob *job);        ///< polled from now on (by job id, or by submission token)
    void forget(SlurmJob *job);        ///< no more polls, reads or submission
    void cancel(const QString &jobId); ///< scancel, batched; retried while Slurm is unreachable
    /// sacct for a job squeue no longer knows, when accounting is enabled: answers with
    /// SlurmJob::onAccounting (nullopt when accounting is off or does not know it either).
    void askAccounting(SlurmJob *job);
    /// sacct for the CPU seconds and peak memory of an ended job, when accounting is enabled:
    /// the jobs that ask within one event-loop turn (or while a call is out) share one sacct
    /// call; a job sacct does not know as ended yet (slurmdbd lags) is asked again up to
    /// kUsageTries times, a second apart. Answers with SlurmJob::onUsage: empty figures when
    /// accounting is off or sacct never knew them (never zeros for "unknown").
    void askUsage(SlurmJob *job);
    static constexpr int kUsageTries = 4;
    /// Milliseconds on this client's clock (polls and jobs compare times on it).
    qint64 now() const { return mClock.elapsed(); }
    bool isUnreachable() const { return mUnreachableSince.isValid(); }

    // Figures for tests and the bench.
    int sbatchCalls() const { return mSbatchCalls; }
    int squeueCalls() const { return mSqueueCalls; }
    int scancelCalls() const { return mScancelCalls; }
    int sacctUsageCalls() const { return mSacctUsageCalls; }
    int sstatCalls() const { return mSstatCalls; }
    /// Whether the cluster gathers running jobs' usage (JobAcctGatherType), so sstat can tell.
    bool gathersLiveUsage() const { return mGathersLiveUsage; }
    int followedCount() const { return int(mFollowed.size()); }

signals:
    /// Slurm has not answered for longer than backend.controller_timeout: the study stops.
    void unreachable(const QString &message);
    /// One squeue poll was read (tests wait on it).
    void polled();

private:
    void flushSubmissions();
    void scheduleSubmission();
    void onSbatchDone(const QList<QPointer<SlurmJob>> &batch, const QString &token, int exitCode,
                      const QByteArray &out, const QByteArray &err);
    void poll();
    void onSqueueDone(qint64 startedAt, int exitCode, const QByteArray &out, const QByteArray &err);
    void flushCancels();
    void runAccounting();
    void runUsage();
    /// One sstat call for the running jobs of this poll: their sys/* samples.
    void askLiveUsage(const QHash<QString, QPointer<SlurmJob>> &running);
    void readOutputs();
    void schedulePoll(int delayMs);
    /// A command failed for want of the controller: backs off, and gives up after the timeout.
    void noteUnreachable(const QString &message);
    void noteReachable();
    int backoffMs() const;
    /// Starts a Slurm command; done gets its exit code (-1 when it could not run or hung) and
    /// output.
    void runCommand(const QString &program, const QStringList &args,
                    std::function<void(int, const QByteArray &, const QByteArray &)> done);

    Setup mSetup;
    QElapsedTimer mClock;
    QList<QPointer<SlurmJob>> mPending;  ///< waiting for the next batch
    QList<QPointer<SlurmJob>> mFollowed; ///< polled
    QSet<QString> mCancels;
    QList<QPointer<SlurmJob>> mAccounting;
    struct UsageRequest
    {
        QPointer<SlurmJob> job;
        int tries = 0;
    };
    QList<UsageRequest> mUsageWanted;
    QTimer mUsageTimer{this};
    bool mUsageBusy = false;
    int mSacctUsageCalls = 0;
    bool mGathersLiveUsage = false;
    bool mSstatBusy = false;
    int mSstatCalls = 0;
    QTimer mSubmitTimer;
    QTimer mPollTimer;
    QTimer mOutputTimer;
    QTimer mCancelTimer;
    qint64 mLastSubmitAt = -1;
    bool mSubmitting = false;
    bool mPolling = false;
    bool mCancelling = false;
    bool mAccountingBusy = false;
    bool mAccountingEnabled = false;
    int mMaxArraySize = 1000;
    QElapsedTimer mUnreachableSince;
    int mFailures = 0;
    bool mGaveUp = false;
    int mSbatchCalls = 0;
    int mSqueueCalls = 0;
    int mScancelCalls = 0;
    int mBatchCounter = 0;
    QList<QProcess *> mProcesses; ///< commands in flight
};

} // namespace tunescope
