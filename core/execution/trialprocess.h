#pragma once

#include "execution/metricparser.h"

#include <QByteArray>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

namespace tunescope {

/// What to run for one trial and how.
struct TrialLaunch
{
    QStringList argv;                 ///< program and arguments, never through a shell
    QProcessEnvironment environment;  ///< full environment of the child; empty = inherit ours
    QString workingDirectory;         ///< where the program runs (the spec's folder)
    QString trialDirectory;           ///< created if missing; stdout.log / stderr.log go here
    int timeoutSeconds = 0;           ///< 0 = no limit
    int killGraceMs = 5000;           ///< SIGTERM, then SIGKILL after this
    QString metricRegex;              ///< custom metric pattern, empty = built-in formats
};

/// How a trial process ended.
struct TrialProcessResult
{
    enum class Outcome { Exited, Crashed, TimedOut, Stopped, FailedToStart };
    Outcome outcome = Outcome::Exited;
    int exitCode = 0;   ///< exit status, or the signal number when the process died of one
                        ///< (Crashed; Stopped/TimedOut usually 15 or 9); -1 for FailedToStart
    QString reason;     ///< human message: "exited with code 2", "killed by signal 11 (SIGSEGV)",
                        ///< "timed out after 10 s", "cannot start 'x': No such file or directory"
    bool succeeded() const { return outcome == Outcome::Exited && exitCode == 0; }
};

/// Runs one trial program as a child process in its own process group: writes its stdout and
/// stderr to log files as they arrive, parses metric reports from both streams, enforces the
/// timeout, and stops the whole process group with SIGTERM then SIGKILL.
class TrialProcess : public QObject
{
    Q_OBJECT

public:
    explicit TrialProcess(TrialLaunch launch, QObject *parent = nullptr);
    ~TrialProcess() override; ///< kills the process group if still running

    void start();
    /// Stops the trial (SIGTERM to its group, SIGKILL after the grace period). `reason` is
    /// reported in the result, whose outcome is Stopped.
    void stop(const QString &reason);
    bool isRunning() const;
    qint64 processId() const;

    /// The last bytes of combined output, bounded (for a live log view).
    QByteArray logTail() const { return mTail; }
    static constexpr qsizetype maxTailBytes = 64 * 1024;

    /// Kills what is left of an interrupted trial's process group (children it forked that
    /// outlived a killed Tunescope). Only when a member still carries TUNESCOPE_STUDY=study and
    /// TUNESCOPE_TRIAL=number, so a reused group id never hits a stranger. Returns how many
    /// such members were found (0 on systems without /proc).
    static int killOrphanedGroup(qint64 pgid, const QString &study, int number);

signals:
    /// The program runs; pid is also its process group id.
    void started(qint64 pid);
    void metricsReported(const QList<tunescope::MetricReport> &reports);
    void finished(const tunescope::TrialProcessResult &result);

private:
    void onReadyRead(QProcess::ProcessChannel channel);
    void handleOutput(QProcess::ProcessChannel channel, const QByteArray &data);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void onTimeout();
    void signalGroup(int sig);
    void appendTail(const QByteArray &data);
    void finish(const TrialProcessResult &result); ///< emits finished() once per start()

    TrialLaunch mLaunch;
    QProcess mProcess;
    QFile mStdoutLog;
    QFile mStderrLog;
    MetricParser mStdoutParser;
    MetricParser mStderrParser;
    QTimer mTimeoutTimer;
    QTimer mKillTimer;
    QByteArray mTail;
    qint64 mPid = 0;
    bool mStopping = false;
    bool mTimedOut = false;
    bool mDone = false;
    QString mStopReason;
};

} // namespace tunescope

Q_DECLARE_METATYPE(tunescope::TrialProcessResult)
