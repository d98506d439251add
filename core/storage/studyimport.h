#pragma once

#include "space/studyspec.h"
#include "storage/storage.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace tunescope {

/// How `tunescope import` makes the Tunescope study.
struct ImportOptions
{
    /// The study file to continue with (its name, program, method, metric and parameters): the
    /// source's trials are checked against it. Without one the study is built from the source
    /// (its objectives and the parameters its trials used) with `method`.
    std::optional<StudySpec> spec;
    QString method = QStringLiteral("tpe");
};

/// What an import stored.
struct ImportResult
{
    StudyRecord study;
    int trials = 0;
    int complete = 0;
    int pruned = 0;
    int failed = 0;
    int waiting = 0;
    int interrupted = 0;  ///< RUNNING in the source: stored as interrupted, so they are redone
    QStringList warnings; ///< "parameters.x: ..." notes on the study file that stop nothing
};

/// Copies a study of an Optuna database (opened by Storage, read-only) into a Tunescope
/// database as a study that continues there: `tunescope run` with a study file of its name,
/// or ask and tell, whose samplers learn from the copied trials as from their own.
///
/// Trials keep their numbers, states, parameters, values, intermediate values, times and
/// attributes. A trial still RUNNING in the source is stored as interrupted (it never
/// finished here: it does not count towards the budget and its point is free), a WAITING
/// one (enqueued in Optuna) stays WAITING for a `tell`. With a study file, the study takes the
/// file's name and settings, and the import is refused, storing nothing, when the file's
/// objectives differ from the source's, or when a trial took a value the file's parameter
/// cannot hold (not one of its values, outside its bounds, not a number), naming the key and
/// the trial. Everything is stored in one transaction, or nothing.
std::optional<ImportResult> importStudy(Storage &source, const QString &studyName, Storage &target,
                                        const ImportOptions &options, QString *error);

} // namespace tunescope
