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
