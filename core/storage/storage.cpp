#include "storage/storage.h"

#include "common/paramcodec.h"
#include "storage/connection.h"
#include "storage/optunareader.h"
#include "storage/valuescan.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

/// objective_values: the objectives of a multi-objective trial as a JSON array; JSON has no
/// NaN or infinity, so those are null (read back as NaN).
QString objectiveValuesJson(const QList<double> &values)
{
    if (values.isEmpty())
        return QString();
    QJsonArray array;
    for (double v : values)
        array.append(std::isfinite(v) ? QJsonValue(v) : QJsonValue());
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

/// trials.attributes: a JSON object with exact numbers where JSON can hold them (paramsToJson);
/// an object holding NaN or an infinity is written by Qt, those values as null.
QString attributesJson(const QVariantMap &attributes)
{
    if (attributes.isEmpty())
        return QString();
    if (const std::optional<QByteArray> exact = paramsToJson(attributes))
        return QString::fromUtf8(*exact);
    return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(attributes)).toJson(QJsonDocument::Compact));
}

} // namespace

QString currentWorkerId()
{
    return QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(QCoreApplication::applicationPid());
}

/// The connection, and what Storage's reads and writes do with its rows.
struct Storage::Private : Connection
{
    ClaimRefusal refusal = ClaimRefusal::None; ///< why the last claim stored nothing
    std::unique_ptr<OptunaReader> optunaReader; ///< reads an Optuna database (Connection::optuna)

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
        s.note = q.value(first + 7).toString();
        if (const QByteArray tags = q.value(first + 8).toString().toUtf8(); !tags.isEmpty()) {
            for (const QJsonValue &tag : QJsonDocument::fromJson(tags).array())
                s.tags.append(tag.toString());
        }
        s.endReason = q.value(first + 9).toString();
        return s;
    }

    /// The columns studyFromRow reads, in its order.
    static QString studyColumns(const QString &table = QString())
    {
        const QString t = table.isEmpty() ? QString() : table + QLatin1Char('.');
        return QStringLiteral("%1id, %1name, %1method, %1metric_name, %1goal, %1spec_yaml, %1created, %1note, %1tags, %1end_reason").arg(t);
    }

    QString trialColumns() const
    {
        return QStringLiteral("id, number, state, params, value, value_nan, started, finished, "
                              "exit_code, reason, gpu, worker, value_std, objective_values, grid_index, job, queue_reason, ")
            + staleSql() + QStringLiteral(", attributes, origin, queued, retry_of, out_of_space, note, resource_usage");
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
        if (!q.value(14).isNull())
            t.gridIndex = q.value(14).toLongLong();
        t.job = q.value(15).toString();
        t.queueReason = q.value(16).toString();
        t.stale = q.value(17).toInt() != 0;
        if (const QString attributes = q.value(18).toString(); !attributes.isEmpty())
            t.attributes = paramsFromJson(attributes.toUtf8());
        t.origin = q.value(19).toString();
        t.queued = q.value(20).toInt() != 0;
        if (!q.value(21).isNull())
            t.retryOf = q.value(21).toInt();
        t.outOfSpace = q.value(22).toInt() != 0;
        t.note = q.value(23).toString();
        t.usage = TrialUsage::fromText(q.value(24).toString());
        return t;
    }

    /// 1 for a RUNNING trial whose heartbeat is older than its grace period, else 0.
    QString staleSql(const QString &table = QString()) const
    {
        const QString t = table.isEmpty() ? QString() : table + QLatin1Char('.');
        return QStringLiteral("(CASE WHEN %1state = 'RUNNING' AND %1heartbeat IS NOT NULL AND "
                              "%1heartbeat + %1heartbeat_grace < %2 THEN 1 ELSE 0 END)")
            .arg(t, clockMsSql());
    }

    /// Inside a write transaction: a new study row (s.id set), or false when the name exists.
    bool insertStudy(StudyRecord &s)
    {
        auto existing = exec(QStringLiteral("SELECT id FROM studies WHERE name = ?"), {s.name});
        if (!existing)
            return false;
        if (existing->next())
            return fail(QStringLiteral("a study named '%1' already exists").arg(s.name));
        const QString returning = backend == Backend::Postgres ? QStringLiteral(" RETURNING id") : QString();
        auto q = exec(QStringLiteral("INSERT INTO studies (name, method, metric_name, goal, spec_yaml, "
                                     "created) VALUES (?, ?, ?, ?, ?, ?)") + returning,
                      {s.name, text(s.method), text(s.metricName), s.goal, s.specYaml, isoUtc(s.created)});
        if (!q) {
            // PostgreSQL: a concurrent creator committed the name after our check.
            if (lastSqlError.nativeErrorCode() == QLatin1String("23505"))
                lastError = QStringLiteral("a study named '%1' already exists").arg(s.name);
            return false;
        }
        s.id = backend == Backend::Postgres ? (q->next() ? q->value(0).toLongLong() : -1)
                                            : q->lastInsertId().toLongLong();
        return s.id >= 0 || fail(QStringLiteral("the database returned no id for the new study"));
    }

    std::optional<Trial> claim(qint64 studyId, const ClaimRequest &request, const TrialChoice &choose,
                               const QueuedTrial *queued = nullptr)
    {
        refusal = ClaimRefusal::None;
        Trial t;
        t.state = request.state;
        t.gpu = request.gpu;
        if (request.state == TrialState::Running) {
            t.started = nowUtcMs();
            t.worker = currentWorkerId();
        }
        QByteArray json;
        const bool ok = write([&] {
            refusal = ClaimRefusal::None;
            // The bump locks the study row (SQLite: the whole database) until commit: every
            // claim on the study is serialised here, and what follows sees all earlier ones.
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
            if (request.budget != std::numeric_limits<int>::max()) {
                // countsTowardsBudget: neither interrupted nor re-run by a retry.
                auto counted = exec(QStringLiteral("SELECT COUNT(*) FROM trials t WHERE t.study_id = ? AND NOT "
                                                   "(t.state = 'FAILED' AND t.reason LIKE ?) AND NOT EXISTS "
                                                   "(SELECT 1 FROM trials r WHERE r.study_id = t.study_id AND r.retry_of = t.number)"),
                                    {studyId, interruptedReason + QStringLiteral("%")});
                if (!counted || !counted->next())
                    return false;
                if (counted->value(0).toInt() >= request.budget) {
                    refusal = ClaimRefusal::Budget;
                    return fail(QStringLiteral("the study's budget of %1 trials is used up").arg(request.budget));
                }
            }
            QSet<qint64> held;
            if (request.readsGridPoints) {
                auto points = exec(QStringLiteral("SELECT grid_index FROM trials WHERE study_id = ? AND grid_index IS NOT NULL"),
                                   {studyId});
                if (!points)
                    return false;
                while (points->next())
                    held.insert(points->value(0).toLongLong());
            }
            const std::optional<TrialClaim> chosen = choose(t.number, held);
            if (!chosen) {
                refusal = ClaimRefusal::Declined;
                return fail(QStringLiteral("no trial to claim"));
            }
            QString jsonError;
            const std::optional<QByteArray> encoded = paramsToJson(chosen->params, &jsonError);
            if (!encoded)
                return fail(jsonError);
            json = *encoded;
            t.gridIndex = chosen->gridIndex;
            const bool running = request.state == TrialState::Running;
            const QString beat = running ? clockMsSql() : QStringLiteral("NULL");
            const QString returning = backend == Backend::Postgres ? QStringLiteral(" RETURNING id") : QString();
            auto insert = exec(QStringLiteral("INSERT INTO trials (study_id, number, state, params, started, gpu, worker, "
                                              "grid_index, heartbeat, heartbeat_grace, origin, queued, retry_of, out_of_space) "
                                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, %1, ?, ?, ?, ?, ?)")
                                       .arg(beat)
                                   + returning,
                               {studyId, t.number, trialStateName(request.state), QString::fromUtf8(json),
                                t.started.isValid() ? QVariant(isoUtc(t.started)) : QVariant(), text(request.gpu),
                                text(t.worker), t.gridIndex ? QVariant(*t.gridIndex) : QVariant(),
                                running ? QVariant(request.heartbeatGraceMs) : QVariant(),
                                queued ? text(queued->origin) : QStringLiteral(""), queued ? 1 : 0,
                                queued && queued->retryOf ? QVariant(*queued->retryOf) : QVariant(),
                                queued && queued->outOfSpace ? 1 : 0});
            if (!insert) {
                if (isUniqueViolation(lastSqlError) && (t.gridIndex || (queued && queued->retryOf))) {
                    refusal = ClaimRefusal::Taken;
                    lastSqlError = QSqlError(); // not retried as a transaction: the caller chooses again
                    if (queued && queued->retryOf)
                        lastError = QStringLiteral("trial %1 was retried already, or its grid point is held by another trial")
                                        .arg(*queued->retryOf);
                }
                return false;
            }
            t.id = backend == Backend::Postgres ? (insert->next() ? insert->value(0).toLongLong() : -1)
                                                : insert->lastInsertId().toLongLong();
            if (t.id < 0)
                return fail(QStringLiteral("the database returned no id for the new trial"));
            return true;
        });
        if (!ok)
            return std::nullopt;
        t.params = paramsFromJson(json); // exactly what a later read gives
        if (queued) {
            t.origin = queued->origin;
            t.queued = true;
            t.retryOf = queued->retryOf;
            t.outOfSpace = queued->outOfSpace;
        }
        return t;
    }

    /// Reads values (id, trial_id, metric, step, value rows, grouped by trial and in report
    /// order within one) into the trials they belong to.
    bool readValues(const QString &sql, const QList<qint64> &binds, QList<Trial> &trials,
                    const ReadProgress &progress = {}, QHash<qint64, qint64> *lastValueIds = nullptr)
    {
        ValueCollector collector(trials);
        qsizetype reported = -1;
        const bool ok = scanValues(*this, sql, binds, [&](const ValueRow &row) {
            collector.add(row);
            if (progress && collector.trialsDone() != reported) {
                reported = collector.trialsDone();
                return progress(reported, trials.size());
            }
            return true;
        });
        if (!ok)
            return false;
        collector.finish();
        if (progress && !progress(collector.trialsDone(), trials.size()))
            return fail(QStringLiteral("cancelled"));
        if (lastValueIds)
            *lastValueIds = collector.lastValueIds();
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
    if (s->d->optuna)
        s->d->optunaReader = std::make_unique<OptunaReader>(*s->d);
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

QString Storage::readOnlyReason() const
{
    return d->readOnlyReason;
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
    if (!d->write([&] { return d->insertStudy(s); }))
        return std::nullopt;
    return s;
}

std::optional<StudyRecord> Storage::findStudy(const QString &name)
{
    if (d->optunaReader)
        return d->optunaReader->findStudy(name);
    auto q = d->exec(QStringLiteral("SELECT %1 FROM studies WHERE name = ?").arg(Private::studyColumns()),
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
    if (d->optunaReader)
        return d->optunaReader->studySummaries();
    QList<StudySummary> result;
    // One grouped query: counts per state and both extremes; the goal picks one.
    auto q = d->exec(QStringLiteral(
        "SELECT %3,"
        " COUNT(t.id),"
        " SUM(CASE WHEN t.state = 'RUNNING' THEN 1 - %1 ELSE 0 END),"
        " SUM(CASE WHEN t.state = 'COMPLETE' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.state = 'PRUNED' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.state = 'FAILED' THEN 1 ELSE 0 END),"
        " MIN(CASE WHEN t.state = 'COMPLETE' THEN t.value END),"
        " MAX(CASE WHEN t.state = 'COMPLETE' THEN t.value END),"
        " SUM(%1),"
        " (SELECT COUNT(*) FROM study_workers w WHERE w.study_id = s.id AND w.heartbeat + w.heartbeat_grace >= %2),"
        " MAX(COALESCE(t.finished, t.started))"
        " FROM studies s LEFT JOIN trials t ON t.study_id = s.id"
        " GROUP BY %3"
        " ORDER BY s.name").arg(d->staleSql(QStringLiteral("t")), d->clockMsSql(), Private::studyColumns(QStringLiteral("s"))));
    if (!q)
        return result;
    while (q->next()) {
        StudySummary sum;
        sum.study = d->studyFromRow(*q);
        sum.total = q->value(10).toInt();
        sum.running = q->value(11).toInt();
        sum.complete = q->value(12).toInt();
        sum.pruned = q->value(13).toInt();
        sum.failed = q->value(14).toInt();
        sum.stale = q->value(17).toInt();
        sum.liveWorkers = q->value(18).toInt();
        const QDateTime last = fromIsoUtc(q->value(19));
        sum.lastActivity = last.isValid() ? last : sum.study.created;
        const QVariant best = sum.study.goal == QLatin1String("maximize") ? q->value(16) : q->value(15);
        if (!best.isNull())
            sum.best = Private::readDouble(best);
        result.append(sum);
    }
    return result;
}

std::optional<Trial> Storage::claimTrial(qint64 studyId, const ClaimRequest &request, const TrialChoice &choose)
{
    return d->claim(studyId, request, choose);
}

ClaimRefusal Storage::lastRefusal() const
{
    return d->refusal;
}

std::optional<Trial> Storage::startTrial(qint64 studyId, const QVariantMap &params, const QString &gpu, int budget)
{
    ClaimRequest request;
    request.gpu = gpu;
    request.budget = budget;
    return d->claim(studyId, request, [&](int, const QSet<qint64> &) { return TrialClaim{params, std::nullopt}; });
}

bool Storage::budgetReached() const
{
    return d->refusal == ClaimRefusal::Budget;
}

std::optional<Trial> Storage::createWaitingTrial(qint64 studyId, const QVariantMap &params)
{
    ClaimRequest request;
    request.state = TrialState::Waiting;
    return d->claim(studyId, request, [&](int, const QSet<qint64> &) { return TrialClaim{params, std::nullopt}; });
}

std::optional<Trial> Storage::enqueueTrial(qint64 studyId, const QueuedTrial &queued)
{
    ClaimRequest request;
    request.state = TrialState::Waiting;
    return d->claim(studyId, request, [&](int, const QSet<qint64> &) { return TrialClaim{queued.params, queued.gridIndex}; },
                    &queued);
}

std::optional<Trial> Storage::claimQueuedTrial(qint64 studyId, const ClaimRequest &request)
{
    d->refusal = ClaimRefusal::None;
    const bool running = request.state == TrialState::Running;
    const QString started = isoUtc(nowUtcMs());
    std::optional<Trial> taken;
    // Usually nothing is queued: a plain read says so without a write transaction (a lock, an
    // update and a rollback on every claim). One enqueued just after the read is taken by the
    // next claim, as if it had come just after the transaction.
    if (d->readOnlyReason.isEmpty()) {
        auto any = d->exec(QStringLiteral("SELECT 1 FROM trials WHERE study_id = ? AND queued = 1 AND state = 'WAITING' LIMIT 1"),
                           {studyId});
        if (!any)
            return std::nullopt;
        if (!any->next()) {
            d->refusal = ClaimRefusal::Declined;
            d->fail(QStringLiteral("no queued trial"));
            return std::nullopt;
        }
    }
    const bool ok = d->write([&] {
        taken.reset();
        d->refusal = ClaimRefusal::None;
        // Locks the study row as a claim does: queued trials are taken one worker at a time.
        auto lock = d->exec(QStringLiteral("UPDATE studies SET next_number = next_number WHERE id = ?"), {studyId});
        if (!lock)
            return false;
        auto next = d->exec(QStringLiteral("SELECT id FROM trials WHERE study_id = ? AND queued = 1 AND state = 'WAITING' "
                                           "ORDER BY number LIMIT 1"),
                            {studyId});
        if (!next)
            return false;
        if (!next->next()) {
            d->refusal = ClaimRefusal::Declined;
            return d->fail(QStringLiteral("no queued trial"));
        }
        const qint64 id = next->value(0).toLongLong();
        next.reset();
        auto u = running
            ? d->exec(QStringLiteral("UPDATE trials SET state = 'RUNNING', queued = 0, started = ?, gpu = ?, worker = ?, "
                                     "heartbeat = %1, heartbeat_grace = ? WHERE id = ? AND queued = 1").arg(d->clockMsSql()),
                      {started, text(request.gpu), currentWorkerId(), request.heartbeatGraceMs, id})
            : d->exec(QStringLiteral("UPDATE trials SET queued = 0 WHERE id = ? AND queued = 1"), {id});
        if (!u)
            return false;
        if (u->numRowsAffected() != 1)
            return d->fail(QStringLiteral("queued trial %1 was taken meanwhile").arg(id));
        auto read = d->exec(QStringLiteral("SELECT %1 FROM trials WHERE id = ?").arg(d->trialColumns()), {id});
        if (!read || !read->next())
            return false;
        taken = d->trialFromRow(*read);
        return true;
    });
    if (!ok)
        return std::nullopt;
    return taken;
}

bool Storage::setTrialNote(qint64 trialId, const QString &note)
{
    return d->write([&] {
        auto q = d->exec(QStringLiteral("UPDATE trials SET note = ? WHERE id = ?"), {text(note), trialId});
        return q && (q->numRowsAffected() == 1 || d->fail(QStringLiteral("no trial with id %1").arg(trialId)));
    });
}

bool Storage::setStudyNote(qint64 studyId, const QString &note)
{
    return d->write([&] {
        auto q = d->exec(QStringLiteral("UPDATE studies SET note = ? WHERE id = ?"), {text(note), studyId});
        return q && (q->numRowsAffected() == 1 || d->fail(QStringLiteral("no study with id %1").arg(studyId)));
    });
}

bool Storage::setStudyTags(qint64 studyId, const QStringList &tags)
{
    QStringList unique;
    for (const QString &tag : tags) {
        const QString t = tag.trimmed();
        if (!t.isEmpty() && !unique.contains(t))
            unique.append(t);
    }
    const QString json = unique.isEmpty() ? QString()
                                          : QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(unique)).toJson(QJsonDocument::Compact));
    return d->write([&] {
        auto q = d->exec(QStringLiteral("UPDATE studies SET tags = ? WHERE id = ?"), {text(json), studyId});
        return q && (q->numRowsAffected() == 1 || d->fail(QStringLiteral("no study with id %1").arg(studyId)));
    });
}

bool Storage::renameStudy(qint64 studyId, const QString &name, const QByteArray &specYaml)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return d->fail(QStringLiteral("a study needs a name"));
    return d->write([&] {
        auto existing = d->exec(QStringLiteral("SELECT id FROM studies WHERE name = ? AND id <> ?"), {trimmed, studyId});
        if (!existing)
            return false;
        if (existing->next())
            return d->fail(QStringLiteral("a study named '%1' already exists").arg(trimmed));
        existing.reset();
        auto q = d->exec(QStringLiteral("UPDATE studies SET name = ?, spec_yaml = ? WHERE id = ?"), {trimmed, specYaml, studyId});
        if (!q) {
            if (d->lastSqlError.nativeErrorCode() == QLatin1String("23505"))
                d->lastError = QStringLiteral("a study named '%1' already exists").arg(trimmed);
            return false;
        }
        return q->numRowsAffected() == 1 || d->fail(QStringLiteral("no study with id %1").arg(studyId));
    });
}

bool Storage::deleteStudy(qint64 studyId)
{
    return d->write([&] {
        // Explicit rather than by cascade: a SQLite connection without foreign keys on would skip it.
        return d->exec(QStringLiteral("DELETE FROM trial_values WHERE trial_id IN (SELECT id FROM trials WHERE study_id = ?)"), {studyId})
            && d->exec(QStringLiteral("DELETE FROM trials WHERE study_id = ?"), {studyId})
            && d->exec(QStringLiteral("DELETE FROM study_workers WHERE study_id = ?"), {studyId})
            && [&] {
                   auto q = d->exec(QStringLiteral("DELETE FROM studies WHERE id = ?"), {studyId});
                   return q && (q->numRowsAffected() == 1 || d->fail(QStringLiteral("no study with id %1").arg(studyId)));
               }();
    });
}

bool Storage::setTrialGridIndex(qint64 trialId, qint64 gridIndex)
{
    return d->write([&] {
        auto q = d->exec(QStringLiteral("UPDATE trials SET grid_index = ? WHERE id = ? AND grid_index IS NULL"),
                         {gridIndex, trialId});
        if (!q) {
            if (d->isUniqueViolation(d->lastSqlError))
                d->lastSqlError = QSqlError(); // held by another trial: not worth a retry
            return false;
        }
        return true;
    });
}

bool Storage::addMetricReports(qint64 trialId, const QList<QPair<QString, MetricPoint>> &reports)
{
    if (reports.isEmpty())
        return true;
    const QString reported = isoUtc(nowUtcMs());
    return d->write([&] { return insertValues(*d, trialId, reports, reported); });
}

bool Storage::finishTrial(qint64 trialId, TrialState state, std::optional<double> value,
                          std::optional<int> exitCode, const QString &reason,
                          std::optional<double> valueStd, const QList<double> &values)
{
    return finishTrialWith(trialId, {}, std::nullopt, state, value, exitCode, reason, valueStd, values);
}

bool Storage::finishTrialWith(qint64 trialId, const QList<QPair<QString, MetricPoint>> &lastReports,
                              const std::optional<TrialUsage> &usage, TrialState state,
                              std::optional<double> value, std::optional<int> exitCode, const QString &reason,
                              std::optional<double> valueStd, const QList<double> &values)
{
    if (!isFinished(state))
        return d->fail(QStringLiteral("trial %1: %2 is not a final state").arg(trialId).arg(trialStateName(state)));
    const bool isNan = value && std::isnan(*value);
    const QVariant boundValue = value ? d->bindDouble(*value) : QVariant();
    const QVariant boundExit = exitCode ? QVariant(*exitCode) : QVariant();
    const QString finished = isoUtc(nowUtcMs());
    const QVariant boundStd = valueStd && std::isfinite(*valueStd) ? d->bindDouble(*valueStd) : QVariant();
    const QString valuesJson = objectiveValuesJson(values);
    Trial outcome;
    outcome.state = state;
    outcome.reason = reason;
    // An interrupted trial evaluated nothing: its point is free for the next claim.
    const QString gridIndex = isInterrupted(outcome) ? QStringLiteral(", grid_index = NULL") : QString();
    return d->write([&] {
        if (!lastReports.isEmpty() && !insertValues(*d, trialId, lastReports, finished))
            return false;
        if (usage && !d->exec(QStringLiteral("UPDATE trials SET resource_usage = ? WHERE id = ?"), {text(usage->toText()), trialId}))
            return false;
        auto q = d->exec(QStringLiteral("UPDATE trials SET state = ?, value = ?, value_nan = ?, exit_code = ?, "
                                        "reason = ?, finished = ?, value_std = ?, objective_values = ?, queue_reason = '', queued = 0%1 "
                                        "WHERE id = ? AND state IN ('RUNNING', 'WAITING')").arg(gridIndex),
                         {trialStateName(state), boundValue, isNan ? 1 : 0, boundExit, text(reason), finished,
                          boundStd, text(valuesJson), trialId});
        if (!q)
            return false;
        if (q->numRowsAffected() == 1)
            return true;
        auto found = d->exec(QStringLiteral("SELECT state, reason FROM trials WHERE id = ?"), {trialId});
        if (!found)
            return false;
        if (!found->next())
            return d->fail(QStringLiteral("no trial with id %1").arg(trialId));
        return d->fail(QStringLiteral("trial %1 is already %2 (%3)")
                           .arg(trialId)
                           .arg(found->value(0).toString(), found->value(1).toString()));
    });
}

std::optional<QList<Trial>> Storage::trials(qint64 studyId, bool withIntermediate)
{
    if (d->optunaReader)
        return d->optunaReader->trials(studyId, withIntermediate);
    auto q = d->exec(QStringLiteral("SELECT %1 FROM trials WHERE study_id = ? ORDER BY number")
                         .arg(d->trialColumns()),
                     {studyId});
    if (!q)
        return std::nullopt;
    QList<Trial> result;
    while (q->next())
        result.append(d->trialFromRow(*q));
    q.reset();
    linkRetries(result);
    if (withIntermediate && !readIntermediate(studyId, result))
        return std::nullopt;
    return result;
}

std::optional<Trial> Storage::trial(qint64 studyId, int number, bool withIntermediate)
{
    if (d->optunaReader)
        return d->optunaReader->trial(studyId, number, withIntermediate);
    auto q = d->exec(QStringLiteral("SELECT %1 FROM trials WHERE study_id = ? AND number = ?")
                         .arg(d->trialColumns()),
                     {studyId, number});
    if (!q)
        return std::nullopt;
    if (!q->next()) {
        d->lastError = QStringLiteral("study %1 has no trial %2").arg(studyId).arg(number);
        return std::nullopt;
    }
    QList<Trial> one{d->trialFromRow(*q)};
    q.reset();
    auto retry = d->exec(QStringLiteral("SELECT number FROM trials WHERE study_id = ? AND retry_of = ?"), {studyId, number});
    if (!retry)
        return std::nullopt;
    if (retry->next())
        one.first().retriedAs = retry->value(0).toInt();
    retry.reset();
    if (withIntermediate
        && !d->readValues(QStringLiteral("SELECT id, trial_id, metric, step, value FROM trial_values"
                                         " WHERE trial_id = ? ORDER BY id"),
                          {one.first().id}, one))
        return std::nullopt;
    return one.first();
}

bool Storage::readIntermediate(qint64 studyId, QList<Trial> &trials, const ReadProgress &progress,
                               QHash<qint64, qint64> *lastValueIds)
{
    if (trials.isEmpty())
        return true;
    if (d->optunaReader) {
        const std::optional<QList<Trial>> read = d->optunaReader->trials(studyId, true, lastValueIds);
        if (!read)
            return false;
        QHash<qint64, const Trial *> byId;
        for (const Trial &t : *read)
            byId.insert(t.id, &t);
        for (qsizetype i = 0; i < trials.size(); ++i) {
            if (const Trial *t = byId.value(trials[i].id))
                trials[i].intermediate = t->intermediate;
        }
        if (progress && !progress(trials.size(), trials.size()))
            return d->fail(QStringLiteral("cancelled"));
        return true;
    }
    // One scan for every value of the study, however many trials it has, ordered along the
    // (study_id, number) and (trial_id, id) indexes: no sort step.
    return d->readValues(QStringLiteral("SELECT v.id, v.trial_id, v.metric, v.step, v.value FROM trials t"
                                        " JOIN trial_values v ON v.trial_id = t.id"
                                        " WHERE t.study_id = ? ORDER BY t.number, v.id"),
                         {studyId}, trials, progress, lastValueIds);
}

std::optional<QList<Trial>> Storage::trialsAfter(qint64 studyId, int afterNumber, const QList<int> &numbers)
{
    // A finished trial's outcome never changes, so what a reader has not seen is the trials
    // numbered after the last it knows, the unfinished ones it holds, and those it names
    // (a note or a retry link written since).
    if (d->optunaReader)
        return d->optunaReader->trialsAfter(studyId, afterNumber, numbers);
    // "(%1 > ? OR %1 IN (?, ...))" over number, and over retry_of for the links below.
    QString filter = QStringLiteral("(%1 > ?");
    QVariantList binds{studyId, afterNumber};
    if (!numbers.isEmpty()) {
        filter += QStringLiteral(" OR %1 IN (") + QStringLiteral("?, ").repeated(numbers.size()).chopped(2) + QLatin1Char(')');
        for (int n : numbers)
            binds << n;
    }
    filter += QLatin1Char(')');
    auto q = d->exec(QStringLiteral("SELECT %1 FROM trials WHERE study_id = ? AND %2 ORDER BY number")
                         .arg(d->trialColumns(), filter.arg(QStringLiteral("number"))),
                     binds);
    if (!q)
        return std::nullopt;
    QList<Trial> result;
    while (q->next())
        result.append(d->trialFromRow(*q));
    q.reset();
    // retriedAs lives in the retry's row (retry_of), which may be outside this read.
    auto retries = d->exec(QStringLiteral("SELECT retry_of, number FROM trials WHERE study_id = ? AND %1")
                               .arg(filter.arg(QStringLiteral("retry_of"))),
                           binds);
    if (!retries)
        return std::nullopt;
    QHash<int, int> retriedAs;
    while (retries->next())
        retriedAs.insert(retries->value(0).toInt(), retries->value(1).toInt());
    for (Trial &t : result) {
        if (const auto it = retriedAs.constFind(t.number); it != retriedAs.cend())
            t.retriedAs = *it;
    }
    return result;
}

std::optional<int> Storage::trialCount(qint64 studyId, int upToNumber)
{
    if (d->optunaReader)
        return d->optunaReader->trialCount(studyId, upToNumber);
    auto q = d->exec(QStringLiteral("SELECT COUNT(*) FROM trials WHERE study_id = ? AND number <= ?"),
                     {studyId, upToNumber});
    if (!q || !q->next())
        return std::nullopt;
    return q->value(0).toInt();
}

std::optional<QHash<qint64, MetricSeries>> Storage::readNewValues(QList<ValueCursor> &cursors)
{
    if (d->optunaReader)
        return d->optunaReader->newValues(cursors);
    QHash<qint64, MetricSeries> result;
    if (cursors.isEmpty())
        return result;
    QHash<qint64, qint64 *> after;
    QList<qint64> binds;
    qint64 lowest = std::numeric_limits<qint64>::max();
    for (ValueCursor &c : cursors) {
        after.insert(c.trialId, &c.afterValueId);
        binds << c.trialId;
        lowest = std::min(lowest, c.afterValueId);
    }
    binds << lowest;
    // Each trial's values are written by one worker, a transaction at a time, so they become
    // visible in id order (also on PostgreSQL, where ids of different trials may not).
    const bool ok = scanValues(*d,
                               QStringLiteral("SELECT id, trial_id, metric, step, value FROM trial_values WHERE trial_id IN (")
                                   + QStringLiteral("?, ").repeated(cursors.size()).chopped(2)
                                   + QStringLiteral(") AND id > ? ORDER BY trial_id, id"),
                               binds, [&](const ValueRow &row) {
                                   qint64 *cursor = after.value(row.trialId);
                                   if (!cursor || row.id <= *cursor)
                                       return true;
                                   *cursor = row.id;
                                   result[row.trialId][QString::fromUtf8(row.metric)].append(MetricPoint{row.step, row.value});
                                   return true;
                               });
    if (!ok)
        return std::nullopt;
    return result;
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
    if (d->optunaReader)
        return QList<InterruptedTrial>(); // Optuna records no worker processes
    auto q = d->exec(QStringLiteral("SELECT id, worker, number, pgid, job FROM trials WHERE study_id = ? AND state = 'RUNNING'"),
                     {studyId});
    if (!q)
        return std::nullopt;
    const QString prefix = QSysInfo::machineHostName() + QLatin1Char(':');
    QList<InterruptedTrial> gone;
    while (q->next()) {
        const QString worker = q->value(1).toString();
        if (worker.isEmpty() && !q->value(4).toString().isEmpty()) {
            // A job its runner let go (releaseTrial): anyone's to adopt.
            InterruptedTrial t;
            t.id = q->value(0).toLongLong();
            t.number = q->value(2).toInt();
            t.job = q->value(4).toString();
            gone.append(t);
            continue;
        }
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
            t.job = q->value(4).toString();
            t.worker = worker;
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
            auto u = d->exec(QStringLiteral("UPDATE trials SET state = 'FAILED', reason = 'interrupted', queue_reason = '', "
                                            "finished = ?, grid_index = NULL WHERE id = ? AND state = 'RUNNING'"),
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

std::optional<QList<qint64>> Storage::beat(qint64 studyId, const QList<qint64> &runningTrialIds, qint64 graceMs)
{
    QList<qint64> lost;
    const QString now = d->clockMsSql();
    const bool ok = d->write([&] {
        lost.clear();
        const QString worker = currentWorkerId();
        auto u = d->exec(QStringLiteral("UPDATE study_workers SET heartbeat = %1, heartbeat_grace = ? WHERE study_id = ? AND worker = ?").arg(now),
                         {graceMs, studyId, worker});
        if (!u)
            return false;
        if (u->numRowsAffected() == 0
            && !d->exec(QStringLiteral("INSERT INTO study_workers (study_id, worker, started, heartbeat, heartbeat_grace) "
                                       "VALUES (?, ?, ?, %1, ?)").arg(now),
                        {studyId, worker, isoUtc(nowUtcMs()), graceMs}))
            return false;
        for (qint64 id : runningTrialIds) {
            auto t = d->exec(QStringLiteral("UPDATE trials SET heartbeat = %1, heartbeat_grace = ? WHERE id = ? AND state = 'RUNNING' "
                                            "AND worker = ?").arg(now),
                             {graceMs, id, worker});
            if (!t)
                return false;
            if (t->numRowsAffected() == 0)
                lost.append(id);
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return lost;
}

std::optional<QList<InterruptedTrial>> Storage::markStaleTrials(qint64 studyId)
{
    QList<InterruptedTrial> marked;
    const QString now = d->clockMsSql();
    const QString finished = isoUtc(nowUtcMs());
    const bool ok = d->write([&] {
        marked.clear();
        auto q = d->exec(QStringLiteral("SELECT id, number, pgid, worker, %1 - heartbeat FROM trials WHERE study_id = ? AND %2 = 1 "
                                        "AND job = ''")
                             .arg(now, d->staleSql()),
                         {studyId});
        if (!q)
            return false;
        QList<QPair<InterruptedTrial, QString>> found;
        while (q->next()) {
            InterruptedTrial t;
            t.id = q->value(0).toLongLong();
            t.number = q->value(1).toInt();
            if (!q->value(2).isNull())
                t.processGroup = q->value(2).toLongLong();
            const QString why = QStringLiteral("%1 (no heartbeat from %2 for %3 s)")
                                    .arg(interruptedReason, q->value(3).toString())
                                    .arg(q->value(4).toLongLong() / 1000);
            found.append({t, why});
        }
        q.reset();
        for (const auto &[t, why] : std::as_const(found)) {
            // Staleness checked again by the update itself: on PostgreSQL a concurrent beat
            // or marker may have changed the row since the read, and only one marker wins.
            auto u = d->exec(QStringLiteral("UPDATE trials SET state = 'FAILED', reason = ?, finished = ?, grid_index = NULL, "
                                            "queue_reason = '' WHERE id = ? AND %1 = 1").arg(d->staleSql()),
                             {why, finished, t.id});
            if (!u)
                return false;
            if (u->numRowsAffected() == 1)
                marked.append(t);
        }
        // Rows of runners that died: kept out of the live count already, gone from the table.
        return d->exec(QStringLiteral("DELETE FROM study_workers WHERE study_id = ? AND heartbeat + heartbeat_grace < %1").arg(now),
                       {studyId})
            .has_value();
    });
    if (!ok)
        return std::nullopt;
    return marked;
}

bool Storage::leaveStudy(qint64 studyId)
{
    return d->write([&] {
        return d->exec(QStringLiteral("DELETE FROM study_workers WHERE study_id = ? AND worker = ?"), {studyId, currentWorkerId()})
            .has_value();
    });
}

bool Storage::setStudyEndReason(qint64 studyId, const QString &reason)
{
    return d->write([&] {
        return d->exec(QStringLiteral("UPDATE studies SET end_reason = ? WHERE id = ?"), {text(reason), studyId}).has_value();
    });
}

std::optional<qint64> Storage::beginStudyRun(qint64 studyId)
{
    std::optional<qint64> started;
    const QString now = d->clockMsSql();
    const bool ok = d->write([&] {
        // Read the clock once so that started and last_seen agree and the key is known.
        auto clock = d->exec(QStringLiteral("SELECT %1").arg(now));
        if (!clock || !clock->next())
            return false;
        started = clock->value(0).toLongLong();
        clock.reset();
        return d->exec(QStringLiteral("INSERT INTO study_runs (study_id, worker, started, last_seen) VALUES (?, ?, ?, ?)"),
                       {studyId, currentWorkerId(), *started, *started})
            .has_value();
    });
    return ok ? started : std::nullopt;
}

bool Storage::extendStudyRun(qint64 studyId, qint64 startedMs)
{
    return d->write([&] {
        return d->exec(QStringLiteral("UPDATE study_runs SET last_seen = %1 WHERE study_id = ? AND worker = ? AND started = ?")
                           .arg(d->clockMsSql()),
                       {studyId, currentWorkerId(), startedMs})
            .has_value();
    });
}

std::optional<double> Storage::studyRunSeconds(qint64 studyId)
{
    if (d->optuna)
        return 0.0; // Optuna keeps no run times
    auto q = d->exec(QStringLiteral("SELECT started, last_seen FROM study_runs WHERE study_id = ? ORDER BY started"), {studyId});
    if (!q)
        return std::nullopt;
    qint64 total = 0;
    qint64 from = 0, to = -1; // the interval being merged
    while (q->next()) {
        const qint64 s = q->value(0).toLongLong(), e = std::max(s, q->value(1).toLongLong());
        if (s > to) {
            if (to >= from)
                total += to - from;
            from = s;
            to = e;
        } else {
            to = std::max(to, e);
        }
    }
    if (to >= from)
        total += to - from;
    return total / 1000.0;
}

bool Storage::setTrialUsage(qint64 trialId, const TrialUsage &usage)
{
    return d->write([&] {
        return d->exec(QStringLiteral("UPDATE trials SET resource_usage = ? WHERE id = ?"), {text(usage.toText()), trialId})
            .has_value();
    });
}

bool Storage::addTrialArtifact(qint64 trialId, const QString &relativePath)
{
    return d->write([&] {
        return d->exec(QStringLiteral("INSERT INTO trial_artifacts (trial_id, path, declared) VALUES (?, ?, %1)"
                                      " ON CONFLICT (trial_id, path) DO NOTHING")
                           .arg(d->clockMsSql()),
                       {trialId, text(relativePath)})
            .has_value();
    });
}

std::optional<QHash<qint64, QStringList>> Storage::trialArtifacts(qint64 studyId, const QList<qint64> &trialIds)
{
    QHash<qint64, QStringList> artifacts;
    if (d->optuna)
        return artifacts; // Optuna keeps no declared files
    QString only;
    if (!trialIds.isEmpty()) {
        QStringList ids; // integers, so written into the statement as they are
        for (qint64 id : trialIds)
            ids << QString::number(id);
        only = QStringLiteral(" AND a.trial_id IN (%1)").arg(ids.join(u','));
    }
    auto q = d->exec(QStringLiteral("SELECT a.trial_id, a.path FROM trial_artifacts a JOIN trials t ON t.id = a.trial_id"
                                    " WHERE t.study_id = ?%1 ORDER BY a.trial_id, a.declared, a.path").arg(only),
                     {studyId});
    if (!q)
        return std::nullopt;
    while (q->next())
        artifacts[q->value(0).toLongLong()].append(q->value(1).toString());
    return artifacts;
}

bool Storage::setTrialJob(qint64 trialId, const QString &job)
{
    return d->write([&] {
        auto q = d->exec(QStringLiteral("UPDATE trials SET job = ? WHERE id = ?"), {text(job), trialId});
        return q && (q->numRowsAffected() == 1 || d->fail(QStringLiteral("no trial with id %1").arg(trialId)));
    });
}

bool Storage::setTrialQueueReason(qint64 trialId, const QString &reason, const QDateTime &started)
{
    return d->write([&] {
        if (started.isValid())
            return d->exec(QStringLiteral("UPDATE trials SET queue_reason = ?, started = ? WHERE id = ? AND state = 'RUNNING'"),
                           {text(reason), isoUtc(started), trialId})
                .has_value();
        return d->exec(QStringLiteral("UPDATE trials SET queue_reason = ? WHERE id = ? AND state = 'RUNNING'"), {text(reason), trialId})
            .has_value();
    });
}

std::optional<bool> Storage::adoptTrial(qint64 trialId, const QString &fromWorker, qint64 graceMs)
{
    bool adopted = false;
    const bool ok = d->write([&] {
        // The worker as found is the guard: of several runners that found the trial, one wins.
        // (Runners of one process share a worker id: there the trial must still be stale.)
        auto q = d->exec(QStringLiteral("UPDATE trials SET worker = ?, heartbeat = %1, heartbeat_grace = ? "
                                        "WHERE id = ? AND state = 'RUNNING' AND worker = ? AND (worker <> ? OR %2 = 1)")
                             .arg(d->clockMsSql(), d->staleSql()),
                         {currentWorkerId(), graceMs, trialId, text(fromWorker), currentWorkerId()});
        if (!q)
            return false;
        adopted = q->numRowsAffected() == 1;
        return true;
    });
    if (!ok)
        return std::nullopt;
    return adopted;
}

bool Storage::releaseTrial(qint64 trialId)
{
    return d->write([&] {
        return d->exec(QStringLiteral("UPDATE trials SET worker = '' WHERE id = ? AND state = 'RUNNING' AND worker = ?"),
                       {trialId, currentWorkerId()})
            .has_value();
    });
}

bool Storage::removeMetricReports(qint64 trialId, const QStringList &metrics)
{
    if (metrics.isEmpty())
        return true;
    return d->write([&] {
        for (const QString &metric : metrics) {
            if (!d->exec(QStringLiteral("DELETE FROM trial_values WHERE trial_id = ? AND metric = ?"), {trialId, text(metric)}))
                return false;
        }
        return true;
    });
}

std::optional<QList<InterruptedTrial>> Storage::findStaleJobTrials(qint64 studyId)
{
    auto q = d->exec(QStringLiteral("SELECT id, number, worker, job FROM trials WHERE study_id = ? AND %1 = 1 AND job <> ''")
                         .arg(d->staleSql()),
                     {studyId});
    if (!q)
        return std::nullopt;
    QList<InterruptedTrial> found;
    while (q->next()) {
        InterruptedTrial t;
        t.id = q->value(0).toLongLong();
        t.number = q->value(1).toInt();
        t.worker = q->value(2).toString();
        t.job = q->value(3).toString();
        found.append(t);
    }
    return found;
}

std::optional<int> Storage::liveWorkers(qint64 studyId)
{
    if (d->optunaReader)
        return 0;
    auto q = d->exec(QStringLiteral("SELECT COUNT(*) FROM study_workers WHERE study_id = ? AND heartbeat + heartbeat_grace >= %1")
                         .arg(d->clockMsSql()),
                     {studyId});
    if (!q || !q->next())
        return std::nullopt;
    return q->value(0).toInt();
}

std::optional<StudyRecord> Storage::importStudy(const StudyRecord &study, const QList<Trial> &trials)
{
    StudyRecord s = study;
    s.name = s.name.trimmed();
    if (s.name.isEmpty()) {
        d->lastError = QStringLiteral("a study needs a name");
        return std::nullopt;
    }
    s.goal = s.goal.isEmpty() ? QStringLiteral("minimize") : s.goal.toLower();
    s.created = s.created.isValid() ? QDateTime::fromMSecsSinceEpoch(s.created.toMSecsSinceEpoch(), Qt::UTC) : nowUtcMs();
    const QString imported = isoUtc(nowUtcMs());
    const bool ok = d->write([&] {
        if (!d->insertStudy(s))
            return false;
        int next = 0;
        const QString returning = d->backend == Backend::Postgres ? QStringLiteral(" RETURNING id") : QString();
        // Prepared once each: a study of thousands of trials is thousands of rows.
        QSqlQuery insertTrial(d->db);
        QSqlQuery insertValue(d->db);
        const bool prepared =
            insertTrial.prepare(QStringLiteral("INSERT INTO trials (study_id, number, state, params, value, value_nan, value_std, "
                                               "objective_values, started, finished, exit_code, reason, gpu, worker, attributes) "
                                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") + returning)
            && insertValue.prepare(QStringLiteral("INSERT INTO trial_values (trial_id, metric, step, value, reported) VALUES (?, ?, ?, ?, ?)"));
        d->keep(insertTrial);
        d->keep(insertValue);
        const auto failed = [&](QSqlQuery &q, const QString &what) {
            d->failedWith(q);
            return d->fail(QStringLiteral("%1: %2").arg(what, d->lastError));
        };
        if (!prepared)
            return failed(insertTrial.lastError().isValid() ? insertTrial : insertValue, QStringLiteral("import"));
        for (const Trial &t : trials) {
            QString why;
            const std::optional<QByteArray> params = paramsToJson(t.params, &why);
            if (!params)
                return d->fail(QStringLiteral("trial %1: %2").arg(t.number).arg(why));
            const bool isNan = t.value && std::isnan(*t.value);
            const QVariantList binds{s.id, t.number, trialStateName(t.state), QString::fromUtf8(*params),
                                     t.value ? d->bindDouble(*t.value) : QVariant(), isNan ? 1 : 0,
                                     t.valueStd ? d->bindDouble(*t.valueStd) : QVariant(), text(objectiveValuesJson(t.values)),
                                     t.started.isValid() ? QVariant(isoUtc(t.started)) : QVariant(),
                                     t.finished.isValid() ? QVariant(isoUtc(t.finished)) : QVariant(),
                                     t.exitCode ? QVariant(*t.exitCode) : QVariant(), text(t.reason), text(t.gpu), text(t.worker),
                                     text(attributesJson(t.attributes))};
            for (qsizetype i = 0; i < binds.size(); ++i)
                insertTrial.bindValue(int(i), binds.at(i));
            if (!d->execPrepared(insertTrial))
                return d->fail(QStringLiteral("trial %1: %2").arg(t.number).arg(d->lastError));
            const qint64 id = d->backend == Backend::Postgres ? (insertTrial.next() ? insertTrial.value(0).toLongLong() : -1)
                                                             : insertTrial.lastInsertId().toLongLong();
            if (id < 0)
                return d->fail(QStringLiteral("the database returned no id for trial %1").arg(t.number));
            next = std::max(next, t.number + 1);
            // A report time for each value: when the trial ended, as far as is known.
            const QString reported = t.finished.isValid() ? isoUtc(t.finished) : t.started.isValid() ? isoUtc(t.started) : imported;
            for (auto it = t.intermediate.cbegin(); it != t.intermediate.cend(); ++it) {
                for (const MetricPoint &p : it.value()) {
                    insertValue.bindValue(0, id);
                    insertValue.bindValue(1, text(it.key()));
                    insertValue.bindValue(2, p.step);
                    insertValue.bindValue(3, d->bindDouble(p.value));
                    insertValue.bindValue(4, reported);
                    if (!d->execPrepared(insertValue))
                        return d->fail(QStringLiteral("trial %1, metric %2: %3").arg(t.number).arg(it.key(), d->lastError));
                }
            }
        }
        return d->exec(QStringLiteral("UPDATE studies SET next_number = ? WHERE id = ?"), {next, s.id}).has_value();
    });
    if (!ok)
        return std::nullopt;
    return s;
}

} // namespace tunescope
