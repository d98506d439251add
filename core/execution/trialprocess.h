#pragma once

#include "execution/triallauncher.h"

#include <QByteArray>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

namespace tunescope {

/// Runs one trial program as a child process in its own process group: writes its stdout and
/// stderr to log files as they arrive, parses metric reports from both streams, enforces the
/// timeout, and stops the whole process group with SIGTERM then SIGKILL.
class TrialProcess : public TrialLauncher
{
    Q_OBJECT

public:
    explicit TrialProcess(TrialLaunch launch, QObject *parent = nullptr);
    ~TrialProcess() override; ///< kills the process group if still running

    void start() override;
    /// Stops the trial (SIGTERM to its group, SIGKILL after the grace period). `reason` is
    /// reported in the result, whose outcome is Stopped.
    void stop(const QString &reason) override;
    bool isRunning() const override;
    qint64 processId() const;
    QByteArray logTail() const override { return mTail; }
    TrialUsage reapedUsage() const override { return mReaped; }

    /// Kills what is left of an interrupted trial's process group (children it forked that
    /// outlived a killed Tunescope). Only when a member still carries TUNESCOPE_STUDY=study and
    /// TUNESCOPE_TRIAL=number, so a reused group id never hits a stranger. Returns how many
    /// such members were found (0 on systems without /proc).
    static int killOrphanedGroup(qint64 pgid, const QString &study, int number);

signals:
    /// The program runs; pid is also its process group id (identified() says it too).
    void started(qint64 pid);

private:
    void onReadyRead(QProcess::ProcessChannel channel);
    void handleOutput(QProcess::ProcessChannel channel, const QByteArray &data);
    /// Writes to stderr.log, which is created on its first byte (most trials write none).
    void writeStderrLog(const QByteArray &data);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void onTimeout();
    void signalGroup(int sig);
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
    TrialUsage mReaped; ///< cpuSeconds: the children's CPU the kernel added when it was reaped
    bool mStopping = false;
    bool mTimedOut = false;
    bool mDone = false;
    bool mStderrOpenFailed = false; ///< stderr.log could not be created on the first byte
    QString mStopReason;
};

} // namespace tunescope
