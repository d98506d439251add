#pragma once

#include "common/trialusage.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace tunescope {

/// Which way an objective is better.
enum class Goal { Minimize, Maximize };

/// Lifecycle of one trial, as stored and shown.
enum class TrialState { Waiting, Running, Complete, Pruned, Failed };

QString trialStateName(TrialState state);                    ///< "COMPLETE" ...
std::optional<TrialState> trialStateFromName(const QString &name); ///< case-insensitive

inline bool isFinished(TrialState s)
{
    return s == TrialState::Complete || s == TrialState::Pruned || s == TrialState::Failed;
}

/// One reported value of one metric at one step.
struct MetricPoint
{
    qint64 step = 0;
    double value = 0.0;
    bool operator==(const MetricPoint &) const = default;
};

/// Every value a trial reported, per metric name, in report order.
using MetricSeries = QHash<QString, QList<MetricPoint>>;

/// One evaluation of the objective: parameters, outcome and what it reported on the way.
struct Trial
{
    qint64 id = -1;        ///< storage row id
    int number = -1;       ///< 0-based number within its study
    TrialState state = TrialState::Waiting;
    QVariantMap params;    ///< name -> double | qlonglong | QString | bool
    std::optional<double> value; ///< objective (mean over repeats; the first objective if several)
    std::optional<double> valueStd; ///< standard deviation of the objective over repeats
    QList<double> values;  ///< multi-objective: one value per metric of the study
    QDateTime started;
    QDateTime finished;
    std::optional<int> exitCode;
    QString reason;        ///< why it failed or was pruned; empty otherwise
    QString gpu;           ///< CUDA_VISIBLE_DEVICES it ran with; empty on CPU
    QString worker;        ///< host:pid of the process that ran it
    std::optional<qint64> gridIndex; ///< the grid point it holds (grid methods; none once interrupted)
    /// RUNNING, but its worker's heartbeat is older than the grace period: the worker is
    /// presumably dead, and the first worker to notice marks the trial interrupted.
    bool stale = false;
    /// The Slurm job that runs it (SlurmJobRecord's text: "123_4"); empty for local trials.
    QString job;
    /// Non-empty while its job waits in the scheduler's queue: Slurm's reason (Priority,
    /// Resources, JobHeldUser) or Tunescope's own ("submitting").
    QString queueReason;
    MetricSeries intermediate;
    /// What another tool stored with the trial, as JSON values by group: an Optuna trial's
    /// {"user_attrs": {...}, "system_attrs": {...}} (groups without any left out). Shown in
    /// the trial's details and exported; empty for trials Tunescope ran.
    QVariantMap attributes;
    /// How the trial came to be: empty when a sampler chose it, else one of the trialOrigin*
    /// names (enqueued by hand, a retry, a warm start's best-first configuration).
    QString origin;
    /// WAITING for a runner to claim it (enqueued or a retry); a WAITING trial of `ask` is not.
    bool queued = false;
    std::optional<int> retryOf; ///< the number of the trial this one re-runs
    std::optional<int> retriedAs; ///< the number of the trial that re-runs this one (read, not stored)
    /// Enqueued with values outside the search space (allowed explicitly): shown and exported,
    /// but never given to a sampler, whose model lives inside the space.
    bool outOfSpace = false;
    QString note; ///< Markdown, written by the user
    /// A warm start's prior observation: "DB#study" of the study it comes from; empty for the
    /// study's own trials. Such trials feed the sampler but are never stored or counted.
    QString source;
    /// What it consumed (CPU, memory, GPU, wall time waiting and running), as measured.
    TrialUsage usage;

    double durationSeconds() const
    {
        if (!started.isValid())
            return 0.0;
        const QDateTime end = finished.isValid() ? finished : QDateTime::currentDateTimeUtc();
        return started.msecsTo(end) / 1000.0;
    }
};

} // namespace tunescope

namespace tunescope {

/// Reason stored on trials that were cut short by the app going away, not by their own fault.
inline const QString interruptedReason = QStringLiteral("interrupted");

/// A trial that never got to finish because Tunescope stopped (killed, Ctrl-C): it does not
/// count towards the budget and its grid point is run again when the study resumes.
inline bool isInterrupted(const Trial &t)
{
    return t.state == TrialState::Failed && t.reason.startsWith(interruptedReason);
}

/// A claimed trial whose job still waits in a scheduler's queue (Slurm's PENDING): RUNNING as
/// far as budgets, claims and heartbeats go, but not running yet.
inline bool isQueued(const Trial &t)
{
    return t.state == TrialState::Running && !t.queueReason.isEmpty();
}

/// The best complete trial by goal, or nullptr: the one definition every view, report and
/// the command line use. Trials without a value or with a NaN value never count.
const Trial *bestTrial(const QList<Trial> &trials, Goal goal);

inline const QString trialOriginEnqueued = QStringLiteral("enqueued");
inline const QString trialOriginRetry = QStringLiteral("retry");
inline const QString trialOriginBestFirst = QStringLiteral("best_first");

/// Whether the trial counts towards the study's budget: not interrupted (it evaluated nothing)
/// and not re-run by a retry (its retry counts instead). Storage's claim counts the same.
inline bool countsTowardsBudget(const Trial &t)
{
    return !isInterrupted(t) && !t.retriedAs;
}

/// Sets each trial's retriedAs from the others' retryOf.
void linkRetries(QList<Trial> &trials);

} // namespace tunescope
