#pragma once

#include "space/studyspec.h"
#include "storage/storage.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace tunescope {

/// Parameters given by hand, checked against the study's search space.
struct CheckedParams
{
    QVariantMap params;       ///< as the space holds them (a choice as listed, ints as qlonglong), constants filled in
    bool outOfSpace = false;  ///< some value lies outside the space (only with allowOutOfSpace)
    QList<SpecIssue> issues;  ///< errors at "parameters.<name>"; warnings for out-of-space values allowed
    bool ok() const;
};

/// "name=value" texts typed as the space's parameters are: a number for a numeric one, a
/// choice by its text for a categorical one; a name the space lacks keeps its text. nullopt
/// with *error for a text without '='.
std::optional<QVariantMap> paramsFromAssignments(const SearchSpace &space, const QStringList &assignments,
                                                 QString *error);

/// Checks parameters given by hand: every active parameter present (constants may be left out),
/// none the space lacks or that its condition leaves out, each value one the parameter holds.
/// With allowOutOfSpace a value outside the range or the choices is kept and marked.
CheckedParams checkParams(const SearchSpace &space, const QVariantMap &params, bool allowOutOfSpace);

/// Puts a configuration in the study's queue (tunescope enqueue, Run Again with Changes):
/// checked with checkParams, then stored as a queued WAITING trial that the next free runner
/// slot takes before asking the sampler. nullopt with *error naming the parameter.
std::optional<Trial> enqueueParams(Storage &storage, const StudyRecord &study, const StudySpec &spec,
                                   const QVariantMap &params, bool allowOutOfSpace, QString *error);

/// What retryTrials queued, and what it left alone with why.
struct RetryOutcome
{
    QList<Trial> queued;  ///< the new attempts, each with retryOf set
    QStringList skipped;  ///< "trial 4: ..." for trials that were not retried
};

/// Queues a new attempt with the same parameters for each trial: the given numbers, or every
/// FAILED trial (interrupted ones included) without a retry when numbers is empty. Only failed
/// and pruned trials can be retried; a trial is retried once (the database refuses a second
/// retry from anyone). The retry of an interrupted grid trial takes its grid point back, so the
/// runner's own redo and the retry never run it twice: when the redo took it first, the trial
/// is skipped. An explicit number that cannot be retried fails the whole call, storing nothing.
std::optional<RetryOutcome> retryTrials(Storage &storage, const StudyRecord &study, const StudySpec &spec,
                                        const QList<int> &numbers, QString *error);

/// Marks a RUNNING or WAITING trial failed by hand ("marked failed by hand"). A runner that
/// owns it stops its program at its next heartbeat and records nothing more.
bool markTrialFailed(Storage &storage, qint64 trialId, QString *error);
inline const QString markedFailedReason = QStringLiteral("marked failed by hand");

/// Renames a study: its row, the name in its stored spec, and its trial folder in runsDirectory
/// (runs/<name>-<id>), moved when it exists.
bool renameStudy(Storage &storage, const StudyRecord &study, const QString &newName, const QString &runsDirectory,
                 QString *error);

/// Deletes a study from the database, and its trial folders when removeFolders (only inside
/// runsDirectory; removeStudyFolder).
bool deleteStudy(Storage &storage, const StudyRecord &study, bool removeFolders, const QString &runsDirectory,
                 QString *error);

/// Tags as a user types them: separated by commas or white space, each once.
QStringList parseTags(const QString &text);

} // namespace tunescope
