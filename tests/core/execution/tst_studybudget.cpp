#include "support/storagefixture.h"

#include "execution/studyrunner.h"
#include "support/runnerfixture.h"
#include "storage/storage.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;

namespace {

/// A random-search study of one parameter x in [0, 1] whose trial is a shell script.
QByteArray shellStudy(const QString &script, const QString &extra)
{
    return fixture::shellStudy(script, QStringLiteral("  x: {min: 0.0, max: 1.0}"), QStringLiteral("method: random\n") + extra);
}

} // namespace

using fixture::runToEnd;

/// max_duration: a study's wall-clock budget across resumes, the next trial's fit, the hard
/// limit, and why the study ended. Real processes, short durations (seconds).
class TestStudyBudget : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    fixture::Databases mDatabases;

    StudySpec spec(const QByteArray &text) { return fixture::specIn(mDir.path(), text); }
    std::unique_ptr<Storage> storage(const QString &name) { return fixture::openStorage(mDir.filePath(name)); }

private slots:
    void initTestCase() { QVERIFY(mDir.isValid()); }

    void specKeys_data()
    {
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::newRow("hours and minutes") << "max_duration: 1h30m\nmax_duration_hard: true" << "";
        QTest::newRow("hard without a limit") << "max_duration_hard: true" << "max_duration_hard: needs max_duration";
        QTest::newRow("hard not a boolean") << "max_duration: 8h\nmax_duration_hard: soon" << "max_duration_hard: must be true or false";
        QTest::newRow("misspelled") << "max_duration: 8h\nmax_duraton_hard: true" << "max_duraton_hard";
        QTest::newRow("not a duration") << "max_duration: eight hours" << "max_duration: must be a duration";
    }

    void specKeys()
    {
        QFETCH(QString, extra);
        QFETCH(QString, error);
        const SpecLoadResult r = parseStudySpec(shellStudy("echo loss=1", extra), "test.yaml");
        if (error.isEmpty()) {
            QVERIFY2(r.spec, qPrintable(r.errors.join('\n')));
            QCOMPARE(r.spec->maxDurationSeconds, 5400);
            QVERIFY(r.spec->maxDurationHard);
            // Written back and read again unchanged (the database keeps the spec as text).
            const SpecLoadResult again = parseStudySpec(studySpecToYaml(*r.spec), "again.yaml");
            QVERIFY2(again.spec, qPrintable(again.errors.join('\n')));
            QCOMPARE(again.spec->maxDurationSeconds, 5400);
            QVERIFY(again.spec->maxDurationHard);
        } else {
            QVERIFY(!r.spec);
            QVERIFY2(r.errors.join('\n').contains(error), qPrintable(r.errors.join('\n')));
        }
    }

    /// Parallel runs count once; a resumed study's earlier runs count.
    void runTimeIsTheUnionOfRuns_data() { fixture::addBackendRows(); }
    void runTimeIsTheUnionOfRuns()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(store, location);
        const auto study = store->createStudy(fixture::makeStudy("union"));
        QVERIFY(study);
        QCOMPARE(store->studyRunSeconds(study->id).value_or(-1), 0.0);
        const std::optional<qint64> a = store->beginStudyRun(study->id);
        QVERIFY(a);
        QTest::qWait(400);
        const std::optional<qint64> b = store->beginStudyRun(study->id); // a second worker joins
        QVERIFY(b && *b > *a);
        QTest::qWait(400);
        QVERIFY(store->extendStudyRun(study->id, *a));
        QVERIFY(store->extendStudyRun(study->id, *b));
        const double seconds = store->studyRunSeconds(study->id).value_or(-1);
        QVERIFY2(seconds >= 0.75 && seconds < 1.5, qPrintable(QString::number(seconds))); // 0.8, not 1.2
        // Reopened (a later run): the time is still there.
        store.reset();
        OPEN_STORAGE(again, location);
        QCOMPARE(again->studyRunSeconds(study->id).value_or(-1), seconds);
    }

    /// A database of schema 7 gets the run times, the end reason and the usage column in place.
    void upgradesSchemaSeven_data() { fixture::addBackendRows(); }
    void upgradesSchemaSeven()
    {
        FRESH_LOCATION(location);
        qint64 studyId = -1;
        {
            OPEN_STORAGE(store, location);
            const auto study = store->createStudy(fixture::makeStudy("old"));
            QVERIFY(study);
            studyId = study->id;
            QVERIFY(store->startTrial(study->id, {{QStringLiteral("x"), 1.5}}));
        }
        QString error;
        fixture::rawSql(location, {QStringLiteral("ALTER TABLE trials DROP COLUMN resource_usage"),
                                   QStringLiteral("ALTER TABLE studies DROP COLUMN end_reason"),
                                   QStringLiteral("DROP TABLE study_runs"),
                                   QStringLiteral("UPDATE meta SET value = '7' WHERE key = 'schema_version'")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        OPEN_STORAGE(store, location);
        const auto trials = store->trials(studyId);
        QVERIFY(trials && trials->size() == 1);
        QVERIFY(trials->first().usage.isEmpty());
        TrialUsage usage;
        usage.cpuSeconds = 12.5;
        usage.maxRssMb = 300;
        QVERIFY2(store->setTrialUsage(trials->first().id, usage), qPrintable(store->lastError()));
        QCOMPARE(store->trial(studyId, trials->first().number)->usage, usage);
        QVERIFY(store->setStudyEndReason(studyId, "max_duration (1h) used up"));
        QCOMPARE(store->findStudy("old")->endReason, QStringLiteral("max_duration (1h) used up"));
        QVERIFY(store->beginStudyRun(studyId));
        QCOMPARE(fixture::rawSql(location, {QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")}, &error),
                 QStringList{QString::number(Storage::schemaVersion)});
    }

    void timeSpentInEarlierRunsCounts()
    {
        auto store = storage("resume.db");
        const StudySpec s = spec(shellStudy("echo loss=0.5; sleep 0.3", "max_duration: 4s\nheartbeat_interval: 1"));
        {
            StudyRunner first(s, store.get());
            QString error;
            QVERIFY2(first.prepare(&error), qPrintable(error));
            QSignalSpy done(&first, &StudyRunner::finished);
            first.start();
            QTest::qWait(2500);
            first.stop();
            QVERIFY(done.wait(10000));
        }
        const double before = store->studyRunSeconds(store->findStudy("s")->id).value_or(0);
        QVERIFY2(before >= 2.4, qPrintable(QString::number(before)));

        StudyRunner second(s, store.get());
        QString error;
        QVERIFY2(second.prepare(&error), qPrintable(error));
        QVERIFY(second.limits().usedSeconds() >= 2.4);
        QElapsedTimer clock;
        clock.start();
        runToEnd(second, *store);
        // Only what was left of the 4 s: counting this run alone would take 4 s.
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        const double total = store->studyRunSeconds(second.studyId()).value_or(0);
        QVERIFY2(total >= 3.5 && total < 6.0, qPrintable(QString::number(total)));
        QVERIFY2(second.limitReason().contains("max_duration (4s)"), qPrintable(second.limitReason()));
        QCOMPARE(store->findStudy("s")->endReason, second.limitReason());
    }

    void aTrialThatWouldNotFitIsNotStarted()
    {
        auto store = storage("fit.db");
        const StudySpec s = spec(shellStudy("echo loss=0.5; sleep 1.5", "max_duration: 4s"));
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        const QList<Trial> trials = runToEnd(runner, *store);
        // 0-1.5 s and 1.5-3 s; a third (3-4.5 s) would not fit in 4 s.
        QCOMPARE(trials.size(), 2);
        for (const Trial &t : trials)
            QCOMPARE(t.state, TrialState::Complete);
        QVERIFY2(runner.limitReason().contains("less than a trial takes"), qPrintable(runner.limitReason()));
        QVERIFY(runner.limits().expectedTrialSeconds().value_or(0) >= 1.5);
    }

    void runningTrialsFinishOrAreStoppedAtTheLimit_data()
    {
        QTest::addColumn<bool>("hard");
        QTest::newRow("soft: they finish") << false;
        QTest::newRow("hard: they are stopped") << true;
    }

    void runningTrialsFinishOrAreStoppedAtTheLimit()
    {
        QFETCH(bool, hard);
        auto store = storage(hard ? "hard.db" : "soft.db");
        const StudySpec s = spec(shellStudy("echo loss=0.25; sleep 3.5; echo loss=0.125",
                                            QStringLiteral("max_duration: 2s\nparallel: 2\nmax_duration_hard: %1").arg(hard ? "true" : "false").toUtf8()));
        RunOptions options;
        options.killGraceMs = 500;
        StudyRunner runner(s, store.get(), options);
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        QElapsedTimer clock;
        clock.start();
        const QList<Trial> trials = runToEnd(runner, *store);
        QCOMPARE(trials.size(), 2);
        for (const Trial &t : trials) {
            if (hard) {
                QCOMPARE(t.state, TrialState::Failed);
                QCOMPARE(t.reason, QStringLiteral("stopped at max_duration (2s, max_duration_hard)"));
                QVERIFY(!isInterrupted(t)); // it counts: resuming does not run it again
                QCOMPARE(t.intermediate.value("loss").size(), 1); // what it reported is kept
            } else {
                QCOMPARE(t.state, TrialState::Complete);
                QCOMPARE(*t.value, 0.125);
            }
        }
        if (hard)
            QVERIFY2(clock.elapsed() < 3400, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(runner.limitReason().startsWith("max_duration (2s) used up"), qPrintable(runner.limitReason()));
    }
};

QTEST_GUILESS_MAIN(TestStudyBudget)
#include "tst_studybudget.moc"
