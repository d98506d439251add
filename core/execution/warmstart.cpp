#include "execution/warmstart.h"

#include "execution/studysteering.h"
#include "storage/studylocation.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace tunescope {

QString warmStartDatabase(const QString &database, const QString &studyFolder)
{
    if (isDatabaseUrl(database))
        return database;
    const QDir folder(studyFolder.isEmpty() ? QDir::currentPath() : studyFolder);
    return QDir::cleanPath(folder.absoluteFilePath(database));
}

WarmStartSpec resolvedWarmStart(const StudySpec &spec)
{
    WarmStartSpec resolved = spec.warmStart;
    for (QString &source : resolved.from) {
        QString database, study;
        if (splitWarmStartSource(source, &database, &study))
            source = warmStartDatabase(database, spec.workingDirectory) + u'#' + study;
    }
    return resolved;
}

std::optional<WarmStartSources> readWarmStartSources(const StudySpec &spec, QString *error, const QString &ownDatabase)
{
    WarmStartSources out;
    const WarmStartSpec &warm = spec.warmStart;
    const int topK = warm.effectiveTopK();
    for (int i = 0; i < warm.from.size(); ++i) {
        const QString at = warm.from.size() == 1 ? QStringLiteral("warm_start.from")
                                                 : QStringLiteral("warm_start.from[%1]").arg(i);
        QString database, studyName;
        if (!splitWarmStartSource(warm.from[i], &database, &studyName)) {
            *error = QStringLiteral("%1: must be DATABASE#STUDY").arg(at);
            return std::nullopt;
        }
        const QString location = warmStartDatabase(database, spec.workingDirectory);
        const QString shown = redactedLocation(location) + u'#' + studyName;
        if (!isDatabaseUrl(location) && !QFileInfo(location).isFile()) {
            *error = QStringLiteral("%1: no database file %2").arg(at, QDir::toNativeSeparators(location));
            return std::nullopt;
        }
        if (studyName == spec.name && !ownDatabase.isEmpty() && !isDatabaseUrl(ownDatabase)
            && QFileInfo(location).canonicalFilePath() == QFileInfo(ownDatabase).canonicalFilePath()) {
            *error = QStringLiteral("%1: %2 is this study itself; warm-start from another study").arg(at, shown);
            return std::nullopt;
        }
        QString why;
        const std::unique_ptr<Storage> storage = Storage::open(location, &why);
        if (!storage) {
            *error = QStringLiteral("%1: cannot open %2: %3").arg(at, redactedLocation(location), why);
            return std::nullopt;
        }
        const std::optional<StudyRecord> study = storage->findStudy(studyName);
        if (!study) {
            QStringList names;
            for (const StudySummary &s : storage->studySummaries())
                names << s.study.name;
            *error = QStringLiteral("%1: no study '%2' in %3 (%4)")
                         .arg(at, studyName, redactedLocation(location),
                              names.isEmpty() ? QStringLiteral("it has none") : QStringLiteral("it has ") + names.join(QLatin1String(", ")));
            return std::nullopt;
        }
        const std::optional<QList<Trial>> trials = storage->trials(study->id);
        if (!trials) {
            *error = QStringLiteral("%1: cannot read the trials of %2: %3").arg(at, shown, storage->lastError());
            return std::nullopt;
        }

        // The source's goal ranks its trials; its values reach the samplers as they are.
        const bool maximize = study->goal == QLatin1String("maximize");
        QList<Trial> fitting;
        int finished = 0, outside = 0;
        for (const Trial &t : *trials) {
            if (t.state != TrialState::Complete || !t.value || !std::isfinite(*t.value) || t.outOfSpace)
                continue;
            ++finished;
            // A renamed parameter goes by its new name, ahead of a source parameter that
            // happens to bear that name already.
            QVariantMap params;
            for (auto it = t.params.begin(); it != t.params.end(); ++it) {
                const QString name = warm.rename.value(it.key(), it.key());
                const bool shadowed = name == it.key() && !warm.rename.key(name).isEmpty()
                                      && t.params.contains(warm.rename.key(name));
                if (spec.space.find(name) && !shadowed)
                    params.insert(name, it.value());
            }
            const CheckedParams checked = checkParams(spec.space, params, false);
            if (!checked.ok()) {
                ++outside;
                continue;
            }
            Trial prior = t;
            prior.params = checked.params;
            prior.source = shown;
            prior.intermediate.clear();
            fitting << prior;
        }
        std::stable_sort(fitting.begin(), fitting.end(), [maximize](const Trial &a, const Trial &b) {
            return maximize ? *a.value > *b.value : *a.value < *b.value;
        });
        if (fitting.size() > topK)
            fitting.resize(topK);

        QString note = QStringLiteral("%1: %2 finished trials").arg(shown).arg(finished);
        if (outside > 0)
            note += QStringLiteral(", %1 outside this space skipped").arg(outside);
        if (warm.mode == WarmStartSpec::Mode::BestFirst) {
            int added = 0;
            for (const Trial &t : std::as_const(fitting)) {
                if (!out.bestFirst.contains(t.params)) {
                    out.bestFirst << t.params;
                    ++added;
                }
            }
            note += QStringLiteral(", %1 best enqueued first").arg(added);
        } else {
            out.prior << fitting;
            note += QStringLiteral(", %1 given to the sampler as prior observations").arg(fitting.size());
        }
        out.notes << note;
    }
    // Negative numbers, oldest (first listed) lowest: never a number of this study's trials.
    for (int i = 0; i < out.prior.size(); ++i)
        out.prior[i].number = i - int(out.prior.size());
    return out;
}

bool enqueueBestFirst(Storage &storage, const StudyRecord &study, const QList<QVariantMap> &configurations,
                      QString *error)
{
    for (const QVariantMap &params : configurations) {
        QueuedTrial queued;
        queued.params = params;
        queued.origin = trialOriginBestFirst;
        if (!storage.enqueueTrial(study.id, queued)) {
            *error = QStringLiteral("warm_start: cannot enqueue a best-first configuration: %1").arg(storage.lastError());
            return false;
        }
    }
    return true;
}

} // namespace tunescope
