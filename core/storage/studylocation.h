#pragma once

#include <QString>

#include <optional>

namespace tunescope {

/// Where a study's database is and where its trial folders go.
struct StudyLocation
{
    QString database;      ///< an absolute SQLite file path, or a database URL as written
    QString runsDirectory; ///< trial folders: "runs" beside a database file; a URL has no
                           ///< local folder beside it, so "runs" in the study's folder
    /// Set when the default place, beside the study file, cannot be written (an installed
    /// example under /usr/share, a read-only share): the database and runs went to the
    /// user's data folder instead, and this says so, for the user to be told.
    QString relocatedBecause;
};

/// Whether a database location is a URL (postgresql://...) rather than a file path.
bool isDatabaseUrl(const QString &database);

/// A location as it may be shown, logged, stored or reported: a URL without the password of
/// its user info or of a password= option (postgresql://user@host/db); a path as it is.
/// Every place that shows a database location shows this.
QString redactedLocation(const QString &location);

/// Why a URL that carries a password had better not, with what to do instead; empty for a
/// location without one. libpq finds a password left out of the URL in PGPASSWORD,
/// ~/.pgpass or a service entry (service=NAME, PGSERVICE) by itself.
QString passwordWarning(const QString &location);

/// The folder of a study's trial folders in runsDirectory: safePathComponent of its name
/// with its id, "<name>-<id>", so that no name leads elsewhere and names that differ only in
/// characters a folder cannot hold, by case, or by a trailing dot get a folder each. Display
/// names stay as written; only the folder is derived. The folder an older Tunescope made,
/// runsDirectory/<name>, is still used when it exists, lies inside runsDirectory and the name
/// was already a safe component.
QString studyRunsFolder(const QString &runsDirectory, const QString &studyName, qint64 studyId);
/// studyRunsFolder/trial-NNNN: where the runner puts a trial's logs and the dashboard reads them.
QString trialFolder(const QString &runsDirectory, const QString &studyName, qint64 studyId, int number);
/// Deletes a study's trial folders and nothing outside runsDirectory (removeTreeInside): a
/// link planted there is removed, what it points to stays.
bool removeStudyFolder(const QString &runsDirectory, const QString &studyName, qint64 studyId, QString *error);

/// The location of a chosen database: a path (relative to the current directory) or a URL.
/// studyFolder is where the study's trials run (empty: the current directory); it matters
/// only for a URL.
StudyLocation studyLocation(const QString &database, const QString &studyFolder);

/// The database of a study file: dbOverride when given (a command line's --db, relative to the
/// current directory), else the spec's storage (relative to the spec's folder), else
/// tunescope.db beside the spec. An empty specPath stands for the current directory.
/// When that default (or a relative storage) lies in a folder this user cannot write, the
/// study goes to $XDG_DATA_HOME/tunescope/studies/<folder>-<hash>/ instead (one folder per
/// study folder, so two read-only examples never share a database).
StudyLocation resolveStudyLocation(const QString &specPath, const QString &storage,
                                   const std::optional<QString> &dbOverride = std::nullopt);

/// Creates the folder of a relocated study (nothing to do otherwise); false with *error
/// when it cannot be made.
bool prepareStudyLocation(const StudyLocation &location, QString *error);

} // namespace tunescope
