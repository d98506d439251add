#include "storage/studylocation.h"

#include "common/safepath.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace tunescope {

namespace {
const QString passwordOption = QStringLiteral("password");
} // namespace

bool isDatabaseUrl(const QString &database)
{
    return database.contains(QLatin1String("://"));
}

QString redactedLocation(const QString &location)
{
    if (!isDatabaseUrl(location))
        return location;
    QUrl url(location);
    if (!url.isValid()) // where its user info ends cannot be told: show none of it
        return location.section(QLatin1String("://"), 0, 0) + QStringLiteral("://(unreadable URL)");
    url.setPassword(QString());
    QUrlQuery query(url);
    if (query.hasQueryItem(passwordOption)) {
        query.removeAllQueryItems(passwordOption);
        if (query.isEmpty())
            url.setQuery(QString()); // no dangling '?'
        else
            url.setQuery(query);
    }
    return url.toString();
}

QString passwordWarning(const QString &location)
{
    if (!isDatabaseUrl(location))
        return {};
    const QUrl url(location);
    if (url.password().isEmpty() && !QUrlQuery(url).hasQueryItem(passwordOption))
        return {};
    return QStringLiteral("%1: the URL carries a password, which command lines, shell history and study files show; "
                          "leave it out and put it in ~/.pgpass or PGPASSWORD (or a service entry, ?service=NAME)")
        .arg(redactedLocation(location));
}

QString studyRunsFolder(const QString &runsDirectory, const QString &studyName, qint64 studyId)
{
    const QDir runs(runsDirectory);
    const QString component = safePathComponent(studyName);
    if (component == studyName) {
        const QString older = runs.absoluteFilePath(component);
        if (QFileInfo(older).isDir() && isInsideFolder(older, runsDirectory))
            return older;
    }
    return runs.absoluteFilePath(QStringLiteral("%1-%2").arg(component).arg(studyId));
}

QString trialFolder(const QString &runsDirectory, const QString &studyName, qint64 studyId, int number)
{
    return QDir(studyRunsFolder(runsDirectory, studyName, studyId))
        .absoluteFilePath(QStringLiteral("trial-%1").arg(number, 4, 10, QLatin1Char('0')));
}

bool removeStudyFolder(const QString &runsDirectory, const QString &studyName, qint64 studyId, QString *error)
{
    return removeTreeInside(studyRunsFolder(runsDirectory, studyName, studyId), runsDirectory, error);
}

StudyLocation studyLocation(const QString &database, const QString &studyFolder)
{
    if (isDatabaseUrl(database)) {
        const QDir folder(studyFolder.isEmpty() ? QDir::currentPath() : studyFolder);
        return {database, folder.absoluteFilePath(QStringLiteral("runs")), {}};
    }
    const QFileInfo file(database);
    return {file.absoluteFilePath(), file.absoluteDir().absoluteFilePath(QStringLiteral("runs")), {}};
}

StudyLocation resolveStudyLocation(const QString &specPath, const QString &storage,
                                   const std::optional<QString> &dbOverride)
{
    const QString specFolder = specPath.isEmpty() ? QDir::currentPath() : QFileInfo(specPath).absolutePath();
    if (dbOverride)
        return studyLocation(isDatabaseUrl(*dbOverride) ? *dbOverride : QDir::current().absoluteFilePath(*dbOverride),
                             specFolder);
    const QString name = storage.isEmpty() ? QStringLiteral("tunescope.db") : storage;
    if (isDatabaseUrl(name))
        return studyLocation(name, specFolder);
    const QFileInfo database(QDir(specFolder).absoluteFilePath(name));
    const QFileInfo folder(database.absolutePath());
    const bool writable = database.exists() ? database.isWritable() : (folder.isDir() && folder.isWritable());
    if (writable || QFileInfo(name).isAbsolute() || !folder.isDir())
        return studyLocation(database.filePath(), specFolder);
    const QByteArray hash = QCryptographicHash::hash(specFolder.toUtf8(), QCryptographicHash::Sha1).toHex().left(8);
    const QString home = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/tunescope/studies/") + QFileInfo(specFolder).fileName() + u'-' + QString::fromLatin1(hash);
    StudyLocation moved = studyLocation(QDir(home).absoluteFilePath(database.fileName()), specFolder);
    moved.relocatedBecause = QStringLiteral("%1 cannot be written; the study is kept in %2")
                                 .arg(QDir::toNativeSeparators(folder.absoluteFilePath()), QDir::toNativeSeparators(home));
    return moved;
}

bool prepareStudyLocation(const StudyLocation &location, QString *error)
{
    if (location.relocatedBecause.isEmpty())
        return true;
    const QString folder = QFileInfo(location.database).absolutePath();
    if (QDir().mkpath(folder))
        return true;
    if (error)
        *error = QStringLiteral("cannot create %1").arg(QDir::toNativeSeparators(folder));
    return false;
}

} // namespace tunescope
