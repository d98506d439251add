#pragma once

// Internal to core/storage: the connection that Storage, its schema code and its opening
// share. Not part of the public API.

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>

namespace tunescope {

struct SqliteLockWait;

enum class Backend { Sqlite, Postgres };

/// The database message of an error, or the driver's when the database gave none.
QString describe(const QSqlError &e);

/// One open database: statements with bound values, write transactions retried while the
/// database is busy, and doubles bound the way each backend keeps them exactly.
///
/// Every failing call leaves the reason in lastError (and the driver's error in lastSqlError,
/// from which write() decides whether to retry).
struct Connection
{
    Connection();
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    /// Opens a path (SQLite) or a postgresql:// URL and makes sure it holds the current
    /// schema. A database that is someone else's, or from a newer Tunescope, is refused and
    /// left untouched.
    bool open(const QString &location);

    Backend backend = Backend::Sqlite;
    QString location;
    QString displayName; ///< location without a password, for messages
    QString connectionName;
    QSqlDatabase db;
    QString lastError;
    QSqlError lastSqlError; ///< of the last failed statement, to decide whether to retry
    /// An Optuna database (OptunaReader reads it): opened read-only (SQLite) or in read-only
    /// transactions (PostgreSQL), and every write() refused with readOnlyReason.
    bool optuna = false;
    QString readOnlyReason;
    /// An Optuna SQLite file in WAL mode that nobody had open is read as an immutable snapshot,
    /// since a read-only connection would create -wal and -shm files it cannot remove again.
    bool immutableSnapshot = false;
    /// The file's size and modification time when the immutable snapshot was opened.
    QString snapshotStamp;

    /// Once a writer has opened the immutable snapshot's file (its -shm file exists), reads it
    /// through a plain read-only connection instead, to follow what the writer adds. A writer
    /// that came and went between two reads (each Optuna call may open and close its own
    /// connection) left its changes in the file itself: the snapshot is opened again.
    void followWriter();

    /// PostgreSQL ends a session that sits inside a transaction this long. Tunescope's
    /// transactions are a few statements back to back; a session idle inside one belongs to a
    /// frozen worker (SIGSTOP, a suspended laptop, a stalled network), and the row locks it
    /// holds would otherwise stop every other worker on the study until it wakes. That worker
    /// then runs its transaction again on a new session.
    int idleInTransactionTimeoutMs = 10000;

    /// SQLite: a statement that has waited this long for a lock says so on stderr, naming the
    /// process that holds it (see waitForSqliteLocks).
    int lockWaitReportMs = 5000;
    std::unique_ptr<SqliteLockWait> lockWaitState; ///< the busy handler's context (sqlitelockwait.h)

    bool fail(const QString &message);
    /// Keeps a failed query's error (lastSqlError, and described in lastError); returns false.
    bool failedWith(const QSqlQuery &q);

    /// Prepares, binds positionally and executes. Values are always bound, never spliced.
    std::optional<QSqlQuery> exec(const QString &sql, const QVariantList &binds = {});
    /// Statements without values (BEGIN, PRAGMA, DDL).
    bool execPlain(const QString &sql);
    /// Executes a statement prepared outside exec() (a bulk insert prepared once): the failure
    /// goes to lastSqlError and lastError, and the write transaction knows when it was sent.
    bool execPrepared(QSqlQuery &q);
    /// Keeps a statement prepared outside exec() alive until the write transaction ends.
    void keep(const QSqlQuery &q);

    /// Runs body inside one write transaction (BEGIN IMMEDIATE on SQLite, so the write lock
    /// is taken up front and two processes never deadlock upgrading read locks), retrying
    /// the whole transaction a few times with a growing, jittered backoff when busy.
    bool write(const std::function<bool()> &body);

    /// Whether an error is the database being busy or a lost race: worth a retry.
    bool isTransient(const QSqlError &e) const;
    /// Whether an error means the PostgreSQL session is gone (server restart, network, the
    /// idle-in-transaction timeout after this process was frozen): worth a new session.
    bool isConnectionLost(const QSqlError &e) const;
    /// Opens a new PostgreSQL session in place of a lost one, with the session settings.
    bool reconnect();
    /// Whether an error is a UNIQUE constraint refusing a row.
    bool isUniqueViolation(const QSqlError &e) const;

    /// SQL for the database's clock in milliseconds since the epoch: heartbeats written and
    /// compared on one clock, whichever hosts the workers run on.
    QString clockMsSql() const;

    /// A double for a value column. NaN is stored as NULL (SQLite turns NaN into NULL anyway,
    /// and a NULL keeps NaN out of MIN/MAX). PostgreSQL gets the shortest exact text, because
    /// Qt's PSQL driver splices a double as an unquoted literal, where "-0" becomes +0.
    QVariant bindDouble(double v) const;
    /// The inverse of bindDouble: NULL is NaN; PostgreSQL's texts for the infinities.
    static double readDouble(const QVariant &v);

private:
    /// Statements of the open write transaction, kept until it ends: QPSQL deallocates a
    /// prepared statement when the query dies, which fails (and leaks it on the server)
    /// while a failed transaction awaits its ROLLBACK.
    QList<QSqlQuery> mTransactionQueries;
    /// Statements other than SELECT by their SQL, prepared once per session: parsing them
    /// again on every exec was 3 % of a 100-trial study's CPU in the runner.
    QHash<QString, QSqlQuery> mStatements;
    static constexpr int kMaxStatements = 64;
    bool mInWrite = false;
    /// When the last statement was sent, in milliseconds on a clock that runs on while the
    /// process is frozen or the machine suspended (CLOCK_BOOTTIME): the server's idle time
    /// inside a transaction cannot have started earlier (see write()).
    qint64 mStatementSentMs = 0;
    bool mReconnecting = false; ///< exec() retries a statement on a new session once, not more

    bool endTransaction(const QString &sql);
    void markStatementSent();
    /// PostgreSQL: whether the open transaction may have sat idle on the server for so long
    /// that the idle-in-transaction timeout ended the session.
    bool mayHaveOutlivedIdleTimeout() const;
    /// Keeps an executed statement for the next exec() of the same SQL (see mStatements).
    void remember(const QString &sql, const QSqlQuery &q);
    /// Sleeps before the next attempt of a write: growing with the attempt, jittered.
    static void backoff(int attempt);
    /// PostgreSQL: the idle-in-transaction timeout, and read-only transactions for Optuna.
    bool applySessionSettings();
    bool openSqlite(const QString &path);
    /// Opens an existing SQLite file read-only first: an Optuna database stays open so (true),
    /// anything else is closed again for the usual opening (false); nullopt when it is an
    /// Optuna database this version refuses (lastError says why).
    std::optional<bool> openIfOptuna();
    bool openReadOnly(bool immutable);
    bool openPostgres(const QString &urlText);
};

} // namespace tunescope
