#include "storage/connection.h"

#include "common/paramcodec.h"
#include "storage/optunareader.h"
#include "storage/schema.h"
#include "storage/sqlitelockwait.h"
#include "storage/storage.h"
#include "storage/studylocation.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QDebug>
#include <QRandomGenerator>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>

#include <time.h>

namespace tunescope {

namespace {

// Retries of a whole write transaction when the database says "busy"/"locked" (SQLite) or
// reports a serialization failure or deadlock (PostgreSQL). SQLite's busy timeout already
// waits inside each statement; this covers the cases where it gives up immediately
// (e.g. SQLITE_BUSY_SNAPSHOT, WAL recovery, a deadlock between two lock upgrades).
constexpr int kWriteAttempts = 8;
constexpr int kSqliteBusyTimeoutMs = 10000;

std::atomic<quint64> connectionCounter{0};
// A password in the URL still works; it is pointed out once a process, not at every open.
std::atomic<bool> passwordWarned{false};

/// Milliseconds on a clock that goes on while the process is stopped and while the machine
/// sleeps: the database server's clock goes on through both.
qint64 bootClockMs()
{
#ifdef CLOCK_BOOTTIME
    timespec ts{};
    if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
        return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
#endif
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool hasService(const QUrlQuery &query)
{
    return query.hasQueryItem(QStringLiteral("service")) || qEnvironmentVariableIsSet("PGSERVICE");
}

} // namespace

QString describe(const QSqlError &e)
{
    QString text = e.databaseText().trimmed();
    if (text.isEmpty())
        text = e.driverText().trimmed();
    return text.isEmpty() ? QStringLiteral("unknown database error") : text;
}

Connection::Connection()
    : connectionName(QStringLiteral("tunescope-storage-%1").arg(++connectionCounter))
{
}

Connection::~Connection()
{
    // Every QSqlDatabase handle must be gone before the connection is removed.
    mTransactionQueries.clear();
    mStatements.clear();
    db.close();
    db = QSqlDatabase();
    if (QSqlDatabase::contains(connectionName))
        QSqlDatabase::removeDatabase(connectionName);
}

bool Connection::open(const QString &locationText)
{
    const QString trimmed = locationText.trimmed();
    if (trimmed.isEmpty())
        return fail(QStringLiteral("no database given"));
    if (trimmed.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive)
        || trimmed.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive)) {
        backend = Backend::Postgres;
        return openPostgres(trimmed);
    }
    backend = Backend::Sqlite;
    return openSqlite(trimmed);
}

bool Connection::fail(const QString &message)
{
    lastError = message;
    return false;
}

bool Connection::failedWith(const QSqlQuery &q)
{
    lastSqlError = q.lastError();
    lastError = describe(lastSqlError);
    return false;
}

void Connection::keep(const QSqlQuery &q)
{
    if (mInWrite)
        mTransactionQueries.append(q);
}

bool Connection::endTransaction(const QString &sql)
{
    for (QSqlQuery &q : mTransactionQueries)
        q.finish();
    const bool ok = execPlain(sql);
    mTransactionQueries.clear();
    // What a failed transaction prepared may not outlive it (PostgreSQL): prepared again.
    if (!sql.startsWith(QLatin1String("COMMIT")))
        mStatements.clear();
    return ok;
}

void Connection::remember(const QString &sql, const QSqlQuery &q)
{
    // A SELECT is not kept: its caller may still be reading it, and SQLite holds the read
    // snapshot of an unfinished statement. Other statements are done once exec() returns and
    // their callers read numRowsAffected/lastInsertId at once.
    if (q.isSelect())
        return;
    if (mStatements.size() >= kMaxStatements && !mStatements.contains(sql))
        mStatements.clear(); // statements built with a varying number of values: start afresh
    mStatements.insert(sql, q);
}

std::optional<QSqlQuery> Connection::exec(const QString &sql, const QVariantList &binds)
{
    const auto cached = mStatements.constFind(sql);
    const bool reused = cached != mStatements.constEnd();
    // Qt deprecates copying a query because the copies share one result; that sharing is
    // what reuses the prepared statement here, and remember() keeps only finished ones.
    QT_WARNING_PUSH
    QT_WARNING_DISABLE_DEPRECATED
    QSqlQuery q = reused ? QSqlQuery(*cached) : QSqlQuery(db);
    QT_WARNING_POP
    bool prepared = true;
    if (!reused) {
        q.setForwardOnly(true);
        q.setNumericalPrecisionPolicy(QSql::LowPrecisionDouble);
        prepared = q.prepare(sql);
    }
    keep(q); // after prepare(): prepare() detaches a shared query
    if (prepared) {
        for (qsizetype i = 0; i < binds.size(); ++i)
            q.bindValue(int(i), binds[i]);
        markStatementSent();
        if (q.exec()) {
            remember(sql, q);
            return q;
        }
    }
    mStatements.remove(sql);
    failedWith(q);
    // Outside a transaction a statement on a lost session is run again, once, on a new one
    // (QPSQL prepares on the server, so the loss may show at prepare() already).
    if (!mInWrite && !mReconnecting && isConnectionLost(lastSqlError)) {
        mReconnecting = true;
        std::optional<QSqlQuery> again = reconnect() ? exec(sql, binds) : std::nullopt;
        mReconnecting = false;
        return again;
    }
    return std::nullopt;
}

bool Connection::execPlain(const QString &sql)
{
    QSqlQuery q(db);
    markStatementSent();
    return q.exec(sql) || failedWith(q);
}

bool Connection::execPrepared(QSqlQuery &q)
{
    markStatementSent();
    return q.exec() || failedWith(q);
}

void Connection::markStatementSent()
{
    mStatementSentMs = bootClockMs();
}

bool Connection::mayHaveOutlivedIdleTimeout() const
{
    if (backend != Backend::Postgres || idleInTransactionTimeoutMs <= 0)
        return false;
    // Half the timeout: what this decides is only whether a cheap probe is worth sending.
    return bootClockMs() - mStatementSentMs > idleInTransactionTimeoutMs / 2;
}

bool Connection::write(const std::function<bool()> &body)
{
    if (!readOnlyReason.isEmpty())
        return fail(readOnlyReason);
    const QString begin = backend == Backend::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                    : QStringLiteral("BEGIN");
    bool lost = false;
    for (int attempt = 1;; ++attempt) {
        if (lost && !reconnect()) {
            if (attempt == kWriteAttempts)
                return false;
            backoff(attempt);
            continue;
        }
        lastSqlError = QSqlError();
        bool lostAtCommit = false;
        if (execPlain(begin)) {
            mInWrite = true;
            bool done = body();
            mInWrite = false;
            // Frozen inside the transaction (SIGSTOP, a suspended laptop), this process may
            // wake after the server has ended the session and rolled the transaction back; the
            // last statement's answer, read only then, can look fine. A COMMIT sent into that
            // session fails, and libpq does not always say why: with the server's goodbye read
            // together with that answer, it reports only a closed socket, which cannot be
            // told from a commit whose answer was lost. So after a long enough pause a probe
            // goes first: lost, it proves the transaction was not applied, and it runs again.
            if (done && mayHaveOutlivedIdleTimeout())
                done = execPlain(QStringLiteral("SELECT 1"));
            if (done && endTransaction(QStringLiteral("COMMIT")))
                return true;
            // The idle-in-transaction timeout ended the session before COMMIT arrived: the
            // server rolled it back, so it is safe to run again.
            lostAtCommit = done && isConnectionLost(lastSqlError) && lastSqlError.nativeErrorCode() != QLatin1String("25P03");
            const QSqlError failed = lastSqlError;
            const QString message = lastError;
            endTransaction(QStringLiteral("ROLLBACK"));
            lastSqlError = failed;
            lastError = message;
        }
        // A session lost before COMMIT was sent took its transaction with it: the whole
        // transaction runs again on a new session. Lost during COMMIT, nobody can tell whether
        // it was applied, so it is never run twice.
        if (lostAtCommit)
            return fail(QStringLiteral("%1: the connection was lost while committing; the change may or may not "
                                       "have been stored (%2)").arg(displayName, lastError));
        lost = isConnectionLost(lastSqlError);
        if ((!isTransient(lastSqlError) && !lost) || attempt == kWriteAttempts)
            return false;
        backoff(attempt);
    }
}

void Connection::backoff(int attempt)
{
    const int base = std::min(10 << attempt, 500);
    QThread::msleep(base + QRandomGenerator::global()->bounded(base));
}

bool Connection::isTransient(const QSqlError &e) const
{
    if (e.type() == QSqlError::NoError)
        return false;
    if (backend == Backend::Sqlite) {
        bool ok = false;
        const int code = e.nativeErrorCode().toInt(&ok) & 0xff; // extended codes keep the primary in the low byte
        if (ok && (code == 5 /* SQLITE_BUSY */ || code == 6 /* SQLITE_LOCKED */))
            return true;
        const QString text = e.databaseText();
        return text.contains(QLatin1String("database is locked"))
               || text.contains(QLatin1String("database table is locked"))
               || text.contains(QLatin1String("busy"));
    }
    const QString state = e.nativeErrorCode();
    return state == QLatin1String("40001") || state == QLatin1String("40P01")
           || state == QLatin1String("55P03");
}

bool Connection::isConnectionLost(const QSqlError &e) const
{
    if (backend != Backend::Postgres || e.type() == QSqlError::NoError)
        return false;
    // Class 08 (connection exception), the server shutting down or ending the session (57P0x),
    // and the idle-in-transaction timeout (25P03); the driver's own words when libpq saw the
    // socket close before any SQLSTATE arrived.
    const QString state = e.nativeErrorCode();
    if (state.startsWith(QLatin1String("08")) || state.startsWith(QLatin1String("57P0"))
        || state == QLatin1String("25P03") || e.type() == QSqlError::ConnectionError)
        return true;
    const QString text = e.databaseText() + QLatin1Char(' ') + e.driverText();
    return text.contains(QLatin1String("server closed the connection"))
           || text.contains(QLatin1String("no connection to the server"))
           || text.contains(QLatin1String("terminating connection"));
}

bool Connection::reconnect()
{
    if (backend != Backend::Postgres)
        return false;
    mTransactionQueries.clear();
    mStatements.clear();
    db.close();
    if (!db.open()) {
        lastSqlError = db.lastError();
        lastError = QStringLiteral("%1: cannot reconnect (%2)").arg(displayName, describe(lastSqlError));
        return false;
    }
    return applySessionSettings();
}

bool Connection::applySessionSettings()
{
    if (backend != Backend::Postgres)
        return true;
    if (!execPlain(QStringLiteral("SET idle_in_transaction_session_timeout = %1").arg(idleInTransactionTimeoutMs)))
        return fail(QStringLiteral("%1: %2").arg(displayName, lastError));
    if (optuna && !execPlain(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")))
        return fail(QStringLiteral("%1: %2").arg(displayName, lastError));
    return true;
}

bool Connection::isUniqueViolation(const QSqlError &e) const
{
    if (e.type() == QSqlError::NoError)
        return false;
    if (backend == Backend::Postgres)
        return e.nativeErrorCode() == QLatin1String("23505");
    // SQLITE_CONSTRAINT_UNIQUE (2067) or, without extended codes, the message.
    return e.nativeErrorCode() == QLatin1String("2067") || e.databaseText().contains(QLatin1String("UNIQUE constraint failed"));
}

QString Connection::clockMsSql() const
{
    return backend == Backend::Postgres
        ? QStringLiteral("CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)")
        : QStringLiteral("CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)");
}

QVariant Connection::bindDouble(double v) const
{
    if (std::isnan(v))
        return QVariant();
    if (backend == Backend::Postgres) {
        if (std::isinf(v))
            return v > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        return QString::fromLatin1(shortestDoubleText(v));
    }
    return v;
}

double Connection::readDouble(const QVariant &v)
{
    if (v.isNull())
        return std::numeric_limits<double>::quiet_NaN();
    if (v.typeId() == QMetaType::QString) {
        const QString s = v.toString();
        if (s == QLatin1String("Infinity"))
            return std::numeric_limits<double>::infinity();
        if (s == QLatin1String("-Infinity"))
            return -std::numeric_limits<double>::infinity();
        if (s == QLatin1String("NaN"))
            return std::numeric_limits<double>::quiet_NaN();
    }
    return v.toDouble();
}

bool Connection::openSqlite(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return fail(QStringLiteral("%1: is a directory, not a database file").arg(path));
    if (!info.absoluteDir().exists())
        return fail(QStringLiteral("%1: folder %2 does not exist").arg(path, info.absolutePath()));
    location = info.absoluteFilePath();
    displayName = location;
    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    if (info.exists() && info.size() > 0) {
        const std::optional<bool> optunaOpened = openIfOptuna();
        if (!optunaOpened)
            return false;
        if (*optunaOpened)
            return true;
    }
    db.setDatabaseName(location);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs));
    if (!db.open())
        return fail(QStringLiteral("%1: cannot open (%2)").arg(location, describe(db.lastError())));
    // The same wait as Qt's busy timeout above (left as the fallback), and it names a holder
    // that keeps the lock for long.
    waitForSqliteLocks(*this, kSqliteBusyTimeoutMs);

    // Read-only look first: nothing is written to a file we are going to refuse.
    const SchemaInspection found = inspectSchema(*this);
    if (found.kind == SchemaInspection::Kind::Refused)
        return false;
    if (found.optuna) // it could not be opened read-only above: never open it to write
        return fail(QStringLiteral("%1: an Optuna database that cannot be opened read-only").arg(location));

    // Several processes share the file: WAL lets readers run beside the one writer,
    // and synchronous=NORMAL is durable across application crashes in WAL mode.
    bool walSet = false;
    for (int attempt = 1; attempt <= kWriteAttempts && !walSet; ++attempt) {
        walSet = execPlain(QStringLiteral("PRAGMA journal_mode=WAL"));
        if (!walSet && !isTransient(lastSqlError))
            break;
        if (!walSet)
            QThread::msleep(20 * attempt);
    }
    if (!walSet)
        return fail(QStringLiteral("%1: cannot switch to WAL mode (%2)").arg(location, lastError));
    if (!execPlain(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !execPlain(QStringLiteral("PRAGMA foreign_keys=ON")))
        return fail(QStringLiteral("%1: %2").arg(location, lastError));

    if (found.kind == SchemaInspection::Kind::Ours && found.version == Storage::schemaVersion)
        return true;
    if (!write([this] { return ensureSchema(*this); }))
        return fail(lastError.startsWith(location) ? lastError
                                                   : QStringLiteral("%1: cannot create the schema (%2)").arg(location, lastError));
    return true;
}

std::optional<bool> Connection::openIfOptuna()
{
    // A SQLite file in WAL mode (header bytes 18 and 19 are 2) whose -shm file is absent has
    // nobody reading or writing it: read as an immutable file, it gets no -wal or -shm.
    QFile file(location);
    const QByteArray header = file.open(QIODevice::ReadOnly) ? file.read(100) : QByteArray();
    if (!header.startsWith(QByteArrayLiteral("SQLite format 3")) || header.size() < 20)
        return false; // not SQLite at all: the usual opening says so
    const bool wal = header.at(18) == 2 && header.at(19) == 2;
    if (!openReadOnly(wal && !QFileInfo::exists(location + QStringLiteral("-shm"))))
        return false;
    const SchemaInspection found = inspectSchema(*this);
    if (found.kind == SchemaInspection::Kind::Optuna) {
        optuna = true;
        readOnlyReason = optunaReadOnlyReason(displayName);
        return true;
    }
    mStatements.clear();
    db.close();
    immutableSnapshot = false;
    if (found.optuna)
        return std::nullopt;
    lastError.clear();
    lastSqlError = QSqlError();
    db.setConnectOptions(QString());
    return false;
}

static QString fileStamp(const QString &path)
{
    const QFileInfo info(path);
    return QStringLiteral("%1 %2 %3").arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch())
        .arg(info.metadataChangeTime().toMSecsSinceEpoch());
}

bool Connection::openReadOnly(bool immutable)
{
    immutableSnapshot = immutable;
    snapshotStamp = immutable ? fileStamp(location) : QString();
    QString options = QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs);
    if (immutable) {
        QUrl url = QUrl::fromLocalFile(location);
        url.setQuery(QStringLiteral("immutable=1"));
        db.setDatabaseName(url.toString(QUrl::FullyEncoded));
        options += QStringLiteral(";QSQLITE_OPEN_URI");
    } else {
        db.setDatabaseName(location);
    }
    db.setConnectOptions(options);
    return db.open();
}

void Connection::followWriter()
{
    if (!immutableSnapshot)
        return;
    const bool writerThere = QFileInfo::exists(location + QStringLiteral("-shm"));
    if (!writerThere && fileStamp(location) == snapshotStamp)
        return;
    mStatements.clear();
    db.close();
    if (!openReadOnly(!writerThere))
        lastError = QStringLiteral("%1: cannot open (%2)").arg(location, describe(db.lastError()));
}

bool Connection::openPostgres(const QString &urlText)
{
    const QUrl url(urlText, QUrl::StrictMode);
    location = urlText;
    displayName = redactedLocation(urlText);
    if (const QString warning = passwordWarning(urlText); !warning.isEmpty() && !passwordWarned.exchange(true))
        qWarning().noquote() << QStringLiteral("warning: ") + warning;
    if (!url.isValid())
        return fail(QStringLiteral("%1: not a valid postgresql://user@host:port/dbname URL").arg(displayName));
    const QUrlQuery query(url);
    QString dbName = url.path();
    if (dbName.startsWith(QLatin1Char('/')))
        dbName.remove(0, 1);
    // A service entry (pg_service.conf) may name the database, host and user itself.
    if ((dbName.isEmpty() && !hasService(query)) || dbName.contains(QLatin1Char('/')))
        return fail(QStringLiteral("%1: the URL names no database (postgresql://user@host:port/dbname)").arg(displayName));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return fail(QStringLiteral("%1: Qt's PostgreSQL driver (QPSQL) is not installed").arg(displayName));

    db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    // What the URL leaves out (host, port, user, password) stays out of the connection
    // string, so that libpq takes it from PGHOST, PGPORT, PGUSER, PGPASSWORD, ~/.pgpass or
    // the service entry, as psql would.
    db.setHostName(url.host());
    if (url.port() != -1)
        db.setPort(url.port());
    db.setDatabaseName(dbName);
    db.setUserName(url.userName());
    db.setPassword(url.password());
    // URL query items (sslmode=require, connect_timeout=5, service=NAME ...) are libpq options.
    QStringList options;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        options << key + QLatin1Char('=') + value;
    // Each option is "key=value": the default applies only when the URL names no timeout.
    if (!std::ranges::any_of(options, [](const QString &o) { return o.startsWith(QLatin1String("connect_timeout="), Qt::CaseInsensitive); }))
        options << QStringLiteral("connect_timeout=10");
    // Seen in pg_stat_activity, so an administrator can tell Tunescope's sessions apart.
    if (!std::ranges::any_of(options, [](const QString &o) { return o.startsWith(QLatin1String("application_name="), Qt::CaseInsensitive); }))
        options << QStringLiteral("application_name=tunescope");
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open())
        return fail(QStringLiteral("%1: cannot connect (%2)").arg(displayName, describe(db.lastError())));
    // An Optuna database is only read: recognised before any transaction that could write,
    // then every transaction of the session is read-only.
    if (const SchemaInspection found = inspectSchema(*this); found.optuna) {
        if (found.kind != SchemaInspection::Kind::Optuna)
            return false;
        optuna = true;
        readOnlyReason = optunaReadOnlyReason(displayName);
        return applySessionSettings();
    }
    if (!applySessionSettings())
        return false;
    lastError.clear();
    lastSqlError = QSqlError();
    if (!write([this] { return ensureSchema(*this); }))
        return fail(lastError.startsWith(displayName) ? lastError
                                                      : QStringLiteral("%1: %2").arg(displayName, lastError));
    return true;
}

} // namespace tunescope
