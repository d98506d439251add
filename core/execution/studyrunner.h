#pragma once

#include "execution/metricparser.h"
#include "execution/studylimits.h"
#include "samplers/sampler.h"
#include "storage/storage.h"
#include "space/studyspec.h"
#include "common/trial.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace tunescope {

class Pruner;
class GpuSampler;
class SlurmClient;
struct GpuProcessUse;
struct GpuState;
class TrialLauncher;
struct SlurmJobRecord;
struct TrialProcessResult;

/// Command-line or GUI overrides of what the spec says.
struct RunOptions
{
    std::optional<int> budget;      ///< --trials
    std::optional<int> parallel;    ///< --parallel
    std::optional<quint64> seed;    ///< --seed
    QString runsDirectory;          ///< trial folders go in trialFolder(runsDirectory, ...);
                                    ///< empty: studyLocation's for the storage and the spec
    int killGraceMs = 5000;         ///< SIGTERM to SIGKILL
};

/// Runs a study: asks the sampler for parameters, launches each trial on a free slot (a local
/// process, or a Slurm job with backend slurm), stores what the trials report as it arrives, and
/// decides each trial's final state. Slurm jobs outlive a runner that is closed or killed: the
/// next runner of the study re-attaches to them instead of running their trials again.
///
/// Everything happens on the owning thread's event loop (trials are asynchronous QProcesses,
/// Slurm commands and polls too), so a GUI stays responsive and the headless command uses the
/// same code.
class StudyRunner : public QObject
{
    Q_OBJECT

public:
    StudyRunner(StudySpec spec, Storage *storage, RunOptions options = {}, QObject *parent = nullptr);
    ~StudyRunner() override;

    /// Checks the program and the sampler (and with backend slurm, that sbatch accepts the job
    /// settings), then creates the study in storage or resumes it (trials left RUNNING by a
    /// dead process are marked interrupted, and what their programs forked is stopped; those
    /// with a Slurm job are re-attached to once the runner starts). Nothing is written when
    /// this fails.
    bool prepare(QString *error);
    /// What prepare() has to tell the user besides errors: one line per warm-start source
    /// ("other.db#s: 40 finished trials, 5 best enqueued first").
    const QStringList &notices() const { return mNotices; }

    void start();
    void pause();   ///< no new trials; running ones go on
    void resume();
    /// Stops running trials (recorded as interrupted, so a later run redoes them; Slurm jobs
    /// are cancelled) and starts no more; finished() follows once they have exited. Destroying
    /// a runner instead leaves its Slurm jobs running for the next runner to re-attach to.
    void stop();

    bool isActive() const { return mStarted && !mDone; }
    bool isPaused() const { return mPaused; }
    int budget() const { return mBudget; } ///< INT_MAX when unbounded
    int runningCount() const { return int(mRunning.size()); }
    /// Of those, the ones whose job waits in Slurm's queue (isQueued).
    int queuedCount() const;
    /// Trials that count towards the budget (all but interrupted ones).
    int countedTrials() const;
    /// The budget counts its trials and none queued by hand is left to run.
    bool budgetUsed() const;
    qint64 studyId() const { return mStudy.id; }
    Storage *storage() const { return mStorage; }
    const StudySpec &spec() const { return mSpec; }
    const QList<Trial> &trials() const { return mTrials; }
    std::optional<Trial> bestTrial() const;
    /// Why no trial starts any more before the budget (a target reached, max_duration
    /// passed); empty when nothing but the budget or a finished grid ends the study.
    QString limitReason() const { return mLimits.reason(); }
    /// The study's time budget: max_duration and how much of it earlier and this run used.
    const StudyLimits &limits() const { return mLimits; }
    /// The trial the sampler recommends (the GP's lowest posterior mean), or nullopt when the
    /// sampler has no model of its own and bestTrial() stands.
    std::optional<Trial> recommendedTrial() const;
    /// Bounded tail of a running trial's output; empty when it is not running here.
    QByteArray logTail(int number) const;
    QString trialDirectory(int number) const;

signals:
    void trialStarted(const tunescope::Trial &trial);
    void trialReported(int number, const QList<tunescope::MetricReport> &reports);
    /// The trial declared a file (`artifact=path`, confined to its folder), stored already;
    /// relativePath is relative to trialDirectory(number).
    void artifactDeclared(int number, const QString &relativePath);
    void trialFinished(const tunescope::Trial &trial);
    /// A running trial's job or queue state changed (Trial::job, Trial::queueReason), or its
    /// requeued job started over (its intermediate values are gone).
    void trialUpdated(const tunescope::Trial &trial);
    /// A problem that stops new trials (storage failure, sampler error).
    void errorOccurred(const QString &message);
    /// Nothing runs and nothing more will start.
    void finished();

private:
    struct Running;

    void fillSlots();
    bool launchOne(const QString &gpu);
    void onReports(int number, const QList<MetricReport> &reports);
    void onProcessFinished(int number, const TrialProcessResult &result);
    /// Records the end of a trial, frees its slot and starts the next one.
    void finishTrial(int number, TrialState state, QString reason, std::optional<int> exitCode);
    void prune(int number, const QString &reason);
    void flushReports();
    void refreshTrials(bool force);
    void replaceTrial(const Trial &trial);
    void fail(const QString &message);
    void checkDone();
    void startSampling(Running *r, qint64 processGroup); ///< its program started: measure it
    void endSampling(Running *r); ///< its run ended: add what was measured to its usage
    /// One nvidia-smi poll: each running trial's share (its processes' memory, their GPUs'
    /// utilization) goes to its usage and to its sys/gpu_* metrics.
    void onGpuSample(const QList<GpuProcessUse> &processes, const QHash<QString, GpuState> &gpus);
    void armDeadline();  ///< mDeadline: when max_duration will be used up
    void onDeadline();   ///< stops running trials with max_duration_hard; ends an idle study
    /// Every heartbeat interval: keeps this runner's trials alive, lets go of those other
    /// workers declared dead, redoes those of dead workers, and retries a claim while a full
    /// grid or budget waits on other workers' running trials.
    void heartbeat();
    /// Marks what dead workers left RUNNING as interrupted: same-host processes that are gone
    /// (their forked children stopped first), and any host's trials whose heartbeat stopped.
    bool reclaimDeadTrials(QString *error);
    /// Whether another worker declared this runner's trial interrupted (its heartbeat was late).
    bool declaredInterrupted(int number);
    /// Whether other workers run trials of the study that may still free a slot or a point.
    bool othersRunning() const;
    void startProcess(int number);
    /// Starts the trial's run for its current repeat, or follows its job (attachTo).
    void startLauncher(int number, const std::optional<SlurmJobRecord> &attachTo);
    /// Takes over the jobs of trials whose runner died or let go (mAdoptions).
    void adoptJobs();
    void onRestarted(int number);
    /// Lets go of every running Slurm job (they go on; the next runner re-attaches).
    void detachJobs();
    SlurmClient *slurm(); ///< created on first use
    QString studyRunsFolder() const; ///< the study's folder of trial folders
    /// Name a metric's reports are stored under (one series per repeat).
    QString seriesName(const QString &metric, int repeat) const;
    /// A metric's value for the trial's given repeat: its last (or best) report.
    std::optional<double> finalValue(const Trial &trial, const MetricSpec &metric, int repeat) const;

    StudySpec mSpec;
    Storage *mStorage = nullptr;
    RunOptions mOptions;
    StudyRecord mStudy;
    QStringList mNotices;
    std::unique_ptr<Sampler> mSampler;
    std::unique_ptr<Pruner> mPruner;
    StudyLimits mLimits;
    QList<Trial> mTrials;
    QHash<int, Running *> mRunning;
    QList<TrialLauncher *> mStopping; ///< pruned trials whose processes (jobs) are still exiting
    QList<InterruptedTrial> mAdoptions; ///< trials with a job to re-attach to once started
    SlurmClient *mSlurm = nullptr;
    QStringList mFreeSlots;        ///< GPU label per free slot ("" for CPU)
    QTimer mFlushTimer;
    QTimer mHeartbeat;
    GpuSampler *mGpuSampler = nullptr; ///< local backend: created by start()
    QElapsedTimer mSinceGpuSample;
    QTimer mDeadline;      ///< max_duration used up (StudyLimits::msLeft)
    std::optional<qint64> mRunStartedMs; ///< this run's study_runs key (Storage::beginStudyRun)
    QTimer mWaitForOthers; ///< claims again while a full grid or budget waits on other workers
    QElapsedTimer mSinceRefresh;
    int mBudget = 0;
    int mParallel = 1;
    bool mStarted = false;
    bool mPaused = false;
    bool mStopRequested = false;
    bool mExhausted = false;       ///< the sampler has nothing left (finished grid)
    bool mFinalClaimTried = false; ///< the last claim before finishing, after others stopped
    bool mDone = false;
    bool mFilling = false;
};

} // namespace tunescope
