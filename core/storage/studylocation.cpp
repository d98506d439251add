#include "storage/studylocation.h"

#include <QDir>
#include <QFileInfo>

namespace tunescope {

bool isDatabaseUrl(const QString &database)
{
    return database.contains(QLatin1String("://"));
}

StudyLocation studyLocation(const QString &database, const QString &studyFolder)
{
    if (isDatabaseUrl(database)) {
        const QDir folder(studyFolder.isEmpty() ? QDir::currentPath() : studyFolder);
        return {database, folder.absoluteFilePath(QStringLiteral("runs"))};
    }
    const QFileInfo file(database);
    return {file.absoluteFilePath(), file.absoluteDir().absoluteFilePath(QStringLiteral("runs"))};
}

StudyLocation resolveStudyLocation(const QString &specPath, const QString &storage,
                                   const std::optional<QString> &dbOverride)
{
    const QString specFolder = specPath.isEmpty() ? QDir::currentPath() : QFileInfo(specPath).absolutePath();
    if (dbOverride)
        return studyLocation(isDatabaseUrl(*dbOverride) ? *dbOverride : QDir::current().absoluteFilePath(*dbOverride),
                             specFolder);
    const QString name = storage.isEmpty() ? QStringLiteral("tunescope.db") : storage;
    return studyLocation(isDatabaseUrl(name) ? name : QDir(specFolder).absoluteFilePath(name), specFolder);
}

} // namespace tunescope
