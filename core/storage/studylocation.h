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
StudyLocation resolveStudyLocation(const QString &specPath, const QString &storage,
                                   const std::optional<QString> &dbOverride = std::nullopt);

} // namespace tunescope
