#include "execution/slurmcommands.h"
#include "execution/studyrunner.h"
#include "storage/storage.h"
#include "support/sqlitecheck.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace tunescope;

// Studies run through a real single-node Slurm (scripts/start-slurm.sh): submission in job
// arrays, live curves read from the jobs' files, pruning and stopping with scancel, queued
// jobs with Slurm's reason, failures, requeues, a controller that does not answer, and the
// re-attachment of a run that was killed with SIGKILL. TUNESCOPE_TEST_SLURM names the cluster's
// slurm.conf: unset, the suite skips (a machine without Slurm); set, Slurm must answer.

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data, bool executable = false)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size())
        return false;
    f.close();
    if (executable)
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
    return true;
}

/// Runs a Slurm command to its end; its standard output, trimmed.
QString slurmCommand(const QString &program, const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(30000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
}

/// The job's state as squeue reports it (finished jobs included while Slurm knows them).
QString jobState(const QString &jobId)
{
    return slurmCommand(QStringLiteral("squeue"), {QStringLiteral("--noheader"), QStringLiteral("--states=all"),
                                                   QStringLiteral("--jobs=%1").arg(jobId), QStringLiteral("--format=%T")});
}

} // namespace

class TestSlurm : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    QString mConf;        ///< the test cluster's slurm.conf
    QString mSbatchLog;   ///< one line per sbatch call made through the wrapper on PATH
    int mStudies = 0;

    QString path(const QString &name) const { return mDir.filePath(name); }

    /// A trainer script in the test folder, run by sh with the parameters as arguments.
    QString trainer(const QString &name, const QByteArray &body)
    {
        const QString file = path(name + QStringLiteral(".sh"));
        writeFile(file, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --x=*) x=${a#--x=};; --y=*) y=${a#--y=};; esac; done\n" + body);
        return file;
    }

    /// A study of the trainer on Slurm; each study gets its own folder and database.
    StudySpec spec(const QString &trainerPath, const QByteArray &rest, const QByteArray &backend = "backend: {type: slurm, poll_interval: 1s}\n")
    {
        const QString folder = path(QStringLiteral("study-%1").arg(++mStudies));
        QDir().mkpath(folder);
        // Named apart from earlier runs of the suite, whose jobs Slurm still lists for a while.
        const QByteArray text = QStringLiteral("name: s%1-%3\nprogram: %2\ncommand: [/bin/sh, \"${program}\", \"${args}\"]\n"
                                               "metric: {name: loss}\n").arg(mStudies).arg(trainerPath).arg(QCoreApplication::applicationPid()).toUtf8()
                                + rest + backend;
        const SpecLoadResult r = parseStudySpec(text, QStringLiteral("study.yaml"));
        if (!r.spec)
            qFatal("%s", qPrintable(r.errors.join(u'\n')));
        StudySpec s = *r.spec;
        s.workingDirectory = folder;
        return s;
    }

    std::unique_ptr<Storage> storage(const StudySpec &s)
    {
        QString error;
        auto store = Storage::open(QDir(s.workingDirectory).filePath(QStringLiteral("study.db")), &error);
        if (!store)
            qFatal("%s", qPrintable(error));
        return store;
    }

    QList<Trial> runToEnd(StudyRunner &runner, Storage &store, int timeoutMs = 60000)
    {
        QSignalSpy done(&runner, &StudyRunner::finished);
        runner.start();
        if (!done.wait(timeoutMs))
            qWarning("the runner did not finish in time");
        return store.trials(runner.studyId(), true).value_or(QList<Trial>());
    }

    int sbatchCalls() const { return int(readFile(mSbatchLog).count('\n')); }

    /// Waits until the trial's job is known and runs.
    static bool waitRunning(StudyRunner &runner, int number, QString *jobId, int timeoutMs = 30000)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            for (const Trial &t : runner.trials()) {
                const auto record = SlurmJobRecord::parse(t.job);
                if (t.number == number && t.state == TrialState::Running && record && record->isSubmitted()
                    && t.queueReason.isEmpty() && QFile::exists(runner.trialDirectory(number) + QStringLiteral("/stdout.log"))) {
                    *jobId = record->jobId;
                    return true;
                }
            }
            QTest::qWait(100);
        }
        return false;
    }

private slots:
    void initTestCase();
    void gridRunsToCompletion();
    void batchesAreJobArrays();
    void prunedJobIsCancelled();
    void failingJob();
    void jobCancelledOutside();
    void pendingJobShownAsQueued();
    void startNoticedBetweenPolls();
    void gpuFromSlurm();
    void badPartitionRefusedUpFront();
    void jobRefusedAtSubmission();
    void requeuedJobIsFollowedNotDuplicated();
    void stopCancelsJobs();
    void controllerDown();
    void killedRunReattaches();
    void jobFoundByItsToken();
    void forgottenJobsReadFromTheirFiles();
    void liveSamplesFromSstat();
};

void TestSlurm::initTestCase()
{
    QVERIFY(mDir.isValid());
    mConf = qEnvironmentVariable("TUNESCOPE_TEST_SLURM");
    if (mConf.isEmpty())
        QSKIP("TUNESCOPE_TEST_SLURM is not set: no test Slurm was started (scripts/start-slurm.sh; scripts/test.sh starts one)");
    // From here on Slurm must answer: a cluster that was started but does not work fails.
    QVERIFY2(QFile::exists(mConf), qPrintable(QStringLiteral("TUNESCOPE_TEST_SLURM=%1: no such file").arg(mConf)));
    qputenv("SLURM_CONF", mConf.toLocal8Bit());
    int rc = -1;
    const QString nodes = slurmCommand(QStringLiteral("sinfo"), {QStringLiteral("--noheader"), QStringLiteral("--format=%T")}, &rc);
    QVERIFY2(rc == 0 && QRegularExpression(QStringLiteral("idle|mixed|allocated")).match(nodes).hasMatch(),
             qPrintable(QStringLiteral("Slurm at %1 does not answer with a usable node: %2").arg(mConf, nodes)));
    // Every sbatch call goes through this wrapper, which counts it.
    const QString bin = path(QStringLiteral("bin"));
    QDir().mkpath(bin);
    mSbatchLog = path(QStringLiteral("sbatch-calls.log"));
    const QString sbatch = QStandardPaths::findExecutable(QStringLiteral("sbatch"));
    QVERIFY(!sbatch.isEmpty());
    QVERIFY(writeFile(bin + QStringLiteral("/sbatch"),
                      QStringLiteral("#!/bin/sh\necho \"$*\" >> '%1'\nexec '%2' \"$@\"\n").arg(mSbatchLog, sbatch).toUtf8(), true));
    qputenv("PATH", (bin + u':' + qEnvironmentVariable("PATH")).toLocal8Bit());
}

/// The test cluster gathers job usage (jobacct_gather/linux, no slurmdbd): while the jobs
/// run, one sstat per poll gives each its sys/cpu_percent and sys/rss_mb. The two trials go out
/// as one job array, whose tasks sstat knows by their own job ids.
void TestSlurm::liveSamplesFromSstat()
{
    const QString program = path(QStringLiteral("live.py"));
    QVERIFY(writeFile(program, "import sys, time\n"
                               "block = bytearray(80 * 1024 * 1024)\n"
                               "for i in range(0, len(block), 4096):\n"
                               "    block[i] = 1  # resident, not only reserved\n"
                               "end = time.time() + 6\n"
                               "while time.time() < end:\n"
                               "    pass\n"
                               "print('loss=' + sys.argv[1])\n"));
    const QString t = trainer(QStringLiteral("live"), "exec /usr/bin/python3 '" + program.toUtf8() + "' \"$x\"\n");
    StudySpec s = spec(t, "method: grid\nparallel: 2\nparameters:\n  x: {values: [1, 2]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    const QList<Trial> trials = runToEnd(runner, *store);
    QCOMPARE(trials.size(), 2);
    for (const Trial &trial : trials) {
        QVERIFY2(trial.state == TrialState::Complete, qPrintable(trial.reason));
        const QList<MetricPoint> rss = trial.intermediate.value(QStringLiteral("sys/rss_mb"));
        const QList<MetricPoint> cpu = trial.intermediate.value(QStringLiteral("sys/cpu_percent"));
        QVERIFY2(!rss.isEmpty() && !cpu.isEmpty(), qPrintable(QStringLiteral("trial %1: %2 rss, %3 cpu samples")
                                                                 .arg(trial.number).arg(rss.size()).arg(cpu.size())));
        const auto most = [](const QList<MetricPoint> &points) {
            return std::max_element(points.begin(), points.end(), [](const MetricPoint &a, const MetricPoint &b) { return a.value < b.value; })->value;
        };
        QVERIFY2(most(rss) >= 60 && most(rss) < 400, qPrintable(QString::number(most(rss)))); // the 80 MiB block and Python
        QVERIFY2(most(cpu) >= 20, qPrintable(QString::number(most(cpu))));                    // a busy loop, on a shared machine
    }
}

/// A grid study to completion: every point once as a job, live curves from the job's output
/// file while it runs, TUNESCOPE_* in the job, the job id stored with each trial.
void TestSlurm::gridRunsToCompletion()
{
    const QString t = trainer(QStringLiteral("grid"), "i=0\nwhile [ $i -lt 4 ]; do echo \"step=$i loss=$((x * 10 + y - i))\"; i=$((i + 1)); sleep 0.4; done\n"
                                                       "echo \"trial=$TUNESCOPE_TRIAL study=$TUNESCOPE_STUDY dir=$TUNESCOPE_TRIAL_DIR\"\n");
    StudySpec s = spec(t, "method: grid\nparallel: 3\nparameters:\n  x: {values: [1, 2, 3]}\n  y: {values: [1, 2]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    // Live: a trial reports values before it ends, as the job writes them.
    QHash<int, int> reportedWhileRunning;
    QSet<int> finishedNumbers;
    connect(&runner, &StudyRunner::trialReported, this, [&](int number, const QList<MetricReport> &reports) {
        if (!finishedNumbers.contains(number))
            reportedWhileRunning[number] += int(reports.size());
    });
    connect(&runner, &StudyRunner::trialFinished, this, [&](const Trial &t) { finishedNumbers.insert(t.number); });
    const int before = sbatchCalls();
    const QList<Trial> trials = runToEnd(runner, *store);
    QCOMPARE(trials.size(), 6);
    QSet<QString> points, jobs;
    for (const Trial &trial : trials) {
        QVERIFY2(trial.state == TrialState::Complete, qPrintable(trial.reason));
        const int x = trial.params.value("x").toInt(), y = trial.params.value("y").toInt();
        QCOMPARE(*trial.value, double(x * 10 + y - 3));
        QCOMPARE(trial.intermediate.value("loss").size(), 4);
        QCOMPARE(trial.exitCode, std::optional<int>(0));
        QVERIFY(trial.queueReason.isEmpty());
        const auto record = SlurmJobRecord::parse(trial.job);
        QVERIFY2(record && record->isSubmitted(), qPrintable(trial.job));
        jobs.insert(record->jobId);
        points.insert(QStringLiteral("%1,%2").arg(x).arg(y));
        const QString dir = runner.trialDirectory(trial.number);
        const QByteArray out = readFile(dir + QStringLiteral("/stdout.log"));
        QVERIFY2(out.contains(QStringLiteral("trial=%1 study=%2 dir=%3").arg(trial.number).arg(s.name, dir).toUtf8()), out.constData());
        QCOMPARE(readFile(dir + QStringLiteral("/job.start")).count('\n'), 1);
        QCOMPARE(jobState(record->jobId), QStringLiteral("COMPLETED"));
        // The test Slurm keeps no accounting (accounting_storage/none): its CPU and memory are
        // not available, which is not zero; the run time is ours.
        QCOMPARE(trial.usage.cpuSeconds, std::nullopt);
        QCOMPARE(trial.usage.maxRssMb, std::nullopt);
        QVERIFY(trial.usage.runSeconds);
    }
    QCOMPARE(points.size(), 6);
    QCOMPARE(jobs.size(), 6);
    QVERIFY2(std::any_of(reportedWhileRunning.begin(), reportedWhileRunning.end(), [](int n) { return n >= 2; }),
             "no trial reported values while its job ran");
    // Three trials claimed at once went out as one job array.
    QVERIFY2(sbatchCalls() - before < 6, qPrintable(QString::number(sbatchCalls() - before)));
    QCOMPARE(fixture::sqliteIntegrity(store->location()), QStringLiteral("ok"));
}

/// Twelve trials claimed at once are one sbatch call (a job array), followed by one squeue per
/// poll.
void TestSlurm::batchesAreJobArrays()
{
    const QString t = trainer(QStringLiteral("quick"), "echo \"loss=$x\"\n");
    StudySpec s = spec(t, "method: grid\nparallel: 12\nparameters:\n  x: {values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    const int before = sbatchCalls();
    const QList<Trial> trials = runToEnd(runner, *store);
    QCOMPARE(trials.size(), 12);
    QSet<QString> arrays;
    for (const Trial &trial : trials) {
        QVERIFY2(trial.state == TrialState::Complete, qPrintable(trial.reason));
        QVERIFY2(trial.job.contains(u'_'), qPrintable(trial.job));
        arrays.insert(trial.job.section(u'_', 0, 0));
    }
    QCOMPARE(sbatchCalls() - before, 1);
    QCOMPARE(arrays.size(), 1);
}

/// A pruned trial's job is cancelled (SIGTERM first) and its slot freed at once.
void TestSlurm::prunedJobIsCancelled()
{
    // Trials 0 and 1 are good and quick; trial 2 is bad and would run for a minute.
    const QString t = trainer(QStringLiteral("prune"), "if [ \"$TUNESCOPE_TRIAL\" = 2 ]; then\n"
                                                        "  trap 'echo got TERM >&2; exit 143' TERM\n"
                                                        "  i=0; while [ $i -lt 300 ]; do echo \"step=$i loss=100\"; i=$((i + 1)); sleep 0.2; done\n"
                                                        "else\n  for i in 0 1 2; do echo \"step=$i loss=$((5 - i))\"; done\nfi\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 3\nparameters:\n  x: {values: [1, 2, 3]}\n"
                          "early_terminate: {type: median, n_startup_trials: 2, n_warmup_steps: 1}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    QElapsedTimer clock;
    clock.start();
    const QList<Trial> trials = runToEnd(runner, *store);
    QCOMPARE(trials.size(), 3);
    const Trial &bad = trials.at(2);
    QCOMPARE(bad.state, TrialState::Pruned);
    QVERIFY2(bad.reason.contains("median"), qPrintable(bad.reason));
    QVERIFY2(clock.elapsed() < 40000, "the pruned job ran on");
    const auto record = SlurmJobRecord::parse(bad.job);
    QVERIFY(record && record->isSubmitted());
    QTRY_COMPARE_WITH_TIMEOUT(jobState(record->jobId), QStringLiteral("CANCELLED"), 15000);
    // SIGTERM reached the program, as for a local trial.
    QTRY_VERIFY_WITH_TIMEOUT(readFile(runner.trialDirectory(2) + QStringLiteral("/stderr.log")).contains("got TERM"), 10000);
}

void TestSlurm::failingJob()
{
    const QString t = trainer(QStringLiteral("fail"), "echo loss=1\necho 'something broke' >&2\nexit 3\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 1\nparameters:\n  x: {values: [1]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    const QList<Trial> trials = runToEnd(runner, *store);
    QCOMPARE(trials.size(), 1);
    QCOMPARE(trials.first().state, TrialState::Failed);
    QCOMPARE(trials.first().reason, QStringLiteral("exited with code 3"));
    QCOMPARE(trials.first().exitCode, std::optional<int>(3));
    QCOMPARE(trials.first().intermediate.value("loss").size(), 1);
}

/// A job cancelled by someone else (scancel by hand, an administrator) fails its trial with
/// Slurm's word for it.
void TestSlurm::jobCancelledOutside()
{
    const QString t = trainer(QStringLiteral("long"), "i=0; while [ $i -lt 300 ]; do echo \"step=$i loss=1\"; i=$((i + 1)); sleep 0.2; done\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 1\nparameters:\n  x: {values: [1]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    QSignalSpy done(&runner, &StudyRunner::finished);
    runner.start();
    QString jobId;
    QVERIFY(waitRunning(runner, 0, &jobId));
    slurmCommand(QStringLiteral("scancel"), {jobId});
    QVERIFY(done.wait(30000));
    const Trial trial = *store->trial(runner.studyId(), 0);
    QCOMPARE(trial.state, TrialState::Failed);
    QVERIFY2(trial.reason.startsWith("the job was cancelled outside Tunescope (Slurm: CANCELLED)"), qPrintable(trial.reason));
}

/// A pending job is shown as queued with Slurm's reason, in the runner and in storage, and as
/// running once it runs.
void TestSlurm::pendingJobShownAsQueued()
{
    const QString t = trainer(QStringLiteral("held"), "echo \"loss=$x\"\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 1\nparameters:\n  x: {values: [4]}\n",
                       "backend: {type: slurm, poll_interval: 1s, extra: [--hold]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    QStringList reasons;
    connect(&runner, &StudyRunner::trialUpdated, this, [&](const Trial &t) {
        if (reasons.isEmpty() || reasons.last() != t.queueReason)
            reasons << t.queueReason;
    });
    QSignalSpy done(&runner, &StudyRunner::finished);
    runner.start();
    QTRY_VERIFY_WITH_TIMEOUT(reasons.contains(QStringLiteral("JobHeldUser")), 15000);
    const Trial queued = *store->trial(runner.studyId(), 0);
    QCOMPARE(queued.state, TrialState::Running);
    QCOMPARE(queued.queueReason, QStringLiteral("JobHeldUser"));
    QCOMPARE(store->studySummaries().size(), 1);
    slurmCommand(QStringLiteral("scontrol"), {QStringLiteral("release"), SlurmJobRecord::parse(queued.job)->jobId});
    QVERIFY(done.wait(30000));
    const Trial trial = *store->trial(runner.studyId(), 0);
    QCOMPARE(trial.state, TrialState::Complete);
    QCOMPARE(*trial.value, 4.0);
    QVERIFY(trial.queueReason.isEmpty());
    QVERIFY2(reasons.startsWith({QStringLiteral("submitting")}), qPrintable(reasons.join(u',')));
}

/// A job that begins between two squeue polls is followed from its script's note in job.start:
/// live values and a clean end within seconds, not at the next poll a minute later, and the
/// trial's time counts from the job's start, not from its submission or the wait in the queue.
void TestSlurm::startNoticedBetweenPolls()
{
    const QString t = trainer(QStringLiteral("between"), "i=0\nwhile [ $i -lt 3 ]; do echo \"step=$i loss=$((x - i))\"; i=$((i + 1)); sleep 0.5; done\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 1\nparameters:\n  x: {values: [5]}\n",
                       "backend: {type: slurm, poll_interval: 60s, extra: [--hold]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    int reportedWhileRunning = 0;
    bool ended = false;
    connect(&runner, &StudyRunner::trialReported, this, [&](int, const QList<MetricReport> &reports) {
        if (!ended)
            reportedWhileRunning += int(reports.size());
    });
    connect(&runner, &StudyRunner::trialFinished, this, [&](const Trial &) { ended = true; });
    QSignalSpy done(&runner, &StudyRunner::finished);
    runner.start();
    // The first poll comes right after the submission; the next one only a minute later.
    QTRY_VERIFY_WITH_TIMEOUT(store->trial(runner.studyId(), 0) && store->trial(runner.studyId(), 0)->queueReason == QLatin1String("JobHeldUser"),
                             15000);
    QTest::qWait(1500); // the queue long enough to tell its wait from the run
    const QDateTime released = QDateTime::currentDateTimeUtc();
    slurmCommand(QStringLiteral("scontrol"), {QStringLiteral("release"), SlurmJobRecord::parse(store->trial(runner.studyId(), 0)->job)->jobId});
    QVERIFY2(done.wait(20000), "the job's end waited for the next squeue poll");
    const Trial trial = *store->trial(runner.studyId(), 0, true);
    QVERIFY2(trial.state == TrialState::Complete, qPrintable(trial.reason));
    QCOMPARE(trial.intermediate.value("loss").size(), 3);
    QVERIFY2(reportedWhileRunning >= 1, "no value while the job ran");
    // Its time is the job's: from the moment its script began (job.start) to its end.
    const QString dir = runner.trialDirectory(0);
    const QDateTime began = QFileInfo(dir + QStringLiteral("/job.start")).lastModified().toUTC();
    QVERIFY2(qAbs(trial.started.msecsTo(began)) < 50, qPrintable(trial.started.toString(Qt::ISODateWithMs) + u' ' + began.toString(Qt::ISODateWithMs)));
    QVERIFY(trial.started >= released.addMSecs(-50));
    const qint64 ranMs = trial.started.msecsTo(trial.finished);
    QVERIFY2(ranMs >= 1400 && ranMs < 4000, qPrintable(QString::number(ranMs)));
}

/// gres: gpu:1 gets a GPU from Slurm (the test cluster's two stand-ins), and the trial sees
/// Slurm's CUDA_VISIBLE_DEVICES; a job without gres sees none.
void TestSlurm::gpuFromSlurm()
{
    const QString t = trainer(QStringLiteral("gpu"), "echo \"cuda=[${CUDA_VISIBLE_DEVICES-unset}]\"\necho loss=1\n");
    for (const bool gpu : {true, false}) {
        StudySpec s = spec(t, "method: random\nrun_cap: 1\nparameters:\n  x: {values: [1]}\n",
                           gpu ? "backend: {type: slurm, poll_interval: 1s, gres: 'gpu:1'}\n" : "backend: {type: slurm, poll_interval: 1s}\n");
        auto store = storage(s);
        qputenv("CUDA_VISIBLE_DEVICES", "7"); // this machine's, never the job's
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        const QList<Trial> trials = runToEnd(runner, *store);
        qunsetenv("CUDA_VISIBLE_DEVICES");
        QCOMPARE(trials.size(), 1);
        QVERIFY2(trials.first().state == TrialState::Complete, qPrintable(trials.first().reason));
        const QByteArray out = readFile(runner.trialDirectory(0) + QStringLiteral("/stdout.log"));
        if (gpu)
            QVERIFY2(QRegularExpression(QStringLiteral("cuda=\\[[01]\\]")).match(QString::fromUtf8(out)).hasMatch(), out.constData());
        else
            QVERIFY2(out.contains("cuda=[]"), out.constData());
    }
}

/// sbatch --test-only refuses a partition that does not exist before anything is written.
void TestSlurm::badPartitionRefusedUpFront()
{
    const QString t = trainer(QStringLiteral("never"), "echo loss=1\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 1\nparameters:\n  x: {values: [1]}\n",
                       "backend: {type: slurm, partition: no-such-partition}\n");
    auto store = storage(s);
    const int before = sbatchCalls();
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY(!runner.prepare(&error));
    QVERIFY2(error.startsWith(QStringLiteral("backend.partition: Slurm refuses these job settings (--partition=no-such-partition): "
                                             "Invalid partition name specified")),
             qPrintable(error));
    QCOMPARE(sbatchCalls() - before, 1); // the --test-only call, no job
    QVERIFY(store->studySummaries().isEmpty() || store->studySummaries().first().total == 0);
}

/// A job Slurm refuses when it is submitted (here: its partition was deleted after the study
/// started) fails its trial with Slurm's reason, and the study submits nothing more instead of
/// spinning through its budget.
void TestSlurm::jobRefusedAtSubmission()
{
    const QString node = slurmCommand(QStringLiteral("sinfo"), {QStringLiteral("--noheader"), QStringLiteral("--format=%N")});
    const QString partition = QStringLiteral("spare%1").arg(QCoreApplication::applicationPid());
    int rc = -1;
    const QString created = slurmCommand(QStringLiteral("scontrol"), {QStringLiteral("create"), QStringLiteral("partitionname=%1").arg(partition),
                                                                     QStringLiteral("nodes=%1").arg(node), QStringLiteral("state=up")}, &rc);
    QVERIFY2(rc == 0, qPrintable(created));
    const QString t = trainer(QStringLiteral("refused"), "echo loss=1\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 20\nparallel: 2\nparameters:\n  x: {min: 0.0, max: 1.0}\n",
                       QStringLiteral("backend: {type: slurm, poll_interval: 1s, partition: %1}\n").arg(partition).toUtf8());
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    const bool prepared = runner.prepare(&error); // the partition exists now
    slurmCommand(QStringLiteral("scontrol"), {QStringLiteral("delete"), QStringLiteral("partitionname=%1").arg(partition)}, &rc);
    QVERIFY2(prepared, qPrintable(error));
    QCOMPARE(rc, 0);
    QSignalSpy errors(&runner, &StudyRunner::errorOccurred);
    const int before = sbatchCalls();
    const QList<Trial> trials = runToEnd(runner, *store, 30000);
    // The two trials that went out together (one job array) fail with Slurm's word; no more follow.
    QCOMPARE(trials.size(), 2);
    for (const Trial &trial : trials) {
        QCOMPARE(trial.state, TrialState::Failed);
        QCOMPARE(trial.reason, QStringLiteral("Slurm refused the job: Invalid partition name specified"));
    }
    QCOMPARE(sbatchCalls() - before, 1);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().first().toString().endsWith(QLatin1String("no more trials are submitted")),
             qPrintable(errors.first().first().toString()));
}

/// A job requeued while it runs (preemption, a node taken back) is followed through its second
/// start: its trial ends once, with the second run's curve alone.
void TestSlurm::requeuedJobIsFollowedNotDuplicated()
{
    // The first start runs long with high losses; the start after the requeue is short.
    const QString t = trainer(QStringLiteral("requeue"), "if [ \"${SLURM_RESTART_COUNT:-0}\" = 0 ]; then n=100; base=100; else n=6; base=10; fi\n"
                                                          "i=0; while [ $i -lt $n ]; do echo \"step=$i loss=$((base - i))\"; i=$((i + 1)); sleep 0.3; done\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 1\nparameters:\n  x: {values: [1]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    QSignalSpy done(&runner, &StudyRunner::finished);
    QSignalSpy reported(&runner, &StudyRunner::trialReported);
    runner.start();
    QString jobId;
    QVERIFY(waitRunning(runner, 0, &jobId));
    QTRY_VERIFY_WITH_TIMEOUT(reported.size() >= 2, 15000);
    QCOMPARE(slurmCommand(QStringLiteral("scontrol"), {QStringLiteral("requeue"), jobId}), QString());
    // Slurm holds a requeued job back for a while (its BeginTime); let it start now.
    QTRY_VERIFY_WITH_TIMEOUT(jobState(jobId) == QLatin1String("PENDING"), 15000);
    slurmCommand(QStringLiteral("scontrol"), {QStringLiteral("update"), QStringLiteral("jobid=%1").arg(jobId), QStringLiteral("starttime=now")});
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 60000);
    const Trial trial = *store->trial(runner.studyId(), 0, true);
    QVERIFY2(trial.state == TrialState::Complete, qPrintable(trial.reason));
    const QList<MetricPoint> loss = trial.intermediate.value("loss");
    QCOMPARE(loss.size(), 6);
    for (int i = 0; i < loss.size(); ++i)
        QCOMPARE(loss.at(i).step, qint64(i));
    QCOMPARE(*trial.value, 5.0);
    QCOMPARE(readFile(runner.trialDirectory(0) + QStringLiteral("/job.start")).count('\n'), 2);
}

/// Stopping the study cancels its jobs and records their trials as interrupted.
void TestSlurm::stopCancelsJobs()
{
    const QString t = trainer(QStringLiteral("stop"), "i=0; while [ $i -lt 300 ]; do echo \"step=$i loss=1\"; i=$((i + 1)); sleep 0.2; done\n");
    StudySpec s = spec(t, "method: random\nparallel: 2\nrun_cap: 2\nparameters:\n  x: {values: [1, 2]}\n");
    auto store = storage(s);
    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    QSignalSpy done(&runner, &StudyRunner::finished);
    runner.start();
    QString first, second;
    QVERIFY(waitRunning(runner, 0, &first));
    QVERIFY(waitRunning(runner, 1, &second));
    runner.stop();
    QVERIFY(done.wait(30000));
    const QList<Trial> trials = store->trials(runner.studyId()).value_or(QList<Trial>());
    QCOMPARE(trials.size(), 2);
    for (const Trial &trial : trials) {
        QVERIFY2(isInterrupted(trial), qPrintable(trial.reason));
        QCOMPARE(jobState(SlurmJobRecord::parse(trial.job)->jobId), QStringLiteral("CANCELLED"));
    }
}

/// A controller that does not answer: submissions back off instead of spinning, and the study
/// stops with a clear message once backend.controller_timeout has passed. Run again with the
/// controller back, the study completes, every trial once.
void TestSlurm::controllerDown()
{
    const QString t = trainer(QStringLiteral("down"), "echo \"loss=$x\"\n");
    StudySpec s = spec(t, "method: grid\nparallel: 2\nparameters:\n  x: {values: [1, 2, 3]}\n",
                       "backend: {type: slurm, poll_interval: 1s, controller_timeout: 5s}\n");
    // The same cluster seen through a port nobody listens on.
    QString text = QString::fromUtf8(readFile(mConf));
    text.replace(QRegularExpression(QStringLiteral("(?m)^SlurmctldPort=\\d+$")), QStringLiteral("SlurmctldPort=1"));
    const QString down = path(QStringLiteral("down.conf"));
    QVERIFY(writeFile(down, text.toUtf8()));
    qputenv("SLURM_CONF", down.toLocal8Bit());
    auto store = storage(s);
    const int before = sbatchCalls();
    {
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error)); // unreachable is no refusal
        QSignalSpy errors(&runner, &StudyRunner::errorOccurred);
        QElapsedTimer clock;
        clock.start();
        const QList<Trial> trials = runToEnd(runner, *store, 90000);
        QCOMPARE(errors.size(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.startsWith(QStringLiteral("Slurm has not answered for")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Unable to contact slurm controller")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("run the study again to re-attach")), qPrintable(message));
        // Backing off: a few calls in all, not one per trial per second.
        QVERIFY2(sbatchCalls() - before <= 4, qPrintable(QString::number(sbatchCalls() - before)));
        QVERIFY2(clock.elapsed() < 60000, qPrintable(QString::number(clock.elapsed())));
        // Nothing was lost: the trials wait, as they were, for a run that can reach Slurm.
        for (const Trial &trial : trials)
            QVERIFY2(trial.state == TrialState::Running && !trial.job.isEmpty(), qPrintable(trial.reason));
    }
    qputenv("SLURM_CONF", mConf.toLocal8Bit());
    StudyRunner again(s, store.get());
    QString error;
    QVERIFY2(again.prepare(&error), qPrintable(error));
    const QList<Trial> trials = runToEnd(again, *store);
    int complete = 0;
    QSet<int> points;
    for (const Trial &trial : trials) {
        if (trial.state == TrialState::Complete) {
            ++complete;
            points.insert(trial.params.value("x").toInt());
        } else {
            // Never submitted: interrupted, redone, and it keeps the token but no job id.
            QVERIFY2(isInterrupted(trial), qPrintable(trial.reason));
            const auto job = SlurmJobRecord::parse(trial.job);
            QVERIFY2(job && !job->isSubmitted(), qPrintable(trial.job));
        }
    }
    QCOMPARE(complete, 3);
    QCOMPARE(points.size(), 3);
}

/// `tunescope run` killed with SIGKILL while its jobs run: run again, it re-attaches to them.
/// Every grid point completes once, no job runs twice, no job is submitted twice.
void TestSlurm::killedRunReattaches()
{
    const QString t = trainer(QStringLiteral("kill"), "i=0; while [ $i -lt 6 ]; do echo \"step=$i loss=$((x * 10 - i))\"; i=$((i + 1)); sleep 0.5; done\n");
    const QString folder = path(QStringLiteral("killed"));
    QDir().mkpath(folder);
    const QString studyFile = folder + QStringLiteral("/study.yaml");
    const QString study = QStringLiteral("killed-%1").arg(QCoreApplication::applicationPid());
    QVERIFY(writeFile(studyFile, QStringLiteral("name: %2\nprogram: %1\ncommand: [/bin/sh, \"${program}\", \"${args}\"]\n"
                                                "metric: {name: loss}\nmethod: grid\nparallel: 3\n"
                                                "parameters:\n  x: {values: [1, 2, 3, 4, 5, 6, 7, 8]}\n"
                                                "backend: {type: slurm, poll_interval: 1s}\n").arg(t, study).toUtf8()));
    auto run = [&](QProcess &p) {
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/tunescope"), {QStringLiteral("run"), studyFile});
        return p.waitForStarted();
    };
    const int before = sbatchCalls();
    QProcess first;
    QVERIFY(run(first));
    // Killed once three jobs run and one trial has finished.
    const QString db = folder + QStringLiteral("/tunescope.db");
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(db), 20000);
    QElapsedTimer clock;
    clock.start();
    bool ready = false;
    while (!ready && clock.elapsed() < 60000) {
        QTest::qWait(200);
        QString error;
        auto store = Storage::open(db, &error);
        const auto record = store ? store->findStudy(study) : std::nullopt;
        const auto trials = record ? store->trials(record->id) : std::nullopt;
        if (!trials)
            continue;
        const auto done = std::count_if(trials->begin(), trials->end(), [](const Trial &t) { return t.state == TrialState::Complete; });
        const auto running = std::count_if(trials->begin(), trials->end(), [](const Trial &t) {
            return t.state == TrialState::Running && SlurmJobRecord::parse(t.job) && t.queueReason.isEmpty();
        });
        ready = done >= 1 && running >= 2;
    }
    QVERIFY2(ready, first.readAll().constData());
    ::kill(pid_t(first.processId()), SIGKILL);
    QVERIFY(first.waitForFinished(10000));

    QProcess second;
    QVERIFY(run(second));
    QVERIFY(second.waitForFinished(120000));
    const QByteArray output = second.readAll();
    QVERIFY2(second.exitCode() == 0, output.constData());

    QString error;
    auto store = Storage::open(db, &error);
    QVERIFY2(store, qPrintable(error));
    const QList<Trial> trials = *store->trials(store->findStudy(study)->id, true);
    QSet<int> points;
    for (const Trial &trial : trials) {
        // A kill that lands while a submission's sbatch is in flight cuts it off with its runner
        // (PR_SET_PDEATHSIG) before it reaches the controller: that trial is interrupted with
        // only its submission's token, never a job id, and the second run redoes its point.
        const auto job = SlurmJobRecord::parse(trial.job);
        if (isInterrupted(trial) && job && !job->isSubmitted())
            continue;
        QVERIFY2(trial.state == TrialState::Complete,
                 qPrintable(QStringLiteral("trial %1 (job %2): %3").arg(trial.number).arg(trial.job, trial.reason)));
        const int x = trial.params.value("x").toInt();
        QVERIFY2(!points.contains(x), qPrintable(QStringLiteral("x=%1 completed twice").arg(x)));
        points.insert(x);
        QCOMPARE(trial.intermediate.value("loss").size(), 6);
    }
    QCOMPARE(points.size(), 8); // each of the 8 points completed, none twice
    // Each job started once: the job.start files of all trial folders hold one line each.
    int starts = 0;
    QDirIterator it(folder + QStringLiteral("/runs"), {QStringLiteral("job.start")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        starts += int(readFile(it.next()).count('\n'));
    QCOMPARE(starts, 8);
    // And no job was submitted twice: Slurm knows exactly eight jobs of the study.
    const QString name = slurmJobName(study, store->findStudy(study)->id);
    const QStringList jobs = slurmCommand(QStringLiteral("squeue"), {QStringLiteral("--noheader"), QStringLiteral("--array"),
                                                                    QStringLiteral("--states=all"), QStringLiteral("--name=%1").arg(name),
                                                                    QStringLiteral("--format=%i")})
                                 .split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(jobs.size(), 8);
    QVERIFY(sbatchCalls() - before >= 2);
    QCOMPARE(fixture::sqliteIntegrity(db), QStringLiteral("ok"));
}

/// The window between sbatch's answer and the stored job id: a run killed there left only the
/// submission's token with the trial. The next run finds the job by it and follows it; nothing
/// is submitted again.
void TestSlurm::jobFoundByItsToken()
{
    const QString t = trainer(QStringLiteral("token"), "echo never run by this test\nexit 1\n");
    StudySpec s = spec(t, "method: random\nrun_cap: 1\nparameters:\n  x: {values: [1]}\n");
    auto store = storage(s);
    QString trialDir;
    qint64 studyId = -1;
    {
        // A runner prepared the study and claimed trial 0; the job below is "its" submission.
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        studyId = runner.studyId();
        trialDir = runner.trialDirectory(0);
    }
    const std::optional<Trial> claimed = store->startTrial(studyId, {{QStringLiteral("x"), qlonglong(1)}});
    QVERIFY(claimed);
    const QString token = QStringLiteral("tunescope-0123456789ab");
    QVERIFY(store->setTrialJob(claimed->id, QStringLiteral("token=%1/0").arg(token)));
    QVERIFY(store->releaseTrial(claimed->id));
    QDir().mkpath(trialDir);
    const QString script = trialDir + QStringLiteral("/job.sh");
    QVERIFY(writeFile(script, QStringLiteral("#!/bin/sh\nexec >'%1/stdout.log'\necho 1 0 >> '%1/job.start'\nsleep 1\necho 'step=0 loss=0.25'\n"
                                             "echo 0 > '%1/job.exit'\n").arg(trialDir).toUtf8()));
    int rc = -1;
    const QString submitted = slurmCommand(QStringLiteral("sbatch"), {QStringLiteral("--parsable"),
                                                                     QStringLiteral("--job-name=%1").arg(slurmJobName(s.name, studyId)),
                                                                     QStringLiteral("--comment=%1").arg(token),
                                                                     QStringLiteral("--output=/dev/null"), script}, &rc);
    QVERIFY2(rc == 0, qPrintable(submitted));
    const int before = sbatchCalls();

    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    const QList<Trial> trials = runToEnd(runner, *store);
    QCOMPARE(trials.size(), 1);
    QVERIFY2(trials.first().state == TrialState::Complete, qPrintable(trials.first().reason));
    QCOMPARE(*trials.first().value, 0.25);
    QCOMPARE(trials.first().job, parseSbatchId(submitted.toUtf8()).value_or(QString()));
    QCOMPARE(sbatchCalls() - before, 1); // the --test-only check alone
}

/// Jobs that ended while no runner followed them, longer ago than Slurm remembers (MinJobAge),
/// without accounting: what they left in their folders decides. One with an exit status
/// completes; one that never started is run again.
void TestSlurm::forgottenJobsReadFromTheirFiles()
{
    const QString t = trainer(QStringLiteral("forgotten"), "echo \"loss=$x\"\n");
    StudySpec s = spec(t, "method: grid\nparameters:\n  x: {values: [7, 8]}\n");
    auto store = storage(s);
    qint64 studyId = -1;
    QString dirs[2];
    {
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        studyId = runner.studyId();
        dirs[0] = runner.trialDirectory(0);
        dirs[1] = runner.trialDirectory(1);
    }
    // Ids Slurm has never seen (far beyond the test cluster's job counter).
    const std::optional<Trial> ran = store->startTrial(studyId, {{QStringLiteral("x"), qlonglong(7)}});
    const std::optional<Trial> lost = store->startTrial(studyId, {{QStringLiteral("x"), qlonglong(8)}});
    QVERIFY(ran && lost);
    QVERIFY(store->setTrialJob(ran->id, QStringLiteral("67000001")) && store->releaseTrial(ran->id));
    QVERIFY(store->setTrialJob(lost->id, QStringLiteral("67000002")) && store->releaseTrial(lost->id));
    QDir().mkpath(dirs[0]);
    QVERIFY(writeFile(dirs[0] + QStringLiteral("/stdout.log"), "step=0 loss=7\n"));
    QVERIFY(writeFile(dirs[0] + QStringLiteral("/job.start"), "67000001 0 vm\n"));
    QVERIFY(writeFile(dirs[0] + QStringLiteral("/job.exit"), "0\n"));

    StudyRunner runner(s, store.get());
    QString error;
    QVERIFY2(runner.prepare(&error), qPrintable(error));
    const QList<Trial> trials = runToEnd(runner, *store);
    QCOMPARE(trials.size(), 3);
    QCOMPARE(trials.at(0).state, TrialState::Complete);
    QCOMPARE(*trials.at(0).value, 7.0);
    QVERIFY2(isInterrupted(trials.at(1)) && trials.at(1).reason.contains("never ran"), qPrintable(trials.at(1).reason));
    QCOMPARE(trials.at(2).state, TrialState::Complete); // the point of the lost one, run again
    QCOMPARE(trials.at(2).params.value("x").toInt(), 8);
}

QTEST_GUILESS_MAIN(TestSlurm)
#include "tst_slurm.moc"
