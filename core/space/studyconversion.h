#pragma once

#include "space/specissue.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace tunescope {

/// A study file made from another tool's file, or the problems that stop it.
struct ConvertedStudy
{
    bool ok = false;
    QByteArray yaml;        ///< the study file; for a bare search space, its parameters only
    QList<SpecIssue> issues; ///< errors and warnings of reading the input, at their key paths
    bool searchSpaceOnly = false;
};

/// `tunescope convert`: the study file that runs what `input` describes, an NNI experiment
/// config, an NNI search space (JSON) or a W&B sweep file, to be written into outputFolder
/// (paths such as working_directory are made relative to it). It reads back as the same
/// study (parseStudySpec), with W&B's legacy distributions in their *_values form.
ConvertedStudy convertToStudyFile(const QString &input, const QString &outputFolder);

} // namespace tunescope
