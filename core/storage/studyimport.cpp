#include "storage/studyimport.h"

#include "storage/studyrecord.h"

#include <QSet>

#include <cmath>

namespace tunescope {

std::optional<ImportResult> importStudy(Storage &source, const QString &studyName, Storage &target,
                                        const ImportOptions &options, QString *error)
{
    const auto fail = [&](const QString &message) {
        *error = message;
        return std::nullopt;
    };
    if (source.readOnlyReason().isEmpty())
        return fail(QStringLiteral("%1: not an Optuna database; its studies are Tunescope's already").arg(source.location()));
    const std::optional<StudyRecord> record = source.findStudy(studyName);
    if (!record)
        return fail(QStringLiteral("%1: %2").arg(source.location(), source.lastError()));
    const SpecLoadResult parsed = parseStudySpec(record->specYaml, QStringLiteral("Optuna study '%1'").arg(record->name));
    if (!parsed.spec)
        return fail(parsed.errors.join(u'\n'));
    const StudySpec &from = *parsed.spec;
    std::optional<QList<Trial>> trials = source.trials(record->id, true);
    if (!trials)
        return fail(QStringLiteral("%1: %2").arg(source.location(), source.lastError()));

    ImportResult result;
    StudySpec spec;
    if (options.spec) {
        spec = *options.spec;
        if (spec.metrics.size() != from.metrics.size())
            return fail(QStringLiteral("metric: the study file has %1 objective(s), the Optuna study '%2' has %3")
                            .arg(spec.metrics.size()).arg(record->name).arg(from.metrics.size()));
        for (qsizetype k = 0; k < spec.metrics.size(); ++k) {
            if (spec.metrics.at(k).goal != from.metrics.at(k).goal)
                return fail(QStringLiteral("%1.goal: %2, but the Optuna study '%3' %4s its objective %5")
                                .arg(spec.metrics.size() > 1 ? QStringLiteral("metric[%1]").arg(k) : QStringLiteral("metric"),
                                     goalName(spec.metrics.at(k).goal), record->name, goalName(from.metrics.at(k).goal))
                                .arg(from.metrics.at(k).name));
        }
        QSet<QString> used;
        for (const Trial &t : std::as_const(*trials)) {
            for (auto it = t.params.cbegin(); it != t.params.cend(); ++it)
                used.insert(it.key());
        }
        for (const Parameter &p : from.space.parameters()) {
            if (used.contains(p.name) && !spec.space.find(p.name))
                return fail(QStringLiteral("parameters: the Optuna study '%1' has the parameter '%2', which the study file lacks")
                                .arg(record->name, p.name));
        }
        for (Trial &t : *trials) {
            for (auto it = t.params.begin(); it != t.params.end(); ++it) {
                QString why;
                const std::optional<QVariant> v = spec.space.find(it.key())->heldValue(it.value(), &why);
                if (!v)
                    return fail(QStringLiteral("parameters.%1: trial %2 of the Optuna study took %3, %4")
                                    .arg(it.key()).arg(t.number).arg(paramValueToString(it.value()), why));
                it.value() = *v;
            }
        }
        for (const Parameter &p : spec.space.searchable()) {
            if (!used.contains(p.name))
                result.warnings << QStringLiteral("parameters.%1: no trial of the Optuna study has a value for it").arg(p.name);
        }
    } else {
        spec = from;
        spec.method = options.method;
        spec.description = QStringLiteral("Imported from the Optuna study '%1'.").arg(record->name);
    }

    // Intermediate values are series of the objective, under the name the study gives it now.
    const QString sourceMetric = from.objective().name;
    const QString metric = spec.objective().name;
    for (Trial &t : *trials) {
        if (t.state == TrialState::Running) {
            t.state = TrialState::Failed;
            t.reason = interruptedReason + QStringLiteral(" (running in Optuna when it was imported)");
            t.finished = QDateTime();
            ++result.interrupted;
        } else {
            result.complete += t.state == TrialState::Complete;
            result.pruned += t.state == TrialState::Pruned;
            result.failed += t.state == TrialState::Failed;
            result.waiting += t.state == TrialState::Waiting;
        }
        if (metric != sourceMetric && t.intermediate.contains(sourceMetric))
            t.intermediate.insert(metric, t.intermediate.take(sourceMetric));
    }
    result.trials = int(trials->size());

    StudyRecord study = studyRecordFor(spec);
    study.metricName = metric;
    study.created = record->created;
    const std::optional<StudyRecord> stored = target.importStudy(study, *trials);
    if (!stored)
        return fail(QStringLiteral("%1: %2").arg(target.location(), target.lastError()));
    result.study = *stored;
    return result;
}

} // namespace tunescope
