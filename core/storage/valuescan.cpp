#include "storage/valuescan.h"

#include "storage/connection.h"
#include "storage/sqlitelockwait.h"

#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <cmath>

#include <limits>

namespace tunescope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool scanSqlite(Connection &c, sqlite3 *db, const QString &sql, const QList<qint64> &binds,
                const std::function<bool(const ValueRow &)> &row)
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &stmt, nullptr) != SQLITE_OK)
        return c.fail(QStringLiteral("cannot read values (%1)").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    for (qsizetype i = 0; i < binds.size(); ++i)
        sqlite3_bind_int64(stmt, int(i + 1), binds[i]);
    int rc = SQLITE_ROW;
    bool cancelled = false;
    ValueRow r;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        r.id = sqlite3_column_int64(stmt, 0);
        r.trialId = sqlite3_column_int64(stmt, 1);
        const auto *name = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 2));
        r.metric = QByteArrayView(name, name ? sqlite3_column_bytes(stmt, 2) : 0);
        r.step = sqlite3_column_int64(stmt, 3);
        // NaN is stored as NULL (bindDouble); anything else was bound as a double.
        r.value = sqlite3_column_type(stmt, 4) == SQLITE_NULL ? kNaN : sqlite3_column_double(stmt, 4);
        if (!row(r)) {
            cancelled = true;
            break;
        }
    }
    const QString error = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    if (cancelled)
        return c.fail(QStringLiteral("cancelled"));
    if (rc != SQLITE_DONE)
        return c.fail(QStringLiteral("cannot read values (%1)").arg(error));
    return true;
}

bool failSqlite(Connection &c, sqlite3 *db, const QString &what)
{
    const QString message = QString::fromUtf8(sqlite3_errmsg(db));
    // The extended code, as Qt's driver reports it: write() tells busy from fatal by it.
    c.lastSqlError = QSqlError(QString(), message, QSqlError::StatementError, QString::number(sqlite3_extended_errcode(db)));
    return c.fail(QStringLiteral("%1 (%2)").arg(what, message));
}

bool insertSqlite(Connection &c, sqlite3 *db, qint64 trialId, const QList<QPair<QString, MetricPoint>> &reports,
                  const QString &reported)
{
    sqlite3_stmt *stmt = nullptr;
    static const char sql[] = "INSERT INTO trial_values (trial_id, metric, step, value, reported) VALUES (?, ?, ?, ?, ?)";
    int rc = sqlite3_prepare_v2(db, sql, int(sizeof sql - 1), &stmt, nullptr);
    if (rc != SQLITE_OK)
        return failSqlite(c, db, QStringLiteral("trial %1: cannot store metric values").arg(trialId));
    const QByteArray time = reported.toUtf8();
    // Bindings stay across resets: the trial and the time are bound once for the batch.
    sqlite3_bind_int64(stmt, 1, trialId);
    sqlite3_bind_text(stmt, 5, time.constData(), int(time.size()), SQLITE_STATIC);
    QString lastName;
    QByteArray name;
    bool ok = true;
    for (const auto &[metric, point] : reports) {
        if (metric != lastName || name.isNull()) {
            lastName = metric;
            name = metric.toUtf8();
            if (name.isNull())
                name = QByteArray(""); // NOT NULL column: an empty name is ''
        }
        sqlite3_bind_text(stmt, 2, name.constData(), int(name.size()), SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, point.step);
        // NaN is stored as NULL, as bindDouble does; anything else as an 8-byte double.
        if (std::isnan(point.value))
            sqlite3_bind_null(stmt, 4);
        else
            sqlite3_bind_double(stmt, 4, point.value);
        rc = sqlite3_step(stmt);
        if (rc != SQLITE_DONE) {
            ok = failSqlite(c, db, QStringLiteral("trial %1: cannot store metric %2").arg(trialId).arg(metric));
            break;
        }
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    return ok;
}

} // namespace

bool insertValues(Connection &c, qint64 trialId, const QList<QPair<QString, MetricPoint>> &reports, const QString &reported)
{
    if (c.backend == Backend::Sqlite) {
        if (sqlite3 *db = sqliteHandle(c.db))
            return insertSqlite(c, db, trialId, reports, reported);
    }
    QSqlQuery q(c.db);
    const bool prepared = q.prepare(QStringLiteral("INSERT INTO trial_values (trial_id, metric, step, value, reported) "
                                                   "VALUES (?, ?, ?, ?, ?)"));
    c.keep(q);
    if (!prepared)
        return c.failedWith(q);
    for (const auto &[metric, point] : reports) {
        q.bindValue(0, trialId);
        q.bindValue(1, metric.isNull() ? QStringLiteral("") : metric);
        q.bindValue(2, point.step);
        q.bindValue(3, c.bindDouble(point.value));
        q.bindValue(4, reported);
        if (!c.execPrepared(q))
            return c.fail(QStringLiteral("trial %1: cannot store metric %2 (%3)").arg(trialId).arg(metric, c.lastError));
    }
    return true;
}

bool scanValues(Connection &c, const QString &sql, const QList<qint64> &binds,
                const std::function<bool(const ValueRow &)> &row)
{
    if (c.backend == Backend::Sqlite) {
        if (sqlite3 *db = sqliteHandle(c.db))
            return scanSqlite(c, db, sql, binds, row);
    }
    QVariantList values;
    for (qint64 b : binds)
        values << b;
    auto q = c.exec(sql, values);
    if (!q)
        return false;
    ValueRow r;
    QByteArray name;
    while (q->next()) {
        r.id = q->value(0).toLongLong();
        r.trialId = q->value(1).toLongLong();
        name = q->value(2).toString().toUtf8();
        r.metric = name;
        r.step = q->value(3).toLongLong();
        r.value = Connection::readDouble(q->value(4));
        if (!row(r))
            return c.fail(QStringLiteral("cancelled"));
    }
    return true;
}

ValueCollector::ValueCollector(QList<Trial> &trials)
    : mTrials(trials)
{
    mIndex.reserve(trials.size());
    for (qsizetype i = 0; i < trials.size(); ++i)
        mIndex.insert(trials[i].id, i);
}

ValueCollector::~ValueCollector() = default;

void ValueCollector::add(const ValueRow &row)
{
    if (row.trialId != mTrialId) {
        flushTrial();
        mTrialId = row.trialId;
        const auto it = mIndex.constFind(row.trialId);
        // null: a trial inserted between the read of the rows and this one
        mTrial = it == mIndex.cend() ? nullptr : &mTrials[*it];
    }
    if (!mTrial)
        return;
    mTrialLastId = std::max(mTrialLastId, row.id);
    Pending *series = nullptr;
    for (Pending &p : mPending) {
        if (p.name == row.metric) {
            series = &p;
            break;
        }
    }
    if (!series) {
        mPending.push_back({row.metric.toByteArray(), {}});
        series = &mPending.back();
    }
    series->points.append(MetricPoint{row.step, row.value});
}

void ValueCollector::flushTrial()
{
    if (mTrial) {
        for (Pending &p : mPending) {
            p.points.squeeze();
            QList<MetricPoint> &target = mTrial->intermediate[QString::fromUtf8(p.name)];
            if (target.isEmpty())
                target = std::move(p.points);
            else
                target += p.points; // the trial came back later in the scan: keep report order
        }
        qint64 &last = mLastIds[mTrialId];
        last = std::max(last, mTrialLastId);
        ++mTrialsDone;
    }
    mTrialLastId = 0;
    mPending.clear();
    mTrial = nullptr;
    mTrialId = -1;
}

void ValueCollector::finish()
{
    flushTrial();
}

} // namespace tunescope
