#pragma once

#include "common/trialusage.h"

#include "execution/metricparser.h"

#include <QByteArray>
#include <QDateTime>
#include <QIODevice>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace tunescope {

/// What to run for one trial and how.
struct TrialLaunch
{
    QStringList argv;                 ///< program and arguments, never through a shell
    QProcessEnvironment environment;  ///< local: the child's full environment (empty = inherit
                                      ///< ours); Slurm: only what Tunescope adds to the job's
    QString workingDirectory;         ///< where the program runs (the spec's folder)
    QString trialDirectory;           ///< created if missing; stdout.log (and stderr.log once stderr has a byte) go here
    int timeoutSeconds = 0;           ///< 0 = no limit (Slurm: counted from when the job runs)
    int killGraceMs = 5000;           ///< SIGTERM, then SIGKILL after this (Slurm: its KillWait)
    QString metricRegex;              ///< custom metric pattern, empty = built-in formats
};

/// How a trial's run ended.
struct TrialProcessResult
{
    enum class Outcome {
        Exited,        ///< the program ended by itself: exitCode says how
        Crashed,       ///< killed by a signal, or ended by its scheduler (a node failure, memory)
        TimedOut,      ///< the trial's timeout, or the Slurm job's time limit
        Stopped,       ///< stopped on request (prune, stop)
        FailedToStart, ///< never ran: no program, or a job the scheduler rejected
        Interrupted    ///< never ran through no fault of its own (a job that vanished from the
                       ///< queue): recorded as interrupted, so that it is run again
    };
    Outcome outcome = Outcome::Exited;
    int exitCode = 0;   ///< exit status, or the signal number when the process died of one
                        ///< (Crashed; Stopped/TimedOut usually 15 or 9); -1 for FailedToStart
    QString reason;     ///< human message: "exited with code 2", "killed by signal 11 (SIGSEGV)",
                        ///< "timed out after 10 s", "cannot start 'x': No such file or directory"
    bool succeeded() const { return outcome == Outcome::Exited && exitCode == 0; }
};

/// "killed by signal 11 (SIGSEGV)".
QString signalDescription(int sig);

/// One run of a trial's program, started and followed for a StudyRunner: a process on this
/// machine (TrialProcess) or a Slurm job (SlurmJob). Either way it turns what the program prints
/// into metric reports, keeps a bounded tail of its output, stops it with SIGTERM first, and
/// ends with exactly one finished() per start() — unless it is detached.
class TrialLauncher : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void start() = 0;
    /// Stops the run (SIGTERM, then SIGKILL after a grace period); the result's outcome is
    /// Stopped with this reason.
    virtual void stop(const QString &reason) = 0;
    /// Lets go of a run that carries on without this process (a Slurm job), so that a later
    /// runner re-attaches to it through what identified() said; no finished() follows. False,
    /// and nothing changes, for a run that cannot outlive its runner (a local process).
    virtual bool detach() { return false; }
    virtual bool isRunning() const = 0;
    /// The last bytes of combined output, bounded (for a live log view).
    virtual QByteArray logTail() const = 0;
    /// When the program began, if the launcher knows better than "when queued() said it runs"
    /// (a Slurm job's script notes its start); invalid otherwise.
    virtual QDateTime runningSince() const { return {}; }
    /// Once finished(): what the kernel counted for the program when it was reaped
    /// (cpuSeconds, maxRssMb of the program and the descendants it waited for; see
    /// ProgramWaiter); for a Slurm job what sacct counted (cpuSeconds, maxRssMb); empty when
    /// unknown (no Slurm accounting, a program killed with its waiter).
    virtual TrialUsage reapedUsage() const { return {}; }

    static constexpr qsizetype maxTailBytes = 64 * 1024;

signals:
    /// What identifies the run, to be stored with the trial: the process group of a local
    /// program, or the Slurm job (SlurmJobRecord's text). May change (a job id follows its
    /// submission's token).
    void identified(const QString &id);
    /// The run waits in a scheduler's queue for `reason` (Slurm's: Priority, Resources, ...);
    /// an empty reason: it runs now.
    void queued(const QString &reason);
    void metricsReported(const QList<tunescope::MetricReport> &reports);
    /// The trial declared a file with `artifact=PATH`: its path relative to the trial folder,
    /// already confined to it (confineArtifact). Refused paths never reach this signal.
    void artifactDeclared(const QString &relativePath);
    /// The run began again from the start (a requeued Slurm job): what it reported before no
    /// longer counts.
    void restarted();
    void finished(const tunescope::TrialProcessResult &result);

protected:
    /// Appends to a bounded tail, dropping the oldest bytes.
    static void appendTail(QByteArray &tail, const QByteArray &data);
    /// Hands on the artifacts the parser collected: those inside trialFolder as
    /// artifactDeclared(); for each refused one a line in the tail says why. Returns those
    /// lines, for the caller's log (a Slurm job's log files belong to the job: none there).
    QByteArray declareArtifacts(MetricParser &parser, const QString &trialFolder, QByteArray &tail);
};

} // namespace tunescope

Q_DECLARE_METATYPE(tunescope::TrialProcessResult)
