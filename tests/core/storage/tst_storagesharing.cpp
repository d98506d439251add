// Several processes and connections on one database, SQLite always, PostgreSQL when
// TUNESCOPE_TEST_POSTGRES_URL is set: race-free trial numbering and study creation, waiting
// for another writer's lock, and the trials of a process that died.
//
// The binary doubles as a worker process for the multi-process cases:
//   tst_storagesharing --storage-worker LOCATION STUDY COUNT [--leave-running] [--create]

#include "storage/storage.h"
#include "support/storagefixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <cstdio>

using namespace tunescope;
using namespace fixture;

namespace {

const QString kWorkerFlag = QStringLiteral("--storage-worker");

// Runs trials the way a headless `tunescope run` would; any failure is printed and fails the
// process, so the parent sees lock errors that would otherwise stay hidden.
int runWorker(const QStringList &args)
{
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: --storage-worker LOCATION STUDY COUNT [--leave-running] [--create]\n");
        return 2;
    }
    QString error;
    auto storage = Storage::open(args[0], &error);
    if (!storage) {
        std::fprintf(stderr, "open: %s\n", qPrintable(error));
        return 1;
    }
    auto study = storage->findStudy(args[1]);
    if (!study && args.contains(QStringLiteral("--create"))) {
        StudyRecord record;
        record.name = args[1];
        study = storage->createStudy(record);
        if (!study) // created by the other worker meanwhile
            study = storage->findStudy(args[1]);
    }
    if (!study) {
        std::fprintf(stderr, "findStudy: %s\n", qPrintable(storage->lastError()));
        return 1;
    }
    const int count = args[2].toInt();
    for (int i = 0; i < count; ++i) {
        const auto t = storage->startTrial(study->id, {{QStringLiteral("i"), qlonglong(i)}});
        if (!t) {
            std::fprintf(stderr, "startTrial: %s\n", qPrintable(storage->lastError()));
            return 1;
        }
        if (!storage->addMetricReports(t->id, {{QStringLiteral("loss"), {0, 1.0}},
                                               {QStringLiteral("loss"), {1, 0.5}},
                                               {QStringLiteral("loss"), {2, 0.25}}})) {
            std::fprintf(stderr, "addMetricReports: %s\n", qPrintable(storage->lastError()));
            return 1;
        }
        if (!storage->finishTrial(t->id, TrialState::Complete, 0.25, 0, QString())) {
            std::fprintf(stderr, "finishTrial: %s\n", qPrintable(storage->lastError()));
            return 1;
        }
    }
    if (args.contains(QStringLiteral("--leave-running"))
        && !storage->startTrial(study->id, {{QStringLiteral("left"), true}})) {
        std::fprintf(stderr, "startTrial: %s\n", qPrintable(storage->lastError()));
        return 1;
    }
    return 0;
}

} // namespace

class TestStorageSharing : public QObject
{
    Q_OBJECT

private:
    Databases mDatabases;

    QProcess *startWorker(const QString &location, const QString &study, int count, bool leaveRunning,
                          bool create = false)
    {
        auto *p = new QProcess(this);
        QStringList args{kWorkerFlag, location, study, QString::number(count)};
        if (leaveRunning)
            args << QStringLiteral("--leave-running");
        if (create)
            args << QStringLiteral("--create");
        p->start(QCoreApplication::applicationFilePath(), args);
        return p;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(mDatabases.isValid());
        if (mDatabases.postgresUrl().isEmpty())
            qInfo("PostgreSQL cases skipped: TUNESCOPE_TEST_POSTGRES_URL not set");
    }

    void concurrentNumbering_data() { addBackendRows(); }
    void concurrentNumbering()
    {
        FRESH_LOCATION(location);
        {
            OPEN_STORAGE(storage, location);
            QVERIFY(storage->createStudy(makeStudy(QStringLiteral("shared"))));
        }
        constexpr int perWorker = 200;
        QElapsedTimer timer;
        timer.start();
        QProcess *w1 = startWorker(location, QStringLiteral("shared"), perWorker, false);
        QProcess *w2 = startWorker(location, QStringLiteral("shared"), perWorker, false);
        // The parent reads while the workers write, as the GUI does beside a headless run.
        OPEN_STORAGE(storage, location);
        const auto study = storage->findStudy(QStringLiteral("shared"));
        QVERIFY(study);
        while (w1->state() != QProcess::NotRunning || w2->state() != QProcess::NotRunning) {
            QVERIFY2(storage->trials(study->id, true), qPrintable(storage->lastError()));
            QVERIFY(storage->studySummaries().size() == 1);
            QTest::qWait(20);
            QVERIFY2(timer.elapsed() < 60000, "workers did not finish within 60 s");
        }
        for (QProcess *w : {w1, w2}) {
            w->waitForFinished(60000); // false when it has finished already
            const QByteArray err = w->readAllStandardError();
            QVERIFY2(w->exitStatus() == QProcess::NormalExit && w->exitCode() == 0, err.constData());
            QVERIFY2(err.isEmpty(), err.constData());
        }
        qInfo("2 processes x %d trials (start, 3 reports, finish) in %lld ms", perWorker, timer.elapsed());

        const auto trials = storage->trials(study->id, true);
        QVERIFY2(trials, qPrintable(storage->lastError()));
        QCOMPARE(trials->size(), 2 * perWorker);
        QHash<QString, int> perProcess;
        for (int i = 0; i < trials->size(); ++i) {
            const Trial &t = trials->at(i);
            QCOMPARE(t.number, i); // ordered, no duplicates, no gaps
            QCOMPARE(t.state, TrialState::Complete);
            QCOMPARE(t.intermediate.value(QStringLiteral("loss")).size(), 3);
            ++perProcess[t.worker];
        }
        QCOMPARE(perProcess.size(), 2);
        for (const int n : std::as_const(perProcess))
            QCOMPARE(n, perWorker);
    }

    /// Two processes open a database that does not exist yet and create the same study.
    void concurrentCreation_data() { addBackendRows(); }
    void concurrentCreation()
    {
        FRESH_LOCATION(location);
        QProcess *w1 = startWorker(location, QStringLiteral("raced"), 30, false, true);
        QProcess *w2 = startWorker(location, QStringLiteral("raced"), 30, false, true);
        for (QProcess *w : {w1, w2}) {
            QVERIFY(w->waitForFinished(60000));
            const QByteArray err = w->readAllStandardError();
            QVERIFY2(w->exitCode() == 0 && err.isEmpty(), err.constData());
        }
        OPEN_STORAGE(storage, location);
        const auto study = storage->findStudy(QStringLiteral("raced"));
        QVERIFY(study);
        QCOMPARE(storage->trials(study->id)->size(), 60);
        QCOMPARE(storage->studySummaries().size(), 1);
    }

    /// Another connection holds the write lock for a while: the write waits instead of failing.
    void waitsForWriteLock()
    {
        const QString path = mDatabases.freshLocation(QStringLiteral("sqlite"));
        OPEN_STORAGE(storage, path);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("locked")));
        QVERIFY(study);
        QSemaphore locked;
        QString threadError;
        QThread *holder = QThread::create([&] {
            const QString name = QStringLiteral("tst-lock-holder");
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(path);
                QSqlQuery q(db);
                if (!db.open() || !q.exec(QStringLiteral("BEGIN IMMEDIATE"))
                    || !q.exec(QStringLiteral("UPDATE studies SET method = 'held' WHERE name = 'locked'")))
                    threadError = q.lastError().text();
                locked.release();
                QThread::msleep(400);
                if (!q.exec(QStringLiteral("COMMIT")))
                    threadError = q.lastError().text();
            }
            QSqlDatabase::removeDatabase(name);
        });
        holder->start();
        locked.acquire();
        QElapsedTimer timer;
        timer.start();
        const auto t = storage->startTrial(study->id, {});
        const qint64 waited = timer.elapsed();
        holder->wait();
        delete holder;
        QVERIFY2(threadError.isEmpty(), qPrintable(threadError));
        QVERIFY2(t, qPrintable(storage->lastError()));
        QVERIFY2(waited >= 200, qPrintable(QString::number(waited)));
        QCOMPARE(storage->findStudy(QStringLiteral("locked"))->method, QStringLiteral("held"));
    }

    void interruptedTrials_data() { addBackendRows(); }
    void interruptedTrials()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("crash")));
        QVERIFY(study);

        // A process that completes one trial, starts another and exits without finishing it.
        QProcess *w = startWorker(location, study->name, 1, true);
        QVERIFY(w->waitForFinished(30000));
        QVERIFY2(w->exitCode() == 0, w->readAllStandardError().constData());

        const auto ours = storage->startTrial(study->id, {}); // alive: this process
        const auto remote = storage->startTrial(study->id, {});
        QVERIFY(ours && remote);
        QString error;
        rawSql(location, {QStringLiteral("UPDATE trials SET worker = 'elsewhere.invalid:1' WHERE id = %1").arg(remote->id)}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // What the dead worker's trial program left is the caller's to stop: it gets the group.
        const auto left = storage->trial(study->id, 1);
        QVERIFY(left && storage->setTrialProcessGroup(left->id, 4242));

        const auto found = storage->findInterruptedTrials(study->id);
        QVERIFY2(found, qPrintable(storage->lastError()));
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->first().id, left->id);
        QCOMPARE(found->first().number, 1);
        QCOMPARE(found->first().processGroup, std::optional<qint64>(4242));
        QCOMPARE(storage->trial(study->id, 1)->state, TrialState::Running); // finding only reads
        const auto marked = storage->markInterruptedTrials(*found);
        QVERIFY2(marked, qPrintable(storage->lastError()));
        QCOMPARE(*marked, 1);

        const auto trials = storage->trials(study->id);
        QVERIFY(trials);
        QCOMPARE(trials->size(), 4);
        QCOMPARE(trials->at(0).state, TrialState::Complete); // dead worker, but finished
        QCOMPARE(trials->at(1).state, TrialState::Failed);
        QCOMPARE(trials->at(1).reason, QStringLiteral("interrupted"));
        QVERIFY(trials->at(1).finished.isValid());
        QCOMPARE(trials->at(1).worker, trials->at(0).worker);
        QVERIFY(trials->at(1).worker != currentWorkerId());
        QCOMPARE(trials->at(2).state, TrialState::Running);
        QCOMPARE(trials->at(3).state, TrialState::Running);

        QVERIFY(storage->findInterruptedTrials(study->id)->isEmpty());
        QCOMPARE(*storage->markInterruptedTrials(*found), 0); // marked once
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() > 1 && args[1] == kWorkerFlag)
        return runWorker(args.mid(2));
    TestStorageSharing test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storagesharing.moc"
