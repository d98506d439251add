#include "analysis/studyexport.h"

#include "common/format.h"
#include "analysis/pareto.h"
#include "storage/studylocation.h"

#include <QJsonArray>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {
QJsonValue numberOrNull(double v)
{
    // JSON has no NaN or infinity; null keeps the file valid for every reader.
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonValue paramToJson(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
        return QJsonValue(v.toLongLong());
    case QMetaType::Double:
        return numberOrNull(v.toDouble());
    case QMetaType::Bool:
        return QJsonValue(v.toBool());
    default:
        return QJsonValue(v.toString());
    }
}

} // namespace

std::optional<StudyData> loadStudyData(Storage &storage, const QString &name, QString *error, bool withIntermediate)
{
    const auto record = storage.findStudy(name);
    if (!record) {
        *error = storage.lastError().isEmpty() ? QStringLiteral("no study named '%1'").arg(name) : storage.lastError();
        return std::nullopt;
    }
    StudyData data;
    data.record = *record;
    const SpecLoadResult parsed = parseStudySpec(record->specYaml, QStringLiteral("study '%1'").arg(name));
    if (!parsed.spec) {
        *error = parsed.errors.join(u'\n');
        return std::nullopt;
    }
    data.spec = *parsed.spec;
    auto trials = storage.trials(record->id, withIntermediate);
    if (!trials) {
        *error = storage.lastError();
        return std::nullopt;
    }
    data.trials = *trials;
    auto artifacts = storage.trialArtifacts(record->id);
    if (!artifacts) {
        *error = storage.lastError();
        return std::nullopt;
    }
    data.artifacts = *artifacts;
    return data;
}

StudyData withReportPaths(StudyData study, const ReportPaths &paths)
{
    StudySpec &spec = study.spec;
    spec.program = paths.shownText(spec.program);
    for (QString &element : spec.command)
        element = paths.shownText(element);
    spec.storage = paths.shown(redactedLocation(spec.storage));
    spec.workingDirectory = paths.shown(spec.workingDirectory);
    for (QString &source : spec.warmStart.from) {
        QString database, name;
        if (splitWarmStartSource(source, &database, &name))
            source = paths.shown(redactedLocation(database)) + u'#' + name;
    }
    for (Trial &t : study.trials)
        t.reason = paths.shownText(t.reason);
    return study;
}

QJsonObject studyToJson(const StudyData &study)
{
    const bool multi = study.spec.metrics.size() > 1;
    QJsonValue metric = QJsonObject{{"name", study.record.metricName}, {"goal", study.record.goal}};
    if (multi) {
        QJsonArray metrics;
        for (const MetricSpec &m : study.spec.metrics)
            metrics.append(QJsonObject{{"name", m.name}, {"goal", goalName(m.goal)}});
        metric = metrics;
    }
    QJsonObject header{{"name", study.record.name}, {"method", study.record.method}, {"metric", metric}};
    if (!study.record.note.isEmpty())
        header.insert(QStringLiteral("note"), study.record.note);
    if (!study.record.tags.isEmpty())
        header.insert(QStringLiteral("tags"), QJsonArray::fromStringList(study.record.tags));
    // The studies this one was warmed from (passwords of URLs left out).
    if (const QVariantMap warm = warmStartSpecToMap(study.spec.warmStart); !warm.isEmpty())
        header.insert(QStringLiteral("warm_start"), QJsonObject::fromVariantMap(warm));
    if (!study.record.endReason.isEmpty())
        header.insert(QStringLiteral("end_reason"), study.record.endReason);
    const QList<int> front = multi ? paretoFront(study.trials, study.spec.metrics) : QList<int>();
    QJsonArray trials;
    for (const Trial &t : study.trials) {
        QJsonObject params;
        for (auto it = t.params.begin(); it != t.params.end(); ++it)
            params.insert(it.key(), paramToJson(it.value()));
        QJsonObject intermediate;
        for (auto it = t.intermediate.begin(); it != t.intermediate.end(); ++it) {
            QJsonArray points;
            for (const MetricPoint &p : it.value())
                points.append(QJsonArray{QJsonValue(p.step), numberOrNull(p.value)});
            intermediate.insert(it.key(), points);
        }
        QJsonObject row{
            {"number", t.number},
            {"state", trialStateName(t.state)},
            {"params", params},
            {"value", t.value ? numberOrNull(*t.value) : QJsonValue()},
            {"started", t.started.isValid() ? QJsonValue(t.started.toString(Qt::ISODateWithMs)) : QJsonValue()},
            {"duration_s", t.started.isValid() && t.finished.isValid() ? QJsonValue(t.durationSeconds()) : QJsonValue()},
            {"reason", t.reason.isEmpty() ? QJsonValue() : QJsonValue(t.reason)},
            {"exit_code", t.exitCode ? QJsonValue(*t.exitCode) : QJsonValue()},
            {"gpu", t.gpu.isEmpty() ? QJsonValue() : QJsonValue(t.gpu)},
            {"intermediate", intermediate},
        };
        if (multi) {
            row.remove(QStringLiteral("value"));
            QJsonArray values;
            for (double v : t.values)
                values.append(numberOrNull(v));
            row.insert(QStringLiteral("values"), t.values.isEmpty() ? QJsonValue() : QJsonValue(values));
            row.insert(QStringLiteral("pareto"), front.contains(t.number));
        }
        if (study.spec.repeats > 1)
            row.insert(QStringLiteral("value_std"), t.valueStd ? numberOrNull(*t.valueStd) : QJsonValue());
        // What another tool stored with the trial (Optuna's user_attrs and system_attrs).
        if (!t.attributes.isEmpty())
            row.insert(QStringLiteral("attributes"), QJsonObject::fromVariantMap(t.attributes));
        // Steering by hand: how the trial came to be, its retries, the user's note.
        if (!t.origin.isEmpty())
            row.insert(QStringLiteral("origin"), t.origin);
        if (t.queued)
            row.insert(QStringLiteral("queued"), true);
        if (t.retryOf)
            row.insert(QStringLiteral("retry_of"), *t.retryOf);
        if (t.retriedAs)
            row.insert(QStringLiteral("retried_as"), *t.retriedAs);
        if (t.outOfSpace)
            row.insert(QStringLiteral("out_of_space"), true);
        if (!t.note.isEmpty())
            row.insert(QStringLiteral("note"), t.note);
        // Measured resource use (trials Tunescope ran since schema 8); null where not measured.
        if (!t.usage.isEmpty())
            row.insert(QStringLiteral("usage"), t.usage.toJson());
        // Files the trial declared with `artifact=path`, relative to its trial folder.
        if (const QStringList files = study.artifacts.value(t.id); !files.isEmpty())
            row.insert(QStringLiteral("artifacts"), QJsonArray::fromStringList(files));
        trials.append(row);
    }
    return QJsonObject{{"study", header}, {"trials", trials}};
}

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QByteArray studyToCsv(const StudyData &study)
{
    QStringList paramNames;
    for (const Parameter &p : study.spec.space.parameters())
        paramNames << p.name;
    const bool multi = study.spec.metrics.size() > 1;
    const bool repeated = study.spec.repeats > 1;
    QStringList header{QStringLiteral("number"), QStringLiteral("state")};
    if (multi) {
        for (const MetricSpec &m : study.spec.metrics)
            header << csvField(QStringLiteral("value_") + m.name);
        header << QStringLiteral("pareto");
    } else {
        header << QStringLiteral("value");
        if (repeated)
            header << QStringLiteral("value_std");
    }
    for (const QString &name : paramNames)
        header << csvField(name);
    header << QStringLiteral("duration_s") << QStringLiteral("reason");
    // Columns of trials steered by hand, only in a study that has some (as value_std with repeats).
    const bool steered = std::any_of(study.trials.begin(), study.trials.end(), [](const Trial &t) {
        return !t.origin.isEmpty() || t.retryOf || !t.note.isEmpty();
    });
    if (steered)
        header << QStringLiteral("origin") << QStringLiteral("retry_of") << QStringLiteral("out_of_space") << QStringLiteral("note");
    // Measured resource use, in a study that has any (the JSON export's usage object).
    const bool measured = std::any_of(study.trials.begin(), study.trials.end(), [](const Trial &t) { return !t.usage.isEmpty(); });
    const QStringList usageKeys = TrialUsage::keys();
    if (measured)
        header << usageKeys;
    const QList<int> front = multi ? paretoFront(study.trials, study.spec.metrics) : QList<int>();
    QByteArray out = header.join(u',').toUtf8() + '\n';
    for (const Trial &t : study.trials) {
        QStringList row{QString::number(t.number), trialStateName(t.state)};
        if (multi) {
            for (qsizetype k = 0; k < study.spec.metrics.size(); ++k)
                row << (k < t.values.size() ? formatShortest(t.values.at(k)) : QString());
            row << (front.contains(t.number) ? QStringLiteral("true") : QStringLiteral("false"));
        } else {
            row << (t.value ? formatShortest(*t.value) : QString());
            if (repeated)
                row << (t.valueStd ? formatShortest(*t.valueStd) : QString());
        }
        for (const QString &name : paramNames)
            row << csvField(paramValueToString(t.params.value(name)));
        row << (t.finished.isValid() ? formatShortest(t.durationSeconds()) : QString()) << csvField(t.reason);
        if (steered)
            row << csvField(t.origin) << (t.retryOf ? QString::number(*t.retryOf) : QString())
                << (t.outOfSpace ? QStringLiteral("true") : QString()) << csvField(t.note);
        if (measured) {
            const QJsonObject usage = t.usage.toJson();
            for (const QString &key : usageKeys)
                row << (usage.value(key).isDouble() ? formatShortest(usage.value(key).toDouble()) : QString());
        }
        out += row.join(u',').toUtf8() + '\n';
    }
    return out;
}

} // namespace tunescope
