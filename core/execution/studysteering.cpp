#include "execution/studysteering.h"

#include "common/safepath.h"
#include "storage/studylocation.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace tunescope {

namespace {

bool isGridMethod(const StudySpec &spec)
{
    return spec.method == QLatin1String("grid") || spec.method == QLatin1String("random-grid");
}

/// A value typed by hand, as the parameter would hold it when it can be read so.
QVariant typedValue(const Parameter *p, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (p && (p->type == Parameter::Type::Categorical || p->type == Parameter::Type::Constant)) {
        const QVariantList candidates = p->type == Parameter::Type::Categorical ? p->choices : QVariantList{p->value};
        for (const QVariant &c : candidates) {
            if (paramValueToString(c) == trimmed)
                return c;
        }
    }
    bool ok = false;
    const qlonglong integer = QLocale::c().toLongLong(trimmed, &ok);
    if (ok)
        return p && p->type == Parameter::Type::Float ? QVariant(double(integer)) : QVariant::fromValue(integer);
    const double number = QLocale::c().toDouble(trimmed, &ok);
    if (ok)
        return number;
    if (trimmed == QLatin1String("true") || trimmed == QLatin1String("false"))
        return trimmed == QLatin1String("true");
    return trimmed;
}

} // namespace

bool CheckedParams::ok() const
{
    return std::none_of(issues.begin(), issues.end(), [](const SpecIssue &i) { return i.isError(); });
}

std::optional<QVariantMap> paramsFromAssignments(const SearchSpace &space, const QStringList &assignments, QString *error)
{
    QVariantMap params;
    for (const QString &assignment : assignments) {
        const qsizetype eq = assignment.indexOf(u'=');
        if (eq <= 0) {
            *error = QStringLiteral("'%1': expected name=value").arg(assignment);
            return std::nullopt;
        }
        const QString name = assignment.left(eq).trimmed();
        params.insert(name, typedValue(space.find(name), assignment.mid(eq + 1)));
    }
    return params;
}

CheckedParams checkParams(const SearchSpace &space, const QVariantMap &params, bool allowOutOfSpace)
{
    CheckedParams out;
    QStringList names;
    for (const Parameter &p : space.parameters())
        names << p.name;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (!space.find(it.key()))
            out.issues << SpecIssue(QStringLiteral("parameters.") + it.key(),
                                    QStringLiteral("not a parameter of the study (its parameters: %1)").arg(names.join(QStringLiteral(", "))));
    }
    for (const Parameter &p : space.parameters()) {
        const bool given = params.contains(p.name);
        if (!space.isActive(p, params)) {
            if (given)
                out.issues << SpecIssue(p.keyPath(), QStringLiteral("exists only when %1 is %2")
                                                         .arg(p.parent, paramValueToString(p.parentValue)));
            continue;
        }
        if (!given) {
            if (p.type == Parameter::Type::Constant)
                out.params.insert(p.name, p.value);
            else
                out.issues << SpecIssue(p.keyPath(), QStringLiteral("missing: a value is needed for every parameter"));
            continue;
        }
        const QVariant &v = params.value(p.name);
        QString why;
        if (const std::optional<QVariant> held = p.heldValue(v, &why)) {
            out.params.insert(p.name, *held);
        } else if (allowOutOfSpace) {
            out.params.insert(p.name, v);
            out.outOfSpace = true;
            out.issues << SpecIssue(p.keyPath(), QStringLiteral("%1, %2 (allowed; the trial is marked out of space)")
                                                     .arg(paramValueToString(v), why),
                                    SpecIssue::Severity::Warning);
        } else {
            out.issues << SpecIssue(p.keyPath(), QStringLiteral("%1, %2 (--allow-out-of-space runs it anyway)")
                                                     .arg(paramValueToString(v), why));
        }
    }
    return out;
}

std::optional<Trial> enqueueParams(Storage &storage, const StudyRecord &study, const StudySpec &spec,
                                   const QVariantMap &params, bool allowOutOfSpace, QString *error)
{
    const CheckedParams checked = checkParams(spec.space, params, allowOutOfSpace);
    if (!checked.ok()) {
        *error = formatSpecIssues(checked.issues, SpecIssue::Severity::Error).join(u'\n');
        return std::nullopt;
    }
    QueuedTrial queued;
    queued.params = checked.params;
    queued.origin = trialOriginEnqueued;
    queued.outOfSpace = checked.outOfSpace;
    // A grid point enqueued by hand takes the point while it is free, so the grid does not run
    // it a second time; once held, the configuration runs again off the grid.
    if (isGridMethod(spec) && !checked.outOfSpace)
        queued.gridIndex = spec.space.gridIndex(checked.params);
    std::optional<Trial> trial = storage.enqueueTrial(study.id, queued);
    if (!trial && queued.gridIndex && storage.lastRefusal() == ClaimRefusal::Taken) {
        queued.gridIndex.reset();
        trial = storage.enqueueTrial(study.id, queued);
    }
    if (!trial)
        *error = storage.lastError();
    return trial;
}

std::optional<RetryOutcome> retryTrials(Storage &storage, const StudyRecord &study, const StudySpec &spec,
                                        const QList<int> &numbers, QString *error)
{
    const std::optional<QList<Trial>> all = storage.trials(study.id);
    if (!all) {
        *error = storage.lastError();
        return std::nullopt;
    }
    QHash<int, const Trial *> byNumber;
    QHash<qint64, int> gridHolders; ///< grid point -> the trial holding it
    for (const Trial &t : *all) {
        byNumber.insert(t.number, &t);
        if (t.gridIndex)
            gridHolders.insert(*t.gridIndex, t.number);
    }
    QList<const Trial *> chosen;
    if (numbers.isEmpty()) {
        for (const Trial &t : *all) {
            if (t.state == TrialState::Failed && !t.retriedAs)
                chosen << &t;
        }
    } else {
        QStringList problems;
        for (int n : numbers) {
            const Trial *t = byNumber.value(n);
            if (!t)
                problems << QStringLiteral("trial %1: no such trial in study '%2'").arg(n).arg(study.name);
            else if (t->state != TrialState::Failed && t->state != TrialState::Pruned)
                problems << QStringLiteral("trial %1: it is %2; only failed and pruned trials are retried").arg(n).arg(trialStateName(t->state));
            else if (t->retriedAs)
                problems << QStringLiteral("trial %1: retried already, as trial %2").arg(n).arg(*t->retriedAs);
            else if (!chosen.contains(t))
                chosen << t;
        }
        if (!problems.isEmpty()) {
            *error = problems.join(u'\n');
            return std::nullopt;
        }
    }
    RetryOutcome outcome;
    for (const Trial *t : std::as_const(chosen)) {
        QueuedTrial queued;
        queued.params = t->params;
        queued.origin = trialOriginRetry;
        queued.retryOf = t->number;
        queued.outOfSpace = t->outOfSpace;
        if (isInterrupted(*t) && isGridMethod(spec)) {
            // Its point went back to the grid: the retry takes it, or the runner's redo has.
            queued.gridIndex = spec.space.gridIndex(t->params);
            if (queued.gridIndex && gridHolders.contains(*queued.gridIndex)) {
                outcome.skipped << QStringLiteral("trial %1: its grid point was run again already, as trial %2")
                                       .arg(t->number)
                                       .arg(gridHolders.value(*queued.gridIndex));
                continue;
            }
        }
        if (const std::optional<Trial> retry = storage.enqueueTrial(study.id, queued)) {
            outcome.queued << *retry;
        } else if (storage.lastRefusal() == ClaimRefusal::Taken) {
            outcome.skipped << QStringLiteral("trial %1: %2").arg(t->number).arg(storage.lastError());
        } else {
            *error = storage.lastError();
            return std::nullopt;
        }
    }
    return outcome;
}

bool markTrialFailed(Storage &storage, qint64 trialId, QString *error)
{
    if (storage.finishTrial(trialId, TrialState::Failed, std::nullopt, std::nullopt, markedFailedReason))
        return true;
    *error = storage.lastError();
    return false;
}

bool renameStudy(Storage &storage, const StudyRecord &study, const QString &newName, const QString &runsDirectory,
                 QString *error)
{
    const QString name = newName.trimmed();
    QByteArray specYaml = study.specYaml;
    const SpecLoadResult parsed = parseStudySpec(study.specYaml, QStringLiteral("study '%1'").arg(study.name));
    if (parsed.spec) {
        StudySpec spec = *parsed.spec;
        spec.name = name;
        specYaml = studySpecToYaml(spec);
    }
    if (!storage.renameStudy(study.id, name, specYaml)) {
        *error = storage.lastError();
        return false;
    }
    const QString from = studyRunsFolder(runsDirectory, study.name, study.id);
    const QString to = studyRunsFolder(runsDirectory, name, study.id);
    if (runsDirectory.isEmpty() || from == to || !QFileInfo(from).isDir())
        return true;
    if (!isInsideFolder(from, runsDirectory) || QFileInfo::exists(to) || !QDir().rename(from, to)) {
        *error = QStringLiteral("renamed; its trial folders stay in %1 (they could not be moved to %2)").arg(from, to);
        return false;
    }
    return true;
}

bool deleteStudy(Storage &storage, const StudyRecord &study, bool removeFolders, const QString &runsDirectory,
                 QString *error)
{
    if (!storage.deleteStudy(study.id)) {
        *error = storage.lastError();
        return false;
    }
    if (removeFolders && !runsDirectory.isEmpty()
        && QFileInfo(studyRunsFolder(runsDirectory, study.name, study.id)).exists())
        return removeStudyFolder(runsDirectory, study.name, study.id, error);
    return true;
}

QStringList parseTags(const QString &text)
{
    QStringList tags;
    for (const QString &tag : text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        if (!tags.contains(tag))
            tags << tag;
    }
    return tags;
}

} // namespace tunescope
