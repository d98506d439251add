#include "steercommands.h"

#include "commandsupport.h"

#include "analysis/studyexport.h"
#include "common/paramcodec.h"
#include "execution/studysteering.h"
#include "storage/studylocation.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>

using namespace tunescope;
using namespace cli;

namespace {

const QCommandLineOption &studyOption()
{
    static const QCommandLineOption option(QStringLiteral("study"), QCoreApplication::translate("tunescope", "Study name."),
                                           QStringLiteral("NAME"));
    return option;
}

/// The study named by --study with its spec and trials, or nullopt after saying why.
std::optional<StudyData> studyFor(Storage &storage, QCommandLineParser &parser, const QString &command)
{
    if (!parser.isSet(studyOption())) {
        usageError(QCoreApplication::translate("tunescope", "%1: --study NAME is required").arg(command));
        return std::nullopt;
    }
    QString error;
    auto data = loadStudyData(storage, parser.value(studyOption()), &error);
    if (!data)
        usageError(QStringLiteral("%1: %2").arg(command, error));
    return data;
}

/// Trial folders of a database's studies: "runs" beside a file, in the current folder for a URL.
QString runsDirectoryOf(const Storage &storage)
{
    return studyLocation(storage.location(), QString()).runsDirectory;
}

} // namespace

namespace commands {

int enqueue(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption paramOption(QStringLiteral("param"), QCoreApplication::translate("tunescope", "A parameter's value, NAME=VALUE (repeat for each)."),
                                         QStringLiteral("NAME=VALUE"));
    const QCommandLineOption fileOption(QStringLiteral("param-file"), QCoreApplication::translate("tunescope", "A JSON object of parameter values."),
                                        QStringLiteral("FILE.json"));
    const QCommandLineOption outOfSpaceOption(QStringLiteral("allow-out-of-space"),
                                              QCoreApplication::translate("tunescope", "Run values outside the search space too (the trial is marked)."));
    parser.addOptions({studyOption(), paramOption, fileOption, outOfSpaceOption});
    if (!parse(parser, args, QStringLiteral("enqueue"), 1, QStringLiteral("DB")))
        return 2;
    if (!parser.isSet(paramOption) && !parser.isSet(fileOption))
        return usageError(QCoreApplication::translate("tunescope", "enqueue: give the parameters with --param NAME=VALUE or --param-file FILE.json"));
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    const auto data = studyFor(*storage, parser, QStringLiteral("enqueue"));
    if (!data)
        return 2;
    QVariantMap params;
    if (parser.isSet(fileOption)) {
        QFile file(parser.value(fileOption));
        if (!file.open(QIODevice::ReadOnly))
            return usageError(QCoreApplication::translate("tunescope", "enqueue: %1: %2").arg(file.fileName(), file.errorString()));
        const QByteArray json = file.readAll();
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
        if (!doc.isObject())
            return usageError(QCoreApplication::translate("tunescope", "enqueue: %1: not a JSON object of parameter values (%2)")
                                  .arg(file.fileName(), parseError.error == QJsonParseError::NoError ? QCoreApplication::translate("tunescope", "another JSON value") : parseError.errorString()));
        params = paramsFromJson(json);
    }
    QString error;
    const auto assigned = paramsFromAssignments(data->spec.space, parser.values(paramOption), &error);
    if (!assigned)
        return usageError(QCoreApplication::translate("tunescope", "enqueue: %1").arg(error));
    params.insert(*assigned);
    const CheckedParams checked = checkParams(data->spec.space, params, parser.isSet(outOfSpaceOption));
    for (const QString &warning : formatSpecIssues(checked.issues, SpecIssue::Severity::Warning))
        err() << "tunescope: enqueue: " << warning << Qt::endl;
    const auto trial = enqueueParams(*storage, data->record, data->spec, params, parser.isSet(outOfSpaceOption), &error);
    if (!trial)
        return usageError(QCoreApplication::translate("tunescope", "enqueue: %1").arg(error));
    const std::optional<QByteArray> json = paramsToJson(trial->params);
    out() << "{\"trial\": " << trial->number << ", \"params\": " << QString::fromUtf8(json.value_or("{}"))
          << ", \"queued\": true" << (trial->outOfSpace ? ", \"out_of_space\": true" : "") << "}" << Qt::endl;
    return 0;
}

int retry(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption trialOption(QStringLiteral("trial"), QCoreApplication::translate("tunescope", "A trial to run again (repeat for several)."), QStringLiteral("N"));
    const QCommandLineOption failedOption(QStringLiteral("failed"), QCoreApplication::translate("tunescope", "Every failed trial that has no retry yet."));
    parser.addOptions({studyOption(), trialOption, failedOption});
    if (!parse(parser, args, QStringLiteral("retry"), 1, QStringLiteral("DB")))
        return 2;
    if (parser.isSet(trialOption) == parser.isSet(failedOption))
        return usageError(QCoreApplication::translate("tunescope", "retry: give --trial N (one or more) or --failed"));
    QList<int> numbers;
    for (const QString &text : parser.values(trialOption)) {
        bool ok = false;
        const int n = text.toInt(&ok);
        if (!ok || n < 0)
            return usageError(QCoreApplication::translate("tunescope", "retry: --trial must be a trial number, not '%1'").arg(text));
        numbers << n;
    }
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    const auto data = studyFor(*storage, parser, QStringLiteral("retry"));
    if (!data)
        return 2;
    QString error;
    const auto outcome = retryTrials(*storage, data->record, data->spec, numbers, &error);
    if (!outcome)
        return usageError(QCoreApplication::translate("tunescope", "retry: %1").arg(error));
    for (const QString &skipped : outcome->skipped)
        err() << "tunescope: retry: " << skipped << Qt::endl;
    for (const Trial &t : outcome->queued)
        out() << "{\"trial\": " << t.number << ", \"retry_of\": " << *t.retryOf << ", \"queued\": true}" << Qt::endl;
    if (outcome->queued.isEmpty() && numbers.isEmpty())
        err() << "tunescope: " << QCoreApplication::translate("tunescope", "retry: no failed trial without a retry in study '%1'").arg(data->record.name) << Qt::endl;
    return outcome->skipped.isEmpty() ? 0 : 1;
}

int note(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption trialOption(QStringLiteral("trial"), QCoreApplication::translate("tunescope", "The trial to write on (default: the study)."), QStringLiteral("N"));
    parser.addOptions({studyOption(), trialOption});
    if (!parse(parser, args, QStringLiteral("note"), 2, QStringLiteral("DB TEXT")))
        return 2;
    QString text = parser.positionalArguments().at(1);
    if (text == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return usageError(QCoreApplication::translate("tunescope", "note: cannot read the standard input"));
        text = QString::fromUtf8(in.readAll());
    }
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    if (!parser.isSet(studyOption()))
        return usageError(QCoreApplication::translate("tunescope", "note: --study NAME is required"));
    const auto study = storage->findStudy(parser.value(studyOption()));
    if (!study)
        return usageError(QCoreApplication::translate("tunescope", "note: %1").arg(storage->lastError()));
    if (!parser.isSet(trialOption)) {
        if (!storage->setStudyNote(study->id, text))
            return usageError(QCoreApplication::translate("tunescope", "note: %1").arg(storage->lastError()));
        return 0;
    }
    bool ok = false;
    const int number = parser.value(trialOption).toInt(&ok);
    if (!ok)
        return usageError(QCoreApplication::translate("tunescope", "note: --trial must be a trial number, not '%1'").arg(parser.value(trialOption)));
    const auto trial = storage->trial(study->id, number);
    if (!trial)
        return usageError(QCoreApplication::translate("tunescope", "note: study '%1' has no trial %2").arg(study->name).arg(number));
    if (!storage->setTrialNote(trial->id, text))
        return usageError(QCoreApplication::translate("tunescope", "note: %1").arg(storage->lastError()));
    return 0;
}

int tag(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption removeOption(QStringLiteral("remove"), QCoreApplication::translate("tunescope", "A tag to take off (repeat for several)."), QStringLiteral("TAG"));
    parser.addOptions({studyOption(), removeOption});
    if (!parse(parser, args, QStringLiteral("tag"), -1, QStringLiteral("DB [TAG...]")))
        return 2;
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    if (!parser.isSet(studyOption()))
        return usageError(QCoreApplication::translate("tunescope", "tag: --study NAME is required"));
    const auto study = storage->findStudy(parser.value(studyOption()));
    if (!study)
        return usageError(QCoreApplication::translate("tunescope", "tag: %1").arg(storage->lastError()));
    QStringList tags = study->tags;
    for (const QString &t : parser.positionalArguments().mid(1))
        tags << parseTags(t);
    for (const QString &t : parser.values(removeOption))
        tags.removeAll(t.trimmed());
    if (!storage->setStudyTags(study->id, tags))
        return usageError(QCoreApplication::translate("tunescope", "tag: %1").arg(storage->lastError()));
    out() << storage->findStudy(study->name).value_or(*study).tags.join(u' ') << Qt::endl;
    return 0;
}

int rename(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption(studyOption());
    if (!parse(parser, args, QStringLiteral("rename"), 2, QStringLiteral("DB NEW_NAME")))
        return 2;
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    if (!parser.isSet(studyOption()))
        return usageError(QCoreApplication::translate("tunescope", "rename: --study NAME is required"));
    const auto study = storage->findStudy(parser.value(studyOption()));
    if (!study)
        return usageError(QCoreApplication::translate("tunescope", "rename: %1").arg(storage->lastError()));
    QString error;
    if (!renameStudy(*storage, *study, parser.positionalArguments().at(1), runsDirectoryOf(*storage), &error))
        return usageError(QCoreApplication::translate("tunescope", "rename: %1").arg(error));
    return 0;
}

int deleteStudy(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption yesOption(QStringLiteral("yes"), QCoreApplication::translate("tunescope", "Confirm: the study and its trials are deleted for good."));
    const QCommandLineOption foldersOption(QStringLiteral("remove-folders"), QCoreApplication::translate("tunescope", "Remove its trial folders (logs) too."));
    parser.addOptions({studyOption(), yesOption, foldersOption});
    if (!parse(parser, args, QStringLiteral("delete"), 1, QStringLiteral("DB")))
        return 2;
    if (!parser.isSet(studyOption()))
        return usageError(QCoreApplication::translate("tunescope", "delete: --study NAME is required"));
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    const auto study = storage->findStudy(parser.value(studyOption()));
    if (!study)
        return usageError(QCoreApplication::translate("tunescope", "delete: %1").arg(storage->lastError()));
    if (!parser.isSet(yesOption))
        return usageError(QCoreApplication::translate("tunescope", "delete: study '%1' and all its trials would be deleted; add --yes to confirm").arg(study->name));
    QString error;
    if (!tunescope::deleteStudy(*storage, *study, parser.isSet(foldersOption), runsDirectoryOf(*storage), &error))
        return usageError(QCoreApplication::translate("tunescope", "delete: %1").arg(error));
    return 0;
}

} // namespace commands
