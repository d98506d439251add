#include "storage/studylocation.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace tunescope {

bool isDatabaseUrl(const QString &database)
{
    return database.contains(QLatin1String("://"));
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
