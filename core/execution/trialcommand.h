#pragma once

#include "space/studyspec.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace tunescope {

/// Everything that identifies one trial run to the command builder.
struct TrialContext
{
    QString study;
    int number = 0;
    QVariantMap params;
    QString trialDirectory;
    QString gpu;        ///< CUDA_VISIBLE_DEVICES value; empty on CPU slots
    int repeat = 0;     ///< repeat index (fold or seed) when repeats > 1
};

/// Turns a spec's command with W&B macros into an argv list (never a shell line).
///
/// The W&B agent's macros (wandb_agent.py, sdk/launch/sweeps/utils.py): ${env} ->
/// /usr/bin/env, ${interpreter} -> python3, ${program}; as one element each, ${args} -> one
/// --name=value element per parameter, ${args_no_hyphens} -> name=value, ${args_no_equals} ->
/// --name value, ${args_no_boolean_flags} -> --name for true, nothing for false, --name=value
/// for the rest, ${args_append_hydra} -> +name=value, ${args_override_hydra} -> ++name=value
/// (a nested parameter's name is its dotted path: --optimizer.lr=0.01); ${args_json} -> the
/// parameters as one JSON object, nested along their paths (TUNESCOPE_PARAMS holds the same),
/// ${args_json_file} -> the path of that JSON in the trial's folder (writeArgsJsonFile),
/// ${envvar:NAME} -> the value of the environment variable NAME. Tunescope's: ${repeat},
/// ${trial}, ${trial_dir}, ${NAME} -> the value of parameter NAME (also inside a longer
/// argument).
class TrialCommand
{
public:
    explicit TrialCommand(const StudySpec &spec) : mSpec(spec) {}

    /// The argv, or an empty list with *error naming the unknown macro.
    QStringList argv(const TrialContext &trial, QString *error = nullptr) const;
    /// The process environment with the TUNESCOPE_* variables and CUDA_VISIBLE_DEVICES.
    QProcessEnvironment environment(const TrialContext &trial,
                                    const QProcessEnvironment &base = QProcessEnvironment::systemEnvironment()) const;
    /// The program path as run: relative to the spec's folder when it exists there, else next
    /// to the tunescope executable (bundled example trainers), else as given (found on PATH).
    QString resolvedProgram() const;

    /// "--name=value" strings for the parameters, in search-space order, dotted paths as names.
    QStringList argumentList(const QVariantMap &params, bool hyphens = true) const;

    /// Where ${args_json_file} puts a trial's parameters: params.json in its folder.
    static QString argsJsonFile(const TrialContext &trial);
    /// Writes that file when the command uses ${args_json_file} (replacing, never following,
    /// a link of that name). False with *error when it cannot be written.
    bool writeArgsJsonFile(const TrialContext &trial, QString *error = nullptr) const;
    /// Folders with Tunescope's Python modules for trials: tunescope_trial.py, and for
    /// trial_api: nni the nni module; found next to the executable (build tree) or in the
    /// installed data folder. Empty entries are left out.
    QStringList pythonPath() const;

private:
    /// The parameters as the trial gets them in JSON: nested along their paths.
    std::optional<QByteArray> paramsJson(const QVariantMap &params, QString *error) const;
    bool usesArgsJsonFile() const;

    const StudySpec &mSpec;
};

} // namespace tunescope
