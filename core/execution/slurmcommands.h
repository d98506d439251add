#pragma once

// What Tunescope says to Slurm's commands and how it reads their answers: argument lists (never
// a shell line), the job script, squeue/sacct/sbatch output, and what a job's state means for
// its trial. Pure functions, tested without a cluster; SlurmClient and SlurmJob run them.

#include "execution/triallauncher.h"
#include "space/backendspec.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace tunescope {

/// A Slurm job's state as squeue (or sacct) reports it.
struct SlurmJobStatus
{
    QString id;      ///< "123", or "123_4" for a task of a job array
    QString state;   ///< PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, CANCELLED, ...
    QString reason;  ///< why it waits or ended: Priority, Resources, JobHeldUser, None, ...
    std::optional<int> waitStatus; ///< the job script's wait status (exit code << 8 | signal)
    int restarts = 0;              ///< times the job was requeued
    QString stepsId;               ///< the id sstat knows the job by: an array task has its own
                                   ///< ("124" for task 3 of array 120), squeue's JobID
    QString comment;               ///< the submission's token (--comment)
};

/// The Slurm job of one trial run, as stored with the trial (Trial::job): its id once sbatch
/// answered; before that the token of its submission (sbatch --comment) and its task in the
/// submission's array, by which a restarted runner finds a job it submitted but never recorded.
struct SlurmJobRecord
{
    QString jobId;  ///< "123" or "123_4"; empty while only the submission is known
    QString token;  ///< the submission's --comment
    int task = 0;   ///< index in the submission's job array
    int repeat = 0; ///< which of the spec's repeats the job runs

    bool isSubmitted() const { return !jobId.isEmpty(); }
    /// "123_4", "123_4 repeat=1", "token=tunescope-0a1b2c3d4e5f/3".
    QString toString() const;
    static std::optional<SlurmJobRecord> parse(const QString &text);
};

/// What a job state means for the trial waiting on it.
enum class SlurmPhase {
    Queued,  ///< PENDING, REQUEUED, CONFIGURING, SUSPENDED, ...: not running now
    Running, ///< RUNNING, COMPLETING, ...: its program runs (or its end is being cleaned up)
    Ended    ///< a final state: COMPLETED, FAILED, TIMEOUT, CANCELLED, NODE_FAIL, ...
};
SlurmPhase slurmPhase(const QString &state);
/// What an ended job means for its trial (not for jobs Tunescope stopped itself).
TrialProcessResult slurmEndResult(const SlurmJobStatus &status);

/// Single-quoted for sh: every character stands for itself.
QString shellQuoted(const QString &text);
/// The text as one shell word: as it is when it needs no quotes, else shellQuoted.
QString shellWord(const QString &text);
/// A command line as a person would type it (for previews and messages, never run).
QString shellCommandLine(const QStringList &argv);

/// The study's sbatch options: --partition=..., --time=..., ..., then backend.extra.
QStringList sbatchSettingsArguments(const SlurmSettings &settings);
/// The job name every job of a study carries: "tunescope-<study>-<id>" (safe characters only).
QString slurmJobName(const QString &study, qint64 studyId);

/// The script one trial's job runs (it lives in the trial folder as job.sh): it sends the
/// program's output to stdout.log and stderr.log there, notes each start in job.start, exports
/// the variables Tunescope adds, runs the program with every argument single-quoted, and
/// writes its exit status to job.exit. nullopt with *error for a variable no shell can carry.
std::optional<QByteArray> slurmJobScript(const TrialLaunch &launch, const QString &title, QString *error);
/// The script of a job array: task i runs the i-th job script.
QByteArray slurmArrayScript(const QStringList &jobScripts);

/// squeue for every job (and array task) of the study, finished ones Slurm still knows included.
QStringList squeueArguments(const QString &jobName);
QList<SlurmJobStatus> parseSqueue(const QByteArray &output);
/// sacct for one job, when accounting is enabled.
QStringList sacctArguments(const QString &jobId);
std::optional<SlurmJobStatus> parseSacct(const QByteArray &output, const QString &jobId);
/// What sacct measured of a job: its allocation row's TotalCPU (user + system of every step)
/// and the largest MaxRSS of its steps (batch, extern, 0, ...). Figures sacct leaves empty stay
/// nullopt; a MaxRSS of 0 on every step (no jobacct_gather plugin) is "not measured", not zero.
struct SlurmJobUsage
{
    TrialUsage usage;   ///< cpuSeconds, maxRssMb
    bool ended = false; ///< the allocation row's state is final (a running job's figures grow)
};
/// sacct for the usage of several ended jobs at once ("123,124_3"): one row per allocation and
/// per step, --parsable2.
QStringList sacctUsageArguments(const QStringList &jobIds);
/// sacct's rows by job id ("123", "124_3"); jobs without an allocation row are missing.
QHash<QString, SlurmJobUsage> parseSacctUsage(const QByteArray &output);
/// sstat for the batch steps of running jobs at once, by their steps ids ("124.batch,125.batch"):
/// the CPU they used so far (AveCPU: a batch step runs one task) and their resident memory at
/// the last gather (AveRSS). Needs a jobacct_gather plugin, not accounting storage.
QStringList sstatArguments(const QStringList &stepsIds);
/// What sstat measured of a running batch step.
struct SlurmLiveUsage
{
    double cpuSeconds = 0.0;
    std::optional<double> rssMb;    ///< now (AveRSS of its one task)
};
/// sstat's rows by steps id ("124"), from "124.batch" rows; rows without a CPU figure are left out.
QHash<QString, SlurmLiveUsage> parseSstat(const QByteArray &output);
/// A running job's CPU % from sstat's cumulative CPU seconds. sstat counts whole seconds, so
/// the share is taken over the last ten seconds or more (from the newest sample at least that
/// old, or the run's start), never between two polls a second apart (which read 0 % and 200 %
/// by turns for a busy loop).
class SlurmCpuWindow
{
public:
    static constexpr double kWindowSeconds = 10.0;
    static constexpr double kMinSpanSeconds = 3.0; ///< before this, no figure: whole seconds of a
                                                   ///< shorter span say too little
    /// The share at `seconds` since the run began with `cpuSeconds` used; nullopt this early.
    std::optional<double> percent(double seconds, double cpuSeconds);
    /// The run began again (a requeue): its CPU counts from nothing.
    void reset() { mMarks.clear(); }

private:
    struct Mark
    {
        double seconds = 0.0;
        double cpuSeconds = 0.0;
    };
    QList<Mark> mMarks;
};
/// A Slurm duration in seconds: "MM:SS", "MM:SS.mmm", "HH:MM:SS", "D-HH:MM:SS(.mmm)", "D-HH",
/// "D-HH:MM"; nullopt for anything else ("", "INVALID", "UNLIMITED").
std::optional<double> parseSlurmDuration(const QString &text);
/// A Slurm size in MiB: "123456K", "12M", "1.5G", "2T"; a bare number is bytes. nullopt for
/// anything else.
std::optional<double> parseSlurmSizeMb(const QString &text);

/// The job id sbatch --parsable printed ("123" or "123;cluster").
std::optional<QString> parseSbatchId(const QByteArray &output);

/// A start of a job as its script notes it in the trial folder's job.start, one line per start
/// ("123_4 0 node1": job, SLURM_RESTART_COUNT, node).
struct SlurmJobStart
{
    QString jobId;
    int restarts = 0;
    QString node;
};
/// The last start noted in a job.start file's contents; nullopt when there is none.
std::optional<SlurmJobStart> parseJobStart(const QByteArray &contents);

/// The useful part of a Slurm command's error output: its last message without the
/// "sbatch: error: " and "Batch job submission failed: " prefixes.
QString slurmErrorMessage(const QByteArray &errorOutput);
/// Whether an error says Slurm could not be reached or is busy (try again later) rather than
/// that it refuses what was asked.
bool isTransientSlurmError(const QString &message);
/// The study-file key an sbatch refusal is about ("backend.partition" for "Invalid partition
/// name specified"), or "backend".
QString slurmRefusalKey(const QString &message);

} // namespace tunescope
