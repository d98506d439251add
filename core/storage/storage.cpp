#include "storage/storage.h"

#include "common/paramcodec.h"
#include "storage/connection.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSysInfo>

#include <cerrno>
#include <cmath>
#include <limits>

#include <signal.h>
#include <sys/types.h>

namespace tunescope {

namespace {

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

/// The connection, and what Storage's reads and writes do with its rows.
struct Storage::Private : Connection
{
    bool budgetReached = false; ///< the last insertTrial was refused by its budget

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
}

Storage::~Storage() = default;

std::unique_ptr<Storage> Storage::open(const QString &location, QString *error)
{
    std::unique_ptr<Storage> s(new Storage);
    if (!s->d->open(location)) {
        if (error)
            *error = s->d->lastError;
        return nullptr;
    }
    return s;
}

QString Storage::location() const
{
    return d->displayName;
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


std::optional<QList<InterruptedTrial>> Storage::findInterruptedTrials(qint64 studyId)
{
    auto q = d->exec(QStringLiteral("SELECT id, worker, number, pgid FROM trials WHERE study_id = ? AND state = 'RUNNING'"),
                     {studyId});
    if (!q)
        return std::nullopt;
    const QString prefix = QSysInfo::machineHostName() + QLatin1Char(':');
    QList<InterruptedTrial> gone;
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
            InterruptedTrial t;
            t.id = q->value(0).toLongLong();
            t.number = q->value(2).toInt();
            if (!q->value(3).isNull())
                t.processGroup = q->value(3).toLongLong();
            gone.append(t);
        }
    }
    return gone;
}

std::optional<int> Storage::markInterruptedTrials(const QList<InterruptedTrial> &trials)
{
    if (trials.isEmpty())
        return 0;
    int marked = 0;
    const QString finished = isoUtc(nowUtcMs());
    const bool ok = d->write([&] {
        marked = 0;
        for (const InterruptedTrial &t : trials) {
            // Guarded by state: a trial finished meanwhile keeps its real outcome.
            auto u = d->exec(QStringLiteral("UPDATE trials SET state = 'FAILED', reason = 'interrupted', "
                                            "finished = ? WHERE id = ? AND state = 'RUNNING'"),
                             {finished, t.id});
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
