#include "execution/slurmclient.h"
#include "execution/slurmcommands.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;
using Outcome = TrialProcessResult::Outcome;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

/// Runs a script as Slurm would (sh, with the given environment), waiting for its end.
int runScript(const QString &script, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("/bin/sh"), {script});
    if (!p.waitForFinished(10000))
        return -1;
    return p.exitCode();
}

} // namespace

/// What Tunescope says to Slurm's commands and how it reads their answers, without a cluster:
/// the job script run by sh, argument lists, parsers of squeue/sacct/sbatch output, and what
/// each job state means for the trial.
class TestSlurmCommands : public QObject
{
    Q_OBJECT

private slots:
    void jobRecords_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("jobId");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("task");
        QTest::addColumn<int>("repeat");
        QTest::newRow("job") << "123" << "123" << "" << 0 << 0;
        QTest::newRow("array task") << "123_4" << "123_4" << "" << 0 << 0;
        QTest::newRow("repeat") << "77 repeat=2" << "77" << "" << 0 << 2;
        QTest::newRow("token") << "token=tunescope-0a1b2c3d4e5f/3" << "" << "tunescope-0a1b2c3d4e5f" << 3 << 0;
        QTest::newRow("token, repeat") << "token=tunescope-x/0 repeat=1" << "" << "tunescope-x" << 0 << 1;
    }
    void jobRecords()
    {
        QFETCH(QString, text);
        QFETCH(QString, jobId);
        QFETCH(QString, token);
        QFETCH(int, task);
        QFETCH(int, repeat);
        const std::optional<SlurmJobRecord> r = SlurmJobRecord::parse(text);
        QVERIFY(r);
        QCOMPARE(r->jobId, jobId);
        QCOMPARE(r->token, token);
        QCOMPARE(r->task, task);
        QCOMPARE(r->repeat, repeat);
        QCOMPARE(r->isSubmitted(), !jobId.isEmpty());
        QCOMPARE(r->toString(), text);
    }

    void badJobRecords()
    {
        for (const char *text : {"", "abc", "12a", "token=/1", "token=a b/1", "123 repeat=x", "1;2"})
            QVERIFY2(!SlurmJobRecord::parse(QString::fromLatin1(text)), text);
    }

    /// The script a job runs: every argument and value arrives exactly as given (no shell word
    /// splitting, no expansion), output goes to the trial folder, the exit status is kept.
    void jobScriptRunsTheProgramVerbatim()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString trial = dir.filePath(QStringLiteral("trial it's"));
        QVERIFY(QDir().mkpath(trial));
        const QString program = dir.filePath(QStringLiteral("show.sh"));
        QVERIFY(writeFile(program, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n"
                                   "printf 'study=%s params=%s cuda=%s\\n' \"$TUNESCOPE_STUDY\" \"$TUNESCOPE_PARAMS\" \"${CUDA_VISIBLE_DEVICES-unset}\"\n"
                                   "echo 'loss=0.5' >&2\nexit 3\n"));
        QFile::setPermissions(program, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        const QStringList hostile{QStringLiteral("a; rm -rf ~"), QStringLiteral("$(touch pwned)"), QStringLiteral("`id`"),
                                  QStringLiteral("it's"), QStringLiteral("two\nlines"), QStringLiteral(""), QStringLiteral("*"),
                                  QStringLiteral("--x=\"q\""), QStringLiteral("\\n $HOME")};
        TrialLaunch launch;
        launch.argv = QStringList{program} + hostile;
        launch.environment.insert(QStringLiteral("TUNESCOPE_STUDY"), QStringLiteral("st'udy $(id)"));
        launch.environment.insert(QStringLiteral("TUNESCOPE_PARAMS"), QStringLiteral("{\"a\": \"b; c\"}"));
        launch.environment.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), QStringLiteral("0"));
        launch.workingDirectory = dir.path();
        launch.trialDirectory = trial;
        QString error;
        const std::optional<QByteArray> script = slurmJobScript(launch, QStringLiteral("Trial 0 of study 'x'"), &error);
        QVERIFY2(script, qPrintable(error));
        const QString path = QDir(trial).filePath(QStringLiteral("job.sh"));
        QVERIFY(writeFile(path, *script));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SLURM_JOB_ID"), QStringLiteral("42"));
        env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), QStringLiteral("3")); // a login node's, not Slurm's
        env.remove(QStringLiteral("SLURM_JOB_GPUS"));
        QCOMPARE(runScript(path, env), 3);

        QStringList expected;
        for (const QString &arg : hostile)
            expected << QStringLiteral("[%1]").arg(arg);
        const QString out = QString::fromUtf8(readFile(QDir(trial).filePath(QStringLiteral("stdout.log"))));
        QVERIFY2(out.startsWith(expected.join(u'\n') + u'\n'), qPrintable(out));
        // No GPU allocated by Slurm: none visible, whatever the submitting shell had.
        QVERIFY2(out.contains(QStringLiteral("study=st'udy $(id) params={\"a\": \"b; c\"} cuda=\n")), qPrintable(out));
        QCOMPARE(readFile(QDir(trial).filePath(QStringLiteral("stderr.log"))), QByteArray("loss=0.5\n"));
        QCOMPARE(readFile(QDir(trial).filePath(QStringLiteral("job.exit"))), QByteArray("3\n"));
        QCOMPARE(readFile(QDir(trial).filePath(QStringLiteral("job.start"))), QByteArray("42 0 \n"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("pwned"))));

        // With GPUs from Slurm, its CUDA_VISIBLE_DEVICES stays; a second start is noted too.
        env.insert(QStringLiteral("SLURM_JOB_GPUS"), QStringLiteral("1"));
        env.insert(QStringLiteral("SLURM_RESTART_COUNT"), QStringLiteral("1"));
        QCOMPARE(runScript(path, env), 3);
        QVERIFY(readFile(QDir(trial).filePath(QStringLiteral("stdout.log"))).contains("cuda=3\n"));
        QCOMPARE(readFile(QDir(trial).filePath(QStringLiteral("job.start"))), QByteArray("42 0 \n42 1 \n"));
    }

    void jobScriptRefusesBadVariableNames()
    {
        TrialLaunch launch;
        launch.argv = {QStringLiteral("true")};
        launch.environment.insert(QStringLiteral("BAD-NAME"), QStringLiteral("x"));
        QString error;
        QVERIFY(!slurmJobScript(launch, QStringLiteral("t"), &error));
        QVERIFY2(error.contains("BAD-NAME"), qPrintable(error));
    }

    void arrayScriptDispatchesTasks()
    {
        QTemporaryDir dir;
        QStringList scripts;
        for (int i = 0; i < 3; ++i) {
            const QString path = dir.filePath(QStringLiteral("job %1's.sh").arg(i));
            QVERIFY(writeFile(path, QStringLiteral("echo %1 > '%2/ran-%1'\n").arg(i).arg(dir.path()).toUtf8()));
            scripts << path;
        }
        const QString array = dir.filePath(QStringLiteral("array.sh"));
        QVERIFY(writeFile(array, slurmArrayScript(scripts)));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SLURM_ARRAY_TASK_ID"), QStringLiteral("1"));
        QCOMPARE(runScript(array, env), 0);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("ran-1"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("ran-0"))));
        env.insert(QStringLiteral("SLURM_ARRAY_TASK_ID"), QStringLiteral("7"));
        QCOMPARE(runScript(array, env), 1);
    }

    void shellQuoting()
    {
        QCOMPARE(shellQuoted(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
        QCOMPARE(shellCommandLine({QStringLiteral("sbatch"), QStringLiteral("--partition=gpu"), QStringLiteral("a b"),
                                   QStringLiteral("$x")}),
                 QStringLiteral("sbatch --partition=gpu 'a b' '$x'"));
    }

    void sbatchArguments()
    {
        SlurmSettings s;
        QVERIFY(sbatchSettingsArguments(s).isEmpty());
        s.partition = QStringLiteral("gpu");
        s.time = QStringLiteral("1:00:00");
        s.gres = QStringLiteral("gpu:1");
        s.cpusPerTask = 4;
        s.mem = QStringLiteral("8G");
        s.account = QStringLiteral("lab");
        s.qos = QStringLiteral("high");
        s.constraint = QStringLiteral("a100&ib");
        s.extra = {QStringLiteral("--exclusive")};
        QCOMPARE(sbatchSettingsArguments(s),
                 QStringList({"--partition=gpu", "--time=1:00:00", "--gres=gpu:1", "--cpus-per-task=4", "--mem=8G", "--account=lab",
                              "--qos=high", "--constraint=a100&ib", "--exclusive"}));

        // One trial: its own script; a batch: a job array of the batch's size.
        SlurmClient::Setup setup;
        setup.settings = s;
        setup.jobName = QStringLiteral("tunescope-x-1");
        setup.workingDirectory = QStringLiteral("/work");
        setup.logDirectory = QStringLiteral("/runs/x-1/slurm");
        const QStringList one = SlurmClient::sbatchCommand(setup, QStringLiteral("/runs/x-1/trial-0000/job.sh"), QStringLiteral("tunescope-abc"));
        QCOMPARE(one.mid(0, 6), QStringList({"sbatch", "--parsable", "--job-name=tunescope-x-1", "--comment=tunescope-abc",
                                             "--chdir=/work", "--output=/runs/x-1/slurm/%j.log"}));
        QCOMPARE(one.last(), QStringLiteral("/runs/x-1/trial-0000/job.sh"));
        const QStringList many = SlurmClient::sbatchCommand(setup, QStringLiteral("/runs/x-1/slurm/tunescope-abc.sh"), QStringLiteral("tunescope-abc"), 25);
        QVERIFY(many.contains(QStringLiteral("--array=0-24")));
        QVERIFY(many.contains(QStringLiteral("--output=/runs/x-1/slurm/%A_%a.log")));
    }

    void jobNames()
    {
        QCOMPARE(slurmJobName(QStringLiteral("digits-mlp"), 3), QStringLiteral("tunescope-digits-mlp-3"));
        const QString odd = slurmJobName(QStringLiteral("a,b ../c\u00e9"), 12);
        QVERIFY2(QRegularExpression(QStringLiteral("^tunescope-[A-Za-z0-9_.-]+-12$")).match(odd).hasMatch(), qPrintable(odd));
    }

    void squeueOutput()
    {
        const QByteArray out = "123|RUNNING|None|0|0|tunescope-aa\n"
                               "124_0|PENDING|Priority|0|0|tunescope-bb\n"
                               "124_1|PENDING|JobHeldUser|0|0|tunescope-bb\n"
                               "125|FAILED|NonZeroExitCode|768|0|a|comment|with bars\n"
                               "126|PENDING|BeginTime|0|1|\n"
                               "garbage\n\n";
        const QList<SlurmJobStatus> jobs = parseSqueue(out);
        QCOMPARE(jobs.size(), 5);
        QCOMPARE(jobs.at(0).id, QStringLiteral("123"));
        QCOMPARE(jobs.at(0).state, QStringLiteral("RUNNING"));
        QCOMPARE(jobs.at(2).id, QStringLiteral("124_1"));
        QCOMPARE(jobs.at(2).reason, QStringLiteral("JobHeldUser"));
        QCOMPARE(jobs.at(2).comment, QStringLiteral("tunescope-bb"));
        QCOMPARE(jobs.at(3).waitStatus, std::optional<int>(768));
        QCOMPARE(jobs.at(3).comment, QStringLiteral("a|comment|with bars"));
        QCOMPARE(jobs.at(4).restarts, 1);
        QVERIFY(squeueArguments(QStringLiteral("tunescope-x-1")).contains(QStringLiteral("--name=tunescope-x-1")));
    }

    void sacctOutput()
    {
        const auto s = parseSacct("77_2|CANCELLED by 1000|0:15|None\n77_3|COMPLETED|0:0|None\n", QStringLiteral("77_2"));
        QVERIFY(s);
        QCOMPARE(s->state, QStringLiteral("CANCELLED"));
        QCOMPARE(s->waitStatus, std::optional<int>(15));
        const auto failed = parseSacct("80|FAILED|2:0|NonZeroExitCode\n", QStringLiteral("80"));
        QCOMPARE(failed->waitStatus, std::optional<int>(2 << 8));
        QVERIFY(!parseSacct("81|COMPLETED|0:0|\n", QStringLiteral("80")));
    }

    void sbatchOutput()
    {
        QCOMPARE(parseSbatchId("123\n"), std::optional<QString>(QStringLiteral("123")));
        QCOMPARE(parseSbatchId("4567;cluster1\n"), std::optional<QString>(QStringLiteral("4567")));
        QVERIFY(!parseSbatchId("Submitted batch job 12\n"));
        QVERIFY(!parseSbatchId(""));
    }

    void jobStarts_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("jobId");
        QTest::addColumn<int>("restarts");
        QTest::addColumn<QString>("node");
        QTest::newRow("one start") << QByteArray("123_4 0 node1\n") << true << QStringLiteral("123_4") << 0 << QStringLiteral("node1");
        QTest::newRow("requeued: the last start counts") << QByteArray("77 0 a\n77 1 b\n") << true << QStringLiteral("77") << 1 << QStringLiteral("b");
        QTest::newRow("no node name") << QByteArray("77 2 \n") << true << QStringLiteral("77") << 2 << QString();
        QTest::newRow("empty") << QByteArray("") << false << QString() << 0 << QString();
        QTest::newRow("line being written") << QByteArray("77 0 a\n78") << false << QString() << 0 << QString();
        QTest::newRow("no count") << QByteArray("77 x a\n") << false << QString() << 0 << QString();
        QTest::newRow("negative count") << QByteArray("77 -1 a\n") << false << QString() << 0 << QString();
    }

    void jobStarts()
    {
        QFETCH(QByteArray, contents);
        QFETCH(bool, valid);
        const std::optional<SlurmJobStart> start = parseJobStart(contents);
        QCOMPARE(start.has_value(), valid);
        if (!valid)
            return;
        QTEST(start->jobId, "jobId");
        QTEST(start->restarts, "restarts");
        QTEST(start->node, "node");
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("stderrText");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("transient");
        QTest::addColumn<QString>("key");
        QTest::newRow("partition") << QByteArray("sbatch: error: invalid partition specified: nope\n"
                                                 "sbatch: error: Batch job submission failed: Invalid partition name specified\n")
                                   << "Invalid partition name specified" << false << "backend.partition";
        QTest::newRow("test-only") << QByteArray("allocation failure: Invalid partition name specified\n")
                                   << "Invalid partition name specified" << false << "backend.partition";
        QTest::newRow("gres") << QByteArray("sbatch: error: Invalid generic resource (gres) specification\n")
                              << "Invalid generic resource (gres) specification" << false << "backend.gres";
        QTest::newRow("feature") << QByteArray("allocation failure: Invalid feature specification\n")
                                 << "Invalid feature specification" << false << "backend.constraint";
        QTest::newRow("controller down") << QByteArray("sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n")
                                         << "Unable to contact slurm controller (connect failure)" << true << "backend";
        QTest::newRow("squeue down") << QByteArray("slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n")
                                     << "Unable to contact slurm controller (connect failure)" << true << "backend";
        QTest::newRow("timeout") << QByteArray("sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n")
                                 << "Socket timed out on send/recv operation" << true << "backend";
        QTest::newRow("submit limit") << QByteArray("sbatch: error: QOSMaxSubmitJobPerUserLimit\nsbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)\n")
                                      << "Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)" << true << "backend.account";
    }
    void errors()
    {
        QFETCH(QByteArray, stderrText);
        QFETCH(QString, message);
        QFETCH(bool, transient);
        QFETCH(QString, key);
        QCOMPARE(slurmErrorMessage(stderrText), message);
        QCOMPARE(isTransientSlurmError(message), transient);
        QCOMPARE(slurmRefusalKey(message), key);
    }

    void phases()
    {
        for (const char *s : {"PENDING", "REQUEUED", "REQUEUE_HOLD", "CONFIGURING", "SUSPENDED"})
            QCOMPARE(slurmPhase(QString::fromLatin1(s)), SlurmPhase::Queued);
        for (const char *s : {"RUNNING", "COMPLETING"})
            QCOMPARE(slurmPhase(QString::fromLatin1(s)), SlurmPhase::Running);
        for (const char *s : {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE"})
            QCOMPARE(slurmPhase(QString::fromLatin1(s)), SlurmPhase::Ended);
    }

    void endResults_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<int>("waitStatus");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        QTest::newRow("completed") << "COMPLETED" << 0 << int(Outcome::Exited) << 0 << "";
        QTest::newRow("failed") << "FAILED" << (3 << 8) << int(Outcome::Exited) << 3 << "exited with code 3";
        QTest::newRow("segfault via the shell") << "FAILED" << (139 << 8) << int(Outcome::Exited) << 139
                                                << "exited with code 139 (killed by signal 11";
        QTest::newRow("signal") << "FAILED" << 9 << int(Outcome::Crashed) << 9 << "killed by signal 9";
        QTest::newRow("timeout") << "TIMEOUT" << 0 << int(Outcome::TimedOut) << 0 << "the job reached its Slurm time limit (Slurm: TIMEOUT)";
        QTest::newRow("cancelled") << "CANCELLED" << 15 << int(Outcome::Crashed) << 15
                                   << "the job was cancelled outside Tunescope (Slurm: CANCELLED)";
        QTest::newRow("memory") << "OUT_OF_MEMORY" << 0 << int(Outcome::Crashed) << 0 << "the job ran out of memory (Slurm: OUT_OF_MEMORY)";
        QTest::newRow("node") << "NODE_FAIL" << 0 << int(Outcome::Crashed) << 0 << "the job's node failed (Slurm: NODE_FAIL)";
        QTest::newRow("preempted") << "PREEMPTED" << 0 << int(Outcome::Crashed) << 0 << "the job was preempted (Slurm: PREEMPTED)";
        QTest::newRow("boot") << "BOOT_FAIL" << 0 << int(Outcome::Crashed) << 0 << "the job's node failed to boot (Slurm: BOOT_FAIL)";
    }
    void endResults()
    {
        QFETCH(QString, state);
        QFETCH(int, waitStatus);
        QFETCH(int, outcome);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        SlurmJobStatus s;
        s.state = state;
        s.waitStatus = waitStatus;
        const TrialProcessResult r = slurmEndResult(s);
        QCOMPARE(int(r.outcome), outcome);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(reason.isEmpty() ? r.reason.isEmpty() : r.reason.startsWith(reason), qPrintable(r.reason));
        QCOMPARE(r.succeeded(), state == QLatin1String("COMPLETED"));
    }
};

QTEST_GUILESS_MAIN(TestSlurmCommands)
#include "tst_slurmcommands.moc"
