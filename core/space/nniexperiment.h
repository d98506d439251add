#pragma once

#include "space/searchspace.h"
#include "space/specissue.h"
#include "space/studyspec.h"

#include <QList>
#include <QString>

#include <optional>

namespace YAML {
class Node;
}

namespace tunescope {

/// An NNI experiment config read as a study, or the problems that stop it.
struct NniExperiment
{
    std::optional<StudySpec> spec;
    QList<SpecIssue> issues;
};

/// Whether a study file is an NNI experiment config (V2: trialCommand, searchSpace(File),
/// trialConcurrency, tuner, trainingService ...) or a bare NNI search space, not a W&B sweep.
bool isNniExperiment(const YAML::Node &root);

/// Whether a file is a bare NNI search space: every top-level value has a "_type".
bool isNniSearchSpace(const YAML::Node &root);

/// Reads an NNI V2 experiment config (nni/experiment/config/experiment_config.py; its keys in
/// any case, with or without underscores, as NNI takes them) as the study it describes:
/// the search space (NniSearchSpaceReader), trialCommand run in trialCodeDirectory with the
/// bundled nni module (trial_api: nni), trialConcurrency, maxTrialNumber,
/// maxExperimentDuration, maxTrialDuration, the tuner mapped to a method (TPE -> tpe, Random ->
/// random, GridSearch and BatchTuner -> grid, GPTuner -> bayes) and its optimize_mode to the
/// goal of the metric "default", the Medianstop assessor to the medianstop pruner, local GPUs.
/// What Tunescope cannot do as NNI would (other tuners and assessors, remote platforms,
/// annotations, shell syntax in trialCommand) is refused with its key path. `sourceName` is
/// the config's path: searchSpaceFile and trialCodeDirectory are relative to its folder.
NniExperiment readNniExperiment(const YAML::Node &root, const QString &sourceName);

/// Reads an NNI search space file (JSON, or YAML as NNI also accepts) as parameters.
QList<Parameter> readNniSearchSpaceFile(const QString &path, QList<SpecIssue> *issues);

} // namespace tunescope
