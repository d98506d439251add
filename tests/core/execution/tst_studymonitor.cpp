#include "storage/storage.h"
#include "execution/studymonitor.h"
#include "execution/studyrunner.h"
#include "space/studyspec.h"

#include <QSignalSpy>
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

private:
    static StudySpec spec(const QString &name, Goal goal = Goal::Minimize);
    static StudyRecord record(const StudySpec &spec);
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

StudyRecord TestStudyMonitor::record(const StudySpec &spec)
{
    StudyRecord r;
    r.name = spec.name;
    r.method = spec.method;
    r.metricName = spec.objective().name;
    r.goal = goalName(spec.objective().goal);
    r.specYaml = studySpecToYaml(spec);
    return r;
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
    const auto created = reader->createStudy(record(s));
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
    const auto created = storage->createStudy(record(s));
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
#include "tst_studymonitor.moc"
