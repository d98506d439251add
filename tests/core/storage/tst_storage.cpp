// Storage's reads and writes on SQLite always, PostgreSQL when TUNESCOPE_TEST_POSTGRES_URL is
// set: studies, trial numbering, exact parameters and values, final states, intermediate
// values, summaries, and what a reopened database gives back. Several processes on one
// database: tst_storagesharing; schema and foreign databases: tst_storageschema.

#include "storage/storage.h"
#include "support/storagefixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSysInfo>
#include <QTest>

#include <ctime>
#include <limits>

using namespace tunescope;
using namespace fixture;

class TestStorage : public QObject
{
    Q_OBJECT

private:
    Databases mDatabases;

private slots:
    void initTestCase()
    {
        QVERIFY(mDatabases.isValid());
        if (mDatabases.postgresUrl().isEmpty())
            qInfo("PostgreSQL cases skipped: TUNESCOPE_TEST_POSTGRES_URL not set");
    }

    void workerId()
    {
        QCOMPARE(currentWorkerId(),
                 QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(QCoreApplication::applicationPid()));
    }

    void createAndFindStudy_data() { addBackendRows(); }
    void createAndFindStudy()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        QCOMPARE(storage->location().isEmpty(), false);

        const auto created = storage->createStudy(makeStudy(QStringLiteral("digits-mlp"), QStringLiteral("maximize")));
        QVERIFY2(created, qPrintable(storage->lastError()));
        QVERIFY(created->id > 0);
        QVERIFY(created->created.isValid());
        QCOMPARE(created->created.timeSpec(), Qt::UTC);

        const auto found = storage->findStudy(QStringLiteral("digits-mlp"));
        QVERIFY2(found, qPrintable(storage->lastError()));
        QCOMPARE(found->id, created->id);
        QCOMPARE(found->name, QStringLiteral("digits-mlp"));
        QCOMPARE(found->method, QStringLiteral("tpe"));
        QCOMPARE(found->metricName, QStringLiteral("val_loss"));
        QCOMPARE(found->goal, QStringLiteral("maximize"));
        QCOMPARE(found->specYaml, created->specYaml);
        QCOMPARE(found->created, created->created);

        QVERIFY(!storage->findStudy(QStringLiteral("missing")));
        QVERIFY(storage->lastError().contains(QLatin1String("missing")));

        StudyRecord noName = makeStudy(QString());
        QVERIFY(!storage->createStudy(noName));
        StudyRecord badGoal = makeStudy(QStringLiteral("bad-goal"), QStringLiteral("sideways"));
        QVERIFY(!storage->createStudy(badGoal));
        QVERIFY(storage->lastError().contains(QLatin1String("goal")));
        StudyRecord defaultGoal = makeStudy(QStringLiteral("default-goal"), QString());
        const auto withDefault = storage->createStudy(defaultGoal);
        QVERIFY2(withDefault, qPrintable(storage->lastError()));
        QCOMPARE(withDefault->goal, QStringLiteral("minimize"));
    }

    void duplicateStudyName_data() { addBackendRows(); }
    void duplicateStudyName()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        QVERIFY(storage->createStudy(makeStudy(QStringLiteral("a"))));
        QVERIFY(!storage->createStudy(makeStudy(QStringLiteral("a"))));
        QVERIFY2(storage->lastError().contains(QLatin1String("already exists")), qPrintable(storage->lastError()));
        QVERIFY(storage->createStudy(makeStudy(QStringLiteral("b"))));
        QCOMPARE(storage->studySummaries().size(), 2);
    }

    void trialNumbering_data() { addBackendRows(); }
    void trialNumbering()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto a = storage->createStudy(makeStudy(QStringLiteral("a")));
        const auto b = storage->createStudy(makeStudy(QStringLiteral("b")));
        QVERIFY(a && b);

        QList<int> numbers;
        for (int i = 0; i < 3; ++i) {
            const auto t = i == 1 ? storage->createWaitingTrial(a->id, {}) : storage->startTrial(a->id, {}, QStringLiteral("0"));
            QVERIFY2(t, qPrintable(storage->lastError()));
            numbers << t->number;
        }
        QCOMPARE(numbers, (QList<int>{0, 1, 2}));
        const auto firstOfB = storage->startTrial(b->id, {});
        QVERIFY(firstOfB);
        QCOMPARE(firstOfB->number, 0); // numbering is per study
        QCOMPARE(storage->startTrial(a->id, {})->number, 3);

        const auto running = storage->trial(a->id, 0);
        QVERIFY2(running, qPrintable(storage->lastError()));
        QCOMPARE(running->state, TrialState::Running);
        QCOMPARE(running->gpu, QStringLiteral("0"));
        QCOMPARE(running->worker, currentWorkerId());
        QVERIFY(running->started.isValid());
        QVERIFY(!running->finished.isValid());

        const auto waiting = storage->trial(a->id, 1);
        QVERIFY(waiting);
        QCOMPARE(waiting->state, TrialState::Waiting);
        QVERIFY(!waiting->started.isValid());

        QVERIFY(!storage->trial(a->id, 99));
        QVERIFY(!storage->startTrial(123456, {}));
        QVERIFY(storage->lastError().contains(QLatin1String("123456")));
        QCOMPARE(storage->trials(a->id)->size(), 4);
    }

    void paramsRoundTrip_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<int>("expectedType");
        QTest::addColumn<QVariant>("expected");
        const QVariantList mixed{qlonglong(32), QStringLiteral("x"), 1.5, true};
        for (const QString &backend : {QStringLiteral("sqlite"), QStringLiteral("postgres")}) {
            auto row = [&](const char *name, const QVariant &in, int type, const QVariant &out) {
                QTest::addRow("%s/%s", qPrintable(backend), name) << backend << in << type << out;
            };
            row("int64", QVariant(qlonglong(64)), QMetaType::LongLong, QVariant(qlonglong(64)));
            row("int becomes qlonglong", QVariant(int(-7)), QMetaType::LongLong, QVariant(qlonglong(-7)));
            row("big int", QVariant(qlonglong(9007199254740993LL)), QMetaType::LongLong, QVariant(qlonglong(9007199254740993LL)));
            row("double", QVariant(0.001), QMetaType::Double, QVariant(0.001));
            row("integral double stays double", QVariant(64.0), QMetaType::Double, QVariant(64.0));
            row("negative zero", QVariant(-0.0), QMetaType::Double, QVariant(-0.0));
            row("tiny double", QVariant(1e-300), QMetaType::Double, QVariant(1e-300));
            row("huge double", QVariant(1e300), QMetaType::Double, QVariant(1e300));
            row("third", QVariant(1.0 / 3.0), QMetaType::Double, QVariant(1.0 / 3.0));
            row("string", QVariant(QStringLiteral("adam")), QMetaType::QString, QVariant(QStringLiteral("adam")));
            row("numeric string", QVariant(QStringLiteral("64")), QMetaType::QString, QVariant(QStringLiteral("64")));
            row("hostile string", QVariant(QStringLiteral("a; rm -rf ~ \"'\\\n\t\x01")), QMetaType::QString,
                QVariant(QStringLiteral("a; rm -rf ~ \"'\\\n\t\x01")));
            row("unicode", QVariant(QStringLiteral("größe ✓ 学习率")), QMetaType::QString,
                QVariant(QStringLiteral("größe ✓ 学习率")));
            row("true", QVariant(true), QMetaType::Bool, QVariant(true));
            row("false", QVariant(false), QMetaType::Bool, QVariant(false));
            row("list", QVariant(mixed), QMetaType::QVariantList, QVariant(mixed));
        }
    }
    void paramsRoundTrip()
    {
        FRESH_LOCATION(location);
        QFETCH(QVariant, value);
        QFETCH(int, expectedType);
        QFETCH(QVariant, expected);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("p")));
        QVERIFY(study);
        const QVariantMap params{{QStringLiteral("x"), value}, {QStringLiteral("other"), qlonglong(1)}};
        const auto started = storage->startTrial(study->id, params);
        QVERIFY2(started, qPrintable(storage->lastError()));
        const auto read = storage->trial(study->id, started->number);
        QVERIFY2(read, qPrintable(storage->lastError()));
        for (const QVariantMap &got : {started->params, read->params}) {
            QCOMPARE(got.size(), 2);
            const QVariant x = got.value(QStringLiteral("x"));
            QCOMPARE(x.typeId(), expectedType);
            if (expectedType == QMetaType::Double)
                QVERIFY2(sameDouble(x.toDouble(), expected.toDouble()), qPrintable(QString::number(x.toDouble(), 'g', 17)));
            else
                QCOMPARE(x, expected);
        }
        QCOMPARE(read->params.value(QStringLiteral("other")).typeId(), int(QMetaType::LongLong));
    }

    void metricValues_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<double>("value");
        for (const QString &backend : {QStringLiteral("sqlite"), QStringLiteral("postgres")}) {
            auto row = [&](const char *name, double v) { QTest::addRow("%s/%s", qPrintable(backend), name) << backend << v; };
            row("plain", 0.231);
            row("one", 1.0);
            row("zero", 0.0);
            row("negative zero", -0.0);
            row("nan", std::numeric_limits<double>::quiet_NaN());
            row("inf", std::numeric_limits<double>::infinity());
            row("-inf", -std::numeric_limits<double>::infinity());
            row("1e308", 1e308);
            row("max", std::numeric_limits<double>::max());
            row("denormal", std::numeric_limits<double>::denorm_min());
            row("0.1", 0.1);
            row("negative", -123456.789e-7);
        }
    }
    void metricValues()
    {
        FRESH_LOCATION(location);
        QFETCH(double, value);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("m")));
        QVERIFY(study);
        const auto t = storage->startTrial(study->id, {});
        QVERIFY(t);
        QVERIFY2(storage->addMetricReports(t->id, {{QStringLiteral("val_loss"), {7, value}},
                                                   {QStringLiteral("val_loss"), {8, 0.5}}}),
                 qPrintable(storage->lastError()));
        QVERIFY2(storage->finishTrial(t->id, TrialState::Complete, value, 0, QString()), qPrintable(storage->lastError()));

        const auto read = storage->trial(study->id, t->number, true);
        QVERIFY2(read, qPrintable(storage->lastError()));
        QVERIFY(read->value.has_value());
        QVERIFY2(sameDouble(*read->value, value), qPrintable(QString::number(*read->value, 'g', 17)));
        const QList<MetricPoint> points = read->intermediate.value(QStringLiteral("val_loss"));
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].step, qint64(7));
        QVERIFY2(sameDouble(points[0].value, value), qPrintable(QString::number(points[0].value, 'g', 17)));
        QCOMPARE(points[1].value, 0.5);
    }

    void finishTrial_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("state");
        QTest::addColumn<QVariant>("value"); // invalid: no value
        QTest::addColumn<QVariant>("exitCode");
        QTest::addColumn<QString>("reason");
        for (const QString &backend : {QStringLiteral("sqlite"), QStringLiteral("postgres")}) {
            QTest::addRow("%s/complete", qPrintable(backend))
                << backend << int(TrialState::Complete) << QVariant(0.94) << QVariant(0) << QString();
            QTest::addRow("%s/pruned", qPrintable(backend))
                << backend << int(TrialState::Pruned) << QVariant(0.5) << QVariant() << QStringLiteral("pruned at step 3 (asha)");
            QTest::addRow("%s/failed", qPrintable(backend))
                << backend << int(TrialState::Failed) << QVariant() << QVariant(-9) << QStringLiteral("timed out after 10m");
        }
    }
    void finishTrial()
    {
        FRESH_LOCATION(location);
        QFETCH(int, state);
        QFETCH(QVariant, value);
        QFETCH(QVariant, exitCode);
        QFETCH(QString, reason);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("f")));
        QVERIFY(study);
        const auto t = storage->startTrial(study->id, {{QStringLiteral("lr"), 0.01}});
        QVERIFY(t);
        const std::optional<double> v = value.isValid() ? std::optional<double>(value.toDouble()) : std::nullopt;
        const std::optional<int> code = exitCode.isValid() ? std::optional<int>(exitCode.toInt()) : std::nullopt;
        QVERIFY2(storage->finishTrial(t->id, TrialState(state), v, code, reason), qPrintable(storage->lastError()));

        const auto read = storage->trial(study->id, t->number);
        QVERIFY(read);
        QCOMPARE(int(read->state), state);
        QCOMPARE(read->value, v);
        QCOMPARE(read->exitCode, code);
        QCOMPARE(read->reason, reason);
        QCOMPARE(read->started, t->started);
        QVERIFY(read->finished.isValid());
        QVERIFY(read->finished >= read->started);
        QCOMPARE(read->finished.timeSpec(), Qt::UTC);
        QVERIFY(read->durationSeconds() >= 0.0);

        QVERIFY(!storage->finishTrial(987654, TrialState::Complete, 1.0, 0, QString()));
        QVERIFY(storage->lastError().contains(QLatin1String("987654")));
        QVERIFY(!storage->finishTrial(t->id, TrialState::Running, std::nullopt, std::nullopt, QString()));
    }

    // A trial's last values, its usage and its end go in one transaction: all or nothing.
    void finishTrialWith_data() { addBackendRows(); }
    void finishTrialWith()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("w")));
        QVERIFY(study);
        const auto t = storage->startTrial(study->id, {});
        QVERIFY(t);
        using R = QList<QPair<QString, MetricPoint>>;
        QVERIFY(storage->addMetricReports(t->id, R{{QStringLiteral("loss"), {0, 0.9}}}));
        TrialUsage usage;
        usage.cpuSeconds = 2.5;
        usage.maxRssMb = 120;
        QVERIFY2(storage->finishTrialWith(t->id, R{{QStringLiteral("loss"), {1, 0.4}}}, usage, TrialState::Complete,
                                          0.4, 0, QString()),
                 qPrintable(storage->lastError()));
        auto read = storage->trial(study->id, t->number, true);
        QVERIFY(read);
        QCOMPARE(read->state, TrialState::Complete);
        QCOMPARE(read->value, std::optional<double>(0.4));
        QCOMPARE(read->usage, usage);
        QCOMPARE(read->intermediate.value(QStringLiteral("loss")).size(), 2);
        QCOMPARE(read->intermediate.value(QStringLiteral("loss")).last().value, 0.4);

        // Already finished: the end is refused, and the values and usage that came with it
        // are not stored either.
        TrialUsage other;
        other.cpuSeconds = 99;
        QVERIFY(!storage->finishTrialWith(t->id, R{{QStringLiteral("loss"), {2, 0.1}}}, other, TrialState::Failed,
                                          std::nullopt, 1, QStringLiteral("late")));
        QVERIFY(storage->lastError().contains(QLatin1String("already COMPLETE")));
        read = storage->trial(study->id, t->number, true);
        QCOMPARE(read->state, TrialState::Complete);
        QCOMPARE(read->usage, usage);
        QCOMPARE(read->intermediate.value(QStringLiteral("loss")).size(), 2);
    }

    // With nothing queued a claim of a queued trial is declined (by a plain read); one queued
    // afterwards is taken by the next claim.
    void claimQueuedTrial_data() { addBackendRows(); }
    void claimQueuedTrial()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("q")));
        QVERIFY(study);
        QVERIFY(!storage->claimQueuedTrial(study->id, ClaimRequest()));
        QCOMPARE(storage->lastRefusal(), ClaimRefusal::Declined);
        QueuedTrial queued;
        queued.params = {{QStringLiteral("lr"), 0.5}};
        queued.origin = trialOriginEnqueued;
        QVERIFY2(storage->enqueueTrial(study->id, queued), qPrintable(storage->lastError()));
        const auto taken = storage->claimQueuedTrial(study->id, ClaimRequest());
        QVERIFY2(taken, qPrintable(storage->lastError()));
        QCOMPARE(taken->state, TrialState::Running);
        QCOMPARE(taken->params.value(QStringLiteral("lr")).toDouble(), 0.5);
        QVERIFY(!storage->claimQueuedTrial(study->id, ClaimRequest()));
        QCOMPARE(storage->lastRefusal(), ClaimRefusal::Declined);
    }

    void intermediateValues_data() { addBackendRows(); }
    void intermediateValues()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("i")));
        const auto other = storage->createStudy(makeStudy(QStringLiteral("other")));
        QVERIFY(study && other);
        const auto t1 = storage->startTrial(study->id, {});
        const auto t2 = storage->startTrial(study->id, {});
        const auto foreign = storage->startTrial(other->id, {});
        QVERIFY(t1 && t2 && foreign);
        using R = QList<QPair<QString, MetricPoint>>;
        QVERIFY(storage->addMetricReports(t1->id, {}));
        QVERIFY(storage->addMetricReports(t1->id, R{{QStringLiteral("val_loss"), {0, 0.9}},
                                                    {QStringLiteral("val_acc"), {0, 0.5}},
                                                    {QStringLiteral("val_loss"), {1, 0.7}}}));
        QVERIFY(storage->addMetricReports(t2->id, R{{QStringLiteral("val_loss"), {0, 2.0}}}));
        QVERIFY(storage->addMetricReports(foreign->id, R{{QStringLiteral("val_loss"), {0, 42.0}}}));
        // Report order is kept even when steps go backwards (a restarted program).
        QVERIFY(storage->addMetricReports(t1->id, R{{QStringLiteral("val_acc"), {10, 0.6}},
                                                    {QStringLiteral("val_acc"), {5, 0.55}},
                                                    {QStringLiteral("val_loss"), {-1, 1e-9}}}));
        QVERIFY(!storage->addMetricReports(555555, R{{QStringLiteral("x"), {0, 1.0}}})); // no such trial

        const QList<MetricPoint> loss1{{0, 0.9}, {1, 0.7}, {-1, 1e-9}};
        const QList<MetricPoint> acc1{{0, 0.5}, {10, 0.6}, {5, 0.55}};
        auto samePoints = [](const QList<MetricPoint> &a, const QList<MetricPoint> &b) {
            if (a.size() != b.size())
                return false;
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (a[i].step != b[i].step || !sameDouble(a[i].value, b[i].value))
                    return false;
            }
            return true;
        };

        const auto all = storage->trials(study->id, true);
        QVERIFY2(all, qPrintable(storage->lastError()));
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).intermediate.size(), 2);
        QVERIFY(samePoints(all->at(0).intermediate.value(QStringLiteral("val_loss")), loss1));
        QVERIFY(samePoints(all->at(0).intermediate.value(QStringLiteral("val_acc")), acc1));
        QCOMPARE(all->at(1).intermediate.size(), 1);
        QVERIFY(samePoints(all->at(1).intermediate.value(QStringLiteral("val_loss")), {{0, 2.0}}));

        const auto one = storage->trial(study->id, 0, true);
        QVERIFY(one);
        QVERIFY(samePoints(one->intermediate.value(QStringLiteral("val_acc")), acc1));
        QVERIFY(storage->trials(study->id, false)->at(0).intermediate.isEmpty());
        QVERIFY(storage->trial(study->id, 0, false)->intermediate.isEmpty());
    }

    void incrementalReads_data() { addBackendRows(); }
    void incrementalReads()
    {
        // What a monitor polling a live study reads: new and unfinished trials, values after a
        // cursor, and a count that tells a replaced database.
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("inc")));
        QVERIFY(study);
        using R = QList<QPair<QString, MetricPoint>>;
        QList<Trial> started;
        for (int i = 0; i < 4; ++i) {
            const auto t = storage->startTrial(study->id, {{QStringLiteral("x"), double(i)}});
            QVERIFY(t);
            started << *t;
            QVERIFY(storage->addMetricReports(t->id, R{{QStringLiteral("loss"), {0, 1.0 + i}}}));
        }
        QVERIFY(storage->finishTrial(started[0].id, TrialState::Complete, 1.0, 0, QString()));
        QVERIFY(storage->finishTrial(started[1].id, TrialState::Failed, std::nullopt, 1, QStringLiteral("boom")));

        QList<Trial> held = *storage->trials(study->id, false);
        QHash<qint64, qint64> lastIds;
        QList<qsizetype> progress;
        QVERIFY2(storage->readIntermediate(study->id, held, [&](qsizetype done, qsizetype total) {
                     progress << done;
                     return total == 4;
                 }, &lastIds),
                 qPrintable(storage->lastError()));
        QCOMPARE(progress.last(), 4);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        QCOMPARE(held.at(3).intermediate.value(QStringLiteral("loss")).size(), 1);
        QCOMPARE(lastIds.size(), 4);
        QVERIFY(lastIds.value(started[3].id) > lastIds.value(started[0].id));

        // A cancelled read fails and says so.
        QList<Trial> again = *storage->trials(study->id, false);
        QVERIFY(!storage->readIntermediate(study->id, again, [](qsizetype, qsizetype) { return false; }));
        QCOMPARE(storage->lastError(), QStringLiteral("cancelled"));

        QCOMPARE(storage->trialCount(study->id, 3), 4);
        QCOMPARE(storage->trialCount(study->id, 1), 2);

        // Nothing new yet: only the unfinished trials asked for come back.
        auto changed = storage->trialsAfter(study->id, 3, {2, 3});
        QVERIFY2(changed, qPrintable(storage->lastError()));
        QCOMPARE(changed->size(), 2);
        QCOMPARE(changed->at(0).number, 2);
        QCOMPARE(changed->at(0).state, TrialState::Running);
        QVERIFY(changed->at(0).intermediate.isEmpty());

        // Trial 2 reports and finishes, trial 4 starts: both come back, nothing else.
        QVERIFY(storage->addMetricReports(started[2].id, R{{QStringLiteral("loss"), {1, 0.5}}, {QStringLiteral("acc"), {1, 0.9}}}));
        QVERIFY(storage->finishTrial(started[2].id, TrialState::Complete, 0.5, 0, QString()));
        const auto fifth = storage->startTrial(study->id, {{QStringLiteral("x"), 4.0}});
        QVERIFY(fifth);
        QVERIFY(storage->addMetricReports(fifth->id, R{{QStringLiteral("loss"), {0, 7.0}}}));
        changed = storage->trialsAfter(study->id, 3, {2, 3});
        QVERIFY(changed);
        QCOMPARE(changed->size(), 3);
        QCOMPARE(changed->at(0).state, TrialState::Complete);
        QCOMPARE(changed->at(2).number, 4);
        QCOMPARE(storage->trialsAfter(study->id, 4)->size(), 0);

        QList<ValueCursor> cursors{{started[2].id, lastIds.value(started[2].id)},
                                   {started[3].id, lastIds.value(started[3].id)},
                                   {fifth->id, 0}};
        auto values = storage->readNewValues(cursors);
        QVERIFY2(values, qPrintable(storage->lastError()));
        QCOMPARE(values->size(), 2); // trial 3 reported nothing new
        const MetricSeries &third = values->value(started[2].id);
        QCOMPARE(third.value(QStringLiteral("loss")).size(), 1);
        QCOMPARE(third.value(QStringLiteral("loss")).first().step, 1);
        QCOMPARE(third.value(QStringLiteral("acc")).first().value, 0.9);
        QCOMPARE(values->value(fifth->id).value(QStringLiteral("loss")).first().value, 7.0);
        QVERIFY(cursors[0].afterValueId > lastIds.value(started[2].id));
        QCOMPARE(cursors[1].afterValueId, lastIds.value(started[3].id));
        // The cursors moved: read again, nothing is new.
        values = storage->readNewValues(cursors);
        QVERIFY(values);
        QVERIFY(values->isEmpty());
    }

    void studySummaries_data() { addBackendRows(); }
    void studySummaries()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto minStudy = storage->createStudy(makeStudy(QStringLiteral("b-min")));
        const auto maxStudy = storage->createStudy(makeStudy(QStringLiteral("a-max"), QStringLiteral("maximize")));
        QVERIFY(minStudy && maxStudy);
        QVERIFY(storage->createStudy(makeStudy(QStringLiteral("c-empty"))));
        const double nan = std::numeric_limits<double>::quiet_NaN();
        struct Outcome { TrialState state; std::optional<double> value; };
        const QList<Outcome> minOutcomes{{TrialState::Complete, 0.5}, {TrialState::Complete, 0.2},
                                         {TrialState::Complete, nan}, {TrialState::Pruned, 0.01},
                                         {TrialState::Failed, std::nullopt}, {TrialState::Running, std::nullopt}};
        const QList<Outcome> maxOutcomes{{TrialState::Complete, 0.3}, {TrialState::Complete, 0.9},
                                         {TrialState::Failed, 5.0}, {TrialState::Waiting, std::nullopt}};
        for (const auto &[id, outcomes] : {std::pair{minStudy->id, minOutcomes}, std::pair{maxStudy->id, maxOutcomes}}) {
            for (const Outcome &o : outcomes) {
                const auto t = o.state == TrialState::Waiting ? storage->createWaitingTrial(id, {}) : storage->startTrial(id, {});
                QVERIFY(t);
                if (isFinished(o.state))
                    QVERIFY(storage->finishTrial(t->id, o.state, o.value, 0, QString()));
            }
        }
        const QList<StudySummary> sums = storage->studySummaries();
        QCOMPARE(sums.size(), 3);
        QCOMPARE(sums[0].study.name, QStringLiteral("a-max"));
        QCOMPARE(sums[0].total, 4);
        QCOMPARE(sums[0].complete, 2);
        QCOMPARE(sums[0].failed, 1);
        QCOMPARE(sums[0].running, 0);
        QCOMPARE(sums[0].best, std::optional<double>(0.9));
        QCOMPARE(sums[1].study.name, QStringLiteral("b-min"));
        QCOMPARE(sums[1].study.goal, QStringLiteral("minimize"));
        QCOMPARE(sums[1].total, 6);
        QCOMPARE(sums[1].complete, 3);
        QCOMPARE(sums[1].pruned, 1);
        QCOMPARE(sums[1].failed, 1);
        QCOMPARE(sums[1].running, 1);
        QCOMPARE(sums[1].best, std::optional<double>(0.2)); // NaN and the pruned 0.01 do not count
        QCOMPARE(sums[2].study.name, QStringLiteral("c-empty"));
        QCOMPARE(sums[2].total, 0);
        QVERIFY(!sums[2].best);
    }

    void reopen_data() { addBackendRows(); }
    void reopen()
    {
        FRESH_LOCATION(location);
        StudyRecord created;
        Trial started;
        {
            OPEN_STORAGE(storage, location);
            StudyRecord s = makeStudy(QStringLiteral("persist"), QStringLiteral("maximize"));
            s.specYaml.append(QByteArray("\x00\xff binary-safe", 14));
            created = *storage->createStudy(s);
            started = *storage->startTrial(created.id, {{QStringLiteral("lr"), 0.01}, {QStringLiteral("opt"), QStringLiteral("adam")}},
                                           QStringLiteral("1"));
            QVERIFY(storage->addMetricReports(started.id, {{QStringLiteral("acc"), {0, 0.5}}, {QStringLiteral("acc"), {1, 0.75}}}));
            QVERIFY(storage->finishTrial(started.id, TrialState::Complete, 0.75, 0, QString()));

            // A second Storage on the same database at the same time, in the same thread.
            OPEN_STORAGE(second, location);
            QVERIFY(second->startTrial(created.id, {}));
            QCOMPARE(storage->trials(created.id)->size(), 2);
        }
        OPEN_STORAGE(storage, location);
        const auto study = storage->findStudy(QStringLiteral("persist"));
        QVERIFY2(study, qPrintable(storage->lastError()));
        QCOMPARE(study->id, created.id);
        QCOMPARE(study->specYaml, created.specYaml);
        QCOMPARE(study->created, created.created);
        QCOMPARE(study->goal, QStringLiteral("maximize"));
        const auto t = storage->trial(study->id, 0, true);
        QVERIFY(t);
        QCOMPARE(t->id, started.id);
        QCOMPARE(t->params, started.params);
        QCOMPARE(t->started, started.started);
        QCOMPARE(t->gpu, QStringLiteral("1"));
        QCOMPARE(t->worker, currentWorkerId());
        QCOMPARE(t->value, std::optional<double>(0.75));
        QCOMPARE(t->intermediate.value(QStringLiteral("acc")).size(), 2);
        QCOMPARE(storage->startTrial(study->id, {})->number, 2);
    }

    /// Not an assertion on time: prints figures for the report and checks the result shape.
    /// A grid claim chooses seeing every point held; the database refuses a point twice; an
    /// interrupted trial gives its point back.
    void gridClaims_data() { addBackendRows(); }
    void gridClaims()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(makeStudy(QStringLiteral("grid")));
        QVERIFY(study);
        ClaimRequest request;
        request.readsGridPoints = true;
        const auto lowestFree = [](int, const QSet<qint64> &held) -> std::optional<TrialClaim> {
            qint64 i = 0;
            while (held.contains(i))
                ++i;
            if (i >= 3)
                return std::nullopt;
            return TrialClaim{QVariantMap{{QStringLiteral("i"), i}}, i};
        };
        QList<Trial> claimed;
        for (int k = 0; k < 3; ++k) {
            const auto t = storage->claimTrial(study->id, request, lowestFree);
            QVERIFY2(t, qPrintable(storage->lastError()));
            QCOMPARE(t->gridIndex, std::optional<qint64>(k));
            QCOMPARE(t->number, k);
            claimed << *t;
        }
        QVERIFY(!storage->claimTrial(study->id, request, lowestFree));
        QCOMPARE(storage->lastRefusal(), ClaimRefusal::Declined);

        // A choice blind to what is held (a bug, or an older version's row) cannot take a point twice.
        const auto blind = [](int, const QSet<qint64> &) { return std::optional<TrialClaim>(TrialClaim{{}, 1}); };
        QVERIFY(!storage->claimTrial(study->id, request, blind));
        QCOMPARE(storage->lastRefusal(), ClaimRefusal::Taken);
        QCOMPARE(storage->trials(study->id)->size(), 3); // and numbering is untouched

        QVERIFY(storage->finishTrial(claimed[1].id, TrialState::Failed, std::nullopt, std::nullopt, interruptedReason));
        QVERIFY(!storage->trial(study->id, 1)->gridIndex);
        const auto redo = storage->claimTrial(study->id, request, lowestFree);
        QVERIFY2(redo, qPrintable(storage->lastError()));
        QCOMPARE(redo->gridIndex, std::optional<qint64>(1));
        QCOMPARE(redo->number, 3);

        // A finished trial is not finished again: its outcome stands.
        QVERIFY(storage->finishTrial(claimed[0].id, TrialState::Complete, 1.0, 0, QString()));
        QVERIFY(!storage->finishTrial(claimed[0].id, TrialState::Failed, std::nullopt, std::nullopt, interruptedReason));
        QVERIFY2(storage->lastError().contains(QLatin1String("already COMPLETE")), qPrintable(storage->lastError()));
        QCOMPARE(storage->trial(study->id, 0)->gridIndex, std::optional<qint64>(0));
    }

    /// A RUNNING trial without a heartbeat for its grace period shows as stale and is marked
    /// interrupted once, whichever of several workers tries; beats keep trials alive.
    void heartbeats_data() { addBackendRows(); }
    void heartbeats()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(owner, location);
        OPEN_STORAGE(other, location);
        OPEN_STORAGE(third, location);
        const auto study = owner->createStudy(makeStudy(QStringLiteral("beats")));
        QVERIFY(study);
        ClaimRequest request;
        request.readsGridPoints = true;
        request.heartbeatGraceMs = 300;
        const auto point = [](qint64 i) {
            return [i](int, const QSet<qint64> &) { return std::optional<TrialClaim>(TrialClaim{{}, i}); };
        };
        const auto kept = owner->claimTrial(study->id, request, point(0));
        const auto dropped = owner->claimTrial(study->id, request, point(1));
        QVERIFY(kept && dropped);
        QVERIFY(!owner->trial(study->id, 0)->stale);
        QCOMPARE(owner->beat(study->id, {}, 600).value(), QList<qint64>{});
        QCOMPARE(other->liveWorkers(study->id), std::optional<int>(1));

        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 450) {
            // Only `kept` beats, with a longer grace; `dropped` goes silent.
            QCOMPARE(owner->beat(study->id, {kept->id}, 600).value(), QList<qint64>{});
            QTest::qWait(50);
        }
        QVERIFY(!other->trial(study->id, 0)->stale);
        QVERIFY(other->trial(study->id, 1)->stale);
        for (const StudySummary &s : other->studySummaries()) {
            QCOMPARE(s.running, 1);
            QCOMPARE(s.stale, 1);
            QCOMPARE(s.liveWorkers, 1);
        }

        const auto byOther = other->markStaleTrials(study->id);
        const auto byThird = third->markStaleTrials(study->id);
        QVERIFY(byOther && byThird);
        QCOMPARE(byOther->size() + byThird->size(), 1);
        const Trial marked = third->trial(study->id, 1).value();
        QVERIFY(isInterrupted(marked));
        QVERIFY2(marked.reason.contains(QLatin1String("no heartbeat from ") + currentWorkerId()), qPrintable(marked.reason));
        QVERIFY(!marked.gridIndex);
        QCOMPARE(third->trial(study->id, 0)->state, TrialState::Running);

        // The owner learns at its next beat that the trial is no longer its own, and cannot
        // record an outcome for it.
        QCOMPARE(owner->beat(study->id, {kept->id, dropped->id}, 600).value(), QList<qint64>{dropped->id});
        QVERIFY(!owner->finishTrial(dropped->id, TrialState::Complete, 1.0, 0, QString()));
        QVERIFY(isInterrupted(*third->trial(study->id, 1)));

        QVERIFY(owner->leaveStudy(study->id));
        QCOMPARE(other->liveWorkers(study->id), std::optional<int>(0));
    }

    /// A trial with a Slurm job outlives its worker: stale or let go, it is never marked
    /// interrupted but adopted, by exactly one of several runners; the old worker learns at its
    /// next beat that it is no longer its own.
    void jobTrials_data() { addBackendRows(); }
    void jobTrials()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(owner, location);
        OPEN_STORAGE(other, location);
        const auto study = owner->createStudy(makeStudy(QStringLiteral("jobs")));
        QVERIFY(study);
        ClaimRequest request;
        request.heartbeatGraceMs = 200;
        const auto params = [](int, const QSet<qint64> &) { return std::optional<TrialClaim>(TrialClaim{{}, std::nullopt}); };
        const auto job = owner->claimTrial(study->id, request, params);
        const auto plain = owner->claimTrial(study->id, request, params);
        const auto released = owner->claimTrial(study->id, request, params);
        QVERIFY(job && plain && released);
        QVERIFY(owner->setTrialJob(job->id, QStringLiteral("token=tunescope-abc/0")));
        QVERIFY(owner->setTrialJob(job->id, QStringLiteral("4711")));
        QVERIFY(owner->setTrialQueueReason(job->id, QStringLiteral("Priority")));
        QCOMPARE(other->trial(study->id, 0)->job, QStringLiteral("4711"));
        QCOMPARE(other->trial(study->id, 0)->queueReason, QStringLiteral("Priority"));
        QVERIFY(owner->addMetricReports(job->id, {{QStringLiteral("loss"), {0, 1.0}}, {QStringLiteral("acc"), {0, 0.5}}}));
        QVERIFY(owner->removeMetricReports(job->id, {QStringLiteral("loss")}));
        const MetricSeries left = other->trial(study->id, 0, true)->intermediate;
        QCOMPARE(left.keys(), QList<QString>{QStringLiteral("acc")});

        // Let go: listed at once for adoption, job and all.
        QVERIFY(owner->setTrialJob(released->id, QStringLiteral("4712")));
        QVERIFY(owner->releaseTrial(released->id));
        const auto found = other->findInterruptedTrials(study->id);
        QVERIFY(found);
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->first().id, released->id);
        QCOMPARE(found->first().job, QStringLiteral("4712"));
        QVERIFY(found->first().worker.isEmpty());

        // Stale: the plain trial is marked interrupted, the job trial is left for adoption.
        QTest::qWait(350);
        const auto marked = other->markStaleTrials(study->id);
        QVERIFY(marked);
        QCOMPARE(marked->size(), 1);
        QCOMPARE(marked->first().id, plain->id);
        QVERIFY(isInterrupted(*other->trial(study->id, 1)));
        const auto stale = other->findStaleJobTrials(study->id);
        QVERIFY(stale);
        QCOMPARE(stale->size(), 2); // the stale one, and the released one (no beat either)
        const InterruptedTrial staleJob = *std::find_if(stale->begin(), stale->end(), [&](const InterruptedTrial &t) { return t.id == job->id; });
        QCOMPARE(staleJob.worker, currentWorkerId());

        // Of two adopters that found it, one wins; the trial keeps running, fresh again.
        QCOMPARE(other->adoptTrial(job->id, staleJob.worker, 60000), std::optional<bool>(true));
        QCOMPARE(owner->adoptTrial(job->id, staleJob.worker, 60000), std::optional<bool>(false));
        const Trial adopted = *other->trial(study->id, 0);
        QCOMPARE(adopted.state, TrialState::Running);
        QVERIFY(!adopted.stale);
        QCOMPARE(adopted.job, QStringLiteral("4711"));
        // A released trial is adopted from nobody.
        QCOMPARE(other->adoptTrial(released->id, QString(), 60000), std::optional<bool>(true));
        QVERIFY(other->findInterruptedTrials(study->id)->isEmpty());

        // Finishing clears the queue reason.
        QVERIFY(other->finishTrial(job->id, TrialState::Complete, 1.0, 0, QString()));
        QVERIFY(other->trial(study->id, 0)->queueReason.isEmpty());
    }

    /// After another runner adopted a job trial, the old worker's beat says it is lost.
    void beatAfterAdoption_data() { addBackendRows(); }
    void beatAfterAdoption()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(owner, location);
        const auto study = owner->createStudy(makeStudy(QStringLiteral("adopted")));
        QVERIFY(study);
        const auto t = owner->startTrial(study->id, {});
        QVERIFY(t && owner->setTrialJob(t->id, QStringLiteral("99")));
        QCOMPARE(owner->beat(study->id, {t->id}, 600).value(), QList<qint64>{});
        // Another process took it over (its worker column names someone else now).
        QString error;
        rawSql(location, {QStringLiteral("UPDATE trials SET worker = 'elsewhere:1' WHERE id = %1").arg(t->id)}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(owner->beat(study->id, {t->id}, 600).value(), QList<qint64>{t->id});
    }

    void bulkTiming()
    {
        const QString path = mDatabases.freshLocation(QStringLiteral("sqlite"));
        OPEN_STORAGE(storage, path);
        const auto small = storage->createStudy(makeStudy(QStringLiteral("small")));
        QVERIFY(small);
        // Wall time depends on the machine's load; process CPU time is printed beside it.
        QElapsedTimer timer;
        std::clock_t cpu = std::clock();
        auto cpuMs = [&cpu] {
            const std::clock_t now = std::clock();
            const long long ms = (now - cpu) * 1000LL / CLOCKS_PER_SEC;
            cpu = now;
            return ms;
        };
        timer.start();
        for (int i = 0; i < 1000; ++i) {
            const auto t = storage->startTrial(small->id, {{QStringLiteral("lr"), 0.001 * i}, {QStringLiteral("n"), qlonglong(i)}});
            QVERIFY(t);
            for (int step = 0; step < 10; ++step) // one call per printed line, as a trial reports
                QVERIFY(storage->addMetricReports(t->id, {{QStringLiteral("val_loss"), {step, 1.0 / (step + 1)}}}));
            QVERIFY(storage->finishTrial(t->id, TrialState::Complete, 0.1, 0, QString()));
        }
        qInfo("SQLite: 1000 trials x (start + 10 single-report batches + finish) = 12000 transactions in %lld ms (%lld ms CPU)",
              timer.elapsed(), cpuMs());

        const auto big = storage->createStudy(makeStudy(QStringLiteral("big")));
        QVERIFY(big);
        timer.restart();
        cpuMs();
        QList<QPair<QString, MetricPoint>> batch;
        for (int step = 0; step < 100; ++step)
            batch.append({QStringLiteral("val_loss"), {step, step * 0.01}});
        for (int i = 0; i < 1000; ++i) {
            const auto t = storage->startTrial(big->id, {{QStringLiteral("n"), qlonglong(i)}});
            QVERIFY(t);
            QVERIFY(storage->addMetricReports(t->id, batch));
            QVERIFY(storage->finishTrial(t->id, TrialState::Complete, 0.5, 0, QString()));
        }
        qInfo("SQLite: 1000 trials x 100 values written (one batch per trial) in %lld ms (%lld ms CPU)", timer.elapsed(), cpuMs());
        timer.restart();
        const auto all = storage->trials(big->id, true);
        const qint64 readMs = timer.elapsed();
        const qint64 readCpuMs = cpuMs();
        QVERIFY(all);
        QCOMPARE(all->size(), 1000);
        QCOMPARE(all->last().intermediate.value(QStringLiteral("val_loss")).size(), 100);
        qInfo("SQLite: trials(withIntermediate) of 1000 trials x 100 values read in %lld ms (%lld ms CPU)", readMs, readCpuMs);
        // The fast read keeps the points exact and in report order, 16 bytes each.
        for (const Trial &t : *all) {
            const QList<MetricPoint> &points = t.intermediate.value(QStringLiteral("val_loss"));
            QCOMPARE(points.capacity(), points.size());
            QCOMPARE(points.at(37).step, 37);
            QCOMPARE(points.at(37).value, 0.37);
        }
        timer.restart();
        QCOMPARE(storage->studySummaries().size(), 2);
        qInfo("SQLite: studySummaries over 2000 trials in %lld ms", timer.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestStorage)

#include "tst_storage.moc"
