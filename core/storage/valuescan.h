#pragma once

// Internal to core/storage: the fast paths for many intermediate values, read and written.
// Not part of the public API.

#include "common/trial.h"

#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace tunescope {

struct Connection;

/// One stored intermediate value as a scan hands it over; `metric` points into the
/// database's row buffer and is valid during the callback only.
struct ValueRow
{
    qint64 id = 0;      ///< row id: values of one trial are stored (and numbered) in report order
    qint64 trialId = 0;
    QByteArrayView metric;
    qint64 step = 0;
    double value = 0.0; ///< NaN for NULL
};

/// Runs a SELECT of (id, trial_id, metric, step, value) with integer binds and hands each row
/// to `row` (which returns false to stop: the scan then fails with "cancelled").
///
/// SQLite rows are read through its C API on the connection's own handle: a million values
/// cost no QVariant, no UTF-16 conversion and no row cache, which is most of what QSqlQuery
/// spends on them. PostgreSQL goes through QSqlQuery.
bool scanValues(Connection &c, const QString &sql, const QList<qint64> &binds,
                const std::function<bool(const ValueRow &)> &row);

/// Inserts a trial's values inside the caller's write transaction. SQLite: one statement
/// through the C API, its trial id and report time bound once, metric names converted once
/// per name; PostgreSQL: QSqlQuery. On failure, lastError and lastSqlError (with the native
/// code, so that a busy database is retried) are set.
bool insertValues(Connection &c, qint64 trialId, const QList<QPair<QString, MetricPoint>> &reports,
                  const QString &reported);

/// Collects scanned rows into the trials they belong to, whose rows come grouped by trial:
/// each (trial, metric) series is gathered in one list and stored squeezed (16 bytes a point),
/// without a hash lookup or a name conversion per row.
class ValueCollector
{
public:
    /// `trials` must outlive the collector; rows of trials not in it are skipped.
    explicit ValueCollector(QList<Trial> &trials);
    ~ValueCollector();

    void add(const ValueRow &row);
    /// Stores what is pending; call once after the scan.
    void finish();

    /// Trials whose values have all been seen (the scan moved past them), for progress.
    qsizetype trialsDone() const { return mTrialsDone; }
    /// The largest value id seen per trial id (where the next incremental read starts).
    const QHash<qint64, qint64> &lastValueIds() const { return mLastIds; }

private:
    void flushTrial();

    struct Pending
    {
        QByteArray name;
        QList<MetricPoint> points;
    };
    QList<Trial> &mTrials;
    QHash<qint64, qsizetype> mIndex; ///< trial id -> position
    QHash<qint64, qint64> mLastIds;
    qint64 mTrialId = -1;
    qint64 mTrialLastId = 0;
    Trial *mTrial = nullptr;
    std::vector<Pending> mPending;   ///< this trial's series, a handful
    qsizetype mTrialsDone = 0;
};

} // namespace tunescope
