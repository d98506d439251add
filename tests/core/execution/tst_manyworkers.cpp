// Many `tunescope run` and `tunescope worker` processes on one grid study, on SQLite and (when
// TUNESCOPE_TEST_POSTGRES_URL is set) PostgreSQL: every grid point runs exactly once, nothing
// is lost, and a worker killed or frozen mid-trial has its point redone by the others.
#include "space/studyspec.h"
#include "support/sqlitecheck.h"
#include "storage/storage.h"
#include "support/storagefixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <functional>

using namespace tunescope;

namespace {

const QString kPostgresUrl = qEnvironmentVariable("TUNESCOPE_TEST_POSTGRES_URL"); // rows only where set

/// A grid of `side`^`dims` points whose trial reports loss = its digits (a=3, b=4: loss=34),
/// after sleeping `sleep` seconds. Heartbeats are fast so that dead workers are found fast;
/// where no worker dies, a long grace keeps a worker starved of CPU on a loaded machine (8
/// workers on 2 cores) from being taken for dead, which would interrupt its trials.
QByteArray gridStudy(const QString &name, int side, int dims, const QString &sleep, const QString &grace = QStringLiteral("2s"))
{
    static const QStringList names{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QStringList values;
    for (int i = 0; i < side; ++i)
        values << QString::number(i);
    QString digits, parameters;
    for (int d = 0; d < dims; ++d) {
        digits += QStringLiteral("${%1}").arg(names[d]);
        parameters += QStringLiteral("  %1: {values: [%2]}\n").arg(names[d], values.join(QStringLiteral(", ")));
    }
    const QString pause = sleep.isEmpty() ? QString() : QStringLiteral("sleep %1; ").arg(sleep);
    return QStringLiteral("name: %1\nprogram: sh\nmethod: grid\nparallel: 2\nheartbeat_interval: 1s\nheartbeat_grace: %5\n"
                          "command: [\"/bin/sh\", \"-c\", \"%2echo loss=%3\"]\n"
                          "metric: {name: loss}\nparameters:\n%4")
        .arg(name, pause, digits, parameters, grace)
        .toUtf8();
}

} // namespace

class TestManyWorkers : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    int mCase = 0;

    fixture::Databases mDatabases;

    /// An empty database of the backend: the PostgreSQL test database is shared with the
    /// storage suites, whose cases leave it in any state (even a "newer" schema).
    QString location(const QString &backend) { return mDatabases.freshLocation(backend); }

    /// The spec file and the study, created up front so that `worker` processes find it.
    std::optional<StudySpec> createStudy(const QString &db, const QString &name, const QByteArray &yaml, QString *specPath)
    {
        *specPath = mDir.filePath(name + QStringLiteral(".yaml"));
        QFile f(*specPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(yaml) != yaml.size())
            return std::nullopt;
        f.close();
        const SpecLoadResult loaded = loadStudySpec(*specPath);
        if (!loaded.spec)
            return std::nullopt;
        QString error;
        auto storage = Storage::open(db, &error);
        if (!storage)
            return std::nullopt;
        StudyRecord record;
        record.name = loaded.spec->name;
        record.method = loaded.spec->method;
        record.metricName = loaded.spec->objective().name;
        record.specYaml = studySpecToYaml(*loaded.spec);
        if (!storage->createStudy(record))
            return std::nullopt;
        return loaded.spec;
    }

    /// `count` processes, alternately `run SPEC --db DB` and `worker DB --study NAME`, each
    /// held at a gate until the file `go` appears, so that they start at the same instant.
    QList<QProcess *> startWorkers(int count, const QString &db, const QString &specPath, const QString &study)
    {
        const QString gate = mDir.filePath(QStringLiteral("go-%1").arg(mCase));
        QList<QProcess *> workers;
        for (int i = 0; i < count; ++i) {
            auto *p = new QProcess(this);
            p->setWorkingDirectory(mDir.path());
            p->setProcessChannelMode(QProcess::MergedChannels);
            const QStringList args = i % 2 == 0 ? QStringList{"run", specPath, "--db", db, "--quiet"}
                                                : QStringList{"worker", db, "--study", study, "--quiet"};
            const QStringList gated{QStringLiteral("-c"), QStringLiteral("until [ -e \"$0\" ]; do sleep 0.005; done; exec \"$@\""),
                                    gate, QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/tunescope")};
            p->start(QStringLiteral("/bin/sh"), gated + args);
            workers << p;
        }
        for (QProcess *p : workers)
            p->waitForStarted();
        QFile go(gate);
        go.open(QIODevice::WriteOnly);
        return workers;
    }

    /// A hang guard, not a speed check: 8 sanitizer-built workers on a loaded 2-core machine
    /// once took more than 60 s over 1,000 points, hence the callers' 150 s.
    static bool waitAll(const QList<QProcess *> &workers, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        for (QProcess *p : workers) {
            if (!p->waitForFinished(int(std::max<qint64>(1, timeoutMs - timer.elapsed()))))
                return false;
        }
        return true;
    }

    /// What the workers computed together: each point of the grid exactly once and complete
    /// with the value its parameters give, trial numbers without gaps, nothing left running,
    /// no worker left registered. Interrupted trials (a killed worker's) may come on top.
    void verifyGrid(const QString &db, const StudySpec &spec, int *interrupted)
    {
        QString error;
        auto storage = Storage::open(db, &error);
        QVERIFY2(storage, qPrintable(error));
        const auto study = storage->findStudy(spec.name);
        QVERIFY(study);
        const QList<Trial> trials = storage->trials(study->id).value();
        const qint64 size = spec.space.gridSize().value();
        QSet<qint64> points;
        *interrupted = 0;
        for (qsizetype i = 0; i < trials.size(); ++i) {
            const Trial &t = trials[i];
            QCOMPARE(t.number, int(i)); // no trial lost between numbering and insert
            if (isInterrupted(t)) {
                ++*interrupted;
                QVERIFY(!t.gridIndex); // gave its point back
                continue;
            }
            QVERIFY2(t.state == TrialState::Complete, qPrintable(QStringLiteral("trial %1: %2 %3").arg(t.number).arg(trialStateName(t.state), t.reason)));
            const std::optional<qint64> index = spec.space.gridIndex(t.params);
            QVERIFY(index);
            QCOMPARE(t.gridIndex, index);
            QVERIFY2(!points.contains(*index), qPrintable(QStringLiteral("grid point %1 ran twice (trial %2)").arg(*index).arg(t.number)));
            points.insert(*index);
            double expected = 0;
            for (const char *name : {"a", "b", "c"}) {
                if (t.params.contains(QLatin1String(name)))
                    expected = expected * 10 + t.params.value(QLatin1String(name)).toDouble();
            }
            QCOMPARE(t.value.value_or(-1), expected);
        }
        QCOMPARE(qint64(points.size()), size);
        QCOMPARE(storage->liveWorkers(study->id).value_or(-1), 0);
        for (const StudySummary &s : storage->studySummaries()) {
            if (s.study.id == study->id) {
                QCOMPARE(s.running, 0);
                QCOMPARE(s.stale, 0);
            }
        }
    }

    /// SIGSTOPs `pid` while this test holds the SQLite file's write lock, so that the process
    /// cannot be frozen inside a write transaction. One frozen there keeps the lock, and no
    /// other process can take it until it wakes: the others wait on it (and give up after
    /// the retries of Connection::write). That is SQLite's limit, not the heartbeat's, and
    /// it once hung this case in CI under the sanitizers. PostgreSQL ends a session
    /// idle in a transaction after 10 s, so there the victim is frozen at any instant.
    static bool freezeOutsideWrites(const QString &db, pid_t pid)
    {
        const QString name = QStringLiteral("freeze-lock");
        bool frozen = false;
        {
            QSqlDatabase lock = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            lock.setDatabaseName(db);
            lock.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=60000"));
            QSqlQuery q(lock);
            if (lock.open() && q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
                frozen = ::kill(pid, SIGSTOP) == 0;
                q.exec(QStringLiteral("ROLLBACK"));
            }
        }
        QSqlDatabase::removeDatabase(name);
        return frozen;
    }

    static QString outputs(const QList<QProcess *> &workers)
    {
        QString all;
        for (QProcess *p : workers)
            all += QString::fromUtf8(p->readAll());
        return all;
    }

    static void addBackends(const std::function<void(const char *)> &rows)
    {
        rows("sqlite");
        if (!kPostgresUrl.isEmpty())
            rows("postgres");
    }

    void nextCase() { ++mCase; }

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        if (kPostgresUrl.isEmpty())
            qInfo("PostgreSQL cases skipped: TUNESCOPE_TEST_POSTGRES_URL not set");
    }

    void init() { nextCase(); }

    void everyPointExactlyOnce_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("workers");
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("dims");
        addBackends([](const char *backend) {
            for (int workers : {4, 8}) {
                // The small grid runs out within the workers' first claims: the hardest race.
                for (int rep = 0; rep < 3; ++rep)
                    QTest::addRow("%s-%d-workers-64-points-%d", backend, workers, rep) << QString::fromLatin1(backend) << workers << 8 << 2;
                QTest::addRow("%s-%d-workers-1000-points", backend, workers) << QString::fromLatin1(backend) << workers << 10 << 3;
            }
        });
    }

    void everyPointExactlyOnce()
    {
        QFETCH(QString, backend);
        QFETCH(int, workers);
        QFETCH(int, side);
        QFETCH(int, dims);
        const QString db = location(backend);
        const QString name = QStringLiteral("grid-%1-%2").arg(QCoreApplication::applicationPid()).arg(mCase);
        QString specPath;
        const auto spec = createStudy(db, name, gridStudy(name, side, dims, QString(), QStringLiteral("30s")), &specPath);
        QVERIFY(spec);
        QElapsedTimer timer;
        timer.start();
        const QList<QProcess *> procs = startWorkers(workers, db, specPath, name);
        QVERIFY(waitAll(procs, 150000));
        const qint64 ms = timer.elapsed();
        const QString output = outputs(procs);
        for (QProcess *p : procs)
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, qPrintable(output));
        QVERIFY2(!output.contains(QLatin1String("error"), Qt::CaseInsensitive), qPrintable(output));
        int interrupted = 0;
        verifyGrid(db, *spec, &interrupted);
        QCOMPARE(interrupted, 0);
        if (backend == QLatin1String("sqlite"))
            QCOMPARE(fixture::sqliteIntegrity(db), QStringLiteral("ok"));
        qInfo("%d workers, %lld points: %lld ms", workers, qint64(std::pow(side, dims)), ms);
        qDeleteAll(procs);
    }

    /// A budget smaller than the grid: the workers together run exactly that many distinct
    /// points, and all of them stop.
    void budgetAndGridTogether()
    {
        const QString db = location(QStringLiteral("sqlite"));
        const QString name = QStringLiteral("capped-%1").arg(mCase);
        QString specPath;
        const auto spec = createStudy(db, name, gridStudy(name, 8, 2, QString(), QStringLiteral("30s")) + "run_cap: 20\n", &specPath);
        QVERIFY(spec);
        const QList<QProcess *> procs = startWorkers(4, db, specPath, name);
        QVERIFY(waitAll(procs, 150000));
        const QString output = outputs(procs);
        for (QProcess *p : procs)
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, qPrintable(output));
        QString error;
        auto storage = Storage::open(db, &error);
        QVERIFY2(storage, qPrintable(error));
        const QList<Trial> trials = storage->trials(storage->findStudy(name)->id).value();
        QCOMPARE(trials.size(), 20);
        QSet<qint64> points;
        for (const Trial &t : trials) {
            QCOMPARE(t.state, TrialState::Complete);
            points.insert(t.gridIndex.value_or(-1));
        }
        QCOMPARE(points.size(), 20);
        QVERIFY(!points.contains(-1));
        qDeleteAll(procs);
    }

    /// One worker SIGKILLed (dead: its host sees the pid gone) or SIGSTOPped (frozen: alive to
    /// the pid check, so only its missing heartbeat tells) while its trial runs; the others
    /// redo that point and finish the grid. A frozen worker that wakes up finds its trial
    /// taken from it and records nothing.
    void deadWorkersTrialsAreRedone_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("signal");
        addBackends([](const char *backend) {
            QTest::addRow("%s-sigkill", backend) << QString::fromLatin1(backend) << int(SIGKILL);
            QTest::addRow("%s-sigstop", backend) << QString::fromLatin1(backend) << int(SIGSTOP);
        });
    }

    void deadWorkersTrialsAreRedone()
    {
        QFETCH(QString, backend);
        QFETCH(int, signal);
        const QString db = location(backend);
        const QString name = QStringLiteral("dead-%1-%2").arg(QCoreApplication::applicationPid()).arg(mCase);
        QString specPath;
        const auto spec = createStudy(db, name, gridStudy(name, 4, 2, QStringLiteral("0.3")), &specPath);
        QVERIFY(spec);
        const QList<QProcess *> procs = startWorkers(4, db, specPath, name);
        QProcess *victim = procs.first();

        // Wait for a trial of the victim's (the gate's shell exec()s it: same pid).
        QString error;
        auto storage = Storage::open(db, &error);
        QVERIFY2(storage, qPrintable(error));
        const qint64 studyId = storage->findStudy(name).value().id;
        const QString suffix = QStringLiteral(":%1").arg(victim->processId());
        QTRY_VERIFY_WITH_TIMEOUT(std::ranges::any_of(storage->trials(studyId).value_or(QList<Trial>{}), [&](const Trial &t) {
                                     return t.state == TrialState::Running && t.worker.endsWith(suffix);
                                 }),
                                 20000);
        if (signal == SIGSTOP && backend == QLatin1String("sqlite"))
            QVERIFY(freezeOutsideWrites(db, pid_t(victim->processId())));
        else
            ::kill(pid_t(victim->processId()), signal);

        const QList<QProcess *> others = procs.mid(1);
        QVERIFY(waitAll(others, 150000));
        const QString output = outputs(others);
        for (QProcess *p : others)
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, qPrintable(output));
        QVERIFY2(!output.contains(QLatin1String("error"), Qt::CaseInsensitive), qPrintable(output));
        if (signal == SIGSTOP) {
            ::kill(pid_t(victim->processId()), SIGCONT);
            QVERIFY(victim->waitForFinished(30000));
            const QString said = QString::fromUtf8(victim->readAll());
            QVERIFY2(victim->exitStatus() == QProcess::NormalExit && victim->exitCode() == 0,
                     qPrintable(QStringLiteral("%1, exit code %2: %3")
                                    .arg(victim->exitStatus() == QProcess::NormalExit ? QStringLiteral("exited") : QStringLiteral("crashed"))
                                    .arg(victim->exitCode())
                                    .arg(said)));
            QVERIFY2(!said.contains(QLatin1String("error"), Qt::CaseInsensitive), qPrintable(said));
        } else {
            QVERIFY(victim->waitForFinished(10000));
        }

        int interrupted = 0;
        verifyGrid(db, *spec, &interrupted);
        QVERIFY(interrupted >= 1);
        if (signal == SIGSTOP) {
            // The frozen worker's pid was alive throughout: only the heartbeat can have told.
            const QList<Trial> trials = storage->trials(studyId).value();
            QVERIFY(std::ranges::any_of(trials, [&](const Trial &t) {
                return isInterrupted(t) && t.worker.endsWith(suffix) && t.reason.contains(QLatin1String("no heartbeat"));
            }));
        }
        if (backend == QLatin1String("sqlite"))
            QCOMPARE(fixture::sqliteIntegrity(db), QStringLiteral("ok"));
        qDeleteAll(procs);
    }
};

QTEST_GUILESS_MAIN(TestManyWorkers)
#include "tst_manyworkers.moc"
