#pragma once

#include <QString>

#include <optional>

namespace tunescope {

/// Checks a path a trial declared with `artifact=PATH` against the trial's folder. A relative
/// path is taken from the folder; an absolute one must lie inside it. Anything that leads out
/// (`..`, an absolute path elsewhere, a symbolic link to outside: isInsideFolder resolves
/// links, and a link is never followed to read what it points to) is refused. Returns the path
/// relative to the folder, as written (cleaned), or nothing with *error saying why in one line
/// for the trial's log. The file need not exist yet: a viewer checks again before it opens one.
std::optional<QString> confineArtifact(const QString &declared, const QString &trialFolder,
                                       QString *error = nullptr);

/// Whether a file of a trial's folder (its path relative to the folder) is one Tunescope
/// writes there itself (trialfiles.h): the trial's two logs (shown as its output, not as
/// artifacts) and a Slurm job's script and control files. A trial's artifacts are the rest.
bool isRunnerFile(const QString &relative);

} // namespace tunescope
