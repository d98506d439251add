#include "execution/trialprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace tunescope;
using Outcome = TrialProcessResult::Outcome;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Alive means running: a zombie waiting for init to reap it is dead for our purposes.
bool isAlive(qint64 pid)
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.isEmpty())
        return false;
    const qsizetype paren = stat.lastIndexOf(')');
    return paren > 0 && paren + 2 < stat.size() && stat.at(paren + 2) != 'Z';
}

/// Collects everything one TrialProcess reports.
struct Run
{
    explicit Run(TrialLaunch launch)
        : process(std::move(launch))
        , metrics(&process, &TrialProcess::metricsReported)
        , finished(&process, &TrialProcess::finished)
    {
        QObject::connect(&process, &TrialProcess::metricsReported, &process,
                         [this](const QList<MetricReport> &reports) {
                             if (finished.count() > 0)
                                 reportedAfterFinish = true;
                             all += reports;
                         });
    }

    TrialProcessResult result() const { return finished.at(0).at(0).value<TrialProcessResult>(); }

    QString describe() const
    {
        QStringList parts;
        for (const MetricReport &r : all)
            parts << QStringLiteral("%1=%2@%3").arg(r.name, QString::number(r.value)).arg(r.step);
        return parts.join(u' ');
    }

    TrialProcess process;
    QSignalSpy metrics;
    QSignalSpy finished;
    QList<MetricReport> all;
    bool reportedAfterFinish = false;
};

} // namespace

/// Real child processes through TrialProcess: logs, metrics, exits, signals, process groups.
class TestTrialProcess : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void successWithMetricsFromBothStreams();
    void exitCodes_data();
    void exitCodes();
    void crash_data();
    void crash();
    void timeout();
    void stopTerminates();
    void stopEscalatesToKill();
    void grandchildDiesWithTrial();
    void stopKillsGrandchild();
    void destructorKillsGroup();
    void logsWrittenWhileRunning();
    void stderrLogOnlyWhenWritten();
    void flood();
    void failedToStart_data();
    void failedToStart();
    void environment();
    void workingDirectory();
    void argumentsAreNotShellWords();
    void customRegex();
    void stdinIsEmpty();
    void workerThread();

private:
    TrialLaunch shell(const QString &script) const
    {
        TrialLaunch launch;
        launch.argv = {QStringLiteral("/bin/sh"), QStringLiteral("-c"), script};
        launch.environment = QProcessEnvironment::systemEnvironment();
        launch.workingDirectory = mDir->path();
        launch.trialDirectory = mDir->filePath(QStringLiteral("trial"));
        return launch;
    }
    QString trialFile(const QString &name) const { return mDir->filePath(QStringLiteral("trial/") + name); }

    std::unique_ptr<QTemporaryDir> mDir;
};

void TestTrialProcess::init()
{
    mDir = std::make_unique<QTemporaryDir>();
    QVERIFY(mDir->isValid());
}

void TestTrialProcess::successWithMetricsFromBothStreams()
{
    Run run(shell(QStringLiteral(
        "echo 'epoch=1 loss=0.5'; echo 'acc: 0.7' >&2; sleep 0.05; echo 'epoch=2 loss=0.25';"
        "echo 'log line' >&2; echo '{\"acc\": 0.8}' >&2; printf 'final=1'")));
    run.process.start();
    QVERIFY(run.process.isRunning());
    QVERIFY(run.process.processId() > 0);
    QTRY_COMPARE(run.finished.count(), 1);
    const TrialProcessResult result = run.result();
    QCOMPARE(result.outcome, Outcome::Exited);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.succeeded());
    QCOMPARE(result.reason, QString());
    QVERIFY(!run.process.isRunning());
    QVERIFY(!run.reportedAfterFinish);

    // The two streams are parsed separately, so only the order within a stream is fixed.
    QStringList got = run.describe().split(u' ');
    QStringList stdoutReports, stderrReports;
    for (const QString &r : got)
        (r.startsWith(u"acc") ? stderrReports : stdoutReports) << r;
    QCOMPARE(stdoutReports.join(u' '),
             QStringLiteral("epoch=1@1 loss=0.5@1 epoch=2@2 loss=0.25@2 final=1@0"));
    QCOMPARE(stderrReports.join(u' '), QStringLiteral("acc=0.7@0 acc=0.8@1"));

    QCOMPARE(readFile(trialFile("stdout.log")), QByteArray("epoch=1 loss=0.5\nepoch=2 loss=0.25\nfinal=1"));
    QCOMPARE(readFile(trialFile("stderr.log")), QByteArray("acc: 0.7\nlog line\n{\"acc\": 0.8}\n"));
    QVERIFY(run.process.logTail().contains("final=1"));
    QVERIFY(run.process.logTail().contains("log line"));

    QTest::qWait(100);
    QCOMPARE(run.finished.count(), 1); // exactly once
}

void TestTrialProcess::exitCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("2") << 2 << "exited with code 2";
    QTest::newRow("1") << 1 << "exited with code 1";
    QTest::newRow("255") << 255 << "exited with code 255";
}

void TestTrialProcess::exitCodes()
{
    QFETCH(int, code);
    QFETCH(QString, reason);
    Run run(shell(QStringLiteral("echo loss=1; exit %1").arg(code)));
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QCOMPARE(run.result().outcome, Outcome::Exited);
    QCOMPARE(run.result().exitCode, code);
    QCOMPARE(run.result().reason, reason);
    QVERIFY(!run.result().succeeded());
    QCOMPARE(run.describe(), QStringLiteral("loss=1@0")); // reports before a failure are kept
}

void TestTrialProcess::crash_data()
{
    QTest::addColumn<QString>("signalName");
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGSEGV") << "SEGV" << 11;
    QTest::newRow("SIGABRT") << "ABRT" << 6;
    QTest::newRow("SIGKILL") << "KILL" << 9;
}

void TestTrialProcess::crash()
{
    QFETCH(QString, signalName);
    QFETCH(int, signalNumber);
    // The shell signals itself: the trial process dies of the signal, as a crashing program does.
    Run run(shell(QStringLiteral("ulimit -c 0; echo loss=3; kill -%1 $$").arg(signalName)));
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QCOMPARE(run.result().outcome, Outcome::Crashed);
    QCOMPARE(run.result().exitCode, signalNumber);
    QCOMPARE(run.result().reason,
             QStringLiteral("killed by signal %1 (SIG%2)").arg(signalNumber).arg(signalName));
    QCOMPARE(run.describe(), QStringLiteral("loss=3@0"));
}

void TestTrialProcess::timeout()
{
    TrialLaunch launch = shell(QStringLiteral("echo loss=1; sleep 30"));
    launch.timeoutSeconds = 1;
    Run run(launch);
    QElapsedTimer clock;
    clock.start();
    run.process.start();
    QTRY_COMPARE_WITH_TIMEOUT(run.finished.count(), 1, 10000);
    const qint64 ms = clock.elapsed();
    QVERIFY2(ms >= 900 && ms < 5000, qPrintable(QString::number(ms)));
    QCOMPARE(run.result().outcome, Outcome::TimedOut);
    QCOMPARE(run.result().reason, QStringLiteral("timed out after 1 s"));
    QVERIFY(!run.result().succeeded());
    QCOMPARE(run.describe(), QStringLiteral("loss=1@0"));
}

void TestTrialProcess::stopTerminates()
{
    Run run(shell(QStringLiteral("echo ready; sleep 30")));
    run.process.start();
    QTRY_VERIFY(run.process.logTail().contains("ready"));
    QElapsedTimer clock;
    clock.start();
    run.process.stop(QStringLiteral("pruned at step 3"));
    run.process.stop(QStringLiteral("second stop is ignored"));
    QTRY_COMPARE(run.finished.count(), 1);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(run.result().outcome, Outcome::Stopped);
    QCOMPARE(run.result().reason, QStringLiteral("pruned at step 3"));
    QCOMPARE(run.result().exitCode, 15); // SIGTERM
    run.process.stop(QStringLiteral("after the end")); // harmless
    QTest::qWait(50);
    QCOMPARE(run.finished.count(), 1);
}

void TestTrialProcess::stopEscalatesToKill()
{
    // SIG_IGN is inherited through fork and exec, so the shell and its sleep both ignore TERM.
    TrialLaunch launch = shell(QStringLiteral("trap '' TERM; echo ready; sleep 30"));
    launch.killGraceMs = 600;
    Run run(launch);
    run.process.start();
    QTRY_VERIFY(run.process.logTail().contains("ready"));
    QElapsedTimer clock;
    clock.start();
    run.process.stop(QStringLiteral("user stop"));
    QTRY_COMPARE_WITH_TIMEOUT(run.finished.count(), 1, 10000);
    const qint64 ms = clock.elapsed();
    QVERIFY2(ms >= 550 && ms < 3000, qPrintable(QString::number(ms)));
    QCOMPARE(run.result().outcome, Outcome::Stopped);
    QCOMPARE(run.result().reason, QStringLiteral("user stop"));
    QCOMPARE(run.result().exitCode, 9); // SIGKILL
}

void TestTrialProcess::grandchildDiesWithTrial()
{
    // The trial exits at once but leaves a background child in its process group.
    Run run(shell(QStringLiteral("sleep 30 & echo $! > grandchild.pid; echo done=1")));
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QVERIFY(run.result().succeeded());
    const qint64 pid = readFile(mDir->filePath("grandchild.pid")).trimmed().toLongLong();
    QVERIFY(pid > 0);
    QTRY_VERIFY(!isAlive(pid));
}

void TestTrialProcess::stopKillsGrandchild()
{
    Run run(shell(QStringLiteral("sleep 30 & echo $! > grandchild.pid; wait")));
    run.process.start();
    QTRY_VERIFY(QFile::exists(mDir->filePath("grandchild.pid"))
                && !readFile(mDir->filePath("grandchild.pid")).isEmpty());
    const qint64 pid = readFile(mDir->filePath("grandchild.pid")).trimmed().toLongLong();
    QVERIFY(isAlive(pid));
    run.process.stop(QStringLiteral("pruned"));
    QTRY_COMPARE(run.finished.count(), 1);
    QTRY_VERIFY(!isAlive(pid));
}

void TestTrialProcess::destructorKillsGroup()
{
    auto process = std::make_unique<TrialProcess>(
        shell(QStringLiteral("sleep 30 & echo $! > grandchild.pid; wait")));
    QSignalSpy finished(process.get(), &TrialProcess::finished);
    process->start();
    QTRY_VERIFY(!readFile(mDir->filePath("grandchild.pid")).isEmpty());
    const qint64 pid = readFile(mDir->filePath("grandchild.pid")).trimmed().toLongLong();
    const qint64 mainPid = process->processId();
    QVERIFY(mainPid > 0);
    QVERIFY(isAlive(pid));
    QElapsedTimer clock;
    clock.start();
    process.reset();
    QVERIFY(clock.elapsed() < 2500);
    QCOMPARE(finished.count(), 0); // no signal from a dying object
    QTRY_VERIFY(!isAlive(pid));
    QVERIFY(!isAlive(mainPid));
}

void TestTrialProcess::stderrLogOnlyWhenWritten()
{
    // A trial silent on stderr gets no stderr.log (an inode less per trial), and a file left in
    // the folder by an earlier run never passes for this run's.
    QVERIFY(QDir().mkpath(trialFile(QString())));
    {
        QFile stale(trialFile("stderr.log"));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("from an earlier run\n");
    }
    {
        Run run(shell(QStringLiteral("echo loss=1")));
        run.process.start();
        QTRY_COMPARE(run.finished.count(), 1);
        QCOMPARE(readFile(trialFile("stdout.log")), QByteArray("loss=1\n"));
        QVERIFY(!QFile::exists(trialFile("stderr.log")));
    }
    Run run(shell(QStringLiteral("echo loss=2; echo late >&2")));
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QCOMPARE(readFile(trialFile("stdout.log")), QByteArray("loss=2\n"));
    QCOMPARE(readFile(trialFile("stderr.log")), QByteArray("late\n"));
}

void TestTrialProcess::logsWrittenWhileRunning()
{
    Run run(shell(QStringLiteral("echo early; echo err >&2; sleep 30")));
    run.process.start();
    QTRY_COMPARE(readFile(trialFile("stdout.log")), QByteArray("early\n"));
    QTRY_COMPARE(readFile(trialFile("stderr.log")), QByteArray("err\n"));
    run.process.stop(QStringLiteral("done"));
    QTRY_COMPARE(run.finished.count(), 1);
}

void TestTrialProcess::flood()
{
    // 50 MB without a newline, then a metric: the log keeps everything, memory keeps a tail.
    const qint64 bytes = 50'000'000;
    Run run(shell(QStringLiteral("head -c %1 /dev/zero | tr '\\000' x; echo; echo loss=1").arg(bytes)));
    run.process.start();
    QTRY_COMPARE_WITH_TIMEOUT(run.finished.count(), 1, 20000);
    QVERIFY(run.result().succeeded());
    QCOMPARE(QFileInfo(trialFile("stdout.log")).size(), bytes + 1 + 7);
    QVERIFY(run.process.logTail().size() <= TrialProcess::maxTailBytes);
    QVERIFY(run.process.logTail().endsWith("xxx\nloss=1\n"));
    QCOMPARE(run.describe(), QStringLiteral("loss=1@0"));
}

void TestTrialProcess::failedToStart_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << QStringList{"/nonexistent/train"}
                             << "cannot start '/nonexistent/train': No such file or directory";
    QTest::newRow("not on PATH") << QStringList{"tunescope-no-such-program", "--x"}
                                 << "cannot start 'tunescope-no-such-program': No such file or directory";
    QTest::newRow("not executable") << QStringList{"NOT_EXECUTABLE"}
                                    << "cannot start 'NOT_EXECUTABLE': Permission denied";
    QTest::newRow("empty argv") << QStringList{} << "cannot start '': no program given";
}

void TestTrialProcess::failedToStart()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, reason);
    if (argv.value(0) == u"NOT_EXECUTABLE") {
        const QString path = mDir->filePath("data.txt");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a program\n");
        f.close();
        argv[0] = path;
        reason.replace(QStringLiteral("NOT_EXECUTABLE"), path);
    }
    TrialLaunch launch = shell(QString());
    launch.argv = argv;
    Run run(launch);
    run.process.start();
    QCOMPARE(run.finished.count(), 0); // never from inside start()
    QTRY_COMPARE(run.finished.count(), 1);
    QCOMPARE(run.result().outcome, Outcome::FailedToStart);
    QCOMPARE(run.result().reason, reason);
    QVERIFY(!run.result().succeeded());
    QVERIFY(!run.process.isRunning());
    QTest::qWait(100);
    QCOMPARE(run.finished.count(), 1);
}

void TestTrialProcess::environment()
{
    TrialLaunch launch = shell(QStringLiteral("echo \"v=$TS_VALUE\"; echo \"home=${HOME:-none}\""));
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    env.insert(QStringLiteral("TS_VALUE"), QStringLiteral("42"));
    launch.environment = env;
    Run run(launch);
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QCOMPARE(run.describe(), QStringLiteral("v=42@0"));
    // Exactly the given environment: HOME is not inherited from the test.
    QVERIFY(readFile(trialFile("stdout.log")).contains("home=none\n"));

    // An unset environment inherits ours.
    qputenv("TS_INHERITED", "7");
    TrialLaunch inherit = shell(QStringLiteral("echo \"inherited=$TS_INHERITED\""));
    inherit.environment = QProcessEnvironment();
    Run run2(inherit);
    run2.process.start();
    QTRY_COMPARE(run2.finished.count(), 1);
    QCOMPARE(run2.describe(), QStringLiteral("inherited=7@0"));
}

void TestTrialProcess::workingDirectory()
{
    const QString work = mDir->filePath("spec folder");
    QVERIFY(QDir().mkpath(work));
    TrialLaunch launch = shell(QStringLiteral("pwd"));
    launch.workingDirectory = work;
    launch.trialDirectory = mDir->filePath("runs/study/trial-0007"); // nested, created
    Run run(launch);
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QCOMPARE(QString::fromLocal8Bit(readFile(launch.trialDirectory + "/stdout.log")).trimmed(),
             QFileInfo(work).canonicalFilePath());
}

void TestTrialProcess::argumentsAreNotShellWords()
{
    const QStringList args = {"a b", "\"quoted\" 'single'", "$(touch pwned)", "`touch pwned2`",
                              "x; touch pwned3", "*", "", "--lr=0.1"};
    TrialLaunch launch = shell(QString());
    launch.argv = QStringList{"/usr/bin/printf", "[%s]\\n"} + args;
    Run run(launch);
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QVERIFY(run.result().succeeded());
    QByteArray expected;
    for (const QString &a : args)
        expected += '[' + a.toUtf8() + "]\n";
    QCOMPARE(readFile(trialFile("stdout.log")), expected);
    for (const char *name : {"pwned", "pwned2", "pwned3"})
        QVERIFY(!QFile::exists(mDir->filePath(name)));
}

void TestTrialProcess::customRegex()
{
    TrialLaunch launch = shell(QStringLiteral("echo 'loss=1'; echo 'score 0.5'; echo 'score 0.75' >&2"));
    launch.metricRegex = QStringLiteral(R"(score (?<value>[\d.]+))");
    Run run(launch);
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QCOMPARE(run.describe(), QStringLiteral("value=0.5@0 value=0.75@0"));

    TrialLaunch bad = shell(QStringLiteral("echo loss=1"));
    bad.metricRegex = QStringLiteral("(?<value>[0-9");
    Run badRun(bad);
    badRun.process.start();
    QTRY_COMPARE(badRun.finished.count(), 1);
    QCOMPARE(badRun.result().outcome, Outcome::FailedToStart);
    QVERIFY(badRun.result().reason.contains(u"regex"));
}

void TestTrialProcess::stdinIsEmpty()
{
    // A trial that reads stdin must see end-of-file, not hang.
    TrialLaunch launch = shell(QStringLiteral("cat; echo ok=1"));
    launch.timeoutSeconds = 5;
    Run run(launch);
    run.process.start();
    QTRY_COMPARE(run.finished.count(), 1);
    QVERIFY(run.result().succeeded());
    QCOMPARE(run.describe(), QStringLiteral("ok=1@0"));
}

void TestTrialProcess::workerThread()
{
    // The runner may keep trials in a worker thread: signals then cross threads queued, which
    // needs the registered metatypes, and the process and timers must live in that thread.
    QThread thread;
    auto *process = new TrialProcess(shell(QStringLiteral("echo loss=2; exit 3")));
    process->moveToThread(&thread);
    QSignalSpy metrics(process, &TrialProcess::metricsReported);
    QSignalSpy finished(process, &TrialProcess::finished);
    connect(&thread, &QThread::finished, process, &QObject::deleteLater);
    thread.start();
    QMetaObject::invokeMethod(process, &TrialProcess::start, Qt::QueuedConnection);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(metrics.count(), 1);
    const auto reports = metrics.at(0).at(0).value<QList<MetricReport>>();
    QCOMPARE(reports.size(), 1);
    QCOMPARE(reports.at(0).name, QStringLiteral("loss"));
    const auto result = finished.at(0).at(0).value<TrialProcessResult>();
    QCOMPARE(result.exitCode, 3);
    QCOMPARE(result.reason, QStringLiteral("exited with code 3"));
    thread.quit();
    QVERIFY(thread.wait(5000));
}

QTEST_GUILESS_MAIN(TestTrialProcess)
#include "tst_trialprocess.moc"
