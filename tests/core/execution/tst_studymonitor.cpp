#include "storage/storage.h"
#include "storage/studyrecord.h"
#include "execution/studymonitor.h"
#include "execution/studyrunner.h"
#include "space/studyspec.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;

/// StudyMonitor: fixed data, polling a database another writer changes, following a runner.
class TestStudyMonitor : public QObject
{
    Q_OBJECT

private slots:
    void loadSortsAndFindsBest();
    void loadBestHonoursGoal_data();
    void loadBestHonoursGoal();
    void openMissingStudyFails();
    void pollSeesAnotherWriter();
    void pollReadsFullHistory();
    void attachFollowsRunner();
    void closeEmptiesAndResets();
    void openInBackgroundRowsThenValues();
    void pollReadsOnlyNewValues();
    void replacedDatabaseIsReloaded();
    void snapshotStaysAsItWas();

private:
    static StudySpec spec(const QString &name, Goal goal = Goal::Minimize);
    /// A study of `count` finished trials of `steps` values each in a fresh database.
    static qint64 fillStudy(Storage &storage, const QString &name, int count, int steps);
};

StudySpec TestStudyMonitor::spec(const QString &name, Goal goal)
{
    const QByteArray yaml = QStringLiteral("name: %1\nprogram: /bin/sh\nmethod: random\n"
                                           "metric: {name: loss, goal: %2}\n"
                                           "parameters:\n  x: {min: 0.0, max: 1.0}\n")
                                .arg(name, goalName(goal)).toUtf8();
    const SpecLoadResult loaded = parseStudySpec(yaml, QStringLiteral("test"));
    Q_ASSERT(loaded.spec);
    return *loaded.spec;
}

/// Deletes a study's trials behind Storage's back, as another tool replacing the data would.
static bool fixtureDeleteTrials(const QString &path, qint64 studyId)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("behind"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(QStringLiteral("PRAGMA foreign_keys=ON"))
                 && q.exec(QStringLiteral("DELETE FROM trials WHERE study_id = %1").arg(studyId));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("behind"));
    return ok;
}

qint64 TestStudyMonitor::fillStudy(Storage &storage, const QString &name, int count, int steps)
{
    const auto created = storage.createStudy(studyRecordFor(spec(name)));
    if (!created)
        return -1;
    for (int i = 0; i < count; ++i) {
        const auto t = storage.startTrial(created->id, {{QStringLiteral("x"), 0.001 * i}});
        QList<QPair<QString, MetricPoint>> reports;
        for (int step = 0; step < steps; ++step)
            reports.append({QStringLiteral("loss"), MetricPoint{step, 1.0 / (step + 1) + 0.001 * i}});
        if (!t || !storage.addMetricReports(t->id, reports)
            || !storage.finishTrial(t->id, TrialState::Complete, reports.last().second.value, 0, QString()))
            return -1;
    }
    return created->id;
}

static Trial makeTrial(int number, TrialState state, std::optional<double> value)
{
    Trial t;
    t.number = number;
    t.state = state;
    t.value = value;
    t.params.insert(QStringLiteral("x"), 0.1 * number);
    t.intermediate[QStringLiteral("loss")] = {{0, 1.0}, {1, value.value_or(0.5)}};
    return t;
}

void TestStudyMonitor::loadSortsAndFindsBest()
{
    StudyMonitor monitor;
    QSignalSpy resets(&monitor, &StudyMonitor::reset);
    QSignalSpy specs(&monitor, &StudyMonitor::specChanged);
    monitor.load(spec(QStringLiteral("s")), {makeTrial(2, TrialState::Complete, 0.3), makeTrial(0, TrialState::Complete, 0.2),
                                              makeTrial(1, TrialState::Failed, std::nullopt)});
    QCOMPARE(resets.count(), 1);
    QCOMPARE(specs.count(), 1);
    QVERIFY(monitor.isOpen());
    QCOMPARE(monitor.trials().size(), 3);
    QCOMPARE(monitor.trials().at(0).number, 0);
    QCOMPARE(monitor.trials().at(2).number, 2);
    QVERIFY(monitor.trial(1));
    QCOMPARE(monitor.trial(1)->state, TrialState::Failed);
    QVERIFY(!monitor.trial(7));
    QVERIFY(monitor.best());
    QCOMPARE(monitor.best()->number, 0);
    QCOMPARE(monitor.spec().name, QStringLiteral("s"));
}

void TestStudyMonitor::loadBestHonoursGoal_data()
{
    QTest::addColumn<int>("goal");
    QTest::addColumn<int>("bestNumber");
    QTest::newRow("minimize") << int(Goal::Minimize) << 1;
    QTest::newRow("maximize") << int(Goal::Maximize) << 2;
}

void TestStudyMonitor::loadBestHonoursGoal()
{
    QFETCH(int, goal);
    QFETCH(int, bestNumber);
    StudyMonitor monitor;
    // A running trial's partial value and a failed one never count as the best.
    monitor.load(spec(QStringLiteral("g"), Goal(goal)),
                 {makeTrial(0, TrialState::Complete, 0.5), makeTrial(1, TrialState::Complete, 0.1),
                  makeTrial(2, TrialState::Complete, 0.9), makeTrial(3, TrialState::Running, 5.0),
                  makeTrial(4, TrialState::Failed, -5.0)});
    QVERIFY(monitor.best());
    QCOMPARE(monitor.best()->number, bestNumber);
}

void TestStudyMonitor::openMissingStudyFails()
{
    QTemporaryDir dir;
    QString error;
    auto storage = Storage::open(dir.filePath(QStringLiteral("t.db")), &error);
    QVERIFY2(storage, qPrintable(error));
    StudyMonitor monitor;
    QVERIFY(!monitor.open(storage.get(), QStringLiteral("nope"), &error));
    QVERIFY2(error.contains(QLatin1String("nope")), qPrintable(error));
    QVERIFY(!monitor.isOpen());
}

void TestStudyMonitor::pollSeesAnotherWriter()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.db"));
    QString error;
    auto reader = Storage::open(path, &error);
    QVERIFY2(reader, qPrintable(error));
    const StudySpec s = spec(QStringLiteral("live"));
    const auto created = reader->createStudy(studyRecordFor(s));
    QVERIFY(created);

    StudyMonitor monitor;
    monitor.setPollInterval(30);
    QCOMPARE(monitor.pollInterval(), 30);
    QVERIFY2(monitor.open(reader.get(), QStringLiteral("live"), &error), qPrintable(error));
    QCOMPARE(monitor.trials().size(), 0);
    QCOMPARE(monitor.spec().objective().name, QStringLiteral("loss"));

    QSignalSpy added(&monitor, &StudyMonitor::trialAdded);
    QSignalSpy changed(&monitor, &StudyMonitor::trialChanged);
    QSignalSpy appended(&monitor, &StudyMonitor::metricsAppended);

    // "Another process": its own connection to the same file.
    auto writer = Storage::open(path, &error);
    QVERIFY2(writer, qPrintable(error));
    const auto t = writer->startTrial(created->id, {{QStringLiteral("x"), 0.25}});
    QVERIFY(t);
    QTRY_COMPARE(added.count(), 1);
    QCOMPARE(added.first().first().toInt(), 0);
    QCOMPARE(monitor.trials().size(), 1);
    QCOMPARE(monitor.trial(0)->state, TrialState::Running);

    QVERIFY(writer->addMetricReports(t->id, {{QStringLiteral("loss"), {0, 0.9}}, {QStringLiteral("loss"), {1, 0.7}}}));
    QTRY_VERIFY(appended.count() >= 1);
    QTRY_COMPARE(monitor.trial(0)->intermediate.value(QStringLiteral("loss")).size(), 2);

    QVERIFY(writer->addMetricReports(t->id, {{QStringLiteral("loss"), {2, 0.4}}}));
    QTRY_COMPARE(monitor.trial(0)->intermediate.value(QStringLiteral("loss")).size(), 3);

    QVERIFY(writer->finishTrial(t->id, TrialState::Complete, 0.4, 0, QString()));
    QTRY_COMPARE(monitor.trial(0)->state, TrialState::Complete);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(*monitor.trial(0)->value, 0.4);
    QVERIFY(monitor.best());
    QCOMPARE(monitor.best()->number, 0);

    // A finished study costs nothing more: no spurious signals when nothing changes.
    const int before = changed.count() + appended.count() + added.count();
    QTest::qWait(150);
    QCOMPARE(changed.count() + appended.count() + added.count(), before);
}

void TestStudyMonitor::pollReadsFullHistory()
{
    QTemporaryDir dir;
    QString error;
    auto storage = Storage::open(dir.filePath(QStringLiteral("t.db")), &error);
    QVERIFY2(storage, qPrintable(error));
    const StudySpec s = spec(QStringLiteral("done"));
    const auto created = storage->createStudy(studyRecordFor(s));
    QVERIFY(created);
    for (int i = 0; i < 5; ++i) {
        const auto t = storage->startTrial(created->id, {{QStringLiteral("x"), 0.1 * i}});
        QVERIFY(t);
        QList<QPair<QString, MetricPoint>> reports;
        for (int step = 0; step < 10; ++step)
            reports.append({QStringLiteral("loss"), MetricPoint{step, 1.0 / (step + 1 + i)}});
        QVERIFY(storage->addMetricReports(t->id, reports));
        QVERIFY(storage->finishTrial(t->id, i == 3 ? TrialState::Failed : TrialState::Complete,
                                     i == 3 ? std::nullopt : std::optional<double>(1.0 / (10 + i)), i == 3 ? 1 : 0,
                                     i == 3 ? QStringLiteral("exited with code 1") : QString()));
    }
    StudyMonitor monitor;
    QVERIFY2(monitor.open(storage.get(), QStringLiteral("done"), &error), qPrintable(error));
    QCOMPARE(monitor.trials().size(), 5);
    for (const Trial &t : monitor.trials())
        QCOMPARE(t.intermediate.value(QStringLiteral("loss")).size(), 10);
    QCOMPARE(monitor.trial(3)->reason, QStringLiteral("exited with code 1"));
    QCOMPARE(monitor.best()->number, 4);
}

void TestStudyMonitor::attachFollowsRunner()
{
    QTemporaryDir dir;
    QString error;
    auto storage = Storage::open(dir.filePath(QStringLiteral("t.db")), &error);
    QVERIFY2(storage, qPrintable(error));
    // A trial program that reports three steps of `loss` and then exits.
    const QByteArray yaml = "name: attached\nprogram: /bin/sh\nmethod: random\nrun_cap: 4\nparallel: 2\n"
                            "command: ['${program}', '-c', 'for s in 0 1 2; do echo step=$s loss=${x}; done']\n"
                            "metric: {name: loss}\nparameters:\n  x: {min: 0.0, max: 1.0}\n";
    const SpecLoadResult loaded = parseStudySpec(yaml, QStringLiteral("test"));
    QVERIFY2(loaded.spec, qPrintable(loaded.errors.join(u'\n')));
    RunOptions options;
    options.runsDirectory = dir.filePath(QStringLiteral("runs"));
    StudyRunner runner(*loaded.spec, storage.get(), options);
    QVERIFY2(runner.prepare(&error), qPrintable(error));

    StudyMonitor monitor;
    QSignalSpy resets(&monitor, &StudyMonitor::reset);
    QSignalSpy added(&monitor, &StudyMonitor::trialAdded);
    QSignalSpy changed(&monitor, &StudyMonitor::trialChanged);
    QSignalSpy appended(&monitor, &StudyMonitor::metricsAppended);
    monitor.attach(&runner);
    QCOMPARE(monitor.runner(), &runner);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(monitor.spec().name, QStringLiteral("attached"));

    QSignalSpy finished(&runner, &StudyRunner::finished);
    runner.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(added.count(), 4);
    QVERIFY(changed.count() >= 4);
    QVERIFY(appended.count() >= 4);
    QCOMPARE(monitor.trials().size(), 4);
    for (const Trial &t : monitor.trials()) {
        QCOMPARE(t.state, TrialState::Complete);
        QCOMPARE(t.intermediate.value(QStringLiteral("loss")).size(), 3);
        QCOMPARE(*t.value, t.params.value(QStringLiteral("x")).toDouble());
    }
    QVERIFY(monitor.best());

    // Polling the database afterwards changes nothing: the runner already told us everything.
    monitor.setPollInterval(20);
    const int before = added.count();
    QTest::qWait(100);
    QCOMPARE(added.count(), before);
    QCOMPARE(monitor.trials().size(), 4);
}

void TestStudyMonitor::closeEmptiesAndResets()
{
    StudyMonitor monitor;
    monitor.load(spec(QStringLiteral("s")), {makeTrial(0, TrialState::Complete, 1.0)});
    QSignalSpy resets(&monitor, &StudyMonitor::reset);
    monitor.close();
    QCOMPARE(resets.count(), 1);
    QVERIFY(!monitor.isOpen());
    QVERIFY(monitor.trials().isEmpty());
    QVERIFY(!monitor.best());
}

QTEST_GUILESS_MAIN(TestStudyMonitor)
void TestStudyMonitor::openInBackgroundRowsThenValues()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.db"));
    QString error;
    auto storage = Storage::open(path, &error);
    QVERIFY2(storage, qPrintable(error));
    QVERIFY(fillStudy(*storage, QStringLiteral("big"), 300, 50) > 0);

    StudyMonitor monitor;
    QSignalSpy resets(&monitor, &StudyMonitor::reset);
    QSignalSpy loadingChanges(&monitor, &StudyMonitor::loadingChanged);
    QSignalSpy progress(&monitor, &StudyMonitor::loadProgress);
    QSignalSpy loaded(&monitor, &StudyMonitor::metricsLoaded);
    QVERIFY2(monitor.openInBackground(storage.get(), path, QStringLiteral("big"), &error), qPrintable(error));
    // It returns with the spec and nothing else: the trials come from the worker thread.
    QVERIFY(monitor.isOpen());
    QVERIFY(monitor.loading());
    QCOMPARE(monitor.spec().name, QStringLiteral("big"));
    QCOMPARE(monitor.trials().size(), 0);
    QCOMPARE(loadingChanges.count(), 1);
    QCOMPARE(loadingChanges.first().first().toBool(), true);

    // The rows first (a reset the table shows), then the values.
    QTRY_COMPARE(monitor.trials().size(), 300);
    QCOMPARE(resets.count(), 2);
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(!monitor.loading());
    QCOMPARE(loadingChanges.last().first().toBool(), false);
    QCOMPARE(resets.count(), 2); // the values did not reset the views
    for (const Trial &t : monitor.trials())
        QCOMPARE(t.intermediate.value(QStringLiteral("loss")).size(), 50);
    QCOMPARE(monitor.best()->number, 0);
    if (!progress.isEmpty()) // a fast machine reads 15,000 values before the first report is due
        QCOMPARE(progress.last().at(1).toLongLong(), 300);

    // Closed while loading: the load's results never arrive.
    QVERIFY(monitor.openInBackground(storage.get(), path, QStringLiteral("big"), &error));
    monitor.close();
    QVERIFY(!monitor.loading());
    QTest::qWait(300);
    QVERIFY(monitor.trials().isEmpty());
    QVERIFY(!monitor.isOpen());

    // A database that vanished under the loader: the failure is reported, the monitor stays open.
    QSignalSpy failures(&monitor, &StudyMonitor::loadFailed);
    QVERIFY(monitor.openInBackground(storage.get(), dir.filePath(QStringLiteral("gone/t.db")), QStringLiteral("big"), &error));
    QTRY_COMPARE(failures.count(), 1);
    QVERIFY(!monitor.loading());
    QVERIFY2(failures.first().first().toString().contains(QLatin1String("gone")), qPrintable(failures.first().first().toString()));
}

void TestStudyMonitor::pollReadsOnlyNewValues()
{
    // A running trial reports over many polls: the monitor ends with exactly what is stored,
    // each value once, in report order, and finished trials are not read again.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.db"));
    QString error;
    auto reader = Storage::open(path, &error);
    QVERIFY2(reader, qPrintable(error));
    const qint64 studyId = fillStudy(*reader, QStringLiteral("live"), 20, 10);
    QVERIFY(studyId > 0);
    auto writer = Storage::open(path, &error);
    QVERIFY(writer);
    const auto running = writer->startTrial(studyId, {{QStringLiteral("x"), 0.5}});
    QVERIFY(running);
    QVERIFY(writer->addMetricReports(running->id, {{QStringLiteral("loss"), {0, 9.0}}}));

    StudyMonitor monitor;
    monitor.setPollInterval(20);
    QVERIFY2(monitor.openInBackground(reader.get(), path, QStringLiteral("live"), &error), qPrintable(error));
    QTRY_VERIFY(!monitor.loading());
    QCOMPARE(monitor.trial(20)->intermediate.value(QStringLiteral("loss")).size(), 1);

    QSignalSpy appended(&monitor, &StudyMonitor::metricsAppended);
    for (int step = 1; step < 40; ++step) {
        QVERIFY(writer->addMetricReports(running->id, {{QStringLiteral("loss"), {step, 9.0 - 0.1 * step}},
                                                       {QStringLiteral("acc"), {step, 0.01 * step}}}));
        if (step % 7 == 0)
            QTest::qWait(25);
    }
    QVERIFY(writer->finishTrial(running->id, TrialState::Complete, 5.1, 0, QString()));
    QTRY_COMPARE(monitor.trial(20)->state, TrialState::Complete);
    const Trial stored = *writer->trial(studyId, 20, true);
    QCOMPARE(monitor.trial(20)->intermediate.value(QStringLiteral("loss")).size(), 40);
    QCOMPARE(monitor.trial(20)->intermediate.value(QStringLiteral("acc")).size(), 39);
    const QList<MetricPoint> &seen = monitor.trial(20)->intermediate[QStringLiteral("loss")];
    const QList<MetricPoint> &truth = stored.intermediate[QStringLiteral("loss")];
    for (qsizetype i = 0; i < truth.size(); ++i) {
        QCOMPARE(seen.at(i).step, truth.at(i).step);
        QCOMPARE(seen.at(i).value, truth.at(i).value);
    }
    QVERIFY(appended.count() >= 1);
    for (const QList<QVariant> &signal : std::as_const(appended))
        QCOMPARE(signal.first().toInt(), 20); // nothing else was read again
    // Finished, nothing changes: no more signals.
    const qsizetype before = appended.count();
    QTest::qWait(100);
    QCOMPARE(appended.count(), before);
}

void TestStudyMonitor::replacedDatabaseIsReloaded()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.db"));
    QString error;
    auto storage = Storage::open(path, &error);
    QVERIFY2(storage, qPrintable(error));
    const qint64 studyId = fillStudy(*storage, QStringLiteral("s"), 5, 3);
    StudyMonitor monitor;
    monitor.setPollInterval(20);
    QVERIFY(monitor.open(storage.get(), QStringLiteral("s"), &error));
    QCOMPARE(monitor.trials().size(), 5);

    // Another tool empties the study behind our back: the next poll notices the missing
    // trials and reads the study again.
    QSignalSpy resets(&monitor, &StudyMonitor::reset);
    QVERIFY(fixtureDeleteTrials(path, studyId));
    QTRY_VERIFY(resets.count() >= 1);
    QCOMPARE(monitor.trials().size(), 0);
}

void TestStudyMonitor::snapshotStaysAsItWas()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.db"));
    QString error;
    auto storage = Storage::open(path, &error);
    QVERIFY2(storage, qPrintable(error));
    const qint64 studyId = fillStudy(*storage, QStringLiteral("s"), 3, 4);
    const auto running = storage->startTrial(studyId, {{QStringLiteral("x"), 0.5}});
    QVERIFY(running);
    QVERIFY(storage->addMetricReports(running->id, {{QStringLiteral("loss"), {0, 2.0}}}));
    StudyMonitor monitor;
    monitor.setPollInterval(20);
    QVERIFY(monitor.open(storage.get(), QStringLiteral("s"), &error));

    const StudySnapshot before = monitor.snapshot();
    QCOMPARE(before.spec.name, QStringLiteral("s"));
    // O(1): the copy shares the monitor's trials until one of them changes.
    QVERIFY(before.trials.constData() == monitor.trials().constData());

    // The study goes on: the monitor moves, the snapshot stays as it was.
    QVERIFY(storage->addMetricReports(running->id, {{QStringLiteral("loss"), {1, 1.5}}}));
    QVERIFY(storage->startTrial(studyId, {{QStringLiteral("x"), 0.7}}));
    QTRY_COMPARE(monitor.trials().size(), 5);
    QTRY_COMPARE(monitor.trial(3)->intermediate.value(QStringLiteral("loss")).size(), 2);
    QCOMPARE(before.trials.size(), 4);
    QCOMPARE(before.trials.at(3).intermediate.value(QStringLiteral("loss")).size(), 1);
}

#include "tst_studymonitor.moc"
