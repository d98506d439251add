#pragma once

#include "common/trial.h"
#include "space/studyspec.h"

#include <QString>

namespace tunescope {

/// Trial states, goals and values as people read them, in the interface's language. The core's
/// trialStateName() and goalName() stay the machine names that files and exports carry.
QString stateText(TrialState state);  ///< "COMPLETE", "PRUNED", ... translated
/// stateText of the trial's state, but "QUEUED" for a trial whose job waits in Slurm's queue.
QString stateText(const Trial &trial);
/// Why a queued trial waits: Slurm's own reason as it gives it (Priority, Resources,
/// JobHeldUser: Slurm's vocabulary, looked up as such), or Tunescope's words translated.
QString queueReasonText(const QString &reason);
QString goalText(Goal goal);          ///< "minimize" | "maximize", translated
/// A value in the locale's notation (its decimal point), without thousands separators: values
/// are read down a column and copied into other tools.
QString numberText(double value, char format = 'g', int precision = 6);
/// A length of time in words at the precision a reader wants from it: "3 h 12 min", "45 min",
/// "20 s", "0.4 s". For time budgets and compute used (a study of short trials used minutes or
/// seconds of CPU, which "0.00 CPU-hours" would hide).
QString durationText(double seconds);

} // namespace tunescope
