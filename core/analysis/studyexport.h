#pragma once

#include "common/safepath.h"
#include "storage/storage.h"
#include "space/studyspec.h"
#include "common/trial.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>

namespace tunescope {

/// A study and its trials, as the exporters and reports read them.
struct StudyData
{
    StudyRecord record;
    StudySpec spec;        ///< parsed from record.specYaml
    QList<Trial> trials;   ///< with intermediate values (as loaded)
    /// The files each trial declared (`artifact=path`), relative to its trial folder, by trial id.
    QHash<qint64, QStringList> artifacts;
    /// Where the trial folders are (trialFolder), for a report to show the images the trials
    /// made; empty when they are not on this machine (a database URL, an Optuna database).
    QString runsDirectory;
};

/// Loads a study with its spec and all trials (with their intermediate values unless told
/// otherwise: a CSV needs none); nullopt with *error when it is missing.
std::optional<StudyData> loadStudyData(Storage &storage, const QString &name, QString *error,
                                       bool withIntermediate = true);

/// The study as a report meant to be shared shows it: the program, the command line, the
/// database of the spec and the trials' failure reasons with their local paths named by
/// paths (ReportPaths::shownText), the storage URL without a password.
StudyData withReportPaths(StudyData study, const ReportPaths &paths);

/// The JSON object of DESIGN.md: {"study": {...}, "trials": [...]}.
QJsonObject studyToJson(const StudyData &study);
/// One row per trial: number, state, value, one column per parameter (named as it), duration_s, reason.
QByteArray studyToCsv(const StudyData &study);

/// Quotes a CSV field when it holds a separator, quote or line break (RFC 4180).
QString csvField(const QString &text);

} // namespace tunescope
