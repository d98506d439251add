// Storage: SQLite always, PostgreSQL when TUNESCOPE_TEST_POSTGRES_URL is set
// (export TUNESCOPE_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -n1)).
//
// The binary doubles as a worker process for the multi-process cases:
//   tst_storage --storage-worker LOCATION STUDY COUNT [--leave-running] [--create]

#include "storage/storage.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSemaphore>
#include <QSysInfo>
#include <QThread>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <bit>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <limits>

using namespace tunescope;

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

quint64 bits(double v)
{
    return std::bit_cast<quint64>(v);
}

// Same double, bit for bit (so -0.0 != 0.0), with every NaN equal to every NaN.
bool sameDouble(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || bits(a) == bits(b);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

/// Executes SQL on a database behind Storage's back (to set up foreign or odd databases).
/// Returns the first column of the last statement's rows.
QStringList rawSql(const QString &location, const QStringList &statements, QString *error = nullptr)
{
    static int counter = 0;
    const QString name = QStringLiteral("tst-raw-%1").arg(++counter);
    QStringList rows;
    {
        QSqlDatabase db;
        if (location.startsWith(QLatin1String("postgresql://"))) {
            const QUrl url(location);
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(url.host());
            db.setPort(url.port(5432));
            db.setDatabaseName(url.path().mid(1));
            db.setUserName(url.userName());
            db.setPassword(url.password());
        } else {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(location);
        }
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
        } else {
            for (const QString &sql : statements) {
                QSqlQuery q(db);
                if (!q.exec(sql)) {
                    if (error)
                        *error = sql + QStringLiteral(": ") + q.lastError().text();
                    break;
                }
                rows.clear();
                while (q.next())
                    rows << q.value(0).toString();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

} // namespace

/// Tests of Storage on SQLite and (when configured) PostgreSQL.
class TestStorage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    int mCounter = 0;
    const QString mPgUrl = qEnvironmentVariable("TUNESCOPE_TEST_POSTGRES_URL");

    /// A new, empty database of the backend: a fresh file, or the PostgreSQL test database
    /// with Tunescope's tables dropped.
    QString freshLocation(const QString &backend)
    {
        if (backend == QLatin1String("sqlite"))
            return mDir.filePath(QStringLiteral("db%1.sqlite").arg(++mCounter));
        QString error;
        rawSql(mPgUrl, {QStringLiteral("DROP TABLE IF EXISTS trial_values, trials, studies, meta CASCADE")}, &error);
        if (!error.isEmpty())
            qWarning() << "resetting PostgreSQL:" << error;
        return mPgUrl;
    }

    static void addBackendRows()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgres") << QStringLiteral("postgres");
    }

    static StudyRecord makeStudy(const QString &name, const QString &goal = QStringLiteral("minimize"))
    {
        StudyRecord s;
        s.name = name;
        s.method = QStringLiteral("tpe");
        s.metricName = QStringLiteral("val_loss");
        s.goal = goal;
        s.specYaml = QByteArrayLiteral("name: ") + name.toUtf8() + "\nmethod: tpe\n";
        return s;
    }

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

// QSKIP must be called from the test function itself.
#define FRESH_LOCATION(var)                                                                        \
    QFETCH(QString, backend);                                                                      \
    if (backend == QLatin1String("postgres") && mPgUrl.isEmpty())                                  \
        QSKIP("TUNESCOPE_TEST_POSTGRES_URL not set (run scripts/start-postgres.sh)");              \
    const QString var = freshLocation(backend)

#define OPEN_STORAGE(var, location)                                                                \
    QString var##Error;                                                                            \
    auto var = Storage::open(location, &var##Error);                                               \
    QVERIFY2(var, qPrintable(var##Error))

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        if (mPgUrl.isEmpty())
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
        const QString path = freshLocation(QStringLiteral("sqlite"));
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

        const auto marked = storage->markInterruptedTrials(study->id);
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

        QCOMPARE(*storage->markInterruptedTrials(study->id), 0);
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

    void upgradesSchemaOne_data() { addBackendRows(); }
    void upgradesSchemaOne()
    {
        // A database of schema 1 (no trials.pgid) is upgraded in place and keeps its trials.
        FRESH_LOCATION(location);
        {
            OPEN_STORAGE(storage, location);
            const auto study = storage->createStudy(makeStudy(QStringLiteral("old")));
            QVERIFY(study);
            QVERIFY(storage->startTrial(study->id, {{QStringLiteral("x"), 1.5}}));
        }
        QString error;
        rawSql(location, {QStringLiteral("ALTER TABLE trials DROP COLUMN pgid"),
                          QStringLiteral("UPDATE meta SET value = '1' WHERE key = 'schema_version'")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        {
            OPEN_STORAGE(storage, location);
            const auto study = storage->findStudy(QStringLiteral("old"));
            QVERIFY(study);
            const auto trials = storage->trials(study->id);
            QVERIFY(trials && trials->size() == 1);
            QCOMPARE(trials->first().params.value(QStringLiteral("x")).toDouble(), 1.5);
            QVERIFY2(storage->setTrialProcessGroup(trials->first().id, 4242), qPrintable(storage->lastError()));
        }
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")}, &error),
                 QStringList{QString::number(Storage::schemaVersion)});
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT pgid FROM trials")}, &error), QStringList{QStringLiteral("4242")});
    }

    void refuseNewerSchema_data() { addBackendRows(); }
    void refuseNewerSchema()
    {
        FRESH_LOCATION(location);
        {
            OPEN_STORAGE(storage, location);
            QVERIFY(storage->createStudy(makeStudy(QStringLiteral("future"))));
        }
        QString error;
        rawSql(location, {QStringLiteral("UPDATE meta SET value = '%1' WHERE key = 'schema_version'").arg(Storage::schemaVersion + 1)}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QByteArray before = backend == QLatin1String("sqlite") ? readAll(location) : QByteArray();

        auto storage = Storage::open(location, &error);
        QVERIFY(!storage);
        QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));

        if (backend == QLatin1String("sqlite")) {
            QVERIFY(!before.isEmpty());
            QCOMPARE(readAll(location), before);
        }
        error.clear();
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")}, &error),
                 QStringList{QString::number(Storage::schemaVersion + 1)});
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT name FROM studies")}), QStringList{QStringLiteral("future")});
    }

    void refuseForeignSqlite_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::newRow("other application") << QStringList{
            QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)"),
            QStringLiteral("INSERT INTO people (name) VALUES ('ada')")};
        QTest::newRow("our table names, no meta") << QStringList{
            QStringLiteral("CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT)")};
        QTest::newRow("meta of another application") << QStringList{
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"),
            QStringLiteral("INSERT INTO meta VALUES ('application', 'somethingelse'), ('schema_version', '1')")};
        QTest::newRow("meta of another shape") << QStringList{
            QStringLiteral("CREATE TABLE meta (a INTEGER)")};
    }
    void refuseForeignSqlite()
    {
        QFETCH(QStringList, statements);
        const QString path = mDir.filePath(QStringLiteral("foreign%1.sqlite").arg(++mCounter));
        QString error;
        rawSql(path, statements, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());

        auto storage = Storage::open(path, &error);
        QVERIFY(!storage);
        QVERIFY2(error.contains(path) && error.contains(QLatin1String("refusing")), qPrintable(error));
        QCOMPARE(readAll(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void refuseNonDatabase_data()
    {
        QTest::addColumn<QByteArray>("content");
        QByteArray noise(8192, '\0');
        QRandomGenerator gen(42);
        for (char &c : noise)
            c = char(gen.bounded(256));
        QTest::newRow("text") << QByteArray("name: digits-mlp\nmethod: bayes\n").repeated(200);
        QTest::newRow("noise") << noise;
        QTest::newRow("sqlite magic then noise") << QByteArray("SQLite format 3", 16) + noise;
    }
    void refuseNonDatabase()
    {
        QFETCH(QByteArray, content);
        const QString path = mDir.filePath(QStringLiteral("notadb%1.db").arg(++mCounter));
        QVERIFY(writeFile(path, content));
        QString error;
        auto storage = Storage::open(path, &error);
        QVERIFY(!storage);
        QVERIFY2(error.contains(path) && !error.isEmpty(), qPrintable(error));
        if (QByteArray(QTest::currentDataTag()) == "text")
            QVERIFY2(error.contains(QLatin1String("file is not a database")), qPrintable(error));
        QCOMPARE(readAll(path), content);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void emptyFileBecomesDatabase()
    {
        const QString path = mDir.filePath(QStringLiteral("empty.db"));
        QVERIFY(writeFile(path, QByteArray()));
        OPEN_STORAGE(storage, path);
        QVERIFY(storage->createStudy(makeStudy(QStringLiteral("e"))));
        QCOMPARE(rawSql(path, {QStringLiteral("PRAGMA journal_mode")}), QStringList{QStringLiteral("wal")});
    }

    void openErrors_data()
    {
        QTest::addColumn<QString>("location");
        QTest::newRow("empty") << QString();
        QTest::newRow("missing folder") << QStringLiteral("/nonexistent-tunescope-folder/x.db");
        QTest::newRow("directory") << QStringLiteral("/tmp");
        QTest::newRow("postgres without database") << QStringLiteral("postgresql://user@127.0.0.1:1/");
        QTest::newRow("postgres unreachable") << QStringLiteral("postgresql://user:secret@127.0.0.1:1/db?connect_timeout=2");
    }
    void openErrors()
    {
        QFETCH(QString, location);
        QString error;
        QVERIFY(!Storage::open(location, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY2(!error.contains(QLatin1String("secret")), qPrintable(error)); // passwords stay out of messages
    }

    /// Not an assertion on time: prints figures for the report and checks the result shape.
    void bulkTiming()
    {
        const QString path = freshLocation(QStringLiteral("sqlite"));
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
        timer.restart();
        QCOMPARE(storage->studySummaries().size(), 2);
        qInfo("SQLite: studySummaries over 2000 trials in %lld ms", timer.elapsed());
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() > 1 && args[1] == kWorkerFlag)
        return runWorker(args.mid(2));
    TestStorage test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storage.moc"
