#pragma once

#include <QString>

namespace tunescope {

/// Text from a user or from another tool (a study name, a name read from a foreign database)
/// as one file or folder name that cannot lead anywhere else: no separators, no "..", no
/// leading dot or dash, no control characters or NUL, at most maxBytes of UTF-8. Letters and
/// digits of any script stay; every other character becomes '_'. Different texts may give the
/// same component ("a/b" and "a:b"); callers that need one folder per thing add an id
/// (trialFolder). Never empty: "unnamed" when nothing usable is left.
QString safePathComponent(const QString &text, int maxBytes = 64);

/// Whether path lies inside folder (or is folder) once symbolic links are resolved. Parts of
/// path that do not exist yet are taken as written below their nearest existing ancestor,
/// so a folder about to be created can be checked before it is.
bool isInsideFolder(const QString &path, const QString &folder);

/// Removes path and everything below it, only when it lies inside folder (isInsideFolder) and
/// is not itself a symbolic link. Links met inside are removed as links: what they point to
/// is never touched. False with *error when anything was refused or could not be removed.
bool removeTreeInside(const QString &path, const QString &folder, QString *error = nullptr);

/// How a report names a local file so that it can be shared: relative to baseFolder when it
/// lies there, else absolute, or (localPaths false) by its file name alone, so that no folder
/// of the machine that made it shows. Relative paths and empty text pass as they are.
struct ReportPaths
{
    QString baseFolder;     ///< the study file's folder; empty: names stay absolute
    bool localPaths = true; ///< false: leave out every absolute path

    QString shown(const QString &path) const;
    /// Free text (a command line element, a failure reason) with every absolute path in it
    /// shown like shown(): "--data=/home/a/x" and "cannot write '/home/a/x'" alike.
    QString shownText(const QString &text) const;
};

} // namespace tunescope
