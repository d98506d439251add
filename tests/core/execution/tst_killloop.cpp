#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <sys/types.h>

namespace {

constexpr int kGridPoints = 60;
constexpr int kSteps = 4;
constexpr int kKills = 20;

/// The trial: records its pid and the pid of a child it leaves running in the background (the
/// data-loader worker that outlives its parent), then reports kSteps values of loss = x.
/// The child is forked after the first step: a runner killed in the first milliseconds of a
/// trial may not have stored the process group yet (see the report of this suite).
const char *kTrialScript = R"(#!/bin/sh
x=${1#--x=}
echo "step=1 loss=$x"
sleep 0.05
sleep 30 >/dev/null 2>&1 &
echo "$$ $!" >> "$KILLLOOP_PIDS"
for s in 2 3 4; do
    sleep 0.05
    echo "step=$s loss=$x"
done
)";

/// True while pid names a live process (a zombie counts as dead: it runs nothing).
bool alive(qint64 pid)
{
    if (::kill(pid_t(pid), 0) != 0)
        return errno != ESRCH;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close < 0 || line.mid(close + 2, 1) != "Z";
}

} // namespace

/// Fault injection: a real `tunescope run` is SIGKILLed at random moments and restarted each
/// time; the study must still end with exactly its budget, every grid point run to completion
/// once, consistent values, a sound database and no trial process left behind.
class TestKillLoop : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;

    QProcess *startRun()
    {
        auto *p = new QProcess(this);
        p->setWorkingDirectory(mDir.path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KILLLOOP_PIDS"), mDir.filePath("pids"));
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/tunescope"),
                 {QStringLiteral("run"), mDir.filePath("study.yaml"), QStringLiteral("--quiet")});
        return p;
    }

    /// Every "leader child" pid pair the trials wrote so far.
    QList<qint64> recordedPids(bool leadersOnly)
    {
        QList<qint64> pids;
        QFile f(mDir.filePath("pids"));
        if (!f.open(QIODevice::ReadOnly))
            return pids;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QList<QByteArray> parts = line.trimmed().split(' ');
            if (parts.size() != 2)
                continue;
            pids << parts[0].toLongLong();
            if (!leadersOnly)
                pids << parts[1].toLongLong();
        }
        return pids;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        QFile script(mDir.filePath("trial.sh"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(kTrialScript);
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QStringList values;
        for (int i = 0; i < kGridPoints; ++i)
            values << QString::number(i);
        QFile spec(mDir.filePath("study.yaml"));
        QVERIFY(spec.open(QIODevice::WriteOnly));
        spec.write(QStringLiteral("name: killloop\nprogram: trial.sh\ncommand: [\"./trial.sh\", \"${args}\"]\n"
                                  "method: grid\nmetric: {name: loss}\nparallel: 3\n"
                                  "parameters:\n  x: {values: [%1]}\n")
                       .arg(values.join(", "))
                       .toUtf8());
    }

    void killedAtRandomMomentsLosesNothing()
    {
        QRandomGenerator random(QRandomGenerator::global()->generate());
        int killedWhileRunning = 0;
        QElapsedTimer clock;
        clock.start();
        for (int round = 0; round < kKills; ++round) {
            QProcess *run = startRun();
            QVERIFY(run->waitForStarted());
            // Random moments across a run's life: opening the database, preparing, launching,
            // flushing values, finishing trials.
            const int delayMs = int(random.bounded(20, 400));
            if (run->waitForFinished(delayMs)) {
                qWarning("round %d: the study finished before the kill (%s)", round, run->readAll().constData());
                delete run;
                break;
            }
            ::kill(pid_t(run->processId()), SIGKILL);
            QVERIFY(run->waitForFinished(5000));
            QCOMPARE(run->exitStatus(), QProcess::CrashExit);
            ++killedWhileRunning;
            delete run;
            // PR_SET_PDEATHSIG: the trial programs die with the runner, at once.
            for (qint64 pid : recordedPids(true))
                QTRY_VERIFY2_WITH_TIMEOUT(!alive(pid), qPrintable(QStringLiteral("trial leader %1 outlived the killed run").arg(pid)), 3000);
        }
        qInfo("%d SIGKILLs in %.1f s", killedWhileRunning, clock.elapsed() / 1000.0);
        QCOMPARE(killedWhileRunning, kKills);

        // The last run goes to the end.
        QProcess *last = startRun();
        QVERIFY(last->waitForFinished(60000));
        const QString output = QString::fromUtf8(last->readAll());
        QVERIFY2(last->exitStatus() == QProcess::NormalExit && last->exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("%1 trials: %1 complete").arg(kGridPoints)), qPrintable(output));
        delete last;

        // No process of any trial is left: leaders died with their runner, the children they
        // forked were stopped through the stored process group by the next run.
        const QList<qint64> pids = recordedPids(false);
        QVERIFY(!pids.isEmpty());
        for (qint64 pid : pids)
            QVERIFY2(!alive(pid), qPrintable(QStringLiteral("process %1 of a trial is still running").arg(pid)));

        // The database, read behind Tunescope's back.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(mDir.filePath("tunescope.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));

            QVERIFY(q.exec(QStringLiteral("SELECT id, number, state, reason, value, json_extract(params, '$.x') FROM trials ORDER BY number")));
            QHash<qint64, QString> stateOf;
            QHash<qint64, double> xOf;
            QSet<int> completedPoints;
            int complete = 0, interrupted = 0, total = 0;
            while (q.next()) {
                ++total;
                const qint64 id = q.value(0).toLongLong();
                const QString state = q.value(2).toString();
                const int x = q.value(5).toInt();
                stateOf.insert(id, state);
                xOf.insert(id, x);
                if (state == QLatin1String("COMPLETE")) {
                    ++complete;
                    QVERIFY2(!completedPoints.contains(x), qPrintable(QStringLiteral("grid point %1 completed twice").arg(x)));
                    completedPoints.insert(x);
                    QCOMPARE(q.value(4).toDouble(), double(x));
                } else {
                    QCOMPARE(state, QStringLiteral("FAILED"));
                    QVERIFY2(q.value(3).toString().startsWith(QLatin1String("interrupted")), qPrintable(q.value(3).toString()));
                    ++interrupted;
                }
            }
            QCOMPARE(complete, kGridPoints);
            QCOMPARE(completedPoints.size(), kGridPoints);

            // Intermediate values: a complete trial has all steps once, in order; an interrupted
            // one a gapless prefix of them. Every value is the trial's x.
            QVERIFY(q.exec(QStringLiteral("SELECT trial_id, step, value FROM trial_values WHERE metric = 'loss' ORDER BY trial_id, id")));
            QHash<qint64, QList<qint64>> steps;
            int values = 0;
            while (q.next()) {
                const qint64 id = q.value(0).toLongLong();
                QVERIFY(stateOf.contains(id));
                QCOMPARE(q.value(2).toDouble(), xOf.value(id));
                steps[id].append(q.value(1).toLongLong());
                ++values;
            }
            for (auto it = stateOf.cbegin(); it != stateOf.cend(); ++it) {
                const QList<qint64> s = steps.value(it.key());
                if (it.value() == QLatin1String("COMPLETE"))
                    QCOMPARE(s.size(), kSteps);
                QVERIFY(s.size() <= kSteps);
                for (qsizetype i = 0; i < s.size(); ++i)
                    QCOMPARE(s[i], qint64(i + 1));
            }
            qInfo("kill loop: %d SIGKILLs, %d trials stored (%d complete, %d interrupted), %d values, %d trial processes checked",
                  killedWhileRunning, total, complete, interrupted, values, int(pids.size()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }
};

QTEST_GUILESS_MAIN(TestKillLoop)
#include "tst_killloop.moc"
