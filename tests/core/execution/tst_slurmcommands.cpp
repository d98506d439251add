#include "execution/slurmclient.h"
#include "execution/slurmcommands.h"
#include "execution/slurmjob.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
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
        const QByteArray out = "123|RUNNING|None|0|0|123|tunescope-aa\n"
                               "124_0|RUNNING|None|0|0|127|tunescope-bb\n"
                               "124_1|PENDING|JobHeldUser|0|0|124|tunescope-bb\n"
                               "125|FAILED|NonZeroExitCode|768|0|125|a|comment|with bars\n"
                               "126|PENDING|BeginTime|0|1|126|\n"
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
        QCOMPARE(jobs.at(1).stepsId, QStringLiteral("127")); // an array task's own id, sstat's
        QCOMPARE(jobs.at(0).stepsId, QStringLiteral("123"));
        QVERIFY(squeueArguments(QStringLiteral("tunescope-x-1")).contains(QStringLiteral("--name=tunescope-x-1")));
    }

    void sstatOutput()
    {
        QCOMPARE(sstatArguments({QStringLiteral("123"), QStringLiteral("127")}),
                 (QStringList{QStringLiteral("--noheader"), QStringLiteral("--parsable2"), QStringLiteral("--format=JobID,AveCPU,AveRSS"),
                              QStringLiteral("--jobs=123.batch,127.batch")}));
        const QByteArray out = "123.batch|00:00:01|91596K\n"
                               "127.batch|01:02.500|1.5G\n"
                               "128.extern|00:00:00|100K\n" // not the batch step
                               "129.batch||12M\n"           // no CPU figure yet
                               "130.batch|00:00:03|\n"      // CPU without memory
                               "garbage\n\n";
        const QHash<QString, SlurmLiveUsage> jobs = parseSstat(out);
        QCOMPARE(jobs.size(), 3);
        QCOMPARE(jobs.value(QStringLiteral("123")).cpuSeconds, 1.0);
        QCOMPARE(jobs.value(QStringLiteral("123")).rssMb, std::optional<double>(91596.0 / 1024));
        QCOMPARE(jobs.value(QStringLiteral("127")).cpuSeconds, 62.5);
        QCOMPARE(jobs.value(QStringLiteral("127")).rssMb, std::optional<double>(1536.0));
        QCOMPARE(jobs.value(QStringLiteral("130")).rssMb, std::nullopt);
        QVERIFY(!jobs.contains(QStringLiteral("128")) && !jobs.contains(QStringLiteral("129")));
        QVERIFY(parseSstat("").isEmpty());
    }

    /// A busy loop polled every second, as sstat tells it (whole CPU seconds, gathered late):
    /// the share stays near 100 % once ten seconds are behind it, where poll-to-poll
    /// differences read 0 % and 200 % by turns; a requeued run counts from nothing.
    void cpuShareOverAWindow()
    {
        SlurmCpuWindow window;
        QCOMPARE(window.percent(1.0, 0.0), std::nullopt);
        QCOMPARE(window.percent(2.0, 1.0), std::nullopt); // too short a span to say
        // Polled every 0.7 s: from one poll to the next the whole seconds move by 0 or 1.
        for (int poll = 5; poll <= 58; ++poll) {
            const double second = poll * 0.7;
            const double cpu = std::floor(second - 0.6); // the gather lags, seconds are whole
            const std::optional<double> share = window.percent(second, cpu);
            QVERIFY(share);
            const bool windowFull = second >= SlurmCpuWindow::kWindowSeconds;
            QVERIFY2(*share >= (windowFull ? 80 : 40) && *share <= 112, qPrintable(QStringLiteral("%1 s: %2 %").arg(second).arg(*share)));
        }
        // An idle stretch shows within the window: ten seconds on, the share is 0.
        const double idle = std::floor(58 * 0.7 - 0.6);
        std::optional<double> share;
        for (int second = 41; second <= 52; ++second)
            share = window.percent(second, idle);
        QCOMPARE(share, std::optional<double>(0.0));
        // Its CPU went back to nothing (a requeue not told): counted from there, not from 0 s.
        QCOMPARE(window.percent(53, 0.0), std::nullopt);
        QCOMPARE(window.percent(54, 1.0), std::nullopt);
        QCOMPARE(window.percent(56, 3.0), std::optional<double>(100.0));
        window.reset();
        QCOMPARE(window.percent(1.0, 0.0), std::nullopt);
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

    void slurmDurations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("seconds"); // -1: not a duration
        QTest::newRow("MM:SS") << "01:02" << 62.0;
        QTest::newRow("MM:SS.mmm (TotalCPU)") << "00:01.234" << 1.234;
        QTest::newRow("HH:MM:SS") << "01:02:03" << 3723.0;
        QTest::newRow("HH:MM:SS.mmm") << "01:02:03.500" << 3723.5;
        QTest::newRow("D-HH:MM:SS") << "1-02:03:04" << 93784.0;
        QTest::newRow("D-HH:MM:SS.mmm") << "2-00:00:00.250" << 172800.25;
        QTest::newRow("D-HH") << "1-02" << 93600.0;
        QTest::newRow("D-HH:MM") << "1-02:03" << 93780.0;
        QTest::newRow("zero") << "00:00:00" << 0.0;
        QTest::newRow("spaces around") << " 00:10 " << 10.0;
        QTest::newRow("empty") << "" << -1.0;
        QTest::newRow("INVALID") << "INVALID" << -1.0;
        QTest::newRow("UNLIMITED") << "UNLIMITED" << -1.0;
        QTest::newRow("bare number") << "12" << -1.0;
        QTest::newRow("bare fraction") << "12.5" << -1.0;
        QTest::newRow("too many fields") << "1:2:3:4" << -1.0;
        QTest::newRow("negative") << "-00:01" << -1.0;
        QTest::newRow("garbage") << "01:0x" << -1.0;
    }
    void slurmDurations()
    {
        QFETCH(QString, text);
        QFETCH(double, seconds);
        const std::optional<double> parsed = parseSlurmDuration(text);
        if (seconds < 0) {
            QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(0))));
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, seconds);
        }
    }

    void slurmSizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("mb"); // -1: not a size
        QTest::newRow("K") << "123456K" << 123456 / 1024.0;
        QTest::newRow("M") << "12M" << 12.0;
        QTest::newRow("G with a fraction") << "1.5G" << 1536.0;
        QTest::newRow("T") << "2T" << 2.0 * 1024 * 1024;
        QTest::newRow("lower case") << "512k" << 0.5;
        QTest::newRow("bare number is bytes") << "1048576" << 1.0;
        QTest::newRow("zero") << "0" << 0.0;
        QTest::newRow("empty") << "" << -1.0;
        QTest::newRow("unknown suffix") << "12X" << -1.0;
        QTest::newRow("garbage") << "lots" << -1.0;
        QTest::newRow("negative") << "-5M" << -1.0;
    }
    void slurmSizes()
    {
        QFETCH(QString, text);
        QFETCH(double, mb);
        const std::optional<double> parsed = parseSlurmSizeMb(text);
        if (mb < 0) {
            QVERIFY(!parsed);
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, mb);
        }
    }

    void sacctUsageRows()
    {
        const QStringList args = sacctUsageArguments({QStringLiteral("90"), QStringLiteral("91_2")});
        QVERIFY(args.contains(QStringLiteral("--jobs=90,91_2")));
        QVERIFY(args.contains(QStringLiteral("--format=JobID,State,ExitCode,TotalCPU,MaxRSS,Elapsed")));
        QVERIFY(!args.contains(QStringLiteral("--allocations"))); // MaxRSS is on the steps
        const QByteArray out = "90|COMPLETED|0:0|01:02.500||00:01:10\n"
                               "90.batch|COMPLETED|0:0|01:02.500|2048K|00:01:10\n"
                               "90.extern|COMPLETED|0:0|00:00:00|1.5G|00:01:10\n"
                               "91_2|CANCELLED by 1000|0:15|1-00:00:00||1-00:00:01\n"
                               "91_2.batch|CANCELLED|0:15|1-00:00:00|3M|1-00:00:01\n"
                               "91_2.0|CANCELLED|0:15|00:10|5M|1-00:00:00\n"
                               "92|RUNNING|0:0|00:05.000||00:00:09\n"
                               "92.batch|RUNNING|0:0|00:05.000|100M|00:00:09\n"
                               "93|COMPLETED|0:0|||00:00:02\n"
                               "93.batch|COMPLETED|0:0|00:02.000|0|00:00:02\n"
                               "93.0|COMPLETED|0:0|00:01.000|0|00:00:02\n"
                               "94.batch|COMPLETED|0:0|00:03.000|10M|00:00:03\n" // no allocation row
                               "garbage without bars\n"
                               "|COMPLETED|0:0|00:01|1M|00:01\n"
                               "95|COMPLETED|0:0|INVALID|junk|00:00:01\n";
        const QHash<QString, SlurmJobUsage> jobs = parseSacctUsage(out);
        QCOMPARE(jobs.size(), 5);
        QCOMPARE(jobs.value(QStringLiteral("90")).usage.cpuSeconds, std::optional<double>(62.5));
        QCOMPARE(jobs.value(QStringLiteral("90")).usage.maxRssMb, std::optional<double>(1536.0)); // the largest step
        QVERIFY(jobs.value(QStringLiteral("90")).ended);
        QCOMPARE(jobs.value(QStringLiteral("91_2")).usage.cpuSeconds, std::optional<double>(86400.0)); // the allocation's, not the steps' sum
        QCOMPARE(jobs.value(QStringLiteral("91_2")).usage.maxRssMb, std::optional<double>(5.0));
        QVERIFY(jobs.value(QStringLiteral("91_2")).ended);
        QVERIFY(!jobs.value(QStringLiteral("92")).ended); // still running: its figures grow
        // No TotalCPU on the allocation row: the steps' sum; MaxRSS 0 everywhere: not measured.
        QCOMPARE(jobs.value(QStringLiteral("93")).usage.cpuSeconds, std::optional<double>(3.0));
        QCOMPARE(jobs.value(QStringLiteral("93")).usage.maxRssMb, std::nullopt);
        QVERIFY(!jobs.contains(QStringLiteral("94")));
        QCOMPARE(jobs.value(QStringLiteral("95")).usage.cpuSeconds, std::nullopt);
        QCOMPARE(jobs.value(QStringLiteral("95")).usage.maxRssMb, std::nullopt);
        QVERIFY(parseSacctUsage("").isEmpty());
    }

    /// SlurmClient and SlurmJob with fake Slurm commands on the PATH: ended jobs wait for
    /// sacct's figures before finished(), two jobs ending together share one sacct call, a job
    /// sacct does not show as ended yet is asked again, and without accounting nothing is
    /// asked and the usage stays empty (not zero).
    void usageFromSacct_data()
    {
        QTest::addColumn<bool>("accounting");
        QTest::newRow("accounting on") << true;
        QTest::newRow("accounting off") << false;
    }
    void usageFromSacct()
    {
        QFETCH(bool, accounting);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString bin = dir.filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(bin));
        const QString calls = dir.filePath(QStringLiteral("sacct.calls"));
        const QString count = dir.filePath(QStringLiteral("sacct.count"));
        auto script = [&](const char *name, const QByteArray &body) {
            const QString path = bin + u'/' + QLatin1String(name);
            QVERIFY(writeFile(path, "#!/bin/sh\n" + body));
            QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeUser);
        };
        script("sbatch", "exit 0\n");
        script("squeue", "exit 0\n");
        script("scancel", "exit 0\n");
        script("scontrol", QByteArray("echo 'MaxArraySize            = 1001'\necho 'AccountingStorageType   = accounting_storage/")
                               + (accounting ? "slurmdbd" : "none") + "'\n");
        // The first usage call still shows job 502_3 running (slurmdbd lags); the next ones as ended.
        script("sacct", ("case \"$*\" in *TotalCPU*) ;; *) exit 0 ;; esac\necho \"$*\" >> '" + calls + "'\n"
                         "n=$(cat '" + count + "' 2>/dev/null || echo 0); echo $((n + 1)) > '" + count + "'\n"
                         "echo '501|COMPLETED|0:0|00:12.250||00:00:20'\n"
                         "echo '501.batch|COMPLETED|0:0|00:12.250|204800K|00:00:20'\n"
                         "if [ \"$n\" = 0 ]; then echo '502_3|COMPLETING|0:0|00:01.000||00:00:05'; "
                         "else echo '502_3|COMPLETED|0:0|00:03.000||00:00:05'; echo '502_3.batch|COMPLETED|0:0|00:03.000|64M|00:00:05'; fi\n")
                            .toUtf8());
        const QByteArray oldPath = qgetenv("PATH");
        qputenv("PATH", bin.toUtf8() + ':' + oldPath);
        auto restorePath = qScopeGuard([&] { qputenv("PATH", oldPath); });

        SlurmClient::Setup setup;
        setup.jobName = QStringLiteral("tunescope-usage-1");
        setup.workingDirectory = dir.path();
        setup.logDirectory = dir.filePath(QStringLiteral("logs"));
        SlurmClient client(setup);
        QString error;
        QVERIFY2(client.check(&error), qPrintable(error));

        QList<SlurmJob *> jobs;
        QList<QSignalSpy *> spies;
        for (const char *id : {"501", "502_3"}) {
            TrialLaunch launch;
            launch.argv = {QStringLiteral("true")};
            launch.workingDirectory = dir.path();
            launch.trialDirectory = dir.filePath(QLatin1String(id));
            QVERIFY(QDir().mkpath(launch.trialDirectory));
            auto *job = new SlurmJob(launch, &client, 0, QStringLiteral("Trial"), &client);
            SlurmJobRecord record;
            record.jobId = QLatin1String(id);
            job->attach(record);
            jobs << job;
            spies << new QSignalSpy(job, &TrialLauncher::finished);
        }
        auto deleteSpies = qScopeGuard([&] { qDeleteAll(spies); });
        for (SlurmJob *job : jobs) {
            SlurmJobStatus ended;
            ended.id = job->record().jobId;
            ended.state = QStringLiteral("COMPLETED");
            ended.waitStatus = 0;
            job->onStatus(&ended);
        }
        if (!accounting) {
            // Told at once, with nothing measured.
            QCOMPARE(spies.at(0)->size(), 1);
            QCOMPARE(spies.at(1)->size(), 1);
            QVERIFY(jobs.at(0)->reapedUsage().isEmpty());
            QVERIFY(jobs.at(1)->reapedUsage().isEmpty());
            QCOMPARE(client.sacctUsageCalls(), 0);
            QVERIFY(!QFile::exists(calls));
            return;
        }
        QCOMPARE(spies.at(0)->size(), 0); // waits for sacct
        QTRY_COMPARE_WITH_TIMEOUT(spies.at(0)->size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(spies.at(1)->size(), 1, 10000);
        QCOMPARE(jobs.at(0)->reapedUsage().cpuSeconds, std::optional<double>(12.25));
        QCOMPARE(jobs.at(0)->reapedUsage().maxRssMb, std::optional<double>(200.0));
        QCOMPARE(jobs.at(1)->reapedUsage().cpuSeconds, std::optional<double>(3.0));
        QCOMPARE(jobs.at(1)->reapedUsage().maxRssMb, std::optional<double>(64.0));
        QVERIFY(spies.at(0)->at(0).at(0).value<TrialProcessResult>().succeeded());
        const QStringList lines = QString::fromUtf8(readFile(calls)).trimmed().split(u'\n');
        QCOMPARE(lines.size(), 2); // both jobs in one call, then 502_3 again
        QVERIFY2(lines.at(0).contains(QStringLiteral("--jobs=501,502_3")), qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).contains(QStringLiteral("--jobs=502_3")), qPrintable(lines.at(1)));
        QCOMPARE(client.sacctUsageCalls(), 2);
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
