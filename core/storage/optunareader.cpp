#include "storage/optunareader.h"

#include "common/paramcodec.h"
#include "space/studyspec.h"
#include "storage/connection.h"
#include "storage/optunadistribution.h"

#include <QDate>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTime>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {

/// The alembic revisions whose tables this reader knows: Optuna 3.0 and 3.1 stop at v3.0.0.d,
/// Optuna 3.2 to 4.7 add only an index (v3.2.0.a).
const QStringList &readRevisions()
{
    static const QStringList revisions{QStringLiteral("v3.0.0.d"), QStringLiteral("v3.2.0.a")};
    return revisions;
}

/// Revisions before Optuna 3.0: other value columns (no infinity types, old distributions).
const QStringList &olderRevisions()
{
    static const QStringList revisions{QStringLiteral("v0.9.0.a"), QStringLiteral("v1.2.0.a"), QStringLiteral("v1.3.0.a"),
                                       QStringLiteral("v2.4.0.a"), QStringLiteral("v2.6.0.a"), QStringLiteral("v3.0.0.a"),
                                       QStringLiteral("v3.0.0.b"), QStringLiteral("v3.0.0.c")};
    return revisions;
}

const QString kMetricNamesKey = QStringLiteral("study:metric_names");
const QString kNoParameters = QStringLiteral("(none)");

/// SQL for the type column of a stored float (Optuna 3's FINITE, INF_POS, INF_NEG, NAN) as
/// 0, 1, 2, 3: a number per row is cheaper to hand over than its name.
QString valueTypeCode(const QString &column)
{
    // Compared as text: PostgreSQL refuses 'NAN' as a value of trial_values' enum type.
    return QStringLiteral("CASE CAST(%1 AS TEXT) WHEN 'INF_POS' THEN 1 WHEN 'INF_NEG' THEN 2 WHEN 'NAN' THEN 3 ELSE 0 END").arg(column);
}

/// A stored float and its type (valueTypeCode).
double typedValue(const QVariant &value, int type)
{
    switch (type) {
    case 1: return std::numeric_limits<double>::infinity();
    case 2: return -std::numeric_limits<double>::infinity();
    case 3: return std::numeric_limits<double>::quiet_NaN();
    default: return Connection::readDouble(value);
    }
}

std::optional<TrialState> optunaState(const QString &name)
{
    if (name == QLatin1String("FAIL"))
        return TrialState::Failed;
    if (name == QLatin1String("FAILED"))
        return std::nullopt; // not an Optuna name
    return trialStateFromName(name);
}

QVariant attributeValue(const QVariant &json)
{
    const std::optional<QVariant> v = valueFromPythonJson(json.toString().toUtf8());
    return v ? *v : json; // kept as text when it is no JSON at all
}

} // namespace

/// A study's identity and objectives, read before its trials.
struct OptunaReader::StudyHeader
{
    qint64 id = -1;
    QString name;
    QList<Goal> goals;
    QStringList metricNames;
    QDateTime created; ///< its first trial's start; Optuna keeps no creation time
    QVariantMap userAttributes; ///< the study's own (study.user_attrs)

    QString metricName(qsizetype objective) const
    {
        if (objective < metricNames.size())
            return metricNames.at(objective);
        return goals.size() == 1 ? QStringLiteral("value") : QStringLiteral("values_%1").arg(objective);
    }
};

QString optunaReadOnlyReason(const QString &displayName)
{
    return QStringLiteral("%1: an Optuna database, opened read-only: Tunescope never writes to it. To continue a "
                          "study with Tunescope, copy it into a database of its own: tunescope import %1 --study NAME "
                          "-o study.db")
        .arg(displayName);
}

OptunaReader::OptunaReader(Connection &connection)
    : c(connection)
{
}

OptunaReader::~OptunaReader() = default;

std::optional<SchemaInspection> OptunaReader::inspect(Connection &c, const QSet<QString> &tables)
{
    if (!tables.contains(QStringLiteral("alembic_version")) || !tables.contains(QStringLiteral("version_info"))
        || !tables.contains(QStringLiteral("trial_params")))
        return std::nullopt;
    SchemaInspection refused;
    refused.kind = SchemaInspection::Kind::Refused;
    refused.optuna = true;
    for (const char *table : {"studies", "study_directions", "study_system_attributes", "trials", "trial_values",
                              "trial_intermediate_values", "trial_user_attributes", "trial_system_attributes"}) {
        if (!tables.contains(QLatin1String(table))) {
            c.lastError = QStringLiteral("%1: an Optuna database without its table %2; refusing to read it")
                              .arg(c.displayName, QLatin1String(table));
            return refused;
        }
    }
    auto q = c.exec(QStringLiteral("SELECT version_num FROM alembic_version"));
    if (!q || !q->next()) {
        c.lastError = QStringLiteral("%1: an Optuna database whose schema revision cannot be read (alembic_version: %2)")
                          .arg(c.displayName, q ? QStringLiteral("empty") : c.lastError);
        c.lastSqlError = QSqlError();
        return refused;
    }
    const QString revision = q->value(0).toString();
    if (readRevisions().contains(revision)) {
        SchemaInspection found;
        found.kind = SchemaInspection::Kind::Optuna;
        found.optuna = true;
        return found;
    }
    if (olderRevisions().contains(revision))
        c.lastError = QStringLiteral("%1: an Optuna database of schema revision %2, from before Optuna 3.0; upgrade it "
                                     "with `optuna storage upgrade --storage URL` (Optuna 3 or later) and open it again")
                          .arg(c.displayName, revision);
    else
        c.lastError = QStringLiteral("%1: an Optuna database of schema revision '%2', which this version does not know "
                                     "(it reads %3: Optuna 3.0 to 4.7); left untouched")
                          .arg(c.displayName, revision, readRevisions().join(QStringLiteral(" and ")));
    return refused;
}

QDateTime OptunaReader::localTime(const QVariant &v)
{
    if (v.isNull())
        return {};
    const QString s = v.toString();
    if (s.size() < 19 || s.at(4) != u'-' || s.at(7) != u'-' || (s.at(10) != u' ' && s.at(10) != u'T') || s.at(13) != u':'
        || s.at(16) != u':')
        return {};
    const auto number = [&](qsizetype from, qsizetype digits) {
        int n = 0;
        for (qsizetype i = from; i < from + digits; ++i) {
            const char16_t c = i < s.size() ? s.at(i).unicode() : u'0'; // a short fraction: trailing zeros
            if (c < u'0' || c > u'9')
                return -1;
            n = n * 10 + (c - u'0');
        }
        return n;
    };
    const QDate date(number(0, 4), number(5, 2), number(8, 2));
    const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    const int ms = s.size() > 20 && s.at(19) == u'.' ? number(20, 3) : 0;
    if (!date.isValid() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || ms < 0)
        return {};
    constexpr qint64 msPerDay = 86400000;
    constexpr qint64 unixEpochJulianDay = 2440588;
    const qint64 local = (date.toJulianDay() - unixEpochJulianDay) * msPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    // The zone's offset, looked up once per hour of local time: converting every time through
    // the C library costs a stat of /etc/localtime each, more than the rest of reading a trial.
    const qint64 hourKey = local / 3600000;
    auto offset = mLocalOffsets.constFind(hourKey);
    if (offset == mLocalOffsets.cend())
        offset = mLocalOffsets.insert(hourKey, qint64(QDateTime(date, QTime(hour, 0), Qt::LocalTime).offsetFromUtc()) * 1000);
    return QDateTime::fromMSecsSinceEpoch(local - *offset, Qt::UTC);
}

bool OptunaReader::fail(const QString &message)
{
    c.lastError = message;
    return false;
}

std::shared_ptr<const OptunaDistribution> OptunaReader::distribution(const QByteArray &json, QString *error)
{
    // A study of thousands of trials stores a handful of distinct distribution texts.
    if (const auto it = mDistributions.constFind(json); it != mDistributions.cend())
        return *it;
    std::optional<OptunaDistribution> parsed = OptunaDistribution::fromJson(json, error);
    if (!parsed)
        return nullptr;
    auto shared = std::make_shared<const OptunaDistribution>(std::move(*parsed));
    mDistributions.insert(json, shared);
    return shared;
}

std::optional<QList<OptunaReader::StudyHeader>> OptunaReader::studyHeaders(std::optional<qint64> studyId)
{
    const QString where = studyId ? QStringLiteral(" WHERE study_id = ?") : QString();
    const QVariantList binds = studyId ? QVariantList{*studyId} : QVariantList{};
    QList<StudyHeader> headers;
    QHash<qint64, qsizetype> index;
    {
        auto q = c.exec(QStringLiteral("SELECT study_id, study_name FROM studies%1 ORDER BY study_name").arg(where), binds);
        if (!q)
            return std::nullopt;
        while (q->next()) {
            StudyHeader h;
            h.id = q->value(0).toLongLong();
            h.name = q->value(1).toString();
            index.insert(h.id, headers.size());
            headers.append(h);
        }
    }
    {
        auto q = c.exec(QStringLiteral("SELECT study_id, CAST(direction AS TEXT) FROM study_directions%1 ORDER BY study_id, objective")
                            .arg(where),
                        binds);
        if (!q)
            return std::nullopt;
        while (q->next()) {
            const auto it = index.constFind(q->value(0).toLongLong());
            if (it != index.cend())
                headers[*it].goals.append(q->value(1).toString() == QLatin1String("MAXIMIZE") ? Goal::Maximize : Goal::Minimize);
        }
    }
    {
        auto q = c.exec(QStringLiteral("SELECT study_id, value_json FROM study_system_attributes WHERE %1key = ?")
                            .arg(studyId ? QStringLiteral("study_id = ? AND ") : QString()),
                        binds + QVariantList{kMetricNamesKey});
        if (!q)
            return std::nullopt;
        while (q->next()) {
            const auto it = index.constFind(q->value(0).toLongLong());
            const std::optional<QVariant> names = valueFromPythonJson(q->value(1).toString().toUtf8());
            if (it == index.cend() || !names || names->typeId() != QMetaType::QVariantList)
                continue;
            QStringList metricNames;
            for (const QVariant &n : names->toList())
                metricNames << n.toString();
            if (metricNames.size() == headers[*it].goals.size())
                headers[*it].metricNames = metricNames;
        }
    }
    {
        auto q = c.exec(QStringLiteral("SELECT study_id, key, value_json FROM study_user_attributes%1").arg(where), binds);
        if (!q)
            return std::nullopt;
        while (q->next()) {
            const auto it = index.constFind(q->value(0).toLongLong());
            if (it != index.cend())
                headers[*it].userAttributes.insert(q->value(1).toString(), attributeValue(q->value(2)));
        }
    }
    {
        auto q = c.exec(QStringLiteral("SELECT study_id, CAST(MIN(datetime_start) AS TEXT) FROM trials%1 GROUP BY study_id").arg(where),
                        binds);
        if (!q)
            return std::nullopt;
        while (q->next()) {
            const auto it = index.constFind(q->value(0).toLongLong());
            if (it != index.cend())
                headers[*it].created = localTime(q->value(1));
        }
    }
    for (StudyHeader &h : headers) {
        if (h.goals.isEmpty())
            h.goals.append(Goal::Minimize); // Optuna writes a direction with every study
    }
    return headers;
}

QString OptunaReader::jsonBytes(const QString &column) const
{
    // As a blob SQLite hands the UTF-8 text over as it is, without a copy in UTF-16.
    return c.backend == Backend::Sqlite ? QStringLiteral("CAST(%1 AS BLOB)").arg(column) : column;
}

bool OptunaReader::readSpaces()
{
    auto stamp = c.exec(QStringLiteral("SELECT MAX(param_id), COUNT(*) FROM trial_params"));
    if (!stamp || !stamp->next())
        return false;
    const std::pair<qint64, qint64> stampValue{stamp->value(0).toLongLong(), stamp->value(1).toLongLong()};
    stamp.reset();
    if (mSpacesStamp == stampValue)
        return true;
    mSpaces.clear();
    mSpaceErrors.clear();
    // Every parameter row of every study, once, told apart here: cheaper than having SQLite
    // group the rows by their distribution texts.
    auto q = c.exec(QStringLiteral("SELECT t.study_id, x.param_id, x.param_name, %1 FROM trials t CROSS JOIN trial_params x"
                                   " WHERE x.trial_id = t.trial_id")
                        .arg(jsonBytes(QStringLiteral("x.distribution_json"))));
    if (!q)
        return false;
    struct Found
    {
        qint64 firstId = 0; ///< its first row: parameters are listed in the order trials asked for them
        Parameter parameter;
        QList<const OptunaDistribution *> distributions; ///< already merged into parameter
    };
    QHash<qint64, QHash<QString, Found>> found;
    while (q->next()) {
        const qint64 study = q->value(0).toLongLong();
        const qint64 id = q->value(1).toLongLong();
        const QString name = q->value(2).toString();
        QString why;
        const auto d = distribution(q->value(3).toByteArray(), &why);
        if (!d) {
            mSpaceErrors.insert(study, QStringLiteral("parameter %1: %2").arg(name, why));
            continue;
        }
        QHash<QString, Found> &params = found[study];
        const auto known = params.find(name);
        if (known == params.end()) {
            Found f{id, d->parameter, {d.get()}};
            f.parameter.name = name;
            params.insert(name, f);
            continue;
        }
        known->firstId = std::min(known->firstId, id);
        if (known->distributions.contains(d.get()))
            continue;
        known->distributions.append(d.get());
        if (const std::optional<Parameter> merged = mergedParameter(known->parameter, d->parameter))
            known->parameter = *merged;
        else
            mSpaceErrors.insert(study, QStringLiteral("parameter %1 is categorical in some trials and numeric in others").arg(name));
    }
    for (auto study = found.cbegin(); study != found.cend(); ++study) {
        QList<Found> params = study->values();
        std::sort(params.begin(), params.end(), [](const Found &a, const Found &b) { return a.firstId < b.firstId; });
        QList<Parameter> &space = mSpaces[study.key()];
        for (const Found &f : std::as_const(params))
            space.append(f.parameter);
    }
    mSpacesStamp = stampValue;
    return true;
}

std::optional<QByteArray> OptunaReader::specYaml(const StudyHeader &header)
{
    // The union of the distributions the study's trials used, read for every study at once and
    // again only when trial_params changed.
    if (!readSpaces())
        return std::nullopt;
    if (const auto error = mSpaceErrors.constFind(header.id); error != mSpaceErrors.cend()) {
        fail(QStringLiteral("Optuna study '%1': %2").arg(header.name, *error));
        return std::nullopt;
    }

    StudySpec spec;
    spec.name = header.name;
    // Its user attributes first: a report shows the description on one line.
    spec.description = QStringLiteral("Optuna study, read-only (its sampler is not recorded)");
    if (!header.userAttributes.isEmpty()) {
        const QJsonObject attributes = QJsonObject::fromVariantMap(header.userAttributes);
        spec.description = QStringLiteral("Optuna study, user attributes %1; read-only (its sampler is not recorded)")
                               .arg(QString::fromUtf8(QJsonDocument(attributes).toJson(QJsonDocument::Compact)));
    }
    spec.command = QStringList{QStringLiteral("(Optuna objective)")};
    spec.method = QStringLiteral("tpe");
    for (qsizetype k = 0; k < header.goals.size(); ++k)
        spec.metrics.append(MetricSpec{header.metricName(k), header.goals.at(k), false});
    for (const Parameter &p : mSpaces.value(header.id))
        spec.space.append(p);
    if (spec.space.parameters().isEmpty()) {
        Parameter none;
        none.name = kNoParameters;
        none.type = Parameter::Type::Constant;
        none.value = QStringLiteral("none");
        spec.space.append(none);
    }
    return studySpecToYaml(spec);
}

std::optional<StudyRecord> OptunaReader::findStudy(const QString &name)
{
    c.followWriter();
    auto q = c.exec(QStringLiteral("SELECT study_id FROM studies WHERE study_name = ?"), {name.trimmed()});
    if (!q)
        return std::nullopt;
    if (!q->next()) {
        c.lastError = QStringLiteral("no study named '%1'").arg(name);
        return std::nullopt;
    }
    const qint64 id = q->value(0).toLongLong();
    q.reset();
    const auto headers = studyHeaders(id);
    if (!headers || headers->isEmpty())
        return std::nullopt;
    const StudyHeader &h = headers->first();
    const std::optional<QByteArray> yaml = specYaml(h);
    if (!yaml)
        return std::nullopt;
    StudyRecord r;
    r.id = h.id;
    r.name = h.name;
    r.method = QStringLiteral("optuna");
    r.metricName = h.metricName(0);
    r.goal = goalName(h.goals.first());
    r.specYaml = *yaml;
    r.created = h.created;
    return r;
}

QList<StudySummary> OptunaReader::studySummaries()
{
    c.followWriter();
    QList<StudySummary> result;
    const auto headers = studyHeaders(std::nullopt);
    if (!headers)
        return result;
    QHash<qint64, qsizetype> index;
    for (const StudyHeader &h : *headers) {
        StudySummary s;
        s.study.id = h.id;
        s.study.name = h.name;
        s.study.method = QStringLiteral("optuna");
        s.study.metricName = h.metricName(0);
        s.study.goal = goalName(h.goals.first());
        s.study.created = h.created;
        // A study whose space cannot be read is still listed; opening it says why.
        if (const std::optional<QByteArray> yaml = specYaml(h))
            s.study.specYaml = *yaml;
        index.insert(h.id, result.size());
        result.append(s);
    }
    auto counts = c.exec(QStringLiteral("SELECT study_id, COUNT(*),"
                                        " SUM(CASE WHEN state = 'RUNNING' THEN 1 ELSE 0 END),"
                                        " SUM(CASE WHEN state = 'COMPLETE' THEN 1 ELSE 0 END),"
                                        " SUM(CASE WHEN state = 'PRUNED' THEN 1 ELSE 0 END),"
                                        " SUM(CASE WHEN state = 'FAIL' THEN 1 ELSE 0 END)"
                                        " FROM trials GROUP BY study_id"));
    if (!counts)
        return result;
    while (counts->next()) {
        const auto it = index.constFind(counts->value(0).toLongLong());
        if (it == index.cend())
            continue;
        StudySummary &s = result[*it];
        s.total = counts->value(1).toInt();
        s.running = counts->value(2).toInt();
        s.complete = counts->value(3).toInt();
        s.pruned = counts->value(4).toInt();
        s.failed = counts->value(5).toInt();
    }
    counts.reset();
    // The best first objective of the complete trials, both ways; the goal picks one. An
    // infinity is stored as NULL with its type, so it is counted apart.
    auto best = c.exec(QStringLiteral("SELECT t.study_id,"
                                      " MIN(CASE WHEN v.value_type = 'FINITE' THEN v.value END),"
                                      " MAX(CASE WHEN v.value_type = 'FINITE' THEN v.value END),"
                                      " SUM(CASE WHEN v.value_type = 'INF_NEG' THEN 1 ELSE 0 END),"
                                      " SUM(CASE WHEN v.value_type = 'INF_POS' THEN 1 ELSE 0 END)"
                                      " FROM trials t JOIN trial_values v ON v.trial_id = t.trial_id"
                                      " WHERE t.state = 'COMPLETE' AND v.objective = 0 GROUP BY t.study_id"));
    if (!best)
        return result;
    constexpr double inf = std::numeric_limits<double>::infinity();
    while (best->next()) {
        const auto it = index.constFind(best->value(0).toLongLong());
        if (it == index.cend())
            continue;
        StudySummary &s = result[*it];
        const bool maximize = s.study.goal == QLatin1String("maximize");
        const bool winningInfinity = best->value(maximize ? 4 : 3).toInt() > 0;
        const bool losingInfinity = best->value(maximize ? 3 : 4).toInt() > 0;
        const QVariant finite = best->value(maximize ? 2 : 1);
        if (winningInfinity)
            s.best = maximize ? inf : -inf;
        else if (!finite.isNull())
            s.best = Connection::readDouble(finite);
        else if (losingInfinity)
            s.best = maximize ? -inf : inf;
    }
    return result;
}

std::optional<QList<Trial>> OptunaReader::trials(qint64 studyId, bool withIntermediate,
                                                 QHash<qint64, qint64> *lastValueIds)
{
    return readTrials(studyId, {}, withIntermediate, lastValueIds);
}

std::optional<QHash<qint64, MetricSeries>> OptunaReader::newValues(QList<ValueCursor> &cursors)
{
    QHash<qint64, MetricSeries> result;
    if (cursors.isEmpty())
        return result;
    c.followWriter();
    QHash<qint64, qint64 *> after;
    QVariantList binds;
    for (ValueCursor &cursor : cursors) {
        after.insert(cursor.trialId, &cursor.afterValueId);
        binds << cursor.trialId;
    }
    // Optuna's trial_intermediate_value_id grows with each insert, so it is the cursor, as
    // trial_values.id is in Tunescope's own store; the study gives the metric's name.
    auto q = c.exec(QStringLiteral("SELECT x.trial_intermediate_value_id, x.trial_id, t.study_id, x.step, x.intermediate_value, %1"
                                   " FROM trial_intermediate_values x JOIN trials t ON t.trial_id = x.trial_id"
                                   " WHERE x.trial_id IN (%2) ORDER BY x.trial_id, x.trial_intermediate_value_id")
                        .arg(valueTypeCode(QStringLiteral("x.intermediate_value_type")),
                             QStringLiteral("?, ").repeated(cursors.size()).chopped(2)),
                    binds);
    if (!q)
        return std::nullopt;
    QHash<qint64, QString> metricOfStudy;
    while (q->next()) {
        const qint64 valueId = q->value(0).toLongLong();
        const qint64 trialId = q->value(1).toLongLong();
        qint64 *cursor = after.value(trialId);
        if (!cursor || valueId <= *cursor)
            continue;
        const qint64 studyId = q->value(2).toLongLong();
        if (!metricOfStudy.contains(studyId)) {
            const auto headers = studyHeaders(studyId);
            if (!headers || headers->isEmpty())
                return std::nullopt;
            metricOfStudy.insert(studyId, headers->first().metricName(0));
        }
        *cursor = valueId;
        result[trialId][metricOfStudy.value(studyId)].append(
            MetricPoint{q->value(3).toLongLong(), typedValue(q->value(4), q->value(5).toInt())});
    }
    return result;
}

std::optional<Trial> OptunaReader::trial(qint64 studyId, int number, bool withIntermediate)
{
    const auto found = readTrials(studyId, {QStringLiteral(" AND t.number = ?"), {number}}, withIntermediate);
    if (!found)
        return std::nullopt;
    if (found->isEmpty()) {
        c.lastError = QStringLiteral("study %1 has no trial %2").arg(studyId).arg(number);
        return std::nullopt;
    }
    return found->first();
}

std::optional<QList<Trial>> OptunaReader::trialsAfter(qint64 studyId, int afterNumber, const QList<int> &numbers)
{
    TrialFilter filter{QStringLiteral(" AND (t.number > ?"), {afterNumber}};
    if (!numbers.isEmpty()) {
        filter.sql += QStringLiteral(" OR t.number IN (") + QStringLiteral("?, ").repeated(numbers.size()).chopped(2) + QLatin1Char(')');
        for (int n : numbers)
            filter.binds << n;
    }
    filter.sql += QLatin1Char(')');
    return readTrials(studyId, filter, false);
}

std::optional<int> OptunaReader::trialCount(qint64 studyId, int upToNumber)
{
    c.followWriter();
    auto q = c.exec(QStringLiteral("SELECT COUNT(*) FROM trials WHERE study_id = ? AND number <= ?"), {studyId, upToNumber});
    if (!q || !q->next())
        return std::nullopt;
    return q->value(0).toInt();
}

std::optional<QList<Trial>> OptunaReader::readTrials(qint64 studyId, const TrialFilter &filter, bool withIntermediate,
                                                     QHash<qint64, qint64> *lastValueIds)
{
    c.followWriter();
    const auto headers = studyHeaders(studyId);
    if (!headers)
        return std::nullopt;
    if (headers->isEmpty()) {
        c.lastError = QStringLiteral("no study with id %1").arg(studyId);
        return std::nullopt;
    }
    const StudyHeader &header = headers->first();
    const bool multi = header.goals.size() > 1;
    // Every statement reads the study's trials through trials.study_id (indexed since Optuna
    // 3.2) and, for each, the other table through its unique (trial_id, ...) index: CROSS JOIN
    // keeps SQLite's planner from scanning the other table whole (every study's rows) instead,
    // and rows come in trial_id order without a sort.
    const QString join = QStringLiteral(" FROM trials t CROSS JOIN %1 x WHERE x.trial_id = t.trial_id AND t.study_id = ?%2");
    const QVariantList binds = QVariantList{studyId} + filter.binds;

    QList<Trial> result;
    QHash<qint64, qsizetype> index;
    {
        auto q = c.exec(QStringLiteral("SELECT t.trial_id, t.number, CAST(t.state AS TEXT), CAST(t.datetime_start AS TEXT),"
                                       " CAST(t.datetime_complete AS TEXT) FROM trials t WHERE t.study_id = ?%1"
                                       " ORDER BY t.number, t.trial_id").arg(filter.sql),
                        binds);
        if (!q)
            return std::nullopt;
        while (q->next()) {
            Trial t;
            t.id = q->value(0).toLongLong();
            t.number = q->value(1).toInt();
            const QString state = q->value(2).toString();
            const std::optional<TrialState> known = optunaState(state);
            if (!known) {
                fail(QStringLiteral("Optuna study '%1', trial %2: unknown state '%3'").arg(header.name).arg(t.number).arg(state));
                return std::nullopt;
            }
            t.state = *known;
            t.started = localTime(q->value(3));
            t.finished = localTime(q->value(4));
            index.insert(t.id, result.size());
            result.append(t);
        }
    }
    if (result.isEmpty())
        return result;
    {
        auto q = c.exec(QStringLiteral("SELECT x.trial_id, x.param_name, x.param_value, %1").arg(jsonBytes(QStringLiteral("x.distribution_json")))
                            + join.arg(QStringLiteral("trial_params"), filter.sql),
                        binds);
        if (!q)
            return std::nullopt;
        while (q->next()) {
            const auto it = index.constFind(q->value(0).toLongLong());
            if (it == index.cend())
                continue;
            Trial &t = result[*it];
            const QString name = q->value(1).toString();
            QString why;
            const auto d = distribution(q->value(3).toByteArray(), &why);
            const std::optional<QVariant> value = d ? d->value(Connection::readDouble(q->value(2))) : std::nullopt;
            if (!value) {
                fail(QStringLiteral("Optuna study '%1', trial %2, parameter %3: %4")
                         .arg(header.name).arg(t.number).arg(name, d ? QStringLiteral("a choice index out of range") : why));
                return std::nullopt;
            }
            t.params.insert(name, *value);
        }
    }
    {
        auto q = c.exec(QStringLiteral("SELECT x.trial_id, x.objective, x.value, %1").arg(valueTypeCode(QStringLiteral("x.value_type")))
                            + join.arg(QStringLiteral("trial_values"), filter.sql),
                        binds);
        if (!q)
            return std::nullopt;
        while (q->next()) {
            const auto it = index.constFind(q->value(0).toLongLong());
            if (it == index.cend())
                continue;
            Trial &t = result[*it];
            const int objective = q->value(1).toInt();
            const double v = typedValue(q->value(2), q->value(3).toInt());
            if (objective == 0)
                t.value = v;
            if (multi && objective >= 0 && objective < header.goals.size()) {
                if (t.values.isEmpty())
                    t.values.fill(std::numeric_limits<double>::quiet_NaN(), header.goals.size());
                t.values[objective] = v;
            }
        }
    }
    for (const char *table : {"trial_user_attributes", "trial_system_attributes"}) {
        const QString group = QLatin1String(table) == QLatin1String("trial_user_attributes") ? QStringLiteral("user_attrs")
                                                                                            : QStringLiteral("system_attrs");
        auto q = c.exec(QStringLiteral("SELECT x.trial_id, x.key, x.value_json") + join.arg(QLatin1String(table), filter.sql)
                            + QStringLiteral(" ORDER BY t.trial_id"),
                        binds);
        if (!q)
            return std::nullopt;
        qint64 lastId = -1;
        QVariantMap attributes;
        const auto store = [&] {
            if (lastId >= 0 && !attributes.isEmpty())
                result[index.value(lastId)].attributes.insert(group, attributes);
            attributes.clear();
        };
        while (q->next()) {
            const qint64 id = q->value(0).toLongLong();
            if (!index.contains(id))
                continue;
            if (id != lastId) {
                store();
                lastId = id;
            }
            attributes.insert(q->value(1).toString(), attributeValue(q->value(2)));
        }
        store();
    }
    for (Trial &t : result) {
        // Optuna before 3.0 kept the error of a failed trial; later ones only log it.
        const QVariantMap system = t.attributes.value(QStringLiteral("system_attrs")).toMap();
        if (t.state == TrialState::Failed && system.contains(QStringLiteral("fail_reason")))
            t.reason = system.value(QStringLiteral("fail_reason")).toString();
    }
    if (withIntermediate) {
        const QString metric = header.metricName(0);
        auto q = c.exec(QStringLiteral("SELECT x.trial_id, x.step, x.intermediate_value, %1, x.trial_intermediate_value_id")
                            .arg(valueTypeCode(QStringLiteral("x.intermediate_value_type")))
                            + join.arg(QStringLiteral("trial_intermediate_values"), filter.sql)
                            + QStringLiteral(" ORDER BY t.trial_id, x.step"),
                        binds);
        if (!q)
            return std::nullopt;
        qint64 lastId = -1;
        QList<MetricPoint> *series = nullptr;
        while (q->next()) {
            const qint64 id = q->value(0).toLongLong();
            if (id != lastId) {
                lastId = id;
                const auto it = index.constFind(id);
                series = it == index.cend() ? nullptr : &result[*it].intermediate[metric];
            }
            if (series)
                series->append(MetricPoint{q->value(1).toLongLong(), typedValue(q->value(2), q->value(3).toInt())});
            if (series && lastValueIds) {
                qint64 &last = (*lastValueIds)[id];
                last = std::max(last, q->value(4).toLongLong());
            }
        }
    }
    return result;
}

} // namespace tunescope
