#include "storage/valuescan.h"

#include "storage/connection.h"

#include <QSqlDriver>

#include <sqlite3.h>

#include <limits>

namespace tunescope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The sqlite3 handle under a QSQLITE connection, or nullptr.
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

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

} // namespace

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
