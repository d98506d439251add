// SQLite cannot end a session frozen inside a write, as PostgreSQL does (tst_connection): a
// process stopped there keeps the file's write lock, and every other writer waits until it
// wakes. The one waiting says so, naming the process that holds the lock.

#include "storage/connection.h"
#include "storage/sqlitelockwait.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <future>
#include <thread>

using namespace tunescope;

class TestSqliteLockWait : public QObject
{
    Q_OBJECT

private slots:
    /// The wait names the process that holds the lock (here this one, through a connection on
    /// another thread), and the write goes through once the lock is let go.
    void longWaitNamesTheHolder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("shared.db"));
        Connection waiting;
        waiting.lockWaitReportMs = 300;
        QVERIFY2(waiting.open(path), qPrintable(waiting.lastError));
        QVERIFY(waiting.execPlain(QStringLiteral("CREATE TABLE t (n INTEGER NOT NULL)")));
        QCOMPARE(sqliteWriteLockHolder(path), std::nullopt);

        std::promise<bool> locked;
        std::thread holder([&] {
            const QString name = QStringLiteral("lock-holder");
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(path);
                QSqlQuery q(db);
                const bool ok = db.open() && q.exec(QStringLiteral("BEGIN IMMEDIATE"));
                locked.set_value(ok);
                if (ok) {
                    QThread::msleep(1000);
                    q.exec(QStringLiteral("COMMIT"));
                }
            }
            QSqlDatabase::removeDatabase(name);
        });
        const bool holding = locked.get_future().get();
        const qint64 pid = QCoreApplication::applicationPid();
        const std::optional<qint64> holderPid = holding ? sqliteWriteLockHolder(path) : std::nullopt;

        // The name is the kernel's (/proc/PID/comm): the program's first 15 bytes.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(
            "^warning: .*shared\\.db: waited [0-9.]+ s for the database's write lock, held by process %1 \\(tst_sqlitelockw\\); "
            "a process stopped \\(Ctrl-Z, SIGSTOP, a debugger\\) inside a write keeps it until it resumes$").arg(pid)));
        QElapsedTimer waited;
        waited.start();
        const bool written = waiting.write([&] { return waiting.exec(QStringLiteral("INSERT INTO t VALUES (1)")).has_value(); });
        const qint64 waitedMs = waited.elapsed();
        holder.join();

        QVERIFY(holding);
        QCOMPARE(holderPid, std::optional<qint64>(pid));
        QVERIFY2(written, qPrintable(waiting.lastError));
        QVERIFY2(waitedMs >= 700, qPrintable(QString::number(waitedMs))); // it did wait for the holder
        QCOMPARE(sqliteWriteLockHolder(path), std::nullopt);
        auto q = waiting.exec(QStringLiteral("SELECT count(*) FROM t"));
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSqliteLockWait)
#include "tst_sqlitelockwait.moc"
