#include "execution/trialartifact.h"

#include "common/safepath.h"
#include "execution/trialfiles.h"

#include <QDir>
#include <QString>

#include <algorithm>
#include <iterator>

namespace tunescope {

std::optional<QString> confineArtifact(const QString &declared, const QString &trialFolder,
                                       QString *error)
{
    const auto refuse = [&](const QString &why) -> std::optional<QString> {
        if (error)
            *error = QStringLiteral("tunescope: artifact '%1' refused: %2").arg(declared, why);
        return std::nullopt;
    };
    if (trialFolder.isEmpty())
        return refuse(QStringLiteral("the trial has no folder"));
    const QDir folder(trialFolder);
    const QString absolute = QDir::cleanPath(folder.absoluteFilePath(declared));
    const QString relative = folder.relativeFilePath(absolute);
    if (relative.isEmpty() || relative == QLatin1String(".") || relative == QLatin1String("..")
        || relative.startsWith(QLatin1String("../")))
        return refuse(QStringLiteral("it is not a file inside the trial's folder %1").arg(trialFolder));
    if (!isInsideFolder(absolute, trialFolder))
        return refuse(QStringLiteral("it leads out of the trial's folder %1 (a symbolic link)").arg(trialFolder));
    return relative;
}

bool isRunnerFile(const QString &relative)
{
    return std::any_of(std::begin(trialfiles::all), std::end(trialfiles::all),
                       [&](const char *name) { return relative == QLatin1String(name); });
}

} // namespace tunescope
