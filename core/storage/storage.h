#pragma once

#include "common/trial.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <QSet>

#include <functional>
#include <limits>
#include <memory>
#include <optional>

namespace tunescope {

/// A study as stored: its spec text and summary columns.
struct StudyRecord
{
    qint64 id = -1;
    QString name;
    QString method;
    QString metricName;
    QString goal;        ///< "minimize" | "maximize"
    QByteArray specYaml; ///< the spec it was created with
    QDateTime created;
    QString note;        ///< Markdown, written by the user
    QStringList tags;    ///< in the order given, without duplicates
    /// Why its last run stopped before the budget ("max_duration (8 h) used up"); empty when
    /// the budget or the user ended it, or it never ran.
    QString endReason;
};

/// Counts and best value of a study, for listings.
struct StudySummary
{
    StudyRecord study;
    int total = 0;
    int running = 0;
    int complete = 0;
    int pruned = 0;
    int failed = 0;
    int stale = 0;       ///< RUNNING trials whose heartbeat stopped (counted apart from running)
    int liveWorkers = 0; ///< runners whose heartbeat is within their grace period
    std::optional<double> best;
    QDateTime lastActivity; ///< the latest start or finish of a trial; the study's creation without any
};

/// A trial put in the queue by hand (tunescope enqueue, retry, a warm start's best-first):
/// WAITING until a runner claims it, before it asks its sampler (Storage::claimQueuedTrial).
struct QueuedTrial
{
    QVariantMap params;
    QString origin;               ///< trialOriginEnqueued, trialOriginRetry, trialOriginBestFirst
    std::optional<int> retryOf;   ///< the trial it re-runs; one retry per trial (unique)
    bool outOfSpace = false;
    std::optional<qint64> gridIndex; ///< the grid point it takes (a retry of an interrupted grid trial)
};

/// The choice of a new trial's parameters, made inside the transaction that stores it.
struct TrialClaim
{
    QVariantMap params;
    std::optional<qint64> gridIndex; ///< the grid point it takes; unique within the study
};

/// Picks what a new trial evaluates, given the number it will have and the grid points the
/// study's other trials hold at that instant (every worker's claims, committed or not yet
/// visible to a snapshot read earlier). nullopt declines: nothing is written.
using TrialChoice = std::function<std::optional<TrialClaim>(int number, const QSet<qint64> &heldGridPoints)>;

/// How a new trial is stored by Storage::claimTrial.
struct ClaimRequest
{
    TrialState state = TrialState::Running; ///< Running (a runner) or Waiting (ask)
    QString gpu;
    int budget = std::numeric_limits<int>::max();
    bool readsGridPoints = false;    ///< the choice needs heldGridPoints (read only then)
    qint64 heartbeatGraceMs = 30000; ///< a RUNNING trial is stale after this long without a beat
};

/// Why the last claimTrial stored nothing.
enum class ClaimRefusal {
    None,     ///< it stored a trial, or failed on an error (lastError)
    Budget,   ///< the study already counts its budget of trials
    Declined, ///< the choice declined (nothing left, or its view was out of date)
    Taken     ///< the grid point was taken meanwhile (the database's unique check)
};

/// How far a long read has come: `done` of `total` trials have their values. Returning false
/// cancels the read, which then fails with the error "cancelled".
using ReadProgress = std::function<bool(qsizetype done, qsizetype total)>;

/// Where an incremental read of one trial's intermediate values goes on: values stored later
/// have larger ids.
struct ValueCursor
{
    qint64 trialId = -1;
    qint64 afterValueId = 0; ///< the largest id read so far (0: none)
};

/// A RUNNING trial whose worker process is gone, as Storage::findInterruptedTrials found it.
struct InterruptedTrial
{
    qint64 id = -1;
    int number = 0;
    std::optional<qint64> processGroup; ///< of its program, when one was recorded (setTrialProcessGroup)
    QString job;    ///< its Slurm job (setTrialJob): not dead with its worker, but to re-attach to
    QString worker; ///< host:pid of the worker that left it; empty when it was let go (releaseTrial)
};

/// Persistent store of studies, trials and every intermediate metric value.
///
/// SQLite (a file path; WAL, busy timeout, one short transaction per state change) or
/// PostgreSQL (a postgresql://user:pass@host:port/db URL) behind one interface. Every method
/// returns false / nullopt on failure with the reason in lastError(); nothing is half-written.
/// One Storage object belongs to one thread.
class Storage
{
public:
    ~Storage();

    /// Opens (creating if needed) the database at a path or postgresql:// URL. A file that is
    /// not a Tunescope database, or from a newer schema, is refused and left untouched.
    ///
    /// An Optuna database (Optuna 3.0 to 4.x; OptunaReader) is opened read-only instead: a
    /// SQLite file read-only, PostgreSQL in read-only transactions. Its studies read as
    /// Tunescope's do, and every method that would write fails with readOnlyReason().
    static std::unique_ptr<Storage> open(const QString &location, QString *error);

    /// Where the database is, as it may be shown: an absolute path, or the URL without its
    /// password (redactedLocation). The password stays inside the connection.
    QString location() const;
    QString lastError() const;
    /// Why the database is only read (an Optuna database); empty when it is Tunescope's.
    QString readOnlyReason() const;
    /// 2: trials.pgid (process group of a running trial, to stop what a killed run left).
    /// 3: trials.value_std, trials.objective_values. 4: trials.grid_index (unique per study),
    /// trials.heartbeat and heartbeat_grace, the workers table. 5: trials.attributes (what
    /// another tool stored with an imported trial, Trial::attributes). 6: trials.job (the Slurm
    /// job of a trial) and trials.queue_reason (why that job waits).
    /// 7: trials.origin, queued, retry_of (unique per study), out_of_space, note;
    /// studies.note, tags (steering a study by hand).
    /// 8: trials.resource_usage (TrialUsage as JSON), studies.end_reason, the study_runs table
    /// (each run's start and last sign of life: the time max_duration counts across resumes).
    /// 9: the trial_artifacts table (files a trial declared with `artifact=path`).
    static constexpr int schemaVersion = 9;

    // Studies
    std::optional<StudyRecord> createStudy(const StudyRecord &study); ///< fails if the name exists
    std::optional<StudyRecord> findStudy(const QString &name);
    QList<StudySummary> studySummaries();
    /// A new study with trials another tool ran (tunescope import), in one transaction: the
    /// trials keep their numbers, states, values, times, intermediate values and attributes,
    /// and the study numbers its new trials after them. Fails, storing nothing, when a study
    /// of that name exists.
    std::optional<StudyRecord> importStudy(const StudyRecord &study, const QList<Trial> &trials);
    bool setStudyNote(qint64 studyId, const QString &note);
    /// studies.end_reason: why the study's last run ended before its budget; empty clears it.
    bool setStudyEndReason(qint64 studyId, const QString &reason);
    /// A run of the study begins: a study_runs row for this worker, stamped with the database's
    /// clock. Returns its start (ms), the key extendStudyRun takes.
    std::optional<qint64> beginStudyRun(qint64 studyId);
    /// The run is still alive now (every heartbeat, and when it ends).
    bool extendStudyRun(qint64 studyId, qint64 startedMs);
    /// Wall-clock seconds the study's runs have covered: the union of their intervals, so that
    /// parallel workers count once; a run killed without notice counts to its last heartbeat.
    std::optional<double> studyRunSeconds(qint64 studyId);
    /// trials.resource_usage: what the trial consumed, as measured.
    bool setTrialUsage(qint64 trialId, const TrialUsage &usage);
    /// A file the trial declared with `artifact=path`, relative to its trial folder (already
    /// confined to it: confineArtifact). Declaring the same path again keeps the first.
    bool addTrialArtifact(qint64 trialId, const QString &relativePath);
    /// The files each trial of the study declared, in the order declared, keyed by trial id
    /// (trials that declared none are absent; an Optuna study has none). With trialIds, only
    /// those trials' (a poll reads the unfinished ones).
    std::optional<QHash<qint64, QStringList>> trialArtifacts(qint64 studyId, const QList<qint64> &trialIds = {});
    bool setStudyTags(qint64 studyId, const QStringList &tags);
    /// A new name and the spec text that carries it, in one transaction; fails when the
    /// name is taken.
    bool renameStudy(qint64 studyId, const QString &name, const QByteArray &specYaml);
    /// The study with its trials, their values and its worker rows.
    bool deleteStudy(qint64 studyId);

    // Trials
    /// In one transaction that every other worker's claims are serialised with: takes the
    /// next trial number, checks the budget (the study's trials but interrupted ones), lets
    /// `choose` pick the parameters seeing the grid points held right now, and stores the
    /// trial (RUNNING: start time now, worker host:pid, a first heartbeat). Safe with any
    /// number of processes and hosts; nullopt with lastRefusal() saying why nothing was stored.
    std::optional<Trial> claimTrial(qint64 studyId, const ClaimRequest &request, const TrialChoice &choose);
    ClaimRefusal lastRefusal() const;
    /// claimTrial of fixed parameters (no grid point).
    std::optional<Trial> startTrial(qint64 studyId, const QVariantMap &params, const QString &gpu = {},
                                    int budget = std::numeric_limits<int>::max());
    bool budgetReached() const; ///< lastRefusal() == ClaimRefusal::Budget
    /// Inserts a WAITING trial (ask without running) — same numbering as startTrial.
    std::optional<Trial> createWaitingTrial(qint64 studyId, const QVariantMap &params);
    /// Stores a queued WAITING trial, numbered like any other. It counts towards the budget but
    /// is never refused by it (asked for by hand). A retry of a trial that has one already, or
    /// of a grid point held again, is refused (ClaimRefusal::Taken), storing nothing.
    std::optional<Trial> enqueueTrial(qint64 studyId, const QueuedTrial &queued);
    /// The oldest queued trial, taken atomically for this worker (any number of workers: each
    /// queued trial is taken once): RUNNING as request.state says (start time, worker,
    /// heartbeat), or for `ask` WAITING and no longer queued. nullopt with
    /// ClaimRefusal::Declined when the queue is empty.
    std::optional<Trial> claimQueuedTrial(qint64 studyId, const ClaimRequest &request);
    bool setTrialNote(qint64 trialId, const QString &note);
    /// Records the grid point of a trial stored without one (by an older version); false,
    /// and nothing changed, when another trial holds it.
    bool setTrialGridIndex(qint64 trialId, qint64 gridIndex);
    /// Appends intermediate values (one transaction for the batch).
    bool addMetricReports(qint64 trialId, const QList<QPair<QString, MetricPoint>> &reports);
    /// Final state, objective, exit code and reason; sets the finish time. With repeats, the
    /// standard deviation of the objective; in a multi-objective study, every objective.
    /// Only a RUNNING or WAITING trial is finished: one declared interrupted meanwhile (its
    /// heartbeat stopped) belongs to nobody and fails here. An interrupted trial gives its grid
    /// point back.
    bool finishTrial(qint64 trialId, TrialState state, std::optional<double> value,
                     std::optional<int> exitCode, const QString &reason,
                     std::optional<double> valueStd = std::nullopt, const QList<double> &values = {});
    /// finishTrial with the trial's last intermediate values and its measured usage in the same
    /// transaction: one commit at a trial's end instead of three. Nothing is stored when any
    /// part fails.
    bool finishTrialWith(qint64 trialId, const QList<QPair<QString, MetricPoint>> &lastReports,
                         const std::optional<TrialUsage> &usage, TrialState state, std::optional<double> value,
                         std::optional<int> exitCode, const QString &reason,
                         std::optional<double> valueStd = std::nullopt, const QList<double> &values = {});
    /// All trials of a study ordered by number; intermediate values when asked.
    std::optional<QList<Trial>> trials(qint64 studyId, bool withIntermediate = false);
    std::optional<Trial> trial(qint64 studyId, int number, bool withIntermediate = false);
    /// Fills the intermediate values of `trials` (the study's trials as trials() returned them)
    /// in one scan of the study, reporting progress per trial; with lastValueIds, the largest
    /// value id read of each trial id (cursors for readNewValues). SQLite is read through its C
    /// API here: a million values in a fraction of a second.
    bool readIntermediate(qint64 studyId, QList<Trial> &trials, const ReadProgress &progress = {},
                          QHash<qint64, qint64> *lastValueIds = nullptr);
    /// What a reader holding the trials up to `afterNumber` has not seen: the trials numbered
    /// after it and those numbered in `numbers` (its unfinished ones; finished trials never
    /// change), by number, without values.
    std::optional<QList<Trial>> trialsAfter(qint64 studyId, int afterNumber, const QList<int> &numbers = {});
    /// How many trials the study has numbered up to `number`: a cheap check that the trials a
    /// reader holds are all still there (fewer: the database was replaced).
    std::optional<int> trialCount(qint64 studyId, int upToNumber);
    /// The values of the cursors' trials stored after each cursor, by trial id, and the cursors
    /// moved past them: work in proportion to the new values, not to the study.
    std::optional<QHash<qint64, MetricSeries>> readNewValues(QList<ValueCursor> &cursors);
    /// Records the process group of a started trial program, so that a run restarted after a
    /// crash can stop the children it left behind.
    bool setTrialProcessGroup(qint64 trialId, qint64 pgid);
    /// Records the Slurm job of a trial (SlurmJobRecord's text), or before sbatch answered the
    /// token by which it can be found.
    bool setTrialJob(qint64 trialId, const QString &job);
    /// Why the trial's job waits in the scheduler's queue; empty once it runs, when `started`
    /// (if valid) becomes its start time: a trial's duration is its job's, not its wait.
    bool setTrialQueueReason(qint64 trialId, const QString &reason, const QDateTime &started = {});
    /// Takes over a RUNNING trial whose job outlived its worker (fromWorker, as found): this
    /// process becomes its worker, with a fresh heartbeat. False when it is no longer RUNNING
    /// under fromWorker (another runner took it first); nullopt on error.
    std::optional<bool> adoptTrial(qint64 trialId, const QString &fromWorker, qint64 graceMs);
    /// Lets go of a RUNNING trial whose job goes on after this runner: it keeps its state and
    /// job, and the next runner adopts it at once (findInterruptedTrials lists it).
    bool releaseTrial(qint64 trialId);
    /// Removes the trial's intermediate values of these metrics (a job that starts over).
    bool removeMetricReports(qint64 trialId, const QStringList &metrics);
    /// RUNNING trials with a job whose heartbeat is older than their grace period: their
    /// worker died elsewhere; their jobs may still run (adoptTrial).
    std::optional<QList<InterruptedTrial>> findStaleJobTrials(qint64 studyId);
    /// RUNNING trials whose worker process is gone (same host, pid not alive), and trials with
    /// a job that their runner let go (releaseTrial). Only reads.
    /// Children their programs forked may still run; stopping those is the caller's
    /// (TrialProcess::killOrphanedGroup), before markInterruptedTrials: a caller killed in
    /// between finds them again next time.
    std::optional<QList<InterruptedTrial>> findInterruptedTrials(qint64 studyId);
    /// Marks the trials FAILED with reason "interrupted", those still RUNNING (one finished
    /// meanwhile keeps its outcome); returns how many.
    std::optional<int> markInterruptedTrials(const QList<InterruptedTrial> &trials);

    // Heartbeats (times on the database's clock, so that hosts' clocks need not agree)
    /// One beat of this process on the study: its worker row and the heartbeats of its RUNNING
    /// trials, in one transaction. Returns the given trials that are no longer RUNNING under
    /// this worker: another worker declared them interrupted, or adopted their job, so they are
    /// no longer this process's to finish.
    std::optional<QList<qint64>> beat(qint64 studyId, const QList<qint64> &runningTrialIds, qint64 graceMs);
    /// Marks the study's RUNNING trials whose heartbeat is older than their grace period as
    /// interrupted, each exactly once whichever worker gets there first; returns those it
    /// marked. Their grid points are free again. Trials with a Slurm job are left to
    /// findStaleJobTrials: their jobs may well still run.
    std::optional<QList<InterruptedTrial>> markStaleTrials(qint64 studyId);
    /// Removes this process's worker row (a runner that is done).
    bool leaveStudy(qint64 studyId);
    /// Runners on the study whose heartbeat is within their grace period.
    std::optional<int> liveWorkers(qint64 studyId);

private:
    Storage();
    struct Private;
    std::unique_ptr<Private> d;
};

/// "host:pid" of this process, as stored in Trial::worker.
QString currentWorkerId();

} // namespace tunescope
