#include "execution/trialprocess.h"

#include "execution/reapedchildren.h"
#include "execution/trialfiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMetaObject>

#include <algorithm>
#include <limits>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <signal.h>
#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace tunescope {

namespace {
// Unbuffered: every chunk goes to the file as it arrives, so `tail -f` and a crash of
// Tunescope itself still see everything the trial printed.
constexpr auto logOpenMode = QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered;
} // namespace

TrialProcess::TrialProcess(TrialLaunch launch, QObject *parent)
    : TrialLauncher(parent)
    , mLaunch(std::move(launch))
    // Parented members move with us if the owner runs trials in a worker thread.
    , mProcess(this)
    , mStdoutLog(this)
    , mStderrLog(this)
    , mTimeoutTimer(this)
    , mKillTimer(this)
{
    // Needed when the signals cross threads (queued connections).
    qRegisterMetaType<tunescope::TrialProcessResult>();
    qRegisterMetaType<QList<tunescope::MetricReport>>();

    mTimeoutTimer.setSingleShot(true);
    mKillTimer.setSingleShot(true);
    connect(&mTimeoutTimer, &QTimer::timeout, this, &TrialProcess::onTimeout);
    connect(&mKillTimer, &QTimer::timeout, this, [this] { signalGroup(SIGKILL); });

    connect(&mProcess, &QProcess::readyReadStandardOutput, this,
            [this] { onReadyRead(QProcess::StandardOutput); });
    connect(&mProcess, &QProcess::readyReadStandardError, this,
            [this] { onReadyRead(QProcess::StandardError); });
    connect(&mProcess, &QProcess::finished, this, &TrialProcess::onFinished);
    connect(&mProcess, &QProcess::errorOccurred, this, &TrialProcess::onErrorOccurred);
    connect(&mProcess, &QProcess::started, this, [this] {
        mPid = mProcess.processId();
        if (mStopping) // stop() came while the process was still starting
            signalGroup(SIGTERM);
        else {
            emit started(mPid);
            emit identified(QString::number(mPid));
        }
    });

    // Its own process group, so that stopping the trial also stops what it spawned
    // (data loader workers, torchrun ranks, a shell's children). Runs in the child
    // between fork and exec: only async-signal-safe calls here.
    //
    // PR_SET_PDEATHSIG: when Tunescope itself dies (SIGKILL, OOM killer, a crash) the kernel
    // kills the trial too, so that no trial keeps running unobserved and a restarted run does
    // not race a ghost for the GPU. It fires when the forking *thread* exits, which is the
    // thread that owns this object for as long as the trial runs. Children the trial forked
    // do not inherit it; the restarted run stops them through the stored process group
    // (killOrphanedGroup). The getppid() check closes the window where the parent died before
    // prctl() took effect.
    const pid_t runner = ::getpid();
    mProcess.setChildProcessModifier([runner] {
        ::setpgid(0, 0);
#ifdef Q_OS_LINUX
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != runner)
            ::_exit(127);
#endif
    });
}

TrialProcess::~TrialProcess()
{
    // No signals from a half-destroyed object: the owner is tearing us down.
    disconnect(&mProcess, nullptr, this, nullptr);
    if (mProcess.state() != QProcess::NotRunning) {
        signalGroup(SIGKILL);
        mProcess.waitForFinished(2000);
    }
}

void TrialProcess::start()
{
    if (mProcess.state() != QProcess::NotRunning)
        return;

    mStdoutParser = MetricParser();
    mStderrParser = MetricParser();
    mTail.clear();
    mPid = 0;
    mStopping = false;
    mTimedOut = false;
    mDone = false;
    mStopReason.clear();
    mStderrOpenFailed = false;

    const QString program = mLaunch.argv.value(0);
    auto failLater = [this, program](const QString &why) {
        // Asynchronous like QProcess's own start failure, so that a caller never sees
        // finished() from inside start().
        QMetaObject::invokeMethod(this, [this, program, why] {
            finish({TrialProcessResult::Outcome::FailedToStart, -1,
                    QStringLiteral("cannot start '%1': %2").arg(program, why)});
        }, Qt::QueuedConnection);
    };

    if (program.isEmpty()) {
        failLater(QStringLiteral("no program given"));
        return;
    }
    if (!mLaunch.metricRegex.isEmpty()) {
        QString error;
        if (!mStdoutParser.setCustomRegex(mLaunch.metricRegex, &error)
            || !mStderrParser.setCustomRegex(mLaunch.metricRegex, &error)) {
            failLater(error);
            return;
        }
    }
    if (!mLaunch.trialDirectory.isEmpty()) {
        const QDir dir(mLaunch.trialDirectory);
        // One mkdir where the runs folder exists (Qt's mkpath tries every parent first).
        if (!QDir().mkdir(mLaunch.trialDirectory) && !dir.mkpath(QStringLiteral("."))) {
            failLater(QStringLiteral("cannot create trial directory '%1'").arg(mLaunch.trialDirectory));
            return;
        }
        mStdoutLog.setFileName(dir.filePath(QLatin1String(trialfiles::stdoutLog)));
        mStderrLog.setFileName(dir.filePath(QLatin1String(trialfiles::stderrLog)));
        if (!mStdoutLog.open(logOpenMode)) {
            failLater(QStringLiteral("cannot write '%1': %2").arg(mStdoutLog.fileName(), mStdoutLog.errorString()));
            return;
        }
        // stderr.log is created by the first byte on stderr (handleOutput): most trials print
        // nothing there, and an inode less per trial is a fifth of the runner's own CPU on ext4.
        // A previous run's file in a reused folder must not pass for this run's.
        if (mStderrLog.exists() && !mStderrLog.remove()) {
            const QString why = QStringLiteral("cannot write '%1': %2").arg(mStderrLog.fileName(), mStderrLog.errorString());
            mStdoutLog.close();
            failLater(why);
            return;
        }
    }

    // An unset environment means "inherit", not "run with no PATH and no HOME".
    QProcessEnvironment env = mLaunch.environment;
    if (env.isEmpty())
        env = QProcessEnvironment::systemEnvironment();
    mProcess.setProcessEnvironment(env);
    mProcess.setWorkingDirectory(mLaunch.workingDirectory);
    mProcess.setProcessChannelMode(QProcess::SeparateChannels);
    // A trial that reads stdin gets EOF instead of hanging forever.
    mProcess.setStandardInputFile(QProcess::nullDevice());
    mProcess.setProgram(program);
    mProcess.setArguments(mLaunch.argv.mid(1));
    // Children reaped since the last trial ended (none of them a trial: each takes its own
    // when it ends) are not this trial's.
    ReapedChildren::takeCpuSeconds();
    mReaped = TrialUsage();
    mProcess.start();

    if (mLaunch.timeoutSeconds > 0)
        mTimeoutTimer.start(std::chrono::seconds(mLaunch.timeoutSeconds));
}

void TrialProcess::stop(const QString &reason)
{
    if (mDone || mStopping || mProcess.state() == QProcess::NotRunning)
        return;
    mStopping = true;
    mStopReason = reason.isEmpty() ? QStringLiteral("stopped") : reason;
    mTimeoutTimer.stop();
    if (mProcess.state() == QProcess::Running)
        signalGroup(SIGTERM); // else the started handler sends it
    mKillTimer.start(std::max(0, mLaunch.killGraceMs));
}

bool TrialProcess::isRunning() const
{
    return mProcess.state() != QProcess::NotRunning;
}

qint64 TrialProcess::processId() const
{
    return mPid > 0 ? mPid : mProcess.processId();
}

void TrialProcess::onReadyRead(QProcess::ProcessChannel channel)
{
    const bool isOut = channel == QProcess::StandardOutput;
    const QByteArray data = isOut ? mProcess.readAllStandardOutput() : mProcess.readAllStandardError();
    handleOutput(channel, data);
}

void TrialProcess::handleOutput(QProcess::ProcessChannel channel, const QByteArray &data)
{
    if (data.isEmpty())
        return;
    const bool isOut = channel == QProcess::StandardOutput;
    if (isOut) {
        if (mStdoutLog.isOpen())
            mStdoutLog.write(data);
    } else {
        writeStderrLog(data);
    }
    appendTail(mTail, data);
    MetricParser &parser = isOut ? mStdoutParser : mStderrParser;
    const QList<MetricReport> reports = parser.feed(data);
    if (!reports.isEmpty())
        emit metricsReported(reports);
    writeStderrLog(declareArtifacts(parser, mLaunch.trialDirectory, mTail));
}

void TrialProcess::writeStderrLog(const QByteArray &data)
{
    if (data.isEmpty())
        return;
    if (!mStderrLog.isOpen() && !mStderrLog.fileName().isEmpty() && !mStderrOpenFailed) {
        // Opened on the first byte (see start()); a folder that stopped taking files keeps the
        // output in the tail and the parser, and says so there once.
        if (!mStderrLog.open(logOpenMode)) {
            mStderrOpenFailed = true;
            appendTail(mTail, QStringLiteral("[tunescope: cannot write '%1': %2]\n")
                                  .arg(mStderrLog.fileName(), mStderrLog.errorString()).toUtf8());
        }
    }
    if (mStderrLog.isOpen())
        mStderrLog.write(data);
}

void TrialProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    // QProcess reaped the program just now: the growth of this process's children's CPU is
    // its final figure (ReapedChildren), before anything else here can reap another child.
    mReaped.cpuSeconds = ReapedChildren::takeCpuSeconds();
    // Drain what is still buffered so the last lines count, then flush the parsers for a last
    // line without a newline.
    handleOutput(QProcess::StandardOutput, mProcess.readAllStandardOutput());
    handleOutput(QProcess::StandardError, mProcess.readAllStandardError());
    QList<MetricReport> last = mStdoutParser.finish();
    last += mStderrParser.finish();
    if (!last.isEmpty())
        emit metricsReported(last);
    writeStderrLog(declareArtifacts(mStdoutParser, mLaunch.trialDirectory, mTail));
    writeStderrLog(declareArtifacts(mStderrParser, mLaunch.trialDirectory, mTail));

    // The main process is gone but its children may not be: nothing outlives the trial. The
    // group id stays reserved while any member lives, so this cannot hit a stranger.
    if (mPid > 0)
        ::kill(-pid_t(mPid), SIGKILL);

    TrialProcessResult result;
    result.exitCode = exitCode; // the signal number for a CrashExit (Qt 6 on Unix)
    if (mTimedOut) {
        result.outcome = TrialProcessResult::Outcome::TimedOut;
        result.reason = QStringLiteral("timed out after %1 s").arg(mLaunch.timeoutSeconds);
    } else if (mStopping) {
        result.outcome = TrialProcessResult::Outcome::Stopped;
        result.reason = mStopReason;
    } else if (status == QProcess::CrashExit) {
        result.outcome = TrialProcessResult::Outcome::Crashed;
        result.reason = signalDescription(exitCode);
    } else {
        result.outcome = TrialProcessResult::Outcome::Exited;
        if (exitCode != 0)
            result.reason = QStringLiteral("exited with code %1").arg(exitCode);
    }
    finish(result);
}

void TrialProcess::onErrorOccurred(QProcess::ProcessError error)
{
    // Only a failed start comes without finished(); crashes and read errors end in onFinished.
    if (error != QProcess::FailedToStart)
        return;
    QString why = mProcess.errorString();
    // Qt says "execvp: No such file or directory"; the user wants the second half.
    for (const char *prefix : {"execvp: ", "execve: ", "execv: "}) {
        if (why.startsWith(QLatin1String(prefix))) {
            why = why.mid(int(std::strlen(prefix)));
            break;
        }
    }
    finish({TrialProcessResult::Outcome::FailedToStart, -1,
            QStringLiteral("cannot start '%1': %2").arg(mLaunch.argv.value(0), why)});
}

void TrialProcess::onTimeout()
{
    if (mDone || mStopping || mProcess.state() == QProcess::NotRunning)
        return;
    mTimedOut = true;
    mStopping = true;
    signalGroup(SIGTERM);
    mKillTimer.start(std::max(0, mLaunch.killGraceMs));
}

void TrialProcess::signalGroup(int sig)
{
    const qint64 pid = mPid > 0 ? mPid : mProcess.processId();
    if (pid <= 0)
        return;
    // The group exists once the child ran setpgid(), which is before exec; fall back to the
    // process itself in the short window before that.
    if (::kill(-pid_t(pid), sig) != 0 && errno == ESRCH)
        ::kill(pid_t(pid), sig);
}

void TrialProcess::finish(const TrialProcessResult &result)
{
    if (mDone)
        return;
    mDone = true;
    mTimeoutTimer.stop();
    mKillTimer.stop();
    mStdoutLog.close();
    mStderrLog.close();
    emit finished(result);
}

int TrialProcess::killOrphanedGroup(qint64 pgid, const QString &study, int number)
{
#ifdef Q_OS_LINUX
    if (pgid <= 1 || pgid > std::numeric_limits<pid_t>::max())
        return 0;
    // A process group id is free for reuse once its last member is gone: only kill a group
    // whose members still carry the environment Tunescope gave this very trial.
    const QByteArray studyVar = "TUNESCOPE_STUDY=" + study.toUtf8();
    const QByteArray trialVar = "TUNESCOPE_TRIAL=" + QByteArray::number(number);
    int members = 0;
    QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        it.next();
        bool isPid = false;
        const qint64 pid = it.fileName().toLongLong(&isPid);
        if (!isPid || pid <= 0)
            continue;
        QFile stat(it.filePath() + QStringLiteral("/stat"));
        if (!stat.open(QIODevice::ReadOnly))
            continue; // gone meanwhile
        const QByteArray line = stat.readAll();
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
        const qsizetype close = line.lastIndexOf(')');
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (close < 0 || fields.size() < 3 || fields.at(2).toLongLong() != pgid)
            continue;
        QFile environ(it.filePath() + QStringLiteral("/environ"));
        if (!environ.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> vars = environ.readAll().split('\0');
        if (vars.contains(studyVar) && vars.contains(trialVar))
            ++members;
    }
    if (members > 0)
        ::kill(-pid_t(pgid), SIGKILL);
    return members;
#else
    Q_UNUSED(pgid);
    Q_UNUSED(study);
    Q_UNUSED(number);
    return 0;
#endif
}

} // namespace tunescope
