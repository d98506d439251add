// A PostgreSQL session that goes away under a worker: the server restarted or the network
// dropped it (the session is terminated), or the worker was frozen inside a transaction (the
// idle-in-transaction timeout ends it, so its row locks no longer stop the other workers).
// Either way the worker carries on, on a new session, without losing or doubling a write.
// SQLite cannot end a frozen writer: there the waiting worker names it (tst_sqlitelockwait).
//
// The cases run when TUNESCOPE_TEST_POSTGRES_URL is set
// (export TUNESCOPE_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -n1)).

#include "storage/connection.h"
#include "support/storagefixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <csignal>
#include <cstdio>

using namespace tunescope;

class TestConnection : public QObject
{
    Q_OBJECT

    QString mUrl = qEnvironmentVariable("TUNESCOPE_TEST_POSTGRES_URL");
    int mCase = 0;

    /// The test database's URL with an application_name of this case's own, so that the case
    /// can find (and end) its sessions among those of suites running beside it.
    QString urlNamed(const QString &applicationName, const QString &libpqOptions = QString()) const
    {
        QUrl url(mUrl);
        QUrlQuery query(url);
        query.addQueryItem(QStringLiteral("application_name"), applicationName);
        if (!libpqOptions.isEmpty())
            query.addQueryItem(QStringLiteral("options"), libpqOptions);
        url.setQuery(query);
        return url.toString();
    }

    /// A raw session of the test's own, to act behind the Connection's back.
    QSqlDatabase admin()
    {
        const QString name = QStringLiteral("admin-%1").arg(++mCase);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        const QUrl url(mUrl);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setDatabaseName(url.path().mid(1));
        db.setUserName(url.userName());
        return db;
    }

    static int terminate(QSqlDatabase &db, const QString &applicationName)
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?"));
        q.addBindValue(applicationName);
        int ended = 0;
        if (q.exec())
            while (q.next())
                ended += q.value(0).toBool() ? 1 : 0;
        return ended;
    }

    /// A table of one counter, at 0, made afresh.
    static bool makeCounter(Connection &c, const QString &table)
    {
        return c.execPlain(QStringLiteral("DROP TABLE IF EXISTS %1").arg(table))
               && c.execPlain(QStringLiteral("CREATE TABLE %1 (n INTEGER NOT NULL)").arg(table))
               && c.execPlain(QStringLiteral("INSERT INTO %1 VALUES (0)").arg(table));
    }

    static int backendPid(Connection &c)
    {
        auto q = c.exec(QStringLiteral("SELECT pg_backend_pid()"));
        return q && q->next() ? q->value(0).toInt() : -1;
    }

    static int counter(Connection &c, const QString &table)
    {
        auto q = c.exec(QStringLiteral("SELECT n FROM %1").arg(table));
        return q && q->next() ? q->value(0).toInt() : -1;
    }

private slots:
    void init()
    {
        if (mUrl.isEmpty())
            QSKIP("TUNESCOPE_TEST_POSTGRES_URL not set (run scripts/start-postgres.sh)");
        // The storage suites leave the shared test database in any state (a newer schema, a
        // foreign table): start from none of Tunescope's tables.
        QString error;
        fixture::rawSql(mUrl, {QStringLiteral("DROP TABLE IF EXISTS trial_artifacts, study_runs, study_workers, trial_values, trials, studies, meta CASCADE")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    /// The session is ended between two statements: reads and writes go on, on a new one.
    void terminatedSessionIsReplaced()
    {
        const QString app = QStringLiteral("tst-connection-terminated-%1").arg(QCoreApplication::applicationPid());
        const QString table = QStringLiteral("tst_connection_terminated_%1").arg(QCoreApplication::applicationPid());
        Connection c;
        QVERIFY2(c.open(urlNamed(app)), qPrintable(c.lastError));
        QVERIFY2(makeCounter(c, table), qPrintable(c.lastError));

        QSqlDatabase db = admin();
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QCOMPARE(terminate(db, app), 1);
        QCOMPARE(counter(c, table), 0); // a read, on a new session

        QCOMPARE(terminate(db, app), 1);
        QVERIFY2(c.write([&] { return c.exec(QStringLiteral("UPDATE %1 SET n = n + 1").arg(table)).has_value(); }),
                 qPrintable(c.lastError));
        QCOMPARE(counter(c, table), 1); // the write ran exactly once

        QVERIFY(c.execPlain(QStringLiteral("DROP TABLE %1").arg(table)));
        db.close();
    }

    /// A write statement is prepared once per session and run again with new values; a new
    /// session (after the old one was ended) and a rolled-back transaction prepare it afresh.
    void writeStatementsArePreparedOnce()
    {
        const QString app = QStringLiteral("tst-connection-prepared-%1").arg(QCoreApplication::applicationPid());
        const QString table = QStringLiteral("tst_connection_prepared_%1").arg(QCoreApplication::applicationPid());
        Connection c;
        QVERIFY2(c.open(urlNamed(app)), qPrintable(c.lastError));
        QVERIFY(c.execPlain(QStringLiteral("DROP TABLE IF EXISTS %1").arg(table)));
        QVERIFY(c.execPlain(QStringLiteral("CREATE TABLE %1 (n INTEGER NOT NULL)").arg(table)));
        const QString insert = QStringLiteral("INSERT INTO %1 (n) VALUES (?)").arg(table);
        const auto preparedInserts = [&] {
            auto q = c.exec(QStringLiteral("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE ?"),
                            {QStringLiteral("%INSERT INTO %1%").arg(table)});
            return q && q->next() ? q->value(0).toInt() : -1;
        };
        const auto sum = [&] {
            auto q = c.exec(QStringLiteral("SELECT coalesce(sum(n), 0), count(*) FROM %1").arg(table));
            return q && q->next() ? QPair<int, int>(q->value(0).toInt(), q->value(1).toInt()) : QPair<int, int>(-1, -1);
        };
        for (int n = 1; n <= 3; ++n)
            QVERIFY2(c.exec(insert, {n}), qPrintable(c.lastError));
        QCOMPARE(sum(), (QPair<int, int>(6, 3))); // each run with its own value
        QCOMPARE(preparedInserts(), 1);           // one statement on the server, kept

        QVERIFY(!c.write([&] { return c.exec(insert, {100}).has_value() && c.exec(QStringLiteral("SELECT nope")).has_value(); }));
        QVERIFY2(c.exec(insert, {4}), qPrintable(c.lastError)); // after the ROLLBACK
        QCOMPARE(sum(), (QPair<int, int>(10, 4)));

        QSqlDatabase db = admin();
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QCOMPARE(terminate(db, app), 1);
        QVERIFY2(c.exec(insert, {5}), qPrintable(c.lastError)); // on a new session
        QCOMPARE(sum(), (QPair<int, int>(15, 5)));
        QCOMPARE(preparedInserts(), 1);

        QVERIFY(c.execPlain(QStringLiteral("DROP TABLE %1").arg(table)));
        db.close();
    }

    /// A worker frozen inside its transaction holds a row lock. The server ends its session
    /// after the idle-in-transaction timeout, which frees the lock for another worker; the
    /// frozen one, when it wakes, runs its transaction again on a new session: both updates
    /// are stored, each once.
    void frozenTransactionFreesItsLocks()
    {
        const QString app = QStringLiteral("tst-connection-frozen-%1").arg(QCoreApplication::applicationPid());
        const QString table = QStringLiteral("tst_connection_frozen_%1").arg(QCoreApplication::applicationPid());
        Connection frozen;
        frozen.idleInTransactionTimeoutMs = 500;
        QVERIFY2(frozen.open(urlNamed(app)), qPrintable(frozen.lastError));
        QVERIFY2(makeCounter(frozen, table), qPrintable(frozen.lastError));

        // Without the timeout the other worker would wait for as long as the frozen one
        // sleeps: its lock_timeout turns that into a failure here instead of a hang.
        Connection other;
        QVERIFY2(other.open(urlNamed(app + QStringLiteral("-other"), QStringLiteral("--lock_timeout=5000"))),
                 qPrintable(other.lastError));

        int attempts = 0;
        qint64 otherWaitedMs = -1;
        const bool stored = frozen.write([&] {
            ++attempts;
            if (!frozen.exec(QStringLiteral("UPDATE %1 SET n = n + 1").arg(table)))
                return false;
            if (attempts == 1) {
                // Frozen with the row locked: the other worker's update waits for the lock
                // until the server ends this session.
                QElapsedTimer waited;
                waited.start();
                if (!other.write([&] { return other.exec(QStringLiteral("UPDATE %1 SET n = n + 10").arg(table)).has_value(); }))
                    return false;
                otherWaitedMs = waited.elapsed();
                QThread::msleep(100); // the server's end of the session reaches the socket
            }
            return frozen.exec(QStringLiteral("SELECT n FROM %1").arg(table)).has_value();
        });
        QVERIFY2(stored, qPrintable(frozen.lastError));
        QVERIFY2(otherWaitedMs >= 0, qPrintable(other.lastError));
        QVERIFY2(otherWaitedMs < 5000, qPrintable(QString::number(otherWaitedMs)));
        QCOMPARE(attempts, 2);
        QCOMPARE(counter(other, table), 11);
        QVERIFY(other.execPlain(QStringLiteral("DROP TABLE %1").arg(table)));
    }

    /// A long pause between the last statement and COMMIT: a probe tells whether the session
    /// lived through it. Where the server ended it, the transaction runs again on a new session;
    /// where it lives, the transaction commits at once.
    void pauseBeforeCommit_data()
    {
        QTest::addColumn<bool>("serverEndsSession");
        QTest::newRow("server-ends-session") << true;
        // The server's timeout lifted inside the transaction: the session outlives the pause.
        QTest::newRow("session-survives") << false;
    }

    void pauseBeforeCommit()
    {
        QFETCH(bool, serverEndsSession);
        const QString app = QStringLiteral("tst-connection-pause-%1").arg(QCoreApplication::applicationPid());
        const QString table = QStringLiteral("tst_connection_pause_%1").arg(QCoreApplication::applicationPid());
        Connection c;
        c.idleInTransactionTimeoutMs = 500;
        QVERIFY2(c.open(urlNamed(app)), qPrintable(c.lastError));
        QVERIFY2(makeCounter(c, table), qPrintable(c.lastError));
        const int sessionBefore = backendPid(c);

        int attempts = 0;
        const bool stored = c.write([&] {
            ++attempts;
            if (!serverEndsSession && !c.execPlain(QStringLiteral("SET LOCAL idle_in_transaction_session_timeout = 0")))
                return false;
            if (!c.exec(QStringLiteral("UPDATE %1 SET n = n + 1").arg(table)))
                return false;
            if (attempts == 1)
                QThread::msleep(1500); // past the timeout, as if frozen
            return true;
        });
        QVERIFY2(stored, qPrintable(c.lastError));
        QCOMPARE(attempts, serverEndsSession ? 2 : 1);
        QCOMPARE(counter(c, table), 1); // stored once
        QCOMPARE(backendPid(c) != sessionBefore, serverEndsSession);
        QVERIFY(c.execPlain(QStringLiteral("DROP TABLE %1").arg(table)));
    }

    /// What tst_manyworkers' frozen worker met now and then: frozen while its statement waited
    /// for a row lock. The lock came free, the server answered and then ended the idle session;
    /// on waking, the worker read the answer and the server's goodbye together, and its COMMIT
    /// failed as a plain closed socket ("the change may or may not have been stored"). The
    /// worker is a child process (this binary, --write-helper) so that it can be SIGSTOPped.
    void frozenWhileWaitingForALock()
    {
        const QString app = QStringLiteral("tst-connection-lockwait-%1").arg(QCoreApplication::applicationPid());
        const QString table = QStringLiteral("tst_connection_lockwait_%1").arg(QCoreApplication::applicationPid());
        Connection c;
        QVERIFY2(c.open(urlNamed(app + QStringLiteral("-setup"))), qPrintable(c.lastError));
        QVERIFY2(makeCounter(c, table), qPrintable(c.lastError));

        QSqlDatabase holder = admin();
        QVERIFY2(holder.open(), qPrintable(holder.lastError().text()));
        QSqlQuery hold(holder);
        QVERIFY(hold.exec(QStringLiteral("BEGIN")));
        QVERIFY(hold.exec(QStringLiteral("UPDATE %1 SET n = n + 100").arg(table)));

        QProcess worker;
        worker.setProcessChannelMode(QProcess::MergedChannels);
        worker.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--write-helper"), urlNamed(app), table});
        QVERIFY(worker.waitForStarted());
        const auto workerState = [&] {
            auto q = c.exec(QStringLiteral("SELECT coalesce(wait_event_type, ''), state FROM pg_stat_activity WHERE application_name = ?"),
                            {app});
            return q && q->next() ? q->value(0).toString() + QLatin1Char('/') + q->value(1).toString() : QStringLiteral("gone");
        };
        QTRY_COMPARE_WITH_TIMEOUT(workerState(), QStringLiteral("Lock/active"), 10000);
        QVERIFY(::kill(pid_t(worker.processId()), SIGSTOP) == 0);
        QVERIFY(hold.exec(QStringLiteral("COMMIT"))); // the worker's UPDATE goes through
        QTRY_COMPARE_WITH_TIMEOUT(workerState(), QStringLiteral("gone"), 10000); // its idle session ended
        QVERIFY(::kill(pid_t(worker.processId()), SIGCONT) == 0);
        QVERIFY(worker.waitForFinished(30000));
        const QString said = QString::fromUtf8(worker.readAll());
        QVERIFY2(worker.exitStatus() == QProcess::NormalExit && worker.exitCode() == 0, qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("attempts=2")), qPrintable(said));
        QCOMPARE(counter(c, table), 101); // the worker's update stored once, on a new session
        QVERIFY(c.execPlain(QStringLiteral("DROP TABLE %1").arg(table)));
        holder.close();
    }
};

/// The frozen worker of frozenWhileWaitingForALock: one write transaction that adds 1 to the
/// table's counter, with a server timeout short enough for a test. Prints how many attempts
/// it took.
static int writeHelper(const QString &url, const QString &table)
{
    Connection c;
    c.idleInTransactionTimeoutMs = 500;
    if (!c.open(url)) {
        fprintf(stderr, "helper: %s\n", qPrintable(c.lastError));
        return 2;
    }
    int attempts = 0;
    const bool stored = c.write([&] {
        ++attempts;
        return c.exec(QStringLiteral("UPDATE %1 SET n = n + 1").arg(table)).has_value();
    });
    printf("attempts=%d\n", attempts);
    if (!stored)
        fprintf(stderr, "helper: %s\n", qPrintable(c.lastError));
    return stored ? 0 : 1;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 4 && qstrcmp(argv[1], "--write-helper") == 0)
        return writeHelper(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    TestConnection test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_connection.moc"
