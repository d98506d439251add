#include "storage/storage.h"

#include "common/paramcodec.h"
#include "execution/trialprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSysInfo>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <functional>
#include <limits>

#include <signal.h>
#include <sys/types.h>

namespace tunescope {

namespace {

const QString kApplicationId = QStringLiteral("tunescope");
// Retries of a whole write transaction when the database says "busy"/"locked" (SQLite) or
// reports a serialization failure or deadlock (PostgreSQL). SQLite's busy timeout already
// waits inside each statement; this covers the cases where it gives up immediately
// (e.g. SQLITE_BUSY_SNAPSHOT, WAL recovery, a deadlock between two lock upgrades).
constexpr int kWriteAttempts = 8;
constexpr int kSqliteBusyTimeoutMs = 10000;

enum class Backend { Sqlite, Postgres };

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIsoUtc(const QVariant &v)
{
    if (v.isNull())
        return {};
    const QString s = v.toString();
    if (s.isEmpty())
        return {};
    return QDateTime::fromString(s, Qt::ISODateWithMs).toUTC();
}

// Times go to the database with millisecond precision; the returned records carry the same
// value so that what a caller holds equals what a later read gives.
QDateTime nowUtcMs()
{
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
}

bool isTransient(Backend backend, const QSqlError &e)
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

QString describe(const QSqlError &e)
{
    QString text = e.databaseText().trimmed();
    if (text.isEmpty())
        text = e.driverText().trimmed();
    return text.isEmpty() ? QStringLiteral("unknown database error") : text;
}

QString redactedUrl(const QUrl &url)
{
    return url.toString(QUrl::RemovePassword);
}

std::atomic<quint64> connectionCounter{0};

// Qt binds a null QString as SQL NULL; text columns are NOT NULL and hold '' instead.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

QString currentWorkerId()
{
    return QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(QCoreApplication::applicationPid());
}

struct Storage::Private
{
    bool budgetReached = false; ///< the last insertTrial was refused by its budget
    Backend backend = Backend::Sqlite;
    QString location;
    QString displayName; ///< location without a password, for messages
    QString connectionName;
    QSqlDatabase db;
    QString lastError;
    QSqlError lastSqlError; ///< of the last failed statement, to decide whether to retry
    /// Statements of the open write transaction, kept until it ends: QPSQL deallocates a
    /// prepared statement when the query dies, which fails (and leaks it on the server)
    /// while a failed transaction awaits its ROLLBACK.
    QList<QSqlQuery> transactionQueries;
    bool inWrite = false;
    int foundVersion = 0; ///< schema version classify() found (0: none)

    void keep(const QSqlQuery &q)
    {
        if (inWrite)
            transactionQueries.append(q);
    }

    bool endTransaction(const QString &sql)
    {
        for (QSqlQuery &q : transactionQueries)
            q.finish();
        const bool ok = execPlain(sql);
        transactionQueries.clear();
        return ok;
    }

    bool fail(const QString &message)
    {
        lastError = message;
        return false;
    }

    /// Prepares, binds positionally and executes. Values are always bound, never spliced.
    std::optional<QSqlQuery> exec(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.setNumericalPrecisionPolicy(QSql::LowPrecisionDouble);
        const bool prepared = q.prepare(sql);
        keep(q); // after prepare(): prepare() detaches a shared query
        if (!prepared) {
            lastSqlError = q.lastError();
            lastError = describe(lastSqlError);
            return std::nullopt;
        }
        for (qsizetype i = 0; i < binds.size(); ++i)
            q.bindValue(int(i), binds[i]);
        if (!q.exec()) {
            lastSqlError = q.lastError();
            lastError = describe(lastSqlError);
            return std::nullopt;
        }
        return q;
    }

    /// Statements without values (BEGIN, PRAGMA, DDL).
    bool execPlain(const QString &sql)
    {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            lastSqlError = q.lastError();
            lastError = describe(lastSqlError);
            return false;
        }
        return true;
    }

    /// A double for a value column. NaN is stored as NULL (SQLite turns NaN into NULL anyway,
    /// and a NULL keeps NaN out of MIN/MAX). PostgreSQL gets the shortest exact text, because
    /// Qt's PSQL driver splices a double as an unquoted literal, where "-0" becomes +0.
    QVariant bindDouble(double v) const
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

    static double readDouble(const QVariant &v)
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

    /// Runs body inside one write transaction (BEGIN IMMEDIATE on SQLite, so the write lock
    /// is taken up front and two processes never deadlock upgrading read locks), retrying
    /// the whole transaction a few times with a growing, jittered backoff when busy.
    bool write(const std::function<bool()> &body)
    {
        const QString begin = backend == Backend::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                        : QStringLiteral("BEGIN");
        for (int attempt = 1;; ++attempt) {
            lastSqlError = QSqlError();
            if (execPlain(begin)) {
                inWrite = true;
                const bool done = body();
                inWrite = false;
                if (done && endTransaction(QStringLiteral("COMMIT")))
                    return true;
                const QSqlError failed = lastSqlError;
                const QString message = lastError;
                endTransaction(QStringLiteral("ROLLBACK"));
                lastSqlError = failed;
                lastError = message;
            }
            if (!isTransient(backend, lastSqlError) || attempt == kWriteAttempts)
                return false;
            const int base = std::min(10 << attempt, 500);
            QThread::msleep(base + QRandomGenerator::global()->bounded(base));
        }
    }

    /// Tables of ours or anyone's in the database (SQLite: all; PostgreSQL: current schema).
    std::optional<QSet<QString>> tableNames()
    {
        const QString sql = backend == Backend::Sqlite
            ? QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
            : QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
        auto q = exec(sql);
        if (!q)
            return std::nullopt;
        QSet<QString> names;
        while (q->next())
            names.insert(q->value(0).toString());
        return names;
    }

    enum class Kind { Empty, Ours, Refused };

    /// Decides whether the database is new, a Tunescope database we can read, or something
    /// to leave alone. Only reads.
    Kind classify()
    {
        const auto tables = tableNames();
        if (!tables) {
            const int code = lastSqlError.nativeErrorCode().toInt() & 0xff;
            if (backend == Backend::Sqlite && (code == 8 /* SQLITE_READONLY */ || code == 14 /* SQLITE_CANTOPEN */)) {
                // A WAL database is read through its -shm file, which a reader must be able to
                // create and write: a read-only file or folder fails here, not as "corrupt".
                lastError = QStringLiteral("%1: cannot open the database for writing (%2); check that the file "
                                           "and its folder are writable (SQLite keeps %1-wal and %1-shm next to it)")
                                .arg(displayName, describe(lastSqlError));
                lastSqlError = QSqlError();
                return Kind::Refused;
            }
            lastError = backend == Backend::Sqlite
                ? QStringLiteral("%1: not a SQLite database (%2)").arg(displayName, describe(lastSqlError))
                : QStringLiteral("%1: cannot list tables (%2)").arg(displayName, describe(lastSqlError));
            lastSqlError = QSqlError(); // never retried
            return Kind::Refused;
        }
        static const QStringList ours = {QStringLiteral("meta"), QStringLiteral("studies"),
                                         QStringLiteral("trials"), QStringLiteral("trial_values")};
        bool anyOfOurs = false;
        for (const QString &t : ours)
            anyOfOurs = anyOfOurs || tables->contains(t);
        // A SQLite file belongs to one application: any table means it is someone's. A
        // PostgreSQL database may be shared with other software; only our names matter.
        const bool empty = backend == Backend::Sqlite ? tables->isEmpty() : !anyOfOurs;
        if (empty)
            return Kind::Empty;
        if (!tables->contains(QStringLiteral("meta"))) {
            QStringList names = tables->values();
            names.sort();
            lastError = QStringLiteral("%1: a database without Tunescope's meta table (it has: %2); "
                                       "refusing to use it")
                            .arg(displayName, names.join(QStringLiteral(", ")));
            return Kind::Refused;
        }
        auto q = exec(QStringLiteral("SELECT key, value FROM meta"));
        if (!q) {
            lastError = QStringLiteral("%1: unreadable meta table (%2); refusing to use it")
                            .arg(displayName, lastError);
            lastSqlError = QSqlError();
            return Kind::Refused;
        }
        QHash<QString, QString> meta;
        while (q->next())
            meta.insert(q->value(0).toString(), q->value(1).toString());
        if (meta.value(QStringLiteral("application")) != kApplicationId) {
            lastError = QStringLiteral("%1: not a Tunescope database (its meta table names no "
                                       "application 'tunescope'); refusing to use it")
                            .arg(displayName);
            return Kind::Refused;
        }
        bool ok = false;
        const int version = meta.value(QStringLiteral("schema_version")).toInt(&ok);
        if (!ok || version < 1) {
            lastError = QStringLiteral("%1: invalid schema_version '%2' in the meta table")
                            .arg(displayName, meta.value(QStringLiteral("schema_version")));
            return Kind::Refused;
        }
        foundVersion = version;
        if (version > Storage::schemaVersion) {
            lastError = QStringLiteral("%1: written by a newer Tunescope (schema version %2; this "
                                       "version reads up to %3); left untouched")
                            .arg(displayName)
                            .arg(version)
                            .arg(Storage::schemaVersion);
            return Kind::Refused;
        }
        return Kind::Ours;
    }

    bool createSchema()
    {
        const bool lite = backend == Backend::Sqlite;
        const QString id = lite ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                                : QStringLiteral("BIGSERIAL PRIMARY KEY");
        // SQLite: value columns are declared without a type. REAL affinity stores integral
        // doubles as integers on disk and so turns -0.0 into 0.0; an untyped column keeps
        // the 8-byte double as bound.
        const QString real = lite ? QString() : QStringLiteral("DOUBLE PRECISION");
        const QString blob = lite ? QStringLiteral("BLOB") : QStringLiteral("BYTEA");
        const QString valueId = lite ? QStringLiteral("INTEGER PRIMARY KEY") : QStringLiteral("BIGSERIAL PRIMARY KEY");
        const QStringList ddl = {
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE studies ("
                           " id %1,"
                           " name TEXT NOT NULL UNIQUE,"
                           " method TEXT NOT NULL DEFAULT '',"
                           " metric_name TEXT NOT NULL DEFAULT '',"
                           " goal TEXT NOT NULL DEFAULT 'minimize',"
                           " spec_yaml %2,"
                           " created TEXT NOT NULL,"
                           // the next trial number; bumped in the transaction that inserts
                           // the trial, so numbering is race-free on both backends
                           " next_number INTEGER NOT NULL DEFAULT 0)").arg(id, blob),
            QStringLiteral("CREATE TABLE trials ("
                           " id %1,"
                           " study_id BIGINT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,"
                           " number INTEGER NOT NULL,"
                           " state TEXT NOT NULL,"
                           " params TEXT NOT NULL,"
                           " value %2,"          // NULL: none, or NaN when value_nan = 1
                           " value_nan INTEGER NOT NULL DEFAULT 0,"
                           " value_std %2,"      // standard deviation over repeats
                           " objective_values TEXT NOT NULL DEFAULT '',"  // multi-objective: JSON array
                           " started TEXT,"
                           " finished TEXT,"
                           " exit_code INTEGER,"
                           " reason TEXT NOT NULL DEFAULT '',"
                           " gpu TEXT NOT NULL DEFAULT '',"
                           " worker TEXT NOT NULL DEFAULT '',"
                           " pgid BIGINT,"       // process group while RUNNING (schema 2)
                           " UNIQUE (study_id, number))").arg(id, real),
            QStringLiteral("CREATE TABLE trial_values ("
                           " id %1,"
                           " trial_id BIGINT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,"
                           " metric TEXT NOT NULL,"
                           " step BIGINT NOT NULL,"
                           " value %2,"          // NULL means NaN: a report always has a value
                           " reported TEXT NOT NULL)").arg(valueId, real),
            QStringLiteral("CREATE INDEX trial_values_trial ON trial_values (trial_id, id)"),
            QStringLiteral("CREATE INDEX trials_study_state ON trials (study_id, state)"),
        };
        for (const QString &sql : ddl) {
            if (!execPlain(sql))
                return false;
        }
        return exec(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)"),
                    {QStringLiteral("application"), kApplicationId,
                     QStringLiteral("schema_version"), QString::number(Storage::schemaVersion)})
            .has_value();
    }

    /// Inside a write transaction: checks again (another process may have created or
    /// claimed the database since) and creates the schema when still empty.
    bool ensureSchema()
    {
        if (backend == Backend::Postgres) {
            // DDL is transactional in PostgreSQL; the lock serialises concurrent creators.
            if (!exec(QStringLiteral("SELECT pg_advisory_xact_lock(?)"), {qint64(0x54756e6573636f70)}))
                return false;
        }
        switch (classify()) {
        case Kind::Empty: return createSchema();
        case Kind::Ours: return migrate();
        case Kind::Refused: return false;
        }
        return false;
    }

    /// Inside a write transaction, after classify(): brings an older schema up to date.
    /// Each step only adds, so an interrupted migration leaves the old version intact.
    bool migrate()
    {
        if (foundVersion >= Storage::schemaVersion)
            return true;
        // Columns are added only where missing: early builds wrote some of them under version 1.
        const QSqlRecord trials = db.record(QStringLiteral("trials"));
        const QString real = backend == Backend::Postgres ? QStringLiteral("DOUBLE PRECISION") : QString();
        const QList<QPair<QString, QString>> added{
            {QStringLiteral("pgid"), QStringLiteral("BIGINT")},                            // schema 2
            {QStringLiteral("value_std"), real},                                           // schema 3
            {QStringLiteral("objective_values"), QStringLiteral("TEXT NOT NULL DEFAULT ''")}, // schema 3
        };
        for (const auto &[column, type] : added) {
            if (!trials.contains(column)
                && !execPlain(QStringLiteral("ALTER TABLE trials ADD COLUMN %1 %2").arg(column, type).trimmed()))
                return false;
        }
        return exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'schema_version'"),
                    {QString::number(Storage::schemaVersion)})
            .has_value();
    }

    bool openSqlite(const QString &path)
    {
        const QFileInfo info(path);
        if (info.isDir())
            return fail(QStringLiteral("%1: is a directory, not a database file").arg(path));
        if (!info.absoluteDir().exists())
            return fail(QStringLiteral("%1: folder %2 does not exist").arg(path, info.absolutePath()));
        location = info.absoluteFilePath();
        displayName = location;
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(location);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs));
        if (!db.open())
            return fail(QStringLiteral("%1: cannot open (%2)").arg(location, describe(db.lastError())));

        // Read-only look first: nothing is written to a file we are going to refuse.
        const Kind kind = classify();
        if (kind == Kind::Refused)
            return false;

        // Several processes share the file: WAL lets readers run beside the one writer,
        // and synchronous=NORMAL is durable across application crashes in WAL mode.
        bool walSet = false;
        for (int attempt = 1; attempt <= kWriteAttempts && !walSet; ++attempt) {
            walSet = execPlain(QStringLiteral("PRAGMA journal_mode=WAL"));
            if (!walSet && !isTransient(backend, lastSqlError))
                break;
            if (!walSet)
                QThread::msleep(20 * attempt);
        }
        if (!walSet)
            return fail(QStringLiteral("%1: cannot switch to WAL mode (%2)").arg(location, lastError));
        if (!execPlain(QStringLiteral("PRAGMA synchronous=NORMAL"))
            || !execPlain(QStringLiteral("PRAGMA foreign_keys=ON")))
            return fail(QStringLiteral("%1: %2").arg(location, lastError));

        if (kind == Kind::Ours && foundVersion == Storage::schemaVersion)
            return true;
        if (!write([this] { return ensureSchema(); }))
            return fail(lastError.startsWith(location) ? lastError
                                                       : QStringLiteral("%1: cannot create the schema (%2)").arg(location, lastError));
        return true;
    }

    bool openPostgres(const QString &urlText)
    {
        const QUrl url(urlText, QUrl::StrictMode);
        location = urlText;
        displayName = redactedUrl(url);
        if (!url.isValid() || url.host().isEmpty())
            return fail(QStringLiteral("%1: not a valid postgresql://user:password@host:port/dbname URL").arg(displayName));
        QString dbName = url.path();
        if (dbName.startsWith(QLatin1Char('/')))
            dbName.remove(0, 1);
        if (dbName.isEmpty() || dbName.contains(QLatin1Char('/')))
            return fail(QStringLiteral("%1: the URL names no database (postgresql://user@host:port/dbname)").arg(displayName));
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            return fail(QStringLiteral("%1: Qt's PostgreSQL driver (QPSQL) is not installed").arg(displayName));

        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setDatabaseName(dbName);
        db.setUserName(url.userName());
        db.setPassword(url.password());
        // URL query items (sslmode=require, connect_timeout=5 ...) are libpq options.
        QStringList options;
        for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            options << key + QLatin1Char('=') + value;
        if (!options.contains(QStringLiteral("connect_timeout"), Qt::CaseInsensitive))
            options << QStringLiteral("connect_timeout=10");
        db.setConnectOptions(options.join(QLatin1Char(';')));
        if (!db.open())
            return fail(QStringLiteral("%1: cannot connect (%2)").arg(displayName, describe(db.lastError())));
        if (!write([this] { return ensureSchema(); }))
            return fail(lastError.startsWith(displayName) ? lastError
                                                          : QStringLiteral("%1: %2").arg(displayName, lastError));
        return true;
    }

    StudyRecord studyFromRow(const QSqlQuery &q, int first = 0) const
    {
        StudyRecord s;
        s.id = q.value(first + 0).toLongLong();
        s.name = q.value(first + 1).toString();
        s.method = q.value(first + 2).toString();
        s.metricName = q.value(first + 3).toString();
        s.goal = q.value(first + 4).toString();
        s.specYaml = q.value(first + 5).toByteArray();
        s.created = fromIsoUtc(q.value(first + 6));
        return s;
    }

    static QString trialColumns()
    {
        return QStringLiteral("id, number, state, params, value, value_nan, started, finished, "
                              "exit_code, reason, gpu, worker, value_std, objective_values");
    }

    Trial trialFromRow(const QSqlQuery &q) const
    {
        Trial t;
        t.id = q.value(0).toLongLong();
        t.number = q.value(1).toInt();
        t.state = trialStateFromName(q.value(2).toString()).value_or(TrialState::Failed);
        t.params = paramsFromJson(q.value(3).toString().toUtf8());
        if (q.value(5).toInt() != 0)
            t.value = std::numeric_limits<double>::quiet_NaN();
        else if (!q.value(4).isNull())
            t.value = readDouble(q.value(4));
        t.started = fromIsoUtc(q.value(6));
        t.finished = fromIsoUtc(q.value(7));
        if (!q.value(8).isNull())
            t.exitCode = q.value(8).toInt();
        t.reason = q.value(9).toString();
        t.gpu = q.value(10).toString();
        t.worker = q.value(11).toString();
        if (!q.value(12).isNull())
            t.valueStd = readDouble(q.value(12));
        const QString values = q.value(13).toString();
        if (!values.isEmpty()) {
            // NaN is written as null: JSON has no NaN.
            for (const QJsonValue &v : QJsonDocument::fromJson(values.toUtf8()).array())
                t.values.append(v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN());
        }
        return t;
    }

    std::optional<Trial> insertTrial(qint64 studyId, const QVariantMap &params, TrialState state,
                                     const QString &gpu, int budget = std::numeric_limits<int>::max())
    {
        budgetReached = false;
        QString jsonError;
        const std::optional<QByteArray> json = paramsToJson(params, &jsonError);
        if (!json) {
            lastError = jsonError;
            return std::nullopt;
        }
        Trial t;
        t.state = state;
        t.params = paramsFromJson(*json); // exactly what a later read gives
        t.gpu = gpu;
        if (state == TrialState::Running) {
            t.started = nowUtcMs();
            t.worker = currentWorkerId();
        }
        const bool ok = write([&] {
            auto bump = exec(QStringLiteral("UPDATE studies SET next_number = next_number + 1 WHERE id = ?"),
                             {studyId});
            if (!bump)
                return false;
            if (bump->numRowsAffected() != 1)
                return fail(QStringLiteral("no study with id %1").arg(studyId));
            auto next = exec(QStringLiteral("SELECT next_number FROM studies WHERE id = ?"), {studyId});
            if (!next)
                return false;
            if (!next->next())
                return fail(QStringLiteral("no study with id %1").arg(studyId));
            t.number = next->value(0).toInt() - 1;
            if (budget != std::numeric_limits<int>::max()) {
                // Counted after the bump: the study row is locked (SQLite: the whole database)
                // until commit, so workers sharing the study cannot both take the last slot.
                auto counted = exec(QStringLiteral("SELECT COUNT(*) FROM trials WHERE study_id = ? AND NOT "
                                                   "(state = 'FAILED' AND reason LIKE ?)"),
                                    {studyId, interruptedReason + QStringLiteral("%")});
                if (!counted || !counted->next())
                    return false;
                if (counted->value(0).toInt() >= budget) {
                    budgetReached = true;
                    return fail(QStringLiteral("the study's budget of %1 trials is used up").arg(budget));
                }
            }
            const QString returning = backend == Backend::Postgres ? QStringLiteral(" RETURNING id") : QString();
            auto insert = exec(QStringLiteral("INSERT INTO trials (study_id, number, state, params, started, "
                                              "gpu, worker) VALUES (?, ?, ?, ?, ?, ?, ?)") + returning,
                               {studyId, t.number, trialStateName(state), QString::fromUtf8(*json),
                                t.started.isValid() ? QVariant(isoUtc(t.started)) : QVariant(), text(gpu), text(t.worker)});
            if (!insert)
                return false;
            t.id = backend == Backend::Postgres ? (insert->next() ? insert->value(0).toLongLong() : -1)
                                                : insert->lastInsertId().toLongLong();
            if (t.id < 0)
                return fail(QStringLiteral("the database returned no id for the new trial"));
            return true;
        });
        if (!ok)
            return std::nullopt;
        return t;
    }

    /// Reads values in report order and appends them to the trials they belong to.
    bool readValues(const QString &sql, const QVariantList &binds, QList<Trial> &trials)
    {
        QHash<qint64, qsizetype> index;
        index.reserve(trials.size());
        for (qsizetype i = 0; i < trials.size(); ++i)
            index.insert(trials[i].id, i);
        auto q = exec(sql, binds);
        if (!q)
            return false;
        qint64 lastId = -1;
        MetricSeries *series = nullptr; // rows come grouped by trial
        while (q->next()) {
            const qint64 id = q->value(0).toLongLong();
            if (id != lastId) {
                lastId = id;
                const auto it = index.constFind(id);
                series = it == index.cend() ? nullptr : &trials[*it].intermediate; // null: a trial inserted between the two reads
            }
            if (series)
                (*series)[q->value(1).toString()].append(MetricPoint{q->value(2).toLongLong(), readDouble(q->value(3))});
        }
        return true;
    }
};

Storage::Storage()
    : d(std::make_unique<Private>())
{
    d->connectionName = QStringLiteral("tunescope-storage-%1").arg(++connectionCounter);
}

Storage::~Storage()
{
    // Every QSqlDatabase handle must be gone before the connection is removed.
    const QString name = d->connectionName;
    d->db.close();
    d->db = QSqlDatabase();
    if (QSqlDatabase::contains(name))
        QSqlDatabase::removeDatabase(name);
}

std::unique_ptr<Storage> Storage::open(const QString &location, QString *error)
{
    std::unique_ptr<Storage> s(new Storage);
    const QString trimmed = location.trimmed();
    bool ok = false;
    if (trimmed.isEmpty()) {
        s->d->lastError = QStringLiteral("no database given");
    } else if (trimmed.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive)
               || trimmed.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive)) {
        s->d->backend = Backend::Postgres;
        ok = s->d->openPostgres(trimmed);
    } else {
        s->d->backend = Backend::Sqlite;
        ok = s->d->openSqlite(trimmed);
    }
    if (!ok) {
        if (error)
            *error = s->d->lastError;
        return nullptr;
    }
    return s;
}

QString Storage::location() const
{
    return d->location;
}

QString Storage::lastError() const
{
    return d->lastError;
}

std::optional<StudyRecord> Storage::createStudy(const StudyRecord &study)
{
    StudyRecord s = study;
    s.name = s.name.trimmed();
    if (s.name.isEmpty()) {
        d->lastError = QStringLiteral("a study needs a name");
        return std::nullopt;
    }
    if (s.goal.isEmpty())
        s.goal = QStringLiteral("minimize");
    s.goal = s.goal.toLower();
    if (s.goal != QLatin1String("minimize") && s.goal != QLatin1String("maximize")) {
        d->lastError = QStringLiteral("study %1: goal must be minimize or maximize, not '%2'").arg(s.name, study.goal);
        return std::nullopt;
    }
    s.created = s.created.isValid()
        ? QDateTime::fromMSecsSinceEpoch(s.created.toMSecsSinceEpoch(), Qt::UTC)
        : nowUtcMs();
    const bool ok = d->write([&] {
        auto existing = d->exec(QStringLiteral("SELECT id FROM studies WHERE name = ?"), {s.name});
        if (!existing)
            return false;
        if (existing->next())
            return d->fail(QStringLiteral("a study named '%1' already exists").arg(s.name));
        const QString returning = d->backend == Backend::Postgres ? QStringLiteral(" RETURNING id") : QString();
        auto q = d->exec(QStringLiteral("INSERT INTO studies (name, method, metric_name, goal, spec_yaml, "
                                        "created) VALUES (?, ?, ?, ?, ?, ?)") + returning,
                         {s.name, text(s.method), text(s.metricName), s.goal, s.specYaml, isoUtc(s.created)});
        if (!q) {
            // PostgreSQL: a concurrent creator committed the name after our check.
            if (d->lastSqlError.nativeErrorCode() == QLatin1String("23505"))
                d->lastError = QStringLiteral("a study named '%1' already exists").arg(s.name);
            return false;
        }
        s.id = d->backend == Backend::Postgres ? (q->next() ? q->value(0).toLongLong() : -1)
                                               : q->lastInsertId().toLongLong();
        return s.id >= 0 || d->fail(QStringLiteral("the database returned no id for the new study"));
    });
    if (!ok)
        return std::nullopt;
    return s;
}

std::optional<StudyRecord> Storage::findStudy(const QString &name)
{
    auto q = d->exec(QStringLiteral("SELECT id, name, method, metric_name, goal, spec_yaml, created "
                                    "FROM studies WHERE name = ?"),
                     {name.trimmed()});
    if (!q)
        return std::nullopt;
    if (!q->next()) {
        d->lastError = QStringLiteral("no study named '%1'").arg(name);
        return std::nullopt;
    }
    return d->studyFromRow(*q);
}

QList<StudySummary> Storage::studySummaries()
{
    QList<StudySummary> result;
    // One grouped query: counts per state and both extremes; the goal picks one.
    auto q = d->exec(QStringLiteral(
        "SELECT s.id, s.name, s.method, s.metric_name, s.goal, s.spec_yaml, s.created,"
        " COUNT(t.id),"
        " SUM(CASE WHEN t.state = 'RUNNING' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.state = 'COMPLETE' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.state = 'PRUNED' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.state = 'FAILED' THEN 1 ELSE 0 END),"
        " MIN(CASE WHEN t.state = 'COMPLETE' THEN t.value END),"
        " MAX(CASE WHEN t.state = 'COMPLETE' THEN t.value END)"
        " FROM studies s LEFT JOIN trials t ON t.study_id = s.id"
        " GROUP BY s.id, s.name, s.method, s.metric_name, s.goal, s.spec_yaml, s.created"
        " ORDER BY s.name"));
    if (!q)
        return result;
    while (q->next()) {
        StudySummary sum;
        sum.study = d->studyFromRow(*q);
        sum.total = q->value(7).toInt();
        sum.running = q->value(8).toInt();
        sum.complete = q->value(9).toInt();
        sum.pruned = q->value(10).toInt();
        sum.failed = q->value(11).toInt();
        const QVariant best = sum.study.goal == QLatin1String("maximize") ? q->value(13) : q->value(12);
        if (!best.isNull())
            sum.best = Private::readDouble(best);
        result.append(sum);
    }
    return result;
}

std::optional<Trial> Storage::startTrial(qint64 studyId, const QVariantMap &params, const QString &gpu, int budget)
{
    return d->insertTrial(studyId, params, TrialState::Running, gpu, budget);
}

bool Storage::budgetReached() const
{
    return d->budgetReached;
}

std::optional<Trial> Storage::createWaitingTrial(qint64 studyId, const QVariantMap &params)
{
    return d->insertTrial(studyId, params, TrialState::Waiting, QString());
}

bool Storage::addMetricReports(qint64 trialId, const QList<QPair<QString, MetricPoint>> &reports)
{
    if (reports.isEmpty())
        return true;
    const QString reported = isoUtc(nowUtcMs());
    return d->write([&] {
        QSqlQuery q(d->db);
        const bool prepared = q.prepare(QStringLiteral("INSERT INTO trial_values (trial_id, metric, step, value, reported) "
                                                       "VALUES (?, ?, ?, ?, ?)"));
        d->keep(q);
        if (!prepared) {
            d->lastSqlError = q.lastError();
            return d->fail(describe(d->lastSqlError));
        }
        for (const auto &[metric, point] : reports) {
            q.bindValue(0, trialId);
            q.bindValue(1, text(metric));
            q.bindValue(2, point.step);
            q.bindValue(3, d->bindDouble(point.value));
            q.bindValue(4, reported);
            if (!q.exec()) {
                d->lastSqlError = q.lastError();
                return d->fail(QStringLiteral("trial %1: cannot store metric %2 (%3)")
                                   .arg(trialId)
                                   .arg(metric, describe(d->lastSqlError)));
            }
        }
        return true;
    });
}

bool Storage::finishTrial(qint64 trialId, TrialState state, std::optional<double> value,
                          std::optional<int> exitCode, const QString &reason,
                          std::optional<double> valueStd, const QList<double> &values)
{
    if (!isFinished(state))
        return d->fail(QStringLiteral("trial %1: %2 is not a final state").arg(trialId).arg(trialStateName(state)));
    const bool isNan = value && std::isnan(*value);
    const QVariant boundValue = value ? d->bindDouble(*value) : QVariant();
    const QVariant boundExit = exitCode ? QVariant(*exitCode) : QVariant();
    const QString finished = isoUtc(nowUtcMs());
    const QVariant boundStd = valueStd && std::isfinite(*valueStd) ? d->bindDouble(*valueStd) : QVariant();
    QString valuesJson;
    if (!values.isEmpty()) {
        QJsonArray array;
        for (double v : values)
            array.append(std::isfinite(v) ? QJsonValue(v) : QJsonValue());
        valuesJson = QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
    }
    return d->write([&] {
        auto q = d->exec(QStringLiteral("UPDATE trials SET state = ?, value = ?, value_nan = ?, exit_code = ?, "
                                        "reason = ?, finished = ?, value_std = ?, objective_values = ? WHERE id = ?"),
                         {trialStateName(state), boundValue, isNan ? 1 : 0, boundExit, text(reason), finished,
                          boundStd, text(valuesJson), trialId});
        if (!q)
            return false;
        return q->numRowsAffected() == 1 || d->fail(QStringLiteral("no trial with id %1").arg(trialId));
    });
}

std::optional<QList<Trial>> Storage::trials(qint64 studyId, bool withIntermediate)
{
    auto q = d->exec(QStringLiteral("SELECT %1 FROM trials WHERE study_id = ? ORDER BY number")
                         .arg(Private::trialColumns()),
                     {studyId});
    if (!q)
        return std::nullopt;
    QList<Trial> result;
    while (q->next())
        result.append(d->trialFromRow(*q));
    q.reset();
    // One query for every value of the study, however many trials it has.
    if (withIntermediate && !result.isEmpty()
        // Ordered along the (study_id, number) and (trial_id, id) indexes: no sort step.
        && !d->readValues(QStringLiteral("SELECT v.trial_id, v.metric, v.step, v.value FROM trials t"
                                         " JOIN trial_values v ON v.trial_id = t.id"
                                         " WHERE t.study_id = ? ORDER BY t.number, v.id"),
                          {studyId}, result))
        return std::nullopt;
    return result;
}

std::optional<Trial> Storage::trial(qint64 studyId, int number, bool withIntermediate)
{
    auto q = d->exec(QStringLiteral("SELECT %1 FROM trials WHERE study_id = ? AND number = ?")
                         .arg(Private::trialColumns()),
                     {studyId, number});
    if (!q)
        return std::nullopt;
    if (!q->next()) {
        d->lastError = QStringLiteral("study %1 has no trial %2").arg(studyId).arg(number);
        return std::nullopt;
    }
    QList<Trial> one{d->trialFromRow(*q)};
    q.reset();
    if (withIntermediate
        && !d->readValues(QStringLiteral("SELECT trial_id, metric, step, value FROM trial_values"
                                         " WHERE trial_id = ? ORDER BY id"),
                          {one.first().id}, one))
        return std::nullopt;
    return one.first();
}

bool Storage::setTrialProcessGroup(qint64 trialId, qint64 pgid)
{
    return d->write([&] {
        auto q = d->exec(QStringLiteral("UPDATE trials SET pgid = ? WHERE id = ?"), {pgid, trialId});
        return q && (q->numRowsAffected() == 1 || d->fail(QStringLiteral("no trial with id %1").arg(trialId)));
    });
}

std::optional<int> Storage::markInterruptedTrials(qint64 studyId)
{
    QString studyName;
    {
        auto s = d->exec(QStringLiteral("SELECT name FROM studies WHERE id = ?"), {studyId});
        if (!s)
            return std::nullopt;
        if (s->next())
            studyName = s->value(0).toString();
    }
    auto q = d->exec(QStringLiteral("SELECT id, worker, number, pgid FROM trials WHERE study_id = ? AND state = 'RUNNING'"),
                     {studyId});
    if (!q)
        return std::nullopt;
    const QString prefix = QSysInfo::machineHostName() + QLatin1Char(':');
    QList<qint64> gone;
    while (q->next()) {
        const QString worker = q->value(1).toString();
        if (!worker.startsWith(prefix))
            continue; // another host: we cannot tell whether it is alive
        bool ok = false;
        const qint64 pid = QStringView(worker).mid(prefix.size()).toLongLong(&ok);
        // pid <= 0 would address process groups; never probe those.
        if (!ok || pid <= 0 || pid > std::numeric_limits<pid_t>::max())
            continue;
        // EPERM means it exists under another user: alive.
        if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH) {
            gone.append(q->value(0).toLongLong());
            // The trial program died with its runner (PR_SET_PDEATHSIG); children it forked
            // may still run, reparented to init, holding a GPU or writing to the trial folder.
            if (!q->value(3).isNull())
                TrialProcess::killOrphanedGroup(q->value(3).toLongLong(), studyName, q->value(2).toInt());
        }
    }
    q.reset();
    if (gone.isEmpty())
        return 0;
    int marked = 0;
    const QString finished = isoUtc(nowUtcMs());
    const bool ok = d->write([&] {
        marked = 0;
        for (const qint64 id : gone) {
            // Guarded by state: a trial finished meanwhile keeps its real outcome.
            auto u = d->exec(QStringLiteral("UPDATE trials SET state = 'FAILED', reason = 'interrupted', "
                                            "finished = ? WHERE id = ? AND state = 'RUNNING'"),
                             {finished, id});
            if (!u)
                return false;
            marked += u->numRowsAffected();
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return marked;
}

} // namespace tunescope
