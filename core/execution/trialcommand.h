#pragma once

#include "space/studyspec.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVariantMap>

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
/// ${env} -> /usr/bin/env, ${interpreter} -> python3, ${program}, ${args} -> one --name=value
/// element per parameter, ${args_no_hyphens} -> name=value, ${args_json} -> one JSON element
/// (paramsToJson, as storage keeps them; TUNESCOPE_PARAMS holds the same),
/// ${repeat}, ${trial}, ${NAME} -> the value of parameter NAME (also inside a longer argument).
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

    /// "--name=value" strings for the parameters, in search-space order.
    QStringList argumentList(const QVariantMap &params, bool hyphens = true) const;

private:
    const StudySpec &mSpec;
};

} // namespace tunescope
