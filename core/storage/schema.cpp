#include "storage/schema.h"

#include "storage/connection.h"
#include "storage/optunareader.h"
#include "storage/storage.h"

#include <QHash>
#include <QSet>
#include <QSqlRecord>
#include <QStringList>

namespace tunescope {

namespace {

const QString kApplicationId = QStringLiteral("tunescope");

/// Tables of ours or anyone's in the database (SQLite: all; PostgreSQL: current schema).
std::optional<QSet<QString>> tableNames(Connection &c)
{
    const QString sql = c.backend == Backend::Sqlite
        ? QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        : QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
    auto q = c.exec(sql);
    if (!q)
        return std::nullopt;
    QSet<QString> names;
    while (q->next())
        names.insert(q->value(0).toString());
    return names;
}

// Two workers can never hold one grid point: a claim that would is refused by the
// database, whatever the code above it did. NULLs (off-grid and interrupted trials) are
// distinct under UNIQUE on both backends.
QString gridPointIndex(const QString &ifNotExists = QString())
{
    return QStringLiteral("CREATE UNIQUE INDEX %1trials_grid_point ON trials (study_id, grid_index)").arg(ifNotExists);
}

// One row per runner working on a study, kept fresh by its heartbeat: the live workers.
// A trial is retried once: a second retry of it, from any worker or window, is refused here.
QString retryIndex(const QString &ifNotExists = QString())
{
    return QStringLiteral("CREATE UNIQUE INDEX %1trials_retry_of ON trials (study_id, retry_of)").arg(ifNotExists);
}

QString workersTable(const QString &ifNotExists = QString())
{
    return QStringLiteral("CREATE TABLE %1study_workers ("
                          " study_id BIGINT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,"
                          " worker TEXT NOT NULL,"
                          " started TEXT NOT NULL,"
                          " heartbeat BIGINT NOT NULL,"
                          " heartbeat_grace BIGINT NOT NULL,"
                          " PRIMARY KEY (study_id, worker))").arg(ifNotExists);
}

// One row per run of a study (a `run`, a worker, the dashboard's Run), its start and the last
// time it was seen alive by the database's clock: max_duration counts the union of these
// intervals, so time spent in earlier runs counts and parallel workers do not count twice.
QString runsTable(const QString &ifNotExists = QString())
{
    return QStringLiteral("CREATE TABLE %1study_runs ("
                          " study_id BIGINT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,"
                          " worker TEXT NOT NULL,"
                          " started BIGINT NOT NULL,"
                          " last_seen BIGINT NOT NULL,"
                          " PRIMARY KEY (study_id, worker, started))").arg(ifNotExists);
}

/// Files a trial declared with `artifact=path` (schema 9), relative to its trial folder.
QString artifactsTable(const QString &ifNotExists = QString())
{
    return QStringLiteral("CREATE TABLE %1trial_artifacts ("
                          " trial_id BIGINT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,"
                          " path TEXT NOT NULL,"
                          " declared BIGINT NOT NULL,"
                          " PRIMARY KEY (trial_id, path))").arg(ifNotExists);
}

bool createSchema(Connection &c)
{
    const bool lite = c.backend == Backend::Sqlite;
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
                       " next_number INTEGER NOT NULL DEFAULT 0,"
                       " note TEXT NOT NULL DEFAULT '',"   // Markdown (schema 7)
                       " tags TEXT NOT NULL DEFAULT '',"  // JSON array (schema 7)
                       " end_reason TEXT NOT NULL DEFAULT '')").arg(id, blob), // why its last run ended early (schema 8)
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
                       " grid_index BIGINT," // grid point held; NULL once interrupted (schema 4)
                       " heartbeat BIGINT,"  // database clock, ms, while RUNNING (schema 4)
                       " heartbeat_grace BIGINT," // stale once heartbeat is older than this (ms)
                       " attributes TEXT NOT NULL DEFAULT '',"   // another tool's, as a JSON object (schema 5)
                       " job TEXT NOT NULL DEFAULT ''," // its Slurm job (schema 6)
                       " queue_reason TEXT NOT NULL DEFAULT ''," // why its job waits (schema 6)
                       " origin TEXT NOT NULL DEFAULT '',"       // '' sampled, enqueued, retry, best_first (schema 7)
                       " queued INTEGER NOT NULL DEFAULT 0,"     // 1: WAITING for a runner to claim it
                       " retry_of INTEGER,"                      // the number of the trial it re-runs
                       " out_of_space INTEGER NOT NULL DEFAULT 0,"
                       " note TEXT NOT NULL DEFAULT '',"         // Markdown
                       " resource_usage TEXT NOT NULL DEFAULT '',"  // measured resource use, JSON (schema 8)
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
        gridPointIndex(),
        retryIndex(),
        workersTable(),
        runsTable(),
        artifactsTable(),
    };
    for (const QString &sql : ddl) {
        if (!c.execPlain(sql))
            return false;
    }
    return c.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)"),
                  {QStringLiteral("application"), kApplicationId,
                   QStringLiteral("schema_version"), QString::number(Storage::schemaVersion)})
        .has_value();
}

/// Inside a write transaction, after inspectSchema(): brings a schema of an older version up
/// to date. Each step only adds, so an interrupted migration leaves the old version intact.
bool migrate(Connection &c, int foundVersion)
{
    if (foundVersion >= Storage::schemaVersion)
        return true;
    // Columns are added only where missing: early builds wrote some of them under version 1.
    const QSqlRecord trials = c.db.record(QStringLiteral("trials"));
    const QString real = c.backend == Backend::Postgres ? QStringLiteral("DOUBLE PRECISION") : QString();
    const QList<QPair<QString, QString>> added{
        {QStringLiteral("pgid"), QStringLiteral("BIGINT")},                            // schema 2
        {QStringLiteral("value_std"), real},                                           // schema 3
        {QStringLiteral("objective_values"), QStringLiteral("TEXT NOT NULL DEFAULT ''")}, // schema 3
        {QStringLiteral("grid_index"), QStringLiteral("BIGINT")},                      // schema 4
        {QStringLiteral("heartbeat"), QStringLiteral("BIGINT")},                       // schema 4
        {QStringLiteral("heartbeat_grace"), QStringLiteral("BIGINT")},                 // schema 4
        {QStringLiteral("attributes"), QStringLiteral("TEXT NOT NULL DEFAULT ''")},   // schema 5
        {QStringLiteral("job"), QStringLiteral("TEXT NOT NULL DEFAULT ''")},           // schema 6
        {QStringLiteral("queue_reason"), QStringLiteral("TEXT NOT NULL DEFAULT ''")},  // schema 6
        {QStringLiteral("origin"), QStringLiteral("TEXT NOT NULL DEFAULT ''")},       // schema 7
        {QStringLiteral("queued"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")},     // schema 7
        {QStringLiteral("retry_of"), QStringLiteral("INTEGER")},                      // schema 7
        {QStringLiteral("out_of_space"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")}, // schema 7
        {QStringLiteral("note"), QStringLiteral("TEXT NOT NULL DEFAULT ''")},         // schema 7
        {QStringLiteral("resource_usage"), QStringLiteral("TEXT NOT NULL DEFAULT ''")}, // schema 8
    };
    for (const auto &[column, type] : added) {
        if (!trials.contains(column)
            && !c.execPlain(QStringLiteral("ALTER TABLE trials ADD COLUMN %1 %2").arg(column, type).trimmed()))
            return false;
    }
    const QSqlRecord studies = c.db.record(QStringLiteral("studies"));
    const QList<QPair<QString, QString>> addedToStudies{
        {QStringLiteral("note"), QStringLiteral("TEXT NOT NULL DEFAULT ''")}, // schema 7
        {QStringLiteral("tags"), QStringLiteral("TEXT NOT NULL DEFAULT ''")}, // schema 7
        {QStringLiteral("end_reason"), QStringLiteral("TEXT NOT NULL DEFAULT ''")}, // schema 8
    };
    for (const auto &[column, type] : addedToStudies) {
        if (!studies.contains(column)
            && !c.execPlain(QStringLiteral("ALTER TABLE studies ADD COLUMN %1 %2").arg(column, type)))
            return false;
    }
    // Trials of older versions hold no grid_index (StudyRunner assigns theirs when it resumes
    // a grid study) and no heartbeat (never stale: the same-host process check covers them).
    const QString ifNotExists = QStringLiteral("IF NOT EXISTS ");
    if (!c.execPlain(gridPointIndex(ifNotExists)) || !c.execPlain(retryIndex(ifNotExists))
        || !c.execPlain(workersTable(ifNotExists)) || !c.execPlain(runsTable(ifNotExists))
        || !c.execPlain(artifactsTable(ifNotExists))) // schema 9
        return false;
    return c.exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'schema_version'"),
                  {QString::number(Storage::schemaVersion)})
        .has_value();
}

} // namespace

SchemaInspection inspectSchema(Connection &c)
{
    using Kind = SchemaInspection::Kind;
    const auto tables = tableNames(c);
    if (!tables) {
        const int code = c.lastSqlError.nativeErrorCode().toInt() & 0xff;
        if (c.backend == Backend::Sqlite && (code == 8 /* SQLITE_READONLY */ || code == 14 /* SQLITE_CANTOPEN */)) {
            // A WAL database is read through its -shm file, which a reader must be able to
            // create and write: a read-only file or folder fails here, not as "corrupt".
            c.lastError = QStringLiteral("%1: cannot open the database for writing (%2); check that the file "
                                         "and its folder are writable (SQLite keeps %1-wal and %1-shm next to it)")
                              .arg(c.displayName, describe(c.lastSqlError));
            c.lastSqlError = QSqlError();
            return {Kind::Refused};
        }
        c.lastError = c.backend == Backend::Sqlite
            ? QStringLiteral("%1: not a SQLite database (%2)").arg(c.displayName, describe(c.lastSqlError))
            : QStringLiteral("%1: cannot list tables (%2)").arg(c.displayName, describe(c.lastSqlError));
        c.lastSqlError = QSqlError(); // never retried
        return {Kind::Refused};
    }
    if (const std::optional<SchemaInspection> optuna = OptunaReader::inspect(c, *tables))
        return *optuna;
    static const QStringList ours = {QStringLiteral("meta"), QStringLiteral("studies"),
                                     QStringLiteral("trials"), QStringLiteral("trial_values")};
    bool anyOfOurs = false;
    for (const QString &t : ours)
        anyOfOurs = anyOfOurs || tables->contains(t);
    // A SQLite file belongs to one application: any table means it is someone's. A
    // PostgreSQL database may be shared with other software; only our names matter.
    const bool empty = c.backend == Backend::Sqlite ? tables->isEmpty() : !anyOfOurs;
    if (empty)
        return {Kind::Empty};
    if (!tables->contains(QStringLiteral("meta"))) {
        QStringList names = tables->values();
        names.sort();
        c.lastError = QStringLiteral("%1: a database without Tunescope's meta table (it has: %2); "
                                     "refusing to use it")
                          .arg(c.displayName, names.join(QStringLiteral(", ")));
        return {Kind::Refused};
    }
    auto q = c.exec(QStringLiteral("SELECT key, value FROM meta"));
    if (!q) {
        c.lastError = QStringLiteral("%1: unreadable meta table (%2); refusing to use it")
                          .arg(c.displayName, c.lastError);
        c.lastSqlError = QSqlError();
        return {Kind::Refused};
    }
    QHash<QString, QString> meta;
    while (q->next())
        meta.insert(q->value(0).toString(), q->value(1).toString());
    if (meta.value(QStringLiteral("application")) != kApplicationId) {
        c.lastError = QStringLiteral("%1: not a Tunescope database (its meta table names no "
                                     "application 'tunescope'); refusing to use it")
                          .arg(c.displayName);
        return {Kind::Refused};
    }
    bool ok = false;
    const int version = meta.value(QStringLiteral("schema_version")).toInt(&ok);
    if (!ok || version < 1) {
        c.lastError = QStringLiteral("%1: invalid schema_version '%2' in the meta table")
                          .arg(c.displayName, meta.value(QStringLiteral("schema_version")));
        return {Kind::Refused};
    }
    if (version > Storage::schemaVersion) {
        c.lastError = QStringLiteral("%1: written by a newer Tunescope (schema version %2; this "
                                     "version reads up to %3); left untouched")
                          .arg(c.displayName)
                          .arg(version)
                          .arg(Storage::schemaVersion);
        return {Kind::Refused, version};
    }
    return {Kind::Ours, version};
}

bool ensureSchema(Connection &c)
{
    if (c.backend == Backend::Postgres) {
        // DDL is transactional in PostgreSQL; the lock serialises concurrent creators.
        if (!c.exec(QStringLiteral("SELECT pg_advisory_xact_lock(?)"), {qint64(0x54756e6573636f70)}))
            return false;
    }
    const SchemaInspection found = inspectSchema(c);
    switch (found.kind) {
    case SchemaInspection::Kind::Empty: return createSchema(c);
    case SchemaInspection::Kind::Ours: return migrate(c, found.version);
    case SchemaInspection::Kind::Optuna: return c.fail(optunaReadOnlyReason(c.displayName));
    case SchemaInspection::Kind::Refused: return false;
    }
    return false;
}

} // namespace tunescope
