#pragma once

#include "common/trial.h"

#include <QList>
#include <QString>
#include <QVariantMap>

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
    std::optional<double> best;
};

/// A RUNNING trial whose worker process is gone, as Storage::findInterruptedTrials found it.
struct InterruptedTrial
{
    qint64 id = -1;
    int number = 0;
    std::optional<qint64> processGroup; ///< of its program, when one was recorded (setTrialProcessGroup)
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
    static std::unique_ptr<Storage> open(const QString &location, QString *error);

    /// Where the database is, as it may be shown: an absolute path, or the URL without its
    /// password (redactedLocation). The password stays inside the connection.
    QString location() const;
    QString lastError() const;
    /// 2: trials.pgid (process group of a running trial, to stop what a killed run left).
    static constexpr int schemaVersion = 3;

    // Studies
    std::optional<StudyRecord> createStudy(const StudyRecord &study); ///< fails if the name exists
    std::optional<StudyRecord> findStudy(const QString &name);
    QList<StudySummary> studySummaries();

    // Trials
    /// Atomically takes the next trial number of the study and stores a RUNNING trial with
    /// these params, start time now, worker host:pid. Safe with several processes. With a
    /// budget, refuses (budgetReached() true) when the study already counts that many trials
    /// (interrupted ones do not count), checked in the same transaction.
    std::optional<Trial> startTrial(qint64 studyId, const QVariantMap &params, const QString &gpu = {},
                                    int budget = std::numeric_limits<int>::max());
    bool budgetReached() const;
    /// Inserts a WAITING trial (ask without running) — same numbering as startTrial.
    std::optional<Trial> createWaitingTrial(qint64 studyId, const QVariantMap &params);
    /// Appends intermediate values (one transaction for the batch).
    bool addMetricReports(qint64 trialId, const QList<QPair<QString, MetricPoint>> &reports);
    /// Final state, objective, exit code and reason; sets the finish time. With repeats, the
    /// standard deviation of the objective; in a multi-objective study, every objective.
    bool finishTrial(qint64 trialId, TrialState state, std::optional<double> value,
                     std::optional<int> exitCode, const QString &reason,
                     std::optional<double> valueStd = std::nullopt, const QList<double> &values = {});
    /// All trials of a study ordered by number; intermediate values when asked.
    std::optional<QList<Trial>> trials(qint64 studyId, bool withIntermediate = false);
    std::optional<Trial> trial(qint64 studyId, int number, bool withIntermediate = false);
    /// Records the process group of a started trial program, so that a run restarted after a
    /// crash can stop the children it left behind.
    bool setTrialProcessGroup(qint64 trialId, qint64 pgid);
    /// RUNNING trials whose worker process is gone (same host, pid not alive). Only reads.
    /// Children their programs forked may still run; stopping those is the caller's
    /// (TrialProcess::killOrphanedGroup), before markInterruptedTrials: a caller killed in
    /// between finds them again next time.
    std::optional<QList<InterruptedTrial>> findInterruptedTrials(qint64 studyId);
    /// Marks the trials FAILED with reason "interrupted", those still RUNNING (one finished
    /// meanwhile keeps its outcome); returns how many.
    std::optional<int> markInterruptedTrials(const QList<InterruptedTrial> &trials);

private:
    Storage();
    struct Private;
    std::unique_ptr<Private> d;
};

/// "host:pid" of this process, as stored in Trial::worker.
QString currentWorkerId();

} // namespace tunescope
