#pragma once

#include "space/studyspec.h"
#include "storage/storage.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace tunescope {

/// What a study's warm-start sources give it (readWarmStartSources).
struct WarmStartSources
{
    /// Up to top_k finished trials per source that fit this space, best first: prior
    /// observations with Trial::source set ("DB#study", password left out) and negative numbers.
    QList<Trial> prior;
    /// The best_first configurations, best first, each once (constants of this space filled in).
    QList<QVariantMap> bestFirst;
    /// One line per source for the user: "other.db#s: 40 trials, 3 outside this space skipped".
    QStringList notes;
};

/// A source's database as it is opened: a URL as written, a path relative to the study file's
/// folder (studyFolder; empty: the current directory).
QString warmStartDatabase(const QString &database, const QString &studyFolder);

/// The warm start with each source's database made absolute (warmStartDatabase against
/// spec.workingDirectory): what the study stores, so that a worker started elsewhere (tunescope
/// worker, the dashboard) finds the same sources.
WarmStartSpec resolvedWarmStart(const StudySpec &spec);

/// Reads every source of spec.warmStart: opens each database (Tunescope's or Optuna's, a file
/// relative to spec.workingDirectory or a PostgreSQL URL; a missing file is an error, never
/// created), finds the study, and keeps its COMPLETE trials with a finite value whose
/// parameters fit this space (checkParams: parameters this space lacks are dropped, its
/// constants filled in; warm_start.rename applied first). nullopt with *error naming the source
/// ("warm_start.from[1]: ..."), also for the study itself as a source: ownDatabase is the
/// SQLite file the study is in (empty, or a URL: not checked).
std::optional<WarmStartSources> readWarmStartSources(const StudySpec &spec, QString *error,
                                                     const QString &ownDatabase = {});

/// Enqueues the best-first configurations (origin best_first) in the study, in order.
bool enqueueBestFirst(Storage &storage, const StudyRecord &study, const QList<QVariantMap> &configurations,
                      QString *error);

} // namespace tunescope
